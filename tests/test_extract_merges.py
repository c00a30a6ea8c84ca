"""Mergers read from articles written here: provinces, communes, wards, departments, party boards, project
boards and mass organisations of provinces outside the development corpus, in shapes it does not print.
Each test names the general class it covers and asserts the exact merged parties, result and date."""

from __future__ import annotations

from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract


def _merges(text: str, published: date | None) -> dict[tuple[frozenset[str], str], date | None]:
    """(merged parties, result) -> date, by the bodies' names."""
    paras = [p.strip() for p in text.strip().split("\n\n")]
    facts = extract(Article("t", "test", paras[0], paras[1:], published=published))
    return {(frozenset(facts.bodies[k].name for k in m.sources), facts.bodies[m.result].name): m.date
            for m in facts.merges}


def _one(text: str, published: date | None) -> tuple[frozenset[str], str, date | None]:
    merges = _merges(text, published)
    assert len(merges) == 1, merges
    (sources, result), when = next(iter(merges.items()))
    return sources, result, when


# --- provinces -----------------------------------------------------------------------------------

def test_provinces_listed_with_their_kind_word_then_merged_into_a_named_province():
    """forward: "A and B provinces were merged into C province", effective date in the clause."""
    assert _one("""Lao Cai gets a larger map

Under the National Assembly's resolution, Lao Cai and Yen Bai provinces were merged into Lao Cai province, effective from July 1, 2025.
""", date(2025, 6, 12)) == (frozenset({"Lao Cai Province", "Yen Bai Province"}), "Lao Cai Province", date(2025, 7, 1))


def test_new_province_formed_from_two_in_apposition_dated_by_its_operation_sentence():
    """backward: "the new C province, formed from A and B, ..."; the date from a sentence saying when it began work."""
    assert _one("""Bac Ninh starts a new chapter

The new Bac Ninh province, formed from Bac Giang and Bac Ninh, has 99 communes and wards.

Its two-level administration officially came into operation on July 1, 2025.
""", date(2025, 7, 2)) == (frozenset({"Bac Giang Province", "Bac Ninh Province"}), "Bac Ninh Province",
                           date(2025, 7, 1))


def test_partner_merger_of_bare_province_names_kept_only_when_the_registry_agrees():
    """partner: "A merged with B"; province names without a kind word are checked against vietnamadminunits."""
    assert _one("""Quang Ngai reaches the highlands

Kon Tum merged with Quang Ngai on July 1, 2025, bringing the Central Highlands into the coastal province's economy.
""", date(2025, 9, 2)) == (frozenset({"Kon Tum Province", "Quang Ngai Province"}), "Quang Ngai Province",
                           date(2025, 7, 1))
    # two provinces that never merged: the sentence is not read as a merger
    assert _merges("""Dien Bien delegation visits

Dien Bien merged with Lai Chau in its tourism promotion programme last year.
""", date(2025, 9, 2)) == {}


def test_partner_merger_told_after_the_subject_province():
    """partner: "After merging with B, A province ..."; no date in the article: undated."""
    assert _one("""Lao Cai expands

After merging with Yen Bai, Lao Cai province has 99 commune-level units.
""", None) == (frozenset({"Lao Cai Province", "Yen Bai Province"}), "Lao Cai Province", None)


def test_provinces_merged_without_a_named_result_take_the_province_the_registry_names():
    """plain: "A and B provinces have merged" names no result: the 2025 conversion table gives it."""
    assert _one("""Ca Mau and Bac Lieu

Ca Mau and Bac Lieu provinces have merged.
""", date(2025, 9, 2)) == (frozenset({"Ca Mau Province", "Bac Lieu Province"}), "Ca Mau Province", None)


def test_the_two_provinces_refer_back_to_the_provinces_named_just_before():
    """collective back-reference: "since the two provinces merged on July 1" (a past date keeps its year)."""
    assert _one("""Tay Ninh reviews emulation

On October 20, the emulation movement in Tay Ninh and the former Long An province was reviewed.

Since the two provinces merged on July 1, the province has gained a seaport.
""", date(2025, 10, 21)) == (frozenset({"Tay Ninh Province", "Long An Province"}), "Tay Ninh Province",
                             date(2025, 7, 1))


