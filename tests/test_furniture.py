"""Page furniture as classes, on pages written here for sites and provinces the corpus does not have.

Each page shows one or more classes of chrome that many sites print (breadcrumbs, account links,
weather widgets, clocks, sign-offs, photo credits, pen names, link lists, layout tables) and
what the article is once they are gone. The last tests check that related-news teasers and
page furniture never yield facts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from provkg.ingest.scrape import (
    byline,
    finish_body,
    is_breadcrumb,
    is_furniture,
    is_pen_name,
    signed_names,
    strip_agency_prefix,
    strip_credits,
)

SEED = Path(__file__).resolve().parents[1] / "data" / "articles" / "bd-2025-02-propaganda-mass-mobilization-commission.txt"


def _read(tmp_path: Path, name: str, text: str) -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (article,) = list(read_paths([path]))
    assert isinstance(article, Article), article
    return article


KON_TUM = """KON TUM NEWSPAPER
Subscribe | Sign up
Friday, 14/03/2025 | Kon Tum 21°C - 29°C
Home | Politics | Economy | Society | Ethnic affairs

Politics › Party building

Kon Tum Provincial Party Committee reviews the first quarter

13/03/2025 16:05

KTO – On the morning of March 13, the Standing Committee of the Kon Tum Provincial Party Committee met to review the tasks of the first quarter and set those of the second.

Mr. A Dao, Deputy Secretary of the Kon Tum Provincial Party Committee, chaired the meeting and asked the departments to speed up public investment.

Mr. A Dao speaks at the meeting. Photo: Hoang Anh

The meeting also agreed on the plan to streamline the district-level Party committees before the second quarter ends./.

Minh Khang

RELATED ARTICLES

Kon Tum farmers expand coffee replanting
The province replanted more than 1,200 hectares of old coffee in 2024.

Ngoc Linh ginseng festival draws visitors
The festival in Tu Mo Rong district welcomed some 30,000 visitors.

Partners

Kon Tum Rubber

Dak To Water

Ngoc Hoi Tea

KON TUM NEWSPAPER - Voice of the Kon Tum Provincial Party Committee
Back to top
"""


def test_chrome_above_the_headline_and_sign_offs_under_the_body(tmp_path):
    a = _read(tmp_path, "kt.txt", KON_TUM)
    assert a.headline == "Kon Tum Provincial Party Committee reviews the first quarter"   # not the clock line
    assert a.published == date(2025, 3, 13)                 # the line under the headline, not the portal clock
    assert a.reporters == ["Minh Khang"]                   # a pen name alone under the body
    assert a.paragraphs[0].startswith("On the morning of March 13")              # "KTO – " dropped
    assert "Mr. A Dao speaks at the meeting." in a.paragraphs                    # caption kept, credit gone
    assert not any("Photo" in p or "Hoang Anh" in p for p in a.paragraphs)
    assert a.paragraphs[-1].endswith("before the second quarter ends.")         # end mark "/." gone
    assert [t.headline for t in a.teasers] == ["Kon Tum farmers expand coffee replanting",
                                               "Ngoc Linh ginseng festival draws visitors"]


CA_MAU = """CA MAU ONLINE
Wednesday, 09/07/2025 | 10:11:12
Tiếng Việt | English

Society › Localities

Tuesday, 8/7/2025 (GMT+7)

Ca Mau opens its first service centre for the merged communes

(CMO) - The Ca Mau Provincial People's Committee on July 8 opened a public administrative service centre in Tan Thanh commune, the first since the communes of the province were merged.

Ms. Lu Thi Hong Nhung, Vice Chairwoman of the Ca Mau Provincial People's Committee, cut the ribbon with leaders of the commune.

Source: Ca Mau Provincial Portal

Mr. Huynh Quoc Viet named Chairman of the Ca Mau Provincial People's Committee
Mr. Huynh Quoc Viet, Deputy Secretary of the Provincial Party Committee, was elected Chairman of the Provincial People's Committee.

Shrimp exports of Ca Mau rise in the first half
Exports reached 600 million USD in six months.

Advertising - Partners

