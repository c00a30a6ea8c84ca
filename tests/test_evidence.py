"""Evidence a user can check: every fact's sentence is a verbatim piece of the stored article text.

The property is checked on every fact of the development corpus, on articles written here with
diacritics in every Unicode form, and on random text (hypothesis).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provkg.ingest.anchor import ArticleText, anchor_evidence
from provkg.ingest.article import Article
from provkg.ingest.facts import ArticleFacts, Evidence, Membership, Person
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths
from provkg.ingest.segment import segment
from provkg.ingest.text import strip_diacritics, strip_diacritics_mapped

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
DEV = sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".html", ".jsonl"))


def _evidence(facts: ArticleFacts) -> list[tuple[str, Evidence]]:
    holders = [*facts.people.values(), *facts.places.values(), *facts.bodies.values(), *facts.memberships,
               *facts.merges, *facts.campaigns, *facts.events]
    return [(type(h).__name__, h.evidence) for h in holders if h.evidence is not None]


def _check(article: Article, facts: ArticleFacts) -> int:
    """Every evidence sentence is stored_text[start:end], and is the sentence extraction read (diacritics
    aside); returns how many were checked."""
    stored = article.stored_text
    checked = 0
    for kind, ev in _evidence(facts):
        assert ev.start is not None and ev.end is not None, (article.id, kind, ev)
        assert 0 <= ev.start < ev.end <= len(stored), (article.id, kind, ev)
        assert stored[ev.start:ev.end] == ev.sentence, (article.id, kind, ev)
        assert ev.sentence.strip() == ev.sentence and ev.sentence
        checked += 1
    return checked


@pytest.mark.skipif(not DEV, reason="development corpus not available")
def test_every_fact_of_the_development_corpus_has_its_sentence_verbatim_with_offsets():
    articles = [a for a in read_paths(DEV) if isinstance(a, Article)]
    assert len(articles) >= 70
    checked = sum(_check(a, extract(a)) for a in articles)
    assert checked > 1500           # the corpus states well over a thousand facts, each with a sentence


def _article(headline: str, paragraphs: list[str], published: date | None = date(2025, 4, 2)) -> Article:
    return Article("t", "test", headline, paragraphs, published=published)


QUANG_TRI = [
    "Ông Lê Quang Tùng, Bí thư Tỉnh ủy – Mr. Le Quang Tung, Secretary of the Quang Tri Provincial Party "
    "Committee, chaired the meeting.",
    "On April 1, Mr. Hồ Đức Thịnh, Vice Chairman of the Quang Tri Provincial People's Committee, "
    "received the decision. Mr. Đoàn Văn Lục was appointed Director of the Quang Tri Department of Finance.",
]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_sentences_with_diacritics_are_given_as_printed_in_either_unicode_form(form):
    paragraphs = [unicodedata.normalize(form, p) for p in QUANG_TRI]
    article = _article(unicodedata.normalize(form, "Quảng Trị names a new Director of Finance"), paragraphs)
    facts = extract(article)
    assert _check(article, facts) >= 4
    printed = {m.evidence.sentence for m in facts.memberships}
    appointed = unicodedata.normalize(form, "Mr. Đoàn Văn Lục was appointed Director of the Quang Tri "
                                            "Department of Finance.")
    assert appointed in printed                            # the sentence as printed, diacritics and all
    people = {p.name for p in facts.people.values()}
    assert {"Doan Van Luc", "Ho Duc Thinh"} <= people       # what extraction read: stripped


def test_headline_facts_point_into_the_headline_of_the_stored_text():
    article = _article("Mr. Nguyễn Hữu Phước elected Chairman of Ninh Thuan Provincial People's Council",
                       ["The council voted on Tuesday. He thanked the delegates."])
    facts = extract(article)
    (post,) = [m for m in facts.memberships if m.role == "Chairman"]
    assert post.evidence.section == "headline"
    assert (post.evidence.start, post.evidence.end) == (0, len(article.headline))
    assert article.stored_text.startswith(article.headline + "\n\nThe council voted")


def test_a_fact_read_twice_points_at_the_first_sentence_and_unknown_sentences_stay_unanchored():
    article = _article("Bac Ninh", ["Mr. Vu Van Minh spoke. Mr. Vu Van Minh spoke.", "Other text."])
    facts = ArticleFacts(article)
    facts.people["vu van minh"] = Person("vu van minh", "Vu Van Minh", evidence=Evidence("Mr. Vu Van Minh spoke."))
    facts.memberships.append(Membership("vu van minh", "Member", "x", evidence=Evidence("Not in the article.")))
    read = ArticleText(article)
    anchor_evidence(facts, read, segment([read.headline], "headline") + segment(read.paragraphs, "body", 1))
    ev = facts.people["vu van minh"].evidence
    assert (ev.start, ev.end) == (len("Bac Ninh\n\n"), len("Bac Ninh\n\nMr. Vu Van Minh spoke."))
    assert facts.memberships[0].evidence == Evidence("Not in the article.")


def test_mapped_stripping_is_stripping():
    for text in ["Nguyễn Văn Lợi", unicodedata.normalize("NFD", "Đắk Lắk, Quảng Nam"), "ﬁve ²", "plain"]:
        stripped, where = strip_diacritics_mapped(text)
        assert stripped == strip_diacritics(text)
        assert len(where) == len(stripped) and list(where) == sorted(where)
    assert list(strip_diacritics_mapped(unicodedata.normalize("NFD", "Lợi"))[1]) == [0, 1, 4]


_WORDS = st.sampled_from([
    "Mr.", "Ms.", "Nguyễn", "Văn", "Lợi", "Secretary", "of", "the", "Provincial", "Party", "Committee", "Đắk",
    "Lắk", "On", "March", "3,", "2025", "was", "appointed", "Director", "Department", "Finance", "and",
    "People's", "Council", "Chairman", "Bạc", "Liêu", "Hà", "Giang", "\u0301", "ﬁ", "x²", "—", "“quoted.”",
    "Vice", "elected", "Cà", "Mau", "-", "•", "(PTO)", "said.", "It", "A", "Y", "Kon", "Tum", ".", "!", "?",
])
_SPACE = st.sampled_from([" ", " ", " ", "  ", "\t", "\u00a0", ". ", "; ", ", "])
_PARAGRAPH = st.lists(st.tuples(_WORDS, _SPACE), min_size=1, max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts))
_FORM = st.sampled_from(["NFC", "NFD", None])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=_PARAGRAPH, paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=5), form=_FORM,
       noise=st.text(max_size=30))
def test_evidence_is_verbatim_on_random_text(headline, paragraphs, form, noise):
    if form:
        headline = unicodedata.normalize(form, headline)
        paragraphs = [unicodedata.normalize(form, p) for p in paragraphs]
    article = _article(headline, paragraphs + [noise] if noise.strip() else paragraphs)
    facts = extract(article)
    _check(article, facts)
    read = ArticleText(article)
    for s in segment(read.paragraphs, "body", 1):
        ev = read.evidence(s)
        assert ev is not None and article.stored_text[ev.start:ev.end] == ev.sentence
        assert strip_diacritics_mapped(ev.sentence)[0] == s.text     # the printed sentence reads as the read one


@settings(max_examples=300, deadline=None)
@given(headline=st.text(max_size=60), paragraphs=st.lists(st.text(max_size=200), max_size=4))
def test_every_sentence_of_any_text_is_anchored_verbatim(headline, paragraphs):
    article = _article(headline, paragraphs)
    read = ArticleText(article)
    sentences = segment([read.headline], "headline") + segment(read.paragraphs, "body", 1)
    for s in sentences:
        ev = read.evidence(s)
        assert ev is not None and article.stored_text[ev.start:ev.end] == ev.sentence
        assert strip_diacritics_mapped(ev.sentence)[0] == s.text


@pytest.mark.skipif(not DEV, reason="development corpus not available")
def test_in_the_store_every_fact_of_the_development_corpus_points_at_its_sentence_in_the_article_text():
    """What a SPARQL client sees: SUBSTR of the article's schema:text at each selector is the evidence sentence."""
    from provkg.graph.load import ingest_paths
    from provkg.graph.location import open_store
    from provkg.graph.vocab import SPARQL_PROLOGUE

    store = open_store(":memory:")
    ingest_paths(DEV, store)

    def count(where: str) -> int:
        rows = list(store.query(SPARQL_PROLOGUE + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {where} }} }}"))
        return int(rows[0]["n"].value)

    facts = "?f prov:qualifiedDerivation ?ev . ?f a ?c VALUES ?c { org:Membership org:ChangeEvent provkg:Campaign provkg:Event }"
    assert count(facts) > 500
    assert count(facts + " FILTER NOT EXISTS { ?ev oa:hasSelector ?sel }") == 0
    assert count("?ev oa:hasSelector ?sel") >= count(facts)
    assert count("""?ev oa:hasSource ?a ; oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e . ?a schema:text ?t
                    FILTER NOT EXISTS { ?ev provkg:sentence ?x FILTER(?x = SUBSTR(?t, ?s + 1, ?e - ?s)) }""") == 0
