"""The network views in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a
real uvicorn server.

The server is `provkg serve` (tests/server.py) when the app already serves /view; until
api/app.py includes the views router it is uvicorn in a subprocess on an app with the
views router and the REST routers. Every page records its requests, console errors,
page errors and dialogs: a view must load with none of them and nothing from another host.
Screenshots of the person, organization and merges views go to $PROVKG_SCREENSHOTS when set
(`make screenshots` sets docs/screenshots/, the README's pictures), else to a temporary directory,
so a test run leaves the working tree as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from server import running_server
from test_views import BD_COMMITTEE, CM, CM_COMMITTEE, HOSTILE, HOSTILE_BODY, LOI, build_view_store

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = os.environ.get("PROVKG_SCREENSHOTS")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

@contextlib.contextmanager
def serve(store_dir: Path) -> Iterator[str]:
    """The real `provkg serve` on loopback (tests/server.py), which serves the views."""
    with running_server(store_dir) as base:
        yield base


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_view_store(tmp_path_factory.mktemp("views-browser"))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Watched:
    """A page and everything it did: requests, console errors, uncaught errors, dialogs."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self, base: str) -> list[str]:
        return [u for u in self.requests if not u.startswith((base + "/", "data:", "blob:", "about:"))
                and not (base == "file" and u.startswith("file://"))]


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    w = Watched(page)
    page.on("request", lambda r: w.requests.append(r.url))
    page.on("console", lambda m: w.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(f"pageerror: {e}"))

    def on_dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    yield w
    context.close()


def load(w: Watched, url: str, base: str) -> None:
    """Open a view and wait until vis-network has stopped laying it out; check it loaded cleanly."""
    response = w.page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    w.page.wait_for_function("() => window.provkgView && window.provkgView.stable === true", timeout=30_000)
    assert w.errors == [], w.errors
    assert w.dialogs == [], w.dialogs
    assert w.foreign(base) == [], w.foreign(base)


def drawn(w: Watched) -> list[dict[str, Any]]:
    """The nodes in the page's own network object."""
    return w.page.evaluate("window.network.body.data.nodes.get().map(n => ({id: n.id, label: n.full, kind: n.kind,"
                           " hidden: !!n.hidden}))")


def labels(w: Watched, kind: str | None = None) -> set[str]:
    return {n["label"] for n in drawn(w) if kind is None or n["kind"] == kind}


def node_id(w: Watched, label: str) -> str:
    (found,) = [n["id"] for n in drawn(w) if n["label"] == label]
    return found


def hover(w: Watched, ident: str) -> str:
    """Move the mouse onto a node; the tooltip's text."""
    w.page.evaluate("id => window.network.focus(id, {scale: 1.2, animation: false})", ident)
    box = w.page.locator("#network").bounding_box()
    pos = w.page.evaluate("id => window.network.canvasToDOM(window.network.getPosition(id))", ident)
    w.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    w.page.locator("#tooltip").wait_for(state="visible", timeout=5_000)
    return w.page.locator("#tooltip").inner_text()


def click(w: Watched, ident: str) -> None:
    box = w.page.locator("#network").bounding_box()
    pos = w.page.evaluate("id => window.network.canvasToDOM(window.network.getPosition(id))", ident)
    w.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


# --- every view -------------------------------------------------------------------------------------------

VIEWS = [
    ("/view", {"Nguyen Van Loi", "Binh Duong Provincial Party Committee", "Tran Van An", "Smart mass mobilization"}),
    (f"/view/person/{LOI}", {"Nguyen Van Loi", "Binh Duong Provincial Party Committee", "Party Central Committee",
                             "conference of the Binh Duong Provincial Party Committee"}),
    (f"/view/person/{LOI}?depth=2", {"Nguyen Van Loi", "Nguyen Loc Ha", "Binh Duong Province"}),
    (f"/view/organization/{BD_COMMITTEE}", {"Binh Duong Provincial Party Committee", "Secretary", "Nguyen Van Loi",
                                           "Standing Deputy Secretary", "Nguyen Loc Ha"}),
    (f"/view/organization/{CM_COMMITTEE}?as_of=2021-06-01", {"Ca Mau Provincial Party Committee", "Tran Van An"}),
    ("/view/merges", {"Binh Duong Provincial Party Propaganda and Mass Mobilization Commission",
                      "Ca Mau Provincial Party Internal Affairs Commission", "Ca Mau Provincial Party Propaganda Board"}),
    ("/view/campaign/award-skillful-mass-mobilization-2024", {"Skillful Mass Mobilization"}),
    ("/view/article/bd-2023-11-innovate-mass-mobilization", {"Bui Thanh Nhan", "Smart mass mobilization"}),
]


@pytest.mark.parametrize(("path", "expected"), VIEWS, ids=[v[0] for v in VIEWS])
def test_view_loads_cleanly_and_draws_the_expected_nodes(base_url, watched, path, expected):
    load(watched, base_url + path, base_url)
    got = labels(watched)
    assert expected <= got, expected - got
    assert watched.page.evaluate("window.network.physics.options.enabled") is False  # nothing keeps running


