"""The store: one named graph per article, plus the set-union of them as the default graph.

Layout. Each article's quads (graph/rdf.py) go into `graph/article/<id>`. Oxigraph's
own union-of-named-graphs default graph is a bag (a triple stated by N articles is
matched N times, so joins multiply), so the real default graph is kept as the
materialised SET-union of all named graphs instead: writing an article inserts its
triples into its named graph and into the default graph; replacing or removing an
article deletes from the default graph only those of its old triples that no other
named graph still holds. Queries run against the real default graph (joins give no
duplicate rows); `GRAPH ?g` / `FROM NAMED` still reach per-article provenance.

Atomicity. Each write is one pyoxigraph transaction ("either the full operation
succeeds, or nothing is written", per the pyoxigraph docs for both calls):
- a new article is one `Store.extend` of its named-graph quads plus their default-graph
  copies (nothing to delete, and extend is ~30% cheaper than the SPARQL path);
- replacing or removing an article is one `Store.update` whose operations (delete the
  default triples no other graph holds, drop the old graph, insert the new graph and
  its default triples) all run in a single transaction.
Inferences. The inferred graph (tenures) is rebuilt after writes by `refresh_inferences`;
to keep that cheap, the store records what each write touched (`Touched`: the bodies and
memberships of the article's old and new graphs, and its mergers) so the rebuild only
recomputes those bodies (graph/inference.refresh), a few bodies per update so that
memory follows one body's history rather than the corpus. `touched` is None when that is
unknown (a store opened with articles in it, whose last rebuild may not have run); the
rebuild is then a full one, which also sweeps out what no body states any more.
tests/test_store.py makes each path fail at its last step (an update whose final
operation fails at run time; an extend whose last item is not a quad) and checks the
store is unchanged. Writers are assumed single-threaded per store (the directory lock
keeps other processes out), which is also what lets the identity index
(graph/identity.PeopleIndex: people and tie counts, nothing per article) live in memory
beside the open store; it is updated only after a write commits, and a rewrite or removal
reads what the old version stated back from its stored graph.
The same holds for the pages' read models (graph/read_models.py: each post's card, the sources of
posts, mergers and campaigns, and the labels of people, bodies and places), kept in memory by the
embedded store and told of every write as it commits and of every inference refresh.

`Store` is the interface graph/load.py and api/ use. It holds the layout's rules (write, remove,
identity, inferences) on top of a few primitives (graph/primitives.py: query, update,
quads_for_pattern, ...) that `OxigraphStore` (embedded) and graph/remote.SparqlServerStore (a
SPARQL server) implement, so both run one code path. A server with no default graph of its own
(Virtuoso) keeps the set-union in the named graph `union_graph` instead; the update builders
below take it. graph/location.open_store opens whichever a location names.
"""

from __future__ import annotations

import abc
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Self

import pyoxigraph
from provkg.graph import export as _export
from provkg.graph import identity, inference, labels, rdf
from provkg.graph import vocab as V
from provkg.graph.inference import Touched
from provkg.graph.primitives import StorePrimitives, in_default
from provkg.graph.read_models import ReadModels, derived_facts
from provkg.graph.reads import merges as merge_reads
from provkg.ingest.facts import ArticleFacts
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

FLUSH_EVERY = 200  # articles written between two flushes of the store's memory tables


class StoreInUseError(RuntimeError):
    """The store directory is locked by another process (or another handle in this one)."""


@dataclass(frozen=True)
class WriteResult:
    article_id: str
    triples: int  # quads in the article's named graph
    people: int = 0
    bodies: int = 0
    places: int = 0
    memberships: int = 0
    merges: int = 0
    campaigns: int = 0
    events: int = 0
    replaced: bool = False  # an earlier version of the article was replaced
    new_people: list[str] = field(default_factory=list)  # person IRIs minted by this write
    decisions: list[identity.IdentityDecision] = field(default_factory=list)


@dataclass
class WritePlan:
    """One article's write, decided: its quads, and the index rows its old version states (and, once
    committed, its new one)."""

    article_id: str
    replaced: bool
    quads: list[Quad]
    old_rows: list[identity.Row]
    old_links: list[Quad]
    result: WriteResult
    old_facts: set[str] = field(default_factory=set)  # facts the old version derived from the article
    rows: list[identity.Row] = field(default_factory=list)


