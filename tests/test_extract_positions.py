"""Posts: each general shape of the genre on a small article written here, of a province the development
corpus does not have. Each test names the class of sentence it covers and asserts the exact posts."""

from __future__ import annotations

from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract


def _facts(text: str, published: date | None = date(2025, 8, 12), site: str | None = None):
    paras = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return extract(Article("t", "test", paras[0], paras[1:], published=published, site=site))


def _posts(facts, status: str | None = "current") -> set[tuple[str, str, str]]:
    return {(facts.people[m.person].name, m.role, facts.bodies[m.body].name) for m in facts.memberships
            if status is None or m.status == status}


def _people(facts) -> set[str]:
    return {p.name for p in facts.people.values()}


def test_ranks_and_address_words_are_not_part_of_names():
    """Army and police ranks stack before a name ("Colonel General", "Senior Lieutenant Colonel")."""
    facts = _facts("""Quang Tri Police hands over decisions

    Police Major General Le Van Tuyen, Director of the Quang Tri Provincial Police, chaired the ceremony.

    Senior Lieutenant Colonel Ho Xuan Truong and Colonel General Phan Van Giang attended.""")
    assert {"Le Van Tuyen", "Ho Xuan Truong", "Phan Van Giang"} <= _people(facts)
    assert not any(w in name for name in _people(facts) for w in ("General", "Colonel", "Police"))
    assert ("Le Van Tuyen", "Director", "Quang Tri Provincial Police") in _posts(facts)


def test_ethnic_minority_names_after_an_address_word():
    """One-word names with a prefix (K'Ho, Ede) and names of five words, after Mr./Ms."""
    facts = _facts("""Dak Nong council elects leaders

    The Vice Chairmen of the Dak Nong Provincial People's Council are Mr. Y Bhin Nie Kdam, Ms. H'Loan and
    Mr. Dieu K'Re.""")
    vice = "Dak Nong Provincial People's Council"
    assert {("Y Bhin Nie Kdam", "Vice Chairman", vice), ("H'Loan", "Vice Chairman", vice),
            ("Dieu K'Re", "Vice Chairman", vice)} <= _posts(facts)


def test_a_province_in_a_dateline_is_not_a_person():
    facts = _facts("""Hau Giang council has a new chairman

    Hau Giang - Deputy Secretary of the Provincial Party Committee Tran Van Huyen was elected Chairman of the
    Provincial People's Council on August 11.""")
    assert "Hau Giang" not in _people(facts)
    assert ("Tran Van Huyen", "Deputy Secretary", "Hau Giang Provincial Party Committee") in _posts(facts)
    assert ("Tran Van Huyen", "Chairman", "Hau Giang Provincial People's Council") in _posts(facts)


def test_shared_post_after_a_copula_or_colon():
    """Several people sharing one post: "Its three Deputy Directors are A, B and C", "include", a colon list,
    and "A, B and C serve as Deputy Directors of ..."."""
    facts = _facts("""Binh Phuoc sets up merged departments

    The Department of Finance was formed from the Department of Planning and Investment and the Department of
    Finance. Its Director is Mr. Dang Ha Giang. Its three Deputy Directors are Mr. Le Van Tam, Ms. Tran Thi
    Hien and Mr. Vo Minh Khoa.

    The Department of Construction also opened. The Deputy Directors include Mr. Nguyen Huu Phuoc and
    Ms. Do Thi Lan.

    The Department of Home Affairs is assisted by two Deputy Directors: Mr. Pham Duc Tri and Mr. Ly Van Sang.

    Mr. Ha Minh Tuan, Mr. Chu Van Khai and Ms. Lam Thi Nga serve as Deputy Directors of the Department of
    Health.""")
    posts = _posts(facts)
    finance, construction = "Binh Phuoc Department of Finance", "Binh Phuoc Department of Construction"
    assert ("Dang Ha Giang", "Director", finance) in posts
    assert {("Le Van Tam", "Deputy Director", finance), ("Tran Thi Hien", "Deputy Director", finance),
            ("Vo Minh Khoa", "Deputy Director", finance)} <= posts
    assert {("Nguyen Huu Phuoc", "Deputy Director", construction),
            ("Do Thi Lan", "Deputy Director", construction)} <= posts
    assert {("Pham Duc Tri", "Deputy Director", "Binh Phuoc Department of Home Affairs"),
            ("Ly Van Sang", "Deputy Director", "Binh Phuoc Department of Home Affairs")} <= posts
    assert {("Ha Minh Tuan", "Deputy Director", "Binh Phuoc Department of Health"),
            ("Lam Thi Nga", "Deputy Director", "Binh Phuoc Department of Health")} <= posts


def test_a_list_of_members_each_with_a_title_of_their_own():
    """"two members of the Standing Committee: comrade A, Head of ...; and comrade B, Head of ..."."""
    facts = _facts("""Ninh Thuan merges Party boards

    Present were two members of the Standing Committee of the Provincial Party Committee: comrade Tran Quoc
    Nam, Head of the Provincial Party Committee's Propaganda Department, and comrade Pham Van Hau, Head of the
    Organization Department of the Provincial Party Committee.""")
    posts = _posts(facts)
    standing = "Ninh Thuan Provincial Party Standing Committee"
    assert {("Tran Quoc Nam", "Member", standing), ("Pham Van Hau", "Member", standing)} <= posts
    assert ("Tran Quoc Nam", "Head", "Ninh Thuan Provincial Party Propaganda Department") in posts
    assert ("Pham Van Hau", "Head", "Ninh Thuan Provincial Party Organization Department") in posts


def test_each_person_of_a_list_keeps_the_province_of_their_own_titles():
    """An attendee list of one province's article naming another province for one attendee only."""
    facts = _facts("""Quang Ngai council holds special session

    The session was attended by comrades: Bui Thi Quynh Van - Secretary of the Provincial Party Committee;
    Dang Van Minh - Deputy Secretary of the Kon Tum Provincial Party Committee, Chairman of the People's
    Committee of Kon Tum province; Nguyen Duc Tuy - Deputy Secretary of the Provincial Party Committee,
    Chairman of the Provincial People's Council.""", site="Quang Ngai Newspaper")
    posts = _posts(facts)
    assert ("Bui Thi Quynh Van", "Secretary", "Quang Ngai Provincial Party Committee") in posts
    assert ("Dang Van Minh", "Chairman", "Kon Tum Provincial People's Committee") in posts
    assert ("Nguyen Duc Tuy", "Chairman", "Quang Ngai Provincial People's Council") in posts
    assert not any(p == "Nguyen Duc Tuy" and "Kon Tum" in b for p, _, b in posts)


def test_title_with_modifier_before_a_prefixed_body_and_the_party_chief_idiom():
    facts = _facts("""Kien Giang Party chief visits islands

    Kien Giang Party chief Do Thanh Binh and Deputy Provincial Party Secretary Lam Minh Thanh visited
    Phu Quoc.""")
    posts = _posts(facts)
    assert ("Do Thanh Binh", "Secretary", "Kien Giang Provincial Party Committee") in posts
    assert ("Lam Minh Thanh", "Deputy Secretary", "Kien Giang Provincial Party Committee") in posts


def test_a_nomination_is_not_a_post_and_acting_is_a_title_of_its_own():
    facts = _facts("""Ca Mau personnel

    The Provincial Party Committee is nominating Mr. Huynh Quoc Viet for election to the post of Chairman of
    the Provincial People's Committee. Mr. Lu Van Hung, Acting Director of the Department of Health, attended.""")
    posts = _posts(facts, None)
    assert not any(p == "Huynh Quoc Viet" and r == "Chairman" for p, r, _ in posts)
    assert ("Lu Van Hung", "Acting Director", "Ca Mau Department of Health") in posts


def test_inverted_party_board_names_are_the_same_body():
    """"the Propaganda Department of the X Provincial Party Committee" is "X Provincial Party Propaganda
    Department"; "the Office of the Provincial Party Committee" its Party Committee Office."""
    facts = _facts("""Tay Ninh appoints board heads

    Mr. Nguyen Thanh Ngoc was appointed Head of the Propaganda Department of the Tay Ninh Provincial Party
    Committee. Ms. Tran Thi Ha was appointed Chief of the Office of the Provincial Party Committee.""")
    posts = _posts(facts)
    assert ("Nguyen Thanh Ngoc", "Head", "Tay Ninh Provincial Party Propaganda Department") in posts
    assert ("Tran Thi Ha", "Chief", "Tay Ninh Provincial Party Committee Office") in posts


