"""Hostile text costs bounded time: pages past the documented size limits are refused before they are parsed,
and what is under them is extracted (bench/hostile.py measures how long; no timing is asserted here)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from provkg.ingest.article import Article, ReadFailure
from provkg.ingest.pipeline import extract
from provkg.ingest.read import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, MAX_PAGE_TEXT_CHARS, read_paths

WORDS = ("the of and Secretary Deputy Chairman Provincial Party Committee People's Council Nguyen Van Tran merged "
         "into Department Mr. elected appointed on March 1 congress").split()


def _pages(size: int) -> dict[str, str]:
    """Random words, markup and repeated title fragments, each about `size` characters."""
    rng = random.Random(size)
    words = " ".join(rng.choice(WORDS) for _ in range(size // 6))[:size]
    titles = ("Secretary of the Provincial Party Committee, Chairman of the Provincial People's Council, "
              * (size // 90 + 1))[:size]
    markup = "<html><body><article>" + ("<p>Mr. Nguyen Van An, Secretary of the <b>Provincial</b> Party "
                                        "Committee</p>" * (size // 80 + 1)) + "</article></body></html>"
    return {"words.txt": "Headline\n\n" + words, "titles.txt": "Headline\n\n" + titles, "markup.html": markup}


@pytest.mark.parametrize("name", ["words.txt", "titles.txt", "markup.html"])
def test_a_five_mebibyte_page_is_refused_by_the_size_limit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(_pages(MAX_FILE_BYTES - 1024)[name])
    out = list(read_paths([path]))
    assert len(out) == 1 and isinstance(out[0], ReadFailure), out
    assert "too long" in out[0].reason and f"{MAX_PAGE_TEXT_CHARS:,}" in out[0].reason


def test_an_article_past_the_article_limit_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Headline\n\n" + "Mr. Nguyen Van An was elected Chairman of the People's Council.\n\n" * 2000)
    out = list(read_paths([path]))
    assert isinstance(out[0], ReadFailure) and f"{MAX_ARTICLE_CHARS:,}" in out[0].reason


def test_hostile_text_under_the_limits_is_extracted(tmp_path: Path) -> None:
    """Just under the article limit, each kind of hostile text reads and extracts (what it states, where it
    states anything: the repeated appointment is one post)."""
    size = MAX_ARTICLE_CHARS - 2000
    for name, text in _pages(size).items():
        path = tmp_path / name
        path.write_text(text)
        articles = [a for a in read_paths([path]) if isinstance(a, Article)]
        assert len(articles) == 1, name
        facts = extract(articles[0])
        if name == "markup.html":
            assert any(facts.people[m.person].name == "Nguyen Van An" and m.role == "Secretary"
                       for m in facts.memberships)
