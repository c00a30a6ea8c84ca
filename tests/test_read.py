"""Readers: the corpus samples against their gold, other layouts, and every kind of bad input."""

import json
from datetime import date
from pathlib import Path

import pytest
from provkg.ingest.article import Article, ReadFailure
from provkg.ingest.read import MAX_FILE_BYTES, Skipped, read_paths

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
SAMPLES = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".html", ".jsonl"))
needs_corpus = pytest.mark.skipif(not SAMPLES, reason="corpus samples not available")

FURNITURE = ["Share", "Back to top", "Quay lên trên", "Hotline", "Other news", "OTHER NEWS", "Related news",
             "Company ", "Tiếng Việt", "Views:", "Copyright", "©", "Advertising", "Enterprise - Brand",
             "Font size", "Print |", "Most read", "Most viewed", "Tags:", "Reported by", "Translated by",
             "Home |", "Home >", "PORTAL", "Sitemap"]


def read_one(path) -> Article:
    items = list(read_paths([path]))
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def gold(path: Path, record: int | None = None) -> dict:
    """The gold of a file, or of one record of a JSONL feed (`NAME-N.gold.json` for its N-th record)."""
    stem = path.name.rsplit(".", 1)[0] + (f"-{record}" if record is not None else "")
    return json.loads(path.with_name(stem + ".gold.json").read_text())


def articles_with_gold(path: Path) -> list[tuple[Article, dict]]:
    """Each article of a corpus file with its gold: one for a page, one per record for a JSONL feed."""
    items = list(read_paths([path]))
    assert items and all(isinstance(i, Article) for i in items), items
    if len(items) == 1:
        return [(items[0], gold(path))]
    return [(a, gold(path, n)) for n, a in enumerate(items, start=1)]


# ---------------------------------------------------------------------------------------------
# Corpus samples


@needs_corpus
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_corpus_sample_matches_gold(path):
    for article, g in articles_with_gold(path):
        assert (article.published.isoformat() if article.published else None) == g["published"]
        assert article.reporters == g["bylines"]["reporters"]
        assert article.translators == g["bylines"]["translators"]
        assert article.headline and len(article.paragraphs) >= 3
        assert article.source == str(path) or article.source.startswith(str(path) + ":")
        for para in article.paragraphs:
            assert not any(para.startswith(f) or para == f.strip() for f in FURNITURE), para
            assert para.strip() != article.headline
        body = set(article.paragraphs)
        for teaser in article.teasers:
            assert teaser.headline not in body and (not teaser.text or teaser.text not in body)
            assert not any(teaser.headline.startswith(f) for f in FURNITURE), teaser


@needs_corpus
def test_scrape_time_is_not_publication_date():
    a = read_one(CORPUS / "bd-2025-02-propaganda-mass-mobilization-commission.txt")
    assert a.published is None
    assert a.headline.startswith("Provincial Party Committee's Propaganda and Mass Mobilization Commission")
    assert a.paragraphs[0].startswith("On February 11, Binh Duong Provincial Party Committee")
    assert a.paragraphs[-1].startswith("Emphasizing that 2025")
    assert len(a.teasers) == 10 and a.teasers[0].headline.startswith("State President Luong Cuong")
    assert a.teasers[-1].text.startswith("Binh Duong Provincial Military Command")


@needs_corpus
def test_txt_layouts():
    a = read_one(CORPUS / "bd-2020-01-vice-chairman-elected.txt")
    assert a.id == "bd-2020-01-vice-chairman-elected"
    assert a.headline == "Nguyen Thanh Truc elected Vice Chairman of Provincial People's Committee"
    assert [t.headline for t in a.teasers][1] == "Provincial leaders pay Tet visits to policy families"
    assert len(a.teasers) == 4
    bt = read_one(CORPUS / "bt-2020-10-new-secretary-interview.txt")
    assert bt.paragraphs[0].startswith("The 14th Binh Thuan Party Congress")     # "BTO - " dropped
    assert [t.published for t in bt.teasers] == [date(2020, 10, 14), date(2020, 10, 16), date(2020, 10, 8)]
    pt = read_one(CORPUS / "pt-2025-10-peoples-council-new-chairman.txt")      # portal clock above
    assert pt.published == date(2025, 10, 29)
    assert pt.teasers[0].text.startswith("The Department of Home Affairs")     # "(PTO) - " dropped
    tq = read_one(CORPUS / "tq-2025-07-new-province-leadership.txt")
    assert [t.headline for t in tq.teasers] == ["Accelerating the arrangement of administrative units",
                                                "Tuyen Quang collects public opinions on arrangement of "
                                                "administrative units"]
    bd = read_one(CORPUS / "bd-2025-06-embracing-strength-new-journey.txt")  # Vietnamese notice on top
    assert bd.headline == "Embracing strength for the new journey"