def test_the_city_of_an_article_about_a_city_inside_a_province():
    """"the City Party Committee" after "Ba Ria City Party Committee": that city's, not the province's."""
    facts = _facts("""Ba Ria City merges its boards

    On February 3, the Ba Ria City Party Committee announced the merger of its boards.

    Comrade Le Van Phong, member of the Standing Committee of the City Party Committee, Chairman of the City
    Fatherland Front Committee, was appointed Head of the City Party Committee's Propaganda and Mass
    Mobilization Department.""", site="baobariavungtau.com.vn")
    posts = _posts(facts)
    assert ("Le Van Phong", "Member", "Ba Ria City Party Standing Committee") in posts
    assert ("Le Van Phong", "Chairman", "Ba Ria City Fatherland Front Committee") in posts   # as printed
    assert ("Le Van Phong", "Head", "Ba Ria City Party Propaganda and Mass Mobilization Department") in posts


def test_fact_box_items_name_the_body_before_the_person():
    """"- Office of the Provincial Party Committee: Ms. X was appointed Chief of Office;"."""
    facts = _facts("""Tra Vinh sets up advisory agencies

    The Standing Committee handed over the decisions:

    - Office of the Provincial Party Committee: Ms. Thach Thi Dan was appointed Chief of Office;

    - Internal Affairs Commission of the Provincial Party Committee: Mr. Kim Ngoc Thai was appointed Head;

    - Inspection Commission of the Provincial Party Committee: Mr. Son Thanh Liem was appointed Chairman.""")
    posts = _posts(facts)
    assert ("Thach Thi Dan", "Chief", "Tra Vinh Provincial Party Committee Office") in posts
    assert ("Kim Ngoc Thai", "Head", "Tra Vinh Provincial Party Internal Affairs Commission") in posts
    assert ("Son Thanh Liem", "Chairman", "Tra Vinh Provincial Party Inspection Commission") in posts


def test_a_title_without_its_body_leads_the_body_the_sentence_named():
    facts = _facts("""Da Nang council leadership

    The Da Nang City People's Council is now led by Chairman Ngo Xuan Thang, with Mr. Tran Phuoc Son and
    Ms. Nguyen Thi Anh Thi as Vice Chairmen.""")
    posts = _posts(facts)
    council = "Da Nang City People's Council"
    assert {("Ngo Xuan Thang", "Chairman", council), ("Tran Phuoc Son", "Vice Chairman", council),
            ("Nguyen Thi Anh Thi", "Vice Chairman", council)} <= posts
    assert not any(p == "Ngo Xuan Thang" and r == "Vice Chairman" for p, r, _ in posts)


def test_a_provincial_police_and_its_departments():
    """Each department of a provincial police is a body of its own under the police; "as its Head"."""
    facts = _facts("""Bac Giang Police reshuffles department heads

    Major General Nguyen Quoc Toan, Director of the Bac Giang Provincial Police, chaired the ceremony.

    Colonel Than Van Dung, Head of the Criminal Police Department, was transferred to the Traffic Police
    Department as its Head. Lieutenant Colonel Giap Van Nam, Deputy Head of the Logistics Department, was
    appointed Head of the Logistics Department.""")
    posts = _posts(facts)
    assert ("Nguyen Quoc Toan", "Director", "Bac Giang Provincial Police") in posts
    assert ("Than Van Dung", "Head", "Bac Giang Provincial Police Traffic Police Department") in posts
    assert ("Giap Van Nam", "Head", "Bac Giang Provincial Police Logistics Department") in posts
    assert facts.bodies["bac-giang-provincial-police-logistics-department"].parent == "bac-giang-provincial-police"


def test_a_unit_at_the_end_of_a_chain_scopes_the_titles_before_it():
    """"Party Secretary and Chairman of the People's Council of Vinh Yen ward": the ward's bodies both."""
    facts = _facts("""Vinh Phuc council elects a vice chairman

    The Provincial People's Council elected Mr. Nguyen Van Khoi, member of the Standing Committee of the
    Provincial Party Committee, Party Secretary and Chairman of the People's Council of Vinh Yen ward, as Vice
    Chairman of the Provincial People's Council.""")
    posts = _posts(facts)
    assert ("Nguyen Van Khoi", "Secretary", "Vinh Yen Ward Party Committee") in posts
    assert ("Nguyen Van Khoi", "Chairman", "Vinh Yen Ward People's Council") in posts
    assert ("Nguyen Van Khoi", "Member", "Vinh Phuc Provincial Party Standing Committee") in posts
    assert ("Nguyen Van Khoi", "Vice Chairman", "Vinh Phuc Provincial People's Council") in posts


def test_a_person_named_like_a_province_and_titles_of_the_body_a_board_belongs_to():
    """"Mr. Ha Nam" is a person, and his name scopes nothing; the Vice Chairpersons of "the Standing Board of
    the People's Council" are the Council's."""
    facts = _facts("""Ninh Binh council completes its leadership

    Mr. Ha Nam, Deputy Secretary of the Ninh Binh Provincial Party Committee, was elected Chairman of the
    Provincial People's Council.

    The Standing Board of the Provincial People's Council now has one Chairman and two Vice Chairpersons,
    Mrs. Dinh Thi Lan and Mr. Bui Quang Thang.""")
    posts = _posts(facts)
    assert ("Ha Nam", "Chairman", "Ninh Binh Provincial People's Council") in posts
    assert ("Ha Nam", "Deputy Secretary", "Ninh Binh Provincial Party Committee") in posts
    assert {("Dinh Thi Lan", "Vice Chairman", "Ninh Binh Provincial People's Council"),
            ("Bui Quang Thang", "Vice Chairman", "Ninh Binh Provincial People's Council")} <= posts


def test_a_career_sentence_tells_posts_held_before():
    """"He has worked as A; B; and C, all in the former X province": former posts, scoped to X."""
    facts = _facts("""Quang Tri council elects a new chairman

    Mr. Nguyen Dang Quang, Deputy Secretary of the Provincial Party Committee, was elected Chairman of the
    Quang Tri Provincial People's Council.

    He has worked as Deputy Secretary of the District Party Committee and Chairman of the People's Committee
    of Bo Trach district; Director of the Department of Finance; and Head of the Organization Committee of the
    Provincial Party Committee, all in the former Quang Binh province.""")
    current, former = _posts(facts), _posts(facts, "former")
    assert ("Nguyen Dang Quang", "Chairman", "Quang Tri Provincial People's Council") in current
    assert {("Nguyen Dang Quang", "Deputy Secretary", "Bo Trach District Party Committee"),
            ("Nguyen Dang Quang", "Chairman", "Bo Trach District People's Committee"),
            ("Nguyen Dang Quang", "Director", "Quang Binh Department of Finance"),
            ("Nguyen Dang Quang", "Head", "Quang Binh Provincial Party Organization Committee")} <= former
    assert not any("Quang Tri" in b for p, r, b in former)


def test_a_relief_ends_the_post_it_names_not_the_one_given_after_it():
    facts = _facts("""Bac Ninh council relieves its chairman

    The Provincial People's Council relieved Mr. Nguyen Huong Giang of the post of Chairman of the Bac Ninh
    Provincial People's Council, as he has been transferred and appointed Deputy Minister of Home Affairs.""")
    assert ("Nguyen Huong Giang", "Chairman", "Bac Ninh Provincial People's Council") in _posts(facts, "former")
    assert ("Nguyen Huong Giang", "Deputy Minister", "Ministry of Home Affairs") in _posts(facts)


def test_an_executive_committee_chooses_its_secretaries_from_its_members():
    """A term ("17th-term", "of the 16th legislature") qualifies a sitting, not a new body; Deputy Secretaries
    listed after "were also chosen" were elected, and so are Members; "the post of its Chairwoman"."""
    facts = _facts("""Yen Bai Party Committee elects its leaders

    The first meeting of the 17th-term Yen Bai Provincial Party Executive Committee chose Mr. Tran Huy Tuan
    to stay on as Secretary.

    Two Deputy Secretaries of the 17th-term Provincial Party Committee were also chosen. They are:

    - Mr. Ta Van Long, Chairman of the Provincial People's Committee of the 16th term;

    - Ms. Hoang Thi Kim Thu - Head of the provincial delegation of National Assembly deputies of the 15th
    legislature.

    The Inspection Commission of the 17th-term Provincial Party Committee has 11 members, and Ms. Lo Thi Huong
    was entrusted with the post of its Chairwoman.""")
    posts = _posts(facts)
    party = "Yen Bai Provincial Party Committee"
    assert ("Tran Huy Tuan", "Secretary", party) in posts
    for person in ("Ta Van Long", "Hoang Thi Kim Thu"):
        assert (person, "Deputy Secretary", party) in posts
        assert (person, "Member", party) in posts
    assert ("Hoang Thi Kim Thu", "Head", "Yen Bai Provincial National Assembly Delegation") in posts
    assert ("Lo Thi Huong", "Chairman", "Yen Bai Provincial Party Inspection Commission") in posts
    assert not any("term" in b.name.lower() or "17th" in b.name for b in facts.bodies.values())


