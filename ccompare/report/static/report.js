// ccompare report: progressive enhancement for the static pages. No network, no libraries.
// Everything read from the page is inserted back with textContent, never as HTML.
(function () {
  "use strict";

  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // --- evidence: highlight the pieces of the element named in the URL fragment -------------
  function markEvidence() {
    var source = document.getElementById("source");
    if (!source) { return; }
    all(".ev.active", source).forEach(function (el) { el.classList.remove("active"); });
    var id = decodeURIComponent(location.hash.slice(1));
    var box = document.getElementById("evidence-target");
    if (!id) { if (box) { box.hidden = true; } return; }
    var first = null;
    all(".ev", source).forEach(function (el) {
      if ((el.getAttribute("data-ids") || "").split(" ").indexOf(id) >= 0) {
        el.classList.add("active");
        if (!first) { first = el; }
      }
    });
    if (box) { box.textContent = "#" + id; box.hidden = false; }
    if (first) { first.scrollIntoView({ block: "center" }); }
    source.setAttribute("data-marked", id);
  }

  // --- table filter and sort -----------------------------------------------------------------
  function setupFilters() {
    all("input.filter[data-filter]").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-filter"));
      if (!table) { return; }
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        all("tbody tr", table).forEach(function (tr) {
          tr.classList.toggle("hidden-row", q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0);
        });
      });
    });
  }

  function setupSort() {
    all("table.sortable").forEach(function (table) {
      all("thead th", table).forEach(function (th, col) {
        th.addEventListener("click", function () {
          var body = table.tBodies[0];
          var rows = all("tr", body);
          var numeric = th.classList.contains("num");
          var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1;
          th.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
          rows.sort(function (a, b) {
            var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
            if (numeric) { return dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)); }
            return dir * x.localeCompare(y, "vi");
          });
          rows.forEach(function (tr) { body.appendChild(tr); });
        });
      });
    });
  }

  // --- citation graph ------------------------------------------------------------------------
  function setupGraph() {
    var svg = document.getElementById("citegraph");
    if (!svg) { return; }
    var nodes = all(".node", svg);
    var edges = all(".edge", svg);
    var info = document.getElementById("graph-info");
    var neighbours = {};
    edges.forEach(function (e) {
      var s = e.getAttribute("data-s"), t = e.getAttribute("data-t");
      (neighbours[s] = neighbours[s] || []).push(t);
      (neighbours[t] = neighbours[t] || []).push(s);
    });
    var selected = null;
    function select(node) {
      var n = node ? node.getAttribute("data-n") : null;
      selected = (n === selected) ? null : n;
      var near = {};
      if (selected !== null) {
        near[selected] = true;
        (neighbours[selected] || []).forEach(function (m) { near[m] = true; });
      }
      nodes.forEach(function (el) {
        var k = el.getAttribute("data-n");
        el.classList.toggle("dim", selected !== null && !near[k]);
        el.classList.toggle("sel", k === selected);
      });
      edges.forEach(function (e) {
        e.classList.toggle("on", selected !== null &&
          (e.getAttribute("data-s") === selected || e.getAttribute("data-t") === selected));
      });
      if (!info) { return; }
      info.textContent = "";
      if (selected === null) { return; }
      var title = document.createElement("div");
      title.textContent = node.getAttribute("data-label");
      info.appendChild(title);
      var meta = document.createElement("div");
      meta.className = "note";
      meta.textContent = (node.getAttribute("data-kind-name") || node.getAttribute("data-kind")) + " · " +
        (neighbours[selected] || []).length;
      info.appendChild(meta);
      var href = node.getAttribute("data-href");
      if (href && /^plans\/[a-z0-9-]+\.html$/.test(href)) {
        var a = document.createElement("a");
        a.href = href;
        a.textContent = "→ " + href;
        info.appendChild(a);
      }
    }
    nodes.forEach(function (el) {
      el.addEventListener("click", function () { select(el); });
      el.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(el); } });
    });
    var filter = document.getElementById("graph-filter");
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        nodes.forEach(function (el) {
          var label = (el.getAttribute("data-label") || "").toLowerCase();
          el.classList.toggle("dim", q !== "" && label.indexOf(q) < 0);
        });
      });
    }
    var status = document.getElementById("graph-status");
    if (status) {
      status.textContent = (status.getAttribute("data-template") || "{nodes} · {edges}")
        .replace("{nodes}", String(nodes.length)).replace("{edges}", String(edges.length));
    }
    svg.setAttribute("data-ready", String(nodes.length));
  }

  // --- comparison matrix -----------------------------------------------------------------------
  function heat(table) {
    var cells = all("td.cell", table);
    var max = 0;
    cells.forEach(function (td) { max = Math.max(max, parseInt(td.getAttribute("data-n"), 10) || 0); });
    cells.forEach(function (td) {
      var v = max ? (parseInt(td.getAttribute("data-n"), 10) || 0) / max : 0;
      td.style.setProperty("--heat", (0.85 * v).toFixed(3));
      td.classList.toggle("hot", v > 0.55);
    });
    table.setAttribute("data-ready", String(cells.length));
  }

  function setupMatrix() {
    var matrix = document.getElementById("matrix");
    if (!matrix) { return; }
    heat(matrix);
    var gaps = document.getElementById("gap-matrix");
    if (gaps) { heat(gaps); }
    var reset = document.getElementById("pairs-reset");
    function show(a, b) {
      ["pair-table", "diff-table"].forEach(function (id) {
        var table = document.getElementById(id);
        if (!table) { return; }
        all("tbody tr", table).forEach(function (tr) {
          var x = tr.getAttribute("data-a"), y = tr.getAttribute("data-b");
          var keep = a === null || (x === a && y === b) || (x === b && y === a);
          tr.classList.toggle("hidden-row", !keep);
        });
      });
      all("td.picked", matrix).forEach(function (td) { td.classList.remove("picked"); });
      if (reset) { reset.hidden = a === null; }
    }
    all("td.cell", matrix).forEach(function (td) {
      td.addEventListener("click", function () {
        show(td.getAttribute("data-a"), td.getAttribute("data-b"));
        td.classList.add("picked");
        var pairs = document.getElementById("pairs");
        if (pairs) { pairs.scrollIntoView(); }
      });
    });
    if (reset) { reset.addEventListener("click", function () { show(null, null); }); }
  }

  function start() {
    setupFilters();
    setupSort();
    setupGraph();
    setupMatrix();
    markEvidence();
    window.addEventListener("hashchange", markEvidence);
    document.body.setAttribute("data-js", "ready");
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
