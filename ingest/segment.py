"""Split article paragraphs into sentences, keeping list items with their lead-in.

Each sentence keeps where it lies in the paragraph it was cut from (`start`, `end`), so that
what is read from it can be shown in the article as printed (ingest/anchor.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "No", "St", "Prof", "Assoc", "vs", "Co", "Ltd", "Gen", "Lt")
_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
_SPLIT = re.compile(_ABBREV + r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ITEM = re.compile(r"^[-–•*»]\s+")


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int          # index of the paragraph in the article body
    index: int              # index of the sentence in the article
    section: str = "body"   # "headline" or "body"
    list_item: bool = False  # a "- ..." item under a lead-in sentence
    start: int = 0          # where `text` lies in the paragraph given to `segment`: paragraph[start:end] == text
    end: int = 0


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: boundaries at . ! ? followed by a capital, not after Mr./Ms./No. and the
    like; a closing quote or bracket right after the stop goes with the boundary, as it always has."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SPLIT.finditer(paragraph):
        out.append(_trimmed(paragraph, pos, m.start()))
        pos = m.end()
    out.append(_trimmed(paragraph, pos, len(paragraph)))
    return [(s, e) for s, e in out if s < e]


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, as `sentence_spans` cuts them."""
    return [paragraph[s:e] for s, e in sentence_spans(paragraph)]


def segment(paragraphs: list[str], section: str = "body", start: int = 0) -> list[Sentence]:
    out: list[Sentence] = []
    for pi, para in enumerate(paragraphs):
        lead, _ = _trimmed(para, 0, len(para))
        item = _ITEM.match(para, lead)
        body = item.end() if item else lead
        for s, e in sentence_spans(para[body:]):
            out.append(Sentence(para[body + s:body + e], pi, start + len(out), section, item is not None,
                                body + s, body + e))
    return out
