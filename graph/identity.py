"""Which person node a name in an article stands for.

The rule (applied per person mention, articles ingested one at a time, each lookup
seeing every article stored before it):

1. The candidate key is the mention's folded name (diacritics and case removed):
   only existing people whose `nameKey` equals it are candidates.
2. A candidate is the same person when the mention and the candidate are tied by
   - a shared body: the mention holds a post (current or former) in a body the
     candidate holds a post in ("shared-body"; this keeps an official who moves
     province whole when the new article names a national body they both sit in,
     or the old provincial body), or
   - a shared province: the article's province, or the province of a body the
     mention holds a post in, is a province the candidate was mentioned in or holds
     a post in ("shared-province"), or
   - the national tier: both hold posts in national bodies (Politburo, Party Central
     Committee, Government, State, National Assembly, ministries ...), a small set of
     people whom articles from different provinces name ("shared-national-tier").
   A shared body beats a shared province, which beats the national tier; among equals
   the smallest IRI wins.
3. Lookups ignore the article's own earlier version, so re-ingesting an unchanged
   article into an otherwise unchanged store decides exactly as the first time. When nothing ties a mention but the
   earlier version chose a person other articles also use, that choice is kept
   ("same-article"); among tied candidates the earlier choice is preferred.
4. Otherwise the mention is a new person ("new"). Its IRI is the name's slug; when a
   homonym already holds that slug the province slug is appended, then -2, -3 ...
   ("new-homonym"), so homonyms in different provinces with nothing in common stay apart.

Every decision is written into the article's graph as a provkg:IdentityDecision
(mention, article, chosen person, rule, and the body or province that tied them), so
a wrong merge can be found and undone by re-ingesting with a corrected rule.

`resolve` is pure. The store edge is `PeopleIndex` (people by folded name with their
ties and the articles stating each tie; loaded from the store once and kept in step
with every write, so a lookup costs a few dict reads) and `identify`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from provkg.graph import rdf
from provkg.graph import vocab as V
from provkg.graph.primitives import StorePrimitives
from provkg.graph.rdf import IdentityDecision
from provkg.ingest.facts import ArticleFacts
from provkg.ingest.text import fold, slug
from pyoxigraph import NamedNode, Quad


@dataclass(frozen=True)
class Candidate:
    """An existing person node with the same folded name, and what ties it to the world."""

    iri: str
    bodies: frozenset[str] = frozenset()  # body IRIs it holds posts in
    provinces: frozenset[str] = frozenset()  # province IRIs it is tied to
    national: bool = False  # holds a post in a national body


@dataclass(frozen=True)
class Mention:
    key: str
    name: str
    name_key: str
    bodies: frozenset[str]
    provinces: frozenset[str]
    national: bool = False


def mentions(facts: ArticleFacts) -> list[Mention]:
    """Each person of the article with the bodies and provinces the article ties them to."""
    bodies: dict[str, set[str]] = defaultdict(set)
    provinces: dict[str, set[str]] = defaultdict(set)
    national: set[str] = set()
    for m in facts.memberships:
        bodies[m.person].add(rdf.body_iri(m.body))
        body = facts.bodies.get(m.body)
        if body is not None and body.national:
            national.add(m.person)
        prov = rdf.province_key(body.scope, facts.places) if body and body.scope else None
        if prov:
            provinces[m.person].add(rdf.place_iri(prov))
    home = {rdf.place_iri(facts.province)} if facts.province else set()
    return [
        Mention(key, p.name, fold(p.name), frozenset(bodies[key]), frozenset(provinces[key] | home), key in national)
        for key, p in facts.people.items()
    ]


def _tie(m: Mention, c: Candidate) -> tuple[int, str, str | None, str | None] | None:
    """(rank, rule, shared body, shared province) when the candidate is tied to the mention."""
    if shared := sorted(m.bodies & c.bodies):
        return (0, "shared-body", shared[0], None)
    if shared := sorted(m.provinces & c.provinces):
        return (1, "shared-province", None, shared[0])
    if m.national and c.national:
        return (2, "shared-national-tier", None, None)
    return None


def _new_iri(m: Mention, is_taken: Callable[[str], bool]) -> tuple[str, str]:
    base = slug(m.name)
    if not is_taken(rdf.person_iri(base)):
        return rdf.person_iri(base), "new"
    suffixes = [p.rstrip("/").rsplit("/", 1)[-1] for p in sorted(m.provinces)]
    for suffix in suffixes + [str(i) for i in range(2, 10_000)]:
        iri = rdf.person_iri(f"{base}-{suffix}")
        if not is_taken(iri):
            return iri, "new-homonym"
    raise RuntimeError(f"no free IRI for {m.name!r}")  # pragma: no cover


def decide(
    m: Mention, candidates: list[Candidate], prior: str | None, is_taken: Callable[[str], bool]
) -> IdentityDecision:
    """Apply the rule in the module docstring to one mention. Pure."""
    tied = sorted((t, c.iri) for c in candidates if (t := _tie(m, c)) is not None)
    chosen = next(((t, iri) for t, iri in tied if iri == prior), None) or (tied[0] if tied else None)
    if chosen is not None:
        (_, rule, body, place), iri = chosen
        return IdentityDecision(m.key, m.name, iri, rule, body, place)
    if prior and is_taken(prior):
        return IdentityDecision(m.key, m.name, prior, "same-article")
    iri, rule = _new_iri(m, is_taken)
    return IdentityDecision(m.key, m.name, iri, rule)


def resolve(
    facts: ArticleFacts,
    candidates: dict[str, list[Candidate]],
    prior: dict[str, str],
    is_taken: Callable[[str], bool],
) -> list[IdentityDecision]:
    """Decide every person of the article. `candidates` by folded name; `prior` by mention key;
    `is_taken(iri)` says whether other articles already use a person IRI."""
    minted: set[str] = set()
    out = []
    for m in mentions(facts):
        d = decide(m, candidates.get(m.name_key, []), prior.get(m.key), lambda iri: iri in minted or is_taken(iri))
        minted.add(d.person_iri)
        out.append(d)
    return out


# --- the store edge ------------------------------------------------------------------


Row = tuple[str, str, str | None, str | None]  # (name key, person IRI, "body"/"province", tie IRI)


NATIONAL_TIER = "national"  # the tie value of people holding posts in national bodies
ARTICLE_GRAPHS = f"{V.GRAPH}article/"


def _intern(value: str | None) -> str | None:
    """One string object for every repeat of a name key, IRI or tie (the index holds millions of them)."""
    return sys.intern(value) if value is not None else None


def _rows_by_graph(scan: Callable[[NamedNode], Iterable[tuple[str, str, str]]]) -> dict[str, list[Row]]:
    """The index rows each article graph states, from `scan(predicate)` -> (graph, subject, object) triples:
    five predicate scans joined in Python (far quicker than the equivalent SPARQL join). The same join reads
    the whole store, one stored graph or the quads about to be written, so what a write adds to the index is
    exactly what removing that article later takes away."""
    keys = {(g, person): key for g, person, key in scan(V.P["nameKey"])}
    body_of = {(g, m): body for g, m, body in scan(V.ORG_ORGANIZATION_P)}
    national = {(g, body) for g, body, _ in scan(V.P["national"])}
    provinces_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g, body, prov in scan(V.P["province"]):
        provinces_of[(g, body)].append(prov)
    rows: dict[str, list[Row]] = defaultdict(list)
    for (g, person), key in keys.items():
        rows[g].append((key, person, None, None))
    for g, person, prov in scan(V.P["provinceScope"]):
        if (g, person) in keys:
            rows[g].append((keys[(g, person)], person, "province", prov))
    for g, m, person in scan(V.ORG_MEMBER):
        body = body_of.get((g, m))
        if (g, person) not in keys or body is None:
            continue
        rows[g].append((keys[(g, person)], person, "body", body))
        if (g, body) in national:
            rows[g].append((keys[(g, person)], person, "national", NATIONAL_TIER))
        rows[g].extend((keys[(g, person)], person, "province", p) for p in provinces_of[(g, body)])
    return rows


def rows_of_quads(quads: Iterable[Quad]) -> list[Row]:
    """What one article's graph (its quads, before they are written) adds to the people index."""
    by_predicate: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for q in quads:
        by_predicate[q.predicate.value].append(("", q.subject.value, q.object.value))
    return _rows_by_graph(lambda p: by_predicate.get(p.value, [])).get("", [])


