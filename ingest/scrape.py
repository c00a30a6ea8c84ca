"""Plain-text scrapes of news pages: headline, body, byline, printed date and teasers.

A scrape is the page's text, one block per line, furniture and all: language switchers,
menus, a portal clock, the headline, the date line, the body, the byline, "Other news" and a
footer. This module tells those apart, line by line, with the furniture patterns kept as data
in ontology/furniture.toml. It is also used on HTML pages rendered to lines (see html.py), for
the parts of a page that markup does not label.

What counts as the publication date: the first date line after the headline, or a labelled
one ("Update:", "Updated at", "Posted:") anywhere above the body. An unlabelled date above the
headline is the portal's clock or the scrape time, not the publication date.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from provkg.ingest import gazetteer
from provkg.ingest.article import Teaser
from provkg.ingest.dates import numeric_order, printed_dates
from provkg.ingest.lexicon import names as name_lexicon
from provkg.ingest.scope import is_province_name
from provkg.ingest.text import fold

_DATE_LABEL = re.compile(r"\b(update[ds]?|updated at|posted|published|publish date|date|cập nhật|"
                         r"ngày đăng)\b\s*(at|on)?\s*:?", re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|"
                      r"fri|sat|sun|thứ\s*(hai|ba|tư|năm|sáu|bảy|\d)|chủ nhật|ngày)\b\.?,?", re.I)
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?(\s*\(?gmt\s*[+-]\s*\d+\)?)?",
                   re.I)
_TIME_ZONE = re.compile(r"\(?\b(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?", re.I)
_VIEWS = re.compile(r"\(?\s*views?\s*:\s*[\d.,\s]+\)?", re.I)
_AGENCY_TAG = re.compile(r"\(?[A-Z]{2,6}\)?")
# A source tag or dateline opening the first paragraph, then a dash: "(PTO) - ", "BTO – ", "(AG Provincial
# E-Portal) - ", "(L&D) - ", "BDK.VN - ", "CẦN THƠ — ", "Lai Châu (VNA) – ". Upper-case words or a bracketed
# tag of a few words; a mixed-case opening ("Thai Nguyen - ") may be a name and stays.
_SOURCE_TAG = (r"\([^()\n]{2,40}\)"
               r"|(?:[A-Z][\w\u00C0-\u1EF9]*\s){0,3}\([A-Z][A-Za-z&.]{1,7}\)"
               r"|[A-Z\u00C0-\u1EF8\u0110][A-Z\u00C0-\u1EF8\u0110.&]+(?:\s+[A-Z\u00C0-\u1EF8\u0110][A-Z\u00C0-\u1EF8\u0110.&]*){0,3}")
_AGENCY_PREFIX = re.compile(rf"^(?P<tag>{_SOURCE_TAG})\s*[-–—:]\s+(?=\S)")
_TEASER_DATE = re.compile(r"\s*[(\[]\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})\s*[)\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[»›•·▪►]|[-+]\s)\s*")
_WORD = re.compile(r"[\w\u00C0-\u1EF9'’]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MENU_SEPARATORS = (re.compile(r"\s*\|\s*"), re.compile(r"\s{2,}|\t"))
_CLOCK_REST = re.compile(r"\d+|[|,;:/().\-–—+]|\b(gmt|utc|am|pm)\b", re.I)
_DIGIT = re.compile(r"\d")

_ROLE_PREFIX = re.compile(
    r"^(?P<role>(?:story|text|article|report|words) (?:and|&) photos?(?: by)?|"
    r"reported by|written by|story by|article by|text by|by|story|reporter|reporters|author|"
    r"authors|written|text|translated by|translator|translators|translation|english version|"
    r"photo by|photos by|photo|photos|video|videos|graphic|graphics)\s*:?\s+(?P<names>.+)$", re.I)
_TRANSLATOR_ROLES = {"translated by", "translator", "translators", "translation", "english version"}
_PHOTO_ROLES = {"photo by", "photos by", "photo", "photos", "video", "videos", "graphic", "graphics"}


@dataclass
class Scrape:
    """What a page's text says, before it becomes an Article."""

    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    published: date | None = None
    reporters: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    site: str | None = None
    before_headline: list[str] = field(default_factory=list)   # page chrome above the headline
    trailer: list[str] = field(default_factory=list)           # lines after the body


