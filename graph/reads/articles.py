"""Articles: how many, a page newest first, the date range, and everything one article's graph states.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from provkg.graph import rdf
from provkg.graph.ids import KIND_PREFIX, article_id
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import as_date, iri_list, rows


def article_date_range(store: StorePrimitives) -> tuple[date | None, date | None]:
    q = "SELECT (MIN(?d) AS ?lo) (MAX(?d) AS ?hi) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }"
    r = rows(store, q)
    return (as_date(r[0].get("lo")), as_date(r[0].get("hi"))) if r else (None, None)


def count_articles(store: StorePrimitives) -> int:
    r = rows(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    return int(r[0]["n"]) if r else 0


def articles_page(store: StorePrimitives, limit: int, offset: int) -> list[dict[str, Any]]:
    """Articles newest first (undated last), one page, with headline, date, url and province."""
    # ordered outside the grouping subquery: Virtuoso refuses an aggregate's alias in the same query's ORDER BY
    q = f"""SELECT ?a ?headline ?date ?url ?province WHERE {{
      {{ SELECT ?a (SAMPLE(?h) AS ?headline) (MIN(?d) AS ?date) (SAMPLE(?u) AS ?url) (SAMPLE(?p) AS ?province)
      WHERE {{ ?a a schema:NewsArticle . OPTIONAL {{ ?a schema:headline ?h }} OPTIONAL {{ ?a schema:datePublished ?d }}
      OPTIONAL {{ ?a schema:url ?u }} OPTIONAL {{ ?a provkg:province ?p }} }} GROUP BY ?a }} }}
      ORDER BY DESC(BOUND(?date)) DESC(?date) ?a LIMIT {int(limit)} OFFSET {int(offset)}"""
    return [{"iri": r["a"], "headline": r.get("headline"), "date": as_date(r.get("date")), "url": r.get("url"),
             "province": r.get("province")} for r in rows(store, q)]


def article(store: StorePrimitives, ident: str) -> dict[str, Any] | None:
    """Everything extracted from one article, read from its own named graph."""
    article_iri = rdf.article_iri(ident)
    g = f"<{rdf.graph_iri(ident)}>"
    a = iri_list([article_iri])
    meta = rows(store, f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ {a} ?p ?o }} }}")
    if not meta:
        return None
    by: dict[str, list[str]] = defaultdict(list)
    for r in meta:
        by[r["p"]].append(r["o"])

    def graph_rows(pattern: str, select: str) -> list[dict[str, str]]:
        return rows(store, f"SELECT {select} WHERE {{ GRAPH {g} {{ {pattern} }} }}")

    ev = "OPTIONAL { ?x prov:qualifiedDerivation ?ev . ?ev provkg:sentence ?sentence }"
    out: dict[str, Any] = {
        "iri": article_iri, "by": by,
        "people": graph_rows(f'?x a foaf:Person ; foaf:name ?n FILTER(STRSTARTS(STR(?x), "{KIND_PREFIX["person"]}"))',
                             "?x ?n"),
        "bylines": graph_rows(f"{a} schema:author|schema:translator ?x . ?x foaf:name ?n", "?x ?n"),
        "organizations": graph_rows("?x a org:Organization ; skos:prefLabel ?n", "?x ?n"),
        "places": graph_rows("?x a schema:Place ; skos:prefLabel ?n", "?x ?n"),
        "positions": graph_rows(
            "?x a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?r . "
            "?r skos:prefLabel ?role . OPTIONAL { ?x provkg:status ?status } OPTIONAL { ?x provkg:change ?change } "
            "OPTIONAL { ?x org:memberDuring/time:hasBeginning/time:inXSDDate ?start } "
            "OPTIONAL { ?x org:memberDuring/time:hasEnd ?e OPTIONAL { ?e time:inXSDDate ?end } "
            "OPTIONAL { ?e provkg:endedNoLaterThan ?endBy } } " + ev,
            "?x ?person ?body ?role ?status ?change ?start ?end ?endBy ?sentence"),
        "merges": graph_rows("?x a org:ChangeEvent ; org:originalOrganization ?src ; org:resultingOrganization ?res . "
                             "OPTIONAL { ?x dcterms:date ?date } " + ev, "?x ?src ?res ?date ?sentence"),
        "campaigns": graph_rows("?x a provkg:Campaign ; skos:prefLabel ?n . " + ev, "?x ?n ?sentence"),
        "events": graph_rows("?x a schema:Event . OPTIONAL { ?x schema:name ?n } "
                             "OPTIONAL { ?x schema:startDate ?date } " + ev, "?x ?n ?date ?sentence"),
        # where each fact's sentences lie in the article's schema:text (oa:TextPositionSelector offsets)
        "spans": graph_rows("?x prov:qualifiedDerivation ?ev . ?ev oa:hasSelector ?sel . "
                            "?sel oa:start ?start ; oa:end ?end", "?x ?start ?end"),
    }
    return out


def ingest_times(store: StorePrimitives, articles: Iterable[str] | None = None) -> dict[str, datetime]:
    """Article IRI -> when its graph was written (graph/store.ingest_time_quad), for these articles or all."""
    arts = None if articles is None else set(articles)
    if arts is not None and not arts:
        return {}
    graphs = "" if arts is None else f"VALUES ?g {{ {iri_list(rdf.graph_iri(article_id(a)) for a in arts)} }}"
    out = {}
    for r in rows(store, f"SELECT ?g ?t WHERE {{ {graphs} GRAPH ?g {{ ?g prov:generatedAtTime ?t }} }}"):
        try:
            when = datetime.fromisoformat(r["t"].replace("Z", "+00:00"))
        except ValueError:
            continue
        out[rdf.article_iri(rdf.article_id_of_graph(r["g"]))] = when
    return out
