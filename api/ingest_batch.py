"""Ingest files into a store, one outcome per article: the shared door for the CLI and HTTP API.

Reading, extraction and writing live in provkg.ingest and provkg.graph; this module only
strings them together and turns every per-article error into a reported failure, so one
bad file never stops a batch and never leaves a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, Protocol

from provkg.ingest.article import Article


class ArticleStore(Protocol):
    """The part of graph.store.Store that ingestion needs."""

    def write_article(self, facts: Any) -> Any: ...


@dataclass(frozen=True)
class Ingested:
    """An article that was extracted and written."""

    source: str
    article_id: str
    triples: int


@dataclass(frozen=True)
class Failed:
    """A file, JSONL line or article that could not be ingested, and why (one line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Skip:
    """A file of another kind (e.g. a .gold.json beside the articles): counted, not an error."""

    source: str
    reason: str


Outcome = Ingested | Failed | Skip


@dataclass
class IngestSummary:
    """Totals for one batch; people and bodies are distinct keys seen in this batch."""

    articles: int = 0
    triples: int = 0
    people: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    merges: int = 0
    failures: list[Failed] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, int]:
        """Counts only, in the order the CLI prints them (and an HTTP API can return)."""
        return {"articles": self.articles, "triples": self.triples, "people": len(self.people),
                "bodies": len(self.bodies), "merges": self.merges,
                "failures": len(self.failures), "skipped": len(self.skipped)}


def one_line(error: BaseException | str) -> str:
    """An error as a single line, so every failure stays one line on stderr."""
    text = str(error) if isinstance(error, str) else (f"{type(error).__name__}: {error}"
                                                      if str(error) else type(error).__name__)
    return " ".join(text.split()) or "unknown error"


def _read_items(paths: Iterable[str | PathLike[str]]) -> Iterator[Any]:
    """Read all paths in one call (the reader keeps article ids unique across the batch).

    The reader reports bad input rather than raising; should it raise anyway, the batch
    ends with one failure saying so instead of a traceback.
    """
    from provkg.ingest.read import read_paths  # imported here: importing the CLI stays fast

    paths = [str(p) for p in paths]
    try:
        yield from read_paths(paths)
    except Exception as exc:
        yield Failed(" ".join(paths), f"reading stopped: {one_line(exc)}")


def ingest_article(article: Article, store: ArticleStore) -> tuple[Ingested | Failed, Any]:
    """Extract and write one article: (outcome, facts or None). Errors become a Failed."""
    from provkg.ingest.pipeline import extract

    try:
        facts = extract(article)
    except Exception as exc:
        return Failed(article.source, f"extraction failed: {one_line(exc)}"), None
    try:
        result = store.write_article(facts)
    except Exception as exc:
        return Failed(article.source, f"write failed, nothing written: {one_line(exc)}"), None
    return Ingested(article.source, article.id, int(getattr(result, "triples", 0) or 0)), facts


def _classify(item: Any) -> Outcome | Article:
    """Map the reader's Article / ReadFailure / Skipped onto our outcomes."""
    if isinstance(item, Article | Failed):
        return item
    if type(item).__name__ == "Skipped":
        return Skip(str(item.source), one_line(getattr(item, "reason", "skipped")))
    return Failed(str(getattr(item, "source", "?")), one_line(getattr(item, "reason", repr(item))))


def ingest_paths(paths: Iterable[str | PathLike[str]], store: ArticleStore,
                 on_result: Callable[[Outcome], None] | None = None) -> IngestSummary:
    """Ingest files and folders into `store`, calling `on_result` once per outcome as it happens."""
    import provkg.ingest.pipeline  # noqa: F401 - fail before reading when extraction can't load
    import provkg.ingest.read  # noqa: F401

    summary = IngestSummary()
    for item in _read_items(paths):
        outcome = _classify(item)
        if isinstance(outcome, Article):
            outcome = _ingest_counted(outcome, store, summary)
        elif isinstance(outcome, Failed):
            summary.failures.append(outcome)
        else:
            summary.skipped.append(outcome)
        if on_result is not None:
            on_result(outcome)
    _refresh_inferences(store, summary)
    return summary


def _refresh_inferences(store: ArticleStore, summary: IngestSummary) -> None:
    """Update the store's inferred graph (tenures) once per batch that wrote articles: only the bodies the
    batch touched (graph/queries.refresh_inferences), so one POSTed article costs a fraction of a second."""
    refresh = getattr(store, "refresh_inferences", None)
    if refresh is None or not summary.articles:
        return
    try:
        refresh()
    except Exception as exc:
        summary.failures.append(Failed("(inferred graph)", f"rebuilding tenures failed: {one_line(exc)}"))


def _ingest_counted(article: Article, store: ArticleStore, summary: IngestSummary) -> Outcome:
    """Ingest one article and add what it contributed to the summary."""
    ingested, facts = ingest_article(article, store)
    if isinstance(ingested, Failed):
        summary.failures.append(ingested)
        return ingested
    summary.articles += 1
    summary.triples += ingested.triples
    summary.people.update(getattr(facts, "people", {}) or {})
    summary.bodies.update(getattr(facts, "bodies", {}) or {})
    summary.merges += len(getattr(facts, "merges", []) or [])
    return ingested