def test_verbs_of_heading_give_the_leaders_title_of_the_body():
    """"will take the chair of", "will be headed by", "assigned to head", "Leading X as Secretary is Y": the
    title is what such a body's head is called (its Chairman, Director, Head, Secretary)."""
    facts = _facts("""New Da Nang City takes shape

    Leading the new city's Party Committee as Secretary is Nguyen Van Quang, a member of the Party Central
    Committee. Luong Nguyen Minh Triet, Deputy Secretary of the Quang Nam Provincial Party Committee, will take
    the chair of the municipal People's Council. The municipal People's Committee, meanwhile, will be headed by
    Le Trung Chinh.

    Mr. Phan Thai Binh was assigned to head the new Department of Finance.""")
    posts = _posts(facts)
    assert ("Nguyen Van Quang", "Secretary", "Da Nang City Party Committee") in posts
    assert ("Nguyen Van Quang", "Member", "Party Central Committee") in posts
    assert not any(r == "Secretary" and b == "Party Central Committee" for _, r, b in posts)
    assert ("Luong Nguyen Minh Triet", "Chairman", "Da Nang City People's Council") in posts
    assert ("Le Trung Chinh", "Chairman", "Da Nang City People's Committee") in posts
    assert ("Phan Thai Binh", "Director", "Da Nang Department of Finance") in posts


def test_a_chapter_of_an_agency_is_a_body_of_its_kind_within_it():
    """"the Party Committee of the Provincial People's Committee", "the Party Executive Committee of the
    Ministry of Industry and Trade": Party Committees of those bodies, which a Secretary leads."""
    facts = _facts("""Kon Tum agencies elect Party leaders

    Mr. Y Ngoc was elected Secretary of the Party Committee of the Provincial People's Committee. Ms. Nguyen
    Thi Lien was a member of the Party Executive Committee of the Ministry of Industry and Trade.""")
    posts = _posts(facts, None)
    assert ("Y Ngoc", "Secretary", "Party Committee of Kon Tum Provincial People's Committee") in posts
    assert ("Nguyen Thi Lien", "Member", "Party Committee of Ministry of Industry and Trade") in posts
    body = facts.bodies["party-committee-of-kon-tum-provincial-peoples-committee"]
    assert (body.kind, body.parent) == ("party-committee", "kon-tum-provincial-peoples-committee")


def test_connectors_handed_posts_and_announced_elections():
    """A glued connector ("Deputy Secretary-cum-Chairman"), a post that "went to" someone, a seat on a
    committee, and an election announced for a post whose winner a later sentence names."""
    facts = _facts("""Ha Giang council by-election

    Mr. Thao Hong Son, Deputy Secretary-cum-Chairman of the Provincial People's Council, chaired the session.
    The post of Standing Deputy Head of the Provincial National Assembly Delegation went to Mrs. Sung Thi Lan.
    Mr. Nguyen Manh Dung won a seat on the Standing Committee of the Provincial Party Committee.

    The council then held a by-election for a member of the Provincial People's Committee. Mr. Vang Seo Ho,
    Director of the Department of Finance, won with 47 of the 50 votes.""")
    posts = _posts(facts)
    assert ("Thao Hong Son", "Chairman", "Ha Giang Provincial People's Council") in posts
    assert ("Sung Thi Lan", "Standing Deputy Head", "Ha Giang Provincial National Assembly Delegation") in posts
    assert ("Nguyen Manh Dung", "Member", "Ha Giang Provincial Party Standing Committee") in posts
    assert ("Vang Seo Ho", "Member", "Ha Giang Provincial People's Committee") in posts
    assert ("Vang Seo Ho", "Director", "Ha Giang Department of Finance") in posts


def test_a_gapped_list_of_appointments():
    """"A is appointed Director of X, B Director of Y and C Director of Z": each name owns the title after it."""
    facts = _facts("""Ca Mau appoints directors of merged departments

    Under the decisions, Tran Van Dep is appointed Director of the Department of Finance, Ly Thi Hoa Director
    of the Department of Construction and Quach Van Lam Director of the Department of Home Affairs.""")
    posts = _posts(facts)
    assert {("Tran Van Dep", "Director", "Ca Mau Department of Finance"),
            ("Ly Thi Hoa", "Director", "Ca Mau Department of Construction"),
            ("Quach Van Lam", "Director", "Ca Mau Department of Home Affairs")} == {
        p for p in posts if p[1] == "Director"}
    assert all(m.change == "appointed" for m in facts.memberships if m.role == "Director")


def test_an_article_about_several_provinces_scopes_each_sentence_to_its_own():
    """A headline naming several provinces: a sentence naming one is about it, and so are the sentences of its
    paragraph that name none ("Mr. X ... Head of the Provincial Party Organization Committee")."""
    facts = _facts("""Bac Kan, Cao Bang and Lao Cai elect new Party secretaries

    In Bac Kan, the new Executive Committee voted Hoang Duy Chinh Secretary of the Provincial Party Committee.

    Cao Bang's congress ended with Tran Hong Minh elected Secretary of the Provincial Party Committee. Before
    the vote, he was Head of the Provincial Party Organization Committee.

    Lao Cai delegates elected Dang Xuan Phong as Secretary of the Provincial Party Committee.""")
    posts = _posts(facts)
    assert ("Hoang Duy Chinh", "Secretary", "Bac Kan Provincial Party Committee") in posts
    assert ("Tran Hong Minh", "Secretary", "Cao Bang Provincial Party Committee") in posts
    assert ("Dang Xuan Phong", "Secretary", "Lao Cai Provincial Party Committee") in posts
    assert ("Tran Hong Minh", "Head", "Cao Bang Provincial Party Organization Committee") in _posts(facts, None)
    assert all(m.change == "elected" for m in facts.memberships if m.role == "Secretary")


def test_a_person_named_like_a_province_addressed_by_a_title_or_an_apposition():
    """"Ha Nam, Deputy Secretary of ..." and "Chairman Ha Nam" are a person; "HA NAM - Deputy Secretary X"
    is a dateline; "President Ho Chi Minh's teachings" names no actor of the news."""
    facts = _facts("""Ninh Binh council chairman

    NINH BINH - Ha Nam, Deputy Secretary of the Provincial Party Committee, is the new Chairman of the Ninh Binh
    Provincial People's Council.

    Chairman Ha Nam said the council would follow President Ho Chi Minh's teachings. He was previously Head of
    the Provincial Party Organization Committee.""")
    assert "Ha Nam" in _people(facts) and "Ninh Binh" not in _people(facts)
    assert "Ho Chi Minh" not in _people(facts)
    assert ("Ha Nam", "Chairman", "Ninh Binh Provincial People's Council") in _posts(facts)
    assert ("Ha Nam", "Head", "Ninh Binh Provincial Party Organization Committee") in _posts(facts, "former")


def test_the_merged_department_is_the_one_told_so_far_and_its_deputies_follow_it():
    """"the merged department" refers back to the merger told before it, not to one the article tells later;
    "Its Deputy Directors are ..." follows it; "were also named:" leads a list whose items carry own titles."""
    facts = _facts("""Dien Bien sets up merged departments

    The Department of Home Affairs was established by merging the Department of Labour, Invalids and Social
    Affairs and the Department of Home Affairs. Ms. Lo Thi Luong, Director of the Department of Home Affairs,
    continues as Director of the merged department. Its three Deputy Directors are Mr. Vi Van Son, Ms. Lo Thi
    Hoa and Mr. Ca Van Ngoc.

    The Department of Culture and Sports and the Department of Tourism were merged into the Department of
    Culture, Sports and Tourism.

    Three Deputy Secretaries of the Dien Bien Provincial Party Committee were also named: Mua A Son, Standing
    Deputy Secretary; Le Thanh Do, who is also Chairman of the Provincial People's Committee; and Lo Van Phuong.""")
    posts = _posts(facts)
    home = "Dien Bien Department of Home Affairs"
    assert {("Vi Van Son", "Deputy Director", home), ("Lo Thi Hoa", "Deputy Director", home),
            ("Ca Van Ngoc", "Deputy Director", home)} <= posts
    assert not any("Tourism" in b for _, r, b in posts if r == "Deputy Director")
    party = "Dien Bien Provincial Party Committee"
    assert {("Mua A Son", "Deputy Secretary", party), ("Le Thanh Do", "Deputy Secretary", party),
            ("Lo Van Phuong", "Deputy Secretary", party)} <= posts
    assert ("Le Thanh Do", "Chairman", "Dien Bien Provincial People's Committee") in posts


