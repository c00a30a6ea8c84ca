"""People read pages, programs read JSON, from the same URLs: the REST routes over a real `provkg serve`.

A browser (an `Accept` that ranks text/html first) gets an HTML page rendered from the response
model; a client that sends nothing, `*/*` or `application/json` gets the JSON the OpenAPI document
describes (validated here against that document). The pages are checked for what a journalist
reads on them (posts with dates and sentences, holders and lineage, an article's facts marked in
its text), for escaping of hostile text, and in real Chromium for console errors and requests to
other hosts. The store is the views' test store: data/articles (the demo corpus), dated Ca Mau
articles with a chain of mergers, and one article whose every text is markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest
from markupsafe import escape
from provkg.api.routes.html import marked
from provkg.api.routes.json_route import prefers_html
from test_views import ARTICLE, BD_COMMITTEE, CM, HOSTILE, HOSTILE_BODY, LOI, build_view_store
from test_views_browser import Watched, browser, serve, watched  # noqa: F401 - pytest fixtures

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
COMMISSION = CM + "propaganda-mass-mobilization"
INTERNAL_AFFAIRS = CM + "internal-affairs"

# (URL, OpenAPI path) of every route that is also a page
PAGES = [
    ("/people", "/people"), (f"/people/{LOI}", "/people/{id}"), ("/organizations", "/organizations"),
    (f"/organizations/{BD_COMMITTEE}", "/organizations/{id}"),
    (f"/organizations/{INTERNAL_AFFAIRS}/members?as_of=2025-05-01", "/organizations/{id}/members"),
    ("/changes", "/changes"), ("/merges", "/merges"), ("/articles", "/articles"), (f"/articles/{ARTICLE}",
                                                                                   "/articles/{id}"),
    ("/search?q=nguyen+van+loi", "/search"), ("/campaigns", "/campaigns"), ("/events", "/events"),
    ("/places", "/places"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_view_store(tmp_path_factory.mktemp("pages"))) as url:
        yield url


@pytest.fixture(scope="module")
def openapi(base: str) -> dict[str, Any]:
    return httpx.get(base + "/openapi.json").json()


def page(base: str, url: str) -> str:
    r = httpx.get(base + url, headers={"Accept": BROWSER_ACCEPT}, timeout=30)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html"), url
    return r.text


def text_of(fragment: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, spaces folded."""
    seen = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r"\s+([),.:;])", r"\1", seen)


# --- content negotiation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "html_wanted"), [
    (BROWSER_ACCEPT, True), ("text/html", True), ("application/xhtml+xml", True),
    (None, False), ("", False), ("*/*", False), ("application/json", False), ("application/json, text/html", False),
    ("text/html;q=0.5, application/json", False), ("text/html, application/json;q=0.9", True),
    ("text/html;q=0", False), ("text/html;q=zero", False), ("text/plain", False),
])
def test_html_only_when_the_client_ranks_it_above_json(accept, html_wanted):
    assert prefers_html(accept) is html_wanted


@pytest.mark.parametrize(("url", "path"), PAGES, ids=[u for u, _ in PAGES])
def test_one_url_a_page_for_browsers_and_the_documented_json_for_programs(base, openapi, url, path):
    r = httpx.get(base + url, headers={"Accept": BROWSER_ACCEPT}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), (url, r.status_code)
    assert "Accept" in r.headers["vary"].split(", ")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # the pages run no script at all
    assert "<script" not in r.text.lower() and "<!doctype html>" in r.text.lower()
    declared = openapi["paths"][path]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/html"} <= set(declared)  # /changes also offers its feeds
    validator = jsonschema_rs.Draft202012Validator({"$ref": declared["application/json"]["schema"]["$ref"],
                                                    "components": openapi["components"]})
    for accept in (None, "*/*", "application/json"):
        j = httpx.get(base + url, headers={"Accept": accept} if accept else {}, timeout=30)
        assert j.status_code == 200 and j.headers["content-type"] == "application/json", (url, accept)
        assert "Accept" in j.headers["vary"].split(", ")
        validator.validate(j.json())


