"""Dates as printed on Vietnamese provincial news pages and in their running text.

Pure functions, no I/O. Two jobs: reading the page's own date line ("Update: 29-11-2023 |
14:06:05", "Thursday, 02/10/2025 | 14:37") and finding dates in sentences ("On February 11",
"yesterday afternoon (October 1)") so that events can be dated. A date is never guessed:
when the year (or, for relative words, the reference day) is unknown, the value is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# Longest names first so "September" is not read as "Sep" + "tember".
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH2 = _MONTH.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# A date with no year is taken as up to this many days after the reference date; later than
# that, it must be from the year before ("On 31 Dec" in an article of 2 January).
FUTURE_WINDOW = timedelta(days=61)


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a sentence: where it is and the day it stands for (None if unknown)."""

    text: str
    start: int
    end: int
    value: date | None
    precision: str = "day"            # "day", "month" or "year"


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    """A date, or None when the parts do not make one (no year, 31 February...)."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int, dayfirst: bool | None) -> date | None:
    """d/m/y or m/d/y: decided by a part over 12, else by `dayfirst` (None: refuse to guess)."""
    if a > 12 and b <= 12:
        return _safe_date(year, b, a)
    if b > 12 and a <= 12:
        return _safe_date(year, a, b)
    if a == b:
        return _safe_date(year, a, b)
    if dayfirst is None:
        return None
    return _safe_date(year, b, a) if dayfirst else _safe_date(year, a, b)


# ---------------------------------------------------------------------------------------------
# Page date lines

_ISO_RE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[T ]\d|\b)")
_NUM_RE = re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-]"
                     r"(?P<y>(?:19|20)\d\d)(?![\d/])")
_MDY_RE = re.compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I)
_DMY_RE = re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)
# Month names between slashes, dots or dashes, as some page date lines print them: "Oct/29/2025", "29-Oct-2025"
_MON_SEP_RE = re.compile(r"(?<![\w/.-])(?:" + _MONTH + r"[/.-]" + _DAY + r"|" + _DAY2 + r"[/.-]" + _MONTH2
                         + r")[/.-]" + _YEAR + r"\b", re.I)
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")     # in every full date: a cheap test before the patterns


def printed_dates(text: str, dayfirst: bool | None = True) -> list[tuple[int, int, date]]:
    """Every full date (day, month, 4-digit year) printed in `text`, as (start, end, date).

    Numeric dates whose order is ambiguous (02/10/2025) follow `dayfirst`: Vietnamese pages print
    day first, but some English editions print month first (see `numeric_order`).
    """
    found: list[tuple[int, int, date]] = []
    if not _YEAR_DIGITS.search(text):
        return found                          # every pattern needs a 4-digit year
    for m in _ISO_RE.finditer(text):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.end(), d))
    for m in _NUM_RE.finditer(text):
        d = _numeric(int(m["a"]), int(m["b"]), int(m["y"]), dayfirst)
        if d and not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), d))
    for rx in (_MDY_RE, _DMY_RE):
        for m in rx.finditer(text):
            d = _safe_date(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"]))
            if d and not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), d))
    for m in _MON_SEP_RE.finditer(text):
        mon, day = (m["mon"], m["day"]) if m["mon"] else (m["mon2"], m["day2"])
        d = _safe_date(int(m["year"]), MONTHS[mon.lower().rstrip(".")], int(day))
        if d and not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), d))
    return sorted(found)


def parse_printed_date(text: str, dayfirst: bool | None = True) -> date | None:
    """The first full date in a page's date line, or None.

    Two-digit years ("26-4-25", a scrape-time stamp) are not read: a publication date is
    printed with its full year.
    """
    found = printed_dates(text, dayfirst)
    return found[0][2] if found else None


def numeric_order(texts: list[str]) -> bool | None:
    """Whether a page prints numeric dates day first (True), month first (False) or can't tell.

    Decided by the unambiguous ones: "21/10/2020" shows day first, "10/21/2020" month first.
    """
    votes = {True: 0, False: 0}
    for text in texts:
        for m in _NUM_RE.finditer(text):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b:
                votes[True] += 1
            elif b > 12 >= a:
                votes[False] += 1
    if votes[True] == votes[False]:
        return None
    return votes[True] > votes[False]


# ---------------------------------------------------------------------------------------------
# Dates in running text

_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_REL_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last night": -1}
_REL = r"\b(?P<rel>yesterday|today|tomorrow|tonight|last\s+night|this(?=\s+(?:morning|afternoon|evening)))"
_PAREN_MD = r"\s*\(\s*(?:" + _MONTH + r"\s+" + _DAY + r"|" + _DAY2 + r"\s+(?:of\s+)?" + _MONTH2 + r")\s*\)"

_SPAN_TO_YEAR = re.compile(r"\s*[-–—]\s*(?:19|20)\d\d\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SAME_RE = re.compile(r"\b(?:the\s+same\s+day|that\s+same\s+day|that\s+day)\b", re.I)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("rel_paren", re.compile(_REL + _PART + _PAREN_MD, re.I)),
    ("mdy", _MDY_RE),
    ("dmy", _DMY_RE),
    ("num", re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])")),
    ("md", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*%)", re.I)),
    ("dm", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    ("my", re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)),
    ("same", _SAME_RE),
    ("rel", re.compile(_REL + _PART + r"\b", re.I)),
    # "on Monday": the latest such day on or before publication, unless a date follows ("Monday, June 30")
    ("weekday", re.compile(r"\b(?:on\s+)?(?:last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                           r"\b(?!\s*,?\s*(?:\(|\d|" + _MONTH + r"))" + _PART, re.I)),
    ("year", re.compile(r"\b(?:in|since|until|by|during|of|early|late|mid)\s+(?:the\s+year\s+)?"
                        r"(?P<year>(?:19|20)\d\d)\b(?!\s*[-–—]\s*\d)", re.I)),
]
# Kinds whose pattern cannot match without a 4-digit year, or without any digit (a day number):
# a sentence lacking them skips those patterns.
_NEEDS_YEAR = frozenset({"mdy", "dmy", "num", "my", "year"})
_NEEDS_DIGIT = frozenset({"rel_paren", "md", "dm"})
_ANY_DIGIT = re.compile(r"\d")
# Words that are also month names: only a month when a day number sits right beside them.
_WEAK_MONTHS = {"may", "mar", "jun", "jul", "dec", "oct", "nov", "aug", "sep", "jan", "feb", "apr"}


def resolve_year(month: int, day: int, reference: date | None, default_year: int | None) -> date | None:
    """A yearless day: the reference's year, or the year before if that lands over ~2 months later."""
    if reference is not None:
        d = _safe_date(reference.year, month, day)
        if d is not None and d > reference + FUTURE_WINDOW:
            return _safe_date(reference.year - 1, month, day)
        if d is None and (month, day) == (2, 29):
            return _safe_date(reference.year - 1, month, day)
        return d
    return _safe_date(default_year, month, day)