class Store(StorePrimitives):
    """What the rest of provkg may do with a knowledge-graph store.

    Subclasses implement the primitives (the abstract methods here and in graph/primitives.py); the
    layout's rules are written once here on top of them."""

    touched: Touched | None = None  # None: unknown, so the next inference rebuild is a full one
    _index: identity.PeopleIndex | None = None
    _labelled: set[str] | None = None  # bodies written since the last refresh, whose labels may disagree
    _read_models: ReadModels | None = None
    keeps_read_models: bool = False
    """Whether this process is the store's only writer, so read models may be kept in memory beside it."""

    @property
    def read_models(self) -> ReadModels:
        """The pages' read models (graph/read_models.py): kept in step with this store's writes when it
        `keeps_read_models`, else read from the store each time."""
        if self._read_models is None:
            self._read_models = ReadModels(self, kept=self.keeps_read_models)
        return self._read_models

    # --- primitives ---

    @abc.abstractmethod
    def _write(self, article_id: str, quads: list[Quad], replaced: bool) -> None:
        """Atomically put the article's quads in its graph and the default graph (replacing any old version)."""

    @abc.abstractmethod
    def _remove(self, article_id: str) -> None:
        """Atomically remove the article's graph and the default-graph triples only it stated."""

    @abc.abstractmethod
    def export(self, fmt: str, out: BinaryIO) -> None:
        """Serialise: turtle/ntriples/jsonld = the default graph; trig/nquads = the graphs, each triple in one
        (graph/export.py)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store (and its lock or connections)."""

    # --- the layout's rules, shared by every store ---

    @property
    def people_index(self) -> identity.PeopleIndex:
        """The identity index, loaded from the store on first use and kept in step with writes."""
        if self._index is None:
            self._index = identity.PeopleIndex.from_store(self)
        return self._index

    def forget_caches(self) -> None:
        """After a write this store did not make (a SPARQL Update): rebuild index and inferences in full."""
        self._index = None
        self.touched = None
        self.read_models.forget()

    write_batch_size: int = 1
    """Articles `write_articles` sends in one write: 1 here, where each article is its own transaction."""

    def write_article(self, facts: ArticleFacts) -> WriteResult:
        """Resolve people, build the article's graph and atomically replace any earlier version."""
        aid = facts.article.id
        with self.read_models.lock:  # a read model being built sees the article whole or not at all
            plan = self._plan(facts, replaced=self.contains_named_graph(NamedNode(rdf.graph_iri(aid))))
            self._write(aid, plan.quads, plan.replaced)
            self._committed(plan)
        return plan.result

    def write_articles(self, batch: list[ArticleFacts]) -> list[WriteResult | Exception]:
        """Write several articles, each whole or not at all: a result or the error, per article, in order.

        Here one after another; a store whose round trips cost more than its writes (graph/remote.py) sends
        runs of new articles in one request."""
        out: list[WriteResult | Exception] = []
        for facts in batch:
            try:
                out.append(self.write_article(facts))
            except Exception as exc:
                out.append(exc)
        return out

    def _plan(self, facts: ArticleFacts, replaced: bool) -> WritePlan:
        """Identity and the article's quads, decided against the index as it stands (nothing written yet)."""
        aid = facts.article.id
        index = self.people_index
        mine = identity.stored_rows(self, aid) if replaced else []
        decisions = identity.identify(self, index, facts, mine)
        quads = [*rdf.article_graph(facts, {d.mention_key: d.person_iri for d in decisions}, decisions),
                 ingest_time_quad(aid)]
        old = self._graph_links(aid) if replaced else []
        old_facts = self._graph_facts(aid) if replaced else set()
        result = WriteResult(
            article_id=aid,
            triples=len(quads),
            people=len(facts.people),
            bodies=len(facts.bodies),
            places=len(facts.places),
            memberships=_count(quads, V.ORG_MEMBERSHIP),
            merges=_count(quads, V.ORG_CHANGE_EVENT),
            campaigns=_count(quads, V.P["Campaign"]),
            events=_count(quads, V.SCHEMA_EVENT),
            replaced=replaced,
            new_people=[d.person_iri for d in decisions if d.rule.startswith("new")],
            decisions=decisions,
        )
        return WritePlan(aid, replaced, quads, mine, old, result, old_facts=old_facts)

    def _committed(self, plan: WritePlan) -> None:
        """Bring the index and what writes touched in step with a written article."""
        self._touch(plan.old_links, plan.quads)
        if self._labelled is None:
            self._labelled = set()
        self._labelled.update(q.subject.value for q in plan.quads if q.predicate == V.SKOS_PREF
                              and q.subject.value.startswith(V.ID + "body/"))
        self.read_models.article_written(plan.quads, plan.old_facts if plan.replaced else None)
        plan.rows = identity.rows_of_quads(plan.quads)
        self.people_index.remove(plan.old_rows)
        self.people_index.add(plan.rows)

    def _uncommitted(self, plan: WritePlan) -> None:
        """Undo `_committed` for an article whose write failed after all (what it touched stays marked: a
        rebuild of a body nothing changed is only wasted work)."""
        self.people_index.remove(plan.rows)
        self.people_index.add(plan.old_rows)
        self.read_models.facts_changed(plan.old_facts | derived_facts(plan.quads))

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's graph and the facts only it stated. False when it was not stored."""
        if not self.contains_named_graph(NamedNode(rdf.graph_iri(article_id))):
            return False
        with self.read_models.lock:
            old = self._graph_links(article_id)
            facts = self._graph_facts(article_id)
            stated = identity.stored_rows(self, article_id)
            self._remove(article_id)
            self._touch(old)
            self.read_models.facts_changed(facts)
        self.people_index.remove(stated)
        return True

    def _graph_links(self, article_id: str) -> list[Quad]:
        """The membership and merger links of an article's stored graph (what a rewrite or removal touches)."""
        g = NamedNode(rdf.graph_iri(article_id))
        return [q for p in (V.ORG_ORGANIZATION_P, V.ORG_ORIGINAL, V.ORG_RESULTING)
                for q in self.quads_for_pattern(None, p, None, g)]

    def _graph_facts(self, article_id: str) -> set[str]:
        """The facts an article's stored graph derives from it (their sources change with a rewrite or removal)."""
        g = NamedNode(rdf.graph_iri(article_id))
        return derived_facts(self.quads_for_pattern(None, V.PROV_DERIVED_FROM, None, g))

    def _touch(self, *graphs: Iterable[Quad]) -> None:
        if self.touched is not None:
            for quads in graphs:
                self.touched.add(quads)

    def refresh_inferences(self, full: bool = False, between_steps: Callable[[], object] | None = None) -> int:
        """Bring the inferred graph (tenures, graph/tenure.py) up to date after writes: only the touched
        bodies unless `full` (or what was touched is unknown); the number of inferred triples recomputed.
        `between_steps` runs between two steps of a few bodies each (graph/inference.refresh). Should a
        step fail, what was touched is kept, and the next call redoes it. Each body's labels are reconciled to
        one prefLabel (graph/labels.py), then the read models (graph/read_models.py) follow: the recomputed
        bodies' tenure cards and the labels are read again."""
        everything = full or self.touched is None
        touched = None if full else self.touched
        recomputed = inference.refresh(self, touched, between_steps)
        labels.reconcile(self, None if everything else self._labelled or ())  # one prefLabel per body
        if touched is None:
            self.read_models.refreshed(None)
        else:  # an article stating no post still brings sources and labels
            self.read_models.refreshed(_recomputed_bodies(self, touched) if touched else set(), touched.memberships)
        self.touched = Touched()  # the rebuild committed: nothing is stale any more
        self._labelled = set()
        return recomputed

    def release_memory(self) -> bool:
        """Give back memory a long ingest accumulates, between writes; whether anything was released (a store
        that holds nothing worth releasing does nothing)."""
        return False

    def article_hash(self, article_id: str) -> str | None:
        """The content hash of the stored version of an article, to skip unchanged files."""
        rows = list(self.query(rdf.article_hash_query(article_id)))
        return rows[0]["hash"].value if rows else None

    def article_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> content hash, for those of the articles that are stored (a server answers in one request)."""
        return {aid: h for aid in article_ids if (h := self.article_hash(aid)) is not None}

    def stats(self) -> dict[str, int]:
        """Counts of articles, default-graph triples and nodes of each kind."""
        return {name: int(next(iter(self.query(q)))["n"].value) for name, q in rdf.STATS_QUERIES.items()}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _recomputed_bodies(store: Store, touched: Touched) -> set[str]:
    """The bodies an incremental inference refresh recomputes (graph/inference.refresh): those writes touched,
    and those touched mergers took away."""
    bodies = set(touched.bodies)
    if touched.merges:
        bodies.update(b for m in merge_reads.merges(store) if m.iri in touched.merges for b in m.sources)
    return bodies


# --- SPARQL Update text for the layout -------------------------------------------------


def ingest_time_quad(article_id: str) -> Quad:
    """When this article's graph was written (`<graph> prov:generatedAtTime`, UTC, in the graph itself): what
    `/changes?by=ingested` reads. Rewritten only when the article's content changes (unchanged content is
    skipped before writing), so it says when the graph last changed."""
    g = NamedNode(rdf.graph_iri(article_id))
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Quad(g, V.PROV_GENERATED_AT, Literal(now, datatype=V.XSD_DATE_TIME), g)


def _triple_text(q: Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."


def remove_ops(article_id: str, union: str | None = None) -> list[str]:
    """Delete the article's triples no other named graph holds from the default graph, then its graph."""
    g = f"<{rdf.graph_iri(article_id)}>"
    others = f"?other != {g}" + (f" && ?other != <{union}>" if union else "")
    return [
        f"DELETE {{ {in_default('?s ?p ?o', union)} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER({others}) }} }}",
        f"DROP SILENT GRAPH {g}",
    ]