def test_only_a_provinces_own_fields_make_a_provincial_department():
    """"Department of Finance" is the province's; "the Department of Locality 3" of a central commission and
    "the Central Emulation and Commendation Department" are not scoped to the article's province."""
    facts = _facts("""Lao Cai honours mass mobilisation models

    The Central Propaganda and Mass Mobilization Commission sent Ha Van Thanh, Head of its Department of
    Locality 3. Also present were Do Minh Tuan, Deputy Head of the Central Emulation and Commendation
    Department, and Giang A Tung, Director of the Department of Finance.""")
    posts = _posts(facts)
    assert ("Ha Van Thanh", "Head", "Department of Locality 3") in posts
    assert ("Do Minh Tuan", "Deputy Head", "Central Emulation and Commendation Department") in posts
    assert ("Giang A Tung", "Director", "Lao Cai Department of Finance") in posts


def test_joining_committees_and_plural_subjects_referring_back():
    """"appointed to the Executive Committee and the Standing Committee of X", "He will also join the Party
    Committee of Military Region 4", "A, Chairman of X, and B, Chairman of Y, are Deputy Secretaries of Z",
    "Both were elected to the Executive Committee": each is a membership of the persons it names."""
    facts = _facts("""Quang Tri Party Committee leadership

    Under the decision, Le Quang Tung is transferred to Quang Tri, appointed to the Executive Committee and the
    Standing Committee of the Quang Tri Provincial Party Committee, and named Secretary of the Provincial Party
    Committee. He will also join the Party Committee of Military Region 4.

    Vo Van Hung, Chairman of the Provincial People's Committee, and Ho Thi Minh, Chairwoman of the Provincial
    Vietnam Fatherland Front Committee, are Deputy Secretaries of the Provincial Party Committee. Both were
    elected to the Executive Committee of the Provincial Party Committee at the congress.""")
    posts = _posts(facts)
    party, standing = "Quang Tri Provincial Party Committee", "Quang Tri Provincial Party Standing Committee"
    assert {("Le Quang Tung", "Member", party), ("Le Quang Tung", "Member", standing),
            ("Le Quang Tung", "Secretary", party),
            ("Le Quang Tung", "Member", "Military Region 4 Party Committee")} <= posts
    for person in ("Vo Van Hung", "Ho Thi Minh"):
        assert {(person, "Deputy Secretary", party), (person, "Member", party)} <= posts


def test_national_bodies_are_never_scoped_to_the_articles_province():
    """The Fatherland Front's and the mass organisations' central bodies, "Vietnam ..." organisations, the
    National Assembly Standing Committee and other "Central ..." commissions are national, in any article."""
    facts = _facts("""Kon Tum welcomes central delegation

    Attending were Nguyen Thi Thu Ha, Vice Chairwoman of the Central Committee of the Vietnam Fatherland Front;
    Ha Thi Nga, President of the Vietnam Women's Union; Le Quang Huy, member of the National Assembly Standing
    Committee; and Pham Tat Thang, Deputy Head of the Central Policy and Strategy Committee.""")
    posts = _posts(facts)
    assert ("Nguyen Thi Thu Ha", "Vice Chairman", "Vietnam Fatherland Front Central Committee") in posts
    assert ("Ha Thi Nga", "President", "Vietnam Women's Union") in posts
    assert ("Le Quang Huy", "Member", "National Assembly Standing Committee") in posts
    assert ("Pham Tat Thang", "Deputy Head", "Central Policy and Strategy Committee") in posts
    assert not any("Kon Tum" in b for _, _, b in posts)


def test_party_titles_printed_bare_beside_a_places_titles_are_its_party_committees():
    """"X, Standing Deputy Secretary, Chairwoman of the Hoi An Ward People's Council": the ward's Party
    Committee; a bare Party title is never the People's Council's."""
    facts = _facts("""Da Nang: Hoi An holds its first ward congress

    Ms. Ly Thi Vinh, Standing Deputy Secretary, Chairwoman of the Hoi An Ward People's Council, and Mr. Dinh Van
    Thu, Deputy Secretary, Chairman of the Provincial People's Committee, attended.""")
    posts = _posts(facts)
    assert ("Ly Thi Vinh", "Standing Deputy Secretary", "Hoi An Ward Party Committee") in posts
    assert ("Dinh Van Thu", "Deputy Secretary", "Da Nang City Party Committee") in posts
    assert not any(r.endswith("Secretary") and "Council" in b for _, r, b in posts)


def test_an_office_named_as_the_author_of_an_act_is_nobodys_title():
    """"Under the decision of the Prime Minister, Mr. X was appointed ...": X is not the Prime Minister."""
    facts = _facts("""Kien Giang deputy minister

    Under the decision of the Prime Minister, Mr. Tran Van Son was appointed Deputy Minister of Home Affairs.
    On behalf of the State President, Ms. Lam Thi Huong presented the Labour Order.""")
    posts = _posts(facts)
    assert ("Tran Van Son", "Deputy Minister", "Ministry of Home Affairs") in posts
    assert not any(r in {"Prime Minister", "President"} for _, r, _ in posts)


def test_compound_military_titles_and_a_provincial_capital_named_after_its_province():
    facts = _facts("""Tra Vinh and Cao Bang officers

    Lieutenant Colonel Thach Ngoc Son, Deputy Chief of Staff of Military Region 9, read the decision. Mr. Be
    Van Tam, Secretary of the Cao Bang City Party Committee, will take part in the Standing Committee of the
    Provincial Party Committee.""", site="baocaobang.vn")
    posts = _posts(facts)
    assert ("Thach Ngoc Son", "Deputy Chief of Staff", "Military Region 9") in posts
    assert ("Be Van Tam", "Secretary", "Cao Bang City Party Committee") in posts
    assert ("Be Van Tam", "Member", "Cao Bang Provincial Party Standing Committee") in posts


def test_its_refers_to_what_the_sentence_before_was_about():
    """"The Department of X is headed by Mr. A, previously Director of the Department of Y. Its Deputy Directors
    are ...": the department the sentence is about, not the one last named; after a merger, the body formed;
    "the new department" is the merger's result named last."""
    facts = _facts("""Hung Yen appoints department leaders

    Seven departments were merged into four: the Department of Planning and Investment and the Department of
    Finance into the Department of Finance, and the Department of Transport and the Department of Construction
    into the Department of Construction.

    Mr. Dao Van Hoa, Director of the Department of Planning and Investment, was appointed Director of the
    Department of Finance. Mr. Vu Van Tien and Ms. Le Thi Hang were appointed Deputy Directors of the new
    department.

    The Department of Home Affairs is headed by Mr. Tran Quoc Toan, previously Director of the Department of
    Labour, Invalids and Social Affairs. Its Deputy Directors are Mr. Pham Van Kien and Mr. Do Van Long.""",
        site="baohungyen.vn")
    posts = _posts(facts)
    finance, home = "Hung Yen Department of Finance", "Hung Yen Department of Home Affairs"
    assert {("Vu Van Tien", "Deputy Director", finance), ("Le Thi Hang", "Deputy Director", finance)} <= posts
    assert {("Pham Van Kien", "Deputy Director", home), ("Do Van Long", "Deputy Director", home)} <= posts


def test_a_persons_titles_from_elsewhere_in_the_sentence_keep_their_own_places():
    """A list's "members of the Standing Committee" is the province's even when the listed person's own title
    is a city's; "join the Party Committee and the Standing Board of the central province of Quang Nam" is
    Quang Nam's, described before its name."""
    facts = _facts("""Quang Ngai Party Committee elects its Standing Committee

    The other members of the Standing Committee are: Dinh Thi Hong Minh, Head of the Provincial Party
    Committee's Propaganda Commission; and Tran Phuoc Hien, Secretary of the Quang Ngai City Party Committee.

    The Politburo had earlier assigned Mr. Luong Nguyen Minh Triet to join the Party Committee and the Standing
    Board of the central province of Quang Nam.""", site="baoquangngai.vn")
    posts = _posts(facts)
    standing = "Quang Ngai Provincial Party Standing Committee"
    assert {("Dinh Thi Hong Minh", "Member", standing), ("Tran Phuoc Hien", "Member", standing)} <= posts
    assert ("Tran Phuoc Hien", "Secretary", "Quang Ngai City Party Committee") in posts
    assert {("Luong Nguyen Minh Triet", "Member", "Quang Nam Provincial Party Committee"),
            ("Luong Nguyen Minh Triet", "Member", "Quang Nam Provincial Party Standing Committee")} <= posts