@dataclass(frozen=True)
class Furniture:
    """Compiled furniture patterns from ontology/furniture.toml."""

    teaser_headings: tuple[re.Pattern[str], ...]
    stop: tuple[re.Pattern[str], ...]
    soft: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    banner_words: tuple[str, ...]
    sign_off: tuple[re.Pattern[str], ...]
    sign_off_suffix: tuple[re.Pattern[str], ...]      # case matters: agency tags are upper case
    credits: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def furniture() -> Furniture:
    """The furniture patterns, read once per process."""
    text = resources.files("provkg.ontology").joinpath("furniture.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)

    def comp(section: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data[section]["patterns"])

    return Furniture(comp("teaser_headings"), comp("stop"), comp("soft"), comp("furniture"),
                     tuple(data["site_banner"]["words"]), comp("sign_off"),
                     tuple(re.compile(p) for p in data["sign_off_suffix"]["patterns"]), comp("credits"))


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.fullmatch(line) for p in patterns)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_vietnamese(line: str) -> bool:
    """A line in Vietnamese rather than English (a notice, a menu of the Vietnamese site)."""
    if line.isascii():
        return False                          # no word is marked
    words = _words(line)
    marked = sum(1 for w in words if _NON_ASCII.search(w))
    if len(words) < 3 or marked / len(words) < 0.4:
        return False
    # an English line that names people and places with their diacritics: "X appointed Director of Điện Biên ..."
    english = sum(1 for w in words if w.lower() in _not_name_words())
    return english == 0 or marked / len(words) >= 0.7


def is_menu(raw: str) -> bool:
    """A row of short links: "Home | Politics | Economy" or "Home  Politics  Economy"."""
    for sep in _MENU_SEPARATORS:
        sizes = [len(_words(p)) for p in sep.split(raw.strip()) if p.strip()]
        if len(sizes) >= 3 and max(sizes) <= 7 and sum(sizes) / len(sizes) <= 3:
            return True
    return False


_CRUMB = re.compile(r"\s+>\s+|\s*[›»]\s*")


def is_breadcrumb(raw: str) -> bool:
    """A trail of section links: "News > Politics > Personnel", "TRADE UNION > Dong Nai Labor Federation"."""
    parts = [p for p in _CRUMB.split(raw.strip()) if p.strip()]
    return 2 <= len(parts) and raw.strip()[:1] not in "»›>" and all(1 <= len(_words(p)) <= 7 for p in parts) \
        and not raw.rstrip().endswith(".")


def is_clock(line: str) -> bool:
    """A bare timestamp ("Saturday, 26-4-25 13:20:20"): a clock or scrape time, nothing to read."""
    if not _DIGIT.search(line):
        return False
    rest = _CLOCK_REST.sub(" ", _TIME.sub(" ", _WEEKDAY.sub(" ", line)))
    return not rest.strip()


def is_banner(line: str) -> bool:
    """A site-name banner: "BINH DUONG ONLINE", "Tuyen Quang Newspaper", "SGGP English Edition"."""
    words = _words(line)
    if len(words) >= 3 and all(w.isupper() and len(w) > 1 for w in words[:3]):
        return True                           # "BINH THUAN PROVINCE PORTAL - Managed by ..."
    if not words or len(words) > 12:
        return False
    caps = sum(1 for w in words if w.isupper() and len(w) > 1)
    if caps >= 2 and caps / len(words) >= 0.5:
        return True
    low = fold(line)
    return len(words) <= 8 and any(re.search(rf"\b{re.escape(fold(w))}\b", low)
                                   for w in furniture().banner_words) and not line.endswith(".")


