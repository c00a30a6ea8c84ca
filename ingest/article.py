"""The Article: what a reader hands to the extractor, whatever the file format was."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Teaser:
    """A related-article snippet printed under the body: separate, lower-confidence text."""

    headline: str
    text: str = ""
    published: date | None = None


@dataclass
class Article:
    """One news article as read from a file, before any extraction.

    `paragraphs` is the article body only (no site furniture, no byline, no teasers).
    `published` is the date printed on the page as the publication date, never a scrape
    time; `None` when the page shows none.
    """

    id: str                      # stable slug, from the URL or the file name
    source: str                  # file path (and ":LINE" for a JSONL record)
    headline: str
    paragraphs: list[str]
    url: str | None = None
    published: date | None = None
    reporters: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    site: str | None = None      # the publishing site's name or host, when known

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def stored_text(self) -> str:
        """The article's text as the graph stores it (schema:text): the headline, a blank line, then the body
        paragraphs separated by blank lines. Evidence offsets count code points in this string."""
        return "\n\n".join(([self.headline] if self.headline else []) + self.paragraphs)

    @property
    def content_hash(self) -> str:
        """A digest of everything extraction reads, to skip unchanged articles."""
        h = hashlib.sha256()
        for part in (self.url or "", self.headline, str(self.published or ""), self.text,
                     "|".join(self.reporters), "|".join(self.translators),
                     "|".join(f"{t.headline}\n{t.text}" for t in self.teasers)):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class ReadFailure:
    """A file (or one JSONL line) that could not be read, and why, in one line."""

    source: str                  # file path, with ":LINE" for a JSONL line
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