def test_three_provinces_officially_became_the_new_province():
    """forward: "A, B and C provinces officially became the new C province", dated by the clause."""
    assert _one("""Ninh Binh's first day

From July 1, 2025, Ha Nam, Nam Dinh and Ninh Binh provinces officially became the new Ninh Binh province.
""", date(2025, 7, 1)) == (frozenset({"Ha Nam Province", "Nam Dinh Province", "Ninh Binh Province"}),
                           "Ninh Binh Province", date(2025, 7, 1))


def test_one_province_merged_into_another_by_a_merger_noun():
    """forward with one source: "the merger of A province into C province" merges A and C."""
    assert _one("""Tuyen Quang completes its merger

The merger of Ha Giang province into Tuyen Quang province was completed on July 1, 2025.
""", date(2025, 7, 2)) == (frozenset({"Ha Giang Province", "Tuyen Quang Province"}), "Tuyen Quang Province",
                           date(2025, 7, 1))


def test_a_province_merged_into_it_refers_to_the_province_named_before():
    """"after A province was merged into it": "it" is the province the clause named before."""
    assert _one("""Tuyen Quang communes

Tuyen Quang province has 124 communes after Ha Giang province was merged into it.
""", None) == (frozenset({"Ha Giang Province", "Tuyen Quang Province"}), "Tuyen Quang Province", None)


def test_provinces_and_a_centrally_run_city_merged_into_the_new_city():
    """a province-level city ("Ho Chi Minh City") among merged provinces, each labelled as the press writes it."""
    assert _one("""The new Ho Chi Minh City

Binh Duong province, Ba Ria - Vung Tau province and Ho Chi Minh City were merged into the new Ho Chi Minh City.
""", None) == (frozenset({"Binh Duong Province", "Ba Ria - Vung Tau Province", "Ho Chi Minh City"}),
               "Ho Chi Minh City", None)


# --- communes and wards --------------------------------------------------------------------------

def test_communes_with_apostrophe_names_merged_into_a_commune_named_by_the_resolution():
    """forward: a list of communes, a result named after "named"; dated by the resolution in the same sentence."""
    assert _one("""Dak Nong reorganises communes

Under Resolution No. 1680 adopted on June 16, Quang Tam, Dak R'Tih and Dak Buk So communes are merged into a new commune named Quang Tam.
""", date(2025, 6, 20)) == (frozenset({"Quang Tam Commune", "Dak R'Tih Commune", "Dak Buk So Commune"}),
                            "Quang Tam Commune", date(2025, 6, 16))


def test_communes_listed_after_their_kind_word_and_a_colon():
    """forward: "the population of 3 communes: A, B and C are merged into a new commune called A"."""
    sources, result, when = _one("""Lao Cai's new Ta Van commune

The natural area and population of 3 communes: Ta Van, Hau Thao and San Sa Ho are merged into a new commune called Ta Van.
""", date(2025, 6, 4))
    assert (sources, result, when) == (frozenset({"Ta Van Commune", "Hau Thao Commune", "San Sa Ho Commune"}),
                                       "Ta Van Commune", None)


def test_ward_established_on_the_basis_of_numbered_wards_and_a_commune():
    """backward: "the new X ward was established on the basis of merging Ward 1, Ward 3 and Y commune"."""
    assert _one("""Hau Giang wards

The new Vi Thanh ward was established on the basis of merging Ward 1, Ward 3 and Vi Tan commune, with effect from July 1, 2025.
""", date(2025, 6, 20)) == (frozenset({"Ward 1", "Ward 3", "Vi Tan Commune"}), "Vi Thanh Ward", date(2025, 7, 1))


def test_unit_in_apposition_with_the_product_of_a_merger_and_a_containing_district():
    """backward: "X ward, the product of merging A, B and C wards"; "A Commune of Y District" is commune A."""
    assert _one("""Vinh Phuc wards

Vinh Yen ward, the product of merging Lien Bao, Khai Quang and Dinh Trung wards, now has 90,000 residents.
""", None) == (frozenset({"Lien Bao Ward", "Khai Quang Ward", "Dinh Trung Ward"}), "Vinh Yen Ward", None)
    assert _one("""Binh Phuoc communes

Today's Tan Tien commune is the product of a merger between Tan Tien Commune of Dong Phu District and Tan Lap Commune of Dong Phu District.
""", None) == (frozenset({"Tan Tien Commune", "Tan Lap Commune"}), "Tan Tien Commune", None)


