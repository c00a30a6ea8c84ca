"""The store as networkx graphs for the views: the whole graph, ego networks, org charts, merges, one article.

Every projection is a `nx.MultiDiGraph` whose node keys are node IRIs (or a synthetic key
for posts) and whose attributes are plain JSON-able values, so the renderer never goes back
to the store. Node attributes:

- `kind`: person | body | post | campaign | event | place | article
- `label`: display name (untrusted article text: the renderer escapes it)
- `ident`: the id in URLs (IRI's last segment; the article id for articles), `None` for posts
- `roles`: what the node is or does ("Secretary, Binh Duong Provincial Party Committee")
- `dates`: human-readable dates and spans
- `province`: the province label it belongs to, for the province filter (or None)
- `sources`: [{article, headline, date, sentence}] the statements it rests on
- `body`: for posts, the body IRI (a post's own view is its body's)

Edge attributes: `kind`, `label` (drawn on the edge), `dates`, `sources`.
Graph attributes: `title`, `center` (IRI or None), `notes` (said on the page), `timeline`
(person views), `as_of` (org charts). Where nodes go on screen is the views' business (api/views/layout.py).

Queries the views need that graph/reads/ lacks live here; the rest reuse it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx
from provkg.graph import ids, occupancy, tenure
from provkg.graph.reads import (
    articles,
    campaigns,
    events,
    evidence,
    merges,
    names,
    organizations,
    places,
    rows,
    tenures,
)
from provkg.graph.store import Store

KINDS = ("person", "body", "post", "campaign", "event", "place", "article")
HUBS = frozenset({"place", "article"})  # ego networks reach these but do not walk through them
MAX_SOURCES = 5  # sources kept per node; the count of the rest is kept in `more_sources`

SUB_ORGS_QUERY = "SELECT ?c ?p WHERE { ?c org:subOrganizationOf ?p }"
PERSON_SCOPE_QUERY = f"""SELECT ?x ?scope WHERE {{ ?x a foaf:Person ; provkg:provinceScope ?scope
  FILTER(STRSTARTS(STR(?x), "{ids.KIND_PREFIX['person']}")) }}"""


class NotFound(LookupError):
    """No node of that kind with that id in the store."""


# --- small helpers ------------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def bound_text(b: tenure.Bound | None) -> str | None:
    """A tenure bound as text: "2023-11-29", "by 2025-02-10", with "(inferred)" when not stated."""
    if b is None:
        return None
    text = ("by " if b.precision == "no-later-than" else "") + b.date.isoformat()
    return text + (" (inferred)" if b.basis == "inferred" else "")


def span_text(t: tenure.Tenure) -> str:
    """A tenure's span: "2023-11-29 – 2025-02-10", "since 2023-11-29", "dates unknown"."""
    start, end = bound_text(t.start), bound_text(t.end)
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    if t.first_seen:
        return f"seen {t.first_seen.isoformat()}" + (f" – {t.last_seen.isoformat()}" if t.last_seen != t.first_seen
                                                     else "")
    return "dates unknown"


def status_text(t: tenure.Tenure, day: date | None = None) -> str:
    """A post's status on `day` (today) for people: "current (last seen 2025-02-11)", "ended", "status unknown
    (last seen 2023-11-29)" (graph/occupancy.py)."""
    st = occupancy.status_on(t, day or date.today())
    seen = f" (last seen {t.last_seen.isoformat()})" if t.last_seen and st.status != "ended" else ""
    return ("status unknown" if st.status == "unknown" else st.status) + seen


def _source(article: str, headlines: dict[str, str], day: date | str | None, sentence: str | None) -> dict[str, Any]:
    return {"article": article, "article_id": ids.article_id(article), "headline": headlines.get(article),
            "date": day.isoformat() if isinstance(day, date) else day, "sentence": sentence}


def _add_unique(items: list[Any], new: Iterable[Any]) -> None:
    for item in new:
        if item not in items:
            items.append(item)