CA MAU ONLINE - Agency of the Ca Mau Provincial Party Committee
"""


def test_a_date_just_above_the_headline_and_teasers_after_a_source_line(tmp_path):
    a = _read(tmp_path, "cm.txt", CA_MAU)
    assert a.headline == "Ca Mau opens its first service centre for the merged communes"
    assert a.published == date(2025, 7, 8)         # under the breadcrumb, above the headline; not the ticking clock
    assert a.paragraphs[0].startswith("The Ca Mau Provincial People's Committee on July 8")
    assert a.paragraphs[-1].startswith("Ms. Lu Thi Hong Nhung")      # "Source: ..." closes the body
    assert [t.headline for t in a.teasers] == [
        "Mr. Huynh Quoc Viet named Chairman of the Ca Mau Provincial People's Committee",
        "Shrimp exports of Ca Mau rise in the first half"]


def test_teasers_and_furniture_yield_no_facts(tmp_path):
    facts = extract(_read(tmp_path, "cm.txt", CA_MAU))
    people = {p.name for p in facts.people.values()}
    assert people == {"Lu Thi Hong Nhung"}                                  # Huynh Quoc Viet is only in a teaser
    posts = {(facts.people[m.person].name, m.role) for m in facts.memberships}
    assert posts == {("Lu Thi Hong Nhung", "Vice Chairman")}
    assert not any("Portal" in b.name or "Newspaper" in b.name for b in facts.bodies.values())


def test_the_seed_article_s_related_news_give_no_people_and_no_posts():
    (article,) = [a for a in read_paths([SEED]) if isinstance(a, Article)]
    assert any("Luong Cuong" in t.headline for t in article.teasers)        # still there, as related links
    facts = extract(article)
    people = {p.name for p in facts.people.values()}
    assert people == {"Nguyen Van Loi", "Nguyen Loc Ha"}                   # not Luong Cuong, not Nguyen Van Loc
    assert "socialist-republic-of-vietnam" not in facts.bodies
    assert not any(facts.people[m.person].name not in people for m in facts.memberships)


TRA_VINH = """TRA VINH NEWSPAPER
Home | Politics | Economy | Society

"Tra Vinh bets on its sea economy" (part 1)

Friday, 16/05/2025 08:30

Mr. Le Van Han, Chairman of the Tra Vinh Provincial People's Committee, talked with our reporter about the plans for the coastal economic zone.

Reporter: Where does the province stand today?

Mr. Han: The coastal economic zone has drawn 40 projects. We want wind power and the deep-water port to lead.

BY THE NUMBERS
- Projects in the zone: 40
- Registered capital: 3 billion USD

Reporter: Thank you very much, Chairman!

(To be continued)

Source: Tra Vinh Newspaper

Other news

"Tra Vinh bets on its sea economy" (part 2)
"""


def test_an_interview_keeps_its_questions_and_fact_box_and_ends_at_to_be_continued(tmp_path):
    a = _read(tmp_path, "tv.txt", TRA_VINH)
    assert a.reporters == [] and a.translators == []          # neither "THE NUMBERS" nor "Thank you ..." is a byline
    assert "BY THE NUMBERS" in a.paragraphs and "- Registered capital: 3 billion USD" in a.paragraphs
    assert a.paragraphs[-1] == "Reporter: Thank you very much, Chairman!"
    assert [t.headline for t in a.teasers] == ['"Tra Vinh bets on its sea economy" (part 2)']


BAC_GIANG = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bac Giang names new Director of Finance - Bac Giang Portal</title>
<meta property="og:site_name" content="Bac Giang Portal"></head>
<body>
<div class="top">Subscribe | Sign in</div>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/economy">Economy</a></nav>
<table class="layout" width="100%"><tr>
 <td class="main">
  <div class="crumbs"><a href="/">Home</a> &raquo; <a href="/politics">Politics</a></div>
  <h1>Bac Giang names new Director of Finance</h1>
  <div class="meta">Tran Hung Wednesday, Oct/29/2025 - 09:12</div>
  <p>(BGP) - On October 28, the Bac Giang Provincial People's Committee held a ceremony to hand over the decision appointing Mr. Than Van Khoa as Director of the Bac Giang Department of Finance.</p>
  <p>Mr. Mai Son, Standing Vice Chairman of the Bac Giang Provincial People's Committee, presented the decision and asked the department to speed up the disbursement of public investment.</p>
  <table class="image-box"><tr><td><img src="/img/khoa.jpg" alt=""></td></tr>
   <tr><td class="image-caption">Mr. Mai Son hands the decision to Mr. Than Van Khoa. Photo: Duc Thuan</td></tr></table>
  <p>Mr. Than Van Khoa, born in 1975, was previously Deputy Director of the department. He pledged to keep the budget on track in the last months of the year.</p>
  <p>The department was formed earlier this year by merging the departments of planning and investment and of finance.</p>
 </td>
 <td class="side">
  <aside><h3>Latest</h3><ul>
   <li><a href="/a1">Luc Ngan lychee growers prepare for the new season</a></li>
   <li><a href="/a2">Bac Giang industrial parks attract new investment</a></li></ul></aside>
 </td>
</tr></table>
<footer><p>BAC GIANG PORTAL - Agency of the Bac Giang Provincial People's Committee</p></footer>
</body></html>
"""