def is_agency_tag(line: str) -> bool:
    """A news agency's or paper's sign-off such as "BTO", "QNO", "(PTO)", "VNA"."""
    return bool(_AGENCY_TAG.fullmatch(line.strip()))


def is_teaser_heading(line: str) -> bool:
    return _matches(furniture().teaser_headings, line.strip())


# Furniture is short: a line longer than this is article text whatever words it contains.
MAX_FURNITURE_WORDS = 25


def is_stop(line: str) -> bool:
    return len(_words(line)) <= MAX_FURNITURE_WORDS and _matches(furniture().stop, line.strip())


def is_soft(line: str) -> bool:
    return (len(_words(line)) <= MAX_FURNITURE_WORDS and _matches(furniture().soft, line.strip())
            or is_agency_tag(line))


def is_furniture(raw: str) -> bool:
    """Page chrome of any kind (menus, switchers, banners are judged by their position too)."""
    line = raw.strip()
    short = len(_words(line)) <= MAX_FURNITURE_WORDS
    return (short and _matches(furniture().furniture, line) or is_menu(raw) or is_breadcrumb(raw)
            or is_vietnamese(line) or is_soft(line) or is_stop(line) or is_clock(line))


# ---------------------------------------------------------------------------------------------
# Date lines and bylines


def date_line(line: str, dayfirst: bool | None) -> tuple[date, bool, str] | None:
    """(date, labelled, what else the line says) when the line is a date line, else None.

    A date line is mostly a date: "Update: 29-11-2023 | 14:06:05", "EXTERNAT RELATIONS Updated
    at 09:35:38 10/21/2020 (Views: 733)", "14/10/2020 | Nguyen Trang". A sentence that contains
    a date is not one.
    """
    found = printed_dates(line, True if dayfirst is None else dayfirst)
    if not found:
        return None
    start, end, value = found[0]
    rest = line[:start] + " " + line[end:]
    labelled = bool(_DATE_LABEL.search(line[:start]))
    for rx in (_DATE_LABEL, _WEEKDAY, _TIME, _VIEWS, _TIME_ZONE):
        rest = rx.sub(" ", rest)
    rest = " ".join(re.sub(r"[|,;()\[\]–—-]+", " ", rest).split())
    if len(_words(rest)) > 5 or rest.endswith("."):
        return None
    return value, labelled, rest


def _split_names(text: str) -> list[str]:
    """ "A, B and C" -> [A, B, C]; drops trailing punctuation and honorifics."""
    parts = re.split(r"\s*(?:,|;|&|\band\b|/)\s*", text.strip().rstrip("."))
    out = []
    for p in parts:
        p = re.sub(r"^(mr|ms|mrs|dr)\.?\s+", "", p.strip(), flags=re.I).strip(" .-–")
        if p and 1 <= len(p.split()) <= 5:
            out.append(p)
    return out


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """The family names of ontology/names.toml, folded (the one list of surnames)."""
    return frozenset(fold(n) for n in name_lexicon()["surnames"])


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    text = resources.files("provkg.ontology").joinpath("furniture.toml").read_text(encoding="utf-8")
    return frozenset(tomllib.loads(text)["byline"]["not_name_words"])


def is_name(text: str) -> bool:
    """A bare personal name: 2-4 capitalised words, the first a Vietnamese family name."""
    words = text.strip().split()
    if not 2 <= len(words) <= 4 or any(not w[:1].isupper() for w in words):
        return False
    if re.search(r"[^\w\s\u00C0-\u1EF9'-]", text):
        return False
    return fold(words[0]) in _surnames() and not is_province_name(fold(text))   # "Quang Nam" is a province


_SYLLABLE = re.compile(r"[A-Z][a-eg-ik-vxy]{0,6}")


