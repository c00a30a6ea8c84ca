"""Extraction on the sample articles and on small articles written here (other provinces, other shapes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract
from provkg.ingest.read import read_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"


def _article(text: str, published: date | None = date(2025, 3, 5), site: str | None = None) -> Article:
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return Article("t", "test", paras[0], paras[1:], published=published, site=site)


def _posts(facts) -> set[tuple[str, str, str]]:
    return {(facts.people[m.person].name, m.role, facts.bodies[m.body].name) for m in facts.memberships}


def _sample(name: str):
    return extract(next(a for a in read_paths([DATA / name]) if isinstance(a, Article)))


@pytest.fixture(scope="module")
def commission():
    return _sample("bd-2025-02-propaganda-mass-mobilization-commission.txt")


def test_sample_people_and_title_chain(commission):
    names = {p.name for p in commission.people.values()}
    assert {"Nguyen Van Loi", "Nguyen Loc Ha"} <= names
    assert "Tri Dung" not in names and "Ngoc Huynh" not in names          # byline, not officials
    assert not names & {"Ben Cat", "Dau Tieng", "Di An"}                  # places that look like names
    posts = _posts(commission)
    assert ("Nguyen Van Loi", "Secretary", "Binh Duong Provincial Party Committee") in posts
    assert ("Nguyen Van Loi", "Member", "Party Central Committee") in posts
    assert ("Nguyen Van Loi", "Head", "Binh Duong Provincial National Assembly Delegation") in posts
    assert ("Nguyen Loc Ha", "Standing Deputy Secretary", "Binh Duong Provincial Party Committee") in posts
    assert ("Nguyen Loc Ha", "Principal", "Binh Duong Provincial Political School") in posts


def test_sample_merge_variants_and_hierarchy(commission):
    assert len(commission.merges) == 1
    merge = commission.merges[0]
    result = commission.bodies[merge.result]
    assert result.name == "Binh Duong Provincial Party Propaganda and Mass Mobilization Commission"
    sources = {commission.bodies[k].kind for k in merge.sources}
    assert sources == {"party-propaganda", "party-mass-mobilization"}
    assert merge.date == date(2025, 2, 10)                                # year inferred, page has no date
    propaganda = next(b for b in commission.bodies.values() if b.kind == "party-propaganda")
    assert {"Binh Duong Provincial Party Propagation Education Board"} <= propaganda.variants
    assert propaganda.parent == "binh-duong-provincial-party-committee"
    standing = commission.bodies["binh-duong-provincial-party-standing-committee"]
    assert standing.parent == "binh-duong-provincial-party-committee"


def test_sample_event_campaigns_places(commission):
    conf = [e for e in commission.events if e.date == date(2025, 2, 11)]
    assert conf and conf[0].kind == "conference"
    assert commission.bodies[conf[0].organisers[0]].name == "Binh Duong Provincial Party Committee"
    assert "nguyen van loi" in conf[0].attendees
    camps = {(c.name, c.kind) for c in commission.campaigns}
    assert ("Skillful Mass Mobilization", "award") in camps
    project = next(c for c in commission.campaigns if c.kind == "project")
    assert (project.start_year, project.end_year) == (2021, 2025)
    places = {p.name for p in commission.places.values()}
    assert {"Di An City", "Ben Cat City", "Dau Tieng District"} <= places


def test_second_sample_movements_and_board_head():
    facts = _sample("bd-2023-11-innovate-mass-mobilization.txt")
    posts = _posts(facts)
    assert ("Bui Thanh Nhan", "Head", "Binh Duong Provincial Party Mass Mobilization Committee") in posts
    kinds = {c.name: c.kind for c in facts.campaigns}
    assert kinds.get("Smart mass mobilization") == "emulation movement"
    assert kinds.get("Digital transformation period 2023-2025") in (None, "emulation movement")
    assert facts.article.published == date(2023, 11, 29)


def test_prefix_titles_other_province_and_ethnic_names():
    facts = extract(_article("""
Lai Chau elects new leaders

