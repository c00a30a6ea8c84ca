"""Read models for the pages, kept in memory beside the open store and up to date at write time.

A body's page lists its posts, each with its tenure and its first sources. Read from the graph,
that is about thirty triples a post for the tenure (the nodes the inference engine hangs off it)
and, for the sources, a count and a sort of every article reporting the post: a page's time
would grow with the history of what it shows. Two read models answer instead:
- sources: per post, merger and campaign, how many articles state it and the earliest few with
  their dates, headlines and sentences (graph/reads/sources.Record);
- post cards: per post, its `Tenure` as graph/reads/tenures.stored_tenures reads it, and the
  sources a page shows for it (graph/reads/evidence.evidence_page with the tenure's preferred
  articles first) with the headlines of the articles its bounds rest on;
- labels: the display label (graph/reads/names.labels) of every person, body and place.
They are built from the store on first use (`warm`) and then kept in step by the store's writes
(graph/store.py): a new article adds one source to each fact it states (reading nothing: the cost
per article stays flat, whatever a fact's history); a rewritten or removed article has its facts
recounted; after an inference refresh the cards of the bodies it recomputed are read again (any
article stating a post touches the post's body, and so does a merger taking it away), and the
labels of the people, bodies and places new articles name; a rewrite or removal drops the
labels, read again on next use; when
what changed is unknown (a SPARQL Update) the models are dropped and built again on next use.

Only a store written by this process alone keeps them (the embedded store: its directory lock
keeps other writers out); for others `ReadModels(store, kept=False)` reads from the store every
time, in a bounded number of queries. Readers never lock: each entry is replaced whole.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from provkg.graph import rdf, tenure
from provkg.graph import vocab as V
from provkg.graph.ids import KIND_PREFIX, article_id
from provkg.graph.primitives import StorePrimitives
from provkg.graph.reads import sources as S
from provkg.graph.reads.evidence import evidence_page
from provkg.graph.reads.names import labels
from provkg.graph.reads.rows import iri_list, rows
from provkg.graph.reads.tenures import stored_tenures
from pyoxigraph import DefaultGraph, Quad

KEPT_KINDS = tuple(KIND_PREFIX[k] for k in ("membership", "merge", "campaign"))  # facts pages list with sources
LABELLED_KINDS = tuple(KIND_PREFIX[k] for k in ("person", "organization", "place"))  # nodes whose labels are kept
LABEL_PREDICATES = frozenset({V.SKOS_PREF, V.FOAF_NAME, V.SCHEMA_NAME, V.SCHEMA_HEADLINE})
BODIES_PER_READ = 50


def kept(fact: str) -> bool:
    return fact.startswith(KEPT_KINDS)


@dataclass
class Pending:
    """What writes since the last refresh changed in the sources: new articles per fact, facts to recount."""

    added: dict[str, S.Record] = field(default_factory=dict)
    recount: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)  # people, bodies and places given a label

    def add_article(self, quads: Iterable[Quad]) -> None:
        """A new article's graph: each fact it derives from the article gains one source."""
        quads = list(quads)
        self.named.update(q.subject.value for q in quads
                          if q.predicate in LABEL_PREDICATES and q.subject.value.startswith(LABELLED_KINDS))
        day = next((q.object.value[:10] for q in quads if q.predicate == V.SCHEMA_DATE_PUBLISHED), None)
        headline = min((q.object.value for q in quads if q.predicate == V.SCHEMA_HEADLINE), default=None)
        said: dict[str, set[str]] = {}
        observed: dict[str, str] = {}
        for q in quads:
            if q.predicate == V.P["sentence"]:
                said.setdefault(q.subject.value, set()).add(q.object.value)
            elif q.predicate == V.P["observedOn"]:
                day_seen = q.object.value[:10]
                observed[q.subject.value] = min(observed.get(q.subject.value, day_seen), day_seen)
        for q in quads:
            if q.predicate == V.PROV_DERIVED_FROM and kept(q.subject.value) and q.subject.value not in self.recount:
                fact, art = q.subject.value, q.object.value
                ev_iri = rdf.evidence_iri(fact, article_id(art))
                ev = sorted(said.get(ev_iri, ()))
                mine = S.Record(1, (S.Source(art, day, headline, tuple(ev), observed.get(ev_iri)),))
                have = self.added.get(fact)
                self.added[fact] = have.plus(mine) if have else mine

    def recount_facts(self, facts: Iterable[str]) -> None:
        """Facts whose sources a rewrite or removal changed: read again from the store."""
        for fact in facts:
            if kept(fact):
                self.recount.add(fact)
                self.added.pop(fact, None)