def test_communes_rearranged_into_a_new_commune_in_the_resolution_wording():
    """the wording of the 2025 resolutions: "rearranged the entire natural area and population of A, B and C
    communes into a new commune named D"."""
    assert _one("""Quang Tri communes

The Standing Committee rearranged the entire natural area and population of Trieu Phuoc, Trieu Do and Trieu Trach communes into a new commune named Trieu Phong.
""", None) == (frozenset({"Trieu Phuoc Commune", "Trieu Do Commune", "Trieu Trach Commune"}),
               "Trieu Phong Commune", None)


def test_a_list_of_commune_mergers_after_a_colon():
    """clauses split at semicolons, each "merging A, B and C communes into D commune"."""
    assert set(_merges("""Ha Tinh communes

Specifically: merging Thach Ha, Thach Hai and Thach Khe communes into Thach Ha commune; merging Cam Binh and Cam Vinh communes into Cam Binh commune.
""", None)) == {(frozenset({"Thach Ha Commune", "Thach Hai Commune", "Thach Khe Commune"}), "Thach Ha Commune"),
                (frozenset({"Cam Binh Commune", "Cam Vinh Commune"}), "Cam Binh Commune")}


def test_district_level_units_merged_before_2025():
    """district-level units (a district and a city inside a province) merged into the city."""
    assert _one("""Hoa Binh city grows

In 2020, Ky Son District and Hoa Binh City were merged into Hoa Binh City.
""", None) == (frozenset({"Ky Son District", "Hoa Binh City"}), "Hoa Binh City", None)


def test_one_body_reorganised_into_another_is_no_merger():
    """"A was reorganised into C": one body renamed; only merger verbs make one party into a merger."""
    assert _merges("""Bac Kan ethnic affairs

The Bac Kan Provincial Ethnic Minorities Committee was reorganised into the Department of Ethnic Minorities and Religions.
""", date(2025, 3, 2)) == {}


def test_wards_of_several_district_level_cities_merged_into_one_ward():
    """"X Ward is formed from A, B and C wards of Y City and D ward of Z City": the cities only place the wards."""
    assert _one("""Binh Dinh's new wards

Quy Nhon Ward is formed from Hai Cang, Thi Nai and Dong Da wards of Quy Nhon City and Nhon Binh ward of An Nhon Town.
""", None) == (frozenset({"Hai Cang Ward", "Thi Nai Ward", "Dong Da Ward", "Nhon Binh Ward"}), "Quy Nhon Ward", None)


# --- departments, boards and organisations -------------------------------------------------------

def test_departments_consolidated_from_a_yearless_date_take_effect_ahead():
    """forward with "consolidated into"; "from March 1" in February is this year's March 1."""
    assert _one("""Ca Mau departments

The Ca Mau Department of Natural Resources and Environment and the Department of Agriculture and Rural Development were consolidated into the Department of Agriculture and Environment from March 1.
""", date(2025, 2, 20)) == (frozenset({"Ca Mau Department of Natural Resources and Environment",
                                       "Ca Mau Department of Agriculture and Rural Development"}),
                            "Ca Mau Department of Agriculture and Environment", date(2025, 3, 1))


def test_two_absorptions_in_one_clause():
    """forward twice in one clause: "merged A into B and merged C into D"."""
    assert _merges("""Binh Dinh departments

On March 3, the Binh Dinh Provincial People's Council merged the Department of Transport into the Department of Construction and merged the Department of Information and Communications into the Department of Science and Technology.
""", date(2025, 3, 4)) == {
        (frozenset({"Binh Dinh Department of Transport", "Binh Dinh Department of Construction"}),
         "Binh Dinh Department of Construction"): date(2025, 3, 3),
        (frozenset({"Binh Dinh Department of Information and Communications",
                    "Binh Dinh Department of Science and Technology"}),
         "Binh Dinh Department of Science and Technology"): date(2025, 3, 3)}


def test_department_taking_over_another():
    """absorb: "C took over A" (C keeps its name)."""
    assert _one("""Hau Giang departments

The Department of Home Affairs of Hau Giang province took over the Department of Labour, Invalids and Social Affairs on March 1.
""", date(2025, 3, 2)) == (frozenset({"Hau Giang Department of Home Affairs",
                                      "Hau Giang Department of Labor Invalids and Social Affairs"}),
                           "Hau Giang Department of Home Affairs", date(2025, 3, 1))


