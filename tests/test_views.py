"""The network views without a browser: projections over a real store, rendering, escaping, the CLI command.

The store is built by the real pipeline from the two seed articles of data/articles (conftest.SEED_ARTICLES)
plus a few dated Ca Mau articles
(two Secretaries in turn, a chain of two mergers), and one hand-built article whose person,
body, campaign and sentence are hostile markup, written through Store.write_article.
tests/test_views_browser.py reuses `build_view_store` and the names below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from conftest import SEED_ARTICLES
from provkg.api.cli import app as provkg_app
from provkg.api.views import layout, pages
from provkg.api.views.render import build_network, render, script_json
from provkg.graph import projections
from provkg.graph.location import open_store
from provkg.graph.store import Store
from provkg.ingest.article import Article
from provkg.ingest.facts import ArticleFacts, Body, Campaign, Evidence, Membership, Person
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_BODY = '<b onmouseover=alert(2)>Board</b> & "Co" </script>'
HOSTILE_SENTENCE = f'{HOSTILE} said "</script><script>alert(3)</script>" at the meeting.'
HOSTILE_HEADLINE = "Headline <script>alert(4)</script>"

# (file stem, date line, headline, body): dated scrapes in the shape of data/articles.
VIEW_ARTICLES = [
    ("vcm0", "10-01-2021", "Ca Mau leaders meet voters",
     "On January 9, Mr. Tran Van An, Secretary of the Ca Mau Provincial Party Committee, met voters in Ca Mau City."),
    ("vcm2", "20-05-2024", "Ca Mau Provincial Party Committee sets tasks for 2024",
     "On May 19, the Ca Mau Provincial Party Committee held a conference to set tasks. Mr. Le Quoc Binh, "
     "Secretary of the Ca Mau Provincial Party Committee, chaired the conference."),
    ("vmg1", "03-03-2025", "Ca Mau merges two boards",
     "Mr. Pham Van Hoa, Head of the Ca Mau Provincial Party Propaganda Board, attended the ceremony. The Ca Mau "
     "Provincial Party Propaganda Board and the Ca Mau Provincial Party Mass Mobilization Board were merged into the "
     "Ca Mau Provincial Party Propaganda and Mass Mobilization Commission on March 1, 2025."),
    ("vmg2", "05-07-2025", "Ca Mau completes apparatus streamlining",
     "Ms. Do Thi Lan, Head of the Ca Mau Provincial Party Organization Board, attended the ceremony. The Ca Mau "
     "Provincial Party Propaganda and Mass Mobilization Commission and the Ca Mau Provincial Party Organization Board "
     "were merged into the Ca Mau Provincial Party Internal Affairs Commission on July 1, 2025."),
]
LOI = "nguyen-van-loi"
BD_COMMITTEE = "binh-duong-provincial-party-committee"
CM_COMMITTEE = "ca-mau-provincial-party-committee"
CM = "ca-mau-provincial-party-"
ARTICLE = "bd-2025-02-propaganda-mass-mobilization-commission"
CAMPAIGN = "award-skillful-mass-mobilization-2024"


def hostile_facts() -> ArticleFacts:
    """A hand-built article whose every text field is markup (the extractor would never yield such a name)."""
    ev = Evidence(sentence=HOSTILE_SENTENCE)
    article = Article(id="hostile-markup", source="tests/hostile", headline=HOSTILE_HEADLINE,
                      paragraphs=[HOSTILE_SENTENCE], published=date(2024, 6, 1))
    return ArticleFacts(
        article=article,
        people={"evil": Person(key="evil", name=HOSTILE, evidence=ev)},
        bodies={"hostile-board": Body(key="hostile-board", name=HOSTILE_BODY, kind="board", evidence=ev)},
        memberships=[Membership(person="evil", role="Head", body="hostile-board", start=date(2024, 5, 1),
                                evidence=ev)],
        campaigns=[Campaign(name=f"Campaign {HOSTILE}", kind="campaign", organisers=["hostile-board"], evidence=ev)],
    )


def build_view_store(root: Path) -> Path:
    """The seed articles, the Ca Mau articles and the hostile article, written by the real pipeline and store."""
    folder = root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for stem, day, headline, body in VIEW_ARTICLES:
        (folder / f"{stem}.txt").write_text(f"{headline}\n\nUpdate: {day} | 08:00:00\n\n{body}\n\n"
                                            "Reported by Minh Chau\n", encoding="utf-8")
    articles = [a for a in read_paths([*SEED_ARTICLES, folder]) if isinstance(a, Article)]
    assert len(articles) == len(SEED_ARTICLES) + len(VIEW_ARTICLES)
    store_dir = root / "store"
    with open_store(store_dir) as store:
        for article in articles:
            store.write_article(extract(article))
        store.write_article(hostile_facts())
        store.refresh_inferences()
    return store_dir


def hostile_person_id(store: Store) -> str:
    rows = list(store.query(f'SELECT ?p WHERE {{ ?p foaf:name "{HOSTILE}" }}'))
    assert len(rows) == 1, rows
    return rows[0]["p"].value.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(build_view_store(tmp_path_factory.mktemp("views"))) as s:
        yield s


def labels(g: nx.MultiDiGraph, kind: str | None = None) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True) if kind is None or d["kind"] == kind}


def edge_labels(g: nx.MultiDiGraph, a_label: str, b_label: str) -> set[str]:
    by = {d["label"]: n for n, d in g.nodes(data=True)}
    return {d["label"] for a, b, d in g.edges(data=True) if a == by[a_label] and b == by[b_label]}


def node(g: nx.MultiDiGraph, label: str) -> dict:
    (found,) = [d for _, d in g.nodes(data=True) if d["label"] == label]
    return found


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="provkg-data">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


# --- projections ------------------------------------------------------------------------------------


def test_whole_graph_has_every_kind_with_labels_provinces_and_sources(store):
    g = projections.whole_graph(store)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"person", "body", "campaign", "event", "place", "article"} <= kinds
    assert {"Nguyen Van Loi", "Tran Van An", "Le Quoc Binh", HOSTILE} <= labels(g, "person")
    assert {"Binh Duong Provincial Party Committee", "Ca Mau Provincial Party Committee"} <= labels(g, "body")
    loi = node(g, "Nguyen Van Loi")
    assert loi["province"] == "Binh Duong Province"
    assert "Secretary, Binh Duong Provincial Party Committee" in loi["roles"]
    assert any("Nguyen Van Loi" in (s["sentence"] or "") and s["article_id"] == ARTICLE for s in loi["sources"])
    assert "Secretary" in edge_labels(g, "Nguyen Van Loi", "Binh Duong Provincial Party Committee")
    assert node(g, "Ca Mau Provincial Party Committee")["province"] == "Ca Mau Province"


def test_person_ego_network_depth_one_and_two(store):
    g1 = pages.projection(store, "person", LOI, depth=1)
    assert g1.graph["center"].endswith("/person/" + LOI)
    assert {"Binh Duong Provincial Party Committee", "Party Central Committee",
            "Binh Duong Provincial National Assembly Delegation"} <= labels(g1, "body")
    assert labels(g1, "event") == {"conference of the Binh Duong Provincial Party Committee"}
    assert "Skillful Mass Mobilization" in labels(g1, "campaign")  # named in the article that names him
    assert labels(g1, "person") == {"Nguyen Van Loi"}
    assert "Tran Van An" not in labels(g1)
    g2 = pages.projection(store, "person", LOI, depth=2)
    assert labels(g1) < labels(g2)
    assert "Nguyen Loc Ha" in labels(g2, "person")  # another post holder of his Party Committee
    assert "Tran Van An" not in labels(g2)  # places and articles are not walked through
    timeline = g1.graph["timeline"]
    assert {(t["role"], t["body_label"]) for t in timeline} >= {("Secretary", "Binh Duong Provincial Party Committee")}
    # each post's status today (graph/occupancy.py), with the day it was last seen unless it ended
    for t in timeline:
        assert t["status"] == "ended" or t["status"].startswith(("current (last seen 20", "status unknown (last seen 20"))


def test_org_chart_shows_the_holder_on_the_date_asked(store):
    early = pages.projection(store, "organization", CM_COMMITTEE, as_of=date(2021, 6, 1))
    late = pages.projection(store, "organization", CM_COMMITTEE, as_of=date(2024, 6, 1))
    assert labels(early, "person") == {"Tran Van An"} and labels(early, "post") == {"Secretary"}
    assert labels(late, "person") == {"Le Quoc Binh"}
    assert "Secretary" in early.graph["title"] or "2021-06-01" in early.graph["title"]
    assert early.graph["as_of"] == "2021-06-01" and early.graph["fixed_layout"]
    # posts hang below the body, holders below their posts
    body = node(early, "Ca Mau Provincial Party Committee")
    post, holder = node(early, "Secretary"), node(early, "Tran Van An")
    assert body["y"] < post["y"] < holder["y"]


def test_org_chart_lineage_runs_left_to_right_with_dates_on_edges(store):
    g = pages.projection(store, "organization", CM + "internal-affairs")
    x = {d["label"]: d["x"] for _, d in g.nodes(data=True) if d["kind"] == "body"}
    prop, mass = "Ca Mau Provincial Party Propaganda Board", "Ca Mau Provincial Party Mass Mobilization Board"
    commission = "Ca Mau Provincial Party Propaganda and Mass Mobilization Commission"
    result = "Ca Mau Provincial Party Internal Affairs Commission"
    assert x[prop] < x[commission] < x[result] and x[mass] < x[commission]
    assert edge_labels(g, commission, result) == {"merged 2025-07-01"}
    assert edge_labels(g, prop, commission) == {"merged 2025-03-01"}
    before = pages.projection(store, "organization", CM + "internal-affairs", as_of=date(2025, 6, 1))
    assert any("formed by a merger after 2025-06-01" in n for n in before.graph["notes"])


def test_merges_view_follows_chains(store):
    g = pages.projection(store, "merges")
    assert {"Ca Mau Provincial Party Internal Affairs Commission",
            "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission"} <= labels(g, "body")
    assert all(d["kind"] == "merge" for *_, d in g.edges(data=True))
    x = {d["label"]: d["x"] for _, d in g.nodes(data=True)}
    assert x["Ca Mau Provincial Party Propaganda Board"] < x["Ca Mau Provincial Party Internal Affairs Commission"]
    assert any("2025-07-01" in s for s in node(g, "Ca Mau Provincial Party Internal Affairs Commission")["dates"])


def test_article_and_campaign_views(store):
    a = pages.projection(store, "article", ARTICLE)
    assert {"Nguyen Van Loi", "Nguyen Loc Ha"} <= labels(a, "person")
    assert "Luong Cuong" not in labels(a)      # named only in the related-news list under the article
    assert "Bui Thanh Nhan" not in labels(a)  # named only by the other article
    assert "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission" in labels(a, "body")
    loi = node(a, "Nguyen Van Loi")
    assert loi["sources"] and all(s["article_id"] == ARTICLE for s in loi["sources"])
    c = pages.projection(store, "campaign", CAMPAIGN)
    assert labels(c, "campaign") == {"Skillful Mass Mobilization"}
    assert labels(c, "article") == {"Provincial Party Committee's Propaganda and Mass Mobilization Commission sets "
                                    "forth key tasks in 2025"}


@pytest.mark.parametrize(("kind", "ident"), [("person", "no-such-person"), ("organization", "nope"),
                                             ("campaign", "nope"), ("article", "nope"), ("person", "../etc")])
def test_unknown_ids_are_not_found(store, kind, ident):
    with pytest.raises(projections.NotFound):
        pages.projection(store, kind, ident)


def test_big_graphs_are_sampled_and_say_so():
    g = nx.path_graph(3000, create_using=nx.MultiDiGraph)
    for n in g:
        g.nodes[n].update(kind="person", label=f"p{n}", ident=f"p{n}", roles=[], dates=[], province=None,
                          sources=[], more_sources=0)
    for a, b, k in g.edges(keys=True):
        g.edges[a, b, k].update(kind="holds", label="", dates=[], sources=[])
    g.graph.update(title="synthetic", center=None, notes=[])
    html = render(nx.relabel_nodes(g, str), pages.Page(title="synthetic", view="all"), max_nodes=200)
    data = page_data(html)
    assert len(data["nodes"]) == 200
    assert "only the 200 most connected are drawn" in html and "3,000 nodes" in html
    assert data["options"]["physics"]["enabled"] is False  # laid out here: the browser runs no physics
    assert all("x" in n and "y" in n for n in data["nodes"])


# --- rendering and escaping ---------------------------------------------------------------------------


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "<!-- & -->", "c": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script>"


def test_hostile_text_is_escaped_in_html_and_intact_in_json(store):
    ident = hostile_person_id(store)
    for kind, key in (("person", ident), ("all", None), ("organization", "hostile-board"),
                      ("article", "hostile-markup")):
        html = pages.page_html(store, kind, key)
        for raw in (HOSTILE, "<b onmouseover", "<script>alert", "</script><script>"):
            assert raw not in html, (kind, raw)
        assert html.count("<script") == 3  # the data block, vis-network and view.js: nothing else
        data = page_data(html)
        all_labels = {n["full"] for n in data["nodes"]}
        sentences = {s["sentence"] for n in data["nodes"] for s in n["tip"]["sources"]}
        assert HOSTILE in all_labels or HOSTILE_BODY in all_labels, kind
        assert HOSTILE_SENTENCE in sentences, kind  # the sentence reaches the tooltip data verbatim
        assert not any("title" in item for item in (*data["nodes"], *data["edges"]))
    html = pages.page_html(store, "person", ident)
    assert "&lt;img src=x onerror=alert(1)&gt;: ego network" in html  # the page title, escaped by the template


def test_served_pages_load_only_from_the_server(store):
    html = pages.page_html(store, "person", LOI)
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith(("/", "?")) or r == "data:," for r in refs), refs
    assert 'src="/view/static/vis-network.min.js"' in html
    assert "Content-Security-Policy" in html and "script-src &#39;self&#39;;" in html  # no inline script
    assert 'href="/people/nguyen-van-loi"' in html and 'href="/view/merges"' in html  # REST and other views


def test_pyvis_network_never_carries_a_title(store):
    g = projections.whole_graph(store)
    net = build_network(g)
    assert len(net.nodes) == g.number_of_nodes() and len(net.edges) == g.number_of_edges()
    assert not any("title" in n for n in net.nodes)
    loi = next(n for n in net.nodes if n["full"] == "Nguyen Van Loi")
    assert loi["href"] == "/view/person/nguyen-van-loi" and loi["rest"] == "/people/nguyen-van-loi"


# --- the CLI command ------------------------------------------------------------------------------------


def test_cli_writes_one_self_contained_file(tmp_path_factory, tmp_path):
    store_dir = build_view_store(tmp_path_factory.mktemp("cli"))
    app = provkg_app  # the `provkg` command itself
    out = tmp_path / "loi.html"
    result = CliRunner().invoke(app, ["view", "person", LOI, "-o", str(out), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"([^\"]*)\"", html) == ["data:,"]
    assert "vis-network" in html and "window.network" in html
    assert {n["full"] for n in page_data(html)["nodes"]} >= {"Nguyen Van Loi", "Binh Duong Provincial Party Committee"}
    assert 'href="http://127.0.0.1:8000/view/merges"' in html
    missing = CliRunner().invoke(app, ["view", "person", "nobody", "-o", str(out), "--store", str(store_dir)])
    assert missing.exit_code == 1 and "no person with id 'nobody'" in missing.output
    no_id = CliRunner().invoke(app, ["view", "organization", "-o", str(out), "--store", str(store_dir)])
    assert no_id.exit_code == 1 and "needs an ID" in no_id.output
    merges = CliRunner().invoke(app, ["view", "merges", "-o", str(tmp_path / "m.html"), "--store", str(store_dir)])
    assert merges.exit_code == 0, merges.output


# --- layout: every label readable, none over another, no edge behind a box ------------------------------

LAID_OUT = [("all", None, {}), ("person", LOI, {}), ("person", LOI, {"depth": 2}),
            ("organization", BD_COMMITTEE, {}), ("organization", CM_COMMITTEE, {"as_of": date(2021, 6, 1)}),
            ("organization", CM + "internal-affairs", {}), ("merges", None, {}), ("campaign", CAMPAIGN, {}),
            ("article", ARTICLE, {})]


@pytest.mark.parametrize(("kind", "ident", "kw"), LAID_OUT, ids=[f"{k}-{i}-{kw}" for k, i, kw in LAID_OUT])
def test_every_view_places_every_node_with_no_two_label_boxes_overlapping(store, kind, ident, kw):
    g = pages.projection(store, kind, ident, **kw)
    assert g.number_of_nodes() > 0 and all("x" in d and "y" in d for _, d in g.nodes(data=True))
    assert layout.overlaps(g) == []
    for _, d in g.nodes(data=True):  # the whole name is drawn, wrapped, never cut with "…"
        lines = d["drawn"].split("\n")
        assert "".join(lines).replace(" ", "").startswith("".join(d["label"].split())), (d["label"], d["drawn"])
        assert all(len(line) <= layout.WRAP_CHARS for line in lines), d["drawn"]


def test_long_names_wrap_at_spaces_and_words_longer_than_a_line_split():
    name = "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission"
    lines = layout.wrap(name)
    assert " ".join(lines) == name and len(lines) == 3 and all(len(x) <= layout.WRAP_CHARS for x in lines)
    assert "".join(layout.wrap("x" * 60)) == "x" * 60
    box = layout.label_box("body", lines)
    assert box.width < layout.text_width(name)  # wrapped: narrower than the name on one line
    assert layout.label_box("person", ["Nguyen Van Loi"]).top == -14  # a dot's label hangs below it


def _crosses(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether the segment a-b passes through the rectangle (left, top, right, bottom): Liang-Barsky."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


@pytest.mark.parametrize("ident", [BD_COMMITTEE, CM + "internal-affairs", CM_COMMITTEE])
def test_org_chart_edges_run_behind_no_other_box(store, ident):
    """An edge that crosses another body's box makes that box look like a holder: none does."""
    g = pages.projection(store, "organization", ident)
    assert _chart_crossings(g) == []
    kinds = {g.nodes[n]["kind"] for n in g}
    assert {"post", "person", "body"} <= kinds or ident.endswith("internal-affairs")