@needs_corpus
def test_html_samples():
    bt = read_one(CORPUS / "bt-2021-01-new-provincial-chairman.html")       # portal clock only
    assert bt.published is None and bt.url is None
    assert not any("BINH THUAN PROVINCE PORTAL" in t.headline for t in bt.teasers)
    bd = read_one(CORPUS / "bd-2025-03-ppc-party-committee-restructuring.html")
    assert bd.url.endswith("a343263.html") and bd.site == "Binh Duong Online"
    vl = read_one(CORPUS / "vl-2025-06-new-vinh-long-leadership.html")
    assert vl.paragraphs[0].startswith("On June 30, the Vinh Long Provincial Party Committee")  # the lead
    ls = read_one(CORPUS / "ls-2025-02-six-new-departments.html")
    assert ls.paragraphs[0].startswith("On the afternoon of February 19")
    assert [t.published for t in ls.teasers] == [date(2025, 2, 14), date(2025, 2, 10), date(2025, 2, 18)]
    bd5 = read_one(CORPUS / "bd-2020-05-patriotic-emulation-congress.html")
    assert len(bd5.teasers) == 3 and bd5.teasers[0].published == date(2020, 5, 6)
    assert not any(p.startswith("Other news") or "(06/05/2020)" in p for p in bd5.paragraphs)


@needs_corpus
def test_jsonl_sample():
    a = read_one(CORPUS / "la-2025-05-new-rural-dream-to-reality.jsonl")
    assert a.id == "new-style-rural-area-from-a-dream-to-reality-a197524"
    assert a.source.endswith(".jsonl:1")
    assert a.headline == "New-style rural area – from a dream to reality"
    assert a.paragraphs[0].startswith("With the joint efforts")
    assert a.published is None


@needs_corpus
def test_folder_walk_skips_gold_and_counts():
    items = list(read_paths([CORPUS]))
    kinds = [type(i).__name__ for i in items]
    gold_files = list(CORPUS.glob("*.gold.json"))
    assert kinds.count("Article") == len(gold_files) > len(SAMPLES)     # JSONL feeds hold several articles
    assert kinds.count("ReadFailure") == 0
    assert all(i.source.endswith((".gold.json", ".md")) for i in items if isinstance(i, Skipped))
    ids = [i.id for i in items if isinstance(i, Article)]
    assert len(ids) == len(set(ids))
    assert [str(i.source) for i in items] == sorted(str(i.source) for i in items)


# ---------------------------------------------------------------------------------------------
# Other layouts, written here

BYLINE_ON_TOP = """PROVINCE TODAY ONLINE
Tiếng Việt | English
Home | Politics | Economy | Society

Politics

Provincial Party Committee reviews the first quarter of 2024

By Nguyen Van Minh

Posted: 05/04/2024 08:15

Yesterday morning (April 4), the Provincial Party Standing Committee held a conference.

Le Thi Hoa, Deputy Secretary of the Provincial Party Committee, chaired the conference.

The conference agreed on the tasks for the second quarter.

Related articles

Province launches emulation movement
The movement runs until the end of the year.
"""

AUTHOR_ALONE = """Hamlet builds a new cultural house

Thursday, 12/09/2024 | 10:00

Residents of Tan An hamlet inaugurated a new cultural house this morning (September 12).

The house was built with contributions from residents and local businesses.

It will host meetings of the hamlet and cultural activities for the community.

Tran Thi Mai

Share | Print | Back
"""

