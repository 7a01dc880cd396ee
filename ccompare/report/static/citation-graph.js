/* ccompare citation graph view: draws the graph from the embedded JSON, offline, no library.
   Every string taken from documents is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("cg-svg");
  var panel = document.getElementById("cg-panel");
  var search = document.getElementById("cg-search");
  var count = document.getElementById("cg-count");
  var hidden = {};
  var selected = null;
  var ui = data.ui || {};  // the panel's words in the page's language
  function word(key, fallback) { return ui[key] || fallback; }

  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }
  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function html(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  var byId = {};
  data.nodes.forEach(function (n, i) { n.index = i; n.key = fold([n.id, n.label, n.title].join(" ")); byId[n.id] = n; });
  var view = el("g", {"class": "cg-view"}, svg);
  var edgeLayer = el("g", {"class": "cg-edges"}, view);
  var nodeLayer = el("g", {"class": "cg-nodes"}, view);
  data.links.forEach(function (l) {
    var a = byId[l.source], b = byId[l.target];
    l.el = el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "cg-edge cg-" + l.relation,
      "stroke-width": Math.min(4, 0.8 + 0.6 * l.count)}, edgeLayer);
  });
  data.nodes.forEach(function (n) {
    var g = el("g", {"class": "cg-node cg-" + n.kind, transform: "translate(" + n.x + "," + n.y + ")",
      tabindex: "0", role: "button"}, nodeLayer);
    var r = n.kind === "plan" ? 11 : 4 + 2.2 * Math.sqrt(n.in_degree || 1);
    n.r = r;
    el("circle", {r: r}, g);
    var t = el("title", {}, g);
    t.textContent = n.label + (n.title ? " — " + n.title : "");
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n); });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n); } });
    n.el = g;
  });

  // Labels never overlap: plans first, then the most cited, each at the first spot around its node
  // (right, left, above, below, corners; then further out) whose box meets no placed label, no other
  // node and stays in the picture; shortened once if none fits, else left out (the tooltip keeps
  // the full name). Boxes are measured, so the result is the same on every load of the page.
  function placeLabels() {
    var PAD = 1.5;
    var want = data.nodes.filter(function (n) { return n.kind === "plan" || (n.in_degree || 0) >= data.label_min; });
    want.sort(function (a, b) {
      return (a.kind === "plan" ? 0 : 1) - (b.kind === "plan" ? 0 : 1) ||
        (b.in_degree || 0) - (a.in_degree || 0) || (a.id < b.id ? -1 : (a.id > b.id ? 1 : 0));
    });
    var circles = data.nodes.map(function (n) { return {x0: n.x - n.r, y0: n.y - n.r, x1: n.x + n.r, y1: n.y + n.r, n: n}; });
    var placed = [];
    function hits(b, list, skip) {
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (o.n !== skip && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) { return true; }
      }
      return false;
    }
    var SPOTS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];
    want.forEach(function (n) {
      var texts = [n.short];
      var full = n.label || n.short;  // shortened keeping head and tail: ids differ at their end
      if (full.length > 15) { texts.push(full.slice(0, 7) + "…" + full.slice(full.length - 7)); }
      var lab = el("text", {"class": "cg-label"}, n.el);
      for (var k = 0; k < texts.length; k++) {
        lab.textContent = texts[k];
        lab.setAttribute("x", 0); lab.setAttribute("y", 0); lab.removeAttribute("text-anchor");
        var bb = lab.getBBox(), w = bb.width + 2 * PAD, h = bb.height + 2 * PAD, asc = -bb.y + PAD;
        for (var far = 0; far <= 12; far += 12) {
          var d = n.r + 2 + far;
          for (var s = 0; s < SPOTS.length; s++) {
            var dx = SPOTS[s][0], dy = SPOTS[s][1], diag = dx && dy ? 0.7 : 1;
            var x0 = dx > 0 ? n.x + d * diag : (dx < 0 ? n.x - d * diag - w : n.x - w / 2);
            var top = dy === 0 ? n.y - h / 2 : (dy < 0 ? n.y - d * diag - h : n.y + d * diag);
            var box = {x0: x0, y0: top, x1: x0 + w, y1: top + h, n: n};
            if (box.x0 < 0 || box.y0 < 0 || box.x1 > data.width || box.y1 > data.height) { continue; }
            if (hits(box, placed, null) || hits(box, circles, n)) { continue; }
            lab.setAttribute("x", (x0 + PAD - n.x).toFixed(1));
            lab.setAttribute("y", (top + asc - n.y).toFixed(1));
            placed.push(box);
            return;
          }
        }
      }
      n.el.removeChild(lab);  // fits nowhere: the node's tooltip names it
    });
    svg.setAttribute("data-labels", String(placed.length));
  }
  placeLabels();

  function neighbours(n) {
    var out = {};
    data.links.forEach(function (l) {
      if (l.source === n.id) { out[l.target] = true; }
      if (l.target === n.id) { out[l.source] = true; }
    });
    return out;
  }

  function select(n) {
    selected = n;
    var near = neighbours(n);
    data.nodes.forEach(function (m) {
      m.el.classList.toggle("cg-dim", m !== n && !near[m.id]);
      m.el.classList.toggle("cg-selected", m === n);
    });
    data.links.forEach(function (l) {
      l.el.classList.toggle("cg-dim", l.source !== n.id && l.target !== n.id);
    });
    show(n);
  }

  function row(dl, k, v) {
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) { return; }
    html("dt", k, dl);
    html("dd", Array.isArray(v) ? v.join(", ") : v, dl);
  }

  function show(n) {
    panel.textContent = "";
    html("h2", n.label, panel);
    if (n.title) { html("p", n.title, panel, "cg-title"); }
    var dl = html("dl", null, panel);
    row(dl, word("identity", "identity"), n.kind === "plan" ? (n.document || n.id) : n.id);
    row(dl, word("scope", "scope"), (ui.scopes || {})[n.scope] || n.scope);
    row(dl, word("type", "type"), n.doc_type);
    row(dl, word("issuer", "issuer"), n.issuer);
    row(dl, word("date", "date"), n.date);
    row(dl, word("province", "province"), n.province);
    row(dl, word("cited_by", "cited by plans"), n.citing_plans);
    row(dl, word("provinces", "provinces"), n.citing_provinces);
    var incoming = data.links.filter(function (l) { return l.target === n.id; });
    var outgoing = data.links.filter(function (l) { return l.source === n.id; });
    if (incoming.length) {
      html("h3", word("citing", "Citing sentences"), panel);
      incoming.forEach(function (l) {
        html("h4", l.source + " (" + l.count + "×)", panel);
        var ul = html("ul", null, panel);
        (l.contexts.length ? l.contexts : l.raw).forEach(function (s) { html("li", s, ul); });
      });
    }
    if (outgoing.length) {
      html("h3", word("cites", "Cites {n} documents").replace("{n}", String(outgoing.length)), panel);
      var ul2 = html("ul", null, panel, "cg-cites");
      outgoing.forEach(function (l) {
        var li = html("li", null, ul2);
        var a = html("a", byId[l.target].label, li);
        a.href = "#";
        a.addEventListener("click", function (ev) { ev.preventDefault(); select(byId[l.target]); });
        html("span", " (" + l.count + "×)", li);
      });
    }
  }

  function filter() {
    var q = fold(search.value.trim());
    var shown = 0;
    data.nodes.forEach(function (n) {
      var off = hidden[n.kind] || (q && n.key.indexOf(q) < 0);
      n.el.classList.toggle("cg-hidden", !!hidden[n.kind]);
      n.el.classList.toggle("cg-match", !!q && !off);
      n.el.classList.toggle("cg-dim", !!q && !!off);
      if (!off) { shown += 1; }
    });
    data.links.forEach(function (l) {
      var h = hidden[byId[l.source].kind] || hidden[byId[l.target].kind];
      l.el.classList.toggle("cg-hidden", !!h);
      l.el.classList.toggle("cg-dim", !!q);
    });
    count.textContent = shown + " / " + data.nodes.length;
  }
  search.addEventListener("input", filter);
  Array.prototype.forEach.call(document.querySelectorAll("[data-kind]"), function (box) {
    box.addEventListener("change", function () { hidden[box.getAttribute("data-kind")] = !box.checked; filter(); });
  });
  svg.addEventListener("click", function () {
    selected = null;
    data.nodes.forEach(function (m) { m.el.classList.remove("cg-dim", "cg-selected"); });
    data.links.forEach(function (l) { l.el.classList.remove("cg-dim"); });
    filter();
  });

  // pan and zoom
  var vb = {x: 0, y: 0, w: data.width, h: data.height}, drag = null;
  function apply() { svg.setAttribute("viewBox", [vb.x, vb.y, vb.w, vb.h].join(" ")); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15, r = svg.getBoundingClientRect();
    var mx = vb.x + (ev.clientX - r.left) / r.width * vb.w, my = vb.y + (ev.clientY - r.top) / r.height * vb.h;
    vb.w *= f; vb.h *= f; vb.x = mx - (mx - vb.x) * f; vb.y = my - (my - vb.y) * f; apply();
  }, {passive: false});
  svg.addEventListener("mousedown", function (ev) { drag = {x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y}; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    vb.x = drag.vx - (ev.clientX - drag.x) / r.width * vb.w;
    vb.y = drag.vy - (ev.clientY - drag.y) / r.height * vb.h; apply();
  });
  apply();
  filter();
}());
