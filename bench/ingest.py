"""Ingest benchmark: how fast and how big is ingesting 2,000 articles, next to what reading alone costs.

    .venv/bin/python bench/ingest.py [--articles 2000] [--corpus DIR] [--workers N] [--keep]
    .venv/bin/python bench/ingest.py --profile [--articles 2000] [--corpus DIR]

Builds a corpus from the development corpus (../shared/corpus/dev, or data/articles when that
is absent) copied until it holds N articles, each copy with its own file name and URLs so
article ids differ. Each phase runs in a fresh interpreter so its peak memory is its own:

  import  import provkg and the extractor, nothing else      (memory baseline)
  read    read_paths over the corpus, no extraction           (time baseline)
  extract read_paths, then the extractor on each article, no store  (the extractor's own time)
  ingest  ingest_paths into a fresh embedded store            (the figure measured)
          with --workers N worker processes (default 1: all in-process)

--profile instead ingests once in-process under cProfile and prints where the time goes:
reading, extraction, identity, RDF building, store write, flush, inference refresh.
Prints figures beside their baselines; asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
# a URL with a path: the copy number goes before its extension, so ids derived from URLs differ
URL = re.compile(r"(https?://[^/\s\"'<>]+/[^\s\"'<>?#]*?)(\.html?|\.aspx|\.php)?(?=[\s\"'<>?#\\]|$)")
SKIP_HOSTS = ("w3.org", "schema.org", "xmlns.com", "purl.org")


def article_count(path: Path) -> int:
    """Articles in a source file: one, or one per non-blank line of a JSONL file."""
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return 1


def vary(text: str, copy: int) -> str:
    """Make copy `copy` of an article distinct: its URLs get a -copyNNNN suffix."""
    def bump(match: re.Match[str]) -> str:
        if any(host in match.group(1) for host in SKIP_HOSTS):
            return match.group(0)
        return f"{match.group(1)}-copy{copy:04d}{match.group(2) or ''}"

    return URL.sub(bump, text)


def build_corpus(source: Path, target: Path, wanted: int) -> tuple[int, int]:
    """Copy the source articles round-robin into `target` until it holds `wanted` articles."""
    files = sorted(p for p in source.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.is_file())
    if not files:
        sys.exit(f"no article files in {source}")
    total, copy = 0, 0
    while total < wanted:
        for path in files:
            if total >= wanted:
                break
            text = vary(path.read_text(encoding="utf-8", errors="surrogateescape"), copy)
            out = target / f"{path.stem}-copy{copy:04d}{path.suffix}"
            out.write_text(text, encoding="utf-8", errors="surrogateescape")
            total += article_count(path)
        copy += 1
    return total, len(files)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peak_rss_bytes() -> int:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


# --- phases, each run in its own interpreter --------------------------------------------

def phase_import(_corpus: Path, _store: Path) -> dict[str, float]:
    import provkg.graph.load  # noqa: F401
    import provkg.graph.store  # noqa: F401
    import provkg.ingest.pipeline  # noqa: F401
    import provkg.ingest.read  # noqa: F401

    return {}


def phase_read(corpus: Path, _store: Path) -> dict[str, float]:
    from provkg.ingest.article import Article
    from provkg.ingest.read import read_paths

    start = time.perf_counter()
    items = list(read_paths([corpus]))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": sum(isinstance(i, Article) for i in items),
            "failures": sum(not isinstance(i, Article) and type(i).__name__ != "Skipped" for i in items)}


def phase_extract(corpus: Path, _store: Path) -> dict[str, float]:
    """Reading, then the extractor alone on every article (no RDF, no store): the extractor's own time is this
    phase's minus the read phase's."""
    from provkg.ingest.article import Article
    from provkg.ingest.pipeline import extract
    from provkg.ingest.read import read_paths

    start = time.perf_counter()
    articles = [i for i in read_paths([corpus]) if isinstance(i, Article)]
    read_seconds = time.perf_counter() - start
    for article in articles:
        extract(article)
    return {"seconds": time.perf_counter() - start, "read_seconds": read_seconds, "articles": len(articles)}


def phase_ingest(corpus: Path, store_dir: Path, workers: int = 1) -> dict[str, float]:
    from provkg.graph.load import ingest_paths
    from provkg.graph.location import open_store

    start = time.perf_counter()
    store = open_store(store_dir)
    try:
        summary = ingest_paths([corpus], store, workers=workers)
    finally:
        store.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": summary.articles, "triples": summary.triples,
            "failures": len(summary.failures)}


PHASES = {"import": phase_import, "read": phase_read, "extract": phase_extract, "ingest": phase_ingest}


def run_phase(name: str, corpus: Path, store: Path, workers: int = 1) -> dict[str, float]:
    """Run one phase in a child interpreter and return its figures plus its peak memory (of that process:
    with workers, see bench/scale.py for the whole process tree)."""
    child = subprocess.run([sys.executable, __file__, "--phase", name, "--corpus", str(corpus),
                            "--store", str(store), "--workers", str(workers)], capture_output=True, text=True)
    if child.returncode != 0:
        sys.exit(f"phase {name} failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "n/a"


def ratio(value: float, base: float) -> str:
    return f"{value / base:,.1f}x" if base > 0 else ""


def per_article_ms(seconds: float, articles: float) -> float:
    return 1000 * seconds / articles if articles else 0.0


def report(n_files: int, corpus_bytes: int, store_bytes: int, base: dict, read: dict, ext: dict,
           ing: dict) -> None:
    """Print each figure beside its baseline from this same run."""
    read_rate = rate(read["articles"], read["seconds"])
    read_ms = per_article_ms(ext["read_seconds"], ext["articles"])
    extract_ms = per_article_ms(ext["seconds"] - ext["read_seconds"], ext["articles"])
    memory_base = f"read only {mb(read['maxrss'])}; import only {mb(base['maxrss'])}"
    rows = [
        ("wall time", f"{ing['seconds']:,.2f} s", f"read only {read['seconds']:,.2f} s",
         ratio(ing["seconds"], read["seconds"])),
        ("articles/s", rate(ing["articles"], ing["seconds"]), f"read only {read_rate}", ""),
        ("extraction", f"{extract_ms:,.1f} ms/article", f"reading {read_ms:,.1f} ms/article (one process)",
         ratio(extract_ms, read_ms)),
        ("triples/s", rate(ing["triples"], ing["seconds"]), f"{ing['triples']:,} triples in total", ""),
        ("peak memory", mb(ing["maxrss"]), memory_base, ratio(ing["maxrss"], read["maxrss"])),
        ("store on disk", mb(store_bytes), f"corpus on disk {mb(corpus_bytes)}",
         ratio(store_bytes, corpus_bytes)),
        ("failures", f"{ing['failures']:,}", f"read only {read['failures']:,}", ""),
    ]
    print(f"provkg ingest benchmark: {ing['articles']:,} articles ingested of {read['articles']:,} read "
          f"(from {n_files} source files), Python {sys.version.split()[0]}")
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    header = ("figure", "value", "baseline (same run)", "ratio")
    rows.insert(0, header)
    for name, value, baseline, factor in rows:
        print(f"  {name.ljust(widths[0])}  {value.rjust(widths[1])}  {baseline.ljust(widths[2])}  {factor}")


# (stage, [(file name, function name)]) whose cumulative times make up the stage; a pyoxigraph method is
# ("~", "<method 'NAME' of 'pyoxigraph.Store' objects>"), and for `update` only calls made from graph/store.py
# count as the store write (the inference refresh runs updates of its own).
STAGES = [
    ("reading (read_paths)", [("read.py", "read_paths")]),
    ("extraction (pipeline.extract)", [("pipeline.py", "extract")]),
    ("identity (identify, rows_for, index load)", [("identity.py", "identify"), ("identity.py", "rows_for"),
                                                   ("identity.py", "from_store")]),
    ("RDF building (rdf.article_graph)", [("rdf.py", "article_graph")]),
    ("store write (pyoxigraph extend/update)", [("~", "<method 'extend' of 'pyoxigraph.Store' objects>"),
                                                ("~", "<method 'update' of 'pyoxigraph.Store' objects>")]),
    ("flush (pyoxigraph flush)", [("~", "<method 'flush' of 'pyoxigraph.Store' objects>")]),
    ("inference refresh (tenures)", [("inference.py", "refresh")]),
]


def profile(corpus: Path, store_dir: Path) -> None:
    """Ingest in-process under cProfile; print each stage's cumulative time and share of the total."""
    import cProfile
    import pstats

    from provkg.graph.load import ingest_paths
    from provkg.graph.store import OxigraphStore

    store_dir.mkdir(parents=True, exist_ok=True)
    store = OxigraphStore(store_dir)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    summary = ingest_paths([corpus], store)
    profiler.disable()
    total = time.perf_counter() - start
    store.close()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    print(f"in-process ingest of {summary.articles:,} articles ({summary.triples:,} triples) under cProfile: "
          f"{total:,.1f} s, {summary.articles / total:,.1f} articles/s")
    accounted = 0.0
    for stage, functions in STAGES:
        seconds = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
            if not any(filename.endswith(f) and name == n for f, n in functions):
                continue
            if "'update'" in name:  # only the writes' own updates, not the tenure rebuild's
                cumulative = sum(c[3] for caller, c in callers.items() if caller[0].endswith("store.py"))
            seconds += cumulative
        accounted += seconds
        print(f"  {stage:<44} {seconds:8.1f} s  {seconds / total:6.1%}")
    print(f"  {'other (bookkeeping, hashing, summary)':<44} {total - accounted:8.1f} s  "
          f"{(total - accounted) / total:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the built corpus")
    parser.add_argument("--corpus", type=Path, help="source folder (default: the dev corpus)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus and store")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for the ingest phase")
    parser.add_argument("--profile", action="store_true", help="print where in-process ingest time goes")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        figures = (phase_ingest(args.corpus, args.store, args.workers) if args.phase == "ingest"
                   else PHASES[args.phase](args.corpus, args.store))
        print(json.dumps({**figures, "maxrss": peak_rss_bytes()}))
        return
    source = args.corpus or (DEV if DEV.is_dir() else REPO / "data" / "articles")
    work = Path(tempfile.mkdtemp(prefix="provkg-bench-"))
    try:
        corpus, store = work / "corpus", work / "store"
        corpus.mkdir()
        _, n_files = build_corpus(source, corpus, args.articles)
        print(f"corpus: {args.articles:,} articles from {source} in {corpus}", file=sys.stderr)
        if args.profile:
            profile(corpus, store)
            return
        base, read, ext, ing = (run_phase(p, corpus, store, args.workers)
                                for p in ("import", "read", "extract", "ingest"))
        report(n_files, dir_bytes(corpus), dir_bytes(store), base, read, ext, ing)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