def is_pen_name(text: str, signed: bool = False) -> bool:
    """A name a reporter signs with, family name or not ("Thanh Duy", "Tri Dung"): 2-4 capitalised
    Vietnamese syllables (no f, j, w, z), not a site banner, and not a place unless the line stands where a
    byline is signed (`signed`: alone under the body), where only a province's name is not a name."""
    words = text.strip().split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    plain = [fold(w[:1]).upper() + fold(w[1:]) for w in words]
    if not all(_SYLLABLE.fullmatch(p) for p in plain) or is_banner(text):
        return False
    if signed:
        return not is_province_name(" ".join(plain))
    return not gazetteer.is_place_name(" ".join(plain))


_NAME_JOINS = re.compile(r"\s+[-–—]\s+|\s*[,;/&|]\s*|\s+and\s+")


def signed_names(line: str) -> list[str] | None:
    """The names of a byline printed bare, alone on its line where a byline is signed: "Thu Thuy - Duc Tung",
    "Trung Hieu", "Nguyen Van A, Tran Thi B". None when the line is anything else."""
    line = line.strip()
    if not line or len(line) > 80 or line.endswith((".", ":", "!", "?")):
        return None
    if line.isupper():
        line = line.title()              # "HOAI THU": a signature set in capitals
    parts = [p.strip() for p in _NAME_JOINS.split(line) if p.strip()]
    if not 1 <= len(parts) <= 4 or not all(is_name(p) or is_pen_name(p, signed=True) for p in parts):
        return None
    return parts


def _name_like(text: str) -> bool:
    """What a byline names: 1-5 capitalised words, none an English function word, no sentence punctuation."""
    words = text.split()
    return (1 <= len(words) <= 5 and not re.search(r"[!?:]", text)
            and all(w[:1].isupper() and fold(w) not in _not_name_words() for w in words))


def byline(line: str) -> tuple[list[str], list[str], bool] | None:
    """(reporters, translators, photo_only) when the line is a byline, else None.

    Reads "Reported by X - Translated by Y", "By X", "Story: X", "Reporter: X",
    "Translated by Y", "Photo: Z" (credits a photographer: no reporter), and combinations
    joined by " - ", "|" or ";".
    """
    segments = [s for s in re.split(r"\s*;\s*|\s+[-–]\s+|\s*\|\s*", line.strip()) if s.strip()]
    reporters: list[str] = []
    translators: list[str] = []
    photo = False
    role = None
    for seg in segments:
        m = _ROLE_PREFIX.match(seg.strip())
        if not m and role is not None and date_line(seg.strip(), None):
            continue                      # "By X - Y | 23/08/2024 10:12": the date the byline is signed on
        if not m and role is None:
            return None
        # "By Y Bang - Quang Thai": a name after a dash is signed in the same role as the one before it
        role = " ".join(m["role"].lower().split()) if m else role
        names = _split_names(m["names"] if m else seg)
        if not names or not all(is_name(n) or _name_like(n) for n in names):
            return None
        if role in _PHOTO_ROLES:
            photo = True
        elif role in _TRANSLATOR_ROLES:
            translators += names
        else:
            reporters += names
    if len(line.split()) > 16:
        return None
    return reporters, translators, photo and not reporters and not translators


