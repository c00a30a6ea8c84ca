"""One function per view: store -> projection -> page; the HTTP routes and `provkg view` both call `page_html`."""

from __future__ import annotations

from datetime import date
from typing import Literal

import networkx as nx
from provkg.api.views import layout
from provkg.api.views.layout import DEFAULT_MAX_NODES
from provkg.api.views.render import Page, nav, render, rest_url
from provkg.graph import projections
from provkg.graph.store import Store

ViewKind = Literal["all", "person", "organization", "merges", "campaign", "article"]
VIEW_KINDS: tuple[str, ...] = ("all", "person", "organization", "merges", "campaign", "article")
NotFound = projections.NotFound


def projection(store: Store, kind: str, ident: str | None = None, *, depth: int = 1,
               as_of: date | None = None, facts: projections.GraphFacts | None = None,
               max_nodes: int = DEFAULT_MAX_NODES) -> nx.MultiDiGraph:
    """The networkx graph a view draws, sampled past `max_nodes` and laid out (raises NotFound for an unknown
    id, ValueError for a missing one).

    `facts` is a snapshot of the store read earlier (the server keeps one per write generation)."""
    g = layout.sample(_projection(store, kind, ident, depth=depth, as_of=as_of, facts=facts), max_nodes)
    layout.place(g, kind)
    return g


def _projection(store: Store, kind: str, ident: str | None, *, depth: int, as_of: date | None,
                facts: projections.GraphFacts | None) -> nx.MultiDiGraph:
    if kind == "all":
        return projections.whole_graph(store, facts)
    if kind == "merges":
        return projections.merges_graph(store, facts)
    if not ident:
        raise ValueError(f"the {kind} view needs an id")
    if kind == "person":
        return projections.person_graph(store, ident, depth, facts)
    if kind == "organization":
        return projections.organization_graph(store, ident, as_of, facts)
    if kind == "campaign":
        return projections.campaign_graph(store, ident, facts)
    if kind == "article":
        return projections.article_graph(store, ident)
    raise ValueError(f"unknown view {kind!r}; one of {', '.join(VIEW_KINDS)}")


def page_html(store: Store, kind: str, ident: str | None = None, *, depth: int = 1, as_of: date | None = None,
              standalone: bool = False, base: str = "", max_nodes: int = DEFAULT_MAX_NODES,
              facts: projections.GraphFacts | None = None) -> str:
    """The HTML of one view, served (assets from /view/static) or standalone (everything inlined)."""
    g = projection(store, kind, ident, depth=depth, as_of=as_of, facts=facts, max_nodes=max_nodes)
    page = Page(title=g.graph["title"], view=kind, nav=nav(base), ident=ident, depth=g.graph.get("depth"),
                as_of=g.graph.get("as_of"))
    center = g.graph.get("center")
    if center is not None and center in g:
        href = rest_url(g.nodes[center], base)
        if href:
            page.rest = ("REST resource", href)
    return render(g, page, standalone=standalone, base=base, max_nodes=max_nodes)
