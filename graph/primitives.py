"""What every store answers: SPARQL queries and updates, and quads by pattern.

The reads (graph/reads/) and the inference engine (graph/inference.py) need only these, so they
depend on this interface and not on graph/store.Store, which builds the layout's rules (write,
remove, identity, inferences) on top of it and calls the inference engine: the flow stays one
way, store -> inference -> reads -> primitives. `OxigraphStore` (graph/store.py) and
`SparqlServerStore` (graph/remote.py) implement the abstract methods.

A server with no default graph of its own (Virtuoso) keeps the set-union in the named graph
`union_graph`; `in_default` spells triples or a pattern in whichever default graph a store has.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from typing import Any

from pyoxigraph import NamedNode, Quad


def in_default(body: str, union: str | None = None) -> str:
    """Triples or a pattern in the default graph: the real one, or the named graph standing for it."""
    return f"GRAPH <{union}> {{ {body} }}" if union else body


class StorePrimitives(abc.ABC):
    """Queries, updates and pattern reads over the set-union default graph and the named graphs."""

    union_graph: str | None = None  # where the default graph lives on a server that has none (else None)
    # triples one DELETE/INSERT DATA may carry: None on a store that takes any (an update is one transaction
    # there anyway); a server that is not transactional and limits a request's size (Virtuoso) sets it
    max_data_triples: int | None = None

    @abc.abstractmethod
    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run SPARQL against the set-union default graph (named graphs via GRAPH ?g); pyoxigraph result types."""

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (the usual prefixes predeclared) as one request."""

    @abc.abstractmethod
    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None,
                          graph: Any = None) -> Iterator[Quad]:
        """Quads matching a pattern, as pyoxigraph's: graph None = every graph, DefaultGraph() = the set-union."""

    @abc.abstractmethod
    def contains_named_graph(self, graph: NamedNode) -> bool:
        """Whether the named graph holds anything."""

    def named_quads_for_pattern(self, subject: Any = None, predicate: Any = None,
                                obj: Any = None) -> Iterator[Quad]:
        """Quads of the named graphs only (never the default graph)."""
        return (q for q in self.quads_for_pattern(subject, predicate, obj, None)
                if isinstance(q.graph_name, NamedNode) and q.graph_name.value != self.union_graph)

    def quads_about(self, subjects: Iterable[NamedNode], graph: NamedNode) -> Iterator[Quad]:
        """The quads of `graph` whose subject is one of `subjects` (a server answers this in one request)."""
        for s in subjects:
            yield from self.quads_for_pattern(s, None, None, graph)

    def held_elsewhere(self, triples: Iterable[tuple[Any, Any, Any]], graph: NamedNode) -> set[tuple[Any, Any, Any]]:
        """Those triples some named graph other than `graph` still states (so they stay in the default graph)."""
        return {t for t in triples if any(isinstance(q.graph_name, NamedNode) and q.graph_name != graph
                                          and q.graph_name.value != self.union_graph
                                          for q in self.quads_for_pattern(*t))}

    def in_default(self, body: str) -> str:
        """`in_default` for this store's default graph."""
        return in_default(body, self.union_graph)

    def update_data(self, ops: Iterable[tuple[str, str | None, list[str]]]) -> None:
        """Run DELETE DATA / INSERT DATA operations: (verb, named graph or None for the default graph, triple
        lines). As one request where the store takes any size; else each operation in pieces of at most
        `max_data_triples` triples, in order."""
        def op(verb: str, graph: str | None, lines: list[str]) -> str:
            body = "\n".join(lines)
            return f"{verb} {{ {f'GRAPH <{graph}> {{ {body} }}' if graph else self.in_default(body)} }}"
        ops = [o for o in ops if o[2]]
        if not ops:
            return
        size = self.max_data_triples
        if size is None:
            self.update(" ;\n".join(op(*o) for o in ops))
            return
        for verb, graph, lines in ops:
            for i in range(0, len(lines), size):
                self.update(op(verb, graph, lines[i:i + size]))
