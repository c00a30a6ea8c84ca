/* provkg network views: draws the JSON in #provkg-data with vis-network.
 * Article text is untrusted: every string reaches the page through textContent or a
 * property, never innerHTML; nodes carry no `title`, so vis-network's own popup is unused.
 * The server lays every view out (no physics runs here); this script only checks the drawn label boxes,
 * fits the view to the window, and handles hover, clicks, search and filters. */
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

  // The server placed every node so that no two labels overlap, sizing them as this font draws them.
  // Fonts differ between machines: here the boxes the browser actually drew are checked, and any two
  // that still touch are pushed apart (the view's own node stays put), before the first fit.
  var PAD = 6;
  function separate() {
    var ids = nodes.getIds();
    var pos = network.getPositions(ids);
    var items = ids.map(function (id) {
      var b = network.getBoundingBox(id), p = pos[id];
      return { id: id, x: p.x, y: p.y, l: b.left - p.x - PAD / 2, r: b.right - p.x + PAD / 2,
               t: b.top - p.y - PAD / 2, b: b.bottom - p.y + PAD / 2, fixed: id === data.center };
    });
    var moved = false;
    for (var round = 0; round < 200; round++) {
      items.sort(function (a, b) { return (a.x + a.l) - (b.x + b.l); });
      var any = false;
      for (var i = 0; i < items.length; i++) {
        var a = items[i];
        for (var j = i + 1; j < items.length; j++) {
          var b = items[j];
          if (b.x + b.l >= a.x + a.r) break;  // sorted by left edge: no later box reaches a
          var ox = Math.min(a.x + a.r, b.x + b.r) - Math.max(a.x + a.l, b.x + b.l);
          var oy = Math.min(a.y + a.b, b.y + b.b) - Math.max(a.y + a.t, b.y + b.t);
          if (ox <= 0 || oy <= 0) continue;
          any = true;
          var wa = a.fixed ? 0 : (b.fixed ? 1 : 0.5), wb = 1 - wa;
          if (ox < oy) {
            var sx = ((b.x + (b.l + b.r) / 2) >= (a.x + (a.l + a.r) / 2)) ? 1 : -1;
            a.x -= sx * ox * wa; b.x += sx * ox * wb;
          } else {
            var sy = ((b.y + (b.t + b.b) / 2) >= (a.y + (a.t + a.b) / 2)) ? 1 : -1;
            a.y -= sy * oy * wa; b.y += sy * oy * wb;
          }
        }
      }
      if (!any) break;
      moved = true;
    }
    if (moved) items.forEach(function (it) { network.moveNode(it.id, it.x, it.y); });
    window.provkgView.nudged = moved;
  }

  if (!data.nodes.length) {
    markStable();  // nothing to lay out or draw
  } else {
    network.once("afterDrawing", function () {
      separate();
      network.fit({ animation: false });
      network.once("afterDrawing", markStable);
      network.redraw();
    });
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
    // kept inside the window, whatever the canvas: left or above the pointer when there is no room
    var box = container.getBoundingClientRect();
    var px = box.left + pointer.x, py = box.top + pointer.y;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    var x = px + 14 + w <= vw - 4 ? px + 14 : px - 14 - w;
    var y = py + 14 + h <= vh - 4 ? py + 14 : py - 14 - h;
    tooltip.style.left = Math.max(4, Math.min(x, vw - w - 4)) + "px";
    tooltip.style.top = Math.max(4, Math.min(y, vh - h - 4)) + "px";
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
