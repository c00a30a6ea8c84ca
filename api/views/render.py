"""A projection (networkx) -> a pyvis network -> one HTML page through the project's own template.

pyvis builds the node and edge data, but its own HTML output is never used: it loads
Bootstrap and vis-network from CDNs, renders without autoescape and switches to an
innerHTML popup when a title contains "href". So nodes get no `title` at all: hover text
travels as structured JSON (`tip`) that view.js writes with textContent. The data goes
into a `<script type="application/json">` block with <, > and & escaped, so article text
can close nothing. Served pages load vis-network and view.js from /view/static under a CSP
with no inline script; standalone files inline them (and their CSP allows only inline).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from provkg.api.views import layout
from provkg.api.views.layout import DEFAULT_MAX_NODES
from provkg.api.views.style import CENTER_SCALE, EDGE_COLOR, FONT_PX, STYLE, style_of
from provkg.graph import projections
from pyvis.network import Network

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
STATIC_FILES = {  # name -> media type: the only files /view/static serves
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.css": "text/css; charset=utf-8",
    "view.js": "text/javascript; charset=utf-8",
    "view.css": "text/css; charset=utf-8",
}

SERVED_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
              "base-uri 'none'; form-action 'self'")  # also sent as a header, with frame-ancestors (meta ignores it)
STANDALONE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                  "base-uri 'none'; form-action 'none'")

@dataclass
class Page:
    """What the template needs beyond the network: navigation, forms and notes."""

    title: str
    view: str  # all | person | organization | merges | campaign | article
    nav: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    rest: tuple[str, str] | None = None  # (text, href) of this view's REST resource
    depth: int | None = None
    ident: str | None = None
    as_of: str | None = None


# --- URLs -------------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return quote(text, safe="-._~")


def view_url(attrs: dict[str, Any], base: str = "") -> str | None:
    """Where a click on the node goes: its own view (a post: its body's; an event: its article's)."""
    kind, ident = attrs["kind"], attrs.get("ident")
    if kind == "person":
        return f"{base}/view/person/{_q(ident)}"
    if kind == "body":
        return f"{base}/view/organization/{_q(ident)}"
    if kind == "post":
        return f"{base}/view/organization/{_q(attrs['body_ident'])}"
    if kind == "campaign":
        return f"{base}/view/campaign/{_q(ident)}"
    if kind == "article":
        return f"{base}/view/article/{_q(ident)}"
    if kind == "event" and attrs.get("sources"):
        return f"{base}/view/article/{_q(attrs['sources'][0]['article_id'])}"
    return None


def rest_url(attrs: dict[str, Any], base: str = "") -> str | None:
    """The node's REST resource (a search for kinds without a page of their own)."""
    kind, ident, label = attrs["kind"], attrs.get("ident"), attrs.get("label") or ""
    if kind == "person":
        return f"{base}/people/{_q(ident)}"
    if kind == "body":
        return f"{base}/organizations/{_q(ident)}"
    if kind == "post":
        return f"{base}/organizations/{_q(attrs['body_ident'])}"
    if kind == "article":
        return f"{base}/articles/{_q(ident)}"
    if kind in ("campaign", "place"):
        return f"{base}/{kind}s?q={_q(label[:200])}"
    if kind == "event":
        return f"{base}/events"
    return None


# --- pyvis --------------------------------------------------------------------------------------------


