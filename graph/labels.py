"""One skos:prefLabel per body, the same whatever order the articles came in.

Two articles may print one body differently ("... Mass Mobilization Board", "... Mass Mobilization
Committee"): ingest/bodies.py gives both the same key, and each article's graph labels the body as
that article printed it. After writes (graph/store.Store.refresh_inferences, beside the tenures),
`reconcile` makes the labels agree across the graphs: the body's canonical name is the first of all
its names (skos:prefLabel and skos:altLabel in any article graph) by `rank`, a fixed order that does
not depend on which article came first; every article graph naming the body then states that name
as its skos:prefLabel and its own other names as skos:altLabel, and the default graph, the set-union,
follows. SKOS keeps prefLabel and altLabel disjoint, so the canonical name is never also an altLabel.
A name once canonical stays in the graphs that were relabelled, so removing the only article that
printed it does not bring back another (re-ingesting articles rebuilds the same labels).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from provkg.graph import vocab as V
from provkg.graph.ids import ARTICLE_GRAPH_PREFIX, KIND_PREFIX
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import iri_list
from provkg.ingest.text import fold
from pyoxigraph import Literal, NamedNode

BODIES_PER_UPDATE = 200
LABELS = (V.SKOS_PREF, V.SKOS_ALT)


def rank(name: str) -> tuple[int, str, str]:
    """The order canonical names are chosen in: fewest words, then alphabetically (diacritics and case
    ignored), then the exact text: a total order, so the choice depends only on the set of names."""
    return len(name.split()), fold(name).casefold(), name


def canonical(names: Iterable[str]) -> str:
    return min(names, key=rank)


def body_graph_labels(store: StorePrimitives, bodies: list[str] | None
                      ) -> dict[str, dict[str, dict[NamedNode, set[str]]]]:
    """Body IRI -> article graph IRI -> label property -> names, read from the article graphs."""
    values = f"VALUES ?b {{ {iri_list(bodies)} }}" if bodies is not None else ""
    q = f"""SELECT ?b ?g ?p ?l WHERE {{ {values} VALUES ?p {{ skos:prefLabel skos:altLabel }}
      GRAPH ?g {{ ?b ?p ?l }} FILTER(STRSTARTS(STR(?b), "{KIND_PREFIX['organization']}")
      && STRSTARTS(STR(?g), "{ARTICLE_GRAPH_PREFIX}")) }}"""
    out: dict[str, dict[str, dict[NamedNode, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for sol in store.query(q):
        out[sol["b"].value][sol["g"].value][sol["p"]].add(sol["l"].value)
    return out


def _wanted(names: set[str], canon: str) -> dict[NamedNode, set[str]]:
    """What one graph should state about a body it names: the canonical name, then its other names."""
    return {V.SKOS_PREF: {canon}, V.SKOS_ALT: names - {canon}}


def reconcile(store: StorePrimitives, bodies: Iterable[str] | None = None) -> int:
    """Give each body (every body when None) one canonical prefLabel in every article graph and in the
    default graph; the number of bodies whose labels changed."""
    wanted_bodies = None if bodies is None else sorted(set(bodies))
    if wanted_bodies is not None and not wanted_bodies:
        return 0
    chunks = [wanted_bodies[i:i + BODIES_PER_UPDATE] for i in range(0, len(wanted_bodies), BODIES_PER_UPDATE)] \
        if wanted_bodies is not None else [None]
    changed = 0
    for chunk in chunks:
        stated = body_graph_labels(store, chunk)
        gone: dict[str, set[tuple[NamedNode, NamedNode, str]]] = defaultdict(set)  # graph -> triples
        added: dict[str, set[tuple[NamedNode, NamedNode, str]]] = defaultdict(set)
        union_wanted: set[tuple[NamedNode, NamedNode, str]] = set()
        touched: list[str] = []
        for body, graphs in stated.items():
            b = NamedNode(body)
            canon = canonical({n for props in graphs.values() for names in props.values() for n in names})
            moved = False
            for g, props in graphs.items():
                names = {n for ns in props.values() for n in ns}
                now = {(b, p, n) for p, ns in props.items() for n in ns}
                want = {(b, p, n) for p, ns in _wanted(names, canon).items() for n in ns}
                union_wanted |= want
                if now != want:
                    gone[g] |= now - want
                    added[g] |= want - now
                    moved = True
            if moved:
                touched.append(body)
        if not touched:
            continue
        changed += len(touched)
        # the default graph keeps a triple while some graph states it: labels only article graphs state
        default_now = _default_labels(store, touched)
        union_wanted = {t for t in union_wanted if t[0].value in touched}
        drop, put = default_now - union_wanted, union_wanted - default_now
        store.update_data([*(("DELETE DATA", g, _lines(gone[g])) for g in sorted(gone)),
                           *(("INSERT DATA", g, _lines(added[g])) for g in sorted(added)),
                           ("DELETE DATA", None, _lines(drop)),
                           ("INSERT DATA", None, _lines(put))])
    return changed


def _default_labels(store: StorePrimitives, bodies: list[str]) -> set[tuple[NamedNode, NamedNode, str]]:
    q = f"""SELECT ?b ?p ?l WHERE {{ VALUES ?b {{ {iri_list(bodies)} }} VALUES ?p {{ skos:prefLabel skos:altLabel }}
      {store.in_default("?b ?p ?l")} }}"""
    return {(NamedNode(s["b"].value), s["p"], s["l"].value) for s in store.query(q)}


def _lines(triples: Iterable[tuple[NamedNode, NamedNode, str]]) -> list[str]:
    return [f"{s} {p} {Literal(o)} ." for s, p, o in sorted(triples, key=str)]
