"""ArticleFacts -> quads: the IRI patterns and the RDF shape of every fact.

This is the only module that turns facts into vocabulary terms (the terms themselves
are spelled in graph/vocab.py). `article_graph` is pure: the same facts and the same
people IRIs give the same quads, which is what makes re-ingesting idempotent.

Layout of one article's named graph `graph/article/<id>`: the article node, its
bylines, every person/body/place/role it mentions (type and labels, so the graph is
self-contained provenance), and its memberships, merges, campaigns and events. Each
fact node carries `prov:wasDerivedFrom` the article and a `prov:qualifiedDerivation`
node minted per (fact, article) holding the evidence sentence, so the sentence stays
tied to its article even in the set-union default graph. The article node holds its
whole text (`schema:text`, Article.stored_text); each evidence sentence is located in it
by a W3C Web Annotation `oa:TextPositionSelector`, and a membership's evidence node says
on which day the article reports the post (`provkg:observedOn`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote

from provkg.graph import vocab as V
from provkg.graph.dated_evidence import date_evidence
from provkg.ingest.facts import (
    ArticleFacts,
    Body,
    Campaign,
    Event,
    Evidence,
    Membership,
    Merge,
    Person,
    Place,
)
from provkg.ingest.text import fold, slug
from pyoxigraph import Literal, NamedNode, Quad

Term = NamedNode | Literal
Triple3 = tuple[NamedNode, NamedNode, Term]

ENDING_CHANGES = frozenset({"relieved", "retired"})


@dataclass(frozen=True)
class IdentityDecision:
    """Which person node a name in an article stands for, and why (graph/identity.py decides; written into the
    article's graph as a provkg:IdentityDecision node)."""

    mention_key: str
    mention_name: str
    person_iri: str
    rule: str  # same-article, shared-body, shared-province, shared-national-tier, new, new-homonym
    shared_body: str | None = None  # body IRI that tied mention and person
    shared_place: str | None = None  # province IRI that tied them

PLACE_CLASSES = {
    k: V.P[c]
    for k, c in (
        ("province", "Province"),
        ("city", "City"),
        ("district", "District"),
        ("town", "Town"),
        ("ward", "Ward"),
        ("commune", "Commune"),
        ("hamlet", "Hamlet"),
        ("special-zone", "SpecialZone"),
        ("site", "Site"),
    )
}
CAMPAIGN_CLASSES = {
    k: V.P[c]
    for k, c in (
        ("campaign", "Campaign"),
        ("emulation-movement", "EmulationMovement"),
        ("movement", "EmulationMovement"),
        ("project", "Project"),
        ("programme", "Programme"),
        ("program", "Programme"),
        ("contest", "Contest"),
        ("competition", "Contest"),
        ("award", "Award"),
    )
}
EVENT_CLASSES = {
    k: V.P[c]
    for k, c in (
        ("conference", "Conference"),
        ("meeting", "Meeting"),
        ("session", "Session"),
        ("congress", "Congress"),
        ("ceremony", "Ceremony"),
        ("event", "Event"),
    )
}


# --- IRIs --------------------------------------------------------------------------


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _segment(text: str) -> str:
    """An IRI path segment that keeps an id readable and reversible (article ids are slugs already)."""
    return quote(text, safe="-._~")


def person_iri(person_slug: str) -> str:
    return f"{V.ID}person/{person_slug}"


def byline_iri(name: str) -> str:
    """Reporters and translators live apart from officials: a byline is never an actor."""
    return f"{V.ID}byline/{slug(name)}"


def body_iri(key: str) -> str:
    return f"{V.ID}body/{slug(key)}"


def role_iri(role: str) -> str:
    return f"{V.ID}role/{slug(role)}"


def place_iri(key: str) -> str:
    return f"{V.ID}place/" + "/".join(slug(part) for part in key.split("/") if part)


def campaign_iri(campaign: Campaign) -> str:
    return f"{V.ID}campaign/{slug(campaign.key)}"


def membership_iri(person: str, role: str, body_key: str) -> str:
    """One node per (person, role, body): the same post stated by two articles is one node."""
    return f"{V.ID}membership/{_digest(person, slug(role), body_iri(body_key))}"


def merge_iri(sources: Iterable[str], result: str) -> str:
    return f"{V.ID}merge/{_digest(*sorted(body_iri(s) for s in sources), '->', body_iri(result))}"


def event_iri(event: Event, article_id: str, index: int) -> str:
    """Dated events with an organiser are shared across articles; others stay per article."""
    if event.date and event.organisers:
        first = body_iri(event.organisers[0])
        return f"{V.ID}event/{_digest(slug(event.kind), event.date.isoformat(), first)}"
    return f"{V.ID}event/{_digest('article', article_id, str(index))}"


def article_iri(article_id: str) -> str:
    return f"{V.ID}article/{_segment(article_id)}"


def graph_iri(article_id: str) -> str:
    return f"{V.GRAPH}article/{_segment(article_id)}"


def decision_iri(article_id: str, mention_key: str) -> str:
    return f"{V.ID}identity/{_segment(article_id)}/{slug(mention_key)}"


def evidence_iri(fact: str, article_id: str) -> str:
    return f"{fact}/evidence/{_segment(article_id)}"


def selector_iri(evidence: str, start: int, end: int) -> str:
    """The text position selector of one evidence sentence: `<evidence>/text/START-END`."""
    return f"{evidence}/text/{start}-{end}"


# Tenures (graph/tenure.py): the graph of inferences, the rules, and the nodes hung off a membership.
INFERRED_GRAPH = f"{V.GRAPH}inferred"
"""The named graph of inferences (tenures), rebuilt by graph/inference.py and copied into the default graph."""
SHARED_GRAPH = f"{V.GRAPH}shared"
"""In dataset exports (graph/export.py), the graph stating once what two or more graphs of the store state."""
RULE_BASE = f"{V.ID}rule/"

TENURE_NODES = ("during", "observed", "observed/first", "observed/last", "stated-start", "inferred-start",
                "stated-end", "inferred-end", "status/current", "status/unknown", "status/ended")
"""The nodes graph/tenure.py hangs off a membership IRI (`<membership>/<name>`); read back by graph/reads/tenures.py."""


def rule_iri(rule: str) -> str:
    """The prov:Activity a tenure bound was generated by (a rule of graph/tenure.py)."""
    return RULE_BASE + rule


def rule_of_iri(iri: str) -> str:
    return iri.removeprefix(RULE_BASE)


def tenure_node_iri(membership: str, name: str) -> str:
    """`<membership>/during` (the interval graph/rdf.py also mints), `/observed`, `/inferred-end`, ..."""
    if name not in TENURE_NODES:
        raise ValueError(f"not a tenure node: {name!r}")
    return f"{membership}/{name}"


def province_key(place_key: str | None, places: dict[str, Place]) -> str | None:
    """The province a place lies in: walk parents in the facts, else the key's first segment."""
    seen: set[str] = set()
    key = place_key
    while key and key in places and key not in seen:
        seen.add(key)
        if places[key].kind == "province":
            return key
        key = places[key].parent
    return place_key.split("/")[0] if place_key else None


# --- triples -----------------------------------------------------------------------


class _Triples:
    """An ordered set of triples: repeated statements in one article collapse to one."""

    def __init__(self) -> None:
        self._seen: dict[Triple3, None] = {}
        self._nodes: dict[str, NamedNode] = {}

    def _node(self, iri: str) -> NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = NamedNode(iri)
        return node

    def add(self, s: str | NamedNode, p: NamedNode, o: Term | str | None) -> None:
        if o is None:
            return
        s_node = self._node(s) if isinstance(s, str) else s
        o_term = self._node(o) if isinstance(o, str) else o
        self._seen[(s_node, p, o_term)] = None

    def lit(self, s: str, p: NamedNode, value: object | None) -> None:
        if value is None or value == "":
            return
        self.add(s, p, _literal(value))

    def quads(self, graph: NamedNode) -> list[Quad]:
        return [Quad(s, p, o, graph) for s, p, o in self._seen]


def _literal(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=V.XSD_BOOLEAN)
    if isinstance(value, int):
        return Literal(str(value), datatype=V.XSD_INTEGER)
    if isinstance(value, float):
        return Literal(f"{value:.2f}", datatype=V.XSD_DECIMAL)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=V.XSD_DATE)
    return Literal(str(value))