On March 3, the Lai Chau Provincial Party Committee held a conference. Attending were member of the Politburo and Secretary of the Lai Chau Provincial Party Committee Lo Van Minh; and Provincial Party Secretary Sung A Ho.

Ma The Hong, Deputy Secretary of the Provincial Party Committee, Chairman of the Provincial People's Committee, spoke at Phan Thiet City.
"""))
    posts = _posts(facts)
    assert ("Lo Van Minh", "Member", "Politburo") in posts
    assert ("Lo Van Minh", "Secretary", "Lai Chau Provincial Party Committee") in posts
    assert ("Sung A Ho", "Secretary", "Lai Chau Provincial Party Committee") in posts
    assert ("Ma The Hong", "Chairman", "Lai Chau Provincial People's Committee") in posts
    assert "Phan Thiet City" not in {p.name for p in facts.people.values()}
    conf = facts.events[0]
    assert conf.date == date(2025, 3, 3) and conf.kind == "conference"


def test_one_post_for_a_list_and_both():
    facts = extract(_article("""
Gia Lai appoints deputies

The Politburo appointed three Deputy Secretaries of the Gia Lai Provincial Party Committee. They are: Ms. Tran Thi Lan, Standing Deputy Secretary of the Provincial Party Committee; Mr. Pham Van Tuan; and Mr. Do Minh Quang.

Comrades Le Van Hai and Vu Thi Mai, both Deputy Heads of the Provincial Party Committee's Organization Board, attended.
"""))
    posts = _posts(facts)
    for name in ("Pham Van Tuan", "Do Minh Quang"):
        assert (name, "Deputy Secretary", "Gia Lai Provincial Party Committee") in posts
    # the item's own, more specific post stands for the list's role
    assert ("Tran Thi Lan", "Standing Deputy Secretary", "Gia Lai Provincial Party Committee") in posts
    assert ("Tran Thi Lan", "Deputy Secretary", "Gia Lai Provincial Party Committee") not in posts
    heads = {p for p in posts if p[1] == "Deputy Head"}
    assert {p[0] for p in heads} == {"Le Van Hai", "Vu Thi Mai"}


def test_former_relieved_and_elected_are_told_apart():
    facts = extract(_article("""
Dong Nai People's Council elects new chairman

Yesterday morning (March 4), the Dong Nai Provincial People's Council held a session. The delegates voted to relieve Mr. Tran Van Binh of the position of Chairman of the Provincial People's Committee. The delegates then elected Mr. Nguyen Van Hung, Deputy Secretary of the Provincial Party Committee, as Chairman of the Provincial People's Committee.

Mr. Le Quang Vinh, former Head of the Provincial Party Mass Mobilization Board, also attended.
"""))
    by = {(facts.people[m.person].name, m.role): m for m in facts.memberships}
    relieved = by[("Tran Van Binh", "Chairman")]
    assert relieved.status == "former" and relieved.change == "relieved" and relieved.end == date(2025, 3, 4)
    elected = by[("Nguyen Van Hung", "Chairman")]
    assert elected.status == "current" and elected.change == "elected" and elected.start == date(2025, 3, 4)
    assert by[("Le Quang Vinh", "Head")].status == "former"
    session = facts.events[0]
    assert session.kind == "session" and session.date == date(2025, 3, 4)


def test_department_and_province_merges_with_effective_date():
    facts = extract(_article("""
Nghe An reorganises departments

On February 20, the Nghe An Provincial People's Council adopted a resolution. The Department of Transport and the Department of Construction are merged into the Department of Construction. The Department of Finance is established on the basis of merging the Department of Planning and Investment and the Department of Finance.

The new departments officially come into operation from March 1, 2025.