def test_errors_stay_json_for_browsers_too(base):
    r = httpx.get(base + "/people/nobody-at-all", headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 404 and r.json() == {"detail": "no person with id 'nobody-at-all'"}


@pytest.mark.parametrize(("url", "field"), [(f"/organizations/{BD_COMMITTEE}/members?as_of=2025-13-01", "as_of"),
                                            ("/changes?since=yesterday", "since"), ("/events?since=1/3/2025", "since"),
                                            (f"/view/organization/{BD_COMMITTEE}?as_of=2025-3-1", "as_of")])
def test_a_malformed_date_says_the_form_expected(base, url, field):
    r = httpx.get(base + url)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    (error,) = r.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["msg"].startswith("expected a date written YYYY-MM-DD") and "such as 2025-03-01" in error["msg"]


# --- what the pages say ----------------------------------------------------------------------------------


def test_person_page_lists_posts_with_status_dates_sentences_and_articles(base):
    body = page(base, f"/people/{LOI}")
    seen = text_of(body)
    assert "<h1>Nguyen Van Loi</h1>" in body
    for post in ("Secretary, Binh Duong Provincial Party Committee", "Member, Party Central Committee",
                 "Head, Binh Duong Provincial National Assembly Delegation"):
        assert post in seen
    # the article is undated, but its text says the conference was on February 11 (2025, from the text)
    assert "in post on 11 Feb 2025 (reported by Provincial Party Committee's Propaganda and Mass Mobilization " \
           "Commission sets forth key tasks in 2025)" in seen
    assert "attended and directed the conference" in seen  # a sentence that states the post
    assert f'href="/articles/{ARTICLE}"' in body and f'href="/organizations/{BD_COMMITTEE}"' in body
    assert f'href="/view/person/{LOI}"' in body
    assert "dates unknown" not in seen


def test_body_page_shows_holders_sub_bodies_and_lineage(base):
    seen = text_of(page(base, f"/organizations/{BD_COMMITTEE}"))
    assert "Nguyen Van Loi, Secretary" in seen and "Nguyen Loc Ha, Standing Deputy Secretary" in seen
    assert "Sub-bodies" in seen and "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission" in seen
    lineage = text_of(page(base, f"/organizations/{INTERNAL_AFFAIRS}"))
    assert "Formed from:" in lineage
    assert "Ca Mau Provincial Party Propaganda and Mass Mobilization Commission (merged 1 Jul 2025)" in lineage
    assert "Ca Mau Provincial Party Propaganda Board (merged 1 Mar 2025, through an earlier merger)" in lineage
    ended = text_of(page(base, "/organizations/" + CM + "organization-board"))
    assert "History" in ended and "ended on 1 Jul 2025" in ended and "body merged away" in ended
    on_day = text_of(page(base, f"/organizations/{INTERNAL_AFFAIRS}/members?as_of=2025-05-01"))
    assert "holders on 1 May 2025" in on_day and "formed by a merger after 2025-05-01" in on_day


def test_article_page_marks_each_evidence_sentence_in_the_text(base):
    data = httpx.get(f"{base}/articles/{ARTICLE}").json()
    body = page(base, f"/articles/{ARTICLE}")
    text = data["text"]
    spans = {(e["start"], e["end"]): e["sentence"] for f in data["facts"] for e in f["evidence"]}
    assert len(spans) >= 5 and all(text[s:e] == sentence for (s, e), sentence in spans.items())
    shown = re.search(r'<div class="text">(.*?)</div>', body, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == text  # the whole text, as stored
    marked_text = " ".join(html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", shown, re.S))
    for (start, end), sentence in spans.items():
        assert f'id="s{start}-{end}"' in shown and f'href="#s{start}-{end}"' in body
        assert all(word in marked_text for word in sentence.split()[:6])
    unmarked = re.sub(r"<mark>.*?</mark>", "", shown, flags=re.S)
    assert "Innovation, improvement of operational quality" in html.unescape(unmarked)  # a heading no fact uses
    facts = text_of(body)
    assert "Nguyen Van Loi: Secretary, Binh Duong Provincial Party Committee" in facts


def test_marked_cuts_overlapping_sentences_at_every_boundary():
    pieces = marked("Alpha beta gamma.", {(0, 10): "a", (6, 17): "b"})
    assert [(p["text"], p["marked"], p["ids"]) for p in pieces] == [
        ("Alpha ", True, ["a"]), ("beta", True, ["b"]), (" gamma.", True, [])]
    assert marked("abc", {(5, 9): "x"}) == [{"text": "abc", "marked": False, "ids": []}]  # out of range: left out


def test_search_page_lists_matches_by_kind_with_links(base):
    body = page(base, "/search?q=ca+mau+party+committee")
    assert 'href="/organizations/ca-mau-provincial-party-committee"' in body
    assert '<td>organization</td>' in body and 'value="ca mau party committee"' in body


def test_sources_total_counts_the_sources_listed(base):
    people = httpx.get(f"{base}/people", params={"limit": 500}).json()["items"]
    checked = 0
    for p in people:
        for pos in httpx.get(f"{base}/people/{p['id']}").json()["positions"]:
            arts = [s["article"]["id"] for s in pos["sources"]]
            assert len(arts) == len(set(arts)) == min(pos["sources_total"], 5), (p["id"], pos["role"])
            checked += 1
    for m in httpx.get(f"{base}/merges", params={"limit": 500}).json()["items"]:
        assert len(m["sources"]) == min(m["sources_total"], 5)
    assert checked >= 10


def test_hostile_text_is_escaped_on_every_page(base):
    person = httpx.get(f"{base}/people", params={"q": "img src"}).json()["items"]
    pages = [f"/people/{person[0]['id']}", "/organizations/hostile-board", "/articles/hostile-markup",
             "/search?q=board", "/people?q=img"]
    for url in pages:
        body = page(base, url)
        for raw in (HOSTILE, "<b onmouseover", "<script>alert", "</script><script>"):
            assert raw not in body, (url, raw)
        assert "<script" not in body.lower()
    assert str(escape(HOSTILE_BODY)) in page(base, "/organizations/hostile-board")


# --- in the browser ---------------------------------------------------------------------------------------


def opened(w: Watched, url: str, base: str) -> None:
    response = w.page.goto(url)
    assert response is not None and response.status == 200, url
    assert response.headers["content-type"].startswith("text/html"), url
    assert w.errors == [] and w.dialogs == [] and w.foreign(base) == [], (url, w.errors, w.foreign(base))


def test_a_journalist_searches_from_home_and_reads_person_body_and_article_pages(base, watched):  # noqa: F811
    w = watched
    opened(w, base + "/", base)
    w.page.fill("header form.search input[name=q]", "nguyễn văn lợi")
    with w.page.expect_navigation():
        w.page.press("header form.search input[name=q]", "Enter")
    assert w.page.url.startswith(base + "/search?q=")
    assert w.page.locator("h1").inner_text().startswith("Search")
    with w.page.expect_navigation():
        w.page.click("table.list a:text-is('Nguyen Van Loi')")
    assert w.page.url == f"{base}/people/{LOI}"
    assert "in post on 11 Feb 2025" in w.page.locator("ol.timeline").inner_text()
    with w.page.expect_navigation():
        w.page.locator(f"ol.timeline h3 a[href='/organizations/{BD_COMMITTEE}']").first.click()
    assert w.page.locator("h1").inner_text() == "Binh Duong Provincial Party Committee"
    assert "Nguyen Van Loi" in w.page.locator("main").inner_text()
    opened(w, f"{base}/articles/{ARTICLE}", base)
    first = w.page.locator(".facts-list a[href^='#s']").first
    target = first.get_attribute("href")
    first.click()
    assert w.page.url.endswith(target)
    assert w.page.locator(target).count() == 1 and w.page.locator(".article-text mark").count() >= 5
    assert w.page.evaluate("document.scripts.length") == 0
    assert w.errors == [] and w.foreign(base) == [], (w.errors, w.foreign(base))


def test_a_merger_dated_by_another_sentence_carries_that_sentence_as_evidence(base):
    """The seed article states the merger in one sentence and dates it (February 10) in another: both are the
    merger's evidence, verbatim and placed in the text, and /merges names the one that gives the date."""
    merges = httpx.get(f"{base}/merges", params={"limit": 500}).json()["items"]
    (merge,) = [m for m in merges if m["result"]["id"] == "binh-duong-provincial-party-propaganda-mass-mobilization"]
    assert merge["date"] == "2025-02-10"
    assert "February 10" in merge["date_sentence"] and "merged" not in merge["date_sentence"].split("February")[0][-8:]
    (source,) = merge["sources"]
    assert merge["date_sentence"] in source["sentences"] and len(source["sentences"]) == 2
    assert any("were merged into the Provincial Party Propaganda and Mass Mobilization Commission" in s
               for s in source["sentences"])
    article = httpx.get(f"{base}/articles/{ARTICLE}").json()
    (fact,) = [f for f in article["facts"] if f["kind"] == "merge"]
    spans = {e["sentence"]: (e["start"], e["end"]) for e in fact["evidence"]}
    start, end = spans[merge["date_sentence"]]
    assert article["text"][start:end] == merge["date_sentence"]
    seen = text_of(page(base, "/merges"))
    assert "On 10 Feb 2025, as the article says: " + merge["date_sentence"][:60] in seen
