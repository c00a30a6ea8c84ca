"""Campaigns, emulation movements, projects, programmes, contests and awards.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import SEP, local_types, rows, split_values

CAMPAIGNS_QUERY = f"""SELECT ?c (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (MIN(?sy) AS ?start) (MAX(?ey) AS ?end) (SAMPLE(?bud) AS ?budget) (MAX(?par) AS ?participants)
  (GROUP_CONCAT(DISTINCT STR(?o); separator="{SEP}") AS ?organisers)
  (GROUP_CONCAT(DISTINCT STR(?pl); separator="{SEP}") AS ?places) WHERE {{
  ?c a provkg:Campaign ; a ?t ; skos:prefLabel ?n .
  OPTIONAL {{ ?c provkg:startYear ?sy }} OPTIONAL {{ ?c provkg:endYear ?ey }} OPTIONAL {{ ?c provkg:budget ?bud }}
  OPTIONAL {{ ?c provkg:participants ?par }} OPTIONAL {{ ?c provkg:organiser ?o }} OPTIONAL {{ ?c provkg:place ?pl }}
}} GROUP BY ?c"""


def campaigns(store: StorePrimitives) -> list[dict[str, Any]]:
    return [{"iri": r["c"], "name": r["name"], "types": local_types(r.get("types")),
             "start_year": int(r["start"]) if "start" in r else None,
             "end_year": int(r["end"]) if "end" in r else None, "budget": r.get("budget"),
             "participants": int(r["participants"]) if "participants" in r else None,
             "organisers": split_values(r.get("organisers")), "places": split_values(r.get("places"))}
            for r in rows(store, CAMPAIGNS_QUERY)]