def _labels(t: _Triples, s: str, pref: NamedNode, name: str, variants: Iterable[str]) -> None:
    t.lit(s, pref, name)
    for v in sorted(set(variants) - {name}):
        t.lit(s, V.SKOS_ALT, v)


def _provenance(t: _Triples, fact: str, article_id: str, evidence: Iterable[Evidence | None]) -> None:
    """prov:wasDerivedFrom the article plus one qualified derivation per (fact, article).

    Section and confidence are written only when the sentence is not from the body
    (absent means "body", confidence 1.0): a third of an article's triples are evidence."""
    art = article_iri(article_id)
    t.add(fact, V.PROV_DERIVED_FROM, art)
    ev = evidence_iri(fact, article_id)
    t.add(fact, V.PROV_QUALIFIED_DERIVATION, ev)
    t.add(ev, V.TYPE, V.PROV_DERIVATION)
    t.add(ev, V.TYPE, V.P["Evidence"])
    t.add(ev, V.PROV_ENTITY_P, art)
    for e in evidence:
        if e is not None:
            t.lit(ev, V.P["sentence"], e.sentence)
            if e.section != "body":
                t.lit(ev, V.P["section"], e.section)
                t.lit(ev, V.P["confidence"], float(e.confidence))
            if e.start is not None and e.end is not None:
                _text_position(t, ev, art, e.start, e.end)


