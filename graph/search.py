"""Matching search text against the names a node carries: diacritics, case and word order ignored, typos
forgiven (rapidfuzz)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from provkg.ingest.text import fold
from rapidfuzz import fuzz, process


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


class SearchIndex:
    """`search` over a fixed set of nodes, answered from word postings instead of a scan of every name.

    Built once per write generation (api/deps.py) from the nodes' names: exact and prefix word rules
    read only the names holding a word that starts with each query word, and the fuzzy rule runs in
    rapidfuzz's C loop over the names' sorted words (token_sort_ratio is the ratio of sorted words).
    Answers what `search(query, nodes)` answers, in the same order."""

    def __init__(self, nodes: dict[str, list[str]]) -> None:
        self.names: list[tuple[str, str, int]] = []       # (iri, name, position among the node's names)
        self.words: list[frozenset[str]] = []
        self.sorted_tokens: list[tuple[str, ...]] = []
        self.sorted_words: list[str] = []
        postings: dict[str, list[int]] = {}
        for iri, node_names in nodes.items():
            for pos, name in enumerate(node_names):
                n, n_sorted, _ = _name_tokens(name)
                if not n:
                    continue
                i = len(self.names)
                self.names.append((iri, name, pos))
                self.words.append(frozenset(n))
                self.sorted_tokens.append(n_sorted)
                self.sorted_words.append(" ".join(n_sorted))
                for w in set(n):
                    postings.setdefault(w, []).append(i)
        self.vocabulary = sorted(postings)
        self.postings = [postings[w] for w in self.vocabulary]
        self._by_length = sorted(range(len(self.sorted_words)), key=lambda i: len(self.sorted_words[i]))
        self._lengths = [len(self.sorted_words[i]) for i in self._by_length]
        self._length_sorted = [self.sorted_words[i] for i in self._by_length]
        self._folded: dict[str, str] = {}

    def _with_prefix(self, token: str) -> set[int]:
        lo = bisect.bisect_left(self.vocabulary, token)
        hi = bisect.bisect_left(self.vocabulary, token + "\U0010ffff")
        return {i for k in range(lo, hi) for i in self.postings[k]}

    def _fold(self, name: str) -> str:
        folded = self._folded.get(name)
        if folded is None:
            folded = self._folded[name] = fold(name)
        return folded

    def search(self, query: str) -> list[tuple[float, str, str]]:
        """(score, iri, matched name) for every node matching, best first (as `search`)."""
        q = tokens(query)
        if not q:
            return []
        q_sorted = tuple(sorted(q))
        candidates: set[int] | None = None
        for t in set(q):
            found = self._with_prefix(t)
            candidates = found if candidates is None else candidates & found
        scores: dict[int, float] = {}
        q_words = frozenset(q)
        for i in candidates or ():
            if q_sorted == self.sorted_tokens[i]:
                scores[i] = 1.0
            elif q_words <= self.words[i]:
                scores[i] = 0.9
            else:
                scores[i] = 0.8
        # a ratio of 88 or more needs lengths within 0.88/1.12 of each other: only those names are compared
        joined = " ".join(q_sorted)
        lo = bisect.bisect_left(self._lengths, len(joined) * 0.88 / 1.12 - 1)
        hi = bisect.bisect_right(self._lengths, len(joined) * 1.12 / 0.88 + 1)
        for _, ratio, k in process.extract(joined, self._length_sorted[lo:hi], scorer=fuzz.ratio,
                                           score_cutoff=88, limit=None):
            i = self._by_length[lo + k]
            if i not in scores:
                scores[i] = round(ratio / 100 * 0.7, 3)
        best: dict[str, tuple[float, int, str]] = {}
        for i, score in scores.items():
            iri, name, pos = self.names[i]
            have = best.get(iri)
            if have is None or score > have[0] or (score == have[0] and pos < have[1]):
                best[iri] = (score, pos, name)
        hits = [(score, iri, name) for iri, (score, _, name) in best.items() if score > 0]
        return sorted(hits, key=lambda h: (-h[0], self._fold(h[2]), h[1]))