STORY_PHOTO = """District holds Party congress for the 2025-2030 term

Update: 20-05-2025 | 09:00:00

The district Party Committee held its congress on May 19.

Delegates elected the Executive Committee of the district Party Committee.

The congress also adopted its resolution for the new term.

Story: Pham Hung - Photo: Vo Tam; Translated by Anna Le

OTHER NEWS

Commune holds election (05/18/2025)
Voters elected the new commune council.
"""


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def test_byline_above_body_and_labelled_date(tmp_path):
    a = read_one(write(tmp_path, "top.txt", BYLINE_ON_TOP))
    assert a.headline == "Provincial Party Committee reviews the first quarter of 2024"
    assert a.reporters == ["Nguyen Van Minh"] and a.translators == []
    assert a.published == date(2024, 4, 5)
    assert a.paragraphs[0].startswith("Yesterday morning (April 4)") and len(a.paragraphs) == 3
    assert [(t.headline, t.text) for t in a.teasers] == [
        ("Province launches emulation movement", "The movement runs until the end of the year.")]


def test_author_name_alone_under_body(tmp_path):
    a = read_one(write(tmp_path, "alone.txt", AUTHOR_ALONE))
    assert a.reporters == ["Tran Thi Mai"]
    assert a.published == date(2024, 9, 12)
    assert a.paragraphs[-1].startswith("It will host")


