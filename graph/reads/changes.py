"""Personnel changes: elections, appointments, reliefs, transfers and retirements, per reporting article.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import as_date, rows

CHANGES_QUERY = """SELECT ?m ?person ?body ?role ?change ?art ?adate ?start ?end ?sentence WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?r . ?r skos:prefLabel ?role .
  GRAPH ?g { ?m provkg:change ?change ; prov:wasDerivedFrom ?art .
    OPTIONAL { ?m org:memberDuring ?i . ?i time:hasBeginning ?b . ?b time:inXSDDate ?start }
    OPTIONAL { ?m org:memberDuring ?i2 . ?i2 time:hasEnd ?e . ?e time:inXSDDate ?end }
    OPTIONAL { ?m prov:qualifiedDerivation ?ev . ?ev prov:entity ?art ; provkg:sentence ?sentence } }
  OPTIONAL { ?art schema:datePublished ?adate } }"""


def personnel_changes(store: StorePrimitives) -> list[dict[str, Any]]:
    """Each (membership, article) stating an election, appointment, relief, transfer or retirement."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows(store, CHANGES_QUERY):
        key = (r["m"], r["art"])
        g = grouped.setdefault(key, {"membership": r["m"], "person": r["person"], "body": r["body"],
                                     "role": r["role"], "change": r["change"], "article": r["art"],
                                     "published": as_date(r.get("adate")), "start": None, "end": None,
                                     "sentences": set()})
        g["start"] = g["start"] or as_date(r.get("start"))
        g["end"] = g["end"] or as_date(r.get("end"))
        if "sentence" in r:
            g["sentences"].add(r["sentence"])
    return list(grouped.values())