def build_network(g: nx.MultiDiGraph, base: str = "") -> Network:
    """The pyvis network for a placed projection: styled by kind, the wrapped label drawn, hover data as `tip`,
    never a `title`. Edges carry no drawn label (their kind is their colour; the tooltip says the rest), so no
    edge text lies over a node's label."""
    net = Network(directed=True, cdn_resources="local")
    center = g.graph.get("center")
    for iri, attrs in g.nodes(data=True):
        style = style_of(attrs["kind"])
        options: dict[str, Any] = {
            "kind": attrs["kind"], "province": attrs.get("province") or "", "full": attrs["label"],
            "href": view_url(attrs, base), "rest": rest_url(attrs, base),
            "tip": {"label": attrs["label"], "kind": attrs["kind"], "roles": attrs.get("roles", []),
                    "dates": attrs.get("dates", []), "sources": attrs.get("sources", []),
                    "more": attrs.get("more_sources", 0)},
            "color": style["color"], "borderWidth": 3 if iri == center else 1,
        }
        if "size" in style:
            options["size"] = style["size"] * (CENTER_SCALE if iri == center else 1)
        if style["shape"] != "box":  # a label under its shape gets a light background: no edge runs through it
            options["font"] = {"background": "rgba(255,255,255,0.85)"}
        if "x" in attrs:
            options.update(x=attrs["x"], y=attrs["y"])
        net.add_node(iri, label=attrs.get("drawn") or attrs["label"] or attrs["kind"], shape=style["shape"],
                     **options)
    for a, b, attrs in g.edges(data=True):
        net.add_edge(a, b, kind=attrs["kind"], color=EDGE_COLOR.get(attrs["kind"], "#999999"),
                     dashes=attrs["kind"] in ("states", "within"),
                     tip={"label": attrs.get("label", ""), "kind": attrs["kind"], "roles": [],
                          "dates": attrs.get("dates", []), "sources": attrs.get("sources", []), "more": 0})
    for item in (*net.nodes, *net.edges):  # defence in depth: pyvis must never see a title
        item.pop("title", None)
        if item.get("label") == "" and "from" in item:
            item.pop("label")
    return net


def vis_options(g: nx.MultiDiGraph) -> dict[str, Any]:
    """vis-network options: positions are set here (api/views/layout.py), so no physics; labels over edges
    under their shapes get a light background (build_network) so an edge never runs through their text."""
    big = g.number_of_nodes() > 300
    return {
        "autoResize": True,
        "nodes": {"font": {"size": FONT_PX, "face": "sans-serif"}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"inherit": False}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "navigationButtons": False,
                        "keyboard": False},
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
    }


# --- HTML -----------------------------------------------------------------------------------------------


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no <, > or & (nor U+2028/2029) survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


@cache
def _asset(name: str) -> str:
    """A vendored file for inlining; refuses one that could close its <script> or <style> element."""
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} cannot be inlined: it contains a closing tag")
    return text


def prepare(g: nx.MultiDiGraph, view: str, max_nodes: int = DEFAULT_MAX_NODES) -> nx.MultiDiGraph:
    """Sample past `max_nodes`, then lay out (api/views/layout.py), unless the view was placed already."""
    if g.graph.get("fixed_layout"):
        return g
    g = layout.sample(g, max_nodes)
    layout.place(g, view)
    return g


def render(g: nx.MultiDiGraph, page: Page, *, standalone: bool = False, base: str = "",
           max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The view as an HTML page; `standalone` inlines every asset (one file, no server)."""
    g = prepare(g, page.view, max_nodes)
    net = build_network(g, base)
    kinds = [k for k in projections.KINDS if any(d["kind"] == k for _, d in g.nodes(data=True))]
    provinces = sorted({d["province"] for _, d in g.nodes(data=True) if d.get("province")})
    data = {"nodes": net.nodes, "edges": net.edges, "options": vis_options(g), "center": g.graph.get("center"),
            "view": page.view}
    timeline = [{**t, "href": f"{base}/view/organization/{_q(t['body_id'])}"} for t in g.graph.get("timeline", [])]
    context = {
        "page": page, "base": base, "standalone": standalone, "data_json": script_json(data),
        "notes": g.graph.get("notes", []), "kinds": [(k, STYLE[k]) for k in kinds], "provinces": provinces,
        "timeline": timeline, "counts": (g.number_of_nodes(), g.number_of_edges()), "sampled": g.graph.get("sampled"),
        "csp": STANDALONE_CSP if standalone else SERVED_CSP, "static": f"{base}/view/static",
        "assets": {n: _asset(n) for n in STATIC_FILES} if standalone else {},
    }
    return _env().get_template("view.html").render(**context)


def nav(base: str = "") -> list[tuple[str, str]]:
    """Links every view carries: the other views and the API's pages."""
    return [("Whole graph", f"{base}/view"), ("Mergers", f"{base}/view/merges"), ("Home", f"{base}/"),
            ("SPARQL", f"{base}/sparql/ui"), ("API docs", f"{base}/docs")]
