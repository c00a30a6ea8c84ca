"""Where the nodes of a view go on screen and what their labels say, so that no two labels overlap.

graph/projections.py builds what a view shows (nodes, edges, labels, sources); this module decides
how it is drawn, for every view, so the browser runs no physics:

- every label is wrapped (never cut) and sized as vis-network will draw it (DejaVu Sans advance
  widths, the shapes of api/views/style.py), giving each node a box around its shape and label;
- an organisation's chart: the lineage through mergers left to right ending at the body, its parent
  above, its posts and sub-bodies in one row below (so no edge runs behind another box), each post's
  holders side by side under it with their tenure in their label;
- the mergers: each chain of mergers a block, predecessors left of what they went into, the blocks
  packed into rows to fill a wide window;
- a person's network: the person in the middle, the nodes they touch on a ring, the rest outside;
- anything else (the whole graph, a campaign, an article): a force layout;
- then boxes that still touch are pushed apart (`separate`), the centre staying put.

Positions are node attributes `x`/`y`, the drawn label is `drawn`; `fixed_layout` on the graph says
they are set. The page's script checks the boxes the browser actually drew and nudges any pair that
still overlaps (api/views/static/view.js).
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from provkg.api.views.style import CENTER_SCALE, FONT_PX, style_of
from provkg.graph.projections import KINDS

DEFAULT_MAX_NODES = 1000  # past this a view draws a sample and says so
WRAP_CHARS = 26  # a label line breaks at a space before this many characters
GAP = 28.0  # the least room between two label boxes
ROW_GAP = 90.0  # between the rows of a diagram (edges run there)
BOX_PAD = 11.0  # vis-network's box shape: margin and border around its text, each side
ASPECT = 1.8  # width / height of the window a packed diagram aims to fill

# DejaVu Sans advance widths (em), the font Debian's Chromium draws vis-network's "sans-serif" with
_EM = {" ": .318, "!": .401, '"': .460, "&": .780, "'": .275, "(": .390, ")": .390, ",": .318, "-": .361,
       ".": .318, "/": .337, ":": .337, ";": .337, "?": .531, "–": .5, "—": 1.0, "…": 1.0,
       "A": .684, "B": .686, "C": .698, "D": .770, "E": .632, "F": .575, "G": .775, "H": .752, "I": .295,
       "J": .295, "K": .656, "L": .557, "M": .863, "N": .748, "O": .787, "P": .603, "Q": .787, "R": .695,
       "S": .635, "T": .611, "U": .732, "V": .684, "W": .989, "X": .685, "Y": .611, "Z": .685,
       "a": .613, "b": .635, "c": .550, "d": .635, "e": .615, "f": .352, "g": .635, "h": .634, "i": .278,
       "j": .278, "k": .579, "l": .278, "m": .974, "n": .634, "o": .612, "p": .635, "q": .635, "r": .411,
       "s": .521, "t": .392, "u": .634, "v": .592, "w": .818, "x": .592, "y": .592, "z": .525}
_DIGIT_EM = .636
_OTHER_EM = .7


def _char_em(c: str) -> float:
    if c in _EM:
        return _EM[c]
    if c.isdigit():
        return _DIGIT_EM
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", c)[:1]  # ễ is as wide as e
    if base != c and base in _EM:
        return _EM[base]
    return 0 if unicodedata.combining(c) else _OTHER_EM


def text_width(line: str) -> float:
    """How wide vis-network draws one line of a label, in its units (at FONT_PX)."""
    return sum(_char_em(c) for c in line) * FONT_PX


def wrap(text: str, width: int = WRAP_CHARS) -> list[str]:
    """A label in lines of at most `width` characters, broken at spaces (a longer word is split)."""
    return textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True, break_on_hyphens=False) or [""]


def day(iso: str) -> str:
    """ISO dates in a text as a journalist writes them: 2025-02-11 -> 11 Feb 2025."""
    def one(m: re.Match[str]) -> str:
        try:
            d = date.fromisoformat(m.group(0))
        except ValueError:
            return m.group(0)
        return f"{d.day} {d.strftime('%b')} {d.year}"
    return re.sub(r"\b\d{4}-\d{2}-\d{2}\b", one, iso.replace("since by ", "by "))


@dataclass(frozen=True)
class Box:
    """A node's drawn extent (shape and label) relative to its position."""

    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def label_box(kind: str, lines: list[str], center: bool = False) -> Box:
    """The box vis-network draws for a node: text inside a box shape, else the shape with the text below it."""
    style = style_of(kind)
    text_w = max((text_width(line) for line in lines), default=0.0)
    text_h = FONT_PX * len(lines)
    if style["shape"] == "box":
        pad = BOX_PAD + (2.0 if center else 0.0)
        return Box(-text_w / 2 - pad, text_w / 2 + pad, -text_h / 2 - pad, text_h / 2 + pad)
    size = style["size"] * (CENTER_SCALE if center else 1.0)
    half = max(size, text_w / 2)
    return Box(-half, half, -size, size + text_h)


