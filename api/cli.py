"""The `provkg` command: a thin door onto ingest_paths and the Store.

Every command maps onto one function the HTTP API can call too; this module only parses
arguments, opens the store, and prints. Expected problems (bad files, a malformed query,
a locked store) become one-line messages and an exit status, never a traceback.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import re
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from provkg.graph.load import Failed, IngestSummary, Outcome, Skip, Unchanged, ingest_paths, one_line
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
SMALL_BATCH = 16  # files (or 32-line JSONL chunks) below which `ingest` without --workers stays in-process
DEFAULT_STORE = Path("data/store")

app = typer.Typer(
    name="provkg",
    help="Build and query an RDF knowledge graph of Vietnam's provincial political organisations "
         "from English-language provincial news.\n\n"
         "Typical use: [bold]provkg ingest data/articles[/bold], then [bold]provkg stats[/bold], "
         "[bold]provkg query 'SELECT * WHERE { ?s ?p ?o } LIMIT 10'[/bold] or "
         "[bold]provkg export --format trig -o kg.trig[/bold].",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

def store_location(text: str | Path) -> Path | str:
    """A directory as a Path; a SPARQL server (sparql+http(s)://...) kept as text (a Path folds its `//`).

    typer hands a parser the default (DEFAULT_STORE, a Path) as it is, and a typed value as text.
    """
    text = str(text)
    return text if text.startswith(("sparql+http://", "sparql+https://")) else Path(text)


StoreOption = Annotated[Path, typer.Option(
    "--store", "-s", envvar="PROVKG_STORE", show_envvar=True, metavar="DIR|URL", parser=store_location,
    help="Store directory (an embedded Oxigraph database), or a SPARQL server: sparql+http://host:port or "
         "sparql+http://host:port/base "
         "(query, update and graph store endpoints at /query, /update, /store; see the SPARQL server options).")]

SERVER_PANEL = "SPARQL server (--store sparql+http://...)"
REMOTE_OPTIONS: dict[str, Any] = {
    "query_endpoint": Annotated[str | None, typer.Option(
        "--query-endpoint", envvar="PROVKG_QUERY_ENDPOINT", metavar="URL", rich_help_panel=SERVER_PANEL,
        help="The server's SPARQL query endpoint, when not BASE/query (Virtuoso: BASE/sparql).")],
    "update_endpoint": Annotated[str | None, typer.Option(
        "--update-endpoint", envvar="PROVKG_UPDATE_ENDPOINT", metavar="URL", rich_help_panel=SERVER_PANEL,
        help="The server's SPARQL Update endpoint, when not BASE/update (Virtuoso: BASE/sparql-auth).")],
    "graph_store_endpoint": Annotated[str | None, typer.Option(
        "--graph-store-endpoint", envvar="PROVKG_GRAPH_STORE_ENDPOINT", metavar="URL", rich_help_panel=SERVER_PANEL,
        help="The server's Graph Store Protocol endpoint, when not BASE/store (Virtuoso: BASE/sparql-graph-crud).")],
    "user": Annotated[str | None, typer.Option(
        "--user", envvar="PROVKG_STORE_USER", rich_help_panel=SERVER_PANEL,
        help="User name for the server (HTTP basic or digest, as it asks).")],
    "password": Annotated[str | None, typer.Option(
        "--password", envvar="PROVKG_STORE_PASSWORD", rich_help_panel=SERVER_PANEL, show_default=False,
        help="Password for the server (better: $PROVKG_STORE_PASSWORD).")],
    "retries": Annotated[int | None, typer.Option(
        "--retries", envvar="PROVKG_STORE_RETRIES", min=1, max=20, rich_help_panel=SERVER_PANEL,
        help="Tries for each write to the server, with exponential backoff (default 3).")],
}
_remote: dict[str, Any] = {}  # the SPARQL server options of the command being run


def _store_options(command: Any) -> Any:
    """Give a command that takes --store the SPARQL server options (REMOTE_OPTIONS); opened_store uses them."""
    signature = inspect.signature(command, eval_str=True)
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=None)
             for name, kind in REMOTE_OPTIONS.items()]

    @functools.wraps(command)
    def with_options(*args: Any, **kwargs: Any) -> Any:
        _remote.clear()
        _remote.update({name: kwargs.pop(name, None) for name in REMOTE_OPTIONS})
        return command(*args, **kwargs)

    with_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra])
    with_options.__annotations__ = {**typing.get_type_hints(command, include_extras=True), **REMOTE_OPTIONS}
    return with_options


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"
    ftm = "ftm"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _err(message: str, console: Console | None = None) -> None:
    """One line on stderr, above a live progress bar when there is one."""
    if console is not None:
        console.print(message, markup=False, highlight=False, soft_wrap=True)
    else:
        print(message, file=sys.stderr, flush=True)


def _fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    _err(f"error: {message}")
    raise typer.Exit(code)


def _is_server(location: Path | str) -> bool:
    return str(location).startswith(("sparql+http://", "sparql+https://"))


def _store_is_missing(location: Path | str) -> bool:
    if _is_server(location):
        return False  # a server is checked by opening it
    location = Path(location)
    return not location.is_dir() or not any(location.iterdir())


@contextmanager
def opened_store(location: Path | str, *, create: bool) -> Iterator[Any]:
    """Open the store or exit with a clear message (missing, locked, unreadable, server down); always close it."""
    if not create and _store_is_missing(location):
        _fail(f"no store at {location}: run `provkg ingest PATH... --store {location}` first")
    from provkg.graph.location import open_store
    from provkg.graph.remote import ResultsTruncated, StoreUnavailable

    try:
        store = open_store(location, **_remote) if _is_server(location) else open_store(location)
    except Exception as exc:  # the store's own message says why (in use, corrupt, permissions, server down)
        if "InUse" in type(exc).__name__ or isinstance(exc, StoreUnavailable):
            _fail(one_line(str(exc)))
        hint = " (is another provkg process using it?)" if "lock" in str(exc).lower() else ""
        _fail(f"cannot open store {location}: {one_line(exc)}{hint}")
    try:
        yield store
    except (StoreUnavailable, ResultsTruncated) as exc:  # the server went away, or cut an answer short
        _fail(one_line(str(exc)))
    finally:
        store.close()


def _warn_if_empty(store: Any, location: Path) -> None:
    """A query or export of an empty store is valid but probably not what was meant: say so."""
    try:
        empty = not bool(store.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))
    except Exception:
        return
    if empty:
        _err(f"note: the store at {location} is empty; ingest articles first with `provkg ingest PATH...`")


def _version_callback(value: bool) -> None:
    if value:
        try:
            typer.echo(f"provkg {version('provkg')}")
        except PackageNotFoundError:
            typer.echo("provkg (not installed)")
        raise typer.Exit()


@app.callback()
def _root(
    _version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                           help="Print the version and exit.")] = False,
) -> None:
    """Root options shared by every command."""


@app.command()
@_store_options
def ingest(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Article files (.txt, .html/.htm, .jsonl) or folders of them. Other files "
             "(e.g. .gold.json) are skipped and counted.", show_default=False)],
    store: StoreOption = DEFAULT_STORE,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list skipped and unchanged "
                                                                  "files.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, envvar="PROVKG_WORKERS", show_default="the cores available",
        help="Processes that read and extract in parallel (this process writes); 1 does all in-process. "
             "Without it, a batch of a few files runs in-process (starting workers costs a second).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract and rewrite articles whose content is "
                                                        "unchanged since they were last ingested.")] = False,
) -> None:
    """Read articles, extract facts and write one named graph per article into the store.

    Re-ingesting a changed article replaces its graph; an unchanged one (same content hash)
    is skipped without being extracted, unless --force. Each file that cannot be read or
    extracted is reported as one line on stderr ("FILE:LINE: reason"); the other files are
    still ingested. Exit status 1 when any file failed, 0 otherwise.

    Examples:

      provkg ingest data/articles

      provkg ingest news/*.html feed.jsonl --store /tmp/kg --workers 4
    """
    from provkg.graph.load import default_workers

    with opened_store(store, create=True) as opened:
        # by default a handful of files is ingested in-process: starting workers would cost more than it saves
        summary = _ingest_with_progress(paths, opened, verbose, workers or default_workers(), force,
                                        min_parallel=0 if workers else SMALL_BATCH)
    typer.echo(_summary_line(summary, store))
    raise typer.Exit(EXIT_FAILED if summary.failures else EXIT_OK)


def _ingest_with_progress(paths: list[Path], store: Any, verbose: bool, workers: int = 1,
                          force: bool = False, min_parallel: int = 0) -> IngestSummary:
    """Run ingest_paths, with a progress bar only when stderr is a terminal."""
    progress = _progress() if sys.stderr.isatty() else None
    console = progress.console if progress is not None else None
    task = progress.add_task("ingesting", total=None) if progress is not None else None

    def report(outcome: Outcome) -> None:
        if isinstance(outcome, Failed):
            _err(f"error: {outcome}", console)
        elif verbose and isinstance(outcome, Skip):
            _err(f"skipped: {outcome.source}: {outcome.reason}", console)
        elif verbose and isinstance(outcome, Unchanged):
            _err(f"unchanged: {outcome.source} ({outcome.article_id}), not re-ingested (--force does)", console)
        if progress is not None and task is not None:
            progress.update(task, advance=1, description=Path(re.sub(r":\d+$", "", outcome.source)).name)

    reported: set[int] = set()

    def report_once(outcome: Outcome) -> None:
        reported.add(id(outcome))
        report(outcome)

    try:
        with progress if progress is not None else nullcontext():
            summary = ingest_paths(paths, store, on_result=report_once, workers=workers, skip_unchanged=not force,
                                   min_parallel=min_parallel)
        for failure in summary.failures:      # what failed after the articles (the inferred graph's rebuild)
            if id(failure) not in reported:
                _err(f"error: {failure}", console)
        return summary
    except KeyboardInterrupt:
        _err("interrupted: articles written so far are complete; nothing is half-written")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


def _summary_line(summary: IngestSummary, store: Path) -> str:
    counts = summary.as_dict()
    parts = ", ".join(f"{value} {name}" for name, value in counts.items())
    return f"ingested into {store}: {parts}"


@app.command()
@_store_options
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF serialisation. turtle, ntriples "
                                              "and jsonld: the set-union default graph (each fact "
                                              "once); trig and nquads: the article graphs, each triple "
                                              "in one graph (what several state in the shared graph). "
                                              "ftm: FollowTheMoney entities, one JSON object a line "
                                              "(Person, PublicBody, Position, Occupancy, Membership).")],
    store: StoreOption = DEFAULT_STORE,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False,
                                                help="Write to FILE instead of stdout.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="ftm: the day occupancy statuses are for (default: "
                                                   "today).")] = None,
) -> None:
    """Write the whole graph in an RDF format, or as FollowTheMoney entities, to stdout or a file.

    Examples:

      provkg export --format trig -o kg.trig

      provkg export --format turtle | rapper -i turtle -c - https://w3id.org/provkg/

      provkg export --format ftm -o entities.ftm.json
    """
    day = _as_of_date(as_of)
    with opened_store(store, create=False) as opened:
        _warn_if_empty(opened, store)
        if output is None:
            _write_guarded(lambda out: _export(opened, fmt.value, out, day), sys.stdout.buffer)
        else:
            _export_to_file(opened, fmt.value, output, day)


def _as_of_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of {text!r} is not a date: give YYYY-MM-DD")


def _export(store: Any, fmt: str, out: IO[bytes], as_of: date | None) -> None:
    if fmt == "ftm":
        from provkg.graph import ftm  # followthemoney loads in a second: only when asked for

        ftm.write(store, out, as_of)
    else:
        store.export(fmt, out)


def _export_to_file(store: Any, fmt: str, output: Path, as_of: date | None = None) -> None:
    """Export into FILE; on error remove the partial file so nothing half-written remains."""
    try:
        with output.open("wb") as out:
            _export(store, fmt, out, as_of)
    except Exception as exc:
        output.unlink(missing_ok=True)
        _fail(f"export to {output} failed: {one_line(exc)}")


def _write_guarded(write: Any, out: IO[bytes]) -> None:
    """Write to stdout, staying quiet when the reader closes the pipe early (`| head`)."""
    try:
        write(out)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
    except Exception as exc:
        _fail(one_line(exc))


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@app.command()
@_store_options
def query(
    sparql: Annotated[str, typer.Argument(
        metavar="SPARQL",
        help="A SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query, or '-' to read it from stdin. "
             "The default graph is the union of all article graphs; use GRAPH ?g { } for provenance.",
        show_default=False)],
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="table: a readable table; json: "
                                             "SPARQL 1.1 results JSON; csv: SPARQL results CSV. "
                                             "CONSTRUCT/DESCRIBE results print as N-Triples for "
                                             "json and csv.")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query against the store.

    Example, who is Secretary of which Party Committee:

      provkg query 'PREFIX org: <http://www.w3.org/ns/org#>
      PREFIX foaf: <http://xmlns.com/foaf/0.1/>
      PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
      SELECT ?name ?body WHERE { ?m org:member ?p ; org:organization ?o ; org:role ?r .
      ?p foaf:name ?name . ?o skos:prefLabel ?body . ?r skos:prefLabel "Secretary" .
      FILTER(CONTAINS(?body, "Party Committee")) }'

    A malformed query exits with status 2 and the parser's message.
    """
    text = sys.stdin.read() if sparql == "-" else sparql
    with opened_store(store, create=False) as opened:
        _warn_if_empty(opened, store)
        results = _run_query(opened, text)
        _write_guarded(lambda out: _print_results(results, fmt, out), sys.stdout.buffer)


def _run_query(store: Any, text: str) -> Any:
    """Parse and start the query; a syntax error is a usage error (exit 2), not a crash."""
    try:
        return store.query(text)
    except SyntaxError as exc:
        _fail(f"malformed SPARQL query: {one_line(exc.msg or str(exc))}", EXIT_USAGE)
    except Exception as exc:
        _fail(f"query failed: {one_line(exc)}")


def _print_results(results: Any, fmt: QueryFormat, out: IO[bytes]) -> None:
    """Serialise SELECT/ASK/CONSTRUCT results in the chosen format."""
    import pyoxigraph as ox

    if fmt is QueryFormat.table:
        _print_table(results)
    elif _is_graph(results):
        results.serialize(out, ox.RdfFormat.N_TRIPLES)
    else:
        results.serialize(out, ox.QueryResultsFormat.JSON if fmt is QueryFormat.json
                          else ox.QueryResultsFormat.CSV)
        if fmt is QueryFormat.json:
            out.write(b"\n")


def _is_graph(results: Any) -> bool:
    """CONSTRUCT/DESCRIBE results: pyoxigraph's, or a SPARQL server's (graph/remote.RemoteTriples)."""
    import pyoxigraph as ox

    return not isinstance(results, ox.QuerySolutions | ox.QueryBoolean)


def _print_table(results: Any) -> None:
    """A rich table on stdout: one column per variable, or subject/predicate/object for graphs."""
    import pyoxigraph as ox

    if isinstance(results, ox.QueryBoolean):
        typer.echo("true" if bool(results) else "false")
        return
    if _is_graph(results):
        columns, rows = ["subject", "predicate", "object"], ([t.subject, t.predicate, t.object]
                                                            for t in results)
    else:
        variables = list(results.variables)
        columns = [v.value for v in variables]
        rows = ([solution[v] for v in variables] for solution in results)
    table = Table(*columns, caption_justify="left")
    count = 0
    for row in rows:
        table.add_row(*(Text(_term_text(term)) for term in row))
        count += 1
    table.caption = f"{count} row{'s' if count != 1 else ''}"
    width = None if sys.stdout.isatty() else 100_000
    Console(width=width, highlight=False).print(table)


def _term_text(term: Any) -> str:
    """A term as a reader wants it in a table: IRIs and literal values bare, blank nodes as _:id."""
    if term is None:
        return ""
    kind = type(term).__name__
    return f"_:{term.value}" if kind == "BlankNode" else str(getattr(term, "value", term))


@app.command()
@_store_options
def stats(
    store: StoreOption = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as a JSON object.")] = False,
) -> None:
    """Print counts for the store (articles, triples, people, bodies, ...).

    Example:

      provkg stats --store data/store
    """
    with opened_store(store, create=False) as opened:
        counts = opened.stats()
    if as_json:
        typer.echo(json.dumps(counts, indent=2, default=str))
        return
    width = max((len(str(k)) for k in counts), default=0)
    typer.echo(f"store: {store}")
    for key, value in counts.items():
        typer.echo(f"{str(key).ljust(width)}  {value}")
    if not any(v for v in counts.values() if isinstance(v, int | float)):
        _err(f"note: the store at {store} is empty; ingest articles first with `provkg ingest PATH...`")


@app.command()
@_store_options
def serve(
    store: StoreOption = DEFAULT_STORE,
    host: Annotated[str, typer.Option("--host", envvar="PROVKG_HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", envvar="PROVKG_PORT", min=0, max=65535,
                                      help="TCP port.")] = 8000,
    query_timeout: Annotated[float, typer.Option("--query-timeout", envvar="PROVKG_QUERY_TIMEOUT", min=0.01,
                                                 help="Seconds a SPARQL query may run before it is stopped "
                                                      "(503).")] = 10.0,
    max_rows: Annotated[int, typer.Option("--max-rows", envvar="PROVKG_MAX_ROWS", min=1,
                                          help="Most rows (or triples) a query returns; the response says "
                                               "when it was cut.")] = 10_000,
    max_body_bytes: Annotated[int, typer.Option("--max-body-bytes", envvar="PROVKG_MAX_BODY_BYTES", min=1024,
                                                help="Largest request body accepted (413 above).")] = 5 * 1024 * 1024,
    max_url_bytes: Annotated[int, typer.Option("--max-url-bytes", envvar="PROVKG_MAX_URL_BYTES", min=256,
                                               help="Longest URL accepted (414 above; a long SPARQL query goes in "
                                                    "a POST body).")] = 32 * 1024,
    max_header_bytes: Annotated[int, typer.Option("--max-header-bytes", envvar="PROVKG_MAX_HEADER_BYTES", min=1024,
                                                  help="Largest request headers accepted, in all (431 above).")]
    = 64 * 1024,
    max_concurrent_queries: Annotated[int, typer.Option(
        "--max-concurrent-queries", "--workers", envvar="PROVKG_MAX_CONCURRENT_QUERIES", min=1, max=64,
        help="Query worker processes: queries running at once (more wait briefly, then 503).")] = 4,
    queue_timeout: Annotated[float, typer.Option("--queue-timeout", envvar="PROVKG_QUEUE_TIMEOUT", min=0,
                                                 help="Seconds a query waits for a free worker before a "
                                                      "503.")] = 2.0,
    update_token_file: Annotated[Path | None, typer.Option(
        "--update-token-file", dir_okay=False, metavar="FILE",
        help="File holding the token that allows SPARQL Update and POST /articles (else $PROVKG_UPDATE_TOKEN; "
             "neither: read-only).")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the store over HTTP: SPARQL at /sparql (page at /sparql/ui) and the REST API.

    The server holds the store's write lock while it runs, so add articles through it
    (POST /articles with the update token) or stop it before `provkg ingest`.

    Example:

      provkg serve --store data/store --port 8000
    """
    import logging

    import uvicorn
    from provkg.api.app import create_app
    from provkg.api.http_limits import bounded_protocol
    from provkg.api.settings import Settings

    token = os.environ.get("PROVKG_UPDATE_TOKEN") or None
    if update_token_file is not None:
        try:
            token = update_token_file.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            _fail(f"cannot read the update token file {update_token_file}: {one_line(exc.strerror or exc)}")
        if token is None:
            _fail(f"the update token file {update_token_file} is empty")
    try:
        settings = Settings(store=store, host=host, port=port, query_timeout=query_timeout, max_rows=max_rows,
                            max_body_bytes=max_body_bytes, max_url_bytes=max_url_bytes,
                            max_header_bytes=max_header_bytes, update_token=token,
                            max_concurrent_queries=max_concurrent_queries, queue_timeout=queue_timeout,
                            query_endpoint=_remote.get("query_endpoint"),
                            update_endpoint=_remote.get("update_endpoint"),
                            graph_store_endpoint=_remote.get("graph_store_endpoint"), store_user=_remote.get("user"),
                            store_password=_remote.get("password"), store_retries=_remote.get("retries"))
    except ValueError as exc:
        _fail(str(exc), EXIT_USAGE)
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    try:
        web = create_app(settings)
    except Exception as exc:  # a locked, missing or unreadable store: one line, no traceback
        if "InUse" in type(exc).__name__:
            _fail(f"{one_line(str(exc))} (is a provkg server or ingest already using it?)")
        _fail(f"cannot serve {store}: {one_line(exc)}")
    mode = "read-only" if token is None else "updates allowed with the token"
    _err(f"serving {store} on http://{host}:{port} ({mode}); query page: http://{host}:{port}/sparql/ui")
    # the request head is bounded while it is read, and refused as JSON past the bounds (api/http_limits.py)
    http = bounded_protocol(settings.max_url_bytes, settings.max_header_bytes)
    uvicorn.run(web, host=host, port=port, log_level=log_level, access_log=True, http=http)


class ViewKind(StrEnum):
    person = "person"
    organization = "organization"
    merges = "merges"
    all = "all"
    campaign = "campaign"
    article = "article"


@app.command()
@_store_options
def view(
    kind: Annotated[ViewKind, typer.Argument(help="person | organization | merges | all | campaign | article.")],
    ident: Annotated[str | None, typer.Argument(metavar="[ID]", help="The node's id (last segment of its IRI); "
                                                "needed by person, organization, campaign and article.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False, help="The HTML file to write.")]
    = Path("view.html"),
    store: StoreOption = DEFAULT_STORE,
    depth: Annotated[int, typer.Option("--depth", min=1, max=2, help="Person view: 1 or 2 hops.")] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="Organization view: posts held on this date.")] = None,
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", min=10, show_default="1000",
                                                  help="Sample past this many nodes.")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help="Where clicks on nodes go (a provkg server).")]
    = "http://127.0.0.1:8000",
) -> None:
    """Write a view as one self-contained HTML file (no network access needed to open it): vis-network is
    inlined, and clicking a node opens its view on --base-url (a running `provkg serve`).

    Examples:

      provkg view merges -o mergers.html

      provkg view organization binh-duong-provincial-party-committee --as-of 2024-01-01 -o chart.html
    """
    from provkg.api.views import layout, pages

    if kind.value in ("person", "organization", "campaign", "article") and not ident:
        _fail(f"the {kind.value} view needs an ID, e.g. provkg view {kind.value} SOME-ID -o view.html")
    if not base_url.startswith(("http://", "https://")):
        _fail("--base-url must start with http:// or https://")
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of must be YYYY-MM-DD, not {as_of!r}")
    with opened_store(store, create=False) as opened:
        try:
            html = pages.page_html(opened, kind.value, ident, depth=depth, as_of=day, standalone=True,
                                   base=base_url.rstrip("/"), max_nodes=max_nodes or layout.DEFAULT_MAX_NODES)
        except pages.NotFound as exc:
            _fail(str(exc))
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(output)
    _err(f"wrote {output} ({len(html.encode('utf-8')):,} bytes)")


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(metavar="DIR", help="New directory for the copy (must not exist, "
                                                               "or be empty).")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Copy the store to DIR consistently, also while `provkg serve` runs on it.

    The copy is a regular store: serve or query it with --store DIR (to restore, stop the
    server and put DIR in place of the store). See graph/backup.py for how it stays consistent.

    Example:

      provkg backup /var/backups/provkg-2026-11-23 --store data/store
    """
    from provkg.graph.backup import BackupError
    from provkg.graph.backup import backup as make_backup

    try:
        result = make_backup(store, target)
    except BackupError as exc:
        _fail(one_line(str(exc)))
    except Exception as exc:  # permissions, a full disk: one line, no traceback
        _fail(f"backup of {store} failed: {one_line(exc)}")
    typer.echo(f"backed up {store} to {result.target} ({result.quads} quads, {result.method})")


def main() -> None:
    """Console-script entry point (`provkg`): any unexpected error is one line, not a traceback."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("PROVKG_DEBUG"):
            raise
        _err(f"error: internal error: {one_line(exc)} (set PROVKG_DEBUG=1 to see the traceback)")
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
