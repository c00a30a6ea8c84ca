"""Conferences, meetings, sessions, congresses and ceremonies, newest first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from provkg.api import models as M
from provkg.api.deps import StoreDep
from provkg.api.routes.campaigns import sourced
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref, refs
from provkg.api.routes.params import Day, Limit, Offset, paged
from provkg.graph.ids import id_of
from provkg.graph.reads.events import events

router = APIRouter(tags=["events"], route_class=ModelJSONRoute)


@router.get("/events", response_model=M.EventPage, summary="Events, newest first")
@page("pages/events.html")
def list_events(store: StoreDep,
                since: Annotated[date | None, Day, Query(description="Only events on or after this date.")] = None,
                type: Annotated[str | None, Query(max_length=50, description="Conference, Meeting, Session, "
                                                  "Congress, Ceremony or Event.")] = None,
                limit: Limit = 50, offset: Offset = 0) -> M.EventPage:
    """Each with its date, organisers, attendees and the sentence it was read from."""
    chosen = [e for e in events(store)
              if (not type or type.lower() in {t.lower() for t in e["types"]})
              and (since is None or (e["date"] is not None and e["date"] >= since))]
    chosen.sort(key=lambda e: (e["date"] is None, -(e["date"].toordinal() if e["date"] else 0), e["iri"]))
    page, meta = paged(chosen, limit, offset)
    extra = {i for e in page for i in (*e["organisers"], *e["attendees"])} | {e["location"] for e in page
                                                                               if e["location"]}
    names, sources, totals = sourced(store, [e["iri"] for e in page], extra)
    return M.EventPage(items=[M.Event(
        id=id_of(e["iri"]), iri=e["iri"], name=e["name"], types=e["types"], date=e["date"],
        organisers=refs(e["organisers"], names), attendees=refs(e["attendees"], names),
        location=ref(e["location"], names) if e["location"] else None,
        sources=sources.get(e["iri"], []), sources_total=totals.get(e["iri"], 0)) for e in page], **meta)