Under the resolution, Ha Tinh province and Nghe An province are merged into a new province named Nghe An.
"""))
    merges = {(frozenset(facts.bodies[s].name for s in m.sources), facts.bodies[m.result].name): m.date
              for m in facts.merges}
    construction = (frozenset({"Nghe An Department of Transport", "Nghe An Department of Construction"}),
                    "Nghe An Department of Construction")
    assert merges[construction] == date(2025, 3, 1)
    finance = (frozenset({"Nghe An Department of Planning and Investment", "Nghe An Department of Finance"}),
               "Nghe An Department of Finance")
    assert finance in merges
    province = (frozenset({"Ha Tinh Province", "Nghe An Province"}), "Nghe An Province")
    assert province in merges


def test_unresolvable_date_stays_unknown():
    facts = extract(_article("""
Conference held

On April 2, the Provincial People's Committee of Bac Giang held a conference.
""", published=None))
    assert all(e.date is None for e in facts.events) or not facts.events


def test_commune_and_ward_merges():
    facts = extract(_article("""
Quang Tri merges communes

On June 16, the Quang Tri Provincial People's Council held its 30th session. Under the resolution, Gio Linh commune and Gio Viet commune are merged into a new commune named Gio Linh. Dong Ha Ward is formed from Ward 1, Ward 2 and Dong Thanh wards.
""", published=date(2025, 6, 17)))
    merges = {(frozenset(facts.bodies[s].name for s in m.sources), facts.bodies[m.result].name) for m in facts.merges}
    assert (frozenset({"Gio Linh Commune", "Gio Viet Commune"}), "Gio Linh Commune") in merges
    result = next(m for m in facts.merges if facts.bodies[m.result].name == "Gio Linh Commune")
    assert result.date == date(2025, 6, 16)
    assert facts.places[result.result].kind == "commune"       # a merging commune is a place too


def test_merge_without_any_date_stays_undated():
    facts = extract(_article("""
Two boards merged

The Provincial Party Propaganda Board and the Provincial Party Mass Mobilization Board of Ca Mau were merged into the Provincial Party Propaganda and Mass Mobilization Commission.
""", published=None))
    assert len(facts.merges) == 1 and facts.merges[0].date is None


def test_prefix_chain_ede_names_and_appointment_not_former():
    facts = extract(_article("""
Dak Lak leaders visit Buon Ma Thuot

On the afternoon of 12 March, Deputy Secretary of the Provincial Party Committee, Chairman of the Provincial People's Committee Ta Anh Tuan chaired a working session in Dak Lak. Vice Chairwoman of the Provincial People's Council H'Kim Hoa Bya attended.

Ms. Nguyen Thi Thanh Huong had been appointed as Director of the Department of Health.
""", published=date(2025, 3, 13)))
    names = {p.name for p in facts.people.values()}
    assert "Ma Thuot" not in names and "H'Kim Hoa Bya" in names
    posts = _posts(facts)
    assert ("Ta Anh Tuan", "Deputy Secretary", "Dak Lak Provincial Party Committee") in posts
    assert ("Ta Anh Tuan", "Chairman", "Dak Lak Provincial People's Committee") in posts
    assert ("H'Kim Hoa Bya", "Vice Chairman", "Dak Lak Provincial People's Council") in posts
    director = next(m for m in facts.memberships if m.role == "Director")
    assert director.status == "current" and director.change == "appointed"


def test_body_then_role_then_name_and_names_after_a_body():
    facts = extract(_article("""
Gia Lai steps up digital transformation

On March 5, the Provincial People's Committee Chairman Truong Hai Long chaired a meeting in Gia Lai. Director of the Department of Finance Rah Lan Chung also attended.
""", published=date(2025, 3, 6)))
    posts = _posts(facts)
    assert ("Truong Hai Long", "Chairman", "Gia Lai Provincial People's Committee") in posts
    assert ("Rah Lan Chung", "Director", "Gia Lai Department of Finance") in posts
    meeting = facts.events[0]
    assert facts.bodies[meeting.organisers[0]].name == "Gia Lai Provincial People's Committee"
    assert {"truong hai long", "rah lan chung"} <= set(meeting.attendees)


def test_bodies_named_in_passing_but_not_documents_or_titles():
    facts = extract(_article("""Quang Ngai reviews rural roads programme