def stored_rows(store: StorePrimitives, article_id: str) -> list[Row]:
    """What the stored version of an article adds to the people index (a scan per predicate of its graph)."""
    graph = NamedNode(rdf.graph_iri(article_id))

    def scan(p: NamedNode) -> list[tuple[str, str, str]]:
        return [("", q.subject.value, q.object.value) for q in store.quads_for_pattern(None, p, None, graph)]

    return _rows_by_graph(scan).get("", [])


class PeopleIndex:
    """People by folded name with their ties, and how many articles state each tie.

    Kept in memory beside an open store (the directory lock makes this process the only
    writer), loaded once from the store and updated after each committed write, so an
    identity lookup is a few dict reads however large the store grows. It holds people and
    ties, never anything per article: what an article stated is read back from its stored
    graph when that article is rewritten or removed, so memory follows the people in the
    graph, not the number of articles.
    """

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = defaultdict(set)
        self._ties: dict[str, dict[tuple[str | None, str | None], int]] = defaultdict(dict)

    @classmethod
    def from_store(cls, store: StorePrimitives) -> PeopleIndex:
        """Load from the article graphs (one pass per predicate over the posg index, or one request each
        to a server)."""

        def scan(p: NamedNode) -> list[tuple[str, str, str]]:
            return [(q.graph_name.value, q.subject.value, q.object.value)
                    for q in store.named_quads_for_pattern(None, p, None)
                    if q.graph_name.value.startswith(ARTICLE_GRAPHS)]

        index = cls()
        for article_rows in _rows_by_graph(scan).values():
            index.add(article_rows)
        return index

    def ties(self) -> dict[str, dict[tuple[str | None, str | None], int]]:
        """Person -> (kind, tie) -> how many articles state it: all the index holds besides names."""
        return {person: dict(ties) for person, ties in self._ties.items() if ties}

    @staticmethod
    def _ties_of(rows: Iterable[Row]) -> set[tuple[str, str | None, str | None]]:
        return {(p, k, t) for _, p, k, t in rows}

    def add(self, rows: Iterable[Row]) -> None:
        """Count in what one article states."""
        rows = [tuple(_intern(x) for x in row) for row in rows]
        for name_key, person, _, _ in rows:
            self._names[name_key].add(person)  # type: ignore[index, arg-type]
        for person, kind, tie in self._ties_of(rows):  # type: ignore[arg-type]
            ties = self._ties[person]
            ties[(kind, tie)] = ties.get((kind, tie), 0) + 1

    def remove(self, rows: Iterable[Row]) -> None:
        """Count out what one article stated (its stored rows, before it is rewritten or removed)."""
        for person, kind, tie in self._ties_of(rows):
            ties = self._ties.get(person, {})
            left = ties.get((kind, tie), 0) - 1
            if left > 0:
                ties[(kind, tie)] = left
            else:
                ties.pop((kind, tie), None)

    def _stated_elsewhere(self, person: str, mine: set[tuple[str, str | None, str | None]]
                          ) -> list[tuple[str | None, str | None]]:
        return [t for t, n in self._ties.get(person, {}).items() if n > ((person, *t) in mine)]

    def candidates(self, name_keys: set[str], mine: Iterable[Row] = ()) -> dict[str, list[Candidate]]:
        """Existing people by folded name and their ties, as articles other than this one state them
        (`mine`: the rows of the article's stored version, so re-ingesting it decides exactly as the first
        time)."""
        own = self._ties_of(mine)
        out: dict[str, list[Candidate]] = {}
        for key in name_keys:
            found = []
            for person in sorted(self._names.get(key, ())):
                ties = self._stated_elsewhere(person, own)
                if ties:
                    bodies = frozenset(t for k, t in ties if k == "body" and t)
                    found.append(Candidate(person, bodies, frozenset(t for k, t in ties if k == "province" and t),
                                           any(k == "national" for k, _ in ties)))
            out[key] = found
        return out

    def in_use(self, iri: str, mine: Iterable[Row] = ()) -> bool:
        """Whether an article other than the one that stated `mine` uses the person IRI."""
        return bool(self._stated_elsewhere(iri, self._ties_of(mine)))


def lookup_prior(store: StorePrimitives, article_id: str) -> dict[str, str]:
    """Mention key -> person IRI as the stored version of this article decided them (two scans of its graph,
    joined here: two requests to a server however many people the article names)."""
    graph = NamedNode(rdf.graph_iri(article_id))
    resolved: dict[Any, list[str]] = defaultdict(list)
    for r in store.quads_for_pattern(None, V.P["resolvedTo"], None, graph):
        resolved[r.subject].append(r.object.value)
    out = {}
    for q in store.quads_for_pattern(None, V.P["mentionKey"], None, graph):
        for person in resolved.get(q.subject, ()):
            out[q.object.value] = person
    return out


def identify(store: StorePrimitives, index: PeopleIndex, facts: ArticleFacts,
             mine: list[Row]) -> list[IdentityDecision]:
    """Resolve the article's people against every article stored before it (`mine`: the index rows of the
    article's stored version, empty for a new article)."""
    aid = facts.article.id
    keys = {fold(p.name) for p in facts.people.values()}
    prior = lookup_prior(store, aid) if mine else {}
    return resolve(facts, index.candidates(keys, mine), prior, lambda iri: index.in_use(iri, mine))
