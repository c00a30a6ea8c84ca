"""Serialising the store: which graphs go into which format.

Triple formats (Turtle, N-Triples, JSON-LD) carry the set-union default graph: each
fact once. Dataset formats (TriG, N-Quads) carry the per-article named graphs only,
not the materialised default graph too, so a file holds each fact once per article
that states it and loading it elsewhere (with the union as default graph) gives the
same knowledge graph back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph
from provkg.graph import vocab as V
from pyoxigraph import DefaultGraph, Quad, RdfFormat

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


def named_graph_quads(store: pyoxigraph.Store) -> Iterator[Quad]:
    """Every quad of every named graph, graph by graph (TriG then writes one block per graph)."""
    for graph in sorted(store.named_graphs(), key=str):
        yield from store.quads_for_pattern(None, None, None, graph)


def export(store: pyoxigraph.Store, fmt: str, out: BinaryIO) -> None:
    """Write the store to `out` in `fmt` (see the module docstring for which graphs)."""
    f = rdf_format(fmt)
    prefixes = V.PREFIXES if f in PREFIXED_FORMATS else None
    if f in DATASET_FORMATS:
        pyoxigraph.serialize(named_graph_quads(store), out, f, prefixes=prefixes)
    else:
        store.dump(out, f, from_graph=DefaultGraph(), prefixes=prefixes)