def insert_op(article_id: str, quads: Iterable[Quad], union: str | None = None) -> str:
    """INSERT DATA of the article's graph and the same triples into the default graph."""
    lines = [_triple_text(q) for q in quads]
    body = "\n".join(lines)
    return f"INSERT DATA {{\n{in_default(body, union)}\nGRAPH <{rdf.graph_iri(article_id)}> {{\n{body}\n}} }}"


def with_default_copies(quads: list[Quad]) -> Iterator[Quad]:
    """The article's quads followed by the same triples in the default graph."""
    yield from quads
    for q in quads:
        yield Quad(q.subject, q.predicate, q.object, DefaultGraph())


def replace_update(article_id: str, quads: list[Quad], union: str | None = None) -> str:
    """One SPARQL Update (so one transaction where the server runs a request as one) that swaps in the article's
    new graph."""
    kw = {"union": union} if union else {}  # tests swap in builders that know no union graph
    return " ;\n".join([*remove_ops(article_id, **kw), insert_op(article_id, quads, **kw)])


# --- the embedded implementation ---------------------------------------------------------


def _count(quads: list[Quad], cls: NamedNode) -> int:
    return sum(1 for q in quads if q.predicate == V.TYPE and q.object == cls)


class OxigraphStore(Store):
    """An embedded pyoxigraph (RocksDB) store in a directory, or in memory when path is None."""

    keeps_read_models = True  # the directory lock keeps other writers out

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._store: pyoxigraph.Store | None = None
        self._index: identity.PeopleIndex | None = None
        self._writes_since_flush = 0
        self.touched: Touched | None = None  # None: unknown, so the next inference rebuild is a full one
        try:
            self._store = pyoxigraph.Store(str(path)) if path is not None else pyoxigraph.Store()
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreInUseError(
                    f"the store at {path} is in use by another process, such as `provkg serve`: stop it, or add "
                    f"articles through the server (POST /articles with the update token) ({e})"
                ) from e
            raise
        if next(iter(self._store.named_graphs()), None) is None:
            self.touched = Touched()  # an empty store has nothing stale to rebuild

    @property
    def raw(self) -> pyoxigraph.Store:
        """The pyoxigraph store, for code in graph/ that needs more than this interface."""
        if self._store is None:
            raise RuntimeError("the store is closed")
        return self._store

    def _update(self, update: str) -> None:
        self.raw.update(update)

    def _extend(self, quads: Iterable[Quad]) -> None:
        self.raw.extend(quads)

    def _write(self, article_id: str, quads: list[Quad], replaced: bool) -> None:
        if replaced:
            self._update(replace_update(article_id, quads))
        else:
            self._extend(with_default_copies(quads))
        self._writes_since_flush += 1
        if self._writes_since_flush >= FLUSH_EVERY:
            # RocksDB keeps writes in memory tables until flushed: flushing every few hundred
            # articles keeps a long ingest's memory flat instead of growing with the corpus
            self.raw.flush()
            self._writes_since_flush = 0

    def _remove(self, article_id: str) -> None:
        self._update(" ;\n".join(remove_ops(article_id)))

    def query(self, sparql: str, **kwargs: Any) -> Any:
        kwargs.setdefault("prefixes", V.PREFIXES)
        return self.raw.query(sparql, **kwargs)

    def update(self, sparql: str) -> None:
        self.raw.update(sparql, prefixes=V.PREFIXES)

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None,
                          graph: Any = None) -> Iterator[Quad]:
        return self.raw.quads_for_pattern(subject, predicate, obj, graph)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        return self.raw.contains_named_graph(graph)

    def export(self, fmt: str, out: BinaryIO) -> None:
        f = _export.rdf_format(fmt)
        if f in _export.DATASET_FORMATS:
            _export.serialize(_export.dataset_quads(self.query), f, out)
        else:
            self.raw.dump(out, f, from_graph=DefaultGraph(), prefixes=_export.prefixes(f))

    def close(self) -> None:
        if self._store is not None:
            self._store.flush()
            self._store = None
            self._index = None

    def release_memory(self) -> bool:
        """Close and reopen the database handle, keeping the identity index and what writes touched; whether
        it did.

        RocksDB keeps the index and filter blocks of every table file it has read in memory until the
        database is closed, so a long ingest's memory would grow with the store (about 7 MB per 1,000
        articles; pyoxigraph has no option to bound it). `provkg ingest` calls this every few thousand
        articles (graph/load.py), between writes. When anything else still holds the handle (a
        query result being read), closing is impossible and nothing is done."""
        if self._store is None or self.path is None:
            return False
        gc.collect()
        if sys.getrefcount(self._store) > 2:  # this attribute and getrefcount's argument
            return False
        self._store.flush()
        self._store = None  # the last reference: RocksDB closes and drops its tables' blocks
        self._store = pyoxigraph.Store(str(self.path))
        return True