def test_a_colon_list_takes_its_verb_and_relative_clauses_give_titles():
    """"Two Deputy Secretaries were elected: A, who will serve as Standing Deputy Secretary, and B, ...": both
    elected Deputy Secretaries (and Members, an Executive Committee having elected them), A's clause a title."""
    facts = _facts("""Bac Kan Party Executive Committee meets

    At its first meeting the new Executive Committee elected the Secretary. Two Deputy Secretaries of the
    Provincial Party Committee were elected: Mr. Phuong Thi Thanh, who will serve as Standing Deputy Secretary,
    and Ms. Nong Quang Nhat, Chairwoman of the Provincial People's Council.""")
    posts = _posts(facts)
    party = "Bac Kan Provincial Party Committee"
    for person in ("Phuong Thi Thanh", "Nong Quang Nhat"):
        assert (person, "Deputy Secretary", party) in posts and (person, "Member", party) in posts
    assert ("Phuong Thi Thanh", "Standing Deputy Secretary", party) in posts
    assert all(m.change == "elected" for m in facts.memberships if m.role == "Deputy Secretary")


def test_a_given_name_that_is_also_a_feature_noun_is_kept_when_the_name_is_titled():
    """Given names such as Bay or Hill are also nouns of features ("Ha Long Bay"): after an address word or a
    title, or before a title that describes them, they end a name; before a title that addresses another
    name, or untitled, they stay a place."""
    facts = _facts("""Ha Tinh district leaders visit the coast

    Mr. Phan Van Bay, Secretary of the Nghi Xuan District Party Committee, led the delegation to Xuan Thanh Bay.

    Nearby Vung Ang Bay, Chairman Tran Van Hoa said, needs a new port.""")
    assert ("Phan Van Bay", "Secretary", "Nghi Xuan District Party Committee") in _posts(facts)
    assert "Vung Ang Bay" not in _people(facts) and "Xuan Thanh Bay" not in _people(facts)
    assert "Tran Van Hoa" in _people(facts)


def test_a_part_of_a_body_named_with_a_possessive_is_that_bodys():
    """'the council's Ethnic Affairs Committee': a head noun with "'s" stands for the body of that head named
    before, and the part is that body's; of two such bodies, the one whose part is of a known kind ("the
    committee's Organization Commission" after "the Party Standing Committee" is the Party Committee's)."""
    facts = _facts("""Kon Tum council and Party make personnel changes

    Mr. A Pot, Chairman of the Kon Tum Provincial People's Council, chaired the sitting. Deputies elected
    Ms. Y Thi Hoa Head of the council's Ethnic Affairs Committee.

    The Kon Tum Provincial Party Standing Committee appointed Mr. Le Van Duong Head of the committee's
    Organization Commission.

    Mr. Ha Van Son, Deputy Director of the Department of Logistics of the Ministry of National Defence, and
    Mr. Tran Van Toan, Director of the Ministry's Department of Personnel, attended.""")
    posts = _posts(facts)
    assert ("Y Thi Hoa", "Head", "Ethnic Affairs Committee of Kon Tum Provincial People's Council") in posts
    assert ("Le Van Duong", "Head", "Kon Tum Provincial Party Organization Commission") in posts
    assert ("Tran Van Toan", "Director", "Department of Personnel of Ministry of National Defence") in posts


def test_a_part_under_a_body_is_that_bodys_and_keeps_its_printed_kind_word():
    """'the Department of X under the Ministry of Y' is the Ministry's department, as 'of' would say, and a
    department under the province's People's Committee is the province's; 'under Decision No. 12' names no
    body. A police unit keeps the kind word printed for it (Division, Department): one body either way."""
    facts = _facts("""Nghe An police and departments receive new leaders

    Colonel Tran Van Hoa was appointed Director of the Department of Cyber Security under the Ministry of
    Public Security. Mr. Le Van Sau is Deputy Director of the Department of Finance under the Nghe An
    Provincial People's Committee.

    Mr. Le Van Bay was appointed Director of the Department of Construction under Decision No. 12 of the
    Provincial People's Committee.

    Lieutenant Colonel Ho Van Khanh, Head of the Criminal Police Division, was appointed Deputy Director of the
    Nghe An Provincial Police. Major Dinh Van Lam, Head of the Economic Police Department of the Nghe An
    Provincial Police, attended.""")
    posts = _posts(facts)
    assert ("Tran Van Hoa", "Director", "Department of Cyber Security of Ministry of Public Security") in posts
    assert ("Le Van Sau", "Deputy Director", "Nghe An Department of Finance") in posts
    assert ("Le Van Bay", "Director", "Nghe An Department of Construction") in posts
    assert ("Ho Van Khanh", "Head", "Nghe An Provincial Police Criminal Police Division") in posts
    assert ("Dinh Van Lam", "Head", "Nghe An Provincial Police Economic Police Department") in posts
    ids = {facts.bodies[m.body].name: m.body for m in facts.memberships}
    assert ids["Nghe An Provincial Police Criminal Police Division"].endswith("criminal-police-department")


def test_the_city_of_a_province_level_city_is_that_city():
    """In an article of a province-level city (Can Tho, Hai Phong, ...), 'of City Party Committee' with or
    without 'the' is the city's provincial Party Committee, as 'the City People's Committee' is."""
    facts = _facts("""Can Tho City Party Committee reviews personnel work

    The Can Tho City Party Committee held a conference on Monday.

    Mrs. Tran Thi Lan, Deputy Head of the Propaganda and Mass Mobilization Commission of City Party Committee,
    chaired the event. Mr. Ho Van Nam, Deputy Head of the Organisation Commission of the City Party Committee,
    spoke.""")
    posts = _posts(facts)
    assert ("Tran Thi Lan", "Deputy Head", "Can Tho City Party Propaganda and Mass Mobilization Commission") in posts
    assert ("Ho Van Nam", "Deputy Head", "Can Tho City Party Organisation Commission") in posts


def test_an_items_own_title_says_the_lists_post_more_exactly():
    """A list of the holders of one post ("four Deputy Secretaries:", "Two Deputy Secretaries were elected:")
    whose item prints a title with no body of its own that ends in the list's ("Standing Deputy Secretary"):
    that item holds the more exact post too, in the list's body."""
    facts = _facts("""Ha Nam Party Committee names its leaders

    Mr. Le Thanh Nam was appointed Secretary of the Ha Nam Provincial Party Committee.

    The provincial Party Committee will have three Deputy Secretaries:

    - Ms. Dinh Thi Lua, Standing Deputy Secretary;

    - Mr. Tran Xuan Dung, Deputy Secretary, Chairman of the Provincial People's Committee.

    At the Ha Nam Provincial People's Council, two Vice Chairmen were elected: Mr. Luu Van Tam, who will serve
    as Standing Vice Chairman, and Ms. Pham Thi Hoa, Head of the council's Legal Committee.""")
    posts = _posts(facts)
    assert ("Dinh Thi Lua", "Standing Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Dinh Thi Lua", "Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Tran Xuan Dung", "Standing Deputy Secretary", "Ha Nam Provincial Party Committee") not in posts
    assert ("Tran Xuan Dung", "Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Luu Van Tam", "Standing Vice Chairman", "Ha Nam Provincial People's Council") in posts
    assert ("Pham Thi Hoa", "Vice Chairman", "Ha Nam Provincial People's Council") in posts


def test_a_post_given_with_no_body_is_of_the_body_in_focus_named_with_its_head_word():
    """'Mr. A was elected Standing Vice Chairman' with no body: the post is in the body the report is about, as
    'the Standing Vice Chairman' would be; 'Chairwoman of the federation' is of the body whose name has the
    word 'federation' (not the 'Confederation' named last), and 'Head of the committee' of the committee named
    earlier in that sentence."""
    facts = _facts("""Ha Nam Labour Federation holds congress

    On December 5, the Ha Nam Provincial Labour Federation held its congress. Ms. Ngo Thi Lan, Vice President
    of the Vietnam General Confederation of Labour, attended.

    The Executive Committee elected Ms. Vu Thi Hue, Chairwoman of the federation since 2023, as Chairwoman of
    the Ha Nam Provincial Labour Federation for the new term.

    Mr. Nguyen Van Quy was elected Standing Vice Chairman, while Ms. Tran Thi Mai was elected Vice
    Chairwoman.

    Ms. Do Thi Thu, Deputy Head of the Legal Committee of the Provincial People's Council, was elected Head of
    the committee.""")
    posts = _posts(facts)
    assert ("Vu Thi Hue", "Chairman", "Ha Nam Provincial Labour Federation") in posts
    assert not any(p[0] == "Vu Thi Hue" and "Confederation" in p[2] for p in _posts(facts, None))
    assert ("Nguyen Van Quy", "Standing Vice Chairman", "Ha Nam Provincial Labour Federation") in posts
    assert ("Tran Thi Mai", "Vice Chairman", "Ha Nam Provincial Labour Federation") in posts
    assert ("Do Thi Thu", "Head", "Ha Nam Provincial People's Council Legal Committee") in posts


