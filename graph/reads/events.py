"""Conferences, meetings, sessions, congresses and ceremonies.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import SEP, as_date, local_types, rows, split_values

EVENTS_QUERY = f"""SELECT ?e (MIN(STR(?n)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator="{SEP}") AS ?types)
  (MIN(?d) AS ?date) (GROUP_CONCAT(DISTINCT STR(?o); separator="{SEP}") AS ?organisers)
  (GROUP_CONCAT(DISTINCT STR(?a); separator="{SEP}") AS ?attendees) (SAMPLE(?loc) AS ?location) WHERE {{
  ?e a schema:Event ; a ?t . OPTIONAL {{ ?e schema:name ?n }} OPTIONAL {{ ?e schema:startDate ?d }}
  OPTIONAL {{ ?e schema:organizer ?o }} OPTIONAL {{ ?e schema:attendee ?a }} OPTIONAL {{ ?e schema:location ?loc }}
}} GROUP BY ?e"""


def events(store: StorePrimitives) -> list[dict[str, Any]]:
    return [{"iri": r["e"], "name": r.get("name"), "types": local_types(r.get("types")),
             "date": as_date(r.get("date")), "organisers": split_values(r.get("organisers")),
             "attendees": split_values(r.get("attendees")), "location": r.get("location")}
            for r in rows(store, EVENTS_QUERY)]
