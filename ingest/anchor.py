"""Evidence a user can check: each fact's sentence as printed, and where it lies in the stored text.

Extraction reads the article with diacritics stripped (ingest/text.py), sentence by sentence
(ingest/segment.py), and every fact keeps the sentence it was read from. Here those sentences are
taken back to the article as printed: `ArticleText` strips the headline and paragraphs while keeping
a map from each stripped character to the character it came from, and `anchor_evidence` replaces
every fact's evidence by the original sentence with its (start, end) code-point offsets in
`Article.stored_text`, so that `stored_text[start:end] == evidence.sentence` always holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from provkg.ingest.article import Article
from provkg.ingest.facts import ArticleFacts, Evidence
from provkg.ingest.segment import Sentence
from provkg.ingest.text import strip_diacritics_mapped


@dataclass
class _Part:
    original: str            # the headline or a paragraph as printed
    stripped: str            # what extraction reads
    where: Sequence[int]     # stripped index -> original index
    offset: int              # where `original` starts in the stored text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the stored text of stripped[start:end]: whole printed characters, with the marks that
        followed the last one."""
        n = len(self.stripped)
        lo = self.where[start] if start < n else len(self.original)
        if end >= n:
            hi = len(self.original)
        elif self.where[end] == self.where[end - 1]:
            hi = self.where[end - 1] + 1   # one printed character gave several read ones ("ﬁ"): keep it whole
        else:
            hi = self.where[end]
        return self.offset + lo, self.offset + hi


@dataclass
class ArticleText:
    """An article's headline and paragraphs as extraction reads them, each mapped to the stored text."""

    article: Article
    headline_part: _Part | None = None
    body: list[_Part] = field(default_factory=list)

    def __post_init__(self) -> None:
        offset = 0
        parts = ([self.article.headline] if self.article.headline else []) + list(self.article.paragraphs)
        mapped: list[_Part] = []
        for original in parts:
            stripped, where = strip_diacritics_mapped(original)
            mapped.append(_Part(original, stripped, where, offset))
            offset += len(original) + 2                         # the blank line between parts
        if self.article.headline:
            self.headline_part, mapped = mapped[0], mapped[1:]
        self.body = mapped

    @property
    def headline(self) -> str:
        return self.headline_part.stripped if self.headline_part else ""

    @property
    def paragraphs(self) -> list[str]:
        return [p.stripped for p in self.body]

    def _part(self, sentence: Sentence) -> _Part | None:
        if sentence.section == "headline":
            return self.headline_part
        return self.body[sentence.paragraph] if 0 <= sentence.paragraph < len(self.body) else None

    def evidence(self, sentence: Sentence) -> Evidence | None:
        """The sentence as printed, with its offsets in the stored text."""
        part = self._part(sentence)
        if part is None or part.stripped[sentence.start:sentence.end] != sentence.text:
            return None
        start, end = part.span(sentence.start, sentence.end)
        stored = self.article.stored_text
        return Evidence(stored[start:end], sentence.section, start, end)

    def find(self, text: str, section: str) -> Evidence | None:
        """Evidence for a read sentence that is no segmented sentence: its first occurrence in a part."""
        parts = [self.headline_part] if section == "headline" else self.body
        for part in parts:
            at = part.stripped.find(text) if part is not None and text else -1
            if at >= 0:
                start, end = part.span(at, at + len(text))
                return Evidence(self.article.stored_text[start:end], section, start, end)
        return None


def _evidence_holders(facts: ArticleFacts) -> Iterator[object]:
    yield from facts.people.values()
    yield from facts.places.values()
    yield from facts.bodies.values()
    yield from facts.memberships
    yield from facts.merges
    yield from facts.campaigns
    yield from facts.events


def anchor_evidence(facts: ArticleFacts, text: ArticleText, sentences: list[Sentence]) -> None:
    """Every fact's evidence replaced by the sentence as printed with its offsets (first occurrence of a
    sentence read twice). Evidence already anchored, or found nowhere, is left as it is."""
    by_text: dict[tuple[str, str], Evidence | None] = {}
    for s in sentences:
        key = (s.section, s.text)
        if key not in by_text:
            by_text[key] = text.evidence(s)
    for holder in _evidence_holders(facts):
        ev: Evidence | None = getattr(holder, "evidence", None)
        if ev is None or ev.start is not None:
            continue
        key = (ev.section, ev.sentence)
        if key not in by_text:
            by_text[key] = text.find(ev.sentence, ev.section)
        anchored = by_text[key]
        if anchored is not None:
            holder.evidence = anchored  # type: ignore[attr-defined]