def test_org_chart_on_another_date_shows_the_later_holder(base_url, watched):
    load(watched, f"{base_url}/view/organization/{CM_COMMITTEE}?as_of=2024-06-01", base_url)
    assert "Le Quoc Binh" in labels(watched, "person") and "Tran Van An" not in labels(watched)


def test_hover_shows_label_kind_roles_and_sentences(base_url, watched):
    load(watched, f"{base_url}/view/person/{LOI}", base_url)
    text = hover(watched, node_id(watched, "Nguyen Van Loi"))
    assert "Nguyen Van Loi" in text and "person" in text.lower()
    assert "Secretary, Binh Duong Provincial Party Committee" in text
    assert "Provincial Party Committee's Propaganda and Mass Mobilization Commission sets forth" in text  # article
    assert "attended and directed the conference" in text  # a sentence


def test_click_on_a_node_opens_its_view(base_url, watched):
    load(watched, f"{base_url}/view/person/{LOI}", base_url)
    target = node_id(watched, "Binh Duong Provincial Party Committee")
    with watched.page.expect_navigation():
        click(watched, target)
    assert watched.page.url == f"{base_url}/view/organization/{BD_COMMITTEE}"
    watched.page.wait_for_function("() => window.provkgView && window.provkgView.stable === true")
    assert "organisation chart" in watched.page.locator("h1").inner_text()
    assert watched.errors == [] and watched.foreign(base_url) == []


def test_search_focuses_a_node_and_filters_hide_kinds_and_provinces(base_url, watched):
    load(watched, f"{base_url}/view", base_url)
    watched.page.fill("#search", "nguyễn văn lợi")
    watched.page.click("#search-form button")
    selected = watched.page.evaluate("window.network.getSelectedNodes()")
    assert selected == [node_id(watched, "Nguyen Van Loi")]
    watched.page.uncheck("#kind-filter input[value=campaign]")
    nodes = drawn(watched)
    assert all(n["hidden"] for n in nodes if n["kind"] == "campaign")
    assert not any(n["hidden"] for n in nodes if n["kind"] == "person")
    watched.page.select_option("#province-filter", "Ca Mau Province")
    shown = {n["label"] for n in drawn(watched) if not n["hidden"]}
    assert "Tran Van An" in shown and "Nguyen Van Loi" not in shown


def test_hostile_names_never_run_and_show_literally(base_url, watched):
    load(watched, f"{base_url}/view", base_url)
    person = node_id(watched, HOSTILE)
    person_id = person.rsplit("/", 1)[-1]
    for path in (f"/view/person/{person_id}", "/view/organization/hostile-board", "/view/article/hostile-markup",
                 "/view"):
        load(watched, base_url + path, base_url)
        assert watched.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert watched.page.evaluate("document.querySelectorAll('script').length") == 3
    load(watched, f"{base_url}/view/person/{person_id}", base_url)
    assert watched.page.locator("h1").inner_text() == f"{HOSTILE}: ego network, depth 1"
    text = hover(watched, person)
    assert HOSTILE in text and "</script><script>alert(3)</script>" in text  # literally, in the tooltip
    assert "Headline <script>alert(4)</script>" in text
    board = node_id(watched, HOSTILE_BODY)
    assert HOSTILE_BODY in hover(watched, board)
    assert watched.page.locator("#timeline").inner_text().count(HOSTILE_BODY) == 1
    assert watched.dialogs == [] and watched.errors == []


def test_standalone_file_works_offline(base_url, watched, tmp_path):
    from provkg.api.cli import app  # the `provkg` command itself
    from typer.testing import CliRunner

    store_dir = build_view_store(tmp_path / "kg")
    out = tmp_path / "merges.html"
    result = CliRunner().invoke(app, ["view", "merges", "-o", str(out), "--store", str(store_dir),
                                      "--base-url", base_url])
    assert result.exit_code == 0, result.output
    load(watched, out.as_uri(), "file")
    assert watched.requests == [out.as_uri()]
    assert "Ca Mau Provincial Party Internal Affairs Commission" in labels(watched)
    with watched.page.expect_navigation():  # clicks go to the server named by --base-url
        click(watched, node_id(watched, "Ca Mau Provincial Party Internal Affairs Commission"))
    assert watched.page.url == f"{base_url}/view/organization/{CM}internal-affairs"


def test_static_files_are_a_fixed_list_and_unknown_ids_are_404(base_url):
    assert httpx.get(base_url + "/view/static/vis-network.min.js").headers["content-type"].startswith("text/javascript")
    for bad in ("/view/static/..%2F..%2Frender.py", "/view/static/render.py", "/view/person/nobody-here",
                "/view/organization/nope"):
        assert httpx.get(base_url + bad).status_code == 404, bad
    assert httpx.get(base_url + "/view/person/a%20b").status_code == 422
    r = httpx.get(base_url + "/view")
    assert "script-src 'self'" in r.headers["content-security-policy"]


# --- layout: read back from what the browser drew -----------------------------------------------------------

DRAWN_BOXES = """() => window.network.body.data.nodes.get().filter(n => !n.hidden).map(n => {
  const b = window.network.getBoundingBox(n.id); return {id: n.id, label: n.full, l: b.left, r: b.right,
  t: b.top, b: b.bottom}; })"""

