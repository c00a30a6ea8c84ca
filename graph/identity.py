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
     a post in ("shared-province").
   A shared body beats a shared province; among equals the smallest IRI wins.
3. Lookups ignore the article's own earlier version, so re-ingesting an unchanged
   article decides exactly as the first time. When nothing ties a mention but the
   earlier version chose a person other articles also use, that choice is kept
   ("same-article"); among tied candidates the earlier choice is preferred.
4. Otherwise the mention is a new person ("new"). Its IRI is the name's slug; when a
   homonym already holds that slug the province slug is appended, then -2, -3 ...
   ("new-homonym"), so homonyms in different provinces with nothing in common stay apart.

Every decision is written into the article's graph as a provkg:IdentityDecision
(mention, article, chosen person, rule, and the body or province that tied them), so
a wrong merge can be found and undone by re-ingesting with a corrected rule.

`resolve` is pure; `identify` adds the store lookup at the edge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph
from provkg.graph import rdf
from provkg.ingest.facts import ArticleFacts
from provkg.ingest.text import fold, slug


@dataclass(frozen=True)
class IdentityDecision:
    mention_key: str
    mention_name: str
    person_iri: str
    rule: str  # same-article, shared-body, shared-province, new, new-homonym
    shared_body: str | None = None  # body IRI that tied mention and person
    shared_place: str | None = None  # province IRI that tied them


@dataclass(frozen=True)
class Candidate:
    """An existing person node with the same folded name, and what ties it to the world."""

    iri: str
    bodies: frozenset[str] = frozenset()  # body IRIs it holds posts in
    provinces: frozenset[str] = frozenset()  # province IRIs it is tied to


@dataclass(frozen=True)
class Mention:
    key: str
    name: str
    name_key: str
    bodies: frozenset[str]
    provinces: frozenset[str]


def mentions(facts: ArticleFacts) -> list[Mention]:
    """Each person of the article with the bodies and provinces the article ties them to."""
    bodies: dict[str, set[str]] = defaultdict(set)
    provinces: dict[str, set[str]] = defaultdict(set)
    for m in facts.memberships:
        bodies[m.person].add(rdf.body_iri(m.body))
        body = facts.bodies.get(m.body)
        prov = rdf.province_key(body.scope, facts.places) if body and body.scope else None
        if prov:
            provinces[m.person].add(rdf.place_iri(prov))
    home = {rdf.place_iri(facts.province)} if facts.province else set()
    return [
        Mention(key, p.name, fold(p.name), frozenset(bodies[key]), frozenset(provinces[key] | home))
        for key, p in facts.people.items()
    ]


def _tie(m: Mention, c: Candidate) -> tuple[int, str, str | None, str | None] | None:
    """(rank, rule, shared body, shared province) when the candidate is tied to the mention."""
    if shared := sorted(m.bodies & c.bodies):
        return (0, "shared-body", shared[0], None)
    if shared := sorted(m.provinces & c.provinces):
        return (1, "shared-province", None, shared[0])
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
        d = decide(
            m, candidates.get(m.name_key, []), prior.get(m.key), lambda iri: iri in minted or is_taken(iri)
        )
        minted.add(d.person_iri)
        out.append(d)
    return out


# --- the store edge ------------------------------------------------------------------


def _value(term: object) -> str:
    return term.value if term is not None else ""  # type: ignore[attr-defined]


def lookup_candidates(
    store: pyoxigraph.Store, name_keys: set[str], article_id: str
) -> dict[str, list[Candidate]]:
    """Existing people by folded name and their ties, as other articles state them."""
    if not name_keys:
        return {}
    bodies: dict[tuple[str, str], set[str]] = defaultdict(set)
    provinces: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(rdf.identity_candidates_query(name_keys, article_id)):
        key = (_value(row["key"]), _value(row["person"]))
        bodies.setdefault(key, set())  # a person with no ties is still a candidate
        if row["body"] is not None:
            bodies[key].add(_value(row["body"]))
        if row["province"] is not None:
            provinces[key].add(_value(row["province"]))
    out: dict[str, list[Candidate]] = defaultdict(list)
    for (name_key, iri), b in sorted(bodies.items()):
        out[name_key].append(Candidate(iri, frozenset(b), frozenset(provinces[(name_key, iri)])))
    return dict(out)


def lookup_prior(store: pyoxigraph.Store, article_id: str) -> dict[str, str]:
    return {_value(r["key"]): _value(r["person"]) for r in store.query(rdf.prior_decisions_query(article_id))}


def person_in_use(store: pyoxigraph.Store, iri: str, article_id: str) -> bool:
    """Whether an article other than this one already uses the person IRI."""
    return bool(store.query(rdf.person_in_use_query(iri, article_id)))


def identify(store: pyoxigraph.Store, facts: ArticleFacts) -> list[IdentityDecision]:
    """Resolve the article's people against everything stored before it."""
    keys = {fold(p.name) for p in facts.people.values()}
    aid = facts.article.id
    return resolve(
        facts,
        lookup_candidates(store, keys, aid),
        lookup_prior(store, aid),
        lambda iri: person_in_use(store, iri, aid),
    )
