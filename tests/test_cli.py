"""The `provkg` command end to end: real subprocesses against real stores."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from conftest import RunCli, provkg_executable
from provkg.graph.store import OxigraphStore

PREFIXES = (
    "PREFIX org: <http://www.w3.org/ns/org#>\n"
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX schema: <https://schema.org/>\n"
)
COUNT_ARTICLES = PREFIXES + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }"


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def count_articles(run_cli: RunCli, store: Path) -> int:
    """How many schema:NewsArticle the store holds, through the CLI's JSON output."""
    result = run_cli("query", "--store", store, "--format", "json", COUNT_ARTICLES)
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return int(bindings[0]["n"]["value"]) if bindings else 0


def sample_article(articles_dir: Path) -> Path:
    return sorted(articles_dir.glob("*.txt"))[0]


def demo_article_count(articles_dir: Path) -> int:
    """Articles in data/articles as the reader finds them (a JSONL feed holds several)."""
    from provkg.ingest.article import Article
    from provkg.ingest.read import read_paths

    return sum(isinstance(item, Article) for item in read_paths([articles_dir]))


# --- the main flow: ingest, stats, query, export ------------------------------------------

def test_ingest_sample_articles(run_cli: RunCli, articles_dir: Path, store_dir: Path) -> None:
    result = run_cli("ingest", articles_dir, "--store", store_dir)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    n = demo_article_count(articles_dir)
    assert n >= 20  # the demo's promise (README): 20 or more articles from at least 8 provinces
    assert f"{n} articles" in result.stdout
    assert "0 failures" in result.stdout
    assert not error_lines(result)
    assert count_articles(run_cli, store_dir) == n
    provinces = run_cli("query", "--store", store_dir, "--format", "json",
                        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?a a schema:NewsArticle ; provkg:province ?p }")
    assert int(json.loads(provinces.stdout)["results"]["bindings"][0]["n"]["value"]) >= 8, provinces.stdout


def test_reingest_is_idempotent(run_cli: RunCli, articles_dir: Path, store_dir: Path) -> None:
    assert run_cli("ingest", articles_dir, "--store", store_dir).returncode == 0
    first = run_cli("stats", "--json", "--store", store_dir)
    assert run_cli("ingest", articles_dir, "--store", store_dir).returncode == 0
    second = run_cli("stats", "--json", "--store", store_dir)
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_store_from_environment(run_cli: RunCli, articles_dir: Path, store_dir: Path) -> None:
    env = {"PROVKG_STORE": str(store_dir)}
    assert run_cli("ingest", sample_article(articles_dir), env=env).returncode == 0
    assert store_dir.is_dir()
    assert run_cli("stats", env=env).returncode == 0