def test_a_layout_table_page_reads_as_paragraphs_with_its_caption_and_slashed_date(tmp_path):
    a = _read(tmp_path, "bg.html", BAC_GIANG)
    assert a.headline == "Bac Giang names new Director of Finance"
    assert a.published == date(2025, 10, 29)                   # "Oct/29/2025" in the byline's date line
    assert a.paragraphs[0].startswith("On October 28, the Bac Giang Provincial People's Committee")
    assert not any(p.startswith("|") or "Photo" in p for p in a.paragraphs)
    assert "Mr. Mai Son hands the decision to Mr. Than Van Khoa." in a.paragraphs
    assert a.paragraphs[-1].startswith("The department was formed earlier this year")
    assert not any("lychee" in p or "Agency of" in p for p in a.paragraphs)
    assert not any("Agency of" in t.headline or "Politics" in t.headline for t in a.teasers)   # footer, nav


@pytest.mark.parametrize("paragraph, expected", [
    ("KTO – The council met.", "The council met."),
    ("(HGO) - The council met.", "The council met."),
    ("(Thua Thien Hue Portal) - The council met.", "The council met."),
    ("(L&D) - The council met.", "The council met."),
    ("BAOQUANGTRI.VN - The council met.", "The council met."),
    ("Ha Giang (VNA) – The council met.", "The council met."),
    ("BINH DINH — The council met.", "BINH DINH — The council met."),    # a place dateline says where
    ("Thai Nguyen - The council met.", "Thai Nguyen - The council met."),  # mixed case: may be a name
])
def test_source_tags_off_the_first_paragraph(paragraph, expected):
    assert strip_agency_prefix(paragraph) == expected


@pytest.mark.parametrize("paragraph, expected", [
    ("Mr. Ha Sy Dong chairs the session. Photo: Quang Tri Portal", "Mr. Ha Sy Dong chairs the session."),
    ("Mr. Ha Sy Dong (Photo: baoquangtri.vn)", "Mr. Ha Sy Dong"),
    ("Delegates vote at the session. — VNA/VNS Photo", "Delegates vote at the session."),
    ("[Photo] Delegates vote at the session.", "Delegates vote at the session."),
    ("The photo exhibition opened on Monday.", "The photo exhibition opened on Monday."),
])
def test_photo_credits_off_captions(paragraph, expected):
    assert strip_credits(paragraph) == expected


def test_sign_offs_close_the_body():
    body = ["The council met on Monday.", "It passed the budget. — TTXVN", "Source: Ninh Binh Portal",
            "Ninh Binh Newspaper", "baoninhbinh.org.vn"]
    assert finish_body(body) == ["The council met on Monday.", "It passed the budget."]
    assert finish_body(["The council met.", "(To be continued)"]) == ["The council met."]


@pytest.mark.parametrize("line, chrome", [
    ("News > Politics > Personnel", True),
    ("TRADE UNION › Binh Phuoc Provincial Labour Federation", True),
    ("Subscribe | Sign in", True),
    ("Log in / Register", True),
    ("Thursday, 27/02/2025 | Vi Thanh 25°C - 33°C", True),
    ("Kon Tum Provincial Party Committee reviews the first quarter", False),
    ("Growth reached 7% > the target set in 2024 by the province.", False),
])
def test_chrome_lines(line, chrome):
    assert is_furniture(line) is chrome