def _value(kind: str, m: re.Match[str], reference: date | None, default_year: int | None,
           last_date: date | None, dayfirst: bool | None) -> tuple[date | None, str]:
    """The date a matched phrase stands for, and its precision."""
    if kind in ("mdy", "dmy"):
        return _safe_date(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"])), "day"
    if kind == "num":
        return _numeric(int(m["a"]), int(m["b"]), int(m["y"]), dayfirst), "day"
    if kind in ("md", "dm"):
        return resolve_year(MONTHS[m["mon"].lower()], int(m["day"]), reference, default_year), "day"
    if kind == "rel_paren":
        mon, day = (m["mon"], m["day"]) if m["mon"] else (m["mon2"], m["day2"])
        return resolve_year(MONTHS[mon.lower()], int(day), reference, default_year), "day"
    if kind == "my":
        return date(int(m["year"]), MONTHS[m["mon"].lower()], 1), "month"
    if kind == "year":
        return date(int(m["year"]), 1, 1), "year"
    if kind == "same":
        return last_date, "day"
    if kind == "weekday":
        if reference is None:
            return None, "day"
        back = (reference.weekday() - _WEEKDAYS.index(m["wd"].lower())) % 7
        return reference - timedelta(days=back), "day"
    rel = " ".join(m["rel"].lower().split())
    if reference is None:
        return None, "day"
    return reference + timedelta(days=_REL_WORDS[rel]), "day"


def find_dates(sentence: str, reference: date | None = None, default_year: int | None = None,
               last_date: date | None = None, dayfirst: bool | None = None) -> list[DateMention]:
    """Date phrases in a sentence, in order, each with the day it stands for or None.

    `reference` is the article's publication date (for "yesterday" and yearless dates);
    `default_year` stands in for a year when there is no reference; `last_date` is the date
    last mentioned before this sentence, which "the same day" refers back to. Numeric dates
    such as 1/3/2025 are read only when unambiguous, unless `dayfirst` says how to read them.
    """
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    has_digit = _ANY_DIGIT.search(sentence) is not None
    has_year = has_digit and _YEAR_DIGITS.search(sentence) is not None
    for kind, rx in _PATTERNS:
        if not has_year and kind in _NEEDS_YEAR or not has_digit and kind in _NEEDS_DIGIT:
            continue
        for m in rx.finditer(sentence):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if kind in ("md", "dm", "my") and m["mon"].lower().rstrip(".") in _WEAK_MONTHS \
                    and m["mon"][0].islower():
                continue                      # "may 5" in lower case is more likely a verb
            if kind == "num" and _numeric(int(m["a"]), int(m["b"]), int(m["y"]), dayfirst) is None:
                continue
            if kind in ("mdy", "dmy", "num") and _SPAN_TO_YEAR.match(sentence, end):
                continue                      # "(January 1, 1900 - 2025)": an anniversary's span, no day

            value, precision = _value(kind, m, reference, default_year, last_date, dayfirst)
            taken.append((start, end))
            out.append(DateMention(m.group(0), start, end, value, precision))
    out.sort(key=lambda d: d.start)
    resolved: list[DateMention] = []
    for mention in out:                       # "the same day" follows the latest date before it
        if _SAME_RE.fullmatch(mention.text):
            prior = next((r.value for r in reversed(resolved) if r.value and r.precision == "day"),
                         last_date)
            mention = DateMention(mention.text, mention.start, mention.end, prior, "day")
        resolved.append(mention)
    return resolved


_ENDPOINT_RE = re.compile(r"(?:\bto|\buntil|\btill|\bthrough|\bby|\bbefore|\bborn(?:\s+on)?|[-–—])\s*$", re.I)


def infer_year(texts: list[str]) -> int | None:
    """The year an undated article most likely comes from, or None.

    Rule: the year of the latest full date (day, month and year) printed in the text, leaving
    out dates that end a span or set a deadline ("to February 28, 2030", "by ...", "until ...")
    and birth dates, since those point away from the time of writing. With no full date, the
    latest "Month YEAR"; with neither, the first year of the latest term it names ("its 1st Congress for the
    2025-2030 term": a sitting that opens a term is held in its first year). Plain years and other periods
    ("2021-2025") are not used.
    """
    full: list[date] = []
    months: list[date] = []
    terms: list[int] = []
    for text in texts:
        for mention in find_dates(text):
            if mention.value is None or mention.precision == "year":
                continue
            if _ENDPOINT_RE.search(text[max(0, mention.start - 12):mention.start]):
                continue
            (full if mention.precision == "day" else months).append(mention.value)
        terms += [a for a, _, _, end in find_periods(text) if _TERM_AFTER.match(text, end)]
    if full:
        return max(full).year
    if months:
        return max(months).year
    return max(terms) if terms else None


_TERM_AFTER = re.compile(r"\s+(?:term|tenure)\b", re.I)


# ---------------------------------------------------------------------------------------------
# Terms and periods

_PERIOD_RE = re.compile(r"(?<![\d/.-])(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)?\d\d)(?![\d/%])")


def find_periods(text: str) -> list[tuple[int, int, int, int]]:
    """Year spans such as "period 2021-2025", "2020 - 2025", "2016-2021 tenure", "2020-25".

    Returns (start_year, end_year, start, end) with the character span of the years; spans
    running backwards or longer than 10 years are not terms and are left out.
    """
    out: list[tuple[int, int, int, int]] = []
    for m in _PERIOD_RE.finditer(text):
        a = int(m["a"])
        b_text = m["b"]
        b = int(b_text) if len(b_text) == 4 else (a // 100) * 100 + int(b_text)
        if a < b <= a + 10:
            out.append((a, b, m.start(), m.end()))
    return out