def _text_position(t: _Triples, ev: str, art: str, start: int, end: int) -> None:
    """The evidence node as a W3C Web Annotation specific resource: the article, and where in its
    schema:text (code points, end exclusive) the sentence lies. One selector per sentence."""
    t.add(ev, V.TYPE, V.OA_SPECIFIC_RESOURCE)
    t.add(ev, V.OA_HAS_SOURCE, art)
    sel = selector_iri(ev, start, end)
    t.add(ev, V.OA_HAS_SELECTOR, sel)
    t.add(sel, V.TYPE, V.OA_TEXT_POSITION_SELECTOR)
    t.lit(sel, V.OA_START, start)        # xsd:integer: stores canonicalise xsd:nonNegativeInteger to it
    t.lit(sel, V.OA_END, end)


def _article(t: _Triples, facts: ArticleFacts) -> None:
    a = facts.article
    s = article_iri(a.id)
    t.add(s, V.TYPE, V.SCHEMA_NEWS_ARTICLE)
    t.add(s, V.TYPE, V.PROV_ENTITY)
    t.lit(s, V.SCHEMA_HEADLINE, a.headline)
    t.lit(s, V.SCHEMA_TEXT, a.stored_text)
    t.lit(s, V.SCHEMA_DATE_PUBLISHED, a.published)
    if a.url:
        t.add(s, V.SCHEMA_URL, Literal(a.url, datatype=V.XSD_ANYURI))
    t.lit(s, V.P["contentHash"], a.content_hash)
    t.lit(s, V.P["sourceFile"], a.source)
    t.lit(s, V.P["site"], a.site)
    if facts.province:
        t.add(s, V.P["province"], place_iri(facts.province))
    for rel, names in (
        (V.SCHEMA_AUTHOR, facts.reporters or a.reporters),
        (V.SCHEMA_TRANSLATOR, facts.translators or a.translators),
    ):
        for name in names:
            b = byline_iri(name)
            t.add(s, rel, b)
            t.add(b, V.TYPE, V.FOAF_PERSON)
            t.lit(b, V.FOAF_NAME, name)


def _person(t: _Triples, iri: str, p: Person, province: str | None) -> None:
    t.add(iri, V.TYPE, V.FOAF_PERSON)
    _labels(t, iri, V.FOAF_NAME, p.name, p.variants)
    t.lit(iri, V.P["nameKey"], fold(p.name))
    if province:
        t.add(iri, V.P["provinceScope"], place_iri(province))


def _body(t: _Triples, b: Body, places: dict[str, Place]) -> None:
    s = body_iri(b.key)
    t.add(s, V.TYPE, V.ORG_ORGANIZATION)
    _labels(t, s, V.SKOS_PREF, b.name, b.variants)
    t.lit(s, V.P["bodyKind"], b.kind)
    if b.parent:
        t.add(s, V.ORG_SUB_ORG_OF, body_iri(b.parent))
    if b.scope:
        t.add(s, V.P["scope"], place_iri(b.scope))
        t.add(s, V.SCHEMA_AREA_SERVED, place_iri(b.scope))
        province = province_key(b.scope, places)
        if province:
            t.add(s, V.P["province"], place_iri(province))
    if b.national:
        t.lit(s, V.P["national"], True)


