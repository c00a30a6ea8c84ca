"""Hostile text: how long reading and extraction take on the worst pages the size limits let through.

    .venv/bin/python bench/hostile.py [--sizes 25000 50000 100000]

For each kind of hostile page (random words from the genre's vocabulary, repeated title fragments, names with
titles, markup), at each size up to the article limit (ingest/read.py MAX_ARTICLE_CHARS), prints the time to
read and to extract it and the extraction cost per character, beside the same figure for the development
corpus's articles (the baseline, measured in the same run). Pages past the limits are refused before parsing;
the last rows show how long that refusal takes for a 5 MiB page. Asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
WORDS = ("the of and Secretary Deputy Chairman Provincial Party Committee People's Council Nguyen Van Tran merged "
         "into Department Mr. elected appointed on March 1 congress").split()


PARAGRAPH = "<p>Mr. Nguyen Van An, Secretary of the <b>Provincial</b> Party Committee</p>"


def pages(size: int) -> dict[str, str]:
    rng = random.Random(size)
    return {
        "random words (.txt)": "Headline\n\n" + " ".join(rng.choice(WORDS) for _ in range(size // 6))[:size],
        "title fragments (.txt)": "Headline\n\n" + ("Secretary of the Provincial Party Committee, Chairman of the "
                                                    "Provincial People's Council, " * (size // 90 + 1))[:size],
        "names and titles (.txt)": "Headline\n\n" + ("Mr. Nguyen Van An, Deputy Secretary of the Provincial Party "
                                                     "Committee; " * (size // 70 + 1))[:size],
        "markup (.html)": "<html><body><article>" + PARAGRAPH * (size // 80 + 1) + "</article></body></html>",
    }


def timed(path: Path) -> tuple[float, float, int, str]:
    from provkg.ingest.article import Article
    from provkg.ingest.pipeline import extract
    from provkg.ingest.read import read_paths
    t = time.process_time()
    items = list(read_paths([path]))
    read = time.process_time() - t
    articles = [a for a in items if isinstance(a, Article)]
    t = time.process_time()
    for a in articles:
        extract(a)
    chars = sum(len(a.headline or "") + sum(len(p) for p in a.paragraphs) for a in articles)
    outcome = "extracted" if articles else getattr(items[0], "reason", "refused")[:60]
    return read, time.process_time() - t, chars, outcome


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[25_000, 50_000, 95_000])
    args = ap.parse_args()
    from provkg.ingest.read import MAX_FILE_BYTES
    print(f"{'page':<28}{'chars':>10}{'read s':>9}{'extract s':>11}{'µs/char':>9}  outcome")
    if DEV.is_dir():
        read = extract_s = chars = 0.0
        for path in sorted(DEV.iterdir()):
            if path.suffix in (".txt", ".html", ".jsonl"):
                r, e, c, _ = timed(path)
                read, extract_s, chars = read + r, extract_s + e, chars + c
        print(f"{'baseline: dev corpus':<28}{int(chars):>10}{read:>9.2f}{extract_s:>11.2f}"
              f"{1e6 * extract_s / max(chars, 1):>9.1f}  extracted")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [*args.sizes, MAX_FILE_BYTES - 1024]:
            for kind, text in pages(size).items():
                path = Path(tmp) / ("page.html" if "html" in kind else "page.txt")
                path.write_text(text)
                r, e, c, outcome = timed(path)
                per_char = f"{1e6 * e / c:>9.1f}" if c else f"{'-':>9}"
                print(f"{kind:<28}{len(text):>10}{r:>9.2f}{e:>11.2f}{per_char}  {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