On March 3, the Quang Ngai Provincial People's Council held a thematic session under the National Assembly's
Resolution on rural infrastructure.

Delegates discussed Resolution No. 57-NQ/TW of the Politburo and the Certificate of Merit of the Ministry of Transport.

The new Secretary of the Kon Tum Provincial Party Committee sent a congratulatory letter."""))
    names = {b.name for b in facts.bodies.values()}
    assert {"Quang Ngai Provincial People's Council", "National Assembly", "Politburo", "Ministry of Transport",
            "Kon Tum Provincial Party Committee"} <= names, names
    assert not [n for n in names if n.lower().startswith(("resolution", "certificate", "secretary", "the new"))], names


def test_venues_and_province_level_cities_where_things_happen():
    facts = extract(_article("""Gia Lai holds Party Congress

On September 20, the Gia Lai Provincial Party Congress opened at the provincial Convention Center in Pleiku City.

Earlier, the delegation attended a forum in Da Nang and a ceremony at the Ho Chi Minh Museum.

The Provincial and District Party Committees reviewed their work."""))
    places = {(p.name, p.kind) for p in facts.places.values()}
    assert ("Gia Lai Provincial Convention Center", "site") in places, places
    assert ("Ho Chi Minh Museum", "site") in places, places
    assert any(kind == "province" and name.replace(" ", "") == "DaNang" for name, kind in places), places
    assert not [name for name, _ in places if "and" in name.split()], places  # "Provincial and District" is no unit


def test_ho_chi_minh_named_organisations_and_short_forms_of_a_body_named_in_full():
    facts = extract(_article("""
Tay Ninh youth union gets new leaders

On March 3, the Standing Committee of the Tay Ninh Provincial Youth Union announced the founding of the
Ho Chi Minh Communist Youth Union of the provincial Department of Health, whose members study and follow
Ho Chi Minh's ideology, morality and lifestyle.

Accordingly, Tran Minh Khoa holds the post of Secretary and Le Thi Hanh holds the post of Deputy Secretary
of the Youth Union of the provincial Department of Health.

Mr. Vo Van Phuc, Secretary of the Party Committee of the provincial Department of Health, and
Mr. Dang Quoc Bao, Director of the provincial Department of Health, attended.
"""))
    youth = "Ho Chi Minh Communist Youth Union of Tay Ninh Department of Health"
    posts = _posts(facts)
    # the full name is the body; its short form later in the article is the same body
    assert {("Tran Minh Khoa", "Secretary", youth), ("Le Thi Hanh", "Deputy Secretary", youth)} <= posts
    assert not any(b.name.startswith("Youth Union of") for b in facts.bodies.values())
    # "Ho Chi Minh" before an organisation's name or as "Ho Chi Minh's" is the man, not the city
    assert "Ho Chi Minh City" not in {p.name for p in facts.places.values()}
    assert not any("Ho Chi Minh City" in b.name for b in facts.bodies.values())
    assert facts.province == "tay-ninh-province"
    # a body "of" another keeps the two apart: the Party Committee of the Department is not the Department
    assert ("Dang Quoc Bao", "Director", "Tay Ninh Department of Health") in posts
    assert any(who == "Vo Van Phuc" and body.startswith("Party Committee of") for who, _, body in posts)


def test_provincial_committees_for_ethnic_affairs_religion_and_cadre_health():
    facts = extract(_article("""
Soc Trang reorganises its specialised agencies

The Department of Ethnic Minorities and Religions was set up on the basis of the provincial Ethnic Minorities
Committee, taking over the Religious Affairs Committee from the Department of Home Affairs.

Mr. Thach Sa Rinh, Head of the provincial Ethnic Minorities Committee, was appointed Director of the new
department. The Party Cell of the provincial Cadre Health Protection and Care Committee ended its operations.
"""))
    names = {b.name for b in facts.bodies.values()}
    assert {"Soc Trang Provincial Ethnic Minorities Committee", "Soc Trang Provincial Religious Affairs Committee",
            "Soc Trang Provincial Cadre Health Protection and Care Committee"} <= names
    assert "Party Cell of Soc Trang Provincial Cadre Health Protection and Care Committee" in names
    assert ("Thach Sa Rinh", "Head", "Soc Trang Provincial Ethnic Minorities Committee") in _posts(facts)


def test_secretaries_elected_at_a_congress_are_members_of_the_executive_committee():
    congress = extract(_article("""
