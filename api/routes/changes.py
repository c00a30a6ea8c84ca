"""Personnel and structural changes, newest first: what analysts watch, as JSON or as a feed (Atom, JSON Feed).

A change is a start (an election or appointment), an end (a relief or retirement as stated; or `end`: a post an
article calls former, or one a rule ends: a successor in a single-holder post, a merger or dissolution of its
body, its holder's death) or a merger. `since` asks what changed on or after a day, either by the change's own
date (`by=date`: what happened since) or by when the reporting article was ingested (`by=ingested`: what the
graph learnt since, whatever the date of the change); a feed reader polls the Atom or JSON Feed form.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from provkg.api import models as M
from provkg.api.change_feed import ATOM, JSON_FEED, atom, json_feed
from provkg.api.deps import StoreDep
from provkg.api.routes.json_route import ModelJSONRoute, page
from provkg.api.routes.links import ref, refs
from provkg.api.routes.params import Day, Limit, Offset, paged
from provkg.graph import occupancy
from provkg.graph.reads.articles import ingest_times
from provkg.graph.reads.changes import personnel_changes
from provkg.graph.reads.merges import merge_sentences
from provkg.graph.reads.merges import merges as read_merges
from provkg.graph.reads.names import labels
from provkg.graph.reads.tenures import stored_tenures, tenure_ends
from provkg.graph.store import Store

router = APIRouter(tags=["changes"], route_class=ModelJSONRoute)

KINDS = {"elected": "election", "appointed": "appointment", "relieved": "relief", "transferred": "transfer",
         "retired": "retirement"}
STARTING = {"elected", "appointed"}
STATED_ENDS = {"relieved", "retired"}  # listed as reliefs and retirements: not again as `end`
ORDER = {"merge": 0, "relief": 1, "retirement": 1, "end": 2, "transfer": 3, "election": 4, "appointment": 4}
"""On one day: a merger before the ends it causes, ends before starts."""


def _personnel(row: dict[str, Any]) -> tuple[date | None, str]:
    """The change's date: stated (start of an election or appointment, end of a relief), else the article's."""
    stated = row["start"] if row["change"] in STARTING else (row["end"] or row["start"])
    if stated:
        return stated, "stated"
    return (row["published"], "article") if row["published"] else (None, "unknown")


def _id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20]


def collect(store: Store, as_of: date | None = None) -> list[M.Change]:
    """Every change the graph knows, newest first (undated last); one entry per change, earliest report.
    A post's entries carry its status on `as_of` (today) and the day it was last seen."""
    found: dict[tuple[str, str], tuple[tuple, dict[str, Any]]] = {}
    for r in personnel_changes(store):
        when, basis = _personnel(r)
        key = (r["membership"], r["change"])
        rank = (r["published"] or date.max, r["article"])
        if key not in found or rank < found[key][0]:
            found[key] = (rank, {**r, "date": when, "basis": basis})
    stated = {m for m, c in found if c in STATED_ENDS}
    ends = [e for e in tenure_ends(store) if e["membership"] not in stated]
    merges = read_merges(store)
    sentences = merge_sentences(store)
    bodies = {r["body"] for _, r in found.values()} | {e["body"] for e in ends}
    tenures = {t.membership: t for t in stored_tenures(store, sorted(bodies))} if bodies else {}
    iris: set[str] = set()
    articles: set[str] = set()
    for _, r in found.values():
        iris |= {r["person"], r["body"], r["article"]}
        articles.add(r["article"])
    for e in ends:
        iris |= {e["person"], e["body"], *e["articles"], *([e["ended_by"]] if e["ended_by"] else [])}
        articles |= e["articles"]
    for m in merges:
        iris |= {*m.sources, m.result, *(a for a, _ in m.articles)}
        articles |= {a for a, _ in m.articles}
    names = labels(store, iris)
    ingested = ingest_times(store, articles)
    day = as_of or date.today()

    def post(m: str) -> dict[str, Any]:
        t = tenures.get(m)
        return {"status": occupancy.status_on(t, day).status, "last_seen": t.last_seen} if t else {}

    out = []
    for _, r in found.values():
        sent = sorted(r["sentences"])
        out.append(M.Change(id=_id(r["membership"], r["change"]), kind=KINDS.get(r["change"], "appointment"),
                            date=r["date"], date_basis=r["basis"], person=ref(r["person"], names), role=r["role"],
                            organization=ref(r["body"], names), article=ref(r["article"], names),
                            sentence=sent[0] if sent else None, ingested=ingested.get(r["article"]),
                            **post(r["membership"])))
    for e in ends:
        # the article that made the end known: the latest ingested of those it rests on
        art = max(sorted(e["articles"]), key=lambda a: ingested.get(a) or datetime.min.replace(tzinfo=UTC))
        out.append(M.Change(id=_id(e["membership"], "end"), kind="end", date=e["date"],
                            date_basis="stated" if e["rule"].startswith("stated") else "inferred",
                            person=ref(e["person"], names), role=e["role"], organization=ref(e["body"], names),
                            article=ref(art, names), rule=e["rule"],
                            ended_by=ref(e["ended_by"], names) if e["ended_by"] else None,
                            ingested=ingested.get(art), **post(e["membership"])))
    for m in merges:
        arts = sorted(m.articles, key=lambda a: (a[1] or date.max, a[0]))
        art = arts[0][0]
        eff = m.effective
        basis = "stated" if m.date else ("article" if eff else "unknown")
        sent = sorted(sentences.get((m.iri, art), []))
        out.append(M.Change(id=_id(m.iri), kind="merge", date=eff[0] if eff else None, date_basis=basis,
                            merged=refs(m.sources, names), into=ref(m.result, names),
                            organization=ref(m.result, names), article=ref(art, names),
                            sentence=sent[0] if sent else None, ingested=ingested.get(art)))
    return sorted(out, key=lambda c: (c.date is None, -(c.date.toordinal() if c.date else 0), ORDER[c.kind],
                                      c.person.name or "" if c.person else "", c.article.iri))


