"""Matching search text against the names a node carries: diacritics, case and word order ignored, typos
forgiven (rapidfuzz)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from provkg.ingest.text import fold
from rapidfuzz import fuzz


def tokens(text: str) -> list[str]:
    """The folded words of a text."""
    return re.findall(r"[a-z0-9]+", fold(text))


@lru_cache(maxsize=262_144)
def _name_tokens(name: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A stored name's words, sorted words and joined words: folded once, not once per search."""
    n = tokens(name)
    return tuple(n), tuple(sorted(n)), " ".join(n)


def match(query: str, names: Iterable[str]) -> tuple[float, str]:
    """How well a query matches the best of a node's names (0 = not at all), and that name.

    Exact word sets score highest, then every query word found, then prefixes of words,
    then a fuzzy match of the sorted words (typos, a missing diacritic-free letter)."""
    q = tokens(query)
    best = (0.0, "")
    if not q:
        return best
    q_sorted, q_joined = sorted(q), " ".join(q)
    for name in names:
        n, n_sorted, n_joined = _name_tokens(name)
        if not n:
            continue
        if q_sorted == list(n_sorted):
            score = 1.0
        elif all(t in n for t in q):
            score = 0.9
        elif all(any(w.startswith(t) for w in n) for t in q):
            score = 0.8
        else:
            ratio = fuzz.token_sort_ratio(q_joined, n_joined)
            score = round(ratio / 100 * 0.7, 3) if ratio >= 88 else 0.0
        if score > best[0]:
            best = (score, name)
    return best


def search(query: str, nodes: dict[str, list[str]]) -> list[tuple[float, str, str]]:
    """(score, iri, matched name) for every node matching, best first."""
    hits = []
    for iri, node_names in nodes.items():
        score, name = match(query, node_names)
        if score > 0:
            hits.append((score, iri, name))
    return sorted(hits, key=lambda h: (-h[0], fold(h[2]), h[1]))