# ---------------------------------------------------------------------------------------------
# The page


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped by blank lines, raw (internal spacing kept for menu detection)."""
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.strip():
            blocks[-1].append(raw.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _clean(raw: str) -> str:
    return " ".join(raw.replace("\u00a0", " ").split())


def _is_headline(lines: list[str], i: int, dayfirst: bool | None) -> bool:
    """A title-like line: enough words, no final full stop, not chrome; short ones need a date below."""
    line = _clean(lines[i])
    if is_furniture(lines[i]) or is_banner(line) or is_teaser_heading(line) or len(line) > 250:
        return False
    if date_line(line, dayfirst) or byline(line) or line.endswith((".", ":", ",")):
        return False
    n = len(_words(line))
    if n >= 5:
        return True
    nxt = next((_clean(x) for x in lines[i + 1:] if _clean(x) and not is_furniture(x)), "")
    return n >= 2 and date_line(nxt, dayfirst) is not None


def _find_headline(lines: list[str], hint: str | None, dayfirst: bool | None) -> int:
    """Index of the headline line: the hint's line if given and present, else the first title-like line."""
    if hint:
        key = fold(hint)
        for i, raw in enumerate(lines):
            f = fold(_clean(raw))
            if f and (f == key or (len(f) > 20 and (key.startswith(f) or f.startswith(key)))):
                return i
        return -1
    for i in range(len(lines)):
        if _is_headline(lines, i, dayfirst):
            return i
    return -1


def strip_agency_prefix(paragraph: str) -> str:
    """ "BTO – The 14th congress..." -> "The 14th congress..."; also "Lai Châu (VNA) – ...", "(L&D) - ...".
    A dateline that is a place ("CẦN THƠ — ...") stays: it says where the news is from."""
    m = _AGENCY_PREFIX.match(paragraph)
    if m is None:
        return paragraph
    tag = m["tag"]
    if not tag.endswith(")") and gazetteer.is_place_name(" ".join(w.capitalize() for w in fold(tag).split())):
        return paragraph
    return paragraph[m.end():]


def _teaser(title: str, text: str, dayfirst: bool | None) -> Teaser:
    """A teaser from its headline line (maybe "» ..." and "(10/14/2020)") and its snippet."""
    title = _BULLET.sub("", _clean(title))
    published = None
    m = _TEASER_DATE.search(title)
    if m:
        found = printed_dates(m.group(1), True if dayfirst is None else dayfirst)
        published = found[0][2] if found else None
        title = title[:m.start()].rstrip()
    text = strip_agency_prefix(_BULLET.sub("", _clean(text)))
    return Teaser(title, text, published)


def _strong_title(line: str) -> bool:
    return bool(re.match(r"^\s*[»›•▪►]", line) or _TEASER_DATE.search(line))


def teasers_from_blocks(blocks: list[list[str]], dayfirst: bool | None) -> list[Teaser]:
    """Headline+snippet pairs: a block of two lines is one teaser; single lines alternate."""
    out: list[Teaser] = []
    pending: str | None = None
    for block in blocks:
        if len(block) >= 2 and not all(_strong_title(x) for x in block):
            if pending:
                out.append(_teaser(pending, "", dayfirst))
                pending = None
            out.append(_teaser(block[0], " ".join(block[1:]), dayfirst))
            continue
        for line in block:
            if pending is None:
                pending = line
            elif _strong_title(line):
                out.append(_teaser(pending, "", dayfirst))
                pending = line
            else:
                out.append(_teaser(pending, line, dayfirst))
                pending = None
    if pending:
        out.append(_teaser(pending, "", dayfirst))
    return [t for t in out if t.headline]


def _add(names: list[str], new: list[str]) -> None:
    for n in new:
        if n not in names:
            names.append(n)


def parse_scrape(text: str, headline_hint: str | None = None) -> Scrape:
    """Read a page's text into headline, body, date, bylines and teasers (see the module doc)."""
    blocks = _blocks(text)
    flat = [(bi, raw) for bi, b in enumerate(blocks) for raw in b]
    lines = [raw for _, raw in flat]
    order = numeric_order([_clean(x) for x in lines])
    dayfirst = True if order is None else order
    out = Scrape()
    h = _find_headline(lines, headline_hint, dayfirst)
    out.headline = _clean(headline_hint) if headline_hint else (_clean(lines[h]) if h >= 0 else "")
    out.before_headline = [_clean(x) for x in lines[:max(h, 0)]]
    # the site's banner above the headline names the publisher ("BAO CA MAU - CA MAU ONLINE")
    out.site = next((x for x in out.before_headline if is_banner(x)), None)
    for raw in lines[:max(h, 0)]:             # labelled date lines above the headline count
        d = date_line(_clean(raw), dayfirst)
        if d and d[1] and out.published is None:
            out.published = d[0]
    i = _read_header(lines, h + 1, out, dayfirst)
    if out.published is None and h > 0:
        out.published = _date_right_above(lines, h, dayfirst)
    i = _read_body(lines, i, out, dayfirst)
    _read_trailer(flat, i, out, dayfirst)
    return out


_SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
ABOVE_HEADLINE_LINES = 4


def _date_right_above(lines: list[str], h: int, dayfirst: bool | None) -> date | None:
    """The publication date printed just above the headline, with only labels or breadcrumbs between, when
    none is printed under it ("News > Politics", "Friday, 3/10/2025 (GMT+7)", headline). A ticking clock
    (seconds shown) or a date further up the page is the portal's clock, not the article's date."""
    for k in range(h - 1, max(h - 1 - ABOVE_HEADLINE_LINES, -1), -1):
        line = _clean(lines[k])
        if (d := date_line(line, dayfirst)) is not None:
            return None if _SECONDS.search(line) or d[2] else d[0]
        if not (is_breadcrumb(lines[k]) or _is_label(line)):
            return None
    return None


def _read_header(lines: list[str], i: int, out: Scrape, dayfirst: bool | None) -> int:
    """Date line, header byline and chrome between the headline and the body; returns body start."""
    while i < len(lines):
        line = _clean(lines[i])
        d = date_line(line, dayfirst)
        if d:
            if out.published is None:
                out.published = d[0]
            _add(out.reporters, _names_beside_date(line, dayfirst))
        elif (b := byline(line)) is not None:
            _add(out.reporters, b[0])
            _add(out.translators, b[1])
        elif not (is_furniture(lines[i]) or is_banner(line) or _is_label(line)):
            return i
        i += 1
    return i


def _names_beside_date(line: str, dayfirst: bool | None) -> list[str]:
    """The authors a date line also signs: "14/10/2020 | Nguyen Trang", "By X - Y | 23/08/2024 10:12",
    "Nông Hải Yến - Bế Thu Trang 15/10/2020 18:40"."""
    found = printed_dates(line, True if dayfirst is None else dayfirst)
    if not found:
        return []
    rest = line[:found[0][0]] + " | " + line[found[0][1]:]
    for rx in (_DATE_LABEL, _WEEKDAY, _TIME, _VIEWS, _TIME_ZONE):
        rest = rx.sub(" ", rest)
    rest = re.sub(r"(?:\s*[|,;]\s*)+$|^(?:\s*[|,;]\s*)+", "", " ".join(rest.split())).strip()
    if not rest:
        return []
    b = byline(rest)
    return b[0] if b is not None else signed_names(rest) or []


def _is_label(line: str) -> bool:
    """A section label or tag under the headline ("Politics", "Society"): short, no sentence."""
    return len(_words(line)) <= 4 and not line.endswith((".", "!", "?", '"', "”"))


