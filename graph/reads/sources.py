"""How many articles state a fact, and the earliest of them with their dates, headlines and sentences.

Pages show a fact's first few sources and how many it has. `count_sources` reads that for any
facts in two queries (whatever their number); graph/read_models.py keeps the same `Record`s in
memory, up to date at write time, so that a page need not read a fact's whole history.

Every function takes a store and returns plain dataclasses; IRIs put into queries come from the
store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from provkg.graph import rdf, tenure
from provkg.graph.ids import article_id
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import iri_list, rows

SHOWN = 5  # sources a page shows per fact (the REST responses' `sources`; `sources_total` counts them all)
KEPT = 2 * SHOWN  # earliest sources a Record keeps: the preferred ones (tenure bounds) may push a few out
IRIS_PER_QUERY = 2_000
_UNDATED = "~"  # sorts after every ISO date


@dataclass(frozen=True)
class Source:
    """One article stating a fact: its IRI, date (ISO) and headline, and the fact's sentences in it (sorted)."""

    article: str
    date: str | None
    headline: str | None = None
    sentences: tuple[str, ...] = ()
    observed: str | None = None    # the day the article reports the fact on (provkg:observedOn), ISO

    @property
    def key(self) -> tuple[str, str]:
        """Earliest first by publication date, undated last, then by IRI (ORDER BY (!BOUND(?d)) ?d ?art)."""
        return (self.date or _UNDATED, self.article)


@dataclass(frozen=True)
class Record:
    """One fact's sources: how many articles state it, and the KEPT earliest of them, earliest first."""

    total: int
    earliest: tuple[Source, ...]

    def plus(self, other: Record) -> Record:
        """This record with another's articles added (they must be articles this one does not count)."""
        by_article = {s.article: s for s in (*self.earliest, *other.earliest)}
        return Record(self.total + other.total, earliest(by_article.values()))


def preferred(t: tenure.Tenure) -> list[str]:
    """The articles a page shows first for a post: those its tenure's bounds rest on, then those it was first
    and last seen in."""
    out: list[str] = []
    for b in (t.start, t.end):
        out += list(b.articles) if b else []
    out += t.first_seen_in[:1] + t.last_seen_in[-1:]
    return list(dict.fromkeys(out))


def earliest(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(heapq.nsmallest(KEPT, sources, key=lambda s: s.key))


def sentences(store: StorePrimitives, pairs: Iterable[tuple[str, str]]
              ) -> dict[tuple[str, str], tuple[tuple[str, ...], str | None]]:
    """(fact, article) -> the fact's sentences in that article (its evidence node's), sorted, and the day the
    article reports it on (provkg:observedOn, the earliest if several)."""
    evidence = {rdf.evidence_iri(x, article_id(a)): (x, a) for x, a in pairs}
    found: dict[tuple[str, str], set[str]] = {}
    days: dict[tuple[str, str], str] = {}
    keys = sorted(evidence)
    for i in range(0, len(keys), IRIS_PER_QUERY):
        q = f"""SELECT ?ev ?s ?o WHERE {{ VALUES ?ev {{ {iri_list(keys[i:i + IRIS_PER_QUERY])} }}
          {{ ?ev provkg:sentence ?s }} UNION {{ ?ev provkg:observedOn ?o }} }}"""
        for r in rows(store, q):
            pair = evidence[r["ev"]]
            if "s" in r:
                found.setdefault(pair, set()).add(r["s"])
            if "o" in r:
                days[pair] = min(days.get(pair, r["o"][:10]), r["o"][:10])
    return {pair: (tuple(sorted(found.get(pair, ()))), days.get(pair)) for pair in evidence.values()}


def count_sources(store: StorePrimitives, facts: Iterable[str]) -> dict[str, Record]:
    """The Records of these facts that have sources, read whole from the store: one query for every
    (fact, article, date, headline), one for the sentences of the earliest."""
    facts = sorted(set(facts))
    if not facts:
        return {}
    found: dict[str, dict[str, tuple[set[str], set[str]]]] = {}
    for r in rows(store, f"""SELECT ?x ?art ?d ?h WHERE {{ VALUES ?x {{ {iri_list(facts)} }}
      ?x prov:wasDerivedFrom ?art OPTIONAL {{ ?art schema:datePublished ?d }}
      OPTIONAL {{ ?art schema:headline ?h }} }}"""):
        days, heads = found.setdefault(r["x"], {}).setdefault(r["art"], (set(), set()))
        if "d" in r:
            days.add(r["d"][:10])
        if "h" in r:
            heads.add(r["h"])
    first = {x: earliest(Source(a, min(d, default=None), min(h, default=None)) for a, (d, h) in arts.items())
             for x, arts in found.items()}
    said = sentences(store, [(x, s.article) for x, srcs in first.items() for s in srcs])
    return {x: Record(len(found[x]), tuple(Source(s.article, s.date, s.headline, *said[(x, s.article)])
                                           for s in srcs)) for x, srcs in first.items()}
