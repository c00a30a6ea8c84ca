"""The graph as FollowTheMoney entities, for PEP screening and due diligence (yente, nomenklatura, `ftm`).

A person holding a post is, in FollowTheMoney's terms, a Person with an Occupancy of a Position; the
entities are built and checked with the `followthemoney` library (never hand-written JSON):

- Person: name and aliases, country vn, topic `role.pep` when a post is a public office (a post in a
  PublicBody), the titles of the posts;
- PublicBody (or Organization for the kinds ontology/ftm.toml names): names, country and jurisdiction vn,
  parent, kind, incorporation and dissolution dates from mergers;
- Position: one per (role, body), named "Secretary of the Binh Duong Provincial Party Committee", with
  its organization, country, subnationalArea (the province), topics by level and kind (ontology/ftm.toml),
  inception and dissolution dates from mergers;
- Occupancy: holder, post, startDate, endDate and status on `as_of` (graph/occupancy.py), with the rule
  and the day it was last seen in its description;
- Membership: besides the Occupancy, where the post is a seat (ontology/ftm.toml `seat_roles`).

Every entity carries the sourceUrl and publisher of the (latest, at most MAX_SOURCES) articles behind it.
Entity ids derive from provkg IRIs ("provkg-person-nguyen-van-loi"), so they are stable across runs.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, BinaryIO

from followthemoney import EntityProxy, model
from followthemoney.cli.util import write_entity
from followthemoney.exc import InvalidData
from provkg import ontology
from provkg.graph import occupancy, tenure
from provkg.graph.ids import id_of
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads import screening
from provkg.graph.reads.merges import merges as read_merges
from provkg.graph.reads.tenures import dissolutions, stored_tenures

MAX_SOURCES = 20  # sourceUrl values per entity: the latest articles
_SAFE_ID = re.compile(r"^[0-9a-z](?:[0-9a-z.-]*[0-9a-z])?$")


@dataclass(frozen=True)
class Mapping:
    """ontology/ftm.toml."""

    country: str
    organization_kinds: frozenset[str]
    seat_roles: frozenset[str]
    level_topics: dict[str, list[str]]
    kind_topics: dict[str, list[str]]


@cache
def mapping() -> Mapping:
    with open(ontology.path("ftm.toml"), "rb") as f:
        d = tomllib.load(f)
    return Mapping(d["country"], frozenset(d["organization_kinds"]), frozenset(d["seat_roles"]),
                   dict(d["level_topics"]), dict(d["kind_topics"]))


def entity_id(kind: str, *iris: str) -> str:
    """A FollowTheMoney id from provkg IRIs: readable when the IRI's last segment is a plain slug, else hashed."""
    if len(iris) == 1 and _SAFE_ID.match(seg := id_of(iris[0])):
        return f"provkg-{kind}-{seg}"
    return f"provkg-{kind}-" + hashlib.sha1("\x1f".join(iris).encode()).hexdigest()[:24]


def position_name(role: str, body: str) -> str:
    return f"{role} of {body}" if body.lower().startswith("the ") else f"{role} of the {body}"


def _make(schema: str, ident: str, props: dict[str, Any]) -> EntityProxy:
    """An entity built and validated by the library: a value its type rejects is an error, not a silent loss."""
    e = model.make_entity(schema)
    e.id = ident
    for prop, values in props.items():
        for v in values if isinstance(values, list | tuple | set | frozenset) else [values]:
            if v is None or v == "":
                continue
            before = len(e.get(prop))
            e.add(prop, v)
            if len(e.get(prop)) == before and str(v) not in e.get(prop):
                raise InvalidData(f"{schema} {ident}: {prop}={v!r} is not a valid value")
    missing = [p for p in e.schema.required if not e.get(p)]
    if missing:
        raise InvalidData(f"{schema} {ident}: missing {', '.join(missing)}")
    return e


class Sources:
    """The articles behind each node, as FollowTheMoney sourceUrl and publisher values."""

    def __init__(self, store: StorePrimitives) -> None:
        self.articles = screening.article_sources(store)
        self.stated_in = screening.stated_in(store)

    def of(self, iris: Iterable[str]) -> dict[str, list[str]]:
        arts = {a for i in iris for a in self.stated_in.get(i, ())}
        latest = sorted(arts, key=lambda a: (self.articles.get(a, {}).get("date") or date.min, a), reverse=True)
        chosen = latest[:MAX_SOURCES]
        return {"sourceUrl": [self.articles.get(a, {}).get("url") or a for a in chosen],
                "publisher": sorted({s for a in chosen if (s := self.articles.get(a, {}).get("site"))})}


