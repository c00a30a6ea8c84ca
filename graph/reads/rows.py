"""SELECT results as plain Python: rows as dicts, IRI lists for VALUES, dates and grouped values.

The plumbing every read module shares; none of it knows a resource."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from provkg.graph import vocab as V
from provkg.graph.primitives import StorePrimitives

SEP = "\u001f"  # the GROUP_CONCAT separator: a character no label holds


def iri_list(iris: Iterable[str]) -> str:
    """IRIs for a VALUES block or a subject, sorted; raises ValueError on text that is not an IRI."""
    out = []
    for i in sorted(set(iris)):
        if any(c in i for c in '<>"{}|^`\\ \n'):
            raise ValueError(f"not an IRI: {i!r}")
        out.append(f"<{i}>")
    return " ".join(out)


def rows(store: StorePrimitives, sparql: str) -> list[dict[str, str]]:
    """SELECT results as dicts of variable -> lexical value (unbound variables left out)."""
    res = store.query(sparql)
    names = [v.value for v in res.variables]
    out = []
    for sol in res:
        row = {}
        for n in names:
            t = sol[n]
            if t is not None:
                row[n] = t.value
        out.append(row)
    return out


def as_date(text: str | None) -> date | None:
    """An xsd:date (or the date of a dateTime) as a date; None when absent or malformed."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def split_values(text: str | None) -> list[str]:
    """The distinct values of a GROUP_CONCAT(...; separator=SEP), sorted."""
    return sorted({t for t in (text or "").split(SEP) if t})


def local_types(text: str | None) -> list[str]:
    """The provkg classes among grouped rdf:type IRIs, by local name."""
    return sorted({t.rsplit("#", 1)[-1] for t in split_values(text) if t.startswith(V.PROVKG)})


def ask(store: StorePrimitives, iri: str, cls: str) -> bool:
    """Whether the node exists with the given class (a prefixed name such as foaf:Person)."""
    return bool(store.query(f"ASK {{ {iri_list([iri])} a {cls} }}"))
