"""Split article paragraphs into sentences, keeping list items with their lead-in."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = ("Mr", "Ms", "Mrs", "Dr", "No", "St", "Prof", "Assoc", "vs", "Co", "Ltd", "Gen", "Lt")
_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
_SPLIT = re.compile(_ABBREV + r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int          # index of the paragraph in the article body
    index: int              # index of the sentence in the article
    section: str = "body"   # "headline", "body" or "teaser"
    list_item: bool = False  # a "- ..." item under a lead-in sentence


def split_sentences(paragraph: str) -> list[str]:
    """Sentence boundaries at . ! ? followed by a capital, not after Mr./Ms./No. and the like."""
    parts = _SPLIT.split(paragraph.strip())
    return [p.strip() for p in parts if p and p.strip()]


def segment(paragraphs: list[str], section: str = "body", start: int = 0) -> list[Sentence]:
    out: list[Sentence] = []
    for pi, para in enumerate(paragraphs):
        text = para.strip()
        item = bool(re.match(r"^[-–•*»]\s+", text))
        text = re.sub(r"^[-–•*»]\s+", "", text)
        for s in split_sentences(text):
            out.append(Sentence(s, pi, start + len(out), section, item))
    return out