# --- what each node's label says ----------------------------------------------------------------------


def _extra_lines(g: nx.MultiDiGraph, n: str, view: str) -> list[str]:
    """Lines a view adds under a node's name: a holder's tenure, when a body was formed, a person's role."""
    attrs = g.nodes[n]
    out: list[str] = []
    if view == "organization" and attrs["kind"] == "person":
        for post, _, d in g.in_edges(n, data=True):
            if d["kind"] == "holds" and d.get("label"):
                role = g.nodes[post]["label"] if len([1 for _, _, e in g.in_edges(n, data=True)
                                                       if e["kind"] == "holds"]) > 1 else ""
                out.append(day(f"{role}: {d['label']}" if role else d["label"]))
    if view in ("organization", "merges") and attrs["kind"] == "body":
        formed = sorted({d["label"].removeprefix("merged ") for _, _, d in g.in_edges(n, data=True)
                         if d["kind"] == "merge" and d.get("label")})
        out += [day(f"formed {w}") for w in formed]
    if view == "person" and attrs["kind"] == "body":
        center = g.graph.get("center")
        roles = sorted({d["label"] for a, _, d in g.in_edges(n, data=True)
                        if a == center and d["kind"] == "holds" and d.get("label")})
        if roles:
            out.append(", ".join(roles))
    return [line for text in out for line in wrap(text)]


def label_lines(g: nx.MultiDiGraph, n: str, view: str) -> list[str]:
    """The lines a node's label is drawn in: its name wrapped (narrower for the sub-bodies of a chart, which
    share one row with the posts), then what the view adds."""
    attrs = g.nodes[n]
    narrow = view == "organization" and attrs["kind"] == "body" and n != g.graph.get("center")
    return wrap(attrs["label"] or attrs["kind"], WRAP_CHARS - 6 if narrow else WRAP_CHARS) + _extra_lines(g, n, view)


# --- positions --------------------------------------------------------------------------------------------


def place(g: nx.MultiDiGraph, view: str) -> None:
    """Labels, boxes and positions for every node of a view; no two boxes overlap."""
    center = g.graph.get("center")
    boxes: dict[str, Box] = {}
    for n in g:
        lines = label_lines(g, n, view)
        g.nodes[n]["drawn"] = "\n".join(lines)
        boxes[n] = label_box(g.nodes[n]["kind"], lines, center=n == center)
    if g.number_of_nodes() == 0:
        pos: dict[str, tuple[float, float]] = {}
    elif view == "organization" and center in g:
        pos = chart_layout(g, center, boxes)
    elif view == "merges":
        pos = lineage_layout(g, boxes)
    elif view == "person" and center in g:
        pos = rings_layout(g, center, boxes)
    else:
        pos = spread_layout(g, boxes)
    fixed = {center} if center in pos else set()
    rounds = 80 if len(pos) <= 300 else 20  # pushing apart costs n² a round: big graphs leave more to `settle`
    pos = settle(separate(pos, boxes, fixed=fixed, rounds=rounds), boxes, fixed=fixed, order=_importance(g, center))
    for n, (x, y) in pos.items():
        g.nodes[n]["x"], g.nodes[n]["y"] = round(x, 1), round(y, 1)
    g.graph["fixed_layout"] = True


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