def _read_body(lines: list[str], i: int, out: Scrape, dayfirst: bool | None) -> int:
    """Body paragraphs up to the byline, a teaser heading or the end-of-article chrome."""
    while i < len(lines):
        raw, line = lines[i], _clean(lines[i])
        if is_teaser_heading(line) or is_stop(line):
            break
        b = byline(line)
        if b is not None:
            _add(out.reporters, b[0])
            _add(out.translators, b[1])
            if not b[2]:
                i += 1
                break
        elif out.paragraphs and _is_closing(line):
            i += 1                                       # "Source: ...", "(To be continued)": the article ends
            break
        elif is_soft(line):
            if out.paragraphs and (is_agency_tag(line) or not line.lower().startswith(("photo", "video"))):
                i += 1
                break
        elif is_furniture(raw) and not (out.paragraphs and signed_names(line)):
            pass                                         # (names signed under the body are read below)
        elif not (date_line(line, dayfirst) and len(_words(line)) <= 8):
            out.paragraphs.append(line)
        i += 1
    capitals = signed_names(out.paragraphs[-1]) if len(out.paragraphs) > 1 and out.paragraphs[-1].isupper() else None
    if capitals:                                        # "HOAI THU" right under the body: its author, not a banner
        _add(out.reporters, capitals)
        out.paragraphs.pop()
    out.paragraphs = finish_body(out.paragraphs)
    signed = signed_names(out.paragraphs[-1]) if len(out.paragraphs) > 1 else None
    if signed:
        _add(out.reporters, signed)                      # the authors' names alone under the body
        out.paragraphs.pop()
        out.paragraphs = finish_body(out.paragraphs)
    return i


def _is_closing(line: str) -> bool:
    return len(_words(line)) <= MAX_FURNITURE_WORDS and _matches(furniture().sign_off, line.strip())


def is_sign_off(line: str) -> bool:
    """A line that closes an article: "Source: ...", "(To be continued)", the site's name or address."""
    line = line.strip()
    return _is_closing(line) or is_banner(line) or is_stop(line) or bool(_WEB_ADDRESS.fullmatch(line))


_WEB_ADDRESS = re.compile(r"\(?(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|info)(?:/\S*)?\)?",
                          re.I)


def strip_credits(paragraph: str) -> str:
    """A paragraph without the photo credits in it ("(Photo: X)", "Photo: VNA", "— VNA/VNS Photo", "[Photo]")."""
    for rx in furniture().credits:
        paragraph = rx.sub("", paragraph)
    return paragraph.strip()


def finish_body(paragraphs: list[str]) -> list[str]:
    """The body as stored: source tag off the first paragraph, photo credits off every one, and the sign-offs
    that close it (source lines, "to be continued", the site's name, an agency tag or end mark) off the end."""
    out = [p for p in (strip_credits(p) for p in paragraphs) if p]
    while len(out) > 1 and is_sign_off(out[-1]):
        out.pop()
    if out:
        last = out[-1]
        for rx in furniture().sign_off_suffix:
            last = rx.sub("", last)
        out[-1] = last.strip() or out[-1]
        out[0] = strip_agency_prefix(out[0])
    return out


def _read_trailer(flat: list[tuple[int, str]], i: int, out: Scrape, dayfirst: bool | None) -> None:
    """Teasers after the body, until the footer; bylines met on the way still count."""
    groups: dict[int, list[str]] = {}
    stopped = False
    links: list[int] = []                 # blocks of the current run of short link lines
    for bi, raw in flat[i:]:
        line = _clean(raw)
        out.trailer.append(line)
        if is_teaser_heading(line):
            stopped = False
            continue
        if stopped:
            continue
        b = byline(line)
        if b is not None:
            _add(out.reporters, b[0])
            _add(out.translators, b[1])
            continue
        if is_soft(line) or _is_closing(line):
            continue
        if is_stop(line) or is_furniture(raw) or is_banner(line):
            stopped = True
            continue
        links = links + [bi] if _is_link_line(line) else []
        groups.setdefault(bi, []).append(line)
        if len(links) == LINK_RUN:
            # a list of short links (partners, sections, tags), not headline-and-snippet teasers: it ends them
            for b_run in links:
                groups[b_run].pop()
            stopped, links = True, []
    out.teasers = teasers_from_blocks([g for g in groups.values() if g], dayfirst)


# Teasers are headlines with snippets; a run of this many short lines in a row is a list of links.
LINK_RUN = 3
MAX_LINK_WORDS = 5


def _is_link_line(line: str) -> bool:
    return len(_words(line)) <= MAX_LINK_WORDS and not _strong_title(line) and not line.endswith(".")