@dataclass(frozen=True)
class Card:
    """One post as a page shows it: its tenure, its first sources and how many it has, and the headlines of
    the articles its bounds rest on."""

    tenure: tenure.Tenure
    sources: tuple[dict[str, Any], ...]
    total: int
    headlines: dict[str, str]


@dataclass
class PageSources:
    """What PositionRows needs beside the tenures: sources per post, their counts, and article headlines."""

    sources: dict[str, list[dict[str, Any]]]
    totals: dict[str, int]
    headlines: dict[str, str]


def bound_articles(tenures: Iterable[tenure.Tenure]) -> set[str]:
    return {a for t in tenures for b in (t.start, t.end) if b for a in b.articles}


def derived_facts(quads: Iterable[Quad]) -> set[str]:
    """The facts a graph's quads derive from an article."""
    return {q.subject.value for q in quads if q.predicate == V.PROV_DERIVED_FROM}


class ReadModels:
    """The sources, post cards and labels of one store (see the module docstring)."""

    def __init__(self, store: StorePrimitives, kept: bool = True) -> None:
        self.store = store
        self.kept = kept
        self.lock = threading.RLock()  # writes and builds; readers never take it
        self._sources: dict[str, S.Record] | None = None
        self._cards: dict[str, Card] | None = None
        self._labels: dict[str, str] | None = None
        self.pending = Pending()

    # --- reading ---

    def sources(self, facts: Iterable[str]) -> dict[str, S.Record]:
        """Each fact's count and earliest sources (facts without any are left out): from memory, and for facts
        it does not keep (other kinds; a store not kept here) from the store in two queries."""
        facts = set(facts)
        known = self._built_sources()
        if known is None:
            return S.count_sources(self.store, facts)
        out = {f: known[f] for f in facts if f in known}
        rest = facts - set(out)  # other kinds, and facts written since the last refresh
        if rest:
            out.update(S.count_sources(self.store, rest))
        return out

    def tenures(self, bodies: Sequence[str] | None = None, person: str | None = None) -> list[tenure.Tenure]:
        """What stored_tenures answers (the tenures of the posts in `bodies`, or held by `person`): the posts in
        one query, their tenures from the cards, and stored_tenures' own reads only for posts without one."""
        cards = self._built_cards()
        if cards is None:
            return stored_tenures(self.store, bodies, person)
        if (bodies is None) == (person is None):
            raise ValueError("give bodies or a person")
        if bodies is not None and not bodies:
            return []
        where = f"VALUES ?body {{ {iri_list(bodies)} }}" if bodies is not None else f"BIND({iri_list([person])} AS ?p)"
        posts = rows(self.store, f"""SELECT ?m ?body WHERE {{ {where}
          ?m org:organization ?body ; org:member ?p ; org:role ?r . ?r skos:prefLabel ?role . ?m a org:Membership }}""")
        out = {r["m"]: cards[r["m"]].tenure for r in posts if r["m"] in cards}
        missing = {r["body"] for r in posts if r["m"] not in out}
        if missing:
            wanted = {r["m"] for r in posts if r["body"] in missing}
            out.update({t.membership: t for t in stored_tenures(self.store, sorted(missing)) if t.membership in wanted})
        return sorted(out.values(), key=lambda t: t.membership)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """graph/reads/names.labels: people's, bodies' and places' from memory, the others' from the store."""
        iris = set(iris)
        known = self._built_labels()
        if known is None:
            return labels(self.store, iris)
        out = {i: known[i] for i in iris if i in known}
        rest = iris - set(out)  # other kinds, and nodes without a label (or named since the last refresh)
        if rest:
            out.update(labels(self.store, rest))
        return out

    def page_sources(self, tenures: Sequence[tenure.Tenure]) -> PageSources:
        """The first sources of these posts (the preferred articles first), their counts and the headlines of the
        articles their bounds rest on: from the cards of posts whose tenure is the card's, else read now."""
        cards = self._built_cards() or {}
        ready = [cards[t.membership] for t in tenures if t.membership in cards
                 and (cards[t.membership].tenure is t or cards[t.membership].tenure == t)]
        done = {c.tenure.membership for c in ready}
        rest = [t for t in tenures if t.membership not in done]
        out = _page_sources(self.store, rest, self.sources) if rest else PageSources({}, {}, {})
        for c in ready:
            if c.total:  # as evidence_page: a post without sources has no entry
                out.sources[c.tenure.membership] = list(c.sources)
                out.totals[c.tenure.membership] = c.total
            out.headlines.update(c.headlines)
        return out

    # --- building ---

    def warm(self) -> None:
        """Build the models now (the first reader would otherwise)."""
        self._built_sources()
        self._built_cards()
        self._built_labels()

    def _built_labels(self) -> dict[str, str] | None:
        if not self.kept:
            return None
        if self._labels is None:
            with self.lock:
                if self._labels is None:
                    self._labels = self._read_labels()
        return self._labels

    def _read_labels(self, nodes: Iterable[str] | None = None) -> dict[str, str]:
        """Every person's, body's and place's label (or these nodes'), as graph/reads/names.labels gives it."""
        if nodes is not None:
            return labels(self.store, nodes)
        q = """SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {
          { ?x a foaf:Person } UNION { ?x a org:Organization } UNION { ?x a schema:Place }
          ?x skos:prefLabel|foaf:name|schema:name|schema:headline ?l } GROUP BY ?x"""
        return {r["x"]: r["label"] for r in rows(self.store, q) if "label" in r and r["x"].startswith(LABELLED_KINDS)}

    def _built_sources(self) -> dict[str, S.Record] | None:
        if not self.kept:
            return None
        if self._sources is None:
            with self.lock:
                if self._sources is None:
                    self._sources = self._read_sources()
                    self.pending.added.clear()
                    self.pending.recount.clear()
        return self._sources

    def _built_cards(self) -> dict[str, Card] | None:
        if not self.kept:
            return None
        if self._cards is None:
            with self.lock:
                if self._cards is None:
                    bodies = [r["b"] for r in rows(self.store, "SELECT DISTINCT ?b WHERE { ?m a org:Membership ; "
                                                               "org:organization ?b }")]
                    self._cards = self._read_cards(bodies)
        return self._cards

    def _read_sources(self) -> dict[str, S.Record]:
        """Every kept fact's record: one pass over the default graph's prov:wasDerivedFrom, then the headlines
        and sentences of the earliest."""
        dates = {q.subject.value: q.object.value[:10]
                 for q in self.store.quads_for_pattern(None, V.SCHEMA_DATE_PUBLISHED, None, DefaultGraph())}
        totals: dict[str, int] = {}
        seen: dict[str, list[S.Source]] = {}
        for q in self.store.quads_for_pattern(None, V.PROV_DERIVED_FROM, None, DefaultGraph()):
            fact = q.subject.value
            if not kept(fact):
                continue
            totals[fact] = totals.get(fact, 0) + 1
            mine = seen.setdefault(fact, [])
            mine.append(S.Source(q.object.value, dates.get(q.object.value)))
            if len(mine) >= 4 * S.KEPT:  # memory stays bounded per fact, whatever its history
                seen[fact] = list(S.earliest(mine))
        del dates
        first = {f: S.earliest(srcs) for f, srcs in seen.items()}
        arts = sorted({s.article for srcs in first.values() for s in srcs})
        headlines: dict[str, str] = {}
        for i in range(0, len(arts), S.IRIS_PER_QUERY):
            for r in rows(self.store, f"""SELECT ?a (MIN(STR(?h)) AS ?headline) WHERE {{
              VALUES ?a {{ {iri_list(arts[i:i + S.IRIS_PER_QUERY])} }} ?a schema:headline ?h }} GROUP BY ?a"""):
                if "headline" in r:
                    headlines[r["a"]] = r["headline"]
        said = S.sentences(self.store, [(f, s.article) for f, srcs in first.items() for s in srcs])
        return {f: S.Record(totals[f], tuple(S.Source(s.article, s.date, headlines.get(s.article),
                                                      *said[(f, s.article)]) for s in srcs))
                for f, srcs in first.items()}

    def _read_cards(self, bodies: Iterable[str]) -> dict[str, Card]:
        bodies = sorted(set(bodies))
        out: dict[str, Card] = {}
        for i in range(0, len(bodies), BODIES_PER_READ):
            found = stored_tenures(self.store, bodies[i:i + BODIES_PER_READ])
            page = _page_sources(self.store, found, self.sources)
            for t in found:
                heads = {a: page.headlines[a] for a in bound_articles([t]) if a in page.headlines}
                out[t.membership] = Card(t, tuple(page.sources.get(t.membership, ())),
                                         page.totals.get(t.membership, 0), heads)
        return out

    # --- the store's writes ---

    def article_written(self, quads: list[Quad], replaced_facts: set[str] | None) -> None:
        """An article committed: new (`replaced_facts` None) or replacing one that derived `replaced_facts`."""
        with self.lock:
            if replaced_facts is not None:
                self._labels = None  # what the old version named may have lost its label
            if self._sources is None and self._labels is None:
                return  # not built: the build will read it
            if replaced_facts is None:
                self.pending.add_article(quads)
            else:
                self.pending.recount_facts(replaced_facts | derived_facts(quads))

    def facts_changed(self, facts: set[str]) -> None:
        """A removal (or a write undone): these facts are recounted."""
        with self.lock:
            self._labels = None
            if self._sources is not None:
                self.pending.recount_facts(facts)

    def refreshed(self, bodies: set[str] | None, memberships: Iterable[str] = ()) -> None:
        """After an inference refresh that recomputed `bodies` (None: every body, or unknown): apply the pending
        sources and labels, and read those bodies' cards again (dropping the cards of `memberships` no body holds
        now)."""
        with self.lock:
            if bodies is None:
                self.forget()
                return
            if self._labels is not None and self.pending.named:
                self._labels.update(self._read_labels(self.pending.named))
                self.pending.named = set()
            if self._sources is not None:
                pending = self.pending
                updates = S.count_sources(self.store, pending.recount)
                for f, add in pending.added.items():
                    have = self._sources.get(f)
                    updates[f] = have.plus(add) if have else add
                for f in pending.recount - set(updates):
                    self._sources.pop(f, None)
                self._sources.update(updates)
            self.pending = Pending()
            if self._cards is not None and bodies:
                fresh = self._read_cards(bodies)
                for m in {m for m, c in self._cards.items() if c.tenure.body in bodies} | set(memberships):
                    if m not in fresh:
                        self._cards.pop(m, None)
                self._cards.update(fresh)

    def forget(self) -> None:
        """Drop the models (what changed is unknown): they are built again on next use."""
        with self.lock:
            self._sources = None
            self._cards = None
            self._labels = None
            self.pending = Pending()


def _page_sources(store: StorePrimitives, tenures: Sequence[tenure.Tenure],
                  records: Any) -> PageSources:
    """Read now what a card holds: evidence_page with each tenure's preferred articles first, and the headlines
    of the articles the bounds rest on."""
    sources, totals = evidence_page(store, [t.membership for t in tenures], S.SHOWN,
                                    {t.membership: S.preferred(t) for t in tenures}, records)
    headlines = labels(store, bound_articles(tenures))
    return PageSources(sources, totals, headlines)
