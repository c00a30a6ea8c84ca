"""People: names, aliases and province scope of a person, and the bodies they hold posts in.

Every function takes a store and returns plain dicts or graph/tenure dataclasses; IRIs put into
queries come from the store or from graph/ids.iri_for, never from raw user text."""

from __future__ import annotations

from typing import Any

from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import iri_list, rows


def person(store: StorePrimitives, iri: str) -> dict[str, Any] | None:
    q = f"""SELECT ?n ?alt ?scope WHERE {{ VALUES ?x {{ {iri_list([iri])} }} ?x a foaf:Person ; foaf:name ?n .
      OPTIONAL {{ ?x skos:altLabel ?alt }} OPTIONAL {{ ?x provkg:provinceScope ?scope }} }}"""
    rs = rows(store, q)
    if not rs:
        return None
    all_names = sorted({r["n"] for r in rs} | {r["alt"] for r in rs if "alt" in r})
    return {"iri": iri, "names": all_names, "provinces": sorted({r["scope"] for r in rs if "scope" in r})}


def bodies_of_person(store: StorePrimitives, iri: str) -> list[str]:
    q = f"""SELECT DISTINCT ?b WHERE {{ ?m org:member {iri_list([iri])} ; org:organization ?b }}"""
    return [r["b"] for r in rows(store, q)]
