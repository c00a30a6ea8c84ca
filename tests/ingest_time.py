"""When a store wrote each article's graph (`<graph> prov:generatedAtTime`, graph/store.ingest_time_quad) differs
from one ingest to the next by nature: tests that compare two ingests compare everything else, and that triple's
presence, but not its value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph

INGEST_TIME = "http://www.w3.org/ns/prov#generatedAtTime"


def timeless(items: Iterable[Any]) -> set[Any]:
    """Quads, triples, N-Quads/N-Triples lines (bytes or str) or SPARQL rows (tuples), the ingest time's value
    left out."""
    out: set[Any] = set()
    for x in items:
        if isinstance(x, bytes):
            out.add(x.split(b' "', 1)[0] if f"<{INGEST_TIME}>".encode() in x else x)
        elif isinstance(x, str):
            out.add(x.split(' "', 1)[0] if f"<{INGEST_TIME}>" in x else x)
        elif isinstance(x, pyoxigraph.Quad):
            out.add((x.subject, x.predicate, x.graph_name) if x.predicate.value == INGEST_TIME else x)
        elif isinstance(x, pyoxigraph.Triple):
            out.add((x.subject, x.predicate) if x.predicate.value == INGEST_TIME else x)
        else:
            out.add(tuple(x[:2]) if len(x) > 2 and x[1] == INGEST_TIME else tuple(x))
    return out