def test_default_store_is_data_store_of_the_working_directory(run_cli: RunCli, articles_dir: Path,
                                                               tmp_path: Path) -> None:
    """Without --store and $PROVKG_STORE every command uses ./data/store (it once crashed on the default)."""
    missing = run_cli("stats", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: no store at data/store: run `provkg ingest"), missing.stderr
    ingested = run_cli("ingest", sample_article(articles_dir), cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith("ingested into data/store: 1 articles"), ingested.stdout
    assert (tmp_path / "data" / "store").is_dir()
    stats = run_cli("stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.startswith("store: data/store\n") and re.search(r"^articles +1$", stats.stdout, re.M)
    assert count_articles(run_cli, tmp_path / "data" / "store") == 1
    for command in (["query", "ASK { ?s ?p ?o }"], ["export", "--format", "ntriples"],
                    ["view", "merges", "-o", str(tmp_path / "m.html")], ["backup", str(tmp_path / "copy")]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        assert_no_traceback(result)


def test_stats(run_cli: RunCli, ingested_store: Path) -> None:
    result = run_cli("stats", "--store", ingested_store)
    assert result.returncode == 0, result.stderr
    assert str(ingested_store) in result.stdout
    counts = json.loads(run_cli("stats", "--json", "--store", ingested_store).stdout)
    assert isinstance(counts, dict) and counts
    assert any(isinstance(v, int) and v > 0 for v in counts.values())


def test_query_table(run_cli: RunCli, ingested_store: Path) -> None:
    result = run_cli("query", "--store", ingested_store,
                     PREFIXES + "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name")
    assert result.returncode == 0, result.stderr
    assert "name" in result.stdout.splitlines()[1]
    assert "row" in result.stdout


def test_query_json_select_ask_construct(run_cli: RunCli, ingested_store: Path) -> None:
    select = run_cli("query", "-f", "json", "--store", ingested_store,
                     PREFIXES + "SELECT ?o ?label WHERE { ?o a org:Organization ; skos:prefLabel ?label }")
    assert select.returncode == 0, select.stderr
    doc = json.loads(select.stdout)
    assert doc["head"]["vars"] == ["o", "label"]
    assert doc["results"]["bindings"], "the sample articles name organisations"

    ask = run_cli("query", "-f", "json", "--store", ingested_store, "ASK { ?s ?p ?o }")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}

    construct = run_cli("query", "-f", "json", "--store", ingested_store,
                        PREFIXES + "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }")
    assert construct.returncode == 0, construct.stderr
    graph = rdflib.Graph().parse(data=construct.stdout, format="nt")
    assert len(graph) > 0


def test_query_csv(run_cli: RunCli, ingested_store: Path) -> None:
    result = run_cli("query", "--format", "csv", "--store", ingested_store,
                     PREFIXES + "SELECT ?p ?name WHERE { ?p foaf:name ?name }")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["p", "name"]
    assert len(rows) > 1


def test_query_from_stdin(run_cli: RunCli, ingested_store: Path) -> None:
    result = run_cli("query", "-f", "csv", "--store", ingested_store, "-", input="ASK { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true"


def test_malformed_query(run_cli: RunCli, ingested_store: Path) -> None:
    result = run_cli("query", "--store", ingested_store, "SELEC ?x WHERE { ?x ?y }")
    assert result.returncode == 2
    assert_no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "malformed SPARQL" in lines[0]
    assert result.stdout == ""


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use deprecated APIs
@pytest.mark.parametrize("fmt,rdflib_format", [
    ("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"), ("ntriples", "nt"), ("jsonld", "json-ld"),
])
def test_export_formats(run_cli: RunCli, ingested_store: Path, tmp_path: Path,
                        fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"kg.{fmt}"
    result = run_cli("export", "--store", ingested_store, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    dataset = rdflib.Dataset()
    dataset.parse(out, format=rdflib_format)
    assert len(list(dataset.quads())) > 0
    stdout = subprocess.run([provkg_executable(), "export", "--store", str(ingested_store), "-f", fmt],
                            capture_output=True)
    assert stdout.returncode == 0
    assert stdout.stdout == out.read_bytes(), "stdout and -o FILE give the same bytes"


def test_export_turtle_passes_rapper(run_cli: RunCli, ingested_store: Path, tmp_path: Path) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed; `make test` installs it")
    out = tmp_path / "kg.ttl"
    assert run_cli("export", "--store", ingested_store, "-f", "turtle", "-o", out).returncode == 0
    check = subprocess.run([rapper, "-i", "turtle", "-c", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "returned 0 triples" not in check.stderr


# --- missing, empty and busy stores -----------------------------------------------------

@pytest.mark.parametrize("command", [["stats"], ["query", "ASK { ?s ?p ?o }"], ["export", "-f", "turtle"]])
def test_missing_store(run_cli: RunCli, store_dir: Path, command: list[str]) -> None:
    result = run_cli(*command, "--store", store_dir)
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "no store at" in result.stderr
    assert not store_dir.exists(), "reading commands must not create a store"


def test_empty_store(run_cli: RunCli, tmp_path: Path, store_dir: Path) -> None:
    empty_folder = tmp_path / "nothing"
    empty_folder.mkdir()
    created = run_cli("ingest", empty_folder, "--store", store_dir)
    assert created.returncode == 0, created.stderr
    assert "0 articles" in created.stdout
    result = run_cli("query", "-f", "json", "--store", store_dir, "ASK { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert "empty" in result.stderr
    assert json.loads(result.stdout)["boolean"] is False


def test_store_in_use(run_cli: RunCli, articles_dir: Path, store_dir: Path) -> None:
    from provkg.graph.location import open_store

    held = open_store(store_dir)
    try:
        for command in (["ingest", sample_article(articles_dir)], ["stats"]):
            result = run_cli(*command, "--store", store_dir)
            assert result.returncode != 0
            assert_no_traceback(result)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and str(store_dir) in lines[0], result.stderr
    finally:
        held.close()
    assert run_cli("stats", "--store", store_dir).returncode == 0


# --- bad inputs: each fails alone, the good file still lands ----------------------------

def _bad_file(kind: str, folder: Path) -> tuple[Path, str]:
    """Write one bad input of `kind`; return it and the text its error line must contain."""
    if kind == "missing":
        return folder / "does-not-exist.txt", "does-not-exist.txt"
    path = folder / {"empty": "empty.txt", "binary": "binary.txt", "non-utf8": "latin1.txt",
                     "huge": "huge.txt", "html-no-article": "furniture.html"}[kind]
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "non-utf8":
        path.write_bytes(b"Party Committee of B\xecnh D\xf4ng\n\n"
                         b"The Secretary of the Party Committee, \xd4ng L\xea, spoke.\n")
    elif kind == "huge":
        from provkg.ingest.read import MAX_FILE_BYTES

        line = b"The Provincial Party Committee held a conference on the new term.\n"
        with path.open("wb") as out:
            for _ in range(MAX_FILE_BYTES // len(line) + 2):
                out.write(line)
    else:
        path.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> | "
                        "<a href='/about'>About</a></nav><footer>(c) 2025</footer></body></html>",
                        encoding="utf-8")
    return path, path.name


@pytest.mark.parametrize("kind", ["missing", "empty", "binary", "non-utf8", "huge", "html-no-article"])
def test_bad_input_fails_alone(run_cli: RunCli, articles_dir: Path, tmp_path: Path, store_dir: Path,
                               kind: str) -> None:
    bad, name = _bad_file(kind, tmp_path)
    good = sample_article(articles_dir)
    result = run_cli("ingest", good, bad, "--store", store_dir)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert_no_traceback(result)
    errors = error_lines(result)
    assert len(errors) == 1 and name in errors[0], result.stderr
    assert "1 failures" in result.stdout and "1 articles" in result.stdout
    assert count_articles(run_cli, store_dir) == 1


def test_jsonl_bad_line_among_good(run_cli: RunCli, tmp_path: Path, store_dir: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [{"url": f"https://example.vn/news/party-committee-{i}.html",
                "title": f"Provincial Party Committee meets ({i})", "published": "2025-02-1{i}",
                "text": f"Conference number {i}.\n\nThe Binh Duong Provincial Party Committee held a "
                        f"conference on February 1{i}, 2025."} for i in (1, 3)]
    feed.write_text(json.dumps(records[0]) + "\n{not json at all\n" + json.dumps(records[1]) + "\n",
                    encoding="utf-8")
    result = run_cli("ingest", feed, "--store", store_dir)
    assert result.returncode == 1
    assert_no_traceback(result)
    errors = error_lines(result)
    assert len(errors) == 1 and f"{feed.name}:2" in errors[0], result.stderr
    assert "2 articles" in result.stdout
    assert count_articles(run_cli, store_dir) == 2


def test_gold_json_is_skipped_not_failed(run_cli: RunCli, articles_dir: Path, tmp_path: Path,
                                         store_dir: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = sample_article(articles_dir)
    shutil.copy(good, folder / good.name)
    (folder / f"{good.stem}.gold.json").write_text('{"people": []}', encoding="utf-8")
    result = run_cli("ingest", folder, "--store", store_dir)
    assert result.returncode == 0, result.stderr
    assert "1 articles" in result.stdout and "1 skipped" in result.stdout
    assert not error_lines(result)


def test_dev_corpus_ingests(run_cli: RunCli, dev_corpus: Path, store_dir: Path) -> None:
    result = run_cli("ingest", dev_corpus, "--store", store_dir)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    articles = len([p for p in dev_corpus.iterdir() if p.suffix in {".txt", ".html", ".htm"}])
    assert count_articles(run_cli, store_dir) >= articles


# --- per-article errors inside the batch (in process) ------------------------------------

class _RecordingStore(OxigraphStore):
    """A real in-memory store whose disk is full for one article id, to check failures stay per article."""

    def __init__(self, fail_id: str | None = None) -> None:
        super().__init__(None)
        self.fail_id, self.written = fail_id, []

    def _write(self, article_id: str, quads: list, replaced: bool) -> None:
        if article_id == self.fail_id:
            raise OSError("disk full")
        super()._write(article_id, quads, replaced)
        self.written.append(article_id)


def test_extraction_error_is_a_per_article_failure(monkeypatch: pytest.MonkeyPatch,
                                                   articles_dir: Path) -> None:
    from provkg.graph import load
    from provkg.ingest import pipeline

    real = pipeline.extract
    first = sample_article(articles_dir)

    def flaky(article):  # noqa: ANN001, ANN202
        if article.source.endswith(first.name):
            raise ValueError("cannot parse\nthis title chain")
        return real(article)

    monkeypatch.setattr(pipeline, "extract", flaky)
    store = _RecordingStore()
    seen = []
    summary = load.ingest_paths([articles_dir], store, on_result=seen.append)
    assert len(summary.failures) == 1
    failure = summary.failures[0]
    assert failure.source.endswith(first.name) and "\n" not in failure.reason
    assert "extraction failed" in failure.reason
    assert summary.articles == demo_article_count(articles_dir) - 1 == len(store.written)
    assert len(seen) == summary.articles + len(summary.failures) + len(summary.skipped)


def test_write_error_is_a_per_article_failure(articles_dir: Path) -> None:
    from provkg.graph import load
    from provkg.ingest.read import read_paths

    first = next(a for a in read_paths([sample_article(articles_dir)]) if hasattr(a, "paragraphs"))
    summary = load.ingest_paths([articles_dir], _RecordingStore(fail_id=first.id))
    assert [f.source for f in summary.failures] == [first.source]
    assert "write failed" in summary.failures[0].reason and "disk full" in summary.failures[0].reason
    assert summary.articles >= 1


# --- help --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["ingest"], ["export"], ["query"], ["stats"]])
def test_help(run_cli: RunCli, command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    if command:
        assert "--store" in result.stdout and "PROVKG_STORE" in result.stdout
        assert "Example" in result.stdout
    else:
        for sub in ("ingest", "export", "query", "stats"):
            assert sub in result.stdout


def test_no_arguments_shows_help(run_cli: RunCli) -> None:
    result = run_cli()
    assert "Usage" in result.stdout + result.stderr
    assert_no_traceback(result)