def test_a_post_after_as_a_and_titled_names_before_a_plural_verb():
    """'elected A, Head of X, as a Vice Chairwoman of Y' and 'appointed as one of the Vice Chairmen of Y': the
    post after 'as' with an article; 'Chairman of X A and Chairwoman of Y B were elected Deputy Secretaries':
    each name of the subject, its own title printed before it, takes the plural post."""
    facts = _facts("""Ha Nam council and Party elect leaders

    The Ha Nam Provincial People's Council held its session. Deputies elected Ms. Tran Thi Lan, Head of the
    council's Legal Committee, as a Vice Chairwoman of the Ha Nam Provincial People's Council. Mr. Le Van Hung
    was appointed as one of the Vice Chairmen of the Provincial People's Committee.

    Chairman of the Provincial People's Committee Truong Quoc Huy and Chairwoman of the Provincial People's
    Council Le Thi Thuy were elected Deputy Secretaries of the Ha Nam Provincial Party Committee.""")
    posts = _posts(facts)
    assert ("Tran Thi Lan", "Vice Chairman", "Ha Nam Provincial People's Council") in posts
    assert ("Tran Thi Lan", "Head", "Ha Nam Provincial People's Council Legal Committee") in posts
    assert ("Le Van Hung", "Vice Chairman", "Ha Nam Provincial People's Committee") in posts
    for person in ("Truong Quoc Huy", "Le Thi Thuy"):
        assert (person, "Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Truong Quoc Huy", "Chairman", "Ha Nam Provincial People's Committee") in posts
    assert ("Le Thi Thuy", "Chairman", "Ha Nam Provincial People's Council") in posts


def test_units_named_in_a_list_are_not_what_the_ward_refers_to():
    """'the ward Party Committee' is the ward the article named alone, not the last of a list of merged wards
    ('Le Hong Phong, Thanh Chau and Chau Son wards were merged'); in the report of an Executive Committee's
    election, its Secretary and its Deputy Secretaries, elected or appointed, are its Members."""
    facts = _facts("""Phu Ly Ward Party Committee holds its first congress

    On August 12, the Phu Ly Ward Party Committee held its first congress. The new Phu Ly ward was formed when
    Le Hong Phong, Thanh Chau and Chau Son wards were merged.

    The congress elected the Executive Committee. Mr. Tran Quang Khai was elected Secretary of the ward Party
    Committee for the new term.

    The ward Party Committee has two Deputy Secretaries. They are:

    - Ms. Nguyen Thi Hoa, Chairwoman of the Ward People's Council;

    - Mr. Dinh Van Toan, Chairman of the Ward People's Committee.""")
    posts = _posts(facts)
    party = "Phu Ly Ward Party Committee"
    assert ("Tran Quang Khai", "Secretary", party) in posts and ("Tran Quang Khai", "Member", party) in posts
    for person in ("Nguyen Thi Hoa", "Dinh Van Toan"):
        assert (person, "Deputy Secretary", party) in posts and (person, "Member", party) in posts
    assert not any("Chau Son" in body for _, _, body in posts)


def test_a_post_kept_with_no_body_is_of_the_body_in_focus():
    """'Y continues as Standing Vice Chairwoman', 'X remains Vice Chairman' (verbs of keeping a post,
    ontology/roles.toml [grammar] kept) with no body: the post is in the body the report is about."""
    facts = _facts("""Ha Nam Fatherland Front congress elects its leaders

    On August 20, the Vietnam Fatherland Front Committee of Ha Nam province held its congress for the
    2024-2029 term. The congress elected Mr. Tran Van Chung Chairman of the Ha Nam Provincial Vietnam
    Fatherland Front Committee.

    Ms. Dinh Thi Hong continues as Standing Vice Chairwoman, while Mr. Le Van Tuan remains Vice Chairman.""")
    posts = _posts(facts)
    front = "Ha Nam Provincial Vietnam Fatherland Front Committee"
    assert ("Tran Van Chung", "Chairman", front) in posts
    assert ("Dinh Thi Hong", "Standing Vice Chairman", front) in posts
    assert ("Le Van Tuan", "Vice Chairman", front) in posts


def test_a_verb_of_heading_a_possessed_body_of_no_known_kind():
    """'will also chair the federation's Inspection Committee': a verb of heading before a possessive body;
    the verb is no title 'Chair' of its own; a body of no known kind is chaired by its Chairman and headed by
    its Head."""
    facts = _facts("""Ha Nam Labour Federation elects its leaders

    The Ha Nam Provincial Labour Federation held its congress on December 3.

    Mr. Pham Van Quy will also chair the federation's Inspection Committee, and Ms. Do Thi Hanh will head the
    federation's Women's Affairs Committee.""")
    posts = _posts(facts, None)
    assert ("Pham Van Quy", "Chairman", "Inspection Committee of Ha Nam Provincial Labour Federation") in posts
    assert ("Do Thi Hanh", "Head", "Women's Affairs Committee of Ha Nam Provincial Labour Federation") in posts
    assert {p for p in posts if p[0] == "Pham Van Quy"} == {
        ("Pham Van Quy", "Chairman", "Inspection Committee of Ha Nam Provincial Labour Federation")}


def test_a_title_in_brackets_after_a_name_is_an_apposition():
    """'Nguyen Van A (Head of the Provincial National Assembly Delegation)': a title in brackets after a name
    is that person's, as after a comma; brackets holding no title ('(born 1975)') give nothing."""
    facts = _facts("""Ha Nam Party Committee meets

    The Ha Nam Provincial Party Committee met on Monday.

    Deputy Secretaries: Le Thi Thuy, Nguyen Cao Son (Head of the Provincial National Assembly Delegation)

    The meeting was attended by Mr. Le Van Hai (Director of the Department of Finance) and Ms. Tran Thi Lan
    (born 1975).""")
    posts = _posts(facts)
    assert ("Nguyen Cao Son", "Head", "Ha Nam Provincial National Assembly Delegation") in posts
    assert ("Nguyen Cao Son", "Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Le Van Hai", "Director", "Ha Nam Department of Finance") in posts
    assert not any(p[0] == "Tran Thi Lan" for p in posts)


def test_people_of_a_body_are_that_body_and_its_unowned_department_is_the_ministrys():
    """'Representatives of the Ministry of Home Affairs', 'Leaders of the Provincial People's Committee': words
    with no head noun before 'of' name people of the body, not a body of their own; in such a sentence a
    department of no place and no known kind ('Director of the Local Government Department') is the
    ministry's."""
    facts = _facts("""Ha Nam receives central delegation

    Representatives of the Ministry of Home Affairs were Mr. Vu Dang Minh, Director of the Local Government
    Department, and Ms. Tran Thi Ha, Deputy Director of the ministry's Department of Personnel.

    Leaders of the Provincial People's Committee welcomed the delegation. Mr. Le Van Sau, Director of the
    Department of Finance, attended.""")
    posts = _posts(facts)
    assert ("Vu Dang Minh", "Director", "Local Government Department of Ministry of Home Affairs") in posts
    assert ("Tran Thi Ha", "Deputy Director", "Department of Personnel of Ministry of Home Affairs") in posts
    assert ("Le Van Sau", "Director", "Ha Nam Department of Finance") in posts
    names = {b.name for b in facts.bodies.values()}
    assert not any(n.startswith(("Representatives", "Leaders")) for n in names)
    assert {"Ministry of Home Affairs", "Ha Nam Provincial People's Committee"} <= names


def test_a_title_printed_with_a_hyphen_is_the_same_title():
    """'Vice-Chairman', 'Permanent Vice-Chairwoman', 'Deputy-Director': a hyphen may stand for a space of any
    title's form."""
    facts = _facts("""Ha Nam leaders visit families of war invalids

    Guests were Mr. Nguyen Van Binh, Vice-Chairman of the Vietnam Farmers' Association; Ms. Le Thi Hoa,
    Permanent Vice-Chairwoman of the Ha Nam Provincial People's Committee; and Mr. Tran Van Tu,
    Deputy-Director of the Ha Nam Department of Health.""")
    posts = _posts(facts)
    assert ("Nguyen Van Binh", "Vice Chairman", "Vietnam Farmers' Association") in posts
    assert ("Le Thi Hoa", "Standing Vice Chairman", "Ha Nam Provincial People's Committee") in posts
    assert ("Tran Van Tu", "Deputy Director", "Ha Nam Department of Health") in posts


