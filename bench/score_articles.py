"""Score the extractor article by article against the development corpus's gold.

    .venv/bin/python bench/score_articles.py [CORPUS_DIR] [--only NAME ...] [--json OUT] [--details]

Each article is ingested alone into a fresh embedded store, exported as TriG and scored with
../shared/eval/kgscore.py against its own gold file, so one article's figure never depends on
another's facts. Prints one line per article (overall F1 and the key categories) and the
corpus total. With --json the per-article figures are written out, so a first-seen score can
be kept before anyone changes the extractor for that article.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


def _scorer():
    spec = importlib.util.spec_from_file_location("kgscore", SHARED / "eval" / "kgscore.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _score(scorer, trig: Path, gold_dir: Path, details: bool) -> tuple[dict[str, float], str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(trig), str(gold_dir)] + (["--details"] if details else []))
    text = buf.getvalue()
    out: dict[str, float] = {}
    for line in text.splitlines():
        m = re.match(r"(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)$", line)
        if m:
            out[m.group(1)] = float(m.group(5))
        m = re.match(r"overall P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", line)
        if m:
            out["overall"] = float(m.group(3))
    return out, text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "dev"))
    ap.add_argument("--only", nargs="*", default=None, help="article names (stems) or substrings")
    ap.add_argument("--json", default=None, help="write per-article figures here")
    ap.add_argument("--details", action="store_true", help="print the scorer's misses and extras per article")
    args = ap.parse_args(argv)

    from provkg.api.ingest_batch import ingest_paths
    from provkg.graph.export import export
    from provkg.graph.store import open_store

    scorer = _scorer()
    corpus = Path(args.corpus)
    articles = sorted(p for p in corpus.iterdir() if p.suffix in SUFFIXES)
    if args.only:
        articles = [p for p in articles if any(o in p.stem for o in args.only)]
    results: dict[str, dict[str, float]] = {}
    cols = ["overall", "positions", "merges", "campaigns", "events", "organizations", "attendance"]
    print(f"{'article':<60}" + "".join(f"{c[:6]:>8}" for c in cols))
    with tempfile.TemporaryDirectory() as tmp:
        for path in articles:
            # a JSONL feed's articles have gold files NAME-1, NAME-2, ...
            golds = [corpus / f"{path.stem}.gold.json"] + sorted(corpus.glob(f"{path.stem}-*.gold.json"))
            golds = [g for g in golds if g.exists()]
            if not golds:
                continue
            work = Path(tmp) / path.stem
            (work / "gold").mkdir(parents=True)
            for gold in golds:
                (work / "gold" / gold.name).write_bytes(gold.read_bytes())
            store = open_store(":memory:")
            ingest_paths([path], store, workers=1)
            trig = work / "kg.trig"
            with open(trig, "wb") as fh:
                export(store.raw, "trig", fh)
            store.close()
            figures, text = _score(scorer, trig, work / "gold", args.details)
            results[path.stem] = figures
            print(f"{path.stem[:59]:<60}" + "".join(f"{figures.get(c, float('nan')):>8.2f}" for c in cols))
            if args.details:
                print("\n".join("    " + line for line in text.splitlines() if "missed" in line or "extra" in line))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, sort_keys=True))
    mean = sum(r.get("overall", 0) for r in results.values()) / max(1, len(results))
    print(f"mean per-article overall F1 {mean:.3f} over {len(results)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
