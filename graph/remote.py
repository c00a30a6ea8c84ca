"""A SPARQL server as the store (Oxigraph server, Virtuoso, ...), over the SPARQL 1.1 Protocol with httpx.

`sparql+http://host:port[/base]` (or sparql+https://) names the query, update and graph
store endpoints at `/query`, `/update` and `/store` under the base (Oxigraph server's
layout); each can be overridden for servers laid out otherwise (Virtuoso: `/sparql-auth`
for query and update). Credentials go as HTTP basic or digest auth, whichever the server's
401 challenge asks for.

Layout. The same as the embedded store's (graph/store.py): one named graph per article and
the materialised set-union as the default graph. A server with no default graph of its own
(Virtuoso: every triple lives in some graph, and a query without a dataset reads all of
them as a bag) keeps the set-union in the named graph `UNION_GRAPH` instead: the update
builders write it, and queries are sent with it as `default-graph-uri` (and, since Virtuoso
then finds nothing in `GRAPH <iri>` unless the IRI is named too, with those IRIs as
`named-graph-uri`, or rewritten as `VALUES ?g { <iri> } GRAPH ?g` when the query also has a
`GRAPH ?var`). The server is recognised by its `Server` header.

Atomicity. An article is written (replaced) with ONE SPARQL Update request holding every
operation (graph/store.replace_update), not a Graph Store PUT, which replaces one graph and
cannot update the default graph's set-union in the same transaction. Oxigraph server runs a
request as one transaction, so an article lands whole or not at all. Virtuoso's endpoint
commits operation by operation (a request whose last operation fails keeps the earlier
ones: tested in tests/test_remote_store.py), so there the article's content hash, which
`article_hash` reads and ingest uses to skip unchanged articles, is written by a second
request once the first succeeded: an interrupted write leaves no hash, is reported as
failed, and is redone whole by the next ingest (the replace is idempotent).

Batches. A round trip costs more than the write it carries, so bulk ingest hands the store
WRITE_BATCH articles at a time (`write_articles`): which of them are stored already is one
query, and each run of new ones is one request, on Oxigraph server a POST of N-Quads (the
articles' graphs and their default-graph copies) to the graph store endpoint, which loads a
dataset in one transaction and parses it several times quicker than the same quads as
INSERT DATA. Identity is decided in order as if they were written one by one; a refused
request is retried article by article. Where a request is not one transaction (Virtuoso)
the batch size is 1. Unchanged-content lookups (`article_hashes`) are batched the same way.

Faults. Every failed request names its endpoint (StoreUnavailable: the server is down,
slower than the timeout, answers 5xx or refuses the credentials). provkg's own writes
(an article written or removed, the inferred graph refreshed) are tried again whole,
`retries` times in all with exponential backoff: each recomputes from what the server holds
and replaces, so a try repeated after one that landed changes nothing. A user's SPARQL
Update (maybe not idempotent) and reads are tried once.

Reads. Queries come back as SPARQL JSON (SELECT/ASK, parsed by pyoxigraph into its own
QuerySolutions/QueryBoolean, so graph/reads/, the CLI and the /sparql serialisers read
them as they read the embedded store's) or N-Triples/Turtle (CONSTRUCT/DESCRIBE:
`RemoteTriples`). Exports stream: SELECTs parsed as they arrive, laid out as the embedded
store's (graph/export.py).
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

import httpx
import pyoxigraph
from provkg.graph import export as _export
from provkg.graph import rdf
from provkg.graph import vocab as V
from provkg.graph.inference import Touched
from provkg.graph.primitives import in_default
from provkg.graph.store import (
    Store,
    WritePlan,
    WriteResult,
    insert_op,
    remove_ops,
    replace_update,
    with_default_copies,
)
from provkg.ingest.facts import ArticleFacts
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QueryResultsFormat, RdfFormat, Triple

T = TypeVar("T")
SCHEMES = ("sparql+http://", "sparql+https://")
UNION_GRAPH = f"{V.GRAPH}union"
"""Where the default graph (the set-union) lives on a server with no default graph of its own."""
EMPTY_GRAPH = f"{V.GRAPH}empty"
"""A graph nothing is written to: as the only default-graph-uri it makes a server's default graph empty (the
protocol's dataset for named-graph-uri alone), where sending no default-graph-uri would give the server's own."""

JSON_RESULTS = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds before the second try; doubled for each further one
WRITE_BATCH = 32  # new articles per update request on a server that runs a request as one transaction


class StoreUnavailable(RuntimeError):
    """The SPARQL server did not answer or failed (down, too slow, 5xx); the message names the endpoint."""

    def __init__(self, endpoint: str, reason: str, tries: int = 1) -> None:
        after = f" (after {tries} tries)" if tries > 1 else ""
        super().__init__(f"SPARQL server at {endpoint} is unavailable: {reason}{after}")
        self.endpoint = endpoint
        self.reason = reason


class ResultsTruncated(RuntimeError):
    """The server cut a result short (Virtuoso's ResultSetMaxRows): an answer provkg must not take as whole."""


NON_ATOMIC_PIECE = 200   # triples an update carries where an article's write is not one transaction anyway


def is_remote(location: object) -> bool:
    return str(location).startswith(SCHEMES)


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str

    @classmethod
    def from_location(cls, location: str, query_endpoint: str | None = None, update_endpoint: str | None = None,
                      graph_store_endpoint: str | None = None) -> Endpoints:
        """Oxigraph server's layout under the base URL, with any endpoint overridden."""
        if not is_remote(location):
            raise ValueError(f"not a SPARQL server location: {location!r} (write sparql+http://host:port[/base])")
        base = location.removeprefix("sparql+").rstrip("/")
        if not re.match(r"^https?://[^/\s]+", base):
            raise ValueError(f"not a SPARQL server location: {location!r} (write sparql+http://host:port[/base])")
        return cls(query_endpoint or f"{base}/query", update_endpoint or f"{base}/update",
                   graph_store_endpoint or f"{base}/store")


class _ServerAuth(httpx.Auth):
    """HTTP basic or digest, as the server's first 401 challenge asks; remembered for later requests."""

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        self._scheme = self._digest if challenge.startswith("digest") else self._basic
        yield from self._scheme.auth_flow(request)


_FORM_RE = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_NOISE_RE = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                       r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_PREFIX_RE = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_ANY_PREFIX_RE = re.compile("prefix", re.IGNORECASE)


_GRAPH_IRI_RE = re.compile(r"(?i:\bGRAPH)\s*(<[^<>\"{}|^`\\\s]*>)|" + _NOISE_RE.pattern)
_GRAPH_VAR_RE = re.compile(r"\bGRAPH\s*[?$]", re.IGNORECASE)


def graph_constants(sparql: str) -> tuple[list[str], bool]:
    """The IRIs of `GRAPH <iri>` patterns, and whether the query also has a `GRAPH ?var` pattern."""
    iris = [m.group(1)[1:-1] for m in _GRAPH_IRI_RE.finditer(sparql) if m.group(1)]
    return iris, bool(_GRAPH_VAR_RE.search(_NOISE_RE.sub(" ", sparql)))


def graph_constants_as_values(sparql: str) -> str:
    """`GRAPH <iri>` rewritten as `VALUES ?_provkg_gN { <iri> } GRAPH ?_provkg_gN` (the same solutions)."""
    n = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal n
        if not m.group(1):
            return m.group(0)
        n += 1
        return f"VALUES ?_provkg_g{n} {{ {m.group(1)} }} GRAPH ?_provkg_g{n}"

    return _GRAPH_IRI_RE.sub(sub, sparql)


def query_form(sparql: str) -> str:
    """select, ask, construct or describe: the query's first form keyword outside IRIs, strings and comments."""
    m = _FORM_RE.search(_NOISE_RE.sub(" ", sparql))
    return m.group(1).lower() if m else "select"


def with_prefixes(sparql: str) -> str:
    """The text with the usual prefixes (vocab.PREFIXES) declared, except those it declares itself."""
    declared = ({m.group(1) or "" for m in _PREFIX_RE.finditer(_NOISE_RE.sub(" ", sparql))}
                if _ANY_PREFIX_RE.search(sparql) else set())  # a big INSERT DATA has none: not scanned
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in V.PREFIXES.items() if p not in declared)
    return head + sparql


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