class _Builder:
    """Accumulates nodes and edges, merging the roles, dates and sources a node collects."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    def node(self, iri: str, kind: str, label: str | None, *, ident: str | None = None, roles: Iterable[str] = (),
             dates: Iterable[str] = (), province: str | None = None, sources: Iterable[dict[str, Any]] = (),
             **extra: Any) -> str:
        if iri not in self.g:
            if ident is None and kind != "post":
                ident = ids.article_id(iri) if kind == "article" else ids.id_of(iri)
            self.g.add_node(iri, kind=kind, label=label or (ident or iri), ident=ident, roles=[], dates=[],
                            province=province, sources=[], more_sources=0, **extra)
        attrs = self.g.nodes[iri]
        if label and attrs["label"] == attrs.get("ident"):
            attrs["label"] = label
        if province and not attrs["province"]:
            attrs["province"] = province
        _add_unique(attrs["roles"], roles)
        _add_unique(attrs["dates"], dates)
        self.sources(iri, sources)
        return iri

    def sources(self, iri: str, sources: Iterable[dict[str, Any]]) -> None:
        attrs = self.g.nodes[iri]
        for s in sources:
            if s in attrs["sources"]:
                continue
            if len(attrs["sources"]) < MAX_SOURCES:
                attrs["sources"].append(s)
            else:
                attrs["more_sources"] += 1

    def edge(self, a: str, b: str, kind: str, label: str = "", *, dates: Iterable[str] = (),
             sources: Iterable[dict[str, Any]] = ()) -> None:
        if a not in self.g or b not in self.g:
            return
        for _, data in (self.g.get_edge_data(a, b) or {}).items():
            if data["kind"] == kind and data["label"] == label:
                _add_unique(data["dates"], dates)
                _add_unique(data["sources"], list(sources)[:MAX_SOURCES - len(data["sources"])])
                return
        self.g.add_edge(a, b, kind=kind, label=label, dates=list(dates), sources=list(sources)[:MAX_SOURCES])


# --- what the whole graph is built from ----------------------------------------------------------


class GraphFacts:
    """Everything the projections read, fetched in a fixed number of queries: one snapshot of the store.

    Reading it scans the whole graph (seconds on a large store), so a server keeps one per write
    generation (api/views/routes.py) and hands it to every view until the store changes; `whole`
    is the whole-graph projection built from it once. Projections never change either."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles = {a["iri"]: a for a in articles.articles_page(store, max(articles.count_articles(store), 1), 0)}
        self.headlines = {i: a["headline"] for i, a in self.articles.items() if a["headline"]}
        self.places = {p["iri"]: p for p in places.places(store)}
        self.orgs = {o["iri"]: o for o in organizations.organizations(store)}
        self.people = names.names(store, "person")
        self.person_scope = {r["x"]: r["scope"] for r in rows.rows(store, PERSON_SCOPE_QUERY)}
        self.sub_orgs = [(r["c"], r["p"]) for r in rows.rows(store, SUB_ORGS_QUERY)]
        self.merges = merges.merges(store)
        self.merge_sentences = merges.merge_sentences(store)
        self.campaigns = {c["iri"]: c for c in campaigns.campaigns(store)}
        self.events = {e["iri"]: e for e in events.events(store)}
        self.evidence = evidence.evidence(store, [*self.campaigns, *self.events])
        self.observations = tenures.observations(store, None)
        levels = tenures.body_levels(store, sorted({o.body for o in self.observations}))
        self.tenures = [occupancy.with_level(t, levels.get(t.body))
                        for t in tenure.infer(self.observations, self.merges,
                                              dissolutions=tenures.dissolutions(store), deaths=tenures.deaths(store))]

    @cached_property
    def whole(self) -> nx.MultiDiGraph:
        """The whole-graph projection of this snapshot, built on first use (read it, don't change it)."""
        return _build_whole(self)

    def province_name(self, place: str | None) -> str | None:
        """The label of the province a place is or lies in."""
        seen: set[str] = set()
        while place and place in self.places and place not in seen:
            seen.add(place)
            p = self.places[place]
            if "Province" in p["types"] or not p["within"]:
                return p["name"]
            place = p["within"]
        return None

    def body_province(self, body: str) -> str | None:
        org = self.orgs.get(body)
        if not org or not org["province"]:
            return None
        return org["province_name"] or self.province_name(org["province"])

    def label(self, iri: str) -> str:
        if iri in self.orgs:
            return self.orgs[iri]["name"]
        if iri in self.people and self.people[iri]:
            return self.people[iri][0]
        if iri in self.places:
            return self.places[iri]["name"]
        return ids.id_of(iri)

    def sources_of(self, fact: str) -> list[dict[str, Any]]:
        return [_source(s["article"], self.headlines, s["date"], s["sentence"]) for s in self.evidence.get(fact, [])]


