"""The inference engine: keeps the inferred graph (tenures, graph/tenure.py) in step with the article graphs.

graph/tenure.py decides, purely, when each post began and ended; this module reads what it needs
(graph/reads/tenures.observations, graph/reads/merges) and writes the difference into the inferred
graph and, under the set-union rule, the default graph. graph/store.Store.refresh_inferences calls
`refresh` after writes with what they `Touched`, so a rebuild recomputes only those bodies, a few
bodies per update so that memory follows one body's history rather than the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from provkg.graph import occupancy, rdf, tenure
from provkg.graph import vocab as V
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads.rows import iri_list, rows
from provkg.graph.reads.tenures import BodyEnds, tenures_for_bodies
from pyoxigraph import NamedNode, Quad

BODIES_PER_REFRESH = 4  # bodies whose tenures one step of the rebuild holds in memory and writes at once
TRIPLES_PER_WRITE = 20_000  # the most inferred triples one update of a sweep deletes


@dataclass
class Touched:
    """What writes since the last inference rebuild touched, so the rebuild can be incremental."""

    bodies: set[str] = field(default_factory=set)
    memberships: set[str] = field(default_factory=set)  # includes ones a removal may have left without facts
    merges: set[str] = field(default_factory=set)       # their sources' posts may end differently
    people: set[str] = field(default_factory=set)       # a death stated: all their posts end

    def add(self, quads: Iterable[Quad]) -> None:
        """Record the bodies, memberships and mergers an article graph states."""
        for q in quads:
            if q.predicate == V.ORG_ORGANIZATION_P:
                self.memberships.add(q.subject.value)
                self.bodies.add(q.object.value)
            elif q.predicate in (V.ORG_ORIGINAL, V.ORG_RESULTING):
                self.merges.add(q.subject.value)
                self.bodies.add(q.object.value)
            elif q.predicate == V.SCHEMA_DEATH_DATE:
                self.people.add(q.subject.value)

    def __bool__(self) -> bool:
        return bool(self.bodies or self.memberships or self.merges or self.people)


def refresh(store: StorePrimitives, touched: Touched | None,
            between_steps: Callable[[], object] | None = None) -> int:
    """Bring the inferred graph up to date; the number of inferred triples recomputed.

    Incremental unless `touched` is None (a full rebuild: after a SPARQL Update, on a store just
    opened, or when asked): a tenure depends only on its own body's posts (rivals for succession)
    and on the mergers taking that body away, so recomputing the touched bodies, plus the sources
    of touched mergers, gives exactly a full rebuild's triples for them (tests/test_tenure.py
    compares the two). The bodies are taken a few at a time, each step one update writing only its
    difference (triples no longer inferred leave the inferred graph, and the default graph too
    unless an article graph still states them: the set-union rule; new ones enter both), so memory
    follows the largest body's history, not the corpus. Writers are single-threaded per store
    (graph/store.py), so the graph read here is the one the updates apply to. Should a step fail,
    the exception propagates and the caller keeps `touched` to redo it. `between_steps` runs after
    each step (ingest releases the embedded store's table memory there)."""
    if touched is not None and not touched:
        return 0  # nothing written since the last rebuild
    ends = BodyEnds.read(store)
    if touched is None:
        bodies = _bodies_with_posts(store)
    else:
        bodies = set(touched.bodies)
        bodies.update(b for m in ends.merges if m.iri in touched.merges for b in m.sources)
        bodies.update(b for d in ends.dissolutions if d.iri in touched.merges for b in d.bodies)
        bodies.update(_bodies_of_people(store, touched.people))
    recomputed, covered = 0, set()
    for chunk in _chunks(sorted(bodies), BODIES_PER_REFRESH):
        new, posts = _bodies_triples(store, chunk, ends)
        old = _post_triples(store, posts)
        _write_diff(store, old - new, new - old)
        recomputed += len(new)
        covered |= posts
        if between_steps is not None:
            between_steps()
    if touched is None:
        _sweep_uncovered(store, covered)
    else:  # posts a rewrite or removal left with no tenure: their triples go
        gone = _post_triples(store, touched.memberships - covered)
        if gone:
            _write_diff(store, gone, set())
    return recomputed + _refresh_rules(store)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    return (items[i:i + size] for i in range(0, len(items), size))


def _bodies_with_posts(store: StorePrimitives) -> set[str]:
    return {r["b"] for r in rows(store, "SELECT DISTINCT ?b WHERE { ?m a org:Membership ; org:organization ?b }")}


def _bodies_of_people(store: StorePrimitives, people: set[str]) -> set[str]:
    if not people:
        return set()
    return {r["b"] for r in rows(store, f"""SELECT DISTINCT ?b WHERE {{ VALUES ?p {{ {iri_list(people)} }}
      ?m org:member ?p ; org:organization ?b ; a org:Membership }}""")}


def _bodies_triples(store: StorePrimitives, bodies: list[str], ends: BodyEnds
                    ) -> tuple[set[tuple[Any, Any, Any]], set[str]]:
    """The inferred triples of these bodies' tenures and statuses (rule descriptions apart), and the posts they
    are about."""
    tenures = tenures_for_bodies(store, bodies, ends)
    rule_nodes = _rule_nodes()
    quads = tenure.tenure_quads(tenures) + occupancy.status_quads(tenures)
    new = {(q.subject, q.predicate, q.object) for q in quads if q.subject not in rule_nodes}
    return new, {t.membership for t in tenures}


def _post_subjects(posts: Iterable[str]) -> list[NamedNode]:
    """The nodes the inferred graph says things about for these posts: each post and its tenure nodes."""
    return [node for m in posts
            for node in (NamedNode(m), *(NamedNode(rdf.tenure_node_iri(m, n)) for n in rdf.TENURE_NODES))]


def _post_triples(store: StorePrimitives, posts: Iterable[str]) -> set[tuple[Any, Any, Any]]:
    """What the inferred graph holds now about these posts."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    return {(q.subject, q.predicate, q.object) for q in store.quads_about(_post_subjects(posts), graph)}


def _rule_nodes() -> set[NamedNode]:
    return {NamedNode(rdf.rule_iri(r)) for r in tenure.RULES}


def _sweep_uncovered(store: StorePrimitives, covered: set[str]) -> None:
    """After a full rebuild: drop what the inferred graph says about posts no body has any more."""
    keep = set(_post_subjects(covered)) | _rule_nodes()
    graph = NamedNode(rdf.INFERRED_GRAPH)
    gone: set[tuple[Any, Any, Any]] = set()
    for q in store.quads_for_pattern(None, None, None, graph):
        if q.subject not in keep:
            gone.add((q.subject, q.predicate, q.object))
    triples = sorted(gone, key=str)
    for i in range(0, len(triples), TRIPLES_PER_WRITE):
        _write_diff(store, set(triples[i:i + TRIPLES_PER_WRITE]), set())


def _refresh_rules(store: StorePrimitives) -> int:
    """A rule's description stays in the inferred graph while some node there is generated by it; the number
    of description triples kept."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    gone: set[tuple[Any, Any, Any]] = set()
    added: set[tuple[Any, Any, Any]] = set()
    kept = 0
    for node in _rule_nodes():
        used = next(iter(store.quads_for_pattern(None, V.PROV_GENERATED_BY, node, graph)), None) is not None
        described = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, graph)}
        wanted = set(tenure.rule_triples(rdf.rule_of_iri(node.value))) if used else set()
        gone |= described - wanted
        added |= wanted - described
        kept += len(wanted)
    _write_diff(store, gone, added)
    return kept


def _write_diff(store: StorePrimitives, gone: set[tuple[Any, Any, Any]], added: set[tuple[Any, Any, Any]]) -> None:
    """Apply an inferred-graph difference, and its default-graph copy under the set-union rule, in one update."""
    graph = NamedNode(rdf.INFERRED_GRAPH)
    leave_default = gone - store.held_elsewhere(gone, graph) if gone else set()
    store.update_data([("DELETE DATA", rdf.INFERRED_GRAPH, _lines(gone)),
                       ("DELETE DATA", None, _lines(leave_default)),
                       ("INSERT DATA", None, _lines(added)),
                       ("INSERT DATA", rdf.INFERRED_GRAPH, _lines(added))])


def _triples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    return "\n".join(_lines(triples))


def _lines(triples: Iterable[tuple[Any, Any, Any]]) -> list[str]:
    return [f"{s} {p} {o} ." for s, p, o in triples]