def test_story_photo_translated_and_month_first_teaser(tmp_path):
    a = read_one(write(tmp_path, "story.txt", STORY_PHOTO))
    assert a.reporters == ["Pham Hung"] and a.translators == ["Anna Le"]       # photographer left out
    assert a.published == date(2025, 5, 20)
    assert a.teasers[0].headline == "Commune holds election" and a.teasers[0].published == date(2025, 5, 18)
    assert len(a.paragraphs) == 3


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Provincial council elects new chairman - Test News</title>
<meta property="og:site_name" content="Test News">
<meta property="article:published_time" content="2024-03-04T20:30:00Z">
<link rel="canonical" href="https://news.example.vn/en/politics/council-elects-chairman-a123.html">
<script type="application/ld+json">
{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hoang Lan"}}</script>
</head><body>
<div class="top"><span class="clock">Monday, 09/09/2024 | 08:00:01</span>
<a href="/">Tiếng Việt</a> | <a>English</a></div>
<article><h1>Provincial council elects new chairman</h1>
<p class="sapo"><b>TNO - On March 4, the Provincial People's Council held a session to elect
its chairman.</b></p>
<div class="content">
<p>The delegates elected Mr. Vo Van Hai, Deputy Secretary of the Provincial Party Committee, as Chairman.</p>
<p>He received the votes of all delegates present at the session held at the provincial hall.</p>
<p>Speaking at the session, the new chairman thanked the delegates for their trust.</p>
<p>Translated by Minh Chau</p>
</div></article>
<div class="related"><h3>Related news</h3><ul>
<li><a href="/a1.html">Council prepares for session</a> (03/01/2024)<br>Delegates discussed the agenda.</li>
</ul></div>
<footer><p>&copy; Test News. All rights reserved.</p><a href="#">Back to top</a></footer>
</body></html>"""


def test_html_markup_metadata(tmp_path):
    a = read_one(write(tmp_path, "page.html", HTML_PAGE))
    assert a.id == "page"
    assert a.headline == "Provincial council elects new chairman"
    assert a.published == date(2024, 3, 5)                # 20:30 UTC is the next morning in Vietnam
    assert a.url == "https://news.example.vn/en/politics/council-elects-chairman-a123.html"
    assert a.site == "Test News"
    assert a.reporters == ["Hoang Lan"] and a.translators == ["Minh Chau"]
    assert a.paragraphs[0].startswith("On March 4, the Provincial People's Council")
    assert not any("Translated by" in p or "Related news" in p or "Back to top" in p for p in a.paragraphs)
    assert [(t.headline, t.published) for t in a.teasers] == [
        ("Council prepares for session", date(2024, 1, 3))]


def test_html_author_line_beside_its_date_and_names_signed_under_the_body(tmp_path):
    page = HTML_PAGE.replace('{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hoang Lan"}}',
                             '{"@type": "NewsArticle"}')
    page = page.replace("</h1>", '</h1><div class="info"><span class="author">Lò Thị Hương - Quàng Minh</span> '
                                 '<span class="time">04/03/2024 18:40</span></div>')
    a = read_one(write(tmp_path, "author.html", page))
    assert a.reporters == ["Lò Thị Hương", "Quàng Minh"]
    under = HTML_PAGE.replace('{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hoang Lan"}}',
                              '{"@type": "NewsArticle"}').replace("<p>Translated by Minh Chau</p>",
                                                                  "<p><strong>Ngoc Diep - Truong Giang</strong></p>")
    b = read_one(write(tmp_path, "under.html", under))
    assert b.reporters == ["Ngoc Diep", "Truong Giang"]
    assert b.paragraphs[-1].startswith("Speaking at the session")


def test_html_captions_of_the_bodys_photos_are_read_after_the_body(tmp_path):
    """A caption of a photo inside the article (trafilatura leaves captions out) is read, its credit off, after
    the body; the caption of a photo in a sidebar, outside the block of the paragraph before it, is not."""
    page = HTML_PAGE.replace(
        "<p>He received the votes",
        "<figure><img src='a.jpg' alt='x'><figcaption>Provincial Party Secretary Tran Duc Thang presents flowers to "
        "Mr. Vo Van Hai. Photo: Hoang Lan</figcaption></figure><p>He received the votes").replace(
        "<p>Translated by Minh Chau</p>",
        "</div><aside><figure><img src='b.jpg'><figcaption>Leaders of another province visit a factory in "
        "the north</figcaption></figure></aside><div><p>Translated by Minh Chau</p>")
    a = read_one(write(tmp_path, "captions.html", page))
    assert a.paragraphs[-1] == "Provincial Party Secretary Tran Duc Thang presents flowers to Mr. Vo Van Hai."
    assert a.paragraphs[0].startswith("On March 4") and a.paragraphs[-2].startswith("Speaking at the session")
    assert not any("factory" in p or "Photo:" in p for p in a.paragraphs)


def test_html_without_markup_date_uses_line_under_headline(tmp_path):
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2024-03-04T20:30:00Z">', "")
    page = page.replace("</h1>", "</h1><div class='meta'>04/03/2024 | 16:00</div>")
    assert read_one(write(tmp_path, "page.htm", page)).published == date(2024, 3, 4)
    no_date = HTML_PAGE.replace('<meta property="article:published_time" content="2024-03-04T20:30:00Z">', "")
    assert read_one(write(tmp_path, "clock.html", no_date)).published is None   # the clock is not a date


# ---------------------------------------------------------------------------------------------
# Bad input: one-line failures naming the file, never an exception


def only_failure(path) -> ReadFailure:
    items = list(read_paths([path]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure), items
    assert "\n" not in str(items[0])
    return items[0]


def test_missing_path():
    f = only_failure("/no/such/dir/article.txt")
    assert f.source == "/no/such/dir/article.txt" and f.reason == "no such file or directory"


def test_empty_and_blank_files(tmp_path):
    assert only_failure(write(tmp_path, "empty.txt", "")).reason == "empty file"
    assert only_failure(write(tmp_path, "blank.html", "  \n\n ")).reason == "empty file"
    assert only_failure(write(tmp_path, "blank.jsonl", "\n\n")).reason == "empty file"


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    f = only_failure(write(tmp_path, "image.txt", png))
    assert "binary" in f.reason and f.source.endswith("image.txt")


def test_not_utf8(tmp_path):
    text = AUTHOR_ALONE.replace("cultural house", "café")          # é as one cp1252 byte, 0xe9
    f = only_failure(write(tmp_path, "latin.txt", text, encoding="cp1252"))
    assert f.reason.startswith("not UTF-8")


def test_html_declared_charset_is_honoured(tmp_path):
    page = HTML_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Tiếng Việt", "Vietnamese").replace("provincial hall", "provincial hall (café)")
    a = read_one(write(tmp_path, "cp.html", page, encoding="cp1252"))
    assert "(café)" in a.text


def test_utf8_bom_is_fine(tmp_path):
    a = read_one(write(tmp_path, "bom.txt", "\ufeff" + AUTHOR_ALONE))
    assert a.headline == "Hamlet builds a new cultural house"


def test_huge_file(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes(AUTHOR_ALONE.encode() + b"x" * (MAX_FILE_BYTES + 1))
    assert "too large" in only_failure(p).reason
    small = list(read_paths([write(tmp_path, "ok.txt", AUTHOR_ALONE)], max_bytes=100))
    assert isinstance(small[0], ReadFailure) and "too large" in small[0].reason


def test_html_without_article(tmp_path):
    page = "<html><head><title>Home</title></head><body><nav><a>Home</a> | <a>News</a></nav></body></html>"
    f = only_failure(write(tmp_path, "nav.html", page))
    assert f.reason == "no article text found in HTML"


def test_txt_without_article(tmp_path):
    chrome = "Tiếng Việt | English\nHome | News | Politics\nBack to top\n"
    f = only_failure(write(tmp_path, "chrome.txt", chrome))
    assert "no article text" in f.reason


def test_jsonl_bad_lines_fail_alone(tmp_path):
    good = {"url": "https://example.vn/en/council-meets-a1.html", "title": "Council meets",
            "published": "2024-05-02",
            "text": "Council meets\n\nThe council met on May 2 to review its work."}
    lines = [json.dumps(good),
             "{not json",
             json.dumps(["a", "list"]),
             json.dumps({"title": "No body"}),
             json.dumps({"title": 5, "text": "Some text here for the article body."}),
             json.dumps({"published": "someday", "text": "Some text here for the article body."}),
             "",
             json.dumps({"title": "Second",
                         "text": "Second\n\nA second article body with enough words in it.",
                         "published": "2024-05-03T10:00:00+07:00"}),
             json.dumps({"html": HTML_PAGE})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines))
    items = list(read_paths([p]))
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert [a.headline for a in arts] == ["Council meets", "Second", "Provincial council elects new chairman"]
    assert arts[0].id == "council-meets-a1" and arts[0].published == date(2024, 5, 2)
    assert arts[1].id == "batch-8" and arts[1].source == f"{p}:8" and arts[1].published == date(2024, 5, 3)
    assert arts[2].url.endswith("a123.html") and arts[2].id == "council-elects-chairman-a123"
    assert [f.source for f in fails] == [f"{p}:{n}" for n in (2, 3, 4, 5, 6)]
    reasons = [f.reason for f in fails]
    assert reasons[0].startswith("invalid JSON") and reasons[1].startswith("not a JSON object")
    assert "text" in reasons[2] and "'title'" in reasons[3] and "published" in reasons[4]


def test_folder_with_other_files_and_duplicate_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", "same.txt", AUTHOR_ALONE)
    write(tmp_path / "b", "same.txt", AUTHOR_ALONE)
    write(tmp_path / "a", "same.gold.json", "{}")
    write(tmp_path / "a", "notes.md", "# notes")
    write(tmp_path / "b", "empty.txt", "")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    arts = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in arts] == ["same", "same-2"]
    skipped = [i.reason.split(" (")[0] for i in items if isinstance(i, Skipped)]
    assert skipped == ["not an article file"] * 2
    failed = [f.reason for f in items if isinstance(f, ReadFailure)]
    assert failed == ["empty file", "no such file or directory"]


def test_a_txt_scrapes_banner_is_its_site_and_names_its_province(tmp_path):
    """The site banner above the headline ("BAO HA NAM - HA NAM ONLINE") is the publisher: it decides the
    article's province even when the body names another one more often (a transfer to another province)."""
    from provkg.ingest.pipeline import extract

    page = """BAO HA NAM - HA NAM ONLINE
Home | Politics | Society

Provincial People's Council elects new Vice Chairman

Update: 10/12/2024 | 16:40

On December 10, the Provincial People's Council held its thematic session on personnel work.

The council relieved Mr. Tran Van Son of his duty as a deputy, since he has been transferred to Ninh Binh
province, where he is Deputy Director of the Ninh Binh Department of Finance.

The deputies elected Mr. Le Van Hung, Director of the Department of Construction, as Vice Chairman of the
Provincial People's Committee.
"""
    article = read_one(write(tmp_path, "banner.txt", page))
    assert article.site == "BAO HA NAM - HA NAM ONLINE"
    facts = extract(article)
    posts = {(facts.people[m.person].name, m.role, facts.bodies[m.body].name) for m in facts.memberships}
    assert ("Le Van Hung", "Vice Chairman", "Ha Nam Provincial People's Committee") in posts
    assert ("Tran Van Son", "Deputy Director", "Ninh Binh Department of Finance") in posts


def test_a_signature_in_capitals_right_under_the_body_is_its_author(tmp_path):
    """'HOAI THU' alone right after the last paragraph signs the article (a two-word line in capitals is
    otherwise read as a site banner)."""
    page = HTML_PAGE.replace("<p>Translated by Minh Chau</p>", "<p>HOAI THU</p>")
    article = read_one(write(tmp_path, "capitals.html", page))
    assert "Hoai Thu" in article.reporters
    assert article.paragraphs[-1].startswith("Speaking at the session")
