"""Text normalisation shared by every stage: folding diacritics and making slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of a Vietnamese or English string ("Nguyễn Văn Lợi" -> "nguyen van loi")."""
    text = unicodedata.normalize("NFKD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=4096)
def strip_diacritics(text: str) -> str:
    """Like fold, but keeps case ("Nguyễn Văn Lợi" -> "Nguyen Van Loi")."""
    text = unicodedata.normalize("NFKD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def slug(text: str) -> str:
    """URL-safe identifier part: folded, apostrophes dropped, non-alphanumerics to '-'."""
    t = fold(text).replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"
