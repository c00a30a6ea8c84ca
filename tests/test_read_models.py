"""REST lookups read a bounded number of times from the store, whatever the history they show, and the read
models behind them (graph/read_models.py) stay what the store says as articles are written, rewritten and removed.

Two stores hold the same posts, a merger and a campaign of Ha Giang (invented people), one reported by 20 generated
articles and one by 2,000. Each REST lookup is answered by the real app over the real store, and every call it makes
to the store's primitives (query, quads_for_pattern, quads_about, update) is counted: the long history must cost
exactly as many calls as the short one.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from provkg.api.app import create_app
from provkg.api.settings import Settings
from provkg.graph.location import open_store
from provkg.graph.read_models import ReadModels
from provkg.ingest.article import Article
from provkg.ingest.facts import ArticleFacts, Body, Campaign, Evidence, Membership, Merge, Person, Place

HG = "ha-giang"
PPC = "ha-giang-provincial-party-committee"
PC = "ha-giang-provincial-peoples-committee"
FIN = "ha-giang-department-of-finance"
PLAN = "ha-giang-department-of-planning-and-investment"
SECRETARY, CHAIR = "lo van son", "vang thi mai"
SHORT, LONG = 20, 2_000


def _facts(i: int, published: date | None = None, headline: str | None = None) -> ArticleFacts:
    """Article i: the Secretary and the Chairwoman chair a meeting, and the article recalls a merger of two
    departments."""
    day = published or date(2019, 1, 1) + timedelta(days=i)
    aid = f"hg-{i:05d}"
    said = (f"Mr. Lo Van Son, Secretary of the Ha Giang Provincial Party Committee, and Ms. Vang Thi Mai, Chairwoman "
            f"of the Ha Giang Provincial People's Committee, chaired meeting number {i}.")
    people = [Person(SECRETARY, "Lo Van Son"), Person(CHAIR, "Vang Thi Mai")]
    bodies = [Body(PPC, "Ha Giang Provincial Party Committee", "party-committee", scope=HG),
              Body(PC, "Ha Giang Provincial People's Committee", "peoples-committee", scope=HG),
              Body(FIN, "Ha Giang Department of Finance", "department", scope=HG, parent=PC),
              Body(PLAN, "Ha Giang Department of Planning and Investment", "department", scope=HG, parent=PC)]
    memberships = [Membership(SECRETARY, "Secretary", PPC, evidence=Evidence(said)),
                   Membership(CHAIR, "Chairwoman", PC, evidence=Evidence(said))]
    merged = f"The Department of Planning and Investment was merged into the Department of Finance ({i})."
    return ArticleFacts(
        article=Article(id=aid, source=f"generated/{aid}.txt", headline=headline or f"Ha Giang meeting {i}",
                        paragraphs=[said, merged], url=f"https://example.vn/{aid}.html", published=day,
                        site="example.vn"),
        province=HG,
        people={p.key: p for p in people},
        bodies={b.key: b for b in bodies},
        places={HG: Place(HG, "Ha Giang", "province", code="02", era="pre-2025")},
        memberships=memberships,
        merges=[Merge([PLAN], FIN, date(2025, 3, 1), evidence=Evidence(merged))],
        campaigns=[Campaign("Bright Green Clean Ha Giang", "campaign", organisers=[PPC],
                            evidence=Evidence(f"The Bright Green Clean Ha Giang campaign ({i})."))] if i < 50 else [],
    )


def _build(path: Path, articles: int) -> None:
    with open_store(path) as store:
        for i in range(articles):
            store.write_article(_facts(i))
        store.refresh_inferences()


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for n in (SHORT, LONG):
        path = tmp_path_factory.mktemp(f"history-{n}") / "kg"
        _build(path, n)
        out[n] = path
    return out


LOOKUPS = {
    "person": "/people/lo-van-son",
    "body": f"/organizations/{PPC}",
    "members as_of": f"/organizations/{PC}/members?as_of=2023-06-01",
    "merges of a body": f"/merges?organization={FIN}",
    "search": "/search?q=lo+van+son",
}
PRIMITIVES = ("query", "quads_for_pattern", "quads_about", "update")


def _store_calls(path: Path) -> tuple[dict[str, int], dict[str, dict]]:
    """Per lookup: how many times it called the store's primitives (after one warm-up request), and its JSON."""
    app = create_app(Settings(store=path))
    calls: Counter[str] = Counter()
    store = app.state.store
    for name in PRIMITIVES:
        method = getattr(store, name)

        def counted(*args, _method=method, _name=name, **kwargs):
            # the server's own warm-up threads (read models, search, the views' snapshot) may still be reading
            # at start: only what the requests ask is counted
            if not threading.current_thread().name.startswith("provkg-"):
                calls[_name] += 1
            return _method(*args, **kwargs)

        setattr(store, name, counted)
    counts, answers = {}, {}
    with TestClient(app) as client:
        store.read_models.warm()
        for lookup, url in LOOKUPS.items():
            assert client.get(url).status_code == 200, url   # warm-up: answers kept per write generation
            calls.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.text)
            counts[lookup] = sum(calls.values())
            answers[lookup] = response.json()
    return counts, answers