def _obs_sources(obs: Iterable[tenure.Observation], headlines: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for o in obs:
        for sentence in o.sentences or (None,):
            out.append(_source(o.article, headlines, o.published, sentence))
    return out


def _merge_edges(b: _Builder, f: GraphFacts, mergers: Iterable[tenure.MergeFact]) -> None:
    for m in mergers:
        day = m.effective
        when = (("" if day[1] == "on" else "by ") + day[0].isoformat()) if day else "date unknown"
        srcs = [_source(a, f.headlines, d, s) for a, d in m.articles for s in f.merge_sentences.get((m.iri, a), [None])]
        for body in (*m.sources, m.result):
            b.node(body, "body", f.label(body), province=f.body_province(body),
                   roles=[(f.orgs.get(body) or {}).get("kind") or "body"])
        b.node(m.result, "body", None, dates=[f"formed by merger {when}"], sources=srcs)
        for src in m.sources:
            if src == m.result:
                continue
            b.node(src, "body", None, dates=[f"merged into {f.label(m.result)} {when}"], sources=srcs)
            b.edge(src, m.result, "merge", f"merged {when}", dates=[when], sources=srcs)


def whole_graph(store: Store, facts: GraphFacts | None = None) -> nx.MultiDiGraph:
    """Every person, body, post holding, campaign, event, place and article, and how they connect (a copy the
    caller may change)."""
    return (facts or GraphFacts(store)).whole.copy()


def _organisers(b: _Builder, f: GraphFacts, iri: str, organisers: Iterable[str], label: str) -> None:
    """The bodies that organise a campaign or event, each linked to it."""
    for o in organisers:
        b.node(o, "body", f.label(o), province=f.body_province(o))
        b.edge(o, iri, "organises", label)


def _build_whole(f: GraphFacts) -> nx.MultiDiGraph:
    b = _Builder()
    b.g.graph.update(title="The whole graph", center=None, notes=[])
    for iri, p in f.places.items():
        b.node(iri, "place", p["name"], roles=p["types"], province=f.province_name(iri))
    for iri, p in f.places.items():
        if p["within"] in f.places:
            b.edge(iri, p["within"], "within", "in")
    for iri, o in f.orgs.items():
        b.node(iri, "body", o["name"], roles=[o["kind"] or "body"], province=f.body_province(iri))
        if o["province"] in f.places:
            b.edge(iri, o["province"], "within", "in")
    for child, parent in f.sub_orgs:
        b.edge(child, parent, "sub-body", "part of")
    for iri, known in f.people.items():
        b.node(iri, "person", known[0] if known else None, province=f.province_name(f.person_scope.get(iri)))
    obs_by_membership: dict[str, list[tenure.Observation]] = defaultdict(list)
    for o in f.observations:
        obs_by_membership[o.membership].append(o)
    for t in f.tenures:
        body_label = f.label(t.body)
        srcs = _obs_sources(obs_by_membership[t.membership], f.headlines)
        b.node(t.body, "body", body_label, province=f.body_province(t.body))
        b.node(t.person, "person", f.label(t.person), roles=[f"{t.role}, {body_label}"],
               dates=[f"{t.role}: {span_text(t)}, {status_text(t)}"], sources=srcs, province=f.body_province(t.body))
        b.edge(t.person, t.body, "holds", t.role, dates=[span_text(t), status_text(t)], sources=srcs)
    _merge_edges(b, f, f.merges)
    for iri, c in f.campaigns.items():
        years = "–".join(str(y) for y in dict.fromkeys((c["start_year"], c["end_year"])) if y)
        provs = [f.body_province(o) for o in c["organisers"]] + [f.province_name(p) for p in c["places"]]
        b.node(iri, "campaign", c["name"], roles=[t for t in c["types"] if t != "Campaign"] or ["Campaign"],
               dates=[years] if years else [], province=next((p for p in provs if p), None),
               sources=f.sources_of(iri))
        _organisers(b, f, iri, c["organisers"], "organises")
        for p in c["places"]:
            b.edge(iri, p, "within", "in")
    for iri, e in f.events.items():
        provs = [f.body_province(o) for o in e["organisers"]]
        b.node(iri, "event", e["name"] or ", ".join(e["types"]), roles=[t for t in e["types"] if t != "Event"],
               dates=[_iso(e["date"])] if e["date"] else [], province=next((p for p in provs if p), None),
               sources=f.sources_of(iri))
        _organisers(b, f, iri, e["organisers"], "organised")
        for a in e["attendees"]:
            b.edge(a, iri, "attended", "attended")
        if e["location"]:
            b.edge(iri, e["location"], "within", "at")
    for iri, a in f.articles.items():
        b.node(iri, "article", a["headline"], dates=[_iso(a["date"])] if a["date"] else [],
               province=f.province_name(a["province"]), sources=[_source(iri, f.headlines, a["date"], None)])
    for o in f.observations:
        b.edge(o.article, o.person, "states", "names")
    for iri in [*f.campaigns, *f.events]:
        for s in f.evidence.get(iri, []):
            b.edge(s["article"], iri, "states", "names")
    return b.g


# --- subgraphs of the whole graph ------------------------------------------------------------------


def _walk(g: nx.MultiDiGraph, center: str, depth: int) -> set[str]:
    """Nodes within `depth` hops of `center`, either direction, not walking through places or articles."""
    seen = {center}
    frontier: deque[tuple[str, int]] = deque([(center, 0)])
    while frontier:
        node, d = frontier.popleft()
        if d >= depth or (node != center and g.nodes[node]["kind"] in HUBS):
            continue
        for nxt in (*g.successors(node), *g.predecessors(node)):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append((nxt, d + 1))
    return seen


def _require(store: Store, kind: str, ident: str, cls: str) -> str:
    iri = ids.iri_for(kind, ident)
    if iri is None or not rows.ask(store, iri, cls):
        raise NotFound(f"no {kind} with id {ident!r}")
    return iri


def person_graph(store: Store, ident: str, depth: int = 1, facts: GraphFacts | None = None) -> nx.MultiDiGraph:
    """A person's ego network: bodies (roles on the edges), events, articles and their campaigns; depth 1 or 2."""
    iri = _require(store, "person", ident, "foaf:Person")
    depth = 2 if depth >= 2 else 1
    f = facts or GraphFacts(store)
    whole = f.whole
    keep = _walk(whole, iri, depth)
    for art in [n for n in keep if whole.nodes[n]["kind"] == "article"]:
        keep |= {n for n in whole.successors(art) if whole.nodes[n]["kind"] == "campaign"}
    g = whole.subgraph(keep).copy()
    name = whole.nodes[iri]["label"]
    g.graph.update(title=f"{name}: ego network, depth {depth}", center=iri, notes=[], depth=depth,
                   timeline=_timeline(f, iri))
    return g


def _timeline(f: GraphFacts, person: str) -> list[dict[str, Any]]:
    """The person's posts, earliest first (undated last), for the strip under the network."""
    out = []
    for t in f.tenures:
        if t.person != person:
            continue
        start = t.start.date if t.start else t.first_seen
        out.append({"role": t.role, "body": t.body, "body_id": ids.id_of(t.body), "body_label": f.label(t.body),
                    "span": span_text(t), "status": status_text(t), "current": t.current,
                    "sort": _iso(start) or "9999"})
    return sorted(out, key=lambda r: (r["sort"], r["role"], r["body_label"]))


def campaign_graph(store: Store, ident: str, facts: GraphFacts | None = None) -> nx.MultiDiGraph:
    """A campaign with its organisers, places and the articles naming it."""
    iri = _require(store, "campaign", ident, "provkg:Campaign")
    whole = (facts or GraphFacts(store)).whole
    g = whole.subgraph(_walk(whole, iri, 1)).copy()
    g.graph.update(title=f"Campaign: {whole.nodes[iri]['label']}", center=iri, notes=[])
    return g


def article_graph(store: Store, ident: str) -> nx.MultiDiGraph:
    """The facts one article gave: its people, bodies, posts, merges, campaigns and events, with sentences."""
    data = articles.article(store, ident)
    if data is None:
        raise NotFound(f"no article with id {ident!r}")
    art = data["iri"]
    by = data["by"]
    headline = min(by.get("https://schema.org/headline", []), default=None)
    published = min(by.get("https://schema.org/datePublished", []), default=None)
    headlines = {art: headline} if headline else {}
    b = _Builder()
    b.node(art, "article", headline, dates=[published] if published else [])

    def src(sentence: str | None) -> list[dict[str, Any]]:
        return [_source(art, headlines, published, sentence)]

    for r in data["places"]:
        b.node(r["x"], "place", r["n"])
    for r in data["organizations"]:
        b.node(r["x"], "body", r["n"])
    for r in data["people"]:
        b.node(r["x"], "person", r["n"])
        b.edge(art, r["x"], "states", "names")
    for r in data["positions"]:
        when = r.get("start") or r.get("end") or r.get("endBy")
        status = ", ".join(x for x in (r.get("status"), r.get("change")) if x)
        b.node(r["person"], "person", None, roles=[f"{r['role']}, {b.g.nodes[r['body']]['label']}"
                                                    if r["body"] in b.g else r["role"]],
               dates=[f"{r['role']}: {when}"] if when else [], sources=src(r.get("sentence")))
        b.node(r["body"], "body", None, sources=src(r.get("sentence")))
        b.edge(r["person"], r["body"], "holds", r["role"] + (f" ({status})" if status and status != "current" else ""),
               sources=src(r.get("sentence")))
    for r in data["merges"]:
        when = r.get("date") or "date unknown"
        b.node(r["src"], "body", None, dates=[f"merged {when}"], sources=src(r.get("sentence")))
        b.node(r["res"], "body", None, dates=[f"formed by merger {when}"], sources=src(r.get("sentence")))
        b.edge(r["src"], r["res"], "merge", f"merged {when}", dates=[when], sources=src(r.get("sentence")))
    for key, kind in (("campaigns", "campaign"), ("events", "event")):
        for r in data[key]:
            b.node(r["x"], kind, r.get("n") or kind, dates=[r["date"]] if r.get("date") else [],
                   sources=src(r.get("sentence")))
            b.edge(art, r["x"], "states", "names")
    b.g.graph.update(title=f"Article: {headline or ident}", center=art, notes=[])
    return b.g


# --- organisation chart and merges -------------------------------------------------------------------


def _merge_component(mergers: list[tenure.MergeFact], iri: str) -> list[tenure.MergeFact]:
    """The mergers in a body's lineage: every merger reachable through shared bodies."""
    bodies, chosen, grew = {iri}, [], True
    while grew:
        grew = False
        for m in mergers:
            if m not in chosen and bodies & {*m.sources, m.result}:
                chosen.append(m)
                bodies |= {*m.sources, m.result}
                grew = True
    return chosen


def organization_graph(store: Store, ident: str, as_of: date | None = None,
                       facts: GraphFacts | None = None) -> nx.MultiDiGraph:
    """A body as an org chart on a date: parent and sub-bodies, post holders, lineage through merges."""
    iri = _require(store, "organization", ident, "org:Organization")
    f = facts or GraphFacts(store)
    info = organizations.organization(store, iri) or {}
    b = _Builder()
    name = f.label(iri)
    b.node(iri, "body", name, roles=[info.get("kind") or "body"], province=f.body_province(iri))
    notes: list[str] = []
    for p in info.get("parents", []):
        b.node(p, "body", f.label(p), province=f.body_province(p), roles=["parent body"])
        b.edge(iri, p, "sub-body", "part of")
    for c in info.get("children", []):
        b.node(c, "body", f.label(c), province=f.body_province(c), roles=["sub-body"])
        b.edge(c, iri, "sub-body", "part of")
    lineage = _merge_component(f.merges, iri)
    _merge_edges(b, f, lineage)
    bodies = [iri]
    if as_of is not None:
        bodies = tenure.bodies_as_of(iri, as_of, f.merges)
        if bodies != [iri]:
            notes.append(f"{name} was formed by a merger after {as_of.isoformat()}: the posts of the bodies merged "
                         "into it are shown.")
    obs: dict[str, list[tenure.Observation]] = defaultdict(list)
    for o in f.observations:
        obs[o.membership].append(o)
    undated = 0
    for t in sorted(f.tenures, key=lambda t: (t.role, t.person)):
        if t.body not in bodies:
            continue
        if as_of is None:
            held, dashed = t.current, False
        else:
            dashed = t.start is None and (t.end is None or as_of < t.end.date)
            held = t.held_on(as_of) or dashed
        if not held:
            continue
        undated += dashed
        post = f"post:{t.body}|{t.role}"
        b.node(post, "post", t.role, roles=[f"{t.role}, {f.label(t.body)}"], province=f.body_province(t.body),
               body=t.body, body_ident=ids.id_of(t.body))
        b.edge(t.body, post, "post", "post")
        srcs = _obs_sources(obs[t.membership], f.headlines)
        status = status_text(t, as_of)
        b.node(t.person, "person", f.label(t.person), roles=[f"{t.role}, {f.label(t.body)}"],
               dates=[f"{t.role}: {span_text(t)}, {status}"], sources=srcs, province=f.body_province(t.body))
        b.node(post, "post", None, dates=[f"{f.label(t.person)}: {span_text(t)}, {status}"], sources=srcs)
        b.edge(post, t.person, "holds", span_text(t) + (" (start unknown)" if dashed else ""), sources=srcs)
    if undated:
        notes.append(f"{undated} post holder(s) have no known start date: shown as held unless an end is known.")
    day = as_of.isoformat() if as_of else "now (posts with no known end)"
    b.g.graph.update(title=f"{name}: organisation chart as of {day}", center=iri, notes=notes,
                     as_of=as_of.isoformat() if as_of else None)
    return b.g


def merges_graph(store: Store, facts: GraphFacts | None = None) -> nx.MultiDiGraph:
    """Every merger as a lineage picture: predecessors left, successors right, chains followed."""
    f = facts or GraphFacts(store)
    b = _Builder()
    _merge_edges(b, f, f.merges)
    g = b.g
    g.graph.update(title="Mergers: the lineage of bodies", center=None,
                   notes=[] if f.merges else ["No mergers in the graph yet."])
    return g
