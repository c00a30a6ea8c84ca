"""The REST routes over a real uvicorn server on loopback, on a store built by the real pipeline.

The store holds the two seed articles of data/articles (conftest.SEED_ARTICLES) plus small dated articles written here to exercise tenure:
two Secretaries of one Party Committee in articles of different dates, a merger ending a
Head's post, and a chain of two mergers (A+B->C, then C+D->E).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from conftest import SEED_ARTICLES
from provkg.graph.location import open_store
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from server import running_server

REPO = Path(__file__).resolve().parents[1]

# (file stem, date line, headline, body): dated scrapes in the shape of data/articles.
TEST_ARTICLES = [
    ("cm0", "10-01-2021", "Ca Mau leaders meet voters",
     "On January 9, Mr. Tran Van An, Secretary of the Ca Mau Provincial Party Committee, met voters in Ca Mau City."),
    ("cm1", "15-03-2022", "Ca Mau Provincial Party Committee reviews work in 2022",
     "On March 14, the Ca Mau Provincial Party Committee held a conference to review its work. Mr. Tran Van An, "
     "Secretary of the Ca Mau Provincial Party Committee, chaired the conference."),
    ("cm2", "20-05-2024", "Ca Mau Provincial Party Committee sets tasks for 2024",
     "On May 19, the Ca Mau Provincial Party Committee held a conference to set tasks. Mr. Le Quoc Binh, "
     "Secretary of the Ca Mau Provincial Party Committee, chaired the conference."),
    ("pb0", "01-06-2024", "Ca Mau propaganda sector reviews 2024",
     "Mr. Pham Van Hoa, Head of the Ca Mau Provincial Party Propaganda Board, chaired the review."),
    ("mg1", "03-03-2025", "Ca Mau merges two boards",
     "Mr. Pham Van Hoa, Head of the Ca Mau Provincial Party Propaganda Board, attended the ceremony. The Ca Mau "
     "Provincial Party Propaganda Board and the Ca Mau Provincial Party Mass Mobilization Board were merged into the "
     "Ca Mau Provincial Party Propaganda and Mass Mobilization Commission on March 1, 2025."),
    ("mg2", "05-07-2025", "Ca Mau completes apparatus streamlining",
     "Ms. Do Thi Lan, Head of the Ca Mau Provincial Party Organization Board, attended the ceremony. The Ca Mau "
     "Provincial Party Propaganda and Mass Mobilization Commission and the Ca Mau Provincial Party Organization Board "
     "were merged into the Ca Mau Provincial Party Internal Affairs Commission on July 1, 2025."),
    ("dep", "05-04-2025", "Ca Mau merges departments <script>alert(1)</script>",
     "The Ca Mau Department of Transport and the Ca Mau Department of Construction were merged into the Ca Mau "
     "Department of Construction on April 1, 2025. Mr. Ngo Van Son was appointed Director of the Ca Mau Department "
     "of Construction."),
    ("bdc", "20-03-2025", "Binh Duong Commission reviews first month",
     "Mr. Tran Quoc Viet, Head of the Binh Duong Provincial Party Propaganda and Mass Mobilization Commission, "
     "reported on the work of the first month."),
]

COMMISSION = "binh-duong-provincial-party-propaganda-mass-mobilization"
PROPAGANDA_BOARD = "binh-duong-provincial-party-propaganda"
MASS_MOBILIZATION_BOARD = "binh-duong-provincial-party-mass-mobilization"
CM = "ca-mau-provincial-party-"


def write_test_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, day, headline, body in TEST_ARTICLES:
        (folder / f"{stem}.txt").write_text(f"{headline}\n\nUpdate: {day} | 08:00:00\n\n{body}\n\n"
                                            "Reported by Minh Chau\n", encoding="utf-8")
    return folder


def build_store(root: Path) -> Path:
    """The seed articles and the test articles, read, extracted and written by the real pipeline."""
    store_dir = root / "store"
    articles = [a for a in read_paths([*SEED_ARTICLES, write_test_articles(root / "articles")])
                if isinstance(a, Article)]
    assert len(articles) == len(SEED_ARTICLES) + len(TEST_ARTICLES)
    with open_store(store_dir) as store:
        for article in articles:
            store.write_article(extract(article))
        store.refresh_inferences()
    return store_dir


@contextmanager
def serve(store_dir: Path) -> Iterator[str]:
    """The real `provkg serve` on loopback (tests/server.py)."""
    with running_server(store_dir) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store_dir = build_store(tmp_path_factory.mktemp("rest"))
    with serve(store_dir) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


def get(api: httpx.Client, url: str, **params: object) -> dict:
    r = api.get(url, params=params)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def ids(items: list[dict], key: str | None = None) -> list[str]:
    return [(i[key] if key else i)["id"] for i in items]


# --- home --------------------------------------------------------------------------------


def test_home_html_shows_counts_search_and_links_with_text_escaped(api):
    r = api.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for link in ('href="/sparql/ui"', 'href="/docs"', 'href="/view"', 'href="/people"'):
        assert link in html
    assert 'action="/search"' in html and 'name="q"' in html
    assert "<li><strong>10</strong>articles</li>" in html
    assert "Binh Duong Province" in html and "Ca Mau Province" in html
    assert "from 10 Jan 2021 to 5 Jul 2025" in html  # the date range of the articles
    # an article headline is untrusted text: it is shown escaped, never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_home_json_by_parameter_and_by_accept(api):
    data = get(api, "/", format="json")
    assert data["counts"]["articles"] == 10
    assert data["articles_from"] == "2021-01-10" and data["articles_to"] == "2025-07-05"
    assert {p["province"]["id"] for p in data["provinces"]} == {"binh-duong-province", "ca-mau-province"}
    assert data["latest_changes"][0]["kind"] == "merge" and data["latest_changes"][0]["date"] == "2025-07-01"
    assert data["links"]["SPARQL query page"] == "/sparql/ui"
    r = api.get("/", headers={"Accept": "application/json"})
    assert r.headers["content-type"].startswith("application/json") and r.json()["counts"] == data["counts"]


# --- people ----------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Nguyễn Văn Lợi", "nguyen van loi", "Loi Nguyen Van", "NGUYEN VAN LOI", "van loi"])
def test_people_search_ignores_diacritics_case_and_word_order(api, q):
    data = get(api, "/people", q=q)
    assert data["items"][0]["id"] == "nguyen-van-loi"
    assert data["items"][0]["name"] == "Nguyen Van Loi"


def test_people_search_without_match_is_empty_and_list_pages(api):
    assert get(api, "/people", q="Xyzzy Qwerty")["items"] == []
    everyone = get(api, "/people", limit=500)
    assert everyone["total"] == len(everyone["items"]) >= 10    # the related-news teasers name no one
    assert not {"luong-cuong", "nguyen-van-loc"} & set(ids(everyone["items"]))
    first, second = get(api, "/people", limit=3, offset=0), get(api, "/people", limit=3, offset=3)
    assert first["total"] == everyone["total"] and (first["limit"], second["offset"]) == (3, 3)
    assert ids(first["items"]) + ids(second["items"]) == ids(everyone["items"])[:6]


def test_person_page_nguyen_van_loi_is_secretary_of_binh_duong_party_committee(api):
    data = get(api, "/people/nguyen-van-loi")
    assert data["iri"] == "https://w3id.org/provkg/id/person/nguyen-van-loi"
    secretary = [p for p in data["positions"] if p["role"] == "Secretary"]
    assert len(secretary) == 1
    pos = secretary[0]
    assert pos["organization"]["id"] == "binh-duong-provincial-party-committee"
    assert pos["organization"]["name"] == "Binh Duong Provincial Party Committee"
    assert pos["current"] is True and pos["end"] is None
    assert any("Secretary of the Provincial Party Committee" in s["sentence"] for s in pos["sources"])
    assert {s["article"]["id"] for s in pos["sources"]} == {"bd-2025-02-propaganda-mass-mobilization-commission"}
    roles = {(p["role"], p["organization"]["id"]) for p in data["positions"]}
    assert ("Head", "binh-duong-provincial-national-assembly-delegation") in roles
    assert ("Member", "party-central-committee") in roles


def test_person_timeline_is_earliest_first_with_inferred_bounds(api):
    data = get(api, "/people/tran-van-an")
    (pos,) = data["positions"]
    assert pos["role"] == "Secretary" and pos["organization"]["id"] == "ca-mau-provincial-party-committee"
    # dated by the days the articles report ("On January 9", "On March 14", "On May 19"), not their publication
    assert pos["start"] == {"date": "2021-01-09", "precision": "no-later-than", "basis": "inferred",
                            "rule": "observed-span", "articles": pos["start"]["articles"]}
    assert ids(pos["start"]["articles"]) == ["cm0"]
    assert (pos["first_seen"], pos["last_seen"]) == ("2021-01-09", "2022-03-14")
    assert pos["end"]["date"] == "2024-05-19" and pos["end"]["basis"] == "inferred"
    assert pos["end"]["rule"] == "single-holder-succession" and pos["end"]["precision"] == "no-later-than"
    assert ids(pos["end"]["articles"]) == ["cm1", "cm2"]
    assert pos["current"] is False
    assert (pos["status"], pos["status_rule"], pos["status_since"]) == ("ended", "post-ended", "2024-05-19")
    assert (pos["level"], pos["window_days"]) == ("province", 540)
    # on a day within the window after it was last seen, the post was current; after the window, unknown
    mid = get(api, "/people/tran-van-an", as_of="2022-06-01")["positions"][0]
    assert (mid["status"], mid["status_rule"], mid["status_until"]) == ("current", "reported-within-window",
                                                                        "2023-09-05")
    late = get(api, "/people/tran-van-an", as_of="2023-09-06")["positions"][0]
    assert (late["status"], late["status_rule"], late["status_until"]) == ("unknown", "not-reported-within-window",
                                                                          "2024-05-18")


# --- organizations -----------------------------------------------------------------------------


def test_organizations_filter_by_type_province_and_text(api):
    committees = get(api, "/organizations", type="party-committee")
    assert set(ids(committees["items"])) == {"binh-duong-provincial-party-committee",
                                              "ca-mau-provincial-party-committee"}
    bd = get(api, "/organizations", province="binh-duong-province", limit=500)
    assert bd["total"] == len(bd["items"]) and all(o["province"]["id"] == "binh-duong-province" for o in bd["items"])
    assert COMMISSION in ids(bd["items"]) and "ca-mau-provincial-party-committee" not in ids(bd["items"])
    assert ids(get(api, "/organizations", province="Bình Dương", limit=500)["items"]) == ids(bd["items"])
    hits = get(api, "/organizations", q="mass mobilization propaganda commission binh duong")
    assert hits["items"][0]["id"] == COMMISSION
    assert get(api, "/organizations", type="no-such-type")["total"] == 0


def test_organization_page_labels_parent_sub_bodies_and_holders(api):
    data = get(api, "/organizations/binh-duong-provincial-party-committee")
    assert data["name"] == "Binh Duong Provincial Party Committee" and data["type"] == "party-committee"
    assert data["province"]["id"] == "binh-duong-province"
    subs = ids(data["sub_organizations"])
    assert {COMMISSION, PROPAGANDA_BOARD, MASS_MOBILIZATION_BOARD,
            "binh-duong-provincial-party-standing-committee"} <= set(subs)
    holders = {(h["person"]["id"], h["role"]) for h in data["current_holders"]}
    assert ("nguyen-van-loi", "Secretary") in holders and ("nguyen-loc-ha", "Standing Deputy Secretary") in holders
    commission = get(api, f"/organizations/{COMMISSION}")
    assert ids(commission["parents"]) == ["binh-duong-provincial-party-committee"]


def test_commission_predecessors_are_the_two_boards(api):
    data = get(api, f"/organizations/{COMMISSION}")
    assert data["name"] == "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission"
    assert sorted(ids(data["predecessors"], "organization")) == sorted([MASS_MOBILIZATION_BOARD, PROPAGANDA_BOARD])
    assert {(p["date"], p["depth"]) for p in data["predecessors"]} == {("2025-02-10", 1)}
    assert data["successors"] == []
    board = get(api, f"/organizations/{MASS_MOBILIZATION_BOARD}")
    assert ids(board["successors"], "organization") == [COMMISSION]


def test_members_before_the_merger_are_the_boards_holders_not_the_commissions(api):
    before = get(api, f"/organizations/{COMMISSION}/members", as_of="2025-01-01")
    assert {(h["person"]["id"], h["organization"]["id"]) for h in before["holders"]} == {
        ("bui-thanh-nhan", MASS_MOBILIZATION_BOARD)}
    assert sorted(ids(before["organizations"])) == sorted([MASS_MOBILIZATION_BOARD, PROPAGANDA_BOARD])
    assert before["note"] and before["as_of"] == "2025-01-01"
    after = get(api, f"/organizations/{COMMISSION}/members", as_of="2025-04-01")
    assert {h["person"]["id"] for h in after["holders"]} == {"tran-quoc-viet"}
    assert ids(after["organizations"]) == [COMMISSION] and after["note"] is None
    # the Board's own head: held from the 2023 article until the merger on 2025-02-10
    (nhan,) = before["holders"]
    assert nhan["start"]["date"] == "2023-11-29" and nhan["end"]["date"] == "2025-02-10"
    assert nhan["end"]["rule"] == "body-merged-away" and nhan["end"]["precision"] == "on"
    assert get(api, f"/organizations/{MASS_MOBILIZATION_BOARD}/members", as_of="2025-03-01")["holders"] == []
    assert get(api, f"/organizations/{MASS_MOBILIZATION_BOARD}/members", as_of="2023-01-01")["holders"] == []


def test_members_as_of_follows_the_succession_of_secretaries(api):
    url = "/organizations/ca-mau-provincial-party-committee/members"
    assert [h["person"]["id"] for h in get(api, url, as_of="2023-01-01")["holders"]] == ["tran-van-an"]
    assert [h["person"]["id"] for h in get(api, url, as_of="2024-06-01")["holders"]] == ["le-quoc-binh"]
    assert get(api, url, as_of="2020-01-01")["holders"] == []
    page = get(api, "/organizations/ca-mau-provincial-party-committee")
    assert [h["person"]["id"] for h in page["current_holders"]] == ["le-quoc-binh"]
    assert [h["person"]["id"] for h in page["past_holders"]] == ["tran-van-an"]


def test_a_merger_ends_the_posts_of_the_bodies_merged_away_on_its_date(api):
    (pos,) = get(api, "/people/pham-van-hoa")["positions"]
    assert pos["organization"]["id"] == CM + "propaganda"
    assert pos["end"]["date"] == "2025-03-01" and pos["end"]["precision"] == "on"
    assert pos["end"]["basis"] == "inferred" and pos["end"]["rule"] == "body-merged-away"
    assert ids(pos["end"]["articles"]) == ["mg1"]
    assert pos["ended_by"]["iri"].startswith("https://w3id.org/provkg/id/merge/")
    assert pos["start"]["date"] == "2024-06-01"
    url = f"/organizations/{CM}propaganda/members"
    (hoa,) = get(api, url, as_of="2025-02-28")["holders"]
    assert hoa["person"]["id"] == "pham-van-hoa" and hoa["status"] == "current" and hoa["status_as_of"] == "2025-02-28"
    gone = get(api, url, as_of="2025-03-01")
    assert gone["holders"] == [] and gone["merged_into"]["id"] == CM + "propaganda-mass-mobilization"
    assert "merged into Ca Mau Provincial Party Propaganda and Mass Mobilization Commission on 2025-03-01" in gone["note"]
    assert get(api, url, as_of="2025-02-28")["merged_into"] is None
    (lan,) = get(api, "/people/do-thi-lan")["positions"]
    assert lan["end"]["date"] == "2025-07-01" and lan["end"]["rule"] == "body-merged-away"


def test_members_rejects_a_bad_date_and_unknown_body(api):
    r = api.get(f"/organizations/{COMMISSION}/members", params={"as_of": "2025-13-01"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "as_of"]
    r = api.get("/organizations/no-such-body/members", params={"as_of": "2025-01-01"})
    assert r.status_code == 404 and r.json() == {"detail": "no organization with id 'no-such-body'"}


# --- changes and merges ----------------------------------------------------------------------------


def test_changes_newest_first_with_dates_and_sentences(api):
    data = get(api, "/changes", limit=500)
    dates = [c["date"] for c in data["items"] if c["date"]]
    assert dates == sorted(dates, reverse=True) and data["total"] == len(data["items"])
    appointment = next(c for c in data["items"] if c["kind"] == "appointment")
    assert appointment["person"]["id"] == "ngo-van-son" and appointment["role"] == "Director"
    assert appointment["organization"]["id"] == "ca-mau-department-of-construction"
    assert appointment["date"] == "2025-04-01" and appointment["date_basis"] == "stated"
    assert appointment["sentence"] == ("Mr. Ngo Van Son was appointed Director of the Ca Mau Department of "
                                       "Construction.")
    bd = next(c for c in data["items"] if c["kind"] == "merge" and c["into"]["id"] == COMMISSION)
    assert bd["date"] == "2025-02-10" and sorted(ids(bd["merged"])) == sorted([MASS_MOBILIZATION_BOARD,
                                                                               PROPAGANDA_BOARD])
    assert "were merged into the Provincial Party Propaganda and Mass Mobilization Commission" in bd["sentence"]
    since = get(api, "/changes", since="2025-03-01", limit=500)
    assert since["items"] and all(c["date"] >= "2025-03-01" for c in since["items"])
    assert COMMISSION not in [c["into"]["id"] for c in since["items"] if c["into"]]
    r = api.get("/changes", params={"since": "last week"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "since"]


def test_changes_list_the_ends_of_posts_with_their_rule_and_each_posts_status(api):
    items = get(api, "/changes", limit=500)["items"]
    ends = {(c["person"]["id"], c["rule"], c["date"]) for c in items if c["kind"] == "end"}
    assert ("tran-van-an", "single-holder-succession", "2024-05-19") in ends
    assert ("pham-van-hoa", "body-merged-away", "2025-03-01") in ends
    an = next(c for c in items if c["kind"] == "end" and c["person"]["id"] == "tran-van-an")
    assert an["date_basis"] == "inferred" and an["ended_by"]["iri"].startswith("https://w3id.org/provkg/id/membership/")
    assert an["status"] == "ended" and an["last_seen"] == "2022-03-14"
    assert all(c["ingested"] for c in items)
    # on the day of a merger, the merger comes before the ends it causes
    day = [c["kind"] for c in items if c["date"] == "2025-03-01"]
    assert day.index("merge") < day.index("end")


def test_changes_since_by_ingest_time(api):
    items = get(api, "/changes", limit=500)["items"]
    first = min(c["ingested"] for c in items)[:10]
    by_ingest = get(api, "/changes", since=first, by="ingested", limit=500)
    assert by_ingest["total"] == len(items)  # all were ingested that day, whatever the date of the change
    assert any(c["date"] < first for c in by_ingest["items"])
    assert get(api, "/changes", since="2999-01-01", by="ingested")["total"] == 0


def test_changes_as_an_atom_feed_a_feed_reader_takes(api):
    import feedparser

    data = get(api, "/changes", limit=8)
    assert data["total"] > 8  # a page of the feed, as of the JSON
    r = api.get("/changes", params={"format": "atom", "limit": 8})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.feed.title.startswith("provkg")
    assert len(feed.entries) == len(data["items"]) == 8
    assert [e.id for e in feed.entries] == [f"https://w3id.org/provkg/id/change/{c['id']}" for c in data["items"]]
    assert len({e.id for e in feed.entries}) == 8
    hoa = next(e for e in feed.entries if "Pham Van Hoa" in e.title and e.tags[0].term == "end")
    assert hoa.title == ("Post ended: Pham Van Hoa, Head of Ca Mau Provincial Party Propaganda Board "
                         "(2025-03-01)")
    assert "body-merged-away" in hoa.summary and hoa.link.endswith("/articles/mg1")
    assert hoa.updated_parsed is not None and hoa.published.startswith("2025-03-01")
    # the same feed by Accept, and the ids stay the same from one request to the next
    again = feedparser.parse(api.get("/changes", params={"limit": 8},
                                     headers={"Accept": "application/atom+xml"}).content)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_changes_as_a_json_feed(api):
    from datetime import datetime

    r = api.get("/changes", params={"limit": 5}, headers={"Accept": "application/feed+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/feed+json")
    doc = r.json()  # JSON Feed 1.1's required members, and RFC 3339 dates
    assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["title"] and len(doc["items"]) == 5
    assert doc["feed_url"].endswith("/changes?limit=5")
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["url"].startswith("http") and item["title"]
        assert datetime.fromisoformat(item["date_modified"]).tzinfo is not None
    assert [i["_provkg"]["id"] for i in doc["items"]] == [c["id"] for c in get(api, "/changes", limit=5)["items"]]


def test_merges_follow_a_chain_of_two_mergers(api):
    data = get(api, "/merges", limit=500)
    assert data["total"] == 4
    by_result = {m["result"]["id"]: m for m in data["items"]}
    second = by_result[CM + "internal-affairs"]
    assert {(a["organization"]["id"], a["depth"]) for a in second["ancestors"]} == {
        (CM + "propaganda-mass-mobilization", 1), (CM + "organization-board", 1),
        (CM + "propaganda", 2), (CM + "mass-mobilization", 2)}
    first = by_result[CM + "propaganda-mass-mobilization"]
    assert [(d["organization"]["id"], d["depth"], d["date"]) for d in first["descendants"]] == [
        (CM + "internal-affairs", 1, "2025-07-01")]
    assert first["date"] == "2025-03-01" and ids(first["sources"], "article") == ["mg1"]
    assert "were merged into" in first["sources"][0]["sentence"]
    chain = get(api, "/merges", organization=CM + "propaganda")
    assert {m["id"] for m in chain["items"]} == {first["id"], second["id"]}
    e = get(api, f"/organizations/{CM}internal-affairs")
    assert (CM + "propaganda", 2) in {(p["organization"]["id"], p["depth"]) for p in e["predecessors"]}
    assert api.get("/merges", params={"organization": "nowhere"}).status_code == 404


# --- campaigns, events, places, articles, search ----------------------------------------------------


def test_campaigns_events_places(api):
    campaigns = get(api, "/campaigns", q="smart mass mobilization", type="EmulationMovement")
    smart = campaigns["items"][0]
    assert smart["name"] == "Smart mass mobilization" and "EmulationMovement" in smart["types"]
    assert smart["sources"] and "Smart mass mobilization" in smart["sources"][0]["sentence"]
    assert get(api, "/campaigns", type="Project")["total"] >= 1
    events = get(api, "/events", limit=500)
    conf = next(e for e in events["items"] if e["date"] == "2025-02-11")
    assert ids(conf["organisers"]) == ["binh-duong-provincial-party-committee"]
    assert "nguyen-van-loi" in ids(conf["attendees"]) and "Conference" in conf["types"]
    assert conf["sources"][0]["sentence"].startswith("On February 11, Binh Duong Provincial Party Committee")
    dated = [e["date"] for e in events["items"] if e["date"]]
    assert dated == sorted(dated, reverse=True)
    places = get(api, "/places", q="Di An")
    assert places["items"][0]["id"] == "binh-duong-di-an-city" and places["items"][0]["within"]["id"] == \
        "binh-duong-province"
    assert all("Province" in p["types"] for p in get(api, "/places", type="Province")["items"])


def test_articles_list_and_detail_with_each_fact_and_its_sentence(api):
    data = get(api, "/articles", limit=500)
    assert data["total"] == 10 and ids(data["items"])[0] == "mg2"  # newest first
    assert ids(data["items"])[-1] == "bd-2025-02-propaganda-mass-mobilization-commission"  # undated last
    art = get(api, "/articles/bd-2025-02-propaganda-mass-mobilization-commission")
    assert art["headline"].startswith("Provincial Party Committee's Propaganda and Mass Mobilization Commission")
    assert art["authors"] == ["Tri Dung"]
    sec = next(f for f in art["facts"] if f["kind"] == "position" and f["role"] == "Secretary")
    assert sec["person"]["id"] == "nguyen-van-loi" and sec["organization"]["id"] == \
        "binh-duong-provincial-party-committee"
    assert sec["sentences"] and all("Nguyen Van Loi" in s for s in sec["sentences"])
    merge = next(f for f in art["facts"] if f["kind"] == "merge")
    assert sorted(ids(merge["originals"])) == sorted([MASS_MOBILIZATION_BOARD, PROPAGANDA_BOARD])
    assert merge["result"]["id"] == COMMISSION and merge["date"] == "2025-02-10"
    assert {f["kind"] for f in art["facts"]} == {"position", "merge", "campaign", "event"}
    assert all(f["sentences"] for f in art["facts"])
    assert "nguyen-van-loi" in ids(art["people"]) and "binh-duong-di-an-city" in ids(art["places"])
    assert api.get("/articles/no-such-article").status_code == 404


def test_search_across_kinds(api):
    data = get(api, "/search", q="Nguyễn Văn Lợi")
    assert (data["items"][0]["kind"], data["items"][0]["id"]) == ("person", "nguyen-van-loi")
    assert data["items"][0]["url"] == "/people/nguyen-van-loi"
    kinds = {h["kind"] for h in get(api, "/search", q="mass mobilization", limit=500)["items"]}
    assert {"organization", "campaign", "article"} <= kinds
    only = get(api, "/search", q="mass mobilization", kind="organization", limit=500)
    assert only["items"] and {h["kind"] for h in only["items"]} == {"organization"}
    r = api.get("/search")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "q"]


# --- exports -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "media", "fmt"), [
    ("/export.ttl", "text/turtle", pyoxigraph.RdfFormat.TURTLE),
    ("/export.trig", "application/trig", pyoxigraph.RdfFormat.TRIG),
    ("/export.nq", "application/n-quads", pyoxigraph.RdfFormat.N_QUADS),
    ("/export.jsonld", "application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
])
def test_exports_stream_the_graph(api, path, media, fmt):
    with api.stream("GET", path) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert "content-length" not in r.headers  # streamed, not built first
        body = b"".join(r.iter_bytes())
    quads = list(pyoxigraph.parse(body, fmt))
    name = pyoxigraph.Quad(pyoxigraph.NamedNode("https://w3id.org/provkg/id/person/nguyen-van-loi"),
                           pyoxigraph.NamedNode("http://xmlns.com/foaf/0.1/name"), pyoxigraph.Literal("Nguyen Van Loi"))
    assert any((q.subject, q.predicate, q.object) == (name.subject, name.predicate, name.object) for q in quads)
    inferred = [q for q in quads if q.predicate.value == "http://www.w3.org/ns/prov#wasGeneratedBy"]
    assert inferred  # the tenure inferences are part of the graph in every format
    if fmt in (pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N_QUADS):
        assert {q.graph_name.value for q in inferred} == {"https://w3id.org/provkg/graph/inferred"}


# --- errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/people/nobody-at-all", "/organizations/nothing-here", "/articles/none"])
def test_unknown_ids_are_404_json(api, url):
    r = api.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["detail"].startswith("no ") and "Traceback" not in r.text


@pytest.mark.parametrize(("url", "params", "field"), [
    ("/people", {"limit": 0}, "limit"), ("/organizations", {"offset": -1}, "offset"),
    ("/campaigns", {"limit": 100000}, "limit"), ("/people/not an id", {}, "id"),
    ("/events", {"since": "yesterday"}, "since"), ("/search", {"q": "x", "kind": "planet"}, "kind"),
])
def test_bad_parameters_are_422_json_naming_the_parameter(api, url, params, field):
    r = api.get(url, params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/json")
    assert r.json()["detail"][0]["loc"][-1] == field and "Traceback" not in r.text


def test_every_list_route_pages(api):
    for url in ("/people", "/organizations", "/changes", "/merges", "/campaigns", "/events", "/places", "/articles",
                "/search"):
        extra = {"q": "ca mau"} if url == "/search" else {}
        full = get(api, url, limit=500, **extra)
        page = get(api, url, limit=2, offset=1, **extra)
        assert page["total"] == full["total"] and (page["limit"], page["offset"]) == (2, 1), url
        assert page["items"] == full["items"][1:3], url


def test_people_bodies_campaigns_and_articles_link_to_their_views(api):
    person = get(api, "/people/nguyen-van-loi")
    assert person["view"] == "/view/person/nguyen-van-loi"
    body = get(api, "/organizations/binh-duong-provincial-party-committee")
    assert body["view"] == "/view/organization/binh-duong-provincial-party-committee"
    listed = get(api, "/people", q="Nguyen Van Loi")["items"]
    assert listed and listed[0]["view"] == "/view/person/nguyen-van-loi"
    campaign = get(api, "/campaigns", limit=1)["items"][0]
    article = get(api, "/articles", limit=1)["items"][0]
    for link in (person["view"], body["view"], campaign["view"], article["view"]):
        page = api.get(link)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), link