def test_a_district_in_a_list_whose_name_opens_like_a_unit_word_is_no_person():
    """'Dong Van, Meo Vac, Yen Minh and Quan Ba' (Quản Bạ, whose first word reads like 'quận', a district):
    every item is a district, none a person."""
    facts = _facts("""Ha Giang council closes session

    On July 13, the Ha Giang Provincial People's Council closed its session. Closing the session, Chairwoman
    Vu Thi Lan asked the Provincial People's Committee to focus on the four highland districts of Dong Van,
    Meo Vac, Yen Minh and Quan Ba.""")
    assert _people(facts) == {"Vu Thi Lan"}
    assert {"Quan Ba District", "Yen Minh District"} <= {p.name for p in facts.places.values()}


def test_a_name_never_starts_inside_a_longer_place_name():
    """'the Dien Bien Phu Victory': 'Bien Phu Victory' opens inside the place 'Dien Bien Phu', so it is no
    person, as 'Ma Thuot' in 'Buon Ma Thuot' is not."""
    facts = _facts("""Ha Nam veterans mark anniversary

    Mr. Tran Van Nam attended the 70th anniversary of the Điện Biên Phủ Victory in Ha Nam. Secretary Ha Van
    Son of the Ha Nam Provincial Party Committee met veterans from Buon Ma Thuot City.""")
    assert _people(facts) == {"Tran Van Nam", "Ha Van Son"}


def test_a_body_that_consists_of_a_list_of_people_each_with_their_own_title():
    """'The Standing Committee ... for the 2025-2030 term consists of:' and items without bullets, one a line,
    each ending in ';' and the last in '.': every item is a Member of that body and keeps its own title; the
    sentence after the list is no item."""
    facts = _facts("""Ha Nam Party congress closes

    The 1st Ha Nam Provincial Party Congress closed on October 2.

    The Standing Committee of the Provincial Party Committee for the 2025-2030 term consists of:

    Le Thanh Nam, Secretary of the Provincial Party Committee;

    Dinh Thi Lua, Standing Deputy Secretary of the Provincial Party Committee;

    Lo Van Chu, Secretary of the Kim Bang Commune Party Committee.

    The congress also elected 13 delegates, headed by Mr. Tran Van Kien.""")
    posts = _posts(facts)
    standing = "Ha Nam Provincial Party Standing Committee"
    for person in ("Le Thanh Nam", "Dinh Thi Lua", "Lo Van Chu"):
        assert (person, "Member", standing) in posts
    assert ("Dinh Thi Lua", "Standing Deputy Secretary", "Ha Nam Provincial Party Committee") in posts
    assert ("Lo Van Chu", "Secretary", "Kim Bang Commune Party Committee") in posts
    assert not any(p[0] == "Tran Van Kien" for p in posts)


def test_the_committees_every_peoples_council_has():
    """A People's Council's own committees (Economic-Budget, Legal, Culture-Social, Urban), named bare in a
    council's report, after 'the council's' or inverted, are that council's: one body each."""
    facts = _facts("""Ha Nam council elects heads of its committees

    On June 25, the Ha Nam Provincial People's Council opened its first session.

    Heads of the council's committees: Tran Thanh Binh, Head of the Economic-Budget Committee; Pham Minh Khai,
    Head of the Legal Affairs Committee; Lam Thi Bich, Head of the Culture - Social Committee.

    Ms. Do Thi Nga was elected Deputy Head of the Economic-Budget Committee of the Provincial People's
    Council.""")
    posts = _posts(facts)
    council = "Ha Nam Provincial People's Council"
    assert ("Tran Thanh Binh", "Head", f"{council} Economic-Budget Committee") in posts
    assert ("Pham Minh Khai", "Head", f"{council} Legal Affairs Committee") in posts
    assert ("Lam Thi Bich", "Head", f"{council} Culture - Social Committee") in posts
    assert ("Do Thi Nga", "Deputy Head", f"{council} Economic-Budget Committee") in posts
    assert not any(b.name.startswith("Council") for b in facts.bodies.values())


def test_a_fact_box_items_label_is_the_body_of_every_sentence_of_the_item():
    """'- Department of Finance: A continues as Director of the merged department. The Deputy Directors are B;
    C; and D, until now Deputy Director of the Department of Planning and Investment.': the label before the
    colon is the body of the item's bare titles and of 'the merged department', in each of its sentences,
    not the body of another's former post nor the last merger told."""
    facts = _facts("""Ha Nam hands over decisions on merged departments

    The Department of Finance is established by merging the Department of Planning and Investment into it. The
    Department of Agriculture and Environment is formed by merging the Department of Agriculture and Rural
    Development and the Department of Natural Resources and Environment.

    Vice Chairman Tran Xuan Dung presented the decisions:

    - Department of Finance: Bui Minh Thang continues as Director of the merged department. The Deputy
    Directors are Nguyen Thi Huong; Tran Dinh Loc; and Giang A Chu, until now Deputy Director of the Department
    of Planning and Investment.

    - Department of Agriculture and Environment: Hoang Trung Kien, previously Director of the Department of
    Natural Resources and Environment, was appointed Director.""")
    posts = _posts(facts)
    finance, agri = "Ha Nam Department of Finance", "Ha Nam Department of Agriculture and Environment"
    assert ("Bui Minh Thang", "Director", finance) in posts and ("Bui Minh Thang", "Director", agri) not in posts
    for person in ("Nguyen Thi Huong", "Tran Dinh Loc", "Giang A Chu"):
        assert (person, "Deputy Director", finance) in posts
    assert ("Hoang Trung Kien", "Director", agri) in posts


def test_a_plural_post_names_its_holders_after_among_them():
    """'elected 12 members of the Provincial People's Committee, among them Colonel A, Director of X, and
    Colonel B, Commander of Y': each named holder, with a title of their own, holds the plural post too."""
    facts = _facts("""Ha Nam council elects provincial government

    The council also elected 12 members of the Ha Nam Provincial People's Committee, among them Colonel Nguyen
    Van Ron, Director of the Provincial Police, and Colonel Tran Minh Quang, Commander of the Provincial
    Military Command.""")
    posts = _posts(facts)
    for person in ("Nguyen Van Ron", "Tran Minh Quang"):
        assert (person, "Member", "Ha Nam Provincial People's Committee") in posts
    assert ("Nguyen Van Ron", "Director", "Ha Nam Provincial Police") in posts
    assert ("Tran Minh Quang", "Commander", "Ha Nam Provincial Military Command") in posts


def test_the_national_committee_for_ethnic_minority_affairs_and_a_provinces_own():
    """'the Committee for Ethnic Minority Affairs' (a ministry-level body) is national; 'the provincial
    Committee for Ethnic Minority Affairs' and 'the Provincial Ethnic Minorities Committee' are the province's."""
    facts = _facts("""Ha Nam ethnic committee honoured

    Mr. Hau Van Tua, Vice Chairman of the Committee for Ethnic Minority Affairs, attended. Ms. Dinh Thi Ha,
    Head of the provincial Committee for Ethnic Minority Affairs, and Mr. Lo Van Sa, Deputy Head of the
    Provincial Ethnic Minorities Committee, received him.""")
    posts = _posts(facts)
    assert ("Hau Van Tua", "Vice Chairman", "Committee for Ethnic Minority Affairs") in posts
    assert ("Dinh Thi Ha", "Head", "Ha Nam Provincial Ethnic Minorities Committee") in posts
    assert ("Lo Van Sa", "Deputy Head", "Ha Nam Provincial Ethnic Minorities Committee") in posts


def test_thai_family_names_and_a_given_name_spelt_like_a_function_word():
    """Thai and Tay family names of the uplands (Quàng, Khoàng, Bế) open names; Ơn ('On') ends a name after a
    middle name, while 'On Monday' opens no name."""
    facts = _facts("""Ha Giang leaders meet

    On Monday, Quàng Văn Hải, Standing Vice Chairman of the Ha Giang Provincial People's Committee, met Khoàng
    Thị Ơn, Secretary of the Muong Nhe Commune Party Committee, and Bế Đình Quý, Director of the Provincial
    Police.""")
    posts = _posts(facts)
    assert ("Quang Van Hai", "Standing Vice Chairman", "Ha Giang Provincial People's Committee") in posts
    assert ("Khoang Thi On", "Secretary", "Muong Nhe Commune Party Committee") in posts
    assert ("Be Dinh Quy", "Director", "Ha Giang Provincial Police") in posts
    assert _people(facts) == {"Quang Van Hai", "Khoang Thi On", "Be Dinh Quy"}