def _by_ingest(changes: list[M.Change]) -> list[M.Change]:
    """Newest ingested first (never-recorded last), the change's date breaking ties."""
    far = datetime.min.replace(tzinfo=UTC)
    return sorted(changes, key=lambda c: c.ingested or far, reverse=True)


def select(changes: list[M.Change], since: date | None, by: str) -> list[M.Change]:
    """The changes on or after `since`: by their date, or by when their article was ingested (UTC day)."""
    if by == "ingested":
        changes = _by_ingest(changes)
        if since is not None:
            start = datetime.combine(since, time.min, tzinfo=UTC)
            changes = [c for c in changes if c.ingested is not None and c.ingested >= start]
    elif since is not None:
        changes = [c for c in changes if c.date is not None and c.date >= since]
    return changes


FEED_DOC = {200: {"description": "JSON by default; `format=atom` or `Accept: application/atom+xml` gives an Atom "
                                 "1.0 feed, `format=jsonfeed` or `Accept: application/feed+json` a JSON Feed 1.1.",
                  "content": {ATOM: {"schema": {"type": "string"}}, JSON_FEED: {"schema": {"type": "object"}}}}}


def _format(request: Request, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    accept = request.headers.get("accept", "")
    if ATOM in accept:
        return "atom"
    if JSON_FEED in accept:
        return "jsonfeed"
    return "json"


@router.get("/changes", response_model=M.ChangePage, responses=FEED_DOC,
            summary="The feed of what changed since a date: appointments, elections, ends of posts and mergers")
@page("pages/changes.html")
def list_changes(request: Request, store: StoreDep,
                 since: Annotated[date | None, Day, Query(description="YYYY-MM-DD: only changes on or after this day "
                                                     "(by=date: the change's date, undated ones left out; "
                                                     "by=ingested: the day, UTC, its article was ingested).")]
                 = None,
                 by: Annotated[Literal["date", "ingested"], Query(
                     description="date (default): newest change first; ingested: newest ingested first.")] = "date",
                 format: Annotated[Literal["json", "atom", "jsonfeed"] | None, Query(
                     description="json (default), atom or jsonfeed; or ask by Accept.")] = None,
                 limit: Limit = 50, offset: Offset = 0) -> Any:
    """Each change has its date (stated, inferred, or the reporting article's), the sentence it was read from,
    when its article was ingested, and, for a post, its status today and the day it was last seen."""
    changes = select(collect(store), since, by)
    items, meta = paged(changes, limit, offset)
    fmt = _format(request, format)
    if fmt == "json":
        return M.ChangePage(items=items, **meta)
    base = str(request.base_url).rstrip("/")
    self_url = str(request.url)
    if fmt == "atom":
        return Response(atom(items, base, self_url), media_type=ATOM)
    return Response(json_feed(items, base, self_url), media_type=JSON_FEED)