def _row(items: list[tuple[str, float]], x_center: float) -> dict[str, float]:
    """x of items laid side by side (each given its slot width), the row centred on x_center."""
    total = sum(w for _, w in items) + GAP * max(len(items) - 1, 0)
    x = x_center - total / 2
    out = {}
    for n, w in items:
        out[n] = x + w / 2
        x += w + GAP
    return out


def _columns(g: nx.MultiDiGraph, nodes: Iterable[str], boxes: dict[str, Box], first: str | None = None,
             upward: bool = False) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """The bodies of merge edges in columns by layer (x from 0 at the leftmost), each column stacked downward
    from y = 0 (or upward to y = 0, `first` at the bottom); positions and layers."""
    layer = _layers(g, nodes)
    columns: dict[int, list[str]] = defaultdict(list)
    for n in sorted(layer, key=lambda n: (n != first, g.nodes[n]["label"], n)):
        columns[layer[n]].append(n)
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for k in sorted(columns):
        members = columns[k]
        width = max(boxes[n].width for n in members)
        y = 0.0
        for n in members:
            b = boxes[n]
            if upward:
                pos[n] = (x + width / 2, y - b.bottom)
                y = y - b.height - GAP
            else:
                pos[n] = (x + width / 2, y - b.top)
                y = y + b.height + GAP
        x += width + GAP * 2.5
    return pos, layer


