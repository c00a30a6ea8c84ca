"""Dates printed on pages and dates in running text, and the day an article reports a post on."""

from datetime import date
from pathlib import Path

import pytest
from provkg.ingest.article import Article
from provkg.ingest.dates import find_dates, find_periods, infer_year, numeric_order, parse_printed_date
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths

REF = date(2025, 10, 2)


@pytest.mark.parametrize("line, expected", [
    ("Update: 29-11-2023 | 14:06:05", date(2023, 11, 29)),
    ("Update: 02-01-2020 | 15:51:02", date(2020, 1, 2)),
    ("Updated at 09:35:38 10/21/2020", date(2020, 10, 21)),          # month first, unambiguous
    ("Thursday, 02/10/2025 | 14:37", date(2025, 10, 2)),             # Vietnamese day first
    ("Posted: 01/07/2025 14:20", date(2025, 7, 1)),
    ("Monday, February 3, 2025 14:25", date(2025, 2, 3)),
    ("14:10, 27/01/2026", date(2026, 1, 27)),
    ("2025-03-13T07:42:00+07:00", date(2025, 3, 13)),
    ("Saturday, 26-4-25 13:20:20", None),                            # scrape time, 2-digit year
    ("no date here", None),
])
def test_parse_printed_date(line, expected):
    assert parse_printed_date(line) == expected


def test_parse_printed_date_month_first_when_told():
    assert parse_printed_date("10/08/2020", dayfirst=False) == date(2020, 10, 8)
    assert numeric_order(["Updated at 09:35:38 10/21/2020", "(10/08/2020)"]) is False
    assert numeric_order(["14/10/2020 | Nguyen Trang"]) is True
    assert numeric_order(["02/10/2025"]) is None


def _one(sentence, reference=REF, default_year=None, last_date=None):
    found = find_dates(sentence, reference, default_year, last_date=last_date)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence, text, value", [
    ("On February 11, Binh Duong Provincial Party Committee held", "February 11", date(2025, 2, 11)),
    ("the decision to merge the two boards on February 10, 2025.", "February 10, 2025", date(2025, 2, 10)),
    ("came to a successful close on October 16th, after four days", "October 16th", date(2025, 10, 16)),
    ("Early April 23, provincial Party Committee held", "April 23", date(2025, 4, 23)),
    ("On the afternoon of April 24, the Party Committee", "April 24", date(2025, 4, 24)),
    ("QNO – This morning (October 2), the committee", "This morning (October 2)", date(2025, 10, 2)),
    ("Previously, yesterday afternoon (October 1), the commission",
     "yesterday afternoon (October 1)", date(2025, 10, 1)),
    ("Yesterday afternoon (April 22), Binh Duong", "Yesterday afternoon (April 22)", date(2025, 4, 22)),
    ("The units come into operation from March 1, 2025.", "March 1, 2025", date(2025, 3, 1)),
    ("The new province operates on July 1st.", "July 1st", date(2025, 7, 1)),
    ("voters met yesterday", "yesterday", date(2025, 10, 1)),
    ("the council meets today", "today", date(2025, 10, 2)),
])
def test_find_dates_phrases(sentence, text, value):
    m = _one(sentence)
    assert (m.text, m.value, m.precision) == (text, value, "day")
    assert sentence[m.start:m.end] == m.text


def test_month_precision_and_unambiguous_numeric():
    m = _one("He joined in December 2019.")
    assert (m.value, m.precision) == (date(2019, 12, 1), "month")
    assert _one("signed on 13/3/2025").value == date(2025, 3, 13)
    assert find_dates("signed on 1/3/2025", REF) == []               # day or month first? unknown


def test_year_rollover_uses_previous_year():
    assert _one("On 31 Dec, the council met", date(2020, 1, 2)).value == date(2019, 12, 31)
    assert _one("On 31 Dec, the council met", date(2020, 12, 31)).value == date(2020, 12, 31)


def test_no_reference_uses_default_year_or_none():
    assert _one("On 31 Dec, the council met", None, 2019).value == date(2019, 12, 31)
    assert _one("On 31 Dec, the council met", None, None).value is None
    assert _one("the council met yesterday", None, 2019).value is None
    assert _one("On February 10, 2025", None, None).value == date(2025, 2, 10)


def test_same_day_takes_previous_date():
    same = _one("On the same day, the congress elected", last_date=date(2025, 9, 19))
    assert same.value == date(2025, 9, 19)
    both = find_dates("On September 18 the congress opened and on the same day elected 47 members", REF)
    assert [d.value for d in both] == [date(2025, 9, 18), date(2025, 9, 18)]
    assert _one("On the same day, the congress elected", last_date=None).value is None


def test_infer_year_prefers_latest_full_date_not_end_points():
    assert infer_year(["opened on the morning of September 9, 2020 at the Provincial Cultural House"]) == 2020
    assert infer_year(["a term running from March 1, 2025 to February 28, 2030",
                       "He was born on October 15, 1975"]) == 2025
    assert infer_year(["In September 2019, the family bought an ambulance"]) == 2019
    assert infer_year(["the 2021-2025 period"]) is None


