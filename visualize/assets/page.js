// policy-kg graph page. Every string from a document reaches the page through
// textContent or the canvas, never through innerHTML.
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("strong", n.full));
    box.appendChild(el("div", data.classes[n.cls].name, "muted"));
    return box;
  }

  document.getElementById("title").textContent = data.title;
  if (data.languageNote) {
    var note = document.getElementById("language-note");
    note.textContent = data.languageNote;
    note.hidden = false;
  }

  // vis data sets: tooltips are DOM elements, built as text
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = Object.assign({}, n.vis);
    v.id = n.id; v.title = tooltip(n);
    return v;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var v = Object.assign({}, e.vis);
    v.id = e.id; v.from = e.from; v.to = e.to;
    if (e.title) v.title = el("div", e.title);
    return v;
  }));
  var network = new vis.Network(document.getElementById("graph"),
                                { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, data: data, ready: false,
                settledMs: null, selected: null };
  window.policykg = state;

  function settled() {
    if (state.ready) return;
    state.ready = true;
    state.settledMs = Math.round(performance.now() - started);
    network.fit({ animation: false });
    document.getElementById("status").textContent =
      data.nodes.length + " nodes, " + data.edges.length + " edges; layout settled in " +
      state.settledMs + " ms";
    document.body.setAttribute("data-ready", "true");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      settled();
    });
  } else {
    network.once("afterDrawing", settled);
  }

  // legend and class filter
  var classBox = document.getElementById("classes");
  data.classOrder.forEach(function (key) {
    var c = data.classes[key];
    var label = el("label");
    label.setAttribute("data-class", key);
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = key;
    box.addEventListener("change", function () { showClass(key, box.checked); });
    var swatch = el("span", null, "swatch" + (c.round ? " round" : ""));
    swatch.style.background = c.color; swatch.style.borderColor = c.border;
    label.appendChild(box); label.appendChild(swatch); label.appendChild(el("span", c.name));
    label.appendChild(el("span", c.count, "count"));
    classBox.appendChild(label);
  });
  function showClass(key, visible) {
    nodes.update(data.nodes.filter(function (n) { return n.cls === key; })
                 .map(function (n) { return { id: n.id, hidden: !visible }; }));
    var box = classBox.querySelector('input[value="' + key + '"]');
    if (box) box.checked = visible;
  }
  var lines = document.getElementById("lines");
  data.lines.forEach(function (l) {
    var row = el("div", null, "line");
    var stroke = el("span", null, "stroke");
    stroke.style.borderTopStyle = l.dashes ? "dashed" : "solid";
    stroke.style.borderTopColor = l.color;
    row.appendChild(stroke); row.appendChild(el("span", l.name));
    lines.appendChild(row);
  });

  // side panel
  var details = document.getElementById("details");
  function showDetails(id) {
    clear(details);
    var n = byId[id];
    if (!n) { details.appendChild(el("p", "Click a node, or search, to see its details.", "muted")); return; }
    details.appendChild(el("h3", n.full));
    details.appendChild(el("div", data.classes[n.cls].name, "muted"));
    details.appendChild(el("div", n.id, "iri"));
    var dl = el("dl"), last = null;
    n.details.forEach(function (pair) {
      if (pair[0] !== last) dl.appendChild(el("dt", pair[0]));
      last = pair[0];
      dl.appendChild(pair[0] === "source" ? wrapQuote(pair[1]) : el("dd", pair[1]));
    });
    details.appendChild(dl);
  }
  function wrapQuote(text) {
    var dd = el("dd");
    dd.appendChild(el("blockquote", text));
    return dd;
  }
  function choose(id) {
    var n = byId[id];
    if (!n) return;
    if (nodes.get(id).hidden) showClass(n.cls, true);
    state.selected = id;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showDetails(id);
  }
  state.choose = choose;
  network.on("click", function (params) {
    if (params.nodes.length) { state.selected = params.nodes[0]; showDetails(params.nodes[0]); }
  });

  // search: exact name first, then names that start with the text, then names holding it
  var input = document.getElementById("search");
  var list = document.getElementById("results");
  var found = [], active = 0;
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }
  data.nodes.forEach(function (n) { n.keys = n.search.map(norm); });
  function search(text) {
    var q = norm(text);
    if (!q) return [];
    var hits = [];
    data.nodes.forEach(function (n) {
      var best = 9;
      n.keys.forEach(function (k) {
        var s = k === q ? 0 : k.indexOf(q) === 0 ? 1 : k.indexOf(q) > 0 ? 2 : 9;
        if (s < best) best = s;
      });
      if (best < 9) hits.push({ n: n, score: best });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || a.n.rank - b.n.rank || a.n.full.length - b.n.full.length ||
             (a.n.id < b.n.id ? -1 : a.n.id > b.n.id ? 1 : 0);
    });
    return hits.slice(0, 15).map(function (h) { return h.n; });
  }
  state.search = search;
  function renderResults() {
    clear(list);
    found.forEach(function (n, i) {
      var li = el("li", null, i === active ? "active" : "");
      li.setAttribute("role", "option");
      li.setAttribute("data-id", n.id);
      li.appendChild(el("span", n.full));
      li.appendChild(el("span", data.classes[n.cls].name, "cls"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(i); });
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
  }
  function pick(i) {
    if (!found[i]) return;
    choose(found[i].id);
    list.hidden = true;
  }
  input.addEventListener("input", function () { found = search(input.value); active = 0; renderResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, found.length - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderResults(); ev.preventDefault(); }
    else if (ev.key === "Enter") { found = search(input.value); pick(Math.min(active, found.length - 1)); }
    else if (ev.key === "Escape") { list.hidden = true; }
  });
  input.addEventListener("blur", function () { list.hidden = true; });

  // ranking table (co-responsibility view)
  if (data.ranking && data.ranking.length) {
    var section = document.getElementById("ranking");
    section.hidden = false;
    section.appendChild(el("h2", "Ranking"));
    var table = el("table"), head = el("tr");
    ["#", "unit", "tasks", "led", "degree", "betweenness"].forEach(function (h) { head.appendChild(el("th", h)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    data.ranking.forEach(function (r, i) {
      var tr = el("tr");
      [i + 1, r.label, r.tasks, r.led, r.degree, r.betweenness.toFixed(3)].forEach(function (v) { tr.appendChild(el("td", v)); });
      tr.addEventListener("click", function () { choose(r.id); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    section.appendChild(table);
  }
  if (data.focus) {
    network.once("afterDrawing", function () { network.selectNodes([data.focus]); showDetails(data.focus); });
  }
})();