Ben Tre Party Congress elects new Secretary

On October 2, the 12th Ben Tre Provincial Party Congress elected 51 comrades to the Executive Committee of the
Ben Tre Provincial Party Committee for the 2025-2030 term.

At its first meeting, the new Executive Committee elected Mr. Tran Thanh Lam Secretary of the provincial Party
Committee. Mr. Nguyen Truc Son and Ms. Ho Thi Hoang Yen were elected Deputy Secretaries of the provincial
Party Committee.
"""))
    posts = _posts(congress)
    committee = "Ben Tre Provincial Party Committee"
    for name, role in (("Tran Thanh Lam", "Secretary"), ("Nguyen Truc Son", "Deputy Secretary"),
                       ("Ho Thi Hoang Yen", "Deputy Secretary")):
        assert {(name, role, committee), (name, "Member", committee)} <= posts
    # without an executive committee's election, a post says nothing about membership
    plain = extract(_article("""
Ben Tre has a new Deputy Secretary

On October 2, Mr. Nguyen Truc Son was elected Deputy Secretary of the Ben Tre Provincial Party Committee.
"""))
    assert ("Nguyen Truc Son", "Deputy Secretary", committee) in _posts(plain)
    assert not any(role == "Member" for _, role, _ in _posts(plain))


def test_appointing_verb_then_person_then_title():
    facts = extract(_article("""
Vinh Long appoints leaders

On May 6, the Standing Board of the Vinh Long Provincial Party Committee appointed Mr. Le Quang Trung Head of
the provincial Party Organization Board. The provincial People's Council elected Ms. Nguyen Thi Minh Trang and
Mr. Dang Van Chinh Vice Chairmen of the Vinh Long Provincial People's Committee.

Mr. Tran Van Lau Secretary of the Vinh Long Provincial Party Committee attended.
"""))
    posts = {(who, role, body) for who, role, body in _posts(facts)}
    assert ("Le Quang Trung", "Head", "Vinh Long Provincial Party Organization Board") in posts
    assert {("Nguyen Thi Minh Trang", "Vice Chairman", "Vinh Long Provincial People's Committee"),
            ("Dang Van Chinh", "Vice Chairman", "Vinh Long Provincial People's Committee")} <= posts
    changes = {(facts.people[m.person].name, m.change) for m in facts.memberships}
    assert {("Le Quang Trung", "appointed"), ("Dang Van Chinh", "elected")} <= changes
    # no verb before the name: not an appointment (a name and title run together says nothing of it)
    assert not any(who == "Tran Van Lau" and change for who, change in changes)


def test_special_zones_and_addresses_without_unit_words():
    facts = extract(_article("""
Binh Thuan fishermen get weather news

Phu Quy special zone ranks third with 77 positions. Comrade Tran Van Hoa was born in 1972 in Dong Ngac,
Tu Liem, Hanoi. A festival in Binh Duong, Dong Nai, Long An drew crowds.
"""))
    places = {p.name: p for p in facts.places.values()}
    assert places["Phu Quy Special Zone"].kind == "special zone"
    # each unit of the address is a place inside the province the address ends in
    hanoi = next(p for p in facts.places.values() if p.name in ("Hanoi", "Ha Noi"))
    dong_ngac = next(p for name, p in places.items() if name.startswith("Dong Ngac"))
    assert dong_ngac.parent == hanoi.key and any(name.startswith("Tu Liem") for name in places)
    # a list of provinces is no address
    assert not any(p.parent and p.name.startswith(("Binh Duong", "Dong Nai")) for p in facts.places.values())


def test_a_plural_head_names_one_body_of_each_kind():
    from provkg.ingest.bodies import resolve_body

    board = resolve_body("the Standing Boards of the Provincial People's Council", "Nam Dinh")
    assert board is not None and board.label == "Nam Dinh Provincial People's Council Standing Board"


def test_by_election_for_a_post_then_who_was_elected():
    facts = extract(_article("""