def test_rest_lookups_read_the_store_a_bounded_number_of_times_whatever_the_history(stores):
    short, short_json = _store_calls(stores[SHORT])
    long, long_json = _store_calls(stores[LONG])
    assert long == short, (short, long)
    assert all(0 < n <= 10 for n in long.values()), long
    # the long history is really there, and is counted, not sent
    posts = {p["role"]: p for p in long_json["person"]["positions"]}
    assert posts["Secretary"]["sources_total"] == LONG and len(posts["Secretary"]["sources"]) == 5
    assert short_json["person"]["positions"][0]["sources_total"] == SHORT
    holders = long_json["body"]["current_holders"]
    assert [h["person"]["name"] for h in holders] == ["Lo Van Son"] and holders[0]["sources_total"] == LONG
    merge = long_json["merges of a body"]["items"][0]
    assert merge["sources_total"] == LONG and len(merge["sources"]) == 5
    assert [h["person"]["name"] for h in long_json["members as_of"]["holders"]] == ["Vang Thi Mai"]
    assert long_json["search"]["items"][0]["name"] == "Lo Van Son"
    # the tenure's first and last articles first, then the earliest of the rest
    days = [str(date(2019, 1, 1) + timedelta(days=i)) for i in (0, LONG - 1, 1, 2, 3)]
    assert [s["date"] for s in posts["Secretary"]["sources"]] == days


def _snapshot(models: ReadModels, facts: list[str]) -> tuple:
    tenures = models.tenures(person=f"https://w3id.org/provkg/id/person/{SECRETARY.replace(' ', '-')}")
    tenures += models.tenures(bodies=[f"https://w3id.org/provkg/id/body/{PC}"])
    page = models.page_sources(tenures)
    nodes = {t.person for t in tenures} | {t.body for t in tenures} | {f"https://w3id.org/provkg/id/place/{HG}"}
    return (sorted(tenures, key=lambda t: t.membership), page.sources, page.totals, page.headlines,
            models.sources(facts), models.labels(nodes))


def test_read_models_kept_at_write_time_equal_those_read_afresh(tmp_path):
    with open_store(tmp_path / "kg") as store:
        for i in range(30):
            store.write_article(_facts(i))
        store.refresh_inferences()
        store.read_models.warm()
        facts = [r["x"].value for r in store.query("SELECT ?x WHERE { { ?x a org:Membership } UNION "
                                                   "{ ?x a org:ChangeEvent } UNION { ?x a provkg:Campaign } }")]
        # new articles, one earlier than all (it enters every earliest list), a rewrite that moves an article
        # to the end of the history with a new headline, and a removal
        for i in range(30, 40):
            store.write_article(_facts(i))
        store.write_article(_facts(99, published=date(2018, 6, 1)))
        renamed = _facts(98)                                 # a spelling that sorts first: a new label
        renamed.people[SECRETARY].name = "Lo Van Son A"
        renamed.people[SECRETARY].variants = {"Lo Van Sơn"}
        store.write_article(renamed)
        store.write_article(_facts(0, published=date(2026, 1, 1), headline="Ha Giang meeting, corrected"))
        assert store.remove_article("hg-00001")
        store.refresh_inferences()
        kept = _snapshot(store.read_models, facts)
        afresh = _snapshot(ReadModels(store), facts)
        assert kept == afresh
        totals: dict[str, int] = {}
        for f, r in kept[4].items():      # the most reported of each kind (the renamed Secretary may be another)
            kind = f.rsplit("/", 2)[-2]
            totals[kind] = max(totals.get(kind, 0), r.total)
        assert totals == {"membership": 41, "merge": 41, "campaign": 39}  # 30 + 10 + 2 new, 1 removed; no campaign
        assert kept[5] == afresh[5] and kept[5]                        # labels, the new spelling's too
        secretary = next(r for f, r in kept[4].items() if "membership" in f)
        assert secretary.earliest[0].date == "2018-06-01"              # the article written last, dated first
        assert secretary.earliest[-1].date != "2026-01-01"             # the rewritten one left the earliest
