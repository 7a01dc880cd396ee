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
    el("circle", {r: r}, g);
    var t = el("title", {}, g);
    t.textContent = n.label + (n.title ? " — " + n.title : "");
    if (n.kind === "plan" || (n.in_degree || 0) >= data.label_min) {
      var lab = el("text", {x: r + 3, y: 4}, g);
      lab.textContent = n.short;
    }
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n); });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n); } });
    n.el = g;
  });

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
    row(dl, "identity", n.kind === "plan" ? (n.document || n.id) : n.id);
    row(dl, "scope", n.scope);
    row(dl, "type", n.doc_type);
    row(dl, "issuer", n.issuer);
    row(dl, "date", n.date);
    row(dl, "province", n.province);
    row(dl, "cited by plans", n.citing_plans);
    row(dl, "provinces", n.citing_provinces);
    var incoming = data.links.filter(function (l) { return l.target === n.id; });
    var outgoing = data.links.filter(function (l) { return l.source === n.id; });
    if (incoming.length) {
      html("h3", "Citing sentences", panel);
      incoming.forEach(function (l) {
        html("h4", l.source + " (" + l.count + "×)", panel);
        var ul = html("ul", null, panel);
        (l.contexts.length ? l.contexts : l.raw).forEach(function (s) { html("li", s, ul); });
      });
    }
    if (outgoing.length) {
      html("h3", "Cites " + outgoing.length + " documents", panel);
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
