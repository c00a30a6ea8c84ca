"""Display labels and every name a node carries (search reads these).

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections.abc import Iterable

from provkg.graph.ids import KIND_PREFIX
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import SEP, iri_list, rows, split_values


def labels(store: StorePrimitives, iris: Iterable[str]) -> dict[str, str]:
    """One display label per node (the smallest, so it is stable across calls).

    Here and below MIN compares STR(label): Virtuoso orders long stored strings by when they were stored."""
    iris = set(iris)
    if not iris:
        return {}
    articles = {i for i in iris if i.startswith(KIND_PREFIX["article"])}  # graph/rdf.py labels them by headline only
    parts = [f"{{ VALUES ?x {{ {iri_list(some)} }} ?x {path} ?l }}"
             for some, path in ((articles, "schema:headline"),
                                (iris - articles, "skos:prefLabel|foaf:name|schema:name|schema:headline")) if some]
    q = f"SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {{ {' UNION '.join(parts)} }} GROUP BY ?x"
    return {r["x"]: r["label"] for r in rows(store, q) if "label" in r}


NAME_QUERIES: dict[str, str] = {
    "person": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a foaf:Person . {{ ?x foaf:name ?n }} UNION {{ ?x skos:altLabel ?n }}
      FILTER(STRSTARTS(STR(?x), "{KIND_PREFIX['person']}")) }} GROUP BY ?x""",
    "organization": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a org:Organization . {{ ?x skos:prefLabel ?n }} UNION {{ ?x skos:altLabel ?n }} }} GROUP BY ?x""",
    "campaign": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a provkg:Campaign ; skos:prefLabel ?n }} GROUP BY ?x""",
    "event": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:Event ; schema:name ?n }} GROUP BY ?x""",
    "place": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:Place . {{ ?x skos:prefLabel ?n }} UNION {{ ?x skos:altLabel ?n }} }} GROUP BY ?x""",
    "article": f"""SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator="{SEP}") AS ?names) WHERE {{
      ?x a schema:NewsArticle ; schema:headline ?n }} GROUP BY ?x""",
}


def names(store: StorePrimitives, kind: str) -> dict[str, list[str]]:
    """Node IRI -> every name or label it carries (variants and aliases too), for one kind."""
    return {r["x"]: split_values(r.get("names")) for r in rows(store, NAME_QUERIES[kind])}
