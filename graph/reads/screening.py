"""What a screening export needs in bulk: every person's names, every body's description, which articles
state each node, and each article's URL, site and date (graph/ftm.py builds FollowTheMoney entities from them).

Every function takes a store and returns plain dicts; a handful of queries, whatever the size of the graph."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from provkg.graph import rdf
from provkg.graph import vocab as V
from provkg.graph.ids import ARTICLE_GRAPH_PREFIX
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.names import labels, names
from provkg.graph.reads.rows import as_date, rows


def people(store: StorePrimitives) -> dict[str, dict[str, Any]]:
    """Person IRI -> its display name and every other name it carries."""
    all_names = names(store, "person")
    shown = labels(store, all_names)
    return {iri: {"name": shown.get(iri) or (ns[0] if ns else iri), "aliases": sorted(set(ns) - {shown.get(iri)})}
            for iri, ns in all_names.items()}


BODY_PROPS = {V.SKOS_PREF.value: "labels", V.SKOS_ALT.value: "alt_labels", V.ORG_SUB_ORG_OF.value: "parents",
              V.P["national"].value: "national", V.P["bodyKind"].value: "kind", V.P["province"].value: "province"}


def bodies(store: StorePrimitives) -> dict[str, dict[str, Any]]:
    """Body IRI -> labels, alternative labels, parents, kind, national flag, province and the province's name."""
    out: dict[str, dict[str, Any]] = defaultdict(lambda: {k: set() for k in BODY_PROPS.values()})
    q = """SELECT ?b ?p ?o WHERE { ?b a org:Organization ; ?p ?o . VALUES ?p { skos:prefLabel skos:altLabel
      org:subOrganizationOf provkg:national provkg:bodyKind provkg:province } }"""
    for r in rows(store, q):
        out[r["b"]][BODY_PROPS[r["p"]]].add(r["o"])
    provinces = labels(store, {p for b in out.values() for p in b["province"]})
    result = {}
    for iri, b in out.items():
        pref = sorted(b["labels"])
        province = min(b["province"], default=None)
        result[iri] = {"name": pref[0] if pref else iri, "aliases": sorted((b["labels"] | b["alt_labels"]) -
                                                                          set(pref[:1])),
                       "parents": sorted(b["parents"]), "kind": min(b["kind"], default=None),
                       "national": "true" in b["national"], "province": province,
                       "province_name": provinces.get(province) if province else None}
    return result


def stated_in(store: StorePrimitives) -> dict[str, set[str]]:
    """Person, body and post IRI -> the articles whose graphs state it."""
    out: dict[str, set[str]] = defaultdict(set)
    q = """SELECT ?x ?g WHERE { GRAPH ?g { ?x a ?t } VALUES ?t { foaf:Person org:Organization org:Membership } }"""
    for r in rows(store, q):
        if r["g"].startswith(ARTICLE_GRAPH_PREFIX):
            out[r["x"]].add(rdf.article_iri(rdf.article_id_of_graph(r["g"])))
    return out


def article_sources(store: StorePrimitives) -> dict[str, dict[str, Any]]:
    """Article IRI -> its URL (None when the file had none), site and publication date."""
    out: dict[str, dict[str, Any]] = defaultdict(lambda: {"url": None, "site": None, "date": None})
    q = """SELECT ?a ?p ?o WHERE { ?a a schema:NewsArticle ; ?p ?o . VALUES ?p { schema:url provkg:site
      schema:datePublished } }"""
    for r in rows(store, q):
        a = out[r["a"]]
        if r["p"] == V.SCHEMA_URL.value:
            a["url"] = r["o"]
        elif r["p"] == V.P["site"].value:
            a["site"] = r["o"]
        else:
            d: date | None = as_date(r["o"])
            a["date"] = d
    return dict(out)