def test_department_merged_from_two_in_parentheses_dated_by_the_sentence():
    """backward: "C (merged from A and B) held its first meeting on ..."."""
    assert _one("""Quang Tri agriculture

The Quang Tri Department of Agriculture and Environment (merged from the Department of Agriculture and Rural Development and the Department of Natural Resources and Environment) held its first meeting on March 3.
""", date(2025, 3, 4)) == (frozenset({"Quang Tri Department of Agriculture and Rural Development",
                                      "Quang Tri Department of Natural Resources and Environment"}),
                           "Quang Tri Department of Agriculture and Environment", date(2025, 3, 3))


def test_party_committees_shared_head_noun_distributed_over_the_places():
    """distributive: "by merging the Party Committees of A City and B Province" is A's and B's Party Committee."""
    sources, result, _ = _one("""Da Nang's new Party Committee

A new Da Nang City Party Committee was set up by merging the Party Committees of the former Da Nang City and Quang Nam Province.
""", date(2025, 7, 2))
    assert (sources, result) == (frozenset({"Da Nang City Party Committee", "Quang Nam Provincial Party Committee"}),
                                 "Da Nang City Party Committee")


def test_places_sharing_one_plural_body_name():
    """shared head after the places: "the Quang Ngai and Kon Tum Provincial Party Committees" is two committees."""
    assert _one("""Quang Ngai Party Committee

The Quang Ngai and Kon Tum Provincial Party Committees were merged into the Quang Ngai Provincial Party Committee on June 30, 2025.
""", date(2025, 7, 1)) == (frozenset({"Quang Ngai Provincial Party Committee", "Kon Tum Provincial Party Committee"}),
                           "Quang Ngai Provincial Party Committee", date(2025, 6, 30))


def test_boards_of_a_city_party_committee_named_back_in_the_same_article():
    """shared "of": "the A Board and the B Board of the City Party Committee" in an article about one city
    (Tam Ky City, Quang Nam) are that city's boards, and so is the result in apposition after "a single agency"."""
    assert _one("""Tam Ky merges its boards

On February 5, the Tam Ky City Party Committee held a conference. The City Party Executive Committee decided to bring together the Propaganda Board and the Mass Mobilization Board of the City Party Committee into a single agency, the Propaganda and Mass Mobilization Board of the City Party Committee.
""", date(2025, 2, 6)) == (frozenset({"Tam Ky City Party Propaganda Board", "Tam Ky City Party Mass Mobilization Board"}),
                           "Tam Ky City Party Propaganda and Mass Mobilization Board", date(2025, 2, 5))


def test_sources_restated_in_another_form_are_the_same_bodies():
    """a merger announced ("on merging A and B") then told with its result: one body each, both forms kept."""
    text = """Ha Nam boards

On January 20, the Ha Nam Provincial Party Committee announced its decision on merging the Propaganda and Education Department and the Mass Mobilization Department.

The Provincial Party Committee's Propaganda and Education Board and the Provincial Party Committee's Mass Mobilization Board become a single body, the Provincial Party Committee's Propaganda and Mass Mobilization Board, effective from February 1.
"""
    paras = [p.strip() for p in text.strip().split("\n\n")]
    facts = extract(Article("t", "test", paras[0], paras[1:], published=date(2025, 1, 21)))
    (merge,) = facts.merges
    assert merge.date == date(2025, 2, 1)
    assert facts.bodies[merge.result].name == "Ha Nam Provincial Party Propaganda and Mass Mobilization Board"
    variants = {v for k in merge.sources for v in facts.bodies[k].variants}
    assert {"Ha Nam Provincial Party Propaganda and Education Board",
            "Ha Nam Provincial Party Propaganda and Education Department",
            "Ha Nam Provincial Party Mass Mobilization Board",
            "Ha Nam Provincial Party Mass Mobilization Department"} <= variants


def test_project_management_boards_consolidated():
    """project management boards (bodies.toml kinds): "consolidate A and B into C", dated by its own sentence."""
    assert _one("""Tra Vinh project boards

On February 18, the Tra Vinh Provincial People's Committee decided to consolidate the Civil Works Construction Investment Project Management Board and the Project Management Board for Traffic Works into the Provincial Construction Investment Project Management Board.
""", date(2025, 2, 19)) == (frozenset({"Tra Vinh Provincial Civil Works Construction Investment Project Management Board",
                                       "Tra Vinh Provincial Project Management Board for Traffic Works"}),
                            "Tra Vinh Provincial Construction Investment Project Management Board", date(2025, 2, 18))


