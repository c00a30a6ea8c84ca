"""Where the nodes of a view go on screen: fixed diagrams, sampling big graphs, and force layout.

graph/projections.py builds what a view shows (nodes, edges, labels, sources); this module decides
how it is drawn: an org chart (lineage left to right, parents above, posts and holders below), the
merger lineage as bands, and for big graphs a sample of the most connected nodes laid out here so
the browser runs no physics. Positions are node attributes `x`/`y`; `fixed_layout` on the graph
says they are set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from provkg.graph.projections import KINDS

DEFAULT_MAX_NODES = 1000  # past this a view draws a sample and says so


def place(g: nx.MultiDiGraph, view: str) -> None:
    """Fixed positions for the views drawn as diagrams (an organisation's chart, the mergers' lineage)."""
    if view == "organization" and g.graph.get("center") in g:
        chart_layout(g, g.graph["center"])
    elif view == "merges":
        lineage_layout(g)


def _layers(g: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, int]:
    """Left-to-right column of each body in the merge edges: results right of their sources, and a source
    placed just left of the body it went into (so no edge runs behind another box)."""
    merge = nx.DiGraph()
    merge.add_nodes_from(nodes)
    merge.add_edges_from((a, b) for a, b, d in g.edges(data=True) if d["kind"] == "merge" and a in merge and b in merge)
    if not nx.is_directed_acyclic_graph(merge):
        return {n: 0 for n in merge}
    order = list(nx.topological_sort(merge))
    layer: dict[str, int] = {}
    for n in order:
        layer[n] = max((layer[p] + 1 for p in merge.predecessors(n)), default=0)
    for n in reversed(order):
        if merge.out_degree(n):
            layer[n] = min(layer[s] for s in merge.successors(n)) - 1
    return layer


def _spread(nodes: list[str], y: float, x0: float = 0.0, gap: float = 220.0,
            stagger: float = 0.0) -> dict[str, tuple[float, float]]:
    return {n: (x0 + (i - (len(nodes) - 1) / 2) * gap, y + (stagger if i % 2 else 0.0)) for i, n in enumerate(nodes)}


def chart_layout(g: nx.MultiDiGraph, center: str) -> None:
    """Fixed positions: lineage left to right through the centre, parents above, posts and holders below,
    sub-bodies under them."""
    pos: dict[str, tuple[float, float]] = {}
    lineage = {n for a, b_, d in g.edges(data=True) if d["kind"] == "merge" for n in (a, b_)} | {center}
    layer = _layers(g, lineage)
    by_layer: dict[int, list[str]] = defaultdict(list)
    for n in lineage:
        by_layer[layer.get(n, 0)].append(n)
    base = layer.get(center, 0)
    for k, members in by_layer.items():
        members.sort(key=lambda n: (n != center, g.nodes[n]["label"]))
        for i, n in enumerate(members):
            pos[n] = ((k - base) * 460.0, (i - (0 if center in members else (len(members) - 1) / 2)) * 110.0)
    cx = pos[center][0]
    parents = sorted(n for n in g.successors(center) if g.nodes[n]["kind"] == "body" and n not in pos)
    pos.update(_spread(parents, min(y for _, y in pos.values()) - 200.0, cx, 380.0))
    posts = sorted((n for n in g if g.nodes[n]["kind"] == "post"), key=lambda n: (g.nodes[n]["body"], n))
    y_posts = max(y for _, y in pos.values()) + 200.0
    pos.update(_spread(posts, y_posts, cx, 240.0))
    for post in posts:
        holders = sorted(n for n in g.successors(post) if n not in pos)
        pos.update({h: (pos[post][0], y_posts + 150.0 * (i + 1)) for i, h in enumerate(holders)})
    children = sorted(n for n in g.predecessors(center) if n not in pos and g.nodes[n]["kind"] == "body")
    pos.update(_spread(children, max(y for _, y in pos.values()) + 220.0, cx, 380.0, stagger=60.0))
    others = [n for n in g if n not in pos]
    pos.update(_spread(others, max(y for _, y in pos.values()) + 200.0, cx, 300.0))
    for n, (x, y) in pos.items():
        g.nodes[n]["x"], g.nodes[n]["y"] = round(x, 1), round(y, 1)
    g.graph["fixed_layout"] = True


def lineage_layout(g: nx.MultiDiGraph) -> None:
    """Fixed positions for the merger lineage: each chain of mergers a band, predecessors left of what they
    went into."""
    y0 = 0.0
    components = sorted(nx.weakly_connected_components(g), key=lambda c: min(g.nodes[n]["label"] for n in c))
    for comp in components:
        layer = _layers(g, comp)
        columns: dict[int, list[str]] = defaultdict(list)
        for n in sorted(comp, key=lambda n: g.nodes[n]["label"]):
            columns[layer[n]].append(n)
        height = max(len(r) for r in columns.values())
        for k, members in columns.items():
            offset = (height - len(members)) / 2
            for i, n in enumerate(members):
                g.nodes[n]["x"], g.nodes[n]["y"] = k * 460.0, y0 + (offset + i) * 110.0
        y0 += height * 110.0 + 120.0
    g.graph["fixed_layout"] = True


def sample(g: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """At most `max_nodes` nodes: the centre and the most connected others; the page is told how many were left out."""
    n = g.number_of_nodes()
    if n <= max_nodes:
        return g
    center = g.graph.get("center")
    ranked = sorted(g.nodes, key=lambda v: (v != center, -g.degree(v), KINDS.index(g.nodes[v]["kind"])
                                            if g.nodes[v]["kind"] in KINDS else 99, str(v)))
    out = g.subgraph(ranked[:max_nodes]).copy()
    out.graph = dict(g.graph)
    out.graph["notes"] = [*g.graph.get("notes", []),
                          f"This graph has {n:,} nodes; only the {max_nodes:,} most connected are drawn "
                          f"({n - max_nodes:,} left out). Filter by province or open a person's or body's own view "
                          "to see the rest."]
    out.graph["sampled"] = {"total": n, "shown": max_nodes}
    return out


def force_layout(g: nx.MultiDiGraph, iterations: int = 50, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold positions in [-1, 1]², dense numpy (networkx's spring_layout needs scipy past 500 nodes).

    O(n²) memory and time per iteration: meant for the graphs the views draw (sampled to a few thousand)."""
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    adj = np.zeros((n, n), dtype=np.float32)
    for a, b in g.edges():
        if a != b:
            adj[index[a], index[b]] = adj[index[b], index[a]] = 1.0
    pos = np.random.default_rng(seed).random((n, 2), dtype=np.float32)
    k = np.float32(np.sqrt(1.0 / n))
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        # sum_j f_ij (p_i - p_j) = p_i sum_j f_ij - (F p)_i, with |p_i - p_j|² from dot products: 2-D arrays only
        sq = (pos * pos).sum(axis=1)
        dist2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (pos @ pos.T), np.float32(1e-4))
        force = k * k / dist2 - adj * np.sqrt(dist2) / k
        disp = pos * force.sum(axis=1)[:, None] - force @ pos
        length = np.maximum(np.sqrt((disp * disp).sum(axis=-1)), np.float32(0.01))
        pos += disp * (np.float32(t) / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


def layout(g: nx.MultiDiGraph, seed: int = 7) -> None:
    """Positions computed here (so the browser runs no physics), scaled to vis-network's units."""
    if g.graph.get("fixed_layout") or g.number_of_nodes() == 0:
        return
    n = g.number_of_nodes()
    pos = force_layout(g, iterations=30 if n > 600 else 60, seed=seed)
    scale = 45.0 * (n ** 0.5) + 200.0
    for v, (x, y) in pos.items():
        g.nodes[v]["x"], g.nodes[v]["y"] = round(x * scale, 1), round(y * scale, 1)
    g.graph["fixed_layout"] = True