def _chart_crossings(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    center = g.graph["center"]
    boxes = {n: layout.label_box(d["kind"], d["drawn"].split("\n"), n == center) for n, d in g.nodes(data=True)}
    rects = {n: (d["x"] + boxes[n].left + 2, d["y"] + boxes[n].top + 2, d["x"] + boxes[n].right - 2,
                 d["y"] + boxes[n].bottom - 2) for n, d in g.nodes(data=True)}
    at = {n: (d["x"], d["y"]) for n, d in g.nodes(data=True)}
    return [(g.nodes[a]["label"], g.nodes[b]["label"], g.nodes[n]["label"]) for a, b in g.edges()
            for n in g if n not in (a, b) and _crosses(at[a], at[b], rects[n])]


def test_every_chart_and_every_person_of_the_corpus_is_laid_out_cleanly(store):
    """Whatever data/articles holds: each body's chart has no overlap and no edge behind a box; each person's
    network (depth 1 and 2) has no overlap."""
    facts = projections.GraphFacts(store)
    bad = []
    for org in facts.orgs:
        g = pages.projection(store, "organization", org.rsplit("/", 1)[-1], facts=facts)
        if layout.overlaps(g) or _chart_crossings(g):
            bad.append((org, layout.overlaps(g), _chart_crossings(g)))
    for person in facts.people:
        for depth in (1, 2):
            g = pages.projection(store, "person", person.rsplit("/", 1)[-1], depth=depth, facts=facts)
            if layout.overlaps(g):
                bad.append((person, depth))
    assert bad == []
    assert len(facts.orgs) >= 10 and len(facts.people) >= 8