def _place(t: _Triples, p: Place) -> None:
    s = place_iri(p.key)
    cls = PLACE_CLASSES.get(slug(p.kind))
    if cls is not None:
        t.add(s, V.TYPE, cls)
        t.add(s, V.TYPE, V.SCHEMA_PLACE if cls == V.P["Site"] else V.SCHEMA_ADMIN_AREA)
    t.add(s, V.TYPE, V.SCHEMA_PLACE)
    _labels(t, s, V.SKOS_PREF, p.name, p.variants)
    if p.parent:
        t.add(s, V.SCHEMA_CONTAINED_IN, place_iri(p.parent))
    t.lit(s, V.P["adminCode"], p.code)
    t.lit(s, V.P["era"], p.era)


def _instant(t: _Triples, s: str, when: date) -> None:
    t.add(s, V.TYPE, V.TIME_INSTANT)
    t.lit(s, V.TIME_IN_XSD_DATE, when)


def _membership(t: _Triples, m: Membership, person: str, published: date | None) -> str:
    s = membership_iri(person, m.role, m.body)
    t.add(s, V.TYPE, V.ORG_MEMBERSHIP)
    t.add(s, V.ORG_MEMBER, person)
    t.add(s, V.ORG_ORGANIZATION_P, body_iri(m.body))
    role = role_iri(m.role)
    t.add(s, V.ORG_ROLE, role)
    t.add(role, V.TYPE, V.ORG_ROLE_C)
    t.lit(role, V.SKOS_PREF, m.role)
    t.lit(s, V.P["status"], m.status)
    t.lit(s, V.P["change"], m.change)
    ended = m.status == "former" or m.end is not None or m.change in ENDING_CHANGES
    if not (ended or m.start):
        return s
    during = tenure_node_iri(s, "during")
    t.add(s, V.ORG_MEMBER_DURING, during)
    t.add(during, V.TYPE, V.TIME_INTERVAL)
    if m.start:
        t.add(during, V.TIME_HAS_BEGINNING, f"{s}/start")
        _instant(t, f"{s}/start", m.start)
    if ended:
        end = f"{s}/end"
        t.add(during, V.TIME_HAS_END, end)
        t.add(end, V.TYPE, V.TIME_INSTANT)
        if m.end:
            t.lit(end, V.TIME_IN_XSD_DATE, m.end)
        else:
            t.lit(end, V.P["endedNoLaterThan"], published)
    return s


def _merge(t: _Triples, m: Merge) -> str:
    s = merge_iri(m.sources, m.result)
    t.add(s, V.TYPE, V.ORG_CHANGE_EVENT)
    for src in m.sources:
        t.add(s, V.ORG_ORIGINAL, body_iri(src))
        t.add(body_iri(src), V.ORG_CHANGED_BY, s)
    t.add(s, V.ORG_RESULTING, body_iri(m.result))
    t.add(body_iri(m.result), V.ORG_RESULTED_FROM, s)
    t.lit(s, V.DCT_DATE, m.date)
    return s


def _campaign(t: _Triples, c: Campaign) -> str:
    s = campaign_iri(c)
    t.add(s, V.TYPE, V.P["Campaign"])
    t.add(s, V.TYPE, CAMPAIGN_CLASSES.get(slug(c.kind), V.P["Campaign"]))
    t.lit(s, V.SKOS_PREF, c.name)
    t.lit(s, V.P["startYear"], c.start_year)
    t.lit(s, V.P["endYear"], c.end_year)
    for o in c.organisers:
        t.add(s, V.P["organiser"], body_iri(o))
    for p in c.places:
        t.add(s, V.P["place"], place_iri(p))
    t.lit(s, V.P["budget"], c.budget)
    t.lit(s, V.P["participants"], c.participants)
    return s


