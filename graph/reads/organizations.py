"""Bodies: the list with kind and province, one body's labels and structure, provinces by bodies.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from provkg.graph import vocab as V
from provkg.graph.ids import id_of
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import iri_list, rows


def provinces(store: StorePrimitives) -> list[dict[str, Any]]:
    """Provinces bodies belong to, with their body counts, most bodies first."""
    q = """SELECT ?p (MIN(STR(?l)) AS ?name) (COUNT(DISTINCT ?b) AS ?bodies) WHERE {
      ?b a org:Organization ; provkg:province ?p . OPTIONAL { ?p skos:prefLabel ?l } } GROUP BY ?p"""
    out = [{"iri": r["p"], "name": r.get("name") or id_of(r["p"]), "bodies": int(r["bodies"])} for r in rows(store, q)]
    return sorted(out, key=lambda r: (-r["bodies"], r["name"]))


ORGS_QUERY = """SELECT ?b (MIN(STR(?l)) AS ?name) (SAMPLE(?k) AS ?kind) (SAMPLE(?prov) AS ?province)
  (SAMPLE(?pl) AS ?provinceName) WHERE {
  ?b a org:Organization ; skos:prefLabel ?l . OPTIONAL { ?b provkg:bodyKind ?k }
  OPTIONAL { ?b provkg:province ?prov OPTIONAL { ?prov skos:prefLabel ?pl } } } GROUP BY ?b"""


def organizations(store: StorePrimitives) -> list[dict[str, Any]]:
    return [{"iri": r["b"], "name": r["name"], "kind": r.get("kind"), "province": r.get("province"),
             "province_name": r.get("provinceName")} for r in rows(store, ORGS_QUERY)]


def organization(store: StorePrimitives, iri: str) -> dict[str, Any] | None:
    q = f"""SELECT ?p ?o WHERE {{ VALUES ?x {{ {iri_list([iri])} }} ?x a org:Organization ; ?p ?o }}"""
    rs = rows(store, q)
    if not rs:
        return None
    by: dict[str, list[str]] = defaultdict(list)
    for r in rs:
        by[r["p"]].append(r["o"])
    kids = rows(store, f"SELECT ?c WHERE {{ ?c org:subOrganizationOf {iri_list([iri])} }}")
    pref = sorted(set(by[V.SKOS_PREF.value]))
    return {"iri": iri, "name": pref[0] if pref else id_of(iri), "labels": pref,
            "alt_labels": sorted(set(by[V.SKOS_ALT.value])),
            "kind": min(by[V.P["bodyKind"].value], default=None),
            "province": min(by[V.P["province"].value], default=None),
            "scope": min(by[V.P["scope"].value], default=None),
            "national": "true" in by[V.P["national"].value],
            "parents": sorted(set(by[V.ORG_SUB_ORG_OF.value])),
            "children": sorted({r["c"] for r in kids})}