Tra Vinh People's Council holds session

The Tra Vinh Provincial People's Council held a by-election for a member of the Provincial People's Committee.
Mr. Kim Ngoc Thai, Director of the Department of Finance, was elected with 98% of votes in favour.

In another paragraph, Mr. Lam Minh Dang was elected with many votes to an unrelated club.
"""))
    posts = _posts(facts)
    assert ("Kim Ngoc Thai", "Member", "Tra Vinh Provincial People's Committee") in posts
    assert ("Kim Ngoc Thai", "Director", "Tra Vinh Department of Finance") in posts
    assert not any(who == "Lam Minh Dang" for who, _, _ in posts)  # the announced post stays in its paragraph


def test_mass_organisations_local_units_named_last_and_alternate_members():
    facts = extract(_article("""
Tien Giang mass organisations sign coordination programme

The Provincial Veterans' Association, the Farmers' Association, the Provincial Confederation of Labour and the
Women's Union signed a coordination programme with the Red Cross Society. Mr. Tran Van Nam, Chairman of the
Provincial Farmers' Association, and Mr. Pham Van Hau, Secretary of the District Party Committee of Cai Be
district, spoke.

Nguyen Thanh Tam, alternate member of the Party Central Committee, Secretary of the Provincial Party Committee,
addressed the meeting with the Vietnam Women's Union.
"""))
    names = {b.name for b in facts.bodies.values()}
    # each mass organisation is one body of its kind, labelled as the article prints it
    kinds = {b.kind: b.name for b in facts.bodies.values()}
    assert {kinds.get(k) for k in ("veterans-association", "farmers-association", "labour-federation",
                                     "women-union", "red-cross")} == {
        "Tien Giang Provincial Veterans' Association", "Tien Giang Provincial Farmers' Association",
        "Tien Giang Provincial Confederation of Labour", "Tien Giang Provincial Women's Union",
        "Tien Giang Provincial Red Cross Society"}
    assert "Tien Giang Provincial Vietnam Women's Union" not in names  # the national union keeps its name
    posts = _posts(facts)
    assert ("Tran Van Nam", "Chairman", "Tien Giang Provincial Farmers' Association") in posts
    assert ("Pham Van Hau", "Secretary", "Cai Be District Party Committee") in posts
    assert {("Nguyen Thanh Tam", "Alternate Member", "Party Central Committee"),
            ("Nguyen Thanh Tam", "Secretary", "Tien Giang Provincial Party Committee")} <= posts


def test_a_merger_effective_on_a_yearless_date_takes_effect_ahead_not_behind():
    text = """
Tien Giang rearranges communes

Under the resolution, An Binh and Tan Hoa communes were merged to form Tan An commune, effective from July 1.
"""
    (merge,) = extract(_article(text, published=date(2025, 3, 15))).merges
    assert merge.date == date(2025, 7, 1)  # not July 1 of the year before publication
    # a full date is taken as printed
    (merge,) = extract(_article(text.replace("July 1.", "July 1, 2024."), published=date(2025, 3, 15))).merges
    assert merge.date == date(2024, 7, 1)


def test_retiring_from_a_post_ends_it_and_a_transfer_appoints():
    facts = extract(_article("""
Dak Lak personnel changes

Mr. Nguyen Van Binh retired from the position of Director of the Department of Health from March 1.
Mr. Tran Hong Thai was transferred to work as Deputy Head of the Provincial Party Organization Board.
"""))
    by_person = {(facts.people[m.person].name, m.role): m for m in facts.memberships}
    retired = by_person[("Nguyen Van Binh", "Director")]
    assert (retired.status, retired.change) == ("former", "retired")
    assert by_person[("Tran Hong Thai", "Deputy Head")].change == "appointed"
