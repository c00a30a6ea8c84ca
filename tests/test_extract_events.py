"""Events: date, organiser and attendees, each general shape on a short article written here, about
provinces, people and wordings the development corpus does not have."""

from __future__ import annotations

from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract


def _article(text: str, published: date | None = date(2026, 3, 5)) -> Article:
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return Article("t", "test", paras[0], paras[1:], published=published)


def _events(facts) -> list[tuple[str, date | None, list[str], set[str]]]:
    return [(e.kind, e.date, [facts.bodies[o].name for o in e.organisers],
             {facts.people[a].name for a in e.attendees}) for e in facts.events]


def test_attendee_lists_run_over_the_paragraphs_of_the_report():
    facts = extract(_article("""
Yen Bai holds patriotic emulation congress

On March 3, the Yen Bai Provincial People's Committee held the 6th Patriotic Emulation Congress.

The congress was chaired by Mr. Hoang Van Sinh, Chairman of the Provincial People's Committee.

Representing the central level was Ms. Lo Thi Mai, Deputy Head of the Central Emulation and Commendation Department.

Also present were Mr. Giang A Tung, Secretary of the Provincial Party Committee, and Ms. Ha Thi Nguyet, \
Chairwoman of the Provincial People's Council.

The report said the province had built 1,200 houses for the poor.

Speaking at the congress, Mr. Giang A Tung asked every sector to keep up the movement.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("congress", date(2026, 3, 3), ["Yen Bai Provincial People's Committee"])
    assert attendees == {"Hoang Van Sinh", "Lo Thi Mai", "Giang A Tung", "Ha Thi Nguyet"}


def test_the_report_of_an_event_ends_where_the_next_event_is_reported():
    facts = extract(_article("""
Two meetings in Lao Cai

On March 2, the Lao Cai Provincial Party Committee held a conference. Mr. Vu Xuan Cuong attended.

On March 4, the Lao Cai Provincial People's Council held a session. Mr. Trinh Xuan Truong attended.
"""))
    by_day = {day: attendees for _, day, _, attendees in _events(facts)}
    assert by_day == {date(2026, 3, 2): {"Vu Xuan Cuong"}, date(2026, 3, 4): {"Trinh Xuan Truong"}}


def test_a_joint_event_is_organised_by_the_first_body_named():
    facts = extract(_article("""
Kon Tum announces decisions

On March 4, the Provincial Party Committee, the Provincial People's Council and the Provincial People's Committee \
of Kon Tum held a conference to announce the decisions.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("conference", date(2026, 3, 4), ["Kon Tum Provincial Party Committee"])


def test_a_term_between_session_of_and_the_council_still_names_the_council():
    facts = extract(_article("""
Bac Giang council

Delegates voted on March 2 during the ninth session of the 19th-term Bac Giang Provincial People's Council.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("session", date(2026, 3, 2), ["Bac Giang Provincial People's Council"])


def test_a_session_takes_its_council_from_the_rest_of_the_report():
    facts = extract(_article("""
Hau Giang elects

The ballot was cast on March 2 during the fourth session of the council.

Deputies of the Hau Giang Provincial People's Council cast their ballots at the session.
"""))
    [(kind, _, organisers, _)] = _events(facts)
    assert (kind, organisers) == ("session", ["Hau Giang Provincial People's Council"])


def test_a_later_sentence_names_who_organised_the_ceremony():
    facts = extract(_article("""
Binh Phuoc launches new communes

On March 1, Binh Phuoc province held a ceremony to put its new communes into operation.

Deputy Prime Minister Mai Van Chinh attended the ceremony organised by the Provincial Party Committee.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("ceremony", date(2026, 3, 1), ["Binh Phuoc Provincial Party Committee"])
    assert attendees == {"Mai Van Chinh"}


def test_those_who_receive_decisions_at_the_ceremony_attend_it():
    facts = extract(_article("""
Ba Ria-Vung Tau appoints directors

On March 2, the Ba Ria-Vung Tau Provincial People's Committee held a ceremony to hand over personnel decisions. \
Accordingly:

- Mr. Le Van Tam, Director of the Department of Finance, is appointed Director of the Department of Home \
Affairs, with effect from March 15, 2026;

- Ms. Tran Thi Hoa is appointed Director of the Department of Finance, with effect from March 15, 2026.

Mr. Dang Minh Thong, Deputy Director of the Department of Health, retires from April 1, 2026 under a retirement \
decision handed over at the ceremony.
"""))
    [(_, day, _, attendees)] = _events(facts)
    assert day == date(2026, 3, 2)
    assert attendees == {"Le Van Tam", "Tran Thi Hoa", "Dang Minh Thong"}


def test_those_who_only_sent_flowers_are_not_attendees():
    facts = extract(_article("""
Quang Nam congress opens

On March 3, the 23rd Congress of the Quang Nam Provincial Party Committee opened. Mr. Luong Nguyen Minh Tuan \
attended and directed the congress.

Baskets of congratulatory flowers reached the congress from President Vo Van Hung and Prime Minister Le Minh Tri.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("congress", date(2026, 3, 3), ["Quang Nam Provincial Party Committee"])
    assert attendees == {"Luong Nguyen Minh Tuan"}


def test_a_sentence_about_another_day_adds_no_attendee():
    facts = extract(_article("""
Dien Bien Party Committee

On March 3, the Dien Bien Provincial Party Committee held a conference. Mr. Tran Quoc Cuong chaired it.

Three days earlier, on February 28, the Politburo appointed Mr. Mua A Son to another province.
"""))
    [(_, _, _, attendees)] = _events(facts)
    assert attendees == {"Tran Quoc Cuong"}


def test_a_date_in_a_relative_clause_dates_no_event():
    facts = extract(_article("""
Hue council

Mr. Nguyen Van Phuong was elected chairman in 2024. That session had been convened to dismiss Mr. Phan Thien Dinh, \
who had been suspended from his duties on August 11, 2023.
"""))
    assert not [e for e in facts.events if e.date == date(2023, 8, 11)]


def test_the_executive_committee_meets_as_its_party_committee():
    facts = extract(_article("""
Cao Bang re-elects its Secretary

On the afternoon of March 3, the Executive Committee of the Cao Bang Provincial Party Organisation for the 20th term \
convened its first meeting. Mr. Tran Hong Minh was re-elected Secretary of the Provincial Party Committee.
"""))
    [(_, day, organisers, attendees)] = _events(facts)
    assert (day, organisers) == (date(2026, 3, 3), ["Cao Bang Provincial Party Committee"])
    assert attendees == {"Tran Hong Minh"}


def test_a_follow_on_event_the_same_day_and_its_own_organiser():
    facts = extract(_article("""
Tay Ninh sets up agencies

Yesterday afternoon (March 4), the Tay Ninh Provincial Party Committee held a conference to announce decisions.

Right after that, Chairman Nguyen Thanh Ngoc chaired a conference of the Provincial People's Council and the \
Provincial People's Committee to announce the resolutions.
"""))
    found = {(kind, day, tuple(organisers)) for kind, day, organisers, _ in _events(facts)}
    assert found == {("conference", date(2026, 3, 4), ("Tay Ninh Provincial Party Committee",)),
                     ("conference", date(2026, 3, 4), ("Tay Ninh Provincial People's Council",))}


def test_made_public_at_a_conference_names_the_organiser():
    facts = extract(_article("""
Da Nang commission

The Da Nang City Party Committee made the establishment of the new commission public at a conference on the \
morning of March 2. The conference was attended by Mr. Nguyen Van Quang.
"""))
    [(kind, day, [organiser], attendees)] = _events(facts)
    assert (kind, day) == ("conference", date(2026, 3, 2))
    # a province-level city's Party Committee, named with or without "City" (GOLD.md)
    assert organiser in ("Da Nang City Party Committee", "Da Nang Party Committee")
    assert attendees == {"Nguyen Van Quang"}


def test_a_caption_at_the_ceremony_with_a_date_is_an_event_without_organiser():
    facts = extract(_article("""
Hung Yen new province

Prime Minister Tran Duc Long delivers a speech at the ceremony in Hung Yen on March 1. Photo: VNA
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers, attendees) == ("ceremony", date(2026, 3, 1), [], {"Tran Duc Long"})


def test_a_council_named_before_its_session_organises_it():
    facts = extract(_article("""
Kon Tum council

On March 2, the Kon Tum Provincial People's Council's 12th session passed six resolutions. Mr. A Pal attended.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("session", date(2026, 3, 2), ["Kon Tum Provincial People's Council"])
    assert attendees == {"A Pal"}


def test_presence_co_chairing_and_honours_place_people_at_the_ceremony():
    facts = extract(_article("""
Ninh Thuan police honoured

On March 4, the Ninh Thuan Provincial Police held a rally to mark its founding day.

The event saw the presence of Mr. Pham Van Hau, Secretary of the Provincial Party Committee. It was co-chaired \
by Mr. Tran Quoc Nam and Major General Nguyen Van Son. Senior Colonel Le Van Binh was awarded the Fatherland \
Defence Order.
"""))
    [(kind, day, _, attendees)] = _events(facts)
    assert (kind, day) == ("ceremony", date(2026, 3, 4))
    assert attendees == {"Pham Van Hau", "Tran Quoc Nam", "Nguyen Van Son", "Le Van Binh"}


def test_a_congress_with_no_body_named_is_held_by_its_host():
    facts = extract(_article("""
Vinh Phuc emulation congress

The 6th Patriotic Emulation Congress of Vinh Phuc opened on March 3. Mr. Tran Duy Dong attended.

On March 5, the 18th provincial Party Congress closed after electing 52 members.
"""))
    found = {(kind, day, tuple(organisers)) for kind, day, organisers, _ in _events(facts)}
    assert found == {("congress", date(2026, 3, 3), ("Vinh Phuc Provincial People's Committee",)),
                     ("congress", date(2026, 3, 5), ("Vinh Phuc Provincial Party Committee",))}


def test_a_national_congress_mentioned_in_passing_hosts_nothing():
    facts = extract(_article("""
Lao Cai delegation

On March 3, the provincial congress elected 15 delegates to the 14th National Party Congress.
"""))
    assert not [e for e in facts.events if any("Central" in facts.bodies[o].name for o in e.organisers)]


def test_a_press_conference_or_a_festival_is_no_event():
    facts = extract(_article("""
Quang Tri briefing

On March 3, the Quang Tri Provincial People's Committee held a press conference on the Peace Festival.

The festival took place on March 4 in Dong Ha.
"""))
    assert facts.events == []


def test_whom_the_report_quotes_spoke_there():
    facts = extract(_article("""
Kien Giang reviews emulation

On March 3, the Kien Giang Provincial People's Committee held a conference to review emulation work.

According to Mr. Lam Minh Thanh, Chairman of the Provincial People's Committee, 300 collectives were honoured.
"""))
    [(_, _, _, attendees)] = _events(facts)
    assert attendees == {"Lam Minh Thanh"}


def test_a_sitting_that_closes_or_wraps_up_is_reported():
    facts = extract(_article("""
Bac Ninh council ends its session

On March 6, the 19th Bac Ninh Provincial People's Council, term 2021-2026, closed its 21st session after two \
days. Ms. Nguyen Thi Lan Huong chaired the closing sitting.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("session", date(2026, 3, 6), ["Bac Ninh Provincial People's Council"])
    assert attendees == {"Nguyen Thi Lan Huong"}


def test_in_coordination_with_leaves_the_first_body_the_organiser():
    facts = extract(_article("""
Binh Dinh tree planting

Early on March 2, the Binh Dinh Provincial Youth Union, in coordination with the Ministry of Agriculture and \
Environment, held a ceremony in Quy Nhon to plant coastal forest.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("ceremony", date(2026, 3, 2), ["Binh Dinh Provincial Youth Union"])


def test_a_participle_after_the_noun_names_no_organiser_and_a_session_is_its_councils():
    facts = extract(_article("""
Ha Nam elects

Deputies of the Ha Nam Provincial People's Council voted on March 4 to elect Mr. Tran Xuan Dung as Chairman of \
the Provincial People's Committee, at an extraordinary session held in Phu Ly city.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("session", date(2026, 3, 4), ["Ha Nam Provincial People's Council"])


def test_a_congress_dated_in_its_own_clause_is_a_second_event():
    facts = extract(_article("""
Bac Kan Party chief

On the afternoon of March 9, the Executive Committee of the Bac Kan Provincial Party Committee held its first \
meeting. The meeting was part of the 13th Congress of the Bac Kan Provincial Party Organisation, which opened at \
the Provincial Cultural Centre on March 8.

Attending the opening session of the congress was Mr. Hoang Duy Chinh. Also present was Mr. Ma Thi Loan.

At its first meeting, the new Executive Committee elected Mr. Phuong Thi Thanh as Secretary.
"""))
    found = {(kind, day, tuple(organisers)): attendees for kind, day, organisers, attendees in _events(facts)}
    assert found == {("meeting", date(2026, 3, 9), ("Bac Kan Provincial Party Committee",)): {"Phuong Thi Thanh"},
                     ("congress", date(2026, 3, 8), ("Bac Kan Provincial Party Committee",)):
                         {"Hoang Duy Chinh", "Ma Thi Loan"}}


def test_the_opening_session_of_a_congress_and_the_first_meeting_it_elects():
    facts = extract(_article("""
Quang Nam congress

The 1st Congress of the Quang Nam Provincial Party Organisation wrapped up on March 12 after three days.

Mr. Tran Thanh Son attended the opening session on March 10 and gave a speech.

The first meeting of the Executive Committee, held on March 11, elected Mr. Le Van Dung as Secretary.
"""))
    found = {(kind, day, tuple(organisers)): attendees for kind, day, organisers, attendees in _events(facts)}
    assert found[("congress", date(2026, 3, 10), ("Quang Nam Provincial Party Committee",))] == {"Tran Thanh Son"}
    assert found[("meeting", date(2026, 3, 11), ("Quang Nam Provincial Party Committee",))] == {"Le Van Dung"}


def test_the_first_meeting_of_the_committee_a_congress_elected_is_that_bodys():
    facts = extract(_article("""
Hue women's congress

On March 3 and 4, the Hue City Women's Union held its 12th Congress.

The congress elected a 35-member Executive Committee. At the first meeting of the committee, held on the \
afternoon of March 4, Ms. Ton Nu Thi Ha was re-elected Chairwoman.
"""))
    found = {(kind, day, tuple(organisers)): attendees for kind, day, organisers, attendees in _events(facts)}
    assert [organisers for kind, _, organisers in found if kind == "meeting"] == [("Hue City Women's Union",)]
    assert found[("meeting", date(2026, 3, 4), ("Hue City Women's Union",))] == {"Ton Nu Thi Ha"}


def test_the_province_a_roundup_paragraph_is_about_holds_its_session():
    facts = extract(_article("""
Red River Delta provinces elect new leaders

Several provinces on Tuesday announced new leaders.

In Bac Ninh, the Politburo appointed Mr. Hoang Trung Dung as Secretary of the Provincial Party Committee.

In Ha Nam, the Provincial People's Council on Tuesday held a session that elected Mr. Tran Phong as Chairman \
of the Provincial People's Committee.
""", published=date(2026, 3, 4)))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("session", date(2026, 3, 3), ["Ha Nam Provincial People's Council"])
    assert attendees == {"Tran Phong"}


def test_a_date_in_brackets_or_of_a_founding_does_not_date_the_event():
    facts = extract(_article("""
Ninh Thuan anniversary

On the evening of March 2, the Ninh Thuan Provincial Party Committee held a ceremony to mark the 35th anniversary \
of the re-establishment of the province (April 1, 1992 - April 1, 2027).

The ceremony, held at the provincial square, was the first of the province formed on April 1, 1992.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("ceremony", date(2026, 3, 2), ["Ninh Thuan Provincial Party Committee"])


def test_a_list_the_next_sentence_joins_with_were_goes_on_placing_people():
    facts = extract(_article("""
Quang Nam police director

On March 5, the Ministry of Public Security held a conference in Tam Ky to announce a decision on the Quang Nam \
Provincial Police.

Senior Lieutenant General Le Quoc Hung chaired the conference.

With him were Major General Tran Dinh Chung and Colonel Nguyen Duc Dung.

On the province's side were Mr. Luong Nguyen Minh Triet and Ms. Phan Thai Binh.

Leading the provincial police is Colonel Tran Van Sinh.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("conference", date(2026, 3, 5), ["Ministry of Public Security"])
    assert attendees == {"Le Quoc Hung", "Tran Dinh Chung", "Nguyen Duc Dung", "Luong Nguyen Minh Triet",
                         "Phan Thai Binh"}


def test_the_sitting_that_adopted_a_cited_document_is_background():
    facts = extract(_article("""
Ha Nam departments

On the morning of March 6, the Ha Nam Provincial People's Committee held a conference to hand over decisions.

Under Resolution No. 12 adopted by the Provincial People's Council at its thematic session on March 2, the \
Department of Home Affairs takes over the tasks of another department.

Ms. Dinh Thi Lua continues as Director of the Department of Home Affairs. Mr. Vu Manh Ha was appointed its \
Deputy Director.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers) == ("conference", date(2026, 3, 6), ["Ha Nam Provincial People's Committee"])
    assert attendees == {"Dinh Thi Lua", "Vu Manh Ha"}


def test_a_sentence_belongs_to_the_event_it_names_not_to_a_national_congress_it_mentions():
    facts = extract(_article("""
Bac Ninh Party congress

On March 10, the 1st Congress of the Bac Ninh Provincial Party Organisation opened. Mr. Do Van Chien attended.

At its first meeting, held on March 11, the new Executive Committee elected Mr. Nguyen Anh Tuan as Secretary.

Delegates to the 14th National Party Congress: 30 official members.

Also among the members of the Standing Committee is Colonel Tran Dai Nghia.

Speaking at the congress, Mr. Do Van Chien asked delegates to act.
"""))
    found = {(kind, day): attendees for kind, day, _, attendees in _events(facts)}
    assert found == {("congress", date(2026, 3, 10)): {"Do Van Chien"},
                     ("meeting", date(2026, 3, 11)): {"Nguyen Anh Tuan", "Tran Dai Nghia"}}


def test_a_national_organisation_named_with_a_province_is_the_provinces():
    facts = extract(_article("""
Binh Dinh Front congress

On March 3 and 4, the Vietnam Fatherland Front of Binh Dinh province held its 12th Congress in Quy Nhon.
"""))
    [(kind, day, organisers, _)] = _events(facts)
    assert (kind, day, organisers) == ("congress", date(2026, 3, 3),
                                       ["Binh Dinh Provincial Vietnam Fatherland Front"])


def test_a_military_region_command_holds_the_ceremony_as_the_region():
    facts = extract(_article("""
Ninh Thuan military command

The Military Region 5 Command on March 2 held a ceremony in Phan Rang to hand over the duties of the Commander of \
the Ninh Thuan Provincial Military Command. Major General Nguyen Hung Thang presided over the ceremony.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers, attendees) == ("ceremony", date(2026, 3, 2), ["Military Region 5"],
                                                  {"Nguyen Hung Thang"})


def test_who_reads_out_the_decisions_and_a_list_of_members_after_a_colon_attend():
    facts = extract(_article("""
Bac Kan Party Committee

On the afternoon of March 3, the Bac Kan Provincial Party Committee held a conference on personnel.

Mr. Hoang Van Thang, Head of the Organisation Commission, read out the decisions.

Two Deputy Secretaries were appointed: Mr. Dinh Quang Tuyen and Ms. Phuong Thi Thanh.

The other members of the Standing Committee are: Ma Van Linh, Head of the Propaganda Commission; Ly Thi Hoa, \
Chairwoman of the Provincial Women's Union.
"""))
    [(_, day, _, attendees)] = _events(facts)
    assert day == date(2026, 3, 3)
    assert attendees == {"Hoang Van Thang", "Dinh Quang Tuyen", "Phuong Thi Thanh", "Ma Van Linh", "Ly Thi Hoa"}


def test_a_section_that_opens_on_its_own_day_is_another_event_of_the_kind_reported():
    facts = extract(_article("""
Bac Giang districts announce new communes

On the morning of March 4, the Luc Ngan District Party Committee held a ceremony to announce the new communes. \
Mr. Nguyen Van Thanh attended.

Two days earlier, on March 2, Son Dong district announced the merger of An Lap and Vinh An communes.

Mr. Hoang Van Tuyen, Chairman of the District People's Committee, presented decisions to the new officials.

On March 3, the weather was fine.
"""))
    found = {(kind, day, tuple(organisers)): attendees for kind, day, organisers, attendees in _events(facts)}
    assert found == {("ceremony", date(2026, 3, 4), ("Luc Ngan District Party Committee",)): {"Nguyen Van Thanh"},
                     ("ceremony", date(2026, 3, 2), ()): {"Hoang Van Tuyen"}}


def test_a_first_meeting_that_names_its_own_body_is_that_bodys():
    facts = extract(_article("""
Quang Nam youth

On March 3, the Quang Nam Provincial Party Committee held its congress. Mr. Phan Viet Cuong attended.

On March 5, the first meeting of the Quang Nam Provincial Youth Union took place. Ms. Ho Thi Lien attended.
"""))
    found = {(kind, day, tuple(organisers)) for kind, day, organisers, _ in _events(facts)}
    assert found == {("congress", date(2026, 3, 3), ("Quang Nam Provincial Party Committee",)),
                     ("meeting", date(2026, 3, 5), ("Quang Nam Provincial Youth Union",))}


def test_a_provincial_police_holds_its_ceremony():
    facts = extract(_article("""
Ha Nam police

On March 6, the Ha Nam Provincial Police reported that on the afternoon of March 5 the force had held a ceremony \
to announce the Director's decisions. Colonel Tran Van Nam presided.
"""))
    [(kind, day, organisers, attendees)] = _events(facts)
    assert (kind, day, organisers, attendees) == ("ceremony", date(2026, 3, 5), ["Ha Nam Provincial Police"],
                                                  {"Tran Van Nam"})


def test_an_undated_report_of_a_congress_opening_a_term_is_of_that_terms_first_year():
    facts = extract(_article("""
Dien Ban commune congress

On the morning of October 4, the Party Committee of Dien Ban Dong Commune opened its 1st Congress of Delegates for \
the 2025-2030 term. Mr. Tran Nam Hung attended.
""", published=None))
    [(kind, day, _, attendees)] = _events(facts)
    assert (kind, day, attendees) == ("congress", date(2025, 10, 4), {"Tran Nam Hung"})
