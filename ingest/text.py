"""Text normalisation shared by every stage: folding diacritics and making slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_CACHED_FOLD_CHARS = 200  # names and phrases repeat and are cached; whole paragraphs would only fill the cache


def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese or English string ("Nguyễn Văn Lợi" -> "nguyen van loi")."""
    return _fold_short(text) if len(text) <= _CACHED_FOLD_CHARS else _fold(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():                        # nothing to decompose or drop
        return _SPACES.sub(" ", text).strip().lower()
    text = unicodedata.normalize("NFKD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().lower()


def strip_diacritics(text: str) -> str:
    """Like fold, but keeps case ("Nguyen Van Loi" from "Nguyễn Văn Lợi")."""
    return _strip_short(text) if len(text) <= _CACHED_FOLD_CHARS else _strip(text)


@lru_cache(maxsize=4096)
def _strip_short(text: str) -> str:
    return _strip(text)


def _strip(text: str) -> str:
    if text.isascii():                        # already decomposed and composed: unchanged
        return text
    text = unicodedata.normalize("NFKD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def strip_diacritics_mapped(text: str) -> tuple[str, Sequence[int]]:
    """strip_diacritics, character by character, with where each character of the result came from:
    `where[i]` is the index in `text` of the character that gave result character i. Extraction reads the
    stripped text; the map takes what it found back to the text as printed (evidence offsets)."""
    if text.isascii():
        return text, range(len(text))
    pieces = [c if c < "\x80" else _strip_char(c) for c in text]
    stripped = "".join(pieces)
    if len(stripped) == len(text) and "" not in pieces:     # one character for one (text in NFC): no map
        return stripped, range(len(text))
    return stripped, [i for i, piece in enumerate(pieces) for _ in piece]


@lru_cache(maxsize=4096)
def _strip_char(c: str) -> str:
    return _strip(c)


def slug(text: str) -> str:
    """URL-safe identifier part: folded, apostrophes dropped, non-alphanumerics to '-'."""
    t = fold(text).replace("'", "").replace("’", "")
    return _NON_SLUG.sub("-", t).strip("-") or "x"