def test_cham_raglai_and_kinh_family_names_and_a_given_name_spelt_like_a_month():
    """Cham and Raglai family names (Thong; Chamalea, a listed name longer than a syllable), the Kinh name Can,
    and Mây ('May') after a middle name; 'Can Tho' and 'in May' are no names."""
    facts = _facts("""Ninh Thuan district gets new Secretary

    Thong Van Nhat, Deputy Secretary of the Ninh Phuoc District Party Committee, was appointed Secretary.
    Chamalea Thi Thuy, Vice Chairwoman of the Ninh Phuoc District People's Committee, and Ms. Trieu Thi May
    attended with Can Thi Thin, who came from Can Tho in May.""")
    assert _people(facts) == {"Thong Van Nhat", "Chamalea Thi Thuy", "Trieu Thi May", "Can Thi Thin"}
    assert ("Chamalea Thi Thuy", "Vice Chairman", "Ninh Phuoc District People's Committee") in _posts(facts)


def test_a_name_prefix_that_is_an_english_word_opens_a_name_only_when_titled():
    """Bahnar and Xo Dang names open with 'A' ('A Khuon'): at the start of a sentence the words are a name when
    a title follows in apposition ('A Khuon, Director of ...'), never otherwise ('A New Year party')."""
    facts = _facts("""Kon Tum council elects members

    A Khươn, Director of the Kon Tum Department of Agriculture and Rural Development, was elected a member of
    the Provincial People's Committee. A New Year party was held after the session.""")
    assert _people(facts) == {"A Khuon"}
    assert ("A Khuon", "Member", "Kon Tum Provincial People's Committee") in _posts(facts)


def test_a_given_name_spelt_like_an_english_word_ends_a_titled_name():
    """'Tran Huu The, Member of ...' (Thế): an English word that may sit inside a name ends it when a title
    follows in apposition; 'Ma The Hong said The conference ...' keeps it inside only."""
    facts = _facts("""Ha Nam Front reviews housing programme

    Comrade Tran Huu The, Member of the Ha Nam Provincial Party Standing Committee and Chairman of the Provincial
    Fatherland Front Committee, told the conference the programme was complete. Mr. Ma The Hong said The
    Front would go on.""")
    assert _people(facts) == {"Tran Huu The", "Ma The Hong"}
    assert ("Tran Huu The", "Chairman", "Ha Nam Provincial Fatherland Front Committee") in _posts(facts)


def test_a_head_noun_with_a_term_is_the_body_named_before_with_that_head():
    """'vice-chairwoman of the 15th-tenure council': a head noun qualified only by a term is the body of that
    head the article named before (the People's Council), not the last body such a title leads (the People's
    Committee a career sentence named)."""
    facts = _facts("""Ha Nam People's Council holds first meeting

    The 16th-tenure Ha Nam Provincial People's Council opened its first meeting on Wednesday.

    Born in 1966, Mr. Tran Van Tuan was a vice-chairman of the Ha Nam Provincial People's Committee from 2014 to
    2016.

    Dinh Thi Hong Ha, vice-chairwoman of the 15th-tenure council, kept her post for the new term.""")
    assert ("Dinh Thi Hong Ha", "Vice Chairman", "Ha Nam Provincial People's Council") in _posts(facts)
    assert not any(p[0] == "Dinh Thi Hong Ha" and "Committee" in p[2] for p in _posts(facts, None))


def test_a_post_told_in_the_past_perfect_or_for_the_outgoing_term_is_former_and_for_the_new_term_no_body():
    """'Tran Thang, who had served as Standing Deputy Secretary of the provincial Party Committee in the outgoing
    2015-2020 term, was elected Deputy Secretary for the new term': the first post is former, the second current
    and of the same committee ('for the new term' names no body)."""
    facts = _facts("""Ha Nam Party congress elects leaders

    Comrade Le Thanh Nam was re-elected Secretary of the Ha Nam Provincial Party Committee for the 2020-2025
    term. Comrade Tran Thang, who had served as Standing Deputy Secretary of the provincial Party Committee in
    the outgoing 2015-2020 term, was elected Deputy Secretary for the new term.""")
    party = "Ha Nam Provincial Party Committee"
    assert ("Tran Thang", "Deputy Secretary", party) in _posts(facts)
    assert ("Tran Thang", "Standing Deputy Secretary", party) in _posts(facts, "former")
    assert ("Tran Thang", "Standing Deputy Secretary", party) not in _posts(facts)


def test_a_fact_box_of_one_title_with_items_naming_body_and_holder():
    """'DIRECTORS OF THE NEW DEPARTMENTS' then 'Department of Finance: Name' lines: each item's holder has the
    heading's title in the body its label names; the box ends at the first line that is no such item."""
    facts = _facts("""Ha Nam appoints directors of merged departments

    Chairman Tran Xuan Dung handed over the decisions.

    DIRECTORS OF THE NEW DEPARTMENTS

    Department of Finance: Đỗ Thị Thanh Hương

    Department of Construction: Nguyễn Khắc Lâm

    Mr. Le Van An spoke at the ceremony.""")
    posts = _posts(facts)
    assert ("Do Thi Thanh Huong", "Director", "Ha Nam Department of Finance") in posts
    assert ("Nguyen Khac Lam", "Director", "Ha Nam Department of Construction") in posts
    assert not any(p[0] == "Le Van An" for p in posts)


def test_a_part_of_a_units_body_named_the_other_way_round():
    """'the Standing Committee of the Kim Bang District Party Committee', 'the Organisation Commission of the
    Kim Bang District Party Committee': the part of a district's Party Committee, scoped to the district, as
    'the Kim Bang District Party Standing Committee' is."""
    facts = _facts("""Kim Bang district Party congress closes

    New members of the Standing Committee of the Kim Bang District Party Committee were introduced. Mr. Le Van
    Hai, Head of the Organisation Commission of the Kim Bang District Party Committee, read the decision.""")
    names = {b.name for b in facts.bodies.values()}
    assert {"Kim Bang District Party Standing Committee", "Kim Bang District Party Organisation Commission"} <= names
    assert ("Le Van Hai", "Head", "Kim Bang District Party Organisation Commission") in _posts(facts)


def test_a_chains_bare_committees_are_parts_of_the_body_that_ends_it():
    """'relieved of his posts as member of the Executive Committee, member of the Standing Committee and
    Secretary of the Ha Nam Provincial Party Committee': the Executive Committee is the Party Committee and the
    Standing Committee its Standing Committee; all three posts end."""
    facts = _facts("""Ha Nam gets new Party Secretary

    Under a second decision of the Politburo, Dinh Quang Thieu is relieved of his posts as member of the
    Executive Committee, member of the Standing Committee and Secretary of the Ha Nam Provincial Party Committee,
    so that he can retire from November 1, 2024.""")
    ended = _posts(facts, "former")
    assert {("Dinh Quang Thieu", "Member", "Ha Nam Provincial Party Committee"),
            ("Dinh Quang Thieu", "Member", "Ha Nam Provincial Party Standing Committee"),
            ("Dinh Quang Thieu", "Secretary", "Ha Nam Provincial Party Committee")} <= ended
    assert not any(b.name == "Executive Committee" for b in facts.bodies.values())


def test_a_relative_clause_verb_of_heading_and_a_sentence_opening_on_a_unit():
    """'In Bao Nhai, the post of Secretary of the commune Party Committee goes to Mr. A': a sentence opening on
    a unit the article named makes it 'the commune'; 'Mr. B, who will chair the commune People's Committee': a
    verb of heading in a relative clause gives its subject the post, a lowercase level word opening the body."""
    facts = _facts("""Ha Giang announces new communes

    The new Bao Nhai commune brings together Bao Nhai, Coc Ly and Nam Mon communes, while the new Bac Ha commune
    brings together Bac Ha town and Na Hoi commune.

    In Bao Nhai, the post of Secretary of the commune Party Committee goes to Mr. Giang Mi Po. The Bao Nhai
    Commune Party Committee has two Deputy Secretaries: Mr. Ban Van Chieu, who will chair the commune People's
    Committee, and Ms. Thao Thi Sinh, who will chair the commune People's Council.""")
    posts = _posts(facts)
    assert ("Giang Mi Po", "Secretary", "Bao Nhai Commune Party Committee") in posts
    assert ("Ban Van Chieu", "Chairman", "Bao Nhai Commune People's Committee") in posts
    assert ("Thao Thi Sinh", "Chairman", "Bao Nhai Commune People's Council") in posts
    assert ("Ban Van Chieu", "Deputy Secretary", "Bao Nhai Commune Party Committee") in posts
