"""The lineage of a body through chains of mergers, backward (what went into it) or forward (where it went)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from provkg.graph.tenure import MergeFact


def lineage(iri: str, merges: Sequence[MergeFact], forward: bool) -> list[tuple[str, str, date | None, int]]:
    """(body, merge, date, depth) reached from a body through chains of mergers, backward or forward."""
    out: list[tuple[str, str, date | None, int]] = []
    seen = {iri}
    frontier = [iri]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for body in frontier:
            for m in merges:
                if forward and body in m.sources and m.result != body:
                    found = [m.result]
                elif not forward and m.result == body:
                    found = [s for s in m.sources if s != body]
                else:
                    continue
                for b in found:
                    if b not in seen:
                        seen.add(b)
                        nxt.append(b)
                        out.append((b, m.iri, m.date, depth))
        frontier = nxt
    return out
