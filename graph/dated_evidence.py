"""The sentence that gives a fact's date, as evidence beside the sentence that states the fact.

A merger is often stated in one sentence ("the Department of Transport and the Department of
Construction are merged into the Department of Construction") and dated in another ("From March 1,
2025, ..."). Extraction records the first as the merger's evidence and the date it found; graph/rdf.py
adds the sentence of the article's stored text that prints that date (with its offsets, like every
evidence sentence), so a reader can check the date too. Pure: the article's text in, a sentence out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.dates import find_dates
from provkg.ingest.facts import Evidence
from provkg.ingest.segment import sentence_spans

_YEAR = re.compile(r"\b\d{4}\b")


def gives_date(sentence: str, day: date, reference: date | None = None) -> bool:
    """Whether the sentence prints `day` (a date printed without its year counts when month and day agree)."""
    for d in find_dates(sentence, reference, day.year):
        if d.value == day or (d.value is not None and d.precision == "day" and not _YEAR.search(d.text)
                              and (d.value.month, d.value.day) == (day.month, day.day)):
            return True
    return False


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a stored text, paragraph by paragraph (blank lines apart)."""
    offset = 0
    for paragraph in text.split("\n\n"):
        for s, e in sentence_spans(paragraph):
            yield offset + s, offset + e
        offset += len(paragraph) + 2


def date_evidence(article: Article, day: date | None, stated: Evidence | None) -> Evidence | None:
    """The sentence of the article that gives `day`, nearest the sentence that `stated` the fact; None when
    that sentence gives the date itself, or no sentence prints it."""
    if day is None or (stated is not None and gives_date(stated.sentence, day, article.published)):
        return None
    text = article.stored_text
    near = stated.start if stated is not None and stated.start is not None else 0
    found = [(abs(s - near), s, e) for s, e in _sentences(text) if gives_date(text[s:e], day, article.published)]
    if not found:
        return None
    _, s, e = min(found)
    section = "headline" if article.headline and s < len(article.headline) else "body"
    return Evidence(text[s:e], section=section, start=s, end=e)