def _extent(pos: dict[str, tuple[float, float]], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the placed nodes' boxes."""
    return (min(x + boxes[n].left for n, (x, _) in pos.items()), min(y + boxes[n].top for n, (_, y) in pos.items()),
            max(x + boxes[n].right for n, (x, _) in pos.items()), max(y + boxes[n].bottom for n, (_, y) in pos.items()))


def chart_layout(g: nx.MultiDiGraph, center: str, boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """An organisation chart: lineage left to right ending at the body, parents above, posts and sub-bodies in
    one row below it, each post's holders side by side under the post, anything else in a last row."""
    lineage = {n for a, b_, d in g.edges(data=True) if d["kind"] == "merge" for n in (a, b_)} | {center}
    block, layer = _columns(g, lineage, boxes, first=center, upward=True)  # every column ends level with the body
    cx, cy = block[center]
    pos = {n: (x - cx, y - cy) for n, (x, y) in block.items()}
    mates = [n for n in pos if n != center and layer[n] == layer[center]]  # merged away with the body
    if mates:
        # a column of their own, left of the body and above its top: the edge from the body up to its parent
        # passes beside them, and theirs to what they all went into passes above the body
        width = max(boxes[m].width for m in mates)
        shift = width + GAP * 2
        pos = {n: (x - shift if layer[n] < layer[center] else x, y) for n, (x, y) in pos.items()}
        x = boxes[center].left - GAP * 2 - width / 2
        y = boxes[center].top - GAP * 2
        for m in mates:
            ym = min(y - boxes[m].bottom, _above(x, [pos[r] for r in g.successors(m) if r in pos and r != center],
                                                 boxes[center]))
            pos[m] = (x, ym)
            y = ym + boxes[m].top - GAP
    left, top, right, bottom = _extent(pos, boxes)
    parents = sorted((n for n in g.successors(center) if g.nodes[n]["kind"] == "body" and n not in pos),
                     key=lambda n: g.nodes[n]["label"])
    if parents:
        height = max(boxes[p].bottom for p in parents)
        xs = _row([(p, boxes[p].width) for p in parents], 0.0)
        pos.update({p: (xs[p], top - ROW_GAP - height) for p in parents})
    # row 1: the posts (of the body, or of the bodies merged into it on an earlier date) and the sub-bodies
    posts = sorted((n for n in g if g.nodes[n]["kind"] == "post"),
                   key=lambda n: (pos.get(g.nodes[n].get("body"), (0.0, 0.0))[0], g.nodes[n]["label"], n))
    holders: dict[str, list[str]] = {}
    taken: set[str] = set(pos)
    for p in posts:
        holders[p] = sorted((h for h in g.successors(p) if h not in taken), key=lambda h: g.nodes[h]["label"])
        taken |= set(holders[p])
    slot = {p: max(boxes[p].width, sum(boxes[h].width for h in holders[p]) + GAP * max(len(holders[p]) - 1, 0))
            for p in posts}
    children = sorted((n for n in g.predecessors(center) if g.nodes[n]["kind"] == "body" and n not in taken),
                      key=lambda n: g.nodes[n]["label"])
    taken |= set(children)
    half = (len(children) + 1) // 2
    row1 = [(c, boxes[c].width) for c in children[:half]] + [(p, slot[p]) for p in posts] + \
           [(c, boxes[c].width) for c in children[half:]]
    xs = _row(row1, 0.0)
    y1 = max(bottom + ROW_GAP, _clear_drop(row1, xs, boxes))
    pos.update({n: (xs[n], y1 - boxes[n].top) for n, _ in row1})
    if any(holders.values()):
        y2 = max(pos[n][1] + boxes[n].bottom for n, _ in row1) + ROW_GAP
        for p in posts:
            hx = _row([(h, boxes[h].width) for h in holders[p]], pos[p][0])
            pos.update({h: (hx[h], y2 - boxes[h].top) for h in holders[p]})
    others = sorted((n for n in g if n not in pos), key=lambda n: (g.nodes[n]["kind"], g.nodes[n]["label"]))
    if others:
        y3 = _extent(pos, boxes)[3] + ROW_GAP
        xs = _row([(n, boxes[n].width) for n in others], 0.0)
        pos.update({n: (xs[n], y3 - boxes[n].top) for n in others})
    return pos


def _above(x: float, targets: list[tuple[float, float]], box: Box) -> float:
    """The lowest y a node at x may have so that its straight edges to `targets` (right of the box at the
    origin) pass above that box."""
    top, right = box.top - GAP / 2, box.right + GAP / 2
    best = math.inf
    for xr, yr in targets:
        if xr <= right or x >= right:
            continue
        t = (right - x) / (xr - x)  # where the edge reaches the box's right side
        best = min(best, (top - yr * t) / (1 - t))
    return best


def _clear_drop(row: list[tuple[str, float]], xs: dict[str, float], boxes: dict[str, Box]) -> float:
    """How far below the centre (at x = 0, y = 0) a row with tops aligned must hang so that the straight edge
    from the centre to each item passes above the items nearer the middle (not through their boxes)."""
    need = 0.0
    for side in (-1.0, 1.0):
        items = sorted(((abs(xs[n]), n, w) for n, w in row if xs[n] * side > 0), key=lambda t: t[0])
        for (xi, _, wi), (xk, nk, _) in zip(items, items[1:], strict=False):
            reach = xi + wi / 2  # the inner slot's outer edge
            if xk > reach:
                need = max(need, -boxes[nk].top * reach / (xk - reach))
    return need * 1.15 + GAP


def lineage_layout(g: nx.MultiDiGraph, boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """Every chain of mergers as a block (predecessors left of what they went into), the blocks packed in
    rows to fill a window about ASPECT times wider than high, biggest first."""
    blocks = []
    for comp in nx.weakly_connected_components(g):
        local, _ = _columns(g, comp, boxes)
        left, top, right, bottom = _extent(local, boxes)
        blocks.append((local, right - left, bottom - top, left, top, min(g.nodes[n]["label"] for n in comp)))
    if not blocks:
        return {}
    area = sum((w + GAP * 2) * (h + GAP * 2) for _, w, h, *_ in blocks)
    row_width = max(max(w for _, w, *_ in blocks), math.sqrt(area * ASPECT))
    blocks.sort(key=lambda b: (-b[2], b[5]))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, w, h, left, top, _ in blocks:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP * 2, 0.0
        pos.update({n: (px - left + x, py - top + y) for n, (px, py) in local.items()})
        x += w + GAP * 3
        row_height = max(row_height, h)
    return pos


def rings_layout(g: nx.MultiDiGraph, center: str, boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """A person in the middle, what they touch on a ring around them (by kind), everything else on an outer
    ring next to what it hangs from."""
    near = set(g.successors(center)) | set(g.predecessors(center))
    order = {k: i for i, k in enumerate(KINDS)}
    ring1 = sorted(near - {center}, key=lambda n: (order.get(g.nodes[n]["kind"], 99), g.nodes[n]["label"], n))
    pos = {center: (0.0, 0.0)}
    angle: dict[str, float] = {}
    r1 = _ring(ring1, boxes, boxes[center], pos, angle, 0.0, {n: 0.0 for n in ring1})
    rest = sorted((n for n in g if n not in pos), key=lambda n: g.nodes[n]["label"])
    if rest:
        want = {}
        for n in rest:
            anchors = [angle[m] for m in (*g.successors(n), *g.predecessors(n)) if m in angle]
            want[n] = math.atan2(sum(math.sin(a) for a in anchors), sum(math.cos(a) for a in anchors)) \
                if anchors else 0.0
        rest.sort(key=lambda n: want[n])
        _ring(rest, boxes, None, pos, angle, r1 + max((boxes[n].height for n in ring1), default=0) + ROW_GAP, want)
    return pos


def _ring(nodes: list[str], boxes: dict[str, Box], inner: Box | None, pos: dict[str, tuple[float, float]],
          angle: dict[str, float], at_least: float, want: dict[str, float]) -> float:
    """Nodes around the origin, each given an arc as long as its box is wide; the radius used."""
    if not nodes:
        return at_least
    arcs = [boxes[n].width + GAP for n in nodes]
    radius = max(at_least, sum(arcs) / (2 * math.pi), (max(inner.width, inner.height) if inner else 0) + 140.0)
    start = want[nodes[0]] - math.pi / 2 if len(nodes) > 1 else want[nodes[0]]
    t = start
    for n, arc in zip(nodes, arcs, strict=True):
        t += arc / (2 * radius)
        a = max(t, want[n] - math.pi / 2) if inner is None else t
        pos[n] = (radius * math.cos(a) * 1.25, radius * math.sin(a))  # a wide ellipse: labels are wide
        angle[n] = a
        t = a + arc / (2 * radius)
    return radius


def spread_layout(g: nx.MultiDiGraph, boxes: dict[str, Box], seed: int = 7) -> dict[str, tuple[float, float]]:
    """A force layout scaled so the nodes' boxes have room: the whole graph, a campaign, an article."""
    n = g.number_of_nodes()
    unit = force_layout(g, iterations=30 if n > 600 else 60, seed=seed)
    room = sum((b.width + GAP) * (b.height + GAP) for b in boxes.values())
    half_side = math.sqrt(room) * (0.9 if n <= 300 else 1.2)  # force layouts bunch big graphs: more room
    return {v: (x * half_side * math.sqrt(ASPECT), y * half_side / math.sqrt(ASPECT)) for v, (x, y) in unit.items()}


def separate(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], fixed: set[str] = frozenset(),  # type: ignore[assignment]
             gap: float = GAP / 2, rounds: int = 400) -> dict[str, tuple[float, float]]:
    """Push apart any two boxes closer than `gap`, along the axis where they overlap least (the `fixed`
    nodes stay put), until none do or `rounds` run out."""
    import numpy as np

    nodes = list(pos)
    if len(nodes) < 2:
        return dict(pos)
    xy = np.array([pos[n] for n in nodes], dtype=np.float64)
    box = np.array([(boxes[n].left, boxes[n].right, boxes[n].top, boxes[n].bottom) for n in nodes])
    movable = np.array([0.0 if n in fixed else 1.0 for n in nodes])
    cx = (box[:, 0] + box[:, 1]) / 2  # the box's own centre, relative to the node
    cy = (box[:, 2] + box[:, 3]) / 2
    hw = (box[:, 1] - box[:, 0]) / 2 + gap / 2
    hh = (box[:, 3] - box[:, 2]) / 2 + gap / 2
    index = np.arange(len(nodes))
    order = np.sign(index[None, :] - index[:, None]).astype(np.float64)
    for _ in range(rounds):
        bx, by = xy[:, 0] + cx, xy[:, 1] + cy
        dx = bx[None, :] - bx[:, None]
        dy = by[None, :] - by[:, None]
        ox = hw[:, None] + hw[None, :] - np.abs(dx)
        oy = hh[:, None] + hh[None, :] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        sx = np.where(dx == 0, order, np.sign(dx))  # coincident boxes part by their order, opposite ways
        sy = np.where(dy == 0, order, np.sign(dy))
        # each node of a pair moves half the overlap (all of it when the other is fixed), away from the other
        share = movable[:, None] / np.maximum(movable[:, None] + movable[None, :], 1e-9)
        push_x = -(np.where(along_x, ox * sx, 0.0) * share).sum(axis=1) * 0.6
        push_y = -(np.where(along_y, oy * sy, 0.0) * share).sum(axis=1) * 0.6
        xy[:, 0] += push_x
        xy[:, 1] += push_y
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def _importance(g: nx.MultiDiGraph, center: str | None) -> list[str]:
    """Nodes most connected first (the centre before all): who keeps its place when two want one spot."""
    return sorted(g, key=lambda n: (n != center, -g.degree(n), g.nodes[n]["label"], str(n)))


def settle(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], fixed: set[str] = frozenset(),  # type: ignore[assignment]
           order: list[str] | None = None, gap: float = GAP / 2, step: float = 18.0) -> dict[str, tuple[float, float]]:
    """Every node where it is, unless its box (with `gap` around it) meets one placed before it: then at the
    nearest free spot on rings around where it wanted to be. The result has no two boxes closer than `gap`.

    Nodes are placed in `order` (fixed ones first and where they are); a grid of cells finds the boxes near
    a candidate spot, so each check looks at a few boxes."""
    order = [n for n in (order or list(pos)) if n in pos]
    order.sort(key=lambda n: n not in fixed)
    cell = max(max((b.width for b in boxes.values()), default=100.0), 100.0) + gap
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)
    out: dict[str, tuple[float, float]] = {}

    def rect(n: str, x: float, y: float) -> tuple[float, float, float, float]:
        b = boxes[n]
        return x + b.left - gap / 2, y + b.top - gap / 2, x + b.right + gap / 2, y + b.bottom + gap / 2

    def cells(r: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        for i in range(math.floor(r[0] / cell), math.floor(r[2] / cell) + 1):
            for j in range(math.floor(r[1] / cell), math.floor(r[3] / cell) + 1):
                yield i, j

    def free(r: tuple[float, float, float, float]) -> bool:
        return not any(r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]
                       for c in cells(r) for o in grid.get(c, ()))

    for n in order:
        x0, y0 = pos[n]
        spot = (x0, y0)
        if n not in fixed and not free(rect(n, x0, y0)):
            ring, radius = 1, 0.0
            spot = None
            while spot is None:
                radius += step * (1 + ring // 6)  # rings closer together near the wanted spot
                count = min(32, max(8, int(2 * math.pi * radius / step)))
                for k in range(count):
                    t = 2 * math.pi * (k + (ring % 2) / 2) / count
                    x, y = x0 + radius * math.cos(t) * 1.5, y0 + radius * math.sin(t)  # wide boxes: move sideways more
                    if free(rect(n, x, y)):
                        spot = (x, y)
                        break
                ring += 1
        r = rect(n, *spot)
        for c in cells(r):
            grid[c].append(r)
        out[n] = spot
    return out


def overlaps(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Pairs of placed nodes whose estimated boxes intersect (what `place` rules out)."""
    center = g.graph.get("center")
    placed = [(n, d["x"], d["y"], label_box(d["kind"], d["drawn"].split("\n"), n == center))
              for n, d in g.nodes(data=True) if "x" in d]
    out = []
    for i, (a, ax, ay, ab) in enumerate(placed):
        for b, bx, by, bb in placed[i + 1:]:
            if ax + ab.left < bx + bb.right and bx + bb.left < ax + ab.right and \
                    ay + ab.top < by + bb.bottom and by + bb.top < ay + ab.bottom:
                out.append((a, b))
    return out


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
