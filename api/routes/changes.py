"""Personnel and structural changes, newest first: what analysts watch."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref, refs
from provkg.api.routes.params import Day, Limit, Offset, paged
from provkg.graph.reads.changes import personnel_changes
from provkg.graph.reads.merges import merge_sentences
from provkg.graph.reads.merges import merges as read_merges
from provkg.graph.reads.names import labels
from provkg.graph.store import Store

router = APIRouter(tags=["changes"], route_class=ModelJSONRoute)

KINDS = {"elected": "election", "appointed": "appointment", "relieved": "relief", "transferred": "transfer",
         "retired": "retirement"}
STARTING = {"elected", "appointed"}


def _personnel(row: dict[str, Any]) -> tuple[date | None, str]:
    """The change's date: stated (start of an election or appointment, end of a relief), else the article's."""
    stated = row["start"] if row["change"] in STARTING else (row["end"] or row["start"])
    if stated:
        return stated, "stated"
    return (row["published"], "article") if row["published"] else (None, "unknown")


def collect(store: Store) -> list[M.Change]:
    """Every change the graph knows, newest first (undated last); one entry per change, earliest report."""
    found: dict[tuple[str, str], tuple[tuple, dict[str, Any]]] = {}
    for r in personnel_changes(store):
        when, basis = _personnel(r)
        key = (r["membership"], r["change"])
        rank = (r["published"] or date.max, r["article"])
        if key not in found or rank < found[key][0]:
            found[key] = (rank, {**r, "date": when, "basis": basis})
    merges = read_merges(store)
    sentences = merge_sentences(store)
    iris: set[str] = set()
    for _, r in found.values():
        iris |= {r["person"], r["body"], r["article"]}
    for m in merges:
        iris |= {*m.sources, m.result, *(a for a, _ in m.articles)}
    names = labels(store, iris)
    out = []
    for _, r in found.values():
        sent = sorted(r["sentences"])
        out.append(M.Change(kind=KINDS.get(r["change"], "appointment"), date=r["date"], date_basis=r["basis"],
                            person=ref(r["person"], names), role=r["role"], organization=ref(r["body"], names),
                            article=ref(r["article"], names), sentence=sent[0] if sent else None))
    for m in merges:
        arts = sorted(m.articles, key=lambda a: (a[1] or date.max, a[0]))
        art = arts[0][0]
        eff = m.effective
        basis = "stated" if m.date else ("article" if eff else "unknown")
        sent = sorted(sentences.get((m.iri, art), []))
        out.append(M.Change(kind="merge", date=eff[0] if eff else None, date_basis=basis,
                            merged=refs(m.sources, names), into=ref(m.result, names), organization=ref(m.result, names),
                            article=ref(art, names), sentence=sent[0] if sent else None))
    return sorted(out, key=lambda c: (c.date is None, -(c.date.toordinal() if c.date else 0), c.kind,
                                      c.person.name or "" if c.person else "", c.article.iri))


@router.get("/changes", response_model=M.ChangePage, summary="Appointments, elections, reliefs and merges, "
                                                             "newest first")
@page("pages/changes.html")
def list_changes(store: StoreDep,
                 since: Annotated[date | None, Day, Query(description="Only changes on or after this date "
                                                     "(YYYY-MM-DD); undated ones are then left out.")] = None,
                 limit: Limit = 50, offset: Offset = 0) -> M.ChangePage:
    """Each change has its date (stated, or the reporting article's) and the sentence it was read from."""
    changes = collect(store)
    if since is not None:
        changes = [c for c in changes if c.date is not None and c.date >= since]
    page, meta = paged(changes, limit, offset)
    return M.ChangePage(items=page, **meta)