def test_find_periods():
    text = ("period 2021-2025; 2020 - 2025; term 2020-2025; 2016-2021 tenure; "
            "in the period 2021- 2025; April 30, 1975 – April 30, 2025; 2025-2030")
    spans = [(a, b) for a, b, _, _ in find_periods(text)]
    assert spans == [(2021, 2025), (2020, 2025), (2020, 2025), (2016, 2021), (2021, 2025), (2025, 2030)]
    a, b, s, e = find_periods("the 2016-2021 tenure")[0]
    assert "the 2016-2021 tenure"[s:e] == "2016-2021"


# ---------------------------------------------------------------------------------------------
# The day an article reports a post on (Membership.observed)

SEED = Path(__file__).resolve().parents[1] / "data" / "articles" / "bd-2025-02-propaganda-mass-mobilization-commission.txt"


def _observed(facts) -> dict[tuple[str, str], set]:
    out: dict[tuple[str, str], set] = {}
    for m in facts.memberships:
        out.setdefault((facts.people[m.person].name, m.role), set()).add(m.observed)
    return out


def test_posts_of_an_article_without_a_printed_date_are_dated_by_its_text():
    """The seed page prints no date; its text says "On February 11" and, elsewhere, "February 10, 2025"."""
    (article,) = [a for a in read_paths([SEED]) if isinstance(a, Article)]
    assert article.published is None
    facts = extract(article)
    observed = _observed(facts)
    assert observed[("Nguyen Van Loi", "Secretary")] == {date(2025, 2, 11)}
    assert observed[("Nguyen Loc Ha", "Principal")] == {date(2025, 2, 11)}
    assert all(m.observed == date(2025, 2, 11) for m in facts.memberships)


KON_TUM = """
Kon Tum People's Council wraps up its year-end session

On December 9, the Kon Tum Provincial People's Council opened its year-end session. Mr. A Pho, Chairman of the Kon Tum Provincial People's Council, chaired the session.

Speaking at the session, Ms. Y Hrenh, Vice Chairwoman of the Kon Tum Provincial People's Committee, reported on the budget.

The session builds on the mid-year sitting of July 15, 2024, which approved the land price table.

Mr. Dinh Van Tuyen, Director of the Department of Finance, is to present the budget plan next month.
"""


def _article(text: str, published: date | None) -> Article:
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return Article("kt", "test", paras[0], paras[1:], published=published)


def test_a_post_is_dated_by_its_paragraph_its_event_or_the_article():
    facts = extract(_article(KON_TUM, None))
    observed = _observed(facts)
    # the paragraph's own date, its year implied by the full date printed further down
    assert observed[("A Pho", "Chairman")] == {date(2024, 12, 9)}
    # no date in its paragraph: she speaks at the session, which is dated
    assert observed[("Y Hrenh", "Vice Chairman")] == {date(2024, 12, 9)}
    # at no event, in an undated article: the article is written after the latest event it reports
    assert observed[("Dinh Van Tuyen", "Director")] == {date(2024, 12, 9)}


def test_a_post_in_a_dated_article_without_dates_in_its_text_is_dated_by_publication():
    text = KON_TUM.replace("On December 9, the", "The").replace(", 2024, which", ", which")
    facts = extract(_article(text, date(2024, 12, 11)))
    assert not [e for e in facts.events if e.date]
    assert {m.observed for m in facts.memberships} == {date(2024, 12, 11)}


def test_an_article_that_says_no_date_anywhere_dates_no_post():
    text = KON_TUM.replace("On December 9, the", "The").replace(" of July 15, 2024,", ",")
    facts = extract(_article(text, None))
    assert facts.memberships and {m.observed for m in facts.memberships} == {None}


def test_a_weekday_is_the_latest_such_day_on_or_before_publication():
    """News reports what happened: "on Monday" in an article of Tuesday July 1, 2025 is June 30; a weekday
    printed with its date is that date."""
    published = date(2025, 7, 1)
    assert [d.value for d in find_dates("The ceremony was held on Monday.", published)] == [date(2025, 6, 30)]
    assert [d.value for d in find_dates("On Tuesday morning the council met.", published)] == [date(2025, 7, 1)]
    assert [d.value for d in find_dates("on Monday, June 23, the board met", published)] == [date(2025, 6, 23)]
    assert [d.value for d in find_dates("He spoke on Wednesday.", None)] == [None]


def test_a_date_that_starts_an_anniversarys_span_dates_nothing():
    """"(January 1, 1900 - 2025)": 125 years since a founding, not an event on January 1, 1900."""
    mentions = find_dates("125 years since the province was established (January 1, 1900 - 2025).", date(2025, 1, 16))
    assert all(d.value is None or d.value.year == 2025 for d in mentions)
