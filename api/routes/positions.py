"""Tenures as Position models: labels and the first sources of each post, fetched in a few queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from provkg.api import models as M
from provkg.api.routes.links import ref, sources
from provkg.graph import occupancy, tenure
from provkg.graph.store import Store


@dataclass
class PositionRows:
    """Tenures with the labels and sources their Position models need, fetched in a few queries."""

    tenures: list[tenure.Tenure]
    names: dict[str, str]
    sources: dict[str, list[dict[str, Any]]]
    totals: dict[str, int]
    as_of: date

    @classmethod
    def load(cls, store: Store, tenures: list[tenure.Tenure], extra: Iterable[str] = (),
             as_of: date | None = None) -> PositionRows:
        """`as_of`: the day statuses are for (today when omitted)."""
        page = store.read_models.page_sources(tenures)  # kept at write time (graph/read_models.py)
        iris = set(extra)
        for t in tenures:
            iris |= {t.person, t.body}
            for b in (t.start, t.end):
                iris |= set(b.articles) if b else set()
            if t.ended_by:
                iris.add(t.ended_by)
        names = store.read_models.labels(iris - set(page.headlines))
        names.update(page.headlines)
        for srcs in page.sources.values():
            names.update({s["article"]: s["headline"] for s in srcs if s["headline"]})
        return cls(tenures, names, page.sources, page.totals, as_of or date.today())

    def bound(self, b: tenure.Bound | None) -> M.Bound | None:
        if b is None:
            return None
        return M.Bound(date=b.date, precision=b.precision, basis=b.basis, rule=b.rule,
                       articles=[ref(a, self.names) for a in b.articles])

    def position(self, t: tenure.Tenure) -> M.Position:
        st = occupancy.status_on(t, self.as_of)
        return M.Position(
            status=st.status, status_rule=st.rule, status_as_of=self.as_of, status_since=st.start,
            status_until=st.end, level=t.level, window_days=t.window,
            membership=t.membership, person=ref(t.person, self.names), role=t.role,
            organization=ref(t.body, self.names), current=t.current,
            start=self.bound(t.start), end=self.bound(t.end), first_seen=t.first_seen, last_seen=t.last_seen,
            ended_by=ref(t.ended_by, self.names) if t.ended_by else None,
            sources=sources(self.sources.get(t.membership, []), self.names),
            sources_total=self.totals.get(t.membership, 0))

    def positions(self, tenures: Iterable[tenure.Tenure]) -> list[M.Position]:
        return [self.position(t) for t in timeline(tenures)]


def timeline(tenures: Iterable[tenure.Tenure]) -> list[tenure.Tenure]:
    """Earliest first: by start (stated or first seen), undated last."""
    return sorted(tenures, key=lambda t: (t.start.date if t.start else date.max, t.role, t.body, t.person))
