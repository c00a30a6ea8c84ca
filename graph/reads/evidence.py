"""Where facts come from: the articles stating a fact, their dates and headlines, and the sentences.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from provkg.graph import rdf
from provkg.graph.ids import article_id
from provkg.graph.primitives import StorePrimitives
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
                  prefer: dict[str, Sequence[str]] | None = None
                  ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Fact IRI -> up to `limit` sources (the `prefer`red articles first, then oldest), and how many it has.

    Each source is a dict: article, date, headline, sentence (one item per sentence the article gives
    for the fact) and observed (the day a post is reported on, provkg:observedOn; None for other facts).

    A post named in thousands of articles would otherwise send thousands of sentences: with
    a limit, the store counts the articles and picks the oldest few per fact (ORDER BY ...
    LIMIT), so only those are read, however often the fact is reported."""
    facts = set(facts)
    if not facts:
        return {}, {}
    if limit is None:
        pairs = rows(store, f"SELECT ?x ?art WHERE {{ VALUES ?x {{ {iri_list(facts)} }} "
                            "?x prov:wasDerivedFrom ?art }")
        by_fact: dict[str, list[str]] = defaultdict(list)
        for r in pairs:
            by_fact[r["x"]].append(r["art"])
        meta = article_meta(store, {r["art"] for r in pairs})
        picked = {x: sorted(set(arts), key=lambda a: (meta[a]["date"] or date.max, a)) for x, arts in by_fact.items()}
        totals = {x: len(arts) for x, arts in picked.items()}
    else:
        totals = {r["x"]: int(r["n"]) for r in rows(store, f"""SELECT ?x (COUNT(DISTINCT ?art) AS ?n) WHERE {{
          VALUES ?x {{ {iri_list(facts)} }} ?x prov:wasDerivedFrom ?art }} GROUP BY ?x""")}
        wanted = {(x, a) for x in totals for a in list((prefer or {}).get(x, ()))[:limit]}
        held: set[tuple[str, str]] = set()
        if wanted:
            pairs_text = " ".join(f"({iri_list([x])} {iri_list([a])})" for x, a in sorted(wanted))
            held = {(r["x"], r["art"]) for r in rows(store, f"""SELECT ?x ?art WHERE {{
              VALUES (?x ?art) {{ {pairs_text} }} ?x prov:wasDerivedFrom ?art }}""")}
        picked = {}
        for x in sorted(totals):
            first = [a for a in dict.fromkeys(list((prefer or {}).get(x, ()))[:limit]) if (x, a) in held]
            oldest = [r["art"] for r in rows(store, f"""SELECT ?art WHERE {{
              {iri_list([x])} prov:wasDerivedFrom ?art OPTIONAL {{ ?art schema:datePublished ?d }} }}
              ORDER BY (!BOUND(?d)) ?d ?art LIMIT {limit + len(first)}""")]
            picked[x] = list(dict.fromkeys(first + oldest))[:limit]
        meta = article_meta(store, {a for arts in picked.values() for a in arts})
    chosen = {rdf.evidence_iri(x, article_id(a)): x for x, arts in picked.items() for a in arts}
    sentences: dict[str, list[str]] = defaultdict(list)
    observed: dict[str, str] = {}
    if chosen:
        q = f"""SELECT ?ev ?s ?o WHERE {{ VALUES ?ev {{ {iri_list(chosen)} }}
          {{ ?ev provkg:sentence ?s }} UNION {{ ?ev provkg:observedOn ?o }} }}"""
        for r in rows(store, q):
            if "s" in r:
                sentences[r["ev"]].append(r["s"])
            if "o" in r:
                observed[r["ev"]] = min(observed.get(r["ev"], r["o"]), r["o"])
    out: dict[str, list[dict[str, Any]]] = {}
    for x, arts in picked.items():
        items = []
        for a in arts:
            ev = rdf.evidence_iri(x, article_id(a))
            for sentence in sorted(sentences.get(ev, [None])):
                items.append({"article": a, **meta[a], "sentence": sentence, "observed": as_date(observed.get(ev))})
        out[x] = items
    return out, totals


def evidence(store: StorePrimitives, facts: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Fact IRI -> every source: article IRI, date, headline and sentence, oldest first."""
    return evidence_page(store, facts)[0]
