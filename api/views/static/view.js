/* provkg network views: draws the JSON in #provkg-data with vis-network.
 * Article text is untrusted: every string reaches the page through textContent or a
 * property, never innerHTML; nodes carry no `title`, so vis-network's own popup is unused.
 * Physics (small graphs only) is switched off once stabilised, so an idle page uses no CPU. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("provkg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var tooltip = document.getElementById("tooltip");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.provkgView = { data: data, stable: false, stableAt: null };

  function markStable() {
    if (window.provkgView.stable) return;
    window.provkgView.stable = true;
    window.provkgView.stableAt = performance.now();
    document.body.setAttribute("data-stable", "true");
  }
  if (!data.nodes.length) {
    markStable();  // nothing to lay out or draw
  } else if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", markStable);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markStable);
    network.redraw();
  }

  document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
    el.style.backgroundColor = el.getAttribute("data-color");
  });

  // --- tooltips: built from text nodes only ---
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fillTip(tip, hint) {
    tooltip.replaceChildren();
    tooltip.appendChild(el("div", "tip-label", tip.label));
    tooltip.appendChild(el("div", "tip-kind", tip.kind));
    var lists = [["roles", tip.roles], ["dates", tip.dates]];
    lists.forEach(function (pair) {
      if (!pair[1] || !pair[1].length) return;
      var ul = el("ul", "tip-" + pair[0]);
      pair[1].forEach(function (t) { ul.appendChild(el("li", null, t)); });
      tooltip.appendChild(ul);
    });
    if (tip.sources && tip.sources.length) {
      var ol = el("ol", "tip-sources");
      tip.sources.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("span", "tip-article", (s.headline || s.article_id) + (s.date ? " (" + s.date + ")" : "")));
        if (s.sentence) li.appendChild(el("q", "tip-sentence", s.sentence));
        ol.appendChild(li);
      });
      tooltip.appendChild(ol);
      if (tip.more) tooltip.appendChild(el("div", "tip-more", "and " + tip.more + " more sources"));
    }
    if (hint) tooltip.appendChild(el("div", "tip-hint", hint));
  }
  function showTip(tip, pointer, hint) {
    fillTip(tip, hint);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = Math.min(pointer.x + 14, box.width - tooltip.offsetWidth - 4);
    var y = Math.min(pointer.y + 14, box.height - tooltip.offsetHeight - 4);
    tooltip.style.left = Math.max(0, x) + "px";
    tooltip.style.top = Math.max(0, y) + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    var hint = n.href ? "click: open its view" + (n.rest ? " · shift-click: REST resource" : "") :
      (n.rest ? "shift-click: REST resource" : "");
    showTip(n.tip, p.pointer.DOM, hint);
  });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (p) { showTip(edges.get(p.edge).tip, p.pointer.DOM, ""); });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // --- clicks: only URLs the server built (relative paths or the configured base) ---
  function safeUrl(u) {
    return typeof u === "string" && (/^\/(?!\/)/.test(u) || /^https?:\/\//.test(u)) ? u : null;
  }
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var n = nodes.get(p.nodes[0]);
    var target = safeUrl(p.event && p.event.srcEvent && p.event.srcEvent.shiftKey ? n.rest : n.href);
    if (target) window.location.assign(target);
  });

  // --- search ---
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().trim();
  }
  var datalist = document.getElementById("node-names");
  var seenNames = {};
  nodes.get().forEach(function (n) {
    if (seenNames[n.full]) return;
    seenNames[n.full] = true;
    var o = document.createElement("option");
    o.value = n.full;
    datalist.appendChild(o);
  });
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = fold(document.getElementById("search").value);
    if (!q) return;
    var visible = nodes.get({ filter: function (n) { return !n.hidden; } });
    var best = null, rank = 9;
    visible.forEach(function (n) {
      var f = fold(n.full), r = f === q ? 0 : (f.indexOf(q) === 0 ? 1 : (f.indexOf(q) >= 0 ? 2 : 9));
      if (r < rank) { rank = r; best = n; }
    });
    if (!best) { status.textContent = "no match"; return; }
    status.textContent = best.full;
    network.selectNodes([best.id]);
    network.focus(best.id, { scale: 1.4, animation: false });
  });

  // --- filters by kind and province ---
  var kindBoxes = document.querySelectorAll("#kind-filter input[type=checkbox]");
  var provinceSelect = document.getElementById("province-filter");
  function applyFilters() {
    var on = {};
    kindBoxes.forEach(function (b) { on[b.value] = b.checked; });
    var province = provinceSelect.value;
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, hidden: !on[n.kind] || (province !== "" && n.province !== province) };
    }));
  }
  kindBoxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  provinceSelect.addEventListener("change", applyFilters);
})();
