"""Bulk ingest: worker processes extract, one process writes; unchanged articles are skipped by hash.

Real processes and real stores throughout. The crash test passes ingest_paths an extractor from
this module (workers import it by name) that raises for one article and kills its worker
process for another, as a segfault or the OOM killer would.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from conftest import RunCli
from ingest_time import timeless
from provkg.graph import rdf
from provkg.graph.load import Failed, Ingested, Skip, Unchanged, ingest_paths
from provkg.graph.store import OxigraphStore


def _article(headline: str, day: str, body: str) -> str:
    """A plain-text scrape in the shape of data/articles."""
    return f"{headline}\n\nUpdate: {day} | 08:00:00\n\n{body}\n\nReported by Minh Chau\n"


def _secretary_articles(folder: Path) -> list[Path]:
    """Two articles, on different days, naming the same Secretary of the same Party Committee."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "a-conference.txt": _article(
            "Binh Duong Provincial Party Committee reviews tasks", "04-03-2024",
            "On March 3, the Binh Duong Provincial Party Committee held a conference to review its work. "
            "Mr. Nguyen Van Loi, Secretary of the Binh Duong Provincial Party Committee, chaired the conference."),
        "b-voters.txt": _article(
            "Binh Duong leaders meet voters", "12-06-2024",
            "On June 11, Mr. Nguyen Van Loi, Secretary of the Binh Duong Provincial Party Committee, met "
            "voters in Thu Dau Mot city. Attending was Mr. Vo Van Minh, Chairman of the Binh Duong "
            "Provincial People's Committee."),
    }
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def test_same_secretary_from_two_workers_is_one_person(run_cli: RunCli, tmp_path: Path) -> None:
    _secretary_articles(tmp_path / "corpus")
    store = tmp_path / "store"
    result = run_cli("ingest", tmp_path / "corpus", "--store", store, "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert "2 articles" in result.stdout
    with OxigraphStore(store) as opened:  # one person, and both articles state a post for that person
        rows = list(opened.query('SELECT (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { '
                                 '?p foaf:name "Nguyen Van Loi" . GRAPH ?g { ?m org:member ?p } }'))
    assert (int(rows[0]["people"].value), int(rows[0]["graphs"].value)) == (1, 2)


def test_two_workers_write_the_same_graph_as_one(run_cli: RunCli, articles_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _secretary_articles(corpus)
    for path in articles_dir.iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    exports = []
    for workers in ("1", "2"):
        store = tmp_path / f"store{workers}"
        result = run_cli("ingest", corpus, "--store", store, "--workers", workers)
        assert result.returncode == 0, result.stderr
        with OxigraphStore(store) as opened:
            out = io.BytesIO()
            opened.export("nquads", out)
        exports.append(sorted(timeless(out.getvalue().decode("utf-8").splitlines())))
    assert exports[0] and exports[0] == exports[1]


def test_unchanged_articles_are_skipped_unless_forced(run_cli: RunCli, tmp_path: Path) -> None:
    first, second = _secretary_articles(tmp_path / "corpus")
    store = tmp_path / "store"
    assert run_cli("ingest", tmp_path / "corpus", "--store", store).returncode == 0
    second.write_text(second.read_text(encoding="utf-8").replace("met voters", "met many voters"),
                      encoding="utf-8")
    again = run_cli("ingest", tmp_path / "corpus", "--store", store, "-v", "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert "1 articles" in again.stdout and "1 unchanged" in again.stdout, again.stdout
    listed = [line for line in again.stderr.splitlines() if line.startswith("unchanged:")]
    assert listed == [f"unchanged: {first} (a-conference), not re-ingested (--force does)"]
    forced = run_cli("ingest", tmp_path / "corpus", "--store", store, "--force")
    assert "2 articles" in forced.stdout and "0 unchanged" in forced.stdout, forced.stdout


def failing_extract(article):  # noqa: ANN001, ANN201 - module level, so worker processes can import it
    """The real extractor, except that it raises for one article and kills its process for another."""
    from provkg.ingest.pipeline import extract

    if "boom" in article.source:
        raise ValueError("cannot parse\nthis title chain")
    if "crash" in article.source:
        os._exit(3)  # no exception, no cleanup: what a segfault or the OOM killer leaves
    return extract(article)


def test_extraction_error_and_worker_crash_fail_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    good = _secretary_articles(corpus)
    text = good[0].read_text(encoding="utf-8")
    for name in ("c-boom.txt", "d-crash.txt", "e-after.txt"):
        (corpus / name).write_text(text.replace("reviews tasks", f"reviews tasks ({name})"), encoding="utf-8")
    outcomes = []
    with OxigraphStore(tmp_path / "store") as store:
        summary = ingest_paths([corpus], store, outcomes.append, workers=2, extractor=failing_extract)
        graphs = {r["g"].value for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert {Path(f.source).name: f.reason.split(":")[0] for f in summary.failures} == {
        "c-boom.txt": "extraction failed", "d-crash.txt": "extraction crashed its worker process (killed, or out "
                                                          "of memory); nothing written"}
    assert all("\n" not in f.reason for f in summary.failures)
    written = sorted(Path(o.source).name for o in outcomes if isinstance(o, Ingested))
    assert written == ["a-conference.txt", "b-voters.txt", "e-after.txt"] and summary.articles == 3
    articles = {aid for aid in ("a-conference", "b-voters", "c-boom", "d-crash", "e-after")
                if rdf.graph_iri(aid) in graphs}
    assert articles == {"a-conference", "b-voters", "e-after"}
    # outcomes come back in input order, one per file
    assert [Path(o.source).name for o in outcomes] == sorted(p.name for p in corpus.iterdir())


@pytest.mark.parametrize("workers", [1, 2])
def test_jsonl_streams_in_chunks_with_the_reader_s_ids_and_lines(tmp_path: Path, workers: int) -> None:
    """A JSONL file longer than a read chunk: same ids, FILE:LINE sources and failures as read_paths."""
    feed = tmp_path / "feed.jsonl"
    lines = []
    for i in range(40):
        lines.append(json.dumps({"url": f"https://example.vn/news/item-{i % 38}.html", "title": f"Item {i}",
                                 "published": "2025-02-11", "text": f"Note {i}: the province held a meeting."}))
        if i == 34:
            lines.append("{not json at all")
        if i == 35:
            lines.append("")
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from provkg.ingest.read import read_paths

    expected = [(type(i).__name__, i.source, getattr(i, "id", None)) for i in read_paths([feed])]
    outcomes: list = []
    with OxigraphStore(None) as store:
        ingest_paths([feed], store, outcomes.append, workers=workers, extractor=failing_extract)
    got = [("Article" if isinstance(o, Ingested) else "ReadFailure" if isinstance(o, Failed) else "?",
            o.source, getattr(o, "article_id", None)) for o in outcomes]
    assert got == expected
    assert [s for kind, s, _ in got if kind == "ReadFailure"] == [f"{feed}:36"]
    ids = [i for _, _, i in got if i]
    assert len(ids) == len(set(ids)) == 40 and {"item-0-2", "item-1-2"} <= set(ids)
    assert not any(isinstance(o, Skip | Unchanged) for o in outcomes)


def refusing_extract(article):  # noqa: ANN001, ANN201 - module level, so worker processes can import it
    raise RuntimeError(f"extraction ran for {article.id}")


@pytest.mark.parametrize("workers", [1, 2])
def test_unchanged_articles_are_not_extracted_again(tmp_path: Path, workers: int) -> None:
    """The hash is checked before extraction: an extractor that always fails is never called."""
    corpus = tmp_path / "corpus"
    _secretary_articles(corpus)
    with OxigraphStore(tmp_path / "store") as store:
        assert ingest_paths([corpus], store, workers=workers).articles == 2
        again = ingest_paths([corpus], store, workers=workers, skip_unchanged=True, extractor=refusing_extract)
        assert not again.failures and again.articles == 0
        assert sorted(u.article_id for u in again.unchanged) == ["a-conference", "b-voters"]
        forced = ingest_paths([corpus], store, workers=workers, extractor=refusing_extract)
        assert [f.reason for f in forced.failures] == [f"extraction failed: RuntimeError: extraction ran for {a}"
                                                       for a in ("a-conference", "b-voters")]


@pytest.mark.parametrize("workers", [1, 2])
def test_releasing_the_store_s_memory_mid_batch_changes_nothing(tmp_path: Path, articles_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """A long ingest closes and reopens the embedded store every RELEASE_EVERY articles (RocksDB lets go of
    the table blocks it holds only when closed), and between steps of the tenure rebuild once the process has
    grown RELEASE_GROWTH: the graph, identity decisions and tenures come out the same."""
    from provkg.graph import load

    corpus = tmp_path / "corpus"
    _secretary_articles(corpus)
    for path in articles_dir.iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    reopened: list[bool] = []
    release = OxigraphStore.release_memory
    monkeypatch.setattr(OxigraphStore, "release_memory", lambda self: reopened.append(release(self)) or True)
    exports = []
    for every in (10**9, 2):
        monkeypatch.setattr(load, "RELEASE_EVERY", every)
        monkeypatch.setattr(load, "RELEASE_GROWTH", 1 << 40 if every > 2 else -(1 << 40))
        with OxigraphStore(tmp_path / f"store-{every}") as store:
            summary = ingest_paths([corpus], store, workers=workers)
            assert not summary.failures and summary.articles >= 4
            out = io.BytesIO()
            store.export("nquads", out)
        exports.append(sorted(timeless(out.getvalue().decode("utf-8").splitlines())))
    # only the second ingest: every 2 articles, and after each rebuild step (more than one here)
    assert len(reopened) > summary.articles // 2 + 1 and all(reopened)
    assert exports[0] and exports[0] == exports[1]
    reopened.clear()  # a caller that shares the store (provkg serve) never has it closed under its readers
    with OxigraphStore(tmp_path / "store-shared") as store:
        assert not ingest_paths([corpus], store, workers=workers, release_memory=False).failures
    assert reopened == []


def test_the_store_is_not_released_while_something_reads_it(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "store") as store:
        reading = store.raw  # as a query result being iterated would hold it
        assert store.release_memory() is False and store.raw is reading
        del reading
        assert store.release_memory() is True
