"""Where facts come from: the articles stating a fact, their dates and headlines, and the sentences.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads import sources as S
from provkg.graph.reads.rows import as_date, iri_list, rows


def article_meta(store: StorePrimitives, articles: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Article IRI -> its date and headline (a UNION: pyoxigraph plans it far better than two VALUES)."""
    arts = set(articles)
    out: dict[str, dict[str, Any]] = {a: {"date": None, "headline": None} for a in arts}
    if not arts:
        return out
    q = f"""SELECT ?a ?d ?h WHERE {{ VALUES ?a {{ {iri_list(arts)} }}
      {{ ?a schema:datePublished ?d }} UNION {{ ?a schema:headline ?h }} }}"""
    for r in rows(store, q):
        if "d" in r:
            out[r["a"]]["date"] = as_date(r["d"])
        if "h" in r:
            out[r["a"]]["headline"] = r["h"]
    return out


def evidence_page(store: StorePrimitives, facts: Iterable[str], limit: int | None = None,
                  prefer: dict[str, Sequence[str]] | None = None,
                  records: Callable[[set[str]], dict[str, S.Record]] | None = None,
                  ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Fact IRI -> up to `limit` sources (the `prefer`red articles first, then oldest), and how many it has.

    Each source is a dict: article, date, headline, sentence (one item per sentence the article gives
    for the fact) and observed (the day a post is reported on, provkg:observedOn; None for other facts).

    A post named in thousands of articles would otherwise send thousands of sentences. With a limit
    (at most graph/reads/sources.KEPT / 2), each fact's count and earliest sources (date, headline,
    sentences) come from `records` (the store's read models, graph/read_models.py, kept at write
    time), else from graph/reads/sources.count_sources: either way a bounded number of queries, and
    only the preferred articles outside the earliest are looked up."""
    facts = set(facts)
    if not facts:
        return {}, {}
    if limit is None:
        return _every_source(store, facts)
    if limit * 2 > S.KEPT:
        raise ValueError(f"at most {S.KEPT // 2} sources per fact are kept for a page")
    found = records(facts) if records is not None else S.count_sources(store, facts)
    totals = {x: r.total for x, r in found.items()}
    known = {x: {s.article: s for s in r.earliest} for x, r in found.items()}
    wanted = {(x, a) for x in totals for a in list((prefer or {}).get(x, ()))[:limit]}
    held = {(x, a) for x, a in wanted if a in known[x]}
    if wanted - held:
        pairs_text = " ".join(f"({iri_list([x])} {iri_list([a])})" for x, a in sorted(wanted - held))
        held |= {(r["x"], r["art"]) for r in rows(store, f"""SELECT ?x ?art WHERE {{
          VALUES (?x ?art) {{ {pairs_text} }} ?x prov:wasDerivedFrom ?art }}""")}
    picked = {}
    for x in sorted(totals):
        first = [a for a in dict.fromkeys(list((prefer or {}).get(x, ()))[:limit]) if (x, a) in held]
        oldest = [s.article for s in found[x].earliest[:limit + len(first)]]
        picked[x] = list(dict.fromkeys(first + oldest))[:limit]
    looked_up = {(x, a) for x, arts in picked.items() for a in arts if a not in known[x]}
    meta = article_meta(store, {a for _, a in looked_up})
    sentences = S.sentences(store, looked_up)
    out: dict[str, list[dict[str, Any]]] = {}
    for x, arts in picked.items():
        items = []
        for a in arts:
            if a in known[x]:
                s = known[x][a]
                info = {"date": as_date(s.date), "headline": s.headline}
                said, seen = list(s.sentences), s.observed
            else:
                info = meta[a]
                said, seen = list(sentences.get((x, a), ((), None))[0]), sentences.get((x, a), ((), None))[1]
            for sentence in sorted(said or [None]):
                items.append({"article": a, **info, "sentence": sentence, "observed": as_date(seen)})
        out[x] = items
    return out, totals


def _every_source(store: StorePrimitives, facts: set[str]) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Every source of each fact, oldest first (the views' evidence: no limit)."""
    pairs = rows(store, f"SELECT ?x ?art WHERE {{ VALUES ?x {{ {iri_list(facts)} }} ?x prov:wasDerivedFrom ?art }}")
    by_fact: dict[str, list[str]] = defaultdict(list)
    for r in pairs:
        by_fact[r["x"]].append(r["art"])
    meta = article_meta(store, {r["art"] for r in pairs})
    picked = {x: sorted(set(arts), key=lambda a: (meta[a]["date"] or date.max, a)) for x, arts in by_fact.items()}
    sentences = S.sentences(store, [(x, a) for x, arts in picked.items() for a in arts])
    out = {x: [{"article": a, **meta[a], "sentence": sentence, "observed": as_date(sentences[(x, a)][1])}
               for a in arts for sentence in sorted(sentences[(x, a)][0] or [None])] for x, arts in picked.items()}
    return out, {x: len(arts) for x, arts in picked.items()}


def evidence(store: StorePrimitives, facts: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Fact IRI -> every source: article IRI, date, headline and sentence, oldest first."""
    return evidence_page(store, facts)[0]
