"""Property-based: the reader, the extractor and a whole ingest never raise on hostile files.

Hypothesis writes random text, random and deeply nested HTML, huge lines, control characters,
mixed encodings and JSONL records with wrong fields into .txt/.html/.jsonl files. Each must come
out as Articles or as one-line failures naming the file (and the JSONL line), and after an
ingest the store holds exactly the articles reported as ingested: no more, no fewer.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from provkg.graph.load import Failed, Ingested, Skip, ingest_paths
from provkg.graph.location import open_store
from provkg.ingest.article import Article, ReadFailure
from provkg.ingest.pipeline import extract
from provkg.ingest.read import Skipped, read_paths
from pyoxigraph import NamedNode

GRAPH_PREFIX = "https://w3id.org/provkg/graph/article/"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

# A plausible article, so some inputs get past the reader into extraction and the store.
BASE = ("Binh Duong Provincial Party Committee holds conference\n\nUpdate: 14-03-2025 | 08:00:00\n\n"
        "On March 14, Mr. Nguyen Van Loi, Secretary of the Binh Duong Provincial Party Committee, chaired the "
        "conference.\n\nReported by Minh Chau\n")

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)  # control characters and all
controls = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=50)
huge_line = st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "Mr. ", "<", "\u00e1", " ", "Secretary of "]),
                      st.integers(1_000, 5_000))
encodings = st.sampled_from(["utf-8", "latin-1", "cp1258", "utf-16", "utf-32", "cp1252", "shift_jis"])


@st.composite
def mixed_bytes(draw: st.DrawFn) -> bytes:
    """Pieces of text, each in its own encoding, glued together (what a botched scrape looks like)."""
    parts = draw(st.lists(st.tuples(any_text, encodings), min_size=1, max_size=5))
    return b"".join(text.encode(enc, errors="replace") for text, enc in parts)


text_files = st.one_of(
    any_text.map(str.encode),
    st.builds(lambda junk, at: (BASE[:at] + junk + BASE[at:]).encode(), any_text | controls | huge_line,
              st.integers(0, len(BASE))),
    huge_line.map(str.encode),
    mixed_bytes(),
    st.binary(max_size=300),
)

TAGS = ["div", "p", "span", "article", "script", "style", "h1", "table", "td", "a", "b", "iframe", "svg", "template"]


def _element(tag: str, attrs: str, children: list[str]) -> str:
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


attrs = st.sampled_from(["", ' class="content"', ' onload="x()"', " itemprop=datePublished content=2025-01-01",
                         ' id="main" style="x"', " a=' b=\"", ' href="javascript:alert(1)"'])
html_tree = st.recursive(
    any_text | st.sampled_from(["&amp;", "&#0;", "&#x110000;", "<!-- -->", "<![CDATA[x]]>", "&nbsp;", "<br>", "</p>"]),
    lambda kids: st.builds(_element, st.sampled_from(TAGS), attrs, st.lists(kids, max_size=4)),
    max_leaves=30,
)


@st.composite
def html_files(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(0, 3000))
    tag = draw(st.sampled_from(["div", "span", "b", "table"]))
    body = draw(html_tree)
    head = draw(st.sampled_from(["", "<meta charset='cp1258'>", "<meta charset='nonsense'>", "<title>T</title>"]))
    closing = draw(st.booleans())
    html = f"<html><head>{head}</head><body>{f'<{tag}>' * depth}{body}{BASE}{f'</{tag}>' * depth if closing else ''}"
    if draw(st.booleans()):
        return html.encode()
    return html.encode(draw(encodings), errors="replace")


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(any_text, kids, max_size=3),
                           max_leaves=8)
field_names = st.sampled_from(["url", "title", "published", "text", "html", "id", "body", "date", ""]) | any_text


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 3))
        if kind == 0:  # wrong fields and types
            lines.append(json.dumps(draw(st.dictionaries(field_names, json_values, max_size=6))))
        elif kind == 1:  # a good record with one field made hostile
            record = {"url": "https://example.org/a", "title": "T", "published": "2025-03-14", "text": BASE}
            record[draw(st.sampled_from(list(record)))] = draw(json_values)
            lines.append(json.dumps(record))
        elif kind == 2:  # not JSON at all
            lines.append(draw(any_text | huge_line).replace("\n", " "))
        else:
            lines.append(json.dumps({"text": draw(any_text | huge_line), "published": draw(any_text)}))
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


files = st.one_of(text_files.map(lambda b: (".txt", b)), html_files().map(lambda b: (".html", b)),
                  jsonl_files().map(lambda b: (".jsonl", b)))


def _check_items(items: list[object], names: set[str]) -> None:
    """Every item is an Article or a one-line failure that names one of the files."""
    for item in items:
        assert isinstance(item, Article | ReadFailure | Skipped), item
        if isinstance(item, ReadFailure):
            assert item.source.split(":")[0] in names or item.source in names, item
            assert item.reason and "\n" not in item.reason and "Traceback" not in item.reason, item
        elif isinstance(item, Article):
            assert item.source.rsplit(":", 1)[0] in names or item.source in names, item.source


@SETTINGS
@given(st.lists(files, min_size=1, max_size=3))
def test_reader_and_extractor_never_raise(batch: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory(prefix="provkg-fuzz-") as tmp:
        names = set()
        for n, (suffix, data) in enumerate(batch):
            path = Path(tmp) / f"f{n}{suffix}"
            path.write_bytes(data)
            names.add(str(path))
        items = list(read_paths([tmp]))
        _check_items(items, names)
        for item in items:
            if isinstance(item, Article):
                extract(item)  # must not raise


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(files, min_size=1, max_size=5))
def test_ingest_stores_exactly_the_articles_that_succeeded(batch: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory(prefix="provkg-fuzz-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        names = set()
        for n, (suffix, data) in enumerate(batch):
            path = folder / f"f{n}{suffix}"
            path.write_bytes(data)
            names.add(str(path))
        outcomes: list[object] = []
        with open_store(Path(tmp) / "store") as store:
            summary = ingest_paths([folder], store, on_result=outcomes.append)
            stored = {g.value.removeprefix(GRAPH_PREFIX) for g in store.raw.named_graphs()
                      if g.value.startswith(GRAPH_PREFIX)}
            ingested = {o.article_id for o in outcomes if isinstance(o, Ingested)}
            assert stored == ingested
            for aid in ingested:  # each stored article is whole: its node and content hash are there
                assert store.article_hash(aid), aid
                assert store.raw.contains_named_graph(NamedNode(GRAPH_PREFIX + aid))
        assert summary.articles == len(ingested)
        event(f"articles stored: {min(len(ingested), 2)}{'+' if len(ingested) > 2 else ''}")
        for o in outcomes:
            assert isinstance(o, Ingested | Failed | Skip), o
            if isinstance(o, Failed):
                assert o.source.rsplit(":", 1)[0] in names or o.source in names, o
                assert "\n" not in o.reason and "Traceback" not in o.reason, o


def test_cli_names_every_bad_file_and_ingests_the_rest(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(BASE, encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "empty.html").write_bytes(b"")
    (folder / "nested.html").write_text("<div>" * 20_000 + "x" + "</div>" * 20_000)
    (folder / "huge-line.txt").write_text("Mr. Nguyen Van Loi, Secretary of " * 1_000 + "x" * 200_000)
    (folder / "feed.jsonl").write_text(
        json.dumps({"url": "https://example.org/ok", "text": BASE}) + "\n"
        + json.dumps({"text": 5, "title": ["x"]}) + "\n{broken\n" + json.dumps([1, 2]) + "\n", encoding="utf-8")
    result = run_cli("ingest", folder, "--store", tmp_path / "store", timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    for name in ("binary.txt", "empty.html", "feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4"):
        assert any(name in line for line in errors), (name, result.stderr)
    with open_store(tmp_path / "store") as store:
        stored = {g.value.removeprefix(GRAPH_PREFIX) for g in store.raw.named_graphs()
                  if g.value.startswith(GRAPH_PREFIX)}
    reported = int(result.stdout.split(" articles")[0].split()[-1]) if " articles" in result.stdout else None
    assert len(stored) >= 2  # good.txt and the good JSONL line
    if reported is not None:
        assert len(stored) == reported, result.stdout