def _body_dates(merge_facts: list[tenure.MergeFact], gone: list[tenure.Dissolution]) -> dict[str, dict[str, date]]:
    """Body IRI -> when it was formed by a merger (inception) and when a merger or dissolution ended it."""
    out: dict[str, dict[str, date]] = defaultdict(dict)
    for m in merge_facts:
        if m.date is None:
            continue
        if m.result not in m.sources:
            out[m.result]["inception"] = min(out[m.result].get("inception", m.date), m.date)
        for s in m.sources:
            if s != m.result:
                out[s]["dissolution"] = min(out[s].get("dissolution", m.date), m.date)
    for d in gone:
        if d.date is not None:
            for b in d.bodies:
                out[b]["dissolution"] = min(out[b].get("dissolution", d.date), d.date)
    return out


def entities(store: StorePrimitives, as_of: date | None = None) -> Iterator[EntityProxy]:
    """Every person, body with posts, position, occupancy and seat of the graph, as validated entities."""
    day = as_of or date.today()
    mp = mapping()
    sources = Sources(store)
    people = screening.people(store)
    bodies = screening.bodies(store)
    tenures = stored_tenures(store, sorted(bodies)) if bodies else []
    dates = _body_dates(read_merges(store), dissolutions(store))
    public = {b for b, info in bodies.items() if info["kind"] not in mp.organization_kinds}

    posts: dict[tuple[str, str], list[tenure.Tenure]] = defaultdict(list)
    by_person: dict[str, list[tenure.Tenure]] = defaultdict(list)
    for t in tenures:
        posts[(t.body, t.role)].append(t)
        by_person[t.person].append(t)

    for iri, p in sorted(people.items()):
        held = by_person.get(iri, [])
        yield _make("Person", entity_id("person", iri), {
            "name": p["name"], "alias": p["aliases"], "country": mp.country,
            "topics": ["role.pep"] if any(t.body in public for t in held) else [],
            "position": sorted({position_name(t.role, bodies[t.body]["name"]) for t in held if t.body in bodies}),
            **sources.of([iri])})

    for iri, b in sorted(bodies.items()):
        kind_topics = mp.kind_topics.get(b["kind"] or "", [])
        yield _make("PublicBody" if iri in public else "Organization", entity_id("body", iri), {
            "name": b["name"], "alias": b["aliases"], "country": mp.country, "jurisdiction": mp.country,
            "parent": [entity_id("body", p) for p in b["parents"] if p in bodies],
            "classification": b["kind"], "topics": kind_topics,
            "incorporationDate": dates[iri].get("inception"), "dissolutionDate": dates[iri].get("dissolution"),
            **sources.of([iri])})

    for (body, role), held in sorted(posts.items()):
        b = bodies.get(body, {"name": id_of(body), "kind": None, "national": False, "province_name": None})
        level = next((t.level for t in held if t.level), None) or occupancy.rules().default_level
        yield _make("Position", entity_id("position", body, role), {
            "name": position_name(role, b["name"]), "organization": entity_id("body", body),
            "country": mp.country, "subnationalArea": None if b["national"] else b["province_name"],
            "topics": sorted(set(mp.level_topics.get(level, []) + mp.kind_topics.get(b["kind"] or "", []))),
            "inceptionDate": dates[body].get("inception"), "dissolutionDate": dates[body].get("dissolution"),
            **sources.of(t.membership for t in held)})

    for t in tenures:
        st = occupancy.status_on(t, day)
        seen = f"last reported held on {t.last_seen.isoformat()}" if t.last_seen else "no dated report"
        description = (f"{st.status} on {day.isoformat()} by the rule {st.rule}; {seen}"
                       + (f"; ended by the rule {t.end.rule}" if t.end else "") + " (provkg).")
        common = {"startDate": t.start.date if t.start else None, "endDate": t.end.date if t.end else None,
                  "status": st.status, "description": description, **sources.of([t.membership])}
        yield _make("Occupancy", entity_id("occupancy", t.membership), {
            "holder": entity_id("person", t.person), "post": entity_id("position", t.body, t.role), **common})
        if t.role in mp.seat_roles:
            yield _make("Membership", entity_id("membership", t.membership), {
                "member": entity_id("person", t.person), "organization": entity_id("body", t.body),
                "role": t.role, **common})


def write(store: StorePrimitives, out: BinaryIO, as_of: date | None = None) -> dict[str, int]:
    """The entities as FollowTheMoney JSON lines (the library's own writer); counts by schema."""
    counts: dict[str, int] = defaultdict(int)
    for e in entities(store, as_of):
        write_entity(out, e)
        counts[e.schema.name] += 1
    return dict(counts)
