"""Views benchmark: time to build each view, and time until headless Chromium has a stable network.

    .venv/bin/python bench/views.py [--sizes 500,5000,50000] [--max-nodes 1500] [--no-browser]

1. Store views: data/articles ingested into a temporary store by the real pipeline; for each
   view (all, person, organization, merges, campaign, article) the time to build its HTML,
   beside the time of the projection alone (graph/projections.py, no rendering).
2. Synthetic graphs of 500, 5,000 and 50,000 nodes shaped like the whole graph (bodies in a
   tree, people holding posts, campaigns, events, articles naming people) fed through the same
   renderer: build time beside a baseline, `json.dumps` of the same graph's node-link data.
   Past --max-nodes the renderer samples (the page says so) and lays out in networkx.
3. In headless Chromium (/usr/bin/chromium), the time from navigation start until the page
   reports its network stable (physics off, first frame drawn), beside a baseline: the same
   page with an empty network (loading vis-network and the page itself).
Asserts nothing about timings; compare runs on the same machine only.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median wall time of `repeat` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A whole-graph-shaped projection with about `n` nodes."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph(title=f"synthetic {n:,}", center=None, notes=[])
    counts = {"body": n // 6, "person": n // 2, "campaign": n // 12, "event": n // 12}
    counts["article"] = n - sum(counts.values())
    provinces = [f"Province {i}" for i in range(34)]
    ids: dict[str, list[str]] = {}
    for kind, count in counts.items():
        ids[kind] = [f"https://w3id.org/provkg/id/{kind}/{kind}-{i}" for i in range(count)]
        for i, iri in enumerate(ids[kind]):
            g.add_node(iri, kind=kind, label=f"{kind.title()} {i} of {rnd.choice(provinces)}", ident=f"{kind}-{i}",
                       roles=["Secretary, Body 1"] if kind == "person" else [], dates=["2024-01-01"],
                       province=rnd.choice(provinces), more_sources=0,
                       sources=[{"article": ids.get("article", [iri])[0] if ids.get("article") else iri,
                                 "article_id": "a", "headline": "A headline", "date": "2024-01-01",
                                 "sentence": "Mr. Nguyen Van A, Secretary of the Body, chaired the meeting."}])
    bodies = ids["body"]

    def edge(a: str, b: str, kind: str, label: str) -> None:
        g.add_edge(a, b, kind=kind, label=label, dates=[], sources=[])

    for i, b in enumerate(bodies[1:], 1):
        edge(b, bodies[rnd.randrange(i)], "sub-body", "part of")
    for p in ids["person"]:
        for _ in range(rnd.choice((1, 1, 2, 3))):
            edge(p, rnd.choice(bodies), "holds", rnd.choice(("Secretary", "Deputy Secretary", "Member", "Head")))
    for c in ids["campaign"]:
        edge(rnd.choice(bodies), c, "organises", "organises")
    for e in ids["event"]:
        edge(rnd.choice(bodies), e, "organises", "organised")
        for _ in range(3):
            edge(rnd.choice(ids["person"]), e, "attended", "attended")
    for a in ids["article"]:
        for _ in range(3):
            edge(a, rnd.choice(ids["person"]), "states", "names")
    return g


def store_views() -> None:
    from provkg.api.views import pages
    from provkg.graph.location import open_store
    from provkg.ingest.article import Article
    from provkg.ingest.pipeline import extract
    from provkg.ingest.read import read_paths

    print("\n== views of a store (data/articles; median of 3) ==")
    print(f"{'view':<14}{'HTML (s)':>10}{'projection only (s)':>22}{'nodes':>8}")
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
        for article in read_paths([REPO / "data" / "articles"]):
            if isinstance(article, Article):
                store.write_article(extract(article))
        store.refresh_inferences()
        cases = [("all", None), ("person", "nguyen-van-loi"), ("organization", "binh-duong-provincial-party-committee"),
                 ("merges", None), ("campaign", "award-skillful-mass-mobilization"),
                 ("article", "bd-2025-02-propaganda-mass-mobilization-commission")]
        for kind, ident in cases:
            t_html, _ = timed(lambda k=kind, i=ident: pages.page_html(store, k, i))
            t_proj, g = timed(lambda k=kind, i=ident: pages.projection(store, k, i))
            print(f"{kind:<14}{t_html:>10.3f}{t_proj:>22.3f}{g.number_of_nodes():>8}")


def synthetic_views(sizes: list[int], max_nodes: int, out_dir: Path) -> list[tuple[int, Path]]:
    from provkg.api.views.render import Page, render

    print(f"\n== synthetic graphs through the renderer (max_nodes={max_nodes:,}; median of 3) ==")
    print(f"{'nodes':>8}{'edges':>9}{'view HTML (s)':>15}{'baseline json.dumps (s)':>25}{'ratio':>8}{'drawn':>8}"
          f"{'HTML MB':>9}")
    files = []
    for n in sizes:
        g = synthetic(n)
        t_base, _ = timed(lambda g=g: json.dumps(nx.node_link_data(g, edges="edges")))
        repeat = 1 if n >= 50_000 else 3
        t_view, html = timed(lambda g=g: render(g.copy(), Page(title=g.graph["title"], view="all"),
                                                max_nodes=max_nodes), repeat)
        path = out_dir / f"synthetic-{n}.html"
        path.write_text(html, encoding="utf-8")
        drawn = len(json.loads(html.split('id="provkg-data">', 1)[1].split("</script>", 1)[0])["nodes"])
        print(f"{n:>8,}{g.number_of_edges():>9,}{t_view:>15.3f}{t_base:>25.3f}{t_view / t_base:>8.1f}{drawn:>8,}"
              f"{len(html) / 1e6:>9.2f}")
        files.append((n, path))
    empty = nx.MultiDiGraph(title="empty", center=None, notes=[])
    path = out_dir / "empty.html"
    path.write_text(render(empty, Page(title="empty", view="all")), encoding="utf-8")
    files.append((0, path))
    return files


def browser_times(files: list[tuple[int, Path]], static_dir: Path, repeat: int = 3) -> None:
    """Serve the pages and the views' static files over loopback and time them in Chromium."""
    import http.server
    import shutil
    import threading
    from functools import partial

    from playwright.sync_api import sync_playwright

    root = files[0][1].parent
    (root / "view" / "static").mkdir(parents=True, exist_ok=True)
    for f in static_dir.iterdir():
        shutil.copy(f, root / "view" / "static" / f.name)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base class's name)
            """No access log in the middle of the table."""

    handler = partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print("\n== headless Chromium: navigation start -> network stable (ms; median of 3) ==")
    print(f"{'nodes':>8}{'stable (ms)':>13}{'baseline: empty page (ms)':>28}{'ratio':>8}{'drawn':>8}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

            def measure(path: Path) -> tuple[float, int]:
                samples, drawn = [], 0
                for _ in range(repeat):
                    page = browser.new_page(viewport={"width": 1280, "height": 860})
                    page.goto(f"{base}/{path.name}")
                    page.wait_for_function("() => window.provkgView && window.provkgView.stable", timeout=180_000)
                    samples.append(page.evaluate("window.provkgView.stableAt"))
                    drawn = page.evaluate("window.network.body.data.nodes.length")
                    page.close()
                return statistics.median(samples), drawn

            baseline, _ = measure(files[-1][1])
            for n, path in files[:-1]:
                ms, drawn = measure(path)
                print(f"{n:>8,}{ms:>13.0f}{baseline:>28.0f}{ms / baseline:>8.1f}{drawn:>8,}")
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="500,5000,50000", help="synthetic graph sizes, comma-separated")
    ap.add_argument("--max-nodes", type=int, default=None, help="renderer's sampling threshold (default: its own)")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    args = ap.parse_args()
    from provkg.api.views.layout import DEFAULT_MAX_NODES
    from provkg.api.views.render import STATIC_DIR

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    store_views()
    with tempfile.TemporaryDirectory() as tmp:
        files = synthetic_views(sizes, args.max_nodes or DEFAULT_MAX_NODES, Path(tmp))
        if args.no_browser:
            return
        if not Path(CHROMIUM).exists():
            sys.exit(f"{CHROMIUM} is missing: run `make system-deps`, or pass --no-browser")
        browser_times(files, STATIC_DIR)


if __name__ == "__main__":
    main()
