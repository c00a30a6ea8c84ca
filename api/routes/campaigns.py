"""Campaigns, emulation movements, projects, programmes, contests and awards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import refs, sources
from provkg.api.routes.params import MAX_SOURCES, Limit, Offset, Text, paged
from provkg.graph.ids import id_of
from provkg.graph.reads.campaigns import campaigns
from provkg.graph.reads.evidence import evidence_page
from provkg.graph.reads.names import labels
from provkg.graph.search import search
from provkg.graph.store import Store
from provkg.ingest.text import fold

router = APIRouter(tags=["campaigns"], route_class=ModelJSONRoute)


def sourced(store: Store, iris: list[str], extra: set[str]
            ) -> tuple[dict[str, str], dict[str, list[M.Source]], dict[str, int]]:
    """Labels for the nodes, up to 5 sources (article and sentence) of each fact, and its number of sources."""
    names = labels(store, extra)
    ev, totals = evidence_page(store, iris, MAX_SOURCES, records=store.read_models.sources)
    names.update({s["article"]: s["headline"] for srcs in ev.values() for s in srcs if s["headline"]})
    return names, {i: sources(srcs, names) for i, srcs in ev.items()}, totals


@router.get("/campaigns", response_model=M.CampaignPage, summary="Campaigns and movements, by name and type")
@page("pages/campaigns.html")
def list_campaigns(store: StoreDep, q: Text = None,
                   type: Annotated[str | None, Query(max_length=50, description="Campaign, EmulationMovement, "
                                                     "Project, Programme, Contest or Award.")] = None,
                   limit: Limit = 50, offset: Offset = 0) -> M.CampaignPage:
    """Each with its period, organisers, places and the sentences it was read from."""
    items = {c["iri"]: c for c in campaigns(store)}
    chosen = [c for c in items.values() if not type or type.lower() in {t.lower() for t in c["types"]}]
    if q and q.strip():
        order = [items[i] for _, i, _ in search(q, {c["iri"]: [c["name"]] for c in chosen})]
    else:
        order = sorted(chosen, key=lambda c: (fold(c["name"]), c["iri"]))
    page, meta = paged(order, limit, offset)
    names, sources, totals = sourced(store, [c["iri"] for c in page],
                             {i for c in page for i in (*c["organisers"], *c["places"])})
    return M.CampaignPage(items=[M.Campaign(
        id=id_of(c["iri"]), iri=c["iri"], name=c["name"], types=c["types"], start_year=c["start_year"],
        end_year=c["end_year"], budget=c["budget"], participants=c["participants"],
        organisers=refs(c["organisers"], names), places=refs(c["places"], names),
        sources=sources.get(c["iri"], []), sources_total=totals.get(c["iri"], 0)) for c in page], **meta)