LAID_OUT = ["/view", f"/view/person/{LOI}", f"/view/person/{LOI}?depth=2", f"/view/organization/{BD_COMMITTEE}",
            f"/view/organization/{CM_COMMITTEE}?as_of=2021-06-01", f"/view/organization/{CM}internal-affairs",
            "/view/merges"]


@pytest.mark.parametrize("path", LAID_OUT)
def test_no_two_drawn_label_boxes_overlap(base_url, watched, path):
    """Each node's box as vis-network drew it (shape and label, getBoundingBox) meets no other."""
    load(watched, base_url + path, base_url)
    boxes = watched.page.evaluate(DRAWN_BOXES)
    assert len(boxes) >= 3
    hits = [(a["label"], b["label"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]]
    assert hits == []
    # the server's own estimate was right: the page had nothing to nudge
    assert watched.page.evaluate("window.provkgView.nudged") is False


def test_long_names_are_drawn_whole_on_several_lines(base_url, watched):
    load(watched, f"{base_url}/view/merges", base_url)
    drawn = watched.page.evaluate("window.network.body.data.nodes.get().map(n => [n.full, n.label])")
    name = "Ca Mau Provincial Party Propaganda and Mass Mobilization Commission"
    (label,) = [d for full, d in drawn if full == name]
    assert "…" not in label and label.count("\n") >= 2 and "".join(label.split()).startswith("".join(name.split()))


@pytest.mark.parametrize("path", [f"/view/person/{LOI}", "/view/merges"])
def test_the_view_fills_the_window_and_tooltips_stay_inside_it(base_url, watched, path):
    load(watched, base_url + path, base_url)
    page = watched.page
    size = page.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight,"
                         " document.documentElement.scrollHeight]")
    net = page.locator("#network").bounding_box()
    below = page.evaluate("(() => { const t = document.getElementById('timeline');"
                          " return t ? t.getBoundingClientRect().height : 0; })()")
    assert size[2] <= size[1]  # nothing below the fold: no empty band, no scrolling
    assert abs(net["y"] + net["height"] + below - size[1]) <= 2 and net["width"] >= size[0] - 2
    # hover the node drawn nearest the bottom right corner: its tooltip opens up and left, inside the window
    corner = page.evaluate("""() => { const pos = window.network.getPositions(); let best = null, far = -1e9;
      for (const id in pos) { const d = window.network.canvasToDOM(pos[id]); if (d.x + d.y > far) { far = d.x + d.y;
      best = {id: id, x: d.x, y: d.y}; } } return best; }""")
    page.mouse.move(net["x"] + corner["x"], net["y"] + corner["y"])
    page.locator("#tooltip").wait_for(state="visible", timeout=5_000)
    tip = page.locator("#tooltip").bounding_box()
    assert tip["x"] >= 0 and tip["y"] >= 0 and tip["x"] + tip["width"] <= size[0]
    assert tip["y"] + tip["height"] <= size[1]


# --- screenshots for the README -------------------------------------------------------------------------

SHOTS = [("home", "/"), ("person", f"/people/{LOI}"), ("organization", f"/view/organization/{BD_COMMITTEE}"),
         ("merges", "/view/merges")]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on data/articles alone: the demo corpus `make demo` serves, as the README's pictures show it."""
    from provkg.graph.load import ingest_paths
    from provkg.graph.location import open_store

    store_dir = tmp_path_factory.mktemp("demo") / "store"
    with open_store(store_dir) as store:
        summary = ingest_paths([REPO / "data" / "articles"], store)
        assert summary.failures == [] and summary.articles >= 2
    with serve(store_dir) as base:
        yield base


@pytest.mark.parametrize(("name", "path"), SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshots(demo_url, browser, name, path, tmp_path):
    """The home page, a person's page, a body's chart and the mergers at 1400x900, for the README."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    w = Watched(context.new_page())
    w.page.on("request", lambda r: w.requests.append(r.url))
    w.page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    response = w.page.goto(demo_url + path)
    assert response is not None and response.status == 200
    w.page.wait_for_function("() => !window.provkgView || window.provkgView.stable === true", timeout=30_000)
    assert w.errors == [] and w.foreign(demo_url) == []
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    w.page.screenshot(path=str(target), full_page=False)
    context.close()
    assert target.stat().st_size > 10_000


def test_query_page_links_results_to_views(base_url, watched):
    """The SPARQL page runs a query and links each person in the results to their view."""
    page = watched.page
    assert page.goto(base_url + "/sparql/ui").status == 200
    page.fill("#query", "PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
                        "SELECT ?p WHERE { ?p a foaf:Person ; foaf:name 'Nguyen Van Loi' }")
    page.click("#run")
    link = page.wait_for_selector("a.view-link", timeout=15_000)
    assert link.get_attribute("href") == "/view/person/nguyen-van-loi"
    link.click()
    page.wait_for_function("() => window.provkgView && window.provkgView.stable === true", timeout=30_000)
    assert "Nguyen Van Loi" in page.title()
    assert watched.errors == [] and watched.foreign(base_url) == []
