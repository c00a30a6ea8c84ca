"""Read article files into Articles: the entry point of ingestion.

`read_paths` walks files and folders (sorted, recursive) and yields, for each input, an
Article, a ReadFailure (one line naming the file, and the line for JSONL, and why) or a
Skipped (a file that is not an article, such as a .gold.json beside the articles). It never
raises for bad input: one bad file or JSONL line costs only itself.

Formats, by extension: .txt (a plain-text scrape of a page, see scrape.py), .html/.htm (see
html.py), .jsonl (one article a line: url, title, published, and text or html; optionally id).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from provkg.ingest.article import Article, ReadFailure
from provkg.ingest.dates import parse_printed_date
from provkg.ingest.html import HtmlArticle, read_html
from provkg.ingest.scrape import parse_scrape
from provkg.ingest.text import slug

# Files larger than this are refused: no news article is anywhere near it, and reading one
# would only cost memory. JSONL files hold many articles: the limit applies to each line.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_JSONL_BYTES = 1024 * 1024 * 1024
# Share of control characters above which a file is taken for binary data.
MAX_CONTROL_SHARE = 0.05
# The longest article text extracted (headline and body, in characters). A news article runs to a few
# thousand words (the development corpus's longest is about 11,000 characters); past this the text is not one
# article, and extraction, linear but at some 10 µs a character on the densest text, would take seconds.
MAX_ARTICLE_CHARS = 100_000
# A page whose text (markup, scripts and styles left out) runs past this is refused before it is parsed:
# twice an article's limit leaves room for menus and teasers, and parsing megabytes of text would be slow.
MAX_PAGE_TEXT_CHARS = 2 * MAX_ARTICLE_CHARS
_SCRIPT_OR_STYLE = re.compile(r"(?is)<(script|style)\b[^>]*>.*?</\1\s*>")
_TAG = re.compile(r"<[^>]*>")

TEXT_EXTENSIONS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass(frozen=True)
class Skipped:
    """A file that is not an article (gold annotations, notes): counted, not a failure."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped ({self.reason})"


Item = Article | ReadFailure | Skipped


