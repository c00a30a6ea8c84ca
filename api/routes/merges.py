"""Mergers and the lineage of bodies through chains of them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from provkg.api import models as M
from provkg.api.deps import MergesDep, StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import lineage_models, ref, refs, sources
from provkg.api.routes.params import MAX_SOURCES, Limit, Offset, not_found, paged, require_iri
from provkg.graph.dated_evidence import gives_date
from provkg.graph.ids import ID_PATTERN, id_of
from provkg.graph.lineage import lineage
from provkg.graph.reads.evidence import evidence_page
from provkg.graph.reads.names import labels
from provkg.graph.reads.rows import ask

router = APIRouter(tags=["merges"], route_class=ModelJSONRoute)


@router.get("/merges", response_model=M.MergePage, responses={404: {"model": M.Error}},
            summary="Mergers, newest first, each with the full lineage of its result")
@page("pages/merges.html")
def list_merges(store: StoreDep, every: MergesDep,
                organization: Annotated[str | None, Query(pattern=ID_PATTERN,
                                                          description="Only mergers in this body's lineage "
                                                                      "(an organization id).")] = None,
                limit: Limit = 50, offset: Offset = 0) -> M.MergePage:
    """`ancestors` are every body merged into the result, directly or through earlier mergers;
    `descendants` where the result went by later mergers."""
    merges = every
    if organization:
        body = require_iri("organization", organization)
        if not ask(store, body, "org:Organization"):
            raise not_found("organization", organization)
        related = {body} | {b for b, *_ in lineage(body, every, False) + lineage(body, every, True)}
        merges = [m for m in merges if related & {*m.sources, m.result}]
    merges = sorted(merges, key=lambda m: (m.effective is None, -(m.effective[0].toordinal() if m.effective else 0),
                                           m.iri))
    page, meta = paged(merges, limit, offset)
    steps = {m.iri: (lineage(m.result, every, False), lineage(m.result, every, True)) for m in page}
    iris = {b for m in page for b in (*m.sources, m.result)}
    iris |= {b for back, fwd in steps.values() for b, *_ in back + fwd}
    names = labels(store, iris)
    ev, totals = evidence_page(store, [m.iri for m in page], MAX_SOURCES,
                               records=store.read_models.sources)
    names.update({s["article"]: s["headline"] for srcs in ev.values() for s in srcs if s["headline"]})
    items = []
    for m in page:
        back, fwd = steps[m.iri]
        srcs = sources(ev.get(m.iri, []), names)
        items.append(M.Merge(
            id=id_of(m.iri), iri=m.iri, date=m.date, originals=refs(m.sources, names),
            result=ref(m.result, names), ancestors=lineage_models(back, names), descendants=lineage_models(fwd, names),
            sources=srcs, sources_total=totals.get(m.iri, 0), date_sentence=_date_sentence(m.date, srcs)))
    return M.MergePage(items=items, **meta)


def _date_sentence(day: date | None, srcs: list[M.Source]) -> str | None:
    """The first source sentence that prints the merger's date (graph/rdf.py stores it beside the sentence
    stating the merger when another sentence gives the date)."""
    if day is None:
        return None
    return next((sentence for s in srcs for sentence in s.sentences if gives_date(sentence, day, s.date)), None)