def test_breadcrumbs_are_not_teaser_bullets():
    assert is_breadcrumb("Home » Society") and not is_breadcrumb("» Hau Giang farmers plant rice")


@pytest.mark.parametrize("line, names", [
    ("By Nguyen Thi Lan", (["Nguyen Thi Lan"], [])),
    ("Story: Minh Khang - Translated by Thu Ha", (["Minh Khang"], ["Thu Ha"])),
    ("BY THE NUMBERS", None),
    ("Reporter: Thank you very much, Chairman!", None),
    ("Reporter: What will the province do next?", None),
    ("By Ha Phuong - Dinh Thang | 14/03/2025 09:20", (["Ha Phuong", "Dinh Thang"], [])),
    ("Story and photos: Thanh Hoa", (["Thanh Hoa"], [])),     # the reporter took the photos too
    ("Text & photos by Minh Khang", (["Minh Khang"], [])),
])
def test_bylines_name_people(line, names):
    got = byline(line)
    assert (got[:2] if got else None) == names


@pytest.mark.parametrize("line, pen", [
    ("Minh Khang", True), ("Thanh Duy", True), ("Kon Tum", False), ("Hai Phong News", False),
    ("Ninh Binh Newspaper", False), ("The end", False),
])
def test_pen_names(line, pen):
    assert is_pen_name(line) is pen


@pytest.mark.parametrize("line, names", [
    ("Kim Thoa - Bich Ngoc", ["Kim Thoa", "Bich Ngoc"]),      # pen names that are also communes' names
    ("Tran Quoc Viet", ["Tran Quoc Viet"]),
    ("Hải Đăng – Thu Hà", ["Hải Đăng", "Thu Hà"]),
    ("Quang Nam", None),                                    # a province is no signature
    ("The meeting ended.", None),
    ("Kim Thoa - Bich Ngoc reported from the session hall", None),
])
def test_names_signed_bare_under_the_body(line, names):
    assert signed_names(line) == names


@pytest.mark.parametrize("line, chrome", [
    ("Colonel Phạm Văn Hậu appointed Director of Bình Định Provincial Police", False),
    ("Tiếng Việt | English | Tiếng Khmer", True),
    ("Thời sự Chính trị Kinh tế Xã hội", True),
])
def test_an_english_line_with_names_in_diacritics_is_not_vietnamese_chrome(line, chrome):
    assert is_furniture(line) is chrome


BINH_DINH = """BÁO BÌNH ĐỊNH ĐIỆN TỬ
Tiếng Việt | English
Thứ Sáu, 14/03/2025

Colonel Phạm Văn Hậu appointed Director of Bình Định Provincial Police

14/03/2025 | 10:05

On the morning of March 14, the Ministry of Public Security held a conference in Quy Nhơn to announce the decision.

Colonel Phạm Văn Hậu pledged to keep the province stable and safe.

Kim Thoa - Bich Ngoc

TIN LIÊN QUAN - RELATED NEWS
+ Bình Định police review drug crime work
The force dismantled 30 drug rings, Colonel Lê Văn Tâm said.

XEM NHIỀU - MOST READ
1. Quy Nhơn hosts the coastal festival
"""


def test_a_bilingual_page_reads_its_english_headline_body_and_signed_names(tmp_path):
    a = _read(tmp_path, "bdi.txt", BINH_DINH)
    assert a.headline == "Colonel Phạm Văn Hậu appointed Director of Bình Định Provincial Police"
    assert a.published == date(2025, 3, 14)
    assert a.reporters == ["Kim Thoa", "Bich Ngoc"]
    assert [p[:30] for p in a.paragraphs] == ["On the morning of March 14, th", "Colonel Phạm Văn Hậu pledged t"]
    assert [t.headline for t in a.teasers] == ["Bình Định police review drug crime work"]


def test_markup_in_a_headline_is_no_breadcrumb():
    assert not is_breadcrumb("Ca Mau merges departments <script>alert(1)</script>")
    assert not is_furniture("Ca Mau merges departments <script>alert(1)</script>")