def read_paths(paths: Iterable[str | os.PathLike[str]], max_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    """Every article in the given files and folders, in a stable order, ids unique in the batch."""
    seen: set[str] = set()
    for given in paths:
        for item in _read_one_path(given, max_bytes):
            if isinstance(item, Article):
                item.id = _unique(item.id, seen)
            yield item


def _unique(article_id: str, seen: set[str]) -> str:
    """The id, or id-2, id-3... if an earlier article of the batch already took it."""
    candidate, n = article_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{article_id}-{n}"
    seen.add(candidate)
    return candidate


def _read_one_path(given: str | os.PathLike[str], max_bytes: int) -> Iterator[Item]:
    source = os.fspath(given)
    path = Path(source)
    try:
        if path.is_dir():
            for child in _walk(path):
                yield from read_file(child, max_bytes)
            return
        if not path.exists():
            yield ReadFailure(source, "no such file or directory")
            return
    except OSError as exc:
        yield ReadFailure(source, _os_reason(exc))
        return
    yield from read_file(path, max_bytes, source)


def _walk(folder: Path) -> list[Path]:
    """Files under a folder, recursively, sorted by path (hidden files and folders left out)."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / f for f in files if not f.startswith("."))
    return sorted(out)


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES, source: str | None = None) -> Iterator[Item]:
    """The article(s) in one file, or why it has none."""
    source = source or str(path)
    kind = TEXT_EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        yield Skipped(source, f"not an article file ({path.suffix or 'no extension'})")
        return
    limit = MAX_JSONL_BYTES if kind == "jsonl" else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            yield ReadFailure(source, f"file too large ({size} bytes; limit {limit})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(source, _os_reason(exc))
        return
    yield from read_bytes(data, path.name, source, max_bytes)


def read_bytes(data: bytes, name: str, source: str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    """The article(s) in a file's content (an upload, or a file already read): `name` is the file's name, whose
    extension picks the reader and whose stem the ids fall back on; checks as read_file's."""
    suffix, stem = Path(name).suffix.lower(), Path(name).stem
    kind = TEXT_EXTENSIONS.get(suffix)
    if kind is None:
        yield Skipped(source, f"not an article file ({suffix or 'no extension'})")
        return
    limit = MAX_JSONL_BYTES if kind == "jsonl" else max_bytes
    if len(data) > limit:
        yield ReadFailure(source, f"file too large ({len(data)} bytes; limit {limit})")
        return
    if not data.strip():
        yield ReadFailure(source, "empty file")
        return
    if is_binary(data):
        yield ReadFailure(source, "binary file, not text")
        return
    try:
        text = decode(data, html=kind == "html")
    except ValueError as exc:
        yield ReadFailure(source, str(exc))
        return
    if kind == "jsonl":
        items: Iterable[Item] = read_jsonl(text, source, stem, max_bytes)
    elif kind == "html":
        items = [article_from_html(text, source, stem)]
    else:
        items = [article_from_text(text, source, stem)]
    for item in items:
        yield _within_limit(item)


def _visible_chars(html: str) -> int:
    """About how much text a page shows: its characters less scripts, styles and tags (one linear pass)."""
    return len(_TAG.sub("", _SCRIPT_OR_STYLE.sub("", html)))


def _too_long(size: int) -> str:
    return f"page text too long ({size:,} characters; limit {MAX_PAGE_TEXT_CHARS:,}): not one news article"


def _within_limit(item: Item) -> Item:
    """An article whose text is longer than MAX_ARTICLE_CHARS is refused, naming its length and the limit."""
    if isinstance(item, Article):
        size = len(item.headline or "") + sum(len(p) for p in item.paragraphs)
        if size > MAX_ARTICLE_CHARS:
            return ReadFailure(item.source, f"article text too long ({size:,} characters; limit "
                                            f"{MAX_ARTICLE_CHARS:,}): not one news article")
    return item


def is_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KB."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(head), 1) > MAX_CONTROL_SHARE


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode(data: bytes, html: bool = False) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or for HTML the charset
    its <meta> declares. Anything else is refused rather than guessed (ValueError with the reason):
    telling cp1258 from cp1252 from the bytes alone is a guess that garbles Vietnamese names.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("not valid UTF-16 text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if html and (m := _CHARSET_RE.search(data[:4096])):
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared not in ("utf-8", "utf8"):
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
    raise ValueError(f"not UTF-8 text (invalid byte 0x{data[utf8_error.start]:02x} "
                     f"at offset {utf8_error.start})")


def article_from_text(text: str, source: str, stem: str, url: str | None = None,
                      title: str | None = None, published: date | None = None,
                      article_id: str | None = None) -> Article | ReadFailure:
    """An Article from a plain-text scrape (and, for JSONL, the record's own fields)."""
    if len(text) > MAX_PAGE_TEXT_CHARS:
        return ReadFailure(source, _too_long(len(text)))
    s = parse_scrape(text, headline_hint=title)
    if not s.paragraphs:
        return ReadFailure(source, "no article text found")
    return Article(id=article_id or _id_from(url, stem), source=source, headline=s.headline or title or "",
                   paragraphs=s.paragraphs, url=url, published=published or s.published,
                   reporters=s.reporters, translators=s.translators, teasers=s.teasers,
                   site=(urlparse(url).hostname if url else None) or s.site)


def article_from_html(html: str, source: str, stem: str, url: str | None = None,
                      title: str | None = None, published: date | None = None,
                      article_id: str | None = None, id_from_url: bool = False) -> Article | ReadFailure:
    """An Article from an HTML page; the JSONL record's fields, when given, take precedence.

    The id is the file stem for a file; for a JSONL record (`id_from_url`), the URL's last
    segment (the record's url, else the page's canonical URL), else the stem given.
    """
    if len(html) > MAX_PAGE_TEXT_CHARS and (size := _visible_chars(html)) > MAX_PAGE_TEXT_CHARS:
        return ReadFailure(source, _too_long(size))
    try:
        page = read_html(html)
    except Exception as exc:  # a parser crash on one odd page must not stop the batch
        return ReadFailure(source, f"HTML could not be read: {type(exc).__name__}: {exc}".splitlines()[0])
    if not isinstance(page, HtmlArticle):
        return ReadFailure(source, page)
    if not article_id:
        article_id = _id_from(url or page.url, stem) if id_from_url else slug(stem)
    return Article(id=article_id, source=source,
                   headline=title or page.headline, paragraphs=page.paragraphs, url=url or page.url,
                   published=published or page.published, reporters=page.reporters,
                   translators=page.translators, teasers=page.teasers,
                   site=page.site or (urlparse(url).hostname if url else None))


def _id_from(url: str | None, stem: str) -> str:
    """Slug of the URL path's last segment (extension dropped), else of the file stem."""
    if url:
        last = [p for p in urlparse(url).path.split("/") if p]
        if last:
            return slug(re.sub(r"\.[a-z0-9]{2,5}$", "", last[-1], flags=re.I))
    return slug(stem)


# ---------------------------------------------------------------------------------------------
# JSONL

_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "url": (str, type(None)), "title": (str, type(None)), "published": (str, type(None)),
    "text": (str, type(None)), "html": (str, type(None)), "id": (str, int, type(None)),
}


def read_jsonl(text: str, source: str, stem: str, max_line_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    """One Article per line; a bad line is a ReadFailure naming FILE:LINE, the rest still read."""
    any_line = False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        any_line = True
        where = f"{source}:{n}"
        if len(line.encode("utf-8")) > max_line_bytes:
            yield ReadFailure(where, f"line too large (limit {max_line_bytes} bytes)")
            continue
        yield _record(line, where, f"{stem}-{n}")
    if not any_line:
        yield ReadFailure(source, "empty file")


def _record(line: str, where: str, fallback_id: str) -> Article | ReadFailure:
    """One JSONL line as an Article, or the reason it is not one."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(rec, dict):
        return ReadFailure(where, f"not a JSON object (got {type(rec).__name__})")
    problem = _check_fields(rec)
    if problem:
        return ReadFailure(where, problem)
    published = None
    if rec.get("published"):
        published = _parse_published(rec["published"])
        if published is None:
            return ReadFailure(where, f"published is not a date: {rec['published']!r}")
    url, title = rec.get("url") or None, rec.get("title") or None
    rid = slug(str(rec["id"])) if rec.get("id") not in (None, "") else None
    if rec.get("html"):
        return article_from_html(rec["html"], where, fallback_id, url, title, published, rid,
                                 id_from_url=True)
    article_id = rid or _id_from(url, fallback_id)
    return article_from_text(rec["text"], where, fallback_id, url, title, published, article_id)


def _check_fields(rec: dict[str, Any]) -> str | None:
    """Why a record's fields are unusable, or None."""
    for name, types in _FIELD_TYPES.items():
        if name in rec and not isinstance(rec[name], types):
            wanted = " or ".join(t.__name__ for t in types if t is not type(None))
            return f"field {name!r} should be {wanted}, got {type(rec[name]).__name__}"
    if not (rec.get("text") or "").strip() and not (rec.get("html") or "").strip():
        return "no 'text' or 'html' field with content"
    return None


def _parse_published(value: str) -> date | None:
    """An ISO date or datetime (the date as written, in its own time zone), else a printed date."""
    m = re.match(r"^\s*((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return parse_printed_date(value, dayfirst=None)