def test_mass_organisations_merged_into_the_fatherland_front():
    """mass organisations: a list of bodies sharing one place word, merged into the Fatherland Front Committee."""
    assert _one("""Tay Ninh mass organisations

The Tay Ninh Provincial Farmers' Association, Women's Union and Veterans' Association were merged into the Vietnam Fatherland Front Committee of Tay Ninh province from August 1, 2025.
""", date(2025, 7, 20)) == (frozenset({"Tay Ninh Provincial Farmers' Association", "Tay Ninh Provincial Women's Union",
                                       "Tay Ninh Provincial Veterans' Association"}),
                            "Tay Ninh Provincial Vietnam Fatherland Front Committee", date(2025, 8, 1))


def test_a_centre_merged_across_provinces_with_those_of():
    """distributive with "those of": "three X centres: those of A, B and C" (a head noun bodies.toml lacks)."""
    sources, result, _ = _one("""Ca Mau land fund

The Ca Mau Provincial Land Fund Development Centre was set up by merging two land fund development centres: those of Ca Mau Province and Bac Lieu Province.
""", date(2025, 8, 2))
    assert (sources, result) == (frozenset({"Ca Mau Provincial Land Fund Development Centre",
                                            "Bac Lieu Provincial Land Fund Development Centre"}),
                                 "Ca Mau Provincial Land Fund Development Centre")


# --- dates ---------------------------------------------------------------------------------------

def test_an_effective_date_belongs_to_its_own_merger():
    """The city merger takes effect on July 1; the Party Committee merger told elsewhere is dated by the
    conference that announced it, not by the other merger's effective date."""
    merges = _merges("""Da Nang's new city

On June 30, Da Nang City held a conference to announce the decisions on its Party Committee.

All of the natural area and population of Da Nang City and Quang Nam Province are brought together into a single administrative unit that keeps the name "Da Nang City", with effect from July 1, 2025.

The new Da Nang City Party Committee was formed by merging the Da Nang City Party Committee and the Quang Nam Provincial Party Committee.
""", date(2025, 6, 30))
    assert merges == {
        (frozenset({"Da Nang City", "Quang Nam Province"}), "Da Nang City"): date(2025, 7, 1),
        (frozenset({"Da Nang City Party Committee", "Quang Nam Provincial Party Committee"}),
         "Da Nang City Party Committee"): date(2025, 6, 30)}


def test_a_merger_told_as_background_is_not_dated_by_the_days_news():
    """"was recently set up by merging": the conference the article reports does not date the merger."""
    assert _one("""Bac Ninh investment promotion

On August 12, the Bac Ninh Provincial People's Committee held a conference on personnel for its Investment Promotion Centre.

The Bac Ninh Provincial Investment Promotion Centre was recently set up by merging two investment promotion centres: those of Bac Ninh Province and Bac Giang Province.
""", date(2025, 8, 13)) == (frozenset({"Bac Ninh Provincial Investment Promotion Centre",
                                       "Bac Giang Provincial Investment Promotion Centre"}),
                            "Bac Ninh Provincial Investment Promotion Centre", None)


def test_an_announcement_dates_a_merger_through_the_session_that_adopted_it():
    """No date of its own and no effective date: the date of the session before "Under the resolution"."""
    assert _one("""Kien Giang departments

Yesterday morning (February 25), the Kien Giang Provincial People's Council opened its thematic session.

The delegates adopted a resolution on the organisation of specialised agencies.

Under the resolution, the Department of Transport and the Department of Construction are merged into the Department of Construction.
""", date(2025, 2, 26)) == (frozenset({"Kien Giang Department of Transport", "Kien Giang Department of Construction"}),
                            "Kien Giang Department of Construction", date(2025, 2, 25))


def test_an_effective_date_told_for_such_units_elsewhere_wins_over_the_day_of_announcement():
    """"... will be merged into five units from January 1" in the lead dates the communes' mergers a district
    announced on another day; a sentence about the new departments does not date the communes."""
    merges = _merges("""Bac Kan arranges its communes

Districts of Bac Kan province have announced the arrangement, under which 11 communes will be merged into five \
units from January 1, 2025. The new departments start work on March 1, 2025.

On December 20, Na Ri district announced the merger of Con Minh commune into Yen Lac town, and of Lang San and \
Luong Thuong communes into the new Lang San commune.
""", date(2024, 12, 22))
    assert merges == {
        (frozenset({"Con Minh Commune", "Yen Lac Town"}), "Yen Lac Town"): date(2025, 1, 1),
        (frozenset({"Lang San Commune", "Luong Thuong Commune"}), "Lang San Commune"): date(2025, 1, 1)}