_BOOLEAN = {"1": "true", "0": "false"}


def _canonical_lexical(datatype: str | None, value: str) -> str:
    """xsd:boolean in its canonical form, as Oxigraph (embedded or server) answers it: Virtuoso stores booleans
    as numbers and answers "true" as "1". (Numbers need nothing: both answer canonical forms, "0.50" as "0.5".)"""
    if datatype == V.XSD_BOOLEAN.value:
        return _BOOLEAN.get(value, value)
    return value


def _canonical(term: Any) -> Any:
    if isinstance(term, Literal) and term.datatype == V.XSD_BOOLEAN:
        return Literal(_canonical_lexical(term.datatype.value, term.value), datatype=term.datatype)
    return term


def _canonical_json(body: bytes) -> bytes:
    """SPARQL JSON results with booleans in canonical form (see _canonical_lexical)."""
    doc = json.loads(body)
    for binding in doc.get("results", {}).get("bindings", []):
        for value in binding.values():
            if "datatype" in value:
                value["value"] = _canonical_lexical(value["datatype"], value["value"])
    return json.dumps(doc).encode()


class RemoteTriples:
    """CONSTRUCT/DESCRIBE results from a server: iterable triples that serialise like pyoxigraph's QueryTriples."""

    def __init__(self, triples: list[Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output: BinaryIO | None = None, format: RdfFormat = RdfFormat.N_TRIPLES) -> bytes | None:
        return pyoxigraph.serialize(self._triples, output, format)


class _ChunkReader(io.RawIOBase):
    """A streamed response body as a file, so pyoxigraph parses results while they arrive."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


class SparqlServerStore(Store):
    """The store on a SPARQL 1.1 server (see the module docstring)."""

    def __init__(self, endpoints: Endpoints, *, user: str | None = None, password: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                 union_graph: str | None | bool = None, atomic: bool | None = None) -> None:
        """`union_graph`/`atomic` None: decided from the server's name (Virtuoso: UNION_GRAPH, not atomic)."""
        if retries < 1:
            raise ValueError("retries must be at least 1")
        self.endpoints = endpoints
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._credentials = (user, password or "") if user else None
        auth = _ServerAuth(user, password or "") if user else None
        self._client: httpx.Client | None = httpx.Client(
            auth=auth, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True)
        self._index = None
        server = self._server_name()
        virtuoso = server.lower().startswith("virtuoso")
        self.server = server
        self.union_graph = (UNION_GRAPH if virtuoso else None) if union_graph is None else (union_graph or None)
        self.atomic = (not virtuoso) if atomic is None else atomic
        self.max_data_triples = None if self.atomic else NON_ATOMIC_PIECE
        self.normalises_literals = virtuoso  # answers xsd:boolean "true" as "1"
        self.loads_datasets = server.lower().startswith("oxigraph") and not self.union_graph
        self.direct_post = not virtuoso  # Virtuoso (7.2) did not answer direct POSTs in the tests: it gets forms
        self.touched = Touched() if not self._has_article_graphs() else None

    @classmethod
    def open(cls, location: str, *, query_endpoint: str | None = None, update_endpoint: str | None = None,
             graph_store_endpoint: str | None = None, **options: Any) -> SparqlServerStore:
        """From a `sparql+http(s)://` location and the CLI's overrides; raises StoreUnavailable if it is down."""
        endpoints = Endpoints.from_location(location, query_endpoint, update_endpoint, graph_store_endpoint)
        return cls(endpoints, **{k: v for k, v in options.items() if v is not None})

    def with_timeout(self, timeout: float) -> SparqlServerStore:
        """Another handle on the same server that gives up on a request after `timeout` seconds, without retries
        (the SPARQL endpoint's time limit)."""
        user, password = self._credentials or (None, None)
        return SparqlServerStore(self.endpoints, user=user, password=password, timeout=timeout, retries=1,
                                 union_graph=self.union_graph or False, atomic=self.atomic)

    def __repr__(self) -> str:
        return f"SparqlServerStore({self.endpoints.query!r})"

    # --- HTTP ---

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            raise RuntimeError("the store is closed")
        return self._client

    def _send(self, url: str, *, stream: bool = False, **kwargs: Any) -> httpx.Response:
        """POST (GET when no data) once: 5xx, 408/429, 401/403, timeouts and transport errors are StoreUnavailable;
        other 4xx are returned for the caller to explain."""
        method = "POST" if "data" in kwargs or "content" in kwargs else "GET"
        try:
            request = self.client.build_request(method, url, **kwargs)
            response = self.client.send(request, stream=stream)
        except httpx.TimeoutException:
            raise StoreUnavailable(url, f"no answer within {self.timeout:g} s") from None
        except httpx.TransportError as e:
            raise StoreUnavailable(url, _one_line(str(e)) or type(e).__name__) from None
        if response.status_code >= 500 or response.status_code in (401, 403, 408, 429):
            if stream:
                response.read()
            reason = f"HTTP {response.status_code}: {_one_line(response.text)}"
            if response.status_code in (401, 403):
                reason = (f"HTTP {response.status_code}: the server refused the credentials (--user/--password, "
                          "$PROVKG_STORE_USER/$PROVKG_STORE_PASSWORD)")
            raise StoreUnavailable(url, reason)
        return response

    def _retrying(self, what: Callable[[], T]) -> T:
        """Run one of provkg's own writes (idempotent: it recomputes from what the server holds, then replaces)
        up to `retries` times while the server is unavailable, waiting backoff, 2 x backoff, ... between tries."""
        for attempt in range(self.retries):
            try:
                return what()
            except StoreUnavailable as e:
                if attempt + 1 == self.retries or "refused the credentials" in e.reason:
                    raise StoreUnavailable(e.endpoint, e.reason, attempt + 1) from None
                time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _server_name(self) -> str:
        """The server's Server header, from a first ASK (which also checks it answers queries)."""
        r = self._send(self.endpoints.query, params={"query": "ASK {}"},
                       headers={"Accept": JSON_RESULTS})
        if r.status_code >= 400:
            raise StoreUnavailable(self.endpoints.query, f"HTTP {r.status_code} to ASK {{}}: {_one_line(r.text)}")
        return r.headers.get("server", "")

    def _query_request(self, sparql: str, accept: str, stream: bool = False, **kwargs: Any) -> httpx.Response:
        data: dict[str, Any] = {}
        default = kwargs.get("default_graph")
        named = kwargs.get("named_graphs")
        if default is not None:
            graphs = default if isinstance(default, list | tuple) else [default]
            iris = [self.union_graph if isinstance(g, DefaultGraph) else g.value for g in graphs]
            data["default-graph-uri"] = [i for i in iris if i] if graphs else [EMPTY_GRAPH]
        elif self.union_graph:
            # Virtuoso, given a default graph, finds nothing in `GRAPH <iri>` unless the IRI is also named
            # (while `GRAPH ?g` still ranges over every graph): name the constants, or, when the query also
            # has `GRAPH ?g` (which named graphs would restrict), turn them into variables
            data["default-graph-uri"] = [self.union_graph]
            constants, has_var = graph_constants(sparql)
            if constants and has_var:
                sparql = graph_constants_as_values(sparql)
            elif constants and named is None:
                named = [NamedNode(i) for i in dict.fromkeys(constants)]
        if named:
            data["named-graph-uri"] = [g.value for g in named]
        text = with_prefixes(sparql)
        if kwargs.get("base_iri"):  # relative IRIs resolve against it (provkg's endpoint), not the server's URL;
            text = f"BASE <{kwargs['base_iri']}>\n{text}"  # first in the prologue: Virtuoso takes it nowhere else
        if self.direct_post:  # "query via POST directly": the dataset in the URL, no URL-encoding of the query
            r = self._send(self.endpoints.query, stream=stream, params=data, content=text.encode(),
                           headers={"Accept": accept, "Content-Type": "application/sparql-query"})
        else:
            data["query"] = text
            r = self._send(self.endpoints.query, stream=stream, data=data, headers={"Accept": accept})
        if "x-sparql-maxrows" in r.headers:  # Virtuoso's mark of a result cut at its ResultSetMaxRows
            r.close()
            raise ResultsTruncated(f"{self.endpoints.query} cut the result at {r.headers['x-sparql-maxrows']} rows: "
                                   "raise [SPARQL] ResultSetMaxRows in its virtuoso.ini")
        if r.status_code >= 400:
            if stream:
                r.read()
            message = f"{self.endpoints.query} rejected the query (HTTP {r.status_code}): {_one_line(r.text)}"
            raise SyntaxError(message) if r.status_code == 400 else RuntimeError(message)
        return r

    # --- primitives ---

    def query(self, sparql: str, **kwargs: Any) -> Any:
        """SELECT/ASK as pyoxigraph QuerySolutions/QueryBoolean, CONSTRUCT/DESCRIBE as RemoteTriples."""
        if query_form(sparql) in ("construct", "describe"):
            r = self._query_request(sparql, GRAPH_ACCEPT, **kwargs)
            kind = r.headers.get("content-type", "").split(";")[0].strip().lower()
            fmt = RdfFormat.N_TRIPLES if kind in ("application/n-triples", "text/plain") else RdfFormat.TURTLE
            return RemoteTriples([q.triple for q in pyoxigraph.parse(r.content, fmt)])
        r = self._query_request(sparql, JSON_RESULTS, **kwargs)
        body = _canonical_json(r.content) if self.normalises_literals else r.content
        return pyoxigraph.parse_query_results(body, QueryResultsFormat.JSON)

    def _stream_select(self, sparql: str) -> Iterator[Any]:
        """A SELECT's solutions parsed as the response streams in (exports: memory stays flat)."""
        r = self._query_request(sparql, JSON_RESULTS, stream=True)
        try:
            reader = io.BufferedReader(_ChunkReader(r.iter_bytes()), buffer_size=1 << 16)
            results = pyoxigraph.parse_query_results(reader, QueryResultsFormat.JSON)
            names = [v.value for v in results.variables]
            for sol in results:
                yield {n: _canonical(sol[n]) for n in names} if self.normalises_literals else sol
        finally:
            r.close()

    def update(self, sparql: str) -> None:
        if self.direct_post:  # "update via POST directly": URL-encoding a large update cost more than sending it
            r = self._send(self.endpoints.update, content=with_prefixes(sparql).encode(),
                           headers={"Content-Type": "application/sparql-update"})
        else:
            r = self._send(self.endpoints.update, data={"update": with_prefixes(sparql)})
        if r.status_code >= 400:
            message = f"{self.endpoints.update} rejected the update (HTTP {r.status_code}): {_one_line(r.text)}"
            raise SyntaxError(message) if r.status_code == 400 else RuntimeError(message)

    def _pattern(self, subject: Any, predicate: Any, obj: Any) -> tuple[str, list[str]]:
        terms, names = [], []
        for term, var in ((subject, "s"), (predicate, "p"), (obj, "o")):
            terms.append(str(term) if term is not None else f"?{var}")
            if term is None:
                names.append(var)
        return " ".join(terms), names

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None,
                          graph: Any = None) -> Iterator[Quad]:
        pattern, names = self._pattern(subject, predicate, obj)
        if isinstance(graph, DefaultGraph):
            where = f"{{ {pattern} }}"
        elif graph is not None:
            where = f"GRAPH {graph} {{ {pattern} }}"
        else:
            where = f"{{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} {self._real_graphs_filter()} }}"
        select = " ".join(f"?{n}" for n in names) + (" ?g" if graph is None else "")
        return self._quads(f"SELECT {select or '*'} WHERE {{ {where} }}", subject, predicate, obj, graph)

    def named_quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[Quad]:
        pattern, names = self._pattern(subject, predicate, obj)
        select = " ".join(f"?{n}" for n in names) + " ?g"
        return self._quads(f"SELECT {select} WHERE {{ GRAPH ?g {{ {pattern} }} {self._real_graphs_filter()} }}",
                           subject, predicate, obj, None)

    def _real_graphs_filter(self) -> str:
        """Only provkg's graphs (a server has graphs of its own, such as Virtuoso's system graphs)."""
        union = f" && ?g != <{self.union_graph}>" if self.union_graph else ""
        return f'FILTER(STRSTARTS(STR(?g), "{V.GRAPH}"){union})'

    def _quads(self, sparql: str, subject: Any, predicate: Any, obj: Any, graph: Any) -> Iterator[Quad]:
        for sol in self.query(sparql):
            g = graph if graph is not None else (sol["g"] if sol["g"] is not None else DefaultGraph())
            yield Quad(subject if subject is not None else sol["s"], predicate if predicate is not None else sol["p"],
                       obj if obj is not None else sol["o"], g)

    def quads_about(self, subjects: Iterable[NamedNode], graph: NamedNode) -> Iterator[Quad]:
        """One request per 500 subjects rather than one per subject."""
        subjects = list(subjects)
        for i in range(0, len(subjects), 500):
            values = " ".join(str(s) for s in subjects[i:i + 500])
            for sol in self.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH {graph} {{ ?s ?p ?o }} }}"):
                yield Quad(sol["s"], sol["p"], sol["o"], graph)

    def held_elsewhere(self, triples: Iterable[tuple[Any, Any, Any]], graph: NamedNode) -> set[tuple[Any, Any, Any]]:
        triples = list(triples)
        union = f" && ?g != <{self.union_graph}>" if self.union_graph else ""
        out: set[tuple[Any, Any, Any]] = set()
        for i in range(0, len(triples), 200):
            values = " ".join(f"({s} {p} {o})" for s, p, o in triples[i:i + 200])
            q = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(?g != {graph}{union}) }}")
            out.update((sol["s"], sol["p"], sol["o"]) for sol in self.query(q))
        return out & set(triples)

    def contains_named_graph(self, graph: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def _has_article_graphs(self) -> bool:
        return bool(self.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} {self._real_graphs_filter()} }}"))

    def write_article(self, facts: ArticleFacts) -> WriteResult:
        """Store.write_article, tried again whole (identity, reads, write) while the server is unavailable. If it
        stays unavailable, the write may still have landed: the index is read back from the server when next
        needed."""
        try:
            return self._retrying(lambda: Store.write_article(self, facts))
        except StoreUnavailable:
            self.forget_caches()
            raise

    @property
    def write_batch_size(self) -> int:  # type: ignore[override]
        """Articles per update request: WRITE_BATCH where a request is one transaction, else 1."""
        return WRITE_BATCH if self.atomic else 1

    def write_articles(self, batch: list[ArticleFacts]) -> list[WriteResult | Exception]:
        """Runs of new articles in one request each (`_insert_new`: one transaction, so a run lands whole or not at
        all); an article already stored (a replacement) is written alone, in its place in the order.

        Identity is decided article by article against the index as each earlier article of the run leaves it,
        exactly as when they are written one at a time, so the graph comes out the same. When the server refused
        the request, the index is put back and each article of the run is tried alone, so that only the one it
        cannot take fails. When the server was unavailable (after `retries` tries) every article of the run is
        reported with that error; the request may still have landed, so the index and what was touched are
        forgotten and read back from the server when next needed."""
        if not self.atomic or len(batch) < 2:
            return Store.write_articles(self, batch)
        try:
            stored = self._retrying(lambda: self._stored_articles([f.article.id for f in batch]))
        except StoreUnavailable as exc:
            return [exc] * len(batch)
        except Exception:  # the server refused the lookup: each article alone, as it would be without batches
            return Store.write_articles(self, batch)
        out: list[WriteResult | Exception] = []
        run: list[ArticleFacts] = []
        for facts in batch:
            aid = facts.article.id
            if aid in stored:
                out.extend(self._write_run(run))
                run = []
                out.extend(Store.write_articles(self, [facts]))
            else:
                run.append(facts)
                stored.add(aid)  # a second copy of the id in this batch replaces the first, after it
        out.extend(self._write_run(run))
        return out

    def _write_run(self, run: list[ArticleFacts]) -> list[WriteResult | Exception]:
        results: dict[int, WriteResult | Exception] = {}
        plans = []
        for i, facts in enumerate(run):
            try:
                plan = self._plan(facts, replaced=False)
                self._committed(plan)  # optimistically: the next article's identity sees this one
            except Exception as exc:
                results[i] = exc
                continue
            plans.append((i, plan))
        if plans:
            try:
                self._insert_new([plan for _, plan in plans])
            except StoreUnavailable as exc:
                self.forget_caches()
                results.update((i, exc) for i, _ in plans)
            except Exception:
                for _, plan in reversed(plans):
                    self._uncommitted(plan)
                results.update((i, Store.write_articles(self, [run[i]])[0]) for i, _ in plans)
            else:
                results.update((i, plan.result) for i, plan in plans)
        return [results[i] for i in range(len(run))]

    def _insert_new(self, plans: list[WritePlan]) -> None:
        """Put new articles' graphs and their default-graph copies in the store in one transaction: as N-Quads
        POSTed to Oxigraph server's graph store endpoint, which loads a dataset in one transaction and parses it
        far quicker than the same triples as SPARQL Update; else as one update. Tried again while the server is
        unavailable (both add a set of quads: a try repeated after one that landed changes nothing)."""
        if self.loads_datasets:
            body = pyoxigraph.serialize([q for plan in plans for q in with_default_copies(plan.quads)],
                                        format=RdfFormat.N_QUADS)
            self._retrying(lambda: self._post_dataset(body))
            return
        update = " ;\n".join(replace_update(plan.article_id, plan.quads, self.union_graph) for plan in plans)
        self._retrying(lambda: self.update(update))

    def _post_dataset(self, nquads: bytes) -> None:
        r = self._send(self.endpoints.graph_store, content=nquads, headers={"Content-Type": "application/n-quads"})
        if r.status_code >= 400:
            raise RuntimeError(f"{self.endpoints.graph_store} refused the articles (HTTP {r.status_code}): "
                               f"{_one_line(r.text)}")

    def _stored_articles(self, article_ids: list[str]) -> set[str]:
        """Those of the articles whose graph the server holds (one request per 500)."""
        out: set[str] = set()
        for i in range(0, len(article_ids), 500):
            by_graph = {rdf.graph_iri(aid): aid for aid in article_ids[i:i + 500]}
            values = " ".join(f"<{g}>" for g in by_graph)
            q = f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
            out.update(by_graph[sol["g"].value] for sol in self.query(q))
        return out

    def article_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Store.article_hashes in one request per 500 articles."""
        ids = list(article_ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            by_iri = {rdf.article_iri(aid): aid for aid in ids[i:i + 500]}
            values = " ".join(f"(<{rdf.graph_iri(aid)}> <{iri}>)" for iri, aid in by_iri.items())
            q = (f"SELECT ?a ?hash WHERE {{ VALUES (?g ?a) {{ {values} }} "
                 f"GRAPH ?g {{ ?a {V.P['contentHash']} ?hash }} }}")
            out.update((by_iri[sol["a"].value], sol["hash"].value) for sol in self.query(q))
        return out

    def remove_article(self, article_id: str) -> bool:
        return self._retrying(lambda: Store.remove_article(self, article_id))

    def refresh_inferences(self, full: bool = False, between_steps: Callable[[], object] | None = None) -> int:
        return self._retrying(lambda: Store.refresh_inferences(self, full, between_steps))

    def _write(self, article_id: str, quads: list[Quad], replaced: bool) -> None:
        if self.atomic:
            self.update(replace_update(article_id, quads, self.union_graph))
            return
        # not one transaction on this server: the content hash, the mark of a whole article, goes last; the rest
        # in pieces, since a long INSERT DATA makes Virtuoso generate more SQL than it allows
        marks = [q for q in quads if q.predicate == V.P["contentHash"]]
        body = [q for q in quads if q.predicate != V.P["contentHash"]]
        self.update(" ;\n".join(remove_ops(article_id, self.union_graph)))
        for i in range(0, len(body), NON_ATOMIC_PIECE):
            self.update(insert_op(article_id, body[i:i + NON_ATOMIC_PIECE], self.union_graph))
        if marks:
            triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in marks)
            self.update(f"INSERT DATA {{ {in_default(triples, self.union_graph)} "
                        f"GRAPH <{rdf.graph_iri(article_id)}> {{ {triples} }} }}")

    def _remove(self, article_id: str) -> None:
        self.update(" ;\n".join(remove_ops(article_id, self.union_graph)))

    # --- export ---

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Streamed, SELECTs parsed as they arrive: the graphs laid out by graph/export.py for trig/nquads, the
        default graph for the other formats."""
        f = _export.rdf_format(fmt)
        if f in _export.DATASET_FORMATS:
            items: Iterable[Any] = _export.dataset_quads(self._stream_select, self.union_graph)
        else:
            items = (Triple(s["s"], s["p"], s["o"]) for s in self._stream_select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
        _export.serialize(items, f, out)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
            self._index = None
