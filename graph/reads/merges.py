"""Mergers: every merger with its reports (for inference), in outline (for lineage and REST), and the
sentences stating them.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from provkg.graph import tenure
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.evidence import article_meta
from provkg.graph.reads.rows import as_date, iri_list, rows

MERGES_QUERY = """SELECT ?mg ?src ?res ?date ?art WHERE {
  ?mg a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res ; prov:wasDerivedFrom ?art .
  OPTIONAL { ?mg dcterms:date ?date } }"""


def merges(store: StorePrimitives) -> list[tenure.MergeFact]:
    """Every merger in the graph (few: lineage and tenure need all of them)."""
    parts: dict[str, dict[str, Any]] = {}
    found = rows(store, MERGES_QUERY)
    dates = {a: m["date"] for a, m in article_meta(store, {r["art"] for r in found}).items()}
    for r in found:
        p = parts.setdefault(r["mg"], {"src": set(), "res": set(), "dates": set(), "arts": {}})
        p["src"].add(r["src"])
        p["res"].add(r["res"])
        if d := as_date(r.get("date")):
            p["dates"].add(d)
        p["arts"][r["art"]] = dates.get(r["art"])
    return [tenure.MergeFact(iri=mg, sources=tuple(sorted(p["src"])), result=min(p["res"]),
                             date=min(p["dates"]) if p["dates"] else None,
                             articles=tuple(sorted(p["arts"].items())))
            for mg, p in sorted(parts.items())]


MERGE_OUTLINES_QUERY = """SELECT ?mg ?src ?res ?date WHERE {
  ?mg a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res .
  OPTIONAL { ?mg dcterms:date ?date } }"""


def merge_outlines(store: StorePrimitives) -> list[tenure.MergeFact]:
    """Every merger with its bodies, date and effective date, for lineage and REST (not for inference).

    `articles` holds only the earliest dated report, and only for an undated merger (what
    `effective` needs then), aggregated in the store: a merger reported by thousands of
    articles costs one row, where `merges` reads every report."""
    parts: dict[str, dict[str, Any]] = {}
    for r in rows(store, MERGE_OUTLINES_QUERY):
        p = parts.setdefault(r["mg"], {"src": set(), "res": set(), "dates": set(), "first": set()})
        p["src"].add(r["src"])
        p["res"].add(r["res"])
        if d := as_date(r.get("date")):
            p["dates"].add(d)
    undated = [mg for mg, p in parts.items() if not p["dates"]]
    if undated:
        for r in rows(store, f"""SELECT ?mg (MIN(CONCAT(STR(?d), " ", STR(?a))) AS ?first) WHERE {{
          VALUES ?mg {{ {iri_list(undated)} }} ?mg prov:wasDerivedFrom ?a . ?a schema:datePublished ?d }}
          GROUP BY ?mg"""):
            if "first" in r:
                day, _, art = r["first"].partition(" ")
                parts[r["mg"]]["first"].add((art, as_date(day)))
    return [tenure.MergeFact(iri=mg, sources=tuple(sorted(p["src"])), result=min(p["res"]),
                             date=min(p["dates"]) if p["dates"] else None,
                             articles=tuple(sorted(p["first"])))
            for mg, p in sorted(parts.items())]


MERGE_EVIDENCE_QUERY = """SELECT ?mg ?art ?sentence WHERE {
  ?mg a org:ChangeEvent ; prov:qualifiedDerivation ?ev . ?ev prov:entity ?art ; provkg:sentence ?sentence }"""


def merge_sentences(store: StorePrimitives) -> dict[tuple[str, str], list[str]]:
    """(merge IRI, article IRI) -> the sentences stating the merger."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows(store, MERGE_EVIDENCE_QUERY):
        out[(r["mg"], r["art"])].append(r["sentence"])
    return out