def test_the_ceremony_that_announced_two_mergers_dates_the_one_without_an_effective_date():
    """The provinces merge from July 1; the Party Committees merged "on the basis of merging the two provincial
    Party Committees" are dated by the ceremony that announced both."""
    merges = _merges("""Bac Ninh and Bac Giang become one

On June 30, the Bac Ninh Provincial Party Committee held a ceremony to announce the decisions on the merger of \
Bac Ninh and Bac Giang provinces and on the Party Committee of the new province.

Under the resolution, Bac Ninh province and Bac Giang province are merged into a new province named Bac Ninh. \
The new province officially comes into operation from July 1, 2025.

The Politburo set up the Bac Ninh Provincial Party Committee on the basis of merging the two provincial Party \
Committees.
""", date(2025, 6, 30))
    assert merges == {
        (frozenset({"Bac Ninh Province", "Bac Giang Province"}), "Bac Ninh Province"): date(2025, 7, 1),
        (frozenset({"Bac Ninh Provincial Party Committee", "Bac Giang Provincial Party Committee"}),
         "Bac Ninh Provincial Party Committee"): date(2025, 6, 30)}


def test_a_unit_that_came_into_being_when_others_were_merged():
    """"The new C ward came into being on July 1, when A, B and D wards of the former X city were merged"."""
    assert _one("""Quang Nam's old town

The new Tam Ky ward came into being on July 1, 2025, when An My, Phuoc Hoa and Tan Thanh wards of the former Tam \
Ky city were merged.
""", date(2025, 8, 2)) == (frozenset({"An My Ward", "Phuoc Hoa Ward", "Tan Thanh Ward"}), "Tam Ky Ward",
                           date(2025, 7, 1))


# --- not mergers ---------------------------------------------------------------------------------

def test_merger_words_without_a_merger_report_none():
    """Merger words with no two parties and a result: nothing is recorded."""
    assert _merges("""Kon Tum work

The Kon Tum provincial leaders combined field trips with meetings at the Department of Finance and the Department of Construction. He stressed that merging communes must not disrupt public services. The province plans to merge 20 communes into 8. After the merger, Mr. Tran Van Binh was appointed Director of the Department of Finance. The Department of Finance will take over the tasks of the Department of Planning and Investment.
""", date(2025, 3, 2)) == {}


def test_gatherings_and_posts_with_merger_verbs_are_no_mergers():
    """"brought together" a gathering, "took over" a post, a conference "on merging" (no result): no merger."""
    assert _merges("""Ninh Thuan conference

On March 10, the Ninh Thuan Provincial Party Committee's conference brought together the Provincial People's Council and the Provincial People's Committee.

Mr. Le Van Hoa, former Director of the Department of Transport, took over the Department of Construction.

The Ninh Thuan Provincial Party Committee held a conference on merging the Department of Transport and the Department of Construction.

The Department of Culture combined its festival with the Department of Tourism's programme.
""", date(2025, 3, 11)) == {}


def test_a_second_result_made_from_others_ends_the_first_list_and_an_ended_bodys_functions_taken_over():
    """'establishing A on the basis of merging B and C, and D on the basis of E': D, followed by what makes it,
    is no party of A's merger; 'X takes over the functions and staff of Y, which ends its operation' merges Y
    into X (taking over tasks of a body that goes on is no merger)."""
    found = _merges("""Ha Nam restructures departments

    The Ha Nam Provincial People's Council adopted a resolution establishing the Department of Agriculture
    and Environment on the basis of merging the Department of Agriculture and Rural Development and the
    Department of Natural Resources and Environment, and the Department of Ethnic Minorities and Religions on
    the basis of the Provincial Ethnic Minorities Committee.

    The Department of Home Affairs takes over the functions and staff of the Department of Labour, Invalids and
    Social Affairs, which ends its operation.""", date(2025, 2, 20))
    assert (frozenset({"Ha Nam Department of Agriculture and Rural Development",
                       "Ha Nam Department of Natural Resources and Environment"}),
            "Ha Nam Department of Agriculture and Environment") in found
    assert (frozenset({"Ha Nam Department of Labor Invalids and Social Affairs", "Ha Nam Department of Home Affairs"}),
            "Ha Nam Department of Home Affairs") in found
    assert not any("Ha Nam Department of Ethnic Minorities and Religions" in sources for sources, _ in found)