def _event(t: _Triples, e: Event, s: str, people: dict[str, str]) -> None:
    t.add(s, V.TYPE, V.SCHEMA_EVENT)
    t.add(s, V.TYPE, V.P["Event"])
    t.add(s, V.TYPE, EVENT_CLASSES.get(slug(e.kind), V.P["Event"]))
    t.lit(s, V.SCHEMA_NAME, e.label)
    t.lit(s, V.SCHEMA_START_DATE, e.date)
    for o in e.organisers:
        t.add(s, V.SCHEMA_ORGANIZER, body_iri(o))
    for a in e.attendees:
        if a in people:
            t.add(s, V.SCHEMA_ATTENDEE, people[a])
    if e.place:
        t.add(s, V.SCHEMA_LOCATION, place_iri(e.place))


def _decision(t: _Triples, article_id: str, d: IdentityDecision) -> None:
    s = decision_iri(article_id, d.mention_key)
    t.add(s, V.TYPE, V.P["IdentityDecision"])
    t.add(s, V.P["inArticle"], article_iri(article_id))
    t.lit(s, V.P["mentionName"], d.mention_name)
    t.lit(s, V.P["mentionKey"], d.mention_key)
    t.add(s, V.P["resolvedTo"], d.person_iri)
    t.lit(s, V.P["rule"], d.rule)
    t.add(s, V.P["sharedBody"], d.shared_body)
    t.add(s, V.P["sharedPlace"], d.shared_place)


def resolve_people_iris(facts: ArticleFacts, people_iris: dict[str, str]) -> dict[str, str]:
    """people_iris completed with a plain name slug for any person key it lacks."""
    out = {k: person_iri(slug(p.name)) for k, p in facts.people.items()}
    out.update(people_iris)
    return out


def article_graph(
    facts: ArticleFacts, people_iris: dict[str, str], decisions: Sequence[IdentityDecision] = ()
) -> list[Quad]:
    """All quads of one article's named graph. Pure: no store, no clock."""
    aid = facts.article.id
    people = resolve_people_iris(facts, people_iris)
    t = _Triples()
    _article(t, facts)
    for key, p in facts.people.items():
        _person(t, people[key], p, facts.province)
    for b in facts.bodies.values():
        _body(t, b, facts.places)
    for pl in facts.places.values():
        _place(t, pl)
    for m in facts.memberships:
        if m.person in people:
            post = _membership(t, m, people[m.person], facts.article.published)
            _provenance(t, post, aid, [m.evidence])
            t.lit(evidence_iri(post, aid), V.P["observedOn"], m.observed)
    for mg in facts.merges:  # with the sentence that gives its date, when another one states it
        _provenance(t, _merge(t, mg), aid, [mg.evidence, date_evidence(facts.article, mg.date, mg.evidence)])
    for c in facts.campaigns:
        _provenance(t, _campaign(t, c), aid, [c.evidence])
    for i, e in enumerate(facts.events):
        s = event_iri(e, aid, i)
        _event(t, e, s, people)
        _provenance(t, s, aid, [e.evidence])
    for d in decisions:
        _decision(t, aid, d)
    return t.quads(NamedNode(graph_iri(aid)))


# --- reading back: graph IRIs and the SPARQL the store layer needs -------------------


def article_id_of_graph(graph: str) -> str:
    """The article id a named graph IRI was minted from (inverse of graph_iri)."""
    return unquote(graph.removeprefix(f"{V.GRAPH}article/"))


def article_hash_query(article_id: str) -> str:
    return f"""{V.SPARQL_PROLOGUE}
SELECT ?hash WHERE {{ GRAPH <{graph_iri(article_id)}> {{
  <{article_iri(article_id)}> provkg:contentHash ?hash }} }}"""


STATS_QUERIES: dict[str, str] = {
    name: V.SPARQL_PROLOGUE + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    for name, pattern in {
        "articles": "?x a schema:NewsArticle",
        "triples": "?s ?p ?o",
        "people": f'?x a foaf:Person FILTER(STRSTARTS(STR(?x), "{V.ID}person/"))',
        "bylines": f'?x a foaf:Person FILTER(STRSTARTS(STR(?x), "{V.ID}byline/"))',
        "bodies": "?x a org:Organization",
        "memberships": "?x a org:Membership",
        "merges": "?x a org:ChangeEvent",
        "campaigns": "?x a provkg:Campaign",
        "events": "?x a schema:Event",
        "places": "?x a schema:Place",
    }.items()
}
"""Counts over the set-union default graph (each node counted once, however many articles state it)."""
