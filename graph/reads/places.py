"""Administrative units and sites.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import SEP, local_types, rows

PLACES_QUERY = f"""SELECT ?p (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (SAMPLE(?parent) AS ?within) (SAMPLE(?code) AS ?adminCode) (SAMPLE(?era) AS ?eraName) WHERE {{
  ?p a schema:Place ; a ?t ; skos:prefLabel ?n . OPTIONAL {{ ?p schema:containedInPlace ?parent }}
  OPTIONAL {{ ?p provkg:adminCode ?code }} OPTIONAL {{ ?p provkg:era ?era }}
}} GROUP BY ?p"""


def places(store: StorePrimitives) -> list[dict[str, Any]]:
    return [{"iri": r["p"], "name": r["name"], "types": local_types(r.get("types")), "within": r.get("within"),
             "code": r.get("adminCode"), "era": r.get("eraName")} for r in rows(store, PLACES_QUERY)]