def test_units_set_up_on_the_basis_of_others_or_bringing_them_together():
    """'Tam Chuc ward is set up on the basis of A, B and C wards' (a creation word before 'on the basis of'),
    'Nhan Ha commune brings together A, B and C communes' (units are never gathered, so it is a merger); a plan
    'drawn up on the basis of' two bodies' reports is none."""
    found = _merges("""Ha Nam arranges its communes

    Tam Chuc ward is set up on the basis of Ba Sao, Kha Phong and Thanh Son wards, while Nhan Ha commune brings
    together Nhan Thinh, Nhan My and Xuan Khe communes.

    The plan is drawn up on the basis of the Phu Ly Ward People's Committee and the Kim Bang Commune People's
    Committee reports. The conference brought together the Ha Nam Provincial People's Committee and the Ninh
    Binh Provincial People's Committee.""", date(2025, 6, 30))
    assert set(found) == {
        (frozenset({"Ba Sao Ward", "Kha Phong Ward", "Thanh Son Ward"}), "Tam Chuc Ward"),
        (frozenset({"Nhan Thinh Commune", "Nhan My Commune", "Xuan Khe Commune"}), "Nhan Ha Commune")}


def test_a_date_when_the_new_units_will_run_dates_their_mergers_told_after_it():
    """'From July 1, 2025, the district level ends its operation and the 34 new units will run under the
    two-level model': the day the reorganised units start work dates the ward mergers the next paragraph tells,
    not the day of the ceremony that announced them."""
    found = _merges("""Ha Nam announces its new communes and wards

    On the morning of June 30, the Ha Nam Provincial Party Committee held a ceremony to announce the
    resolution on the arrangement of commune-level administrative units.

    Under the resolution, the 98 communes and wards of Ha Nam are rearranged into 34 units. From July 1, 2025,
    the district level ends its operation and the 34 new units will run under the two-level local government
    model.

    Phu Ly ward is formed by merging Quang Trung, Minh Khai and Hai Ba Trung wards.""", date(2025, 6, 30))
    assert found == {(frozenset({"Quang Trung Ward", "Minh Khai Ward", "Hai Ba Trung Ward"}), "Phu Ly Ward"):
                     date(2025, 7, 1)}


def test_a_list_of_mergers_led_by_a_merger_sentence_needs_no_merger_word_per_item():
    """'Ten departments are merged, two by two, into five:' then 'A and B become C;' items: each item is a
    merger (the lead's merger word covers the list), dated by the lead's effective date; a sentence after the
    list ('A and B held a meeting') is none."""
    found = _merges("""Ha Nam announces merged departments

    Ha Nam will have 14 specialised agencies from March 1, 2025, instead of 19. Ten departments are merged, two
    by two, into five:

    the Department of Planning and Investment and the Department of Finance become the Department of Finance;

    the Department of Transport and the Department of Construction become the Department of Construction.

    The Department of Finance and the Department of Health held a meeting.""", date(2025, 2, 28))
    assert found == {
        (frozenset({"Ha Nam Department of Planning and Investment", "Ha Nam Department of Finance"}),
         "Ha Nam Department of Finance"): date(2025, 3, 1),
        (frozenset({"Ha Nam Department of Transport", "Ha Nam Department of Construction"}),
         "Ha Nam Department of Construction"): date(2025, 3, 1)}


def test_a_unit_merged_with_a_counted_list_of_units():
    """'formed by merging Bac Ha town with the three communes of Na Hoi, Thai Giang Pho and Ban Pho': the count
    and kind word before the second run of parties joins it to the first."""
    found = _merges("""Ha Giang arranges communes

    The new Bac Ha commune is formed by merging Bac Ha town with the three communes of Na Hoi, Thai Giang Pho
    and Ban Pho, and its seat stays in the town centre.""", date(2025, 6, 28))
    assert set(found) == {(frozenset({"Bac Ha Town", "Na Hoi Commune", "Thai Giang Pho Commune", "Ban Pho Commune"}),
                           "Bac Ha Commune")}
