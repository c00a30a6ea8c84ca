"""Serialising the store: which triples go into which format, laid out to load right elsewhere.

Triple formats (Turtle, N-Triples, JSON-LD) carry the set-union default graph: each fact once.

Dataset formats (TriG, N-Quads) carry named graphs laid out so that every triple is stated in
exactly ONE graph:
- an article's graph (graph/article/<id>) holds what only that article states: the article
  itself, its identity decisions, the evidence of each fact it states (the article and the
  sentence), each such fact `prov:wasDerivedFrom` the article, and whatever else no other
  article says (a post's status or dates as only it reports them);
- the inferred graph (graph/inferred) holds what only inference states;
- the shared graph (rdf.SHARED_GRAPH) holds, once, what two or more of those graphs state: the
  descriptions of people, bodies, roles and places, and the posts, mergers and campaigns several
  articles report.
Which articles support a fact stays in their own graphs (its `prov:wasDerivedFrom` and
`prov:qualifiedDerivation` triples are per article), and the union of the graphs is exactly
the store's default graph. So a store that loads the file with its union as the default graph
answers as provkg does, even where that union is a bag (Oxigraph server's
`--union-default-graph` matches a triple stated in N graphs N times, and a join over posts
multiplied into millions of rows when every article restated the entities it named).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import pyoxigraph
from provkg.graph import rdf
from provkg.graph import vocab as V
from pyoxigraph import NamedNode, Quad, RdfFormat

FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ttl": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "nq": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "json-ld": RdfFormat.JSON_LD,
}
DATASET_FORMATS = frozenset({RdfFormat.TRIG, RdfFormat.N_QUADS})
PREFIXED_FORMATS = frozenset({RdfFormat.TURTLE, RdfFormat.TRIG})


def rdf_format(fmt: str) -> RdfFormat:
    """The pyoxigraph format for a user-facing name ("turtle", "trig", "nquads", "ntriples", "jsonld")."""
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}") from None


def prefixes(f: RdfFormat) -> dict[str, str] | None:
    """The prefixes to abbreviate with, for formats that have them."""
    return V.PREFIXES if f in PREFIXED_FORMATS else None


def _provkg_graph(var: str, union: str | None) -> str:
    """A FILTER condition: ?var is one of provkg's graphs (not a server's own, nor the stand-in default graph)."""
    return f'STRSTARTS(STR(?{var}), "{V.GRAPH}")' + (f" && ?{var} != <{union}>" if union else "")


def stated_once_query(union: str | None = None) -> str:
    """Each triple of provkg's graphs that no other of them states, with its graph."""
    return (f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_provkg_graph('g', union)}) "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != ?g && {_provkg_graph('h', union)}) }} }}")


def shared_query(union: str | None = None) -> str:
    """Each triple of the default graph (the set-union) that two or more of provkg's graphs state, once."""
    return (f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} GRAPH ?h {{ ?s ?p ?o }} "
            f"FILTER(?g != ?h && {_provkg_graph('g', union)} && {_provkg_graph('h', union)}) }} }}")


def dataset_quads(select: Callable[[str], Iterable[Any]], union: str | None = None) -> Iterator[Quad]:
    """The dataset formats' quads (see the module docstring): each graph's own triples, then the shared graph.
    `select` runs a SELECT on the store and yields its solutions (streamed, so memory stays flat)."""
    for sol in select(stated_once_query(union)):
        yield Quad(sol["s"], sol["p"], sol["o"], sol["g"])
    shared = NamedNode(rdf.SHARED_GRAPH)
    for sol in select(shared_query(union)):
        yield Quad(sol["s"], sol["p"], sol["o"], shared)


def serialize(items: Iterable[Any], f: RdfFormat, out: BinaryIO) -> None:
    """Write quads or triples in `f`, with the usual prefixes where the format has them."""
    pyoxigraph.serialize(items, out, f, prefixes=prefixes(f))
