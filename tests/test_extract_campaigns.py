"""Campaigns, movements, programmes and awards: each general shape on a short article written here,
about provinces and wordings the development corpus does not have."""

from __future__ import annotations

from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract


def _article(text: str, published: date | None = date(2026, 3, 5)) -> Article:
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return Article("t", "test", paras[0], paras[1:], published=published)


def _campaigns(text: str) -> dict[str, str]:
    return {c.name: c.kind for c in extract(_article(text)).campaigns}


def test_a_quoted_list_shares_the_kind_word_before_its_first_item():
    found = _campaigns("""
Quang Tri reviews its movements

Emulation movements such as "Every hamlet a safe hamlet", "Clean roads, green fields" and "Schools of kindness" \
took root in every district of Quang Tri, the report said.

The youth union ran three programmes: "Warm winter", "Books for the border" and "Spring on the highlands".
""")
    assert {k: found.get(k) for k in ("Every hamlet a safe hamlet", "Clean roads, green fields",
                                        "Schools of kindness")} == dict.fromkeys(
        ("Every hamlet a safe hamlet", "Clean roads, green fields", "Schools of kindness"), "emulation movement")
    assert {k: found.get(k) for k in ("Warm winter", "Books for the border", "Spring on the highlands")} == \
        dict.fromkeys(("Warm winter", "Books for the border", "Spring on the highlands"), "programme")


def test_a_plural_kind_word_after_the_list_names_every_item():
    found = _campaigns("""
Kon Tum youth

Thousands of young people in Kon Tum joined the "Lights for village roads" and "Bridges for pupils" projects last year.
""")
    assert found == {"Lights for village roads": "project", "Bridges for pupils": "project"}


def test_a_motto_or_theme_in_quotes_is_no_campaign():
    found = _campaigns("""
Ninh Binh congress

Under the motto "Solidarity, discipline, creativity" and the theme "Ninh Binh rises", delegates met in the hall.
""")
    assert found == {}


def test_a_capitalised_programme_keeps_its_purpose_or_its_capitalised_tail():
    found = _campaigns("""
Ha Giang housing

Ha Giang finished the 2024 Program to build solid houses for border households across its northern districts.

Funds came from the National Target Program for Sustainable Poverty Reduction of Mountainous Districts.
""")
    assert found.get("Program to build solid houses for border households") == "programme"
    assert found.get("National Target Program for Sustainable Poverty Reduction of Mountainous Districts") \
        == "programme"


def test_a_capitalised_name_before_a_lowercase_emulation_movement():
    found = _campaigns("""
Kien Giang steps up emulation

The province will give fresh impetus to the Vuon Xa Bien Tay emulation movement in 2026, its chairman said.
""")
    assert found.get("Vuon Xa Bien Tay") == "emulation movement"


def test_a_place_before_an_emulation_movement_is_no_name():
    found = _campaigns("""
Movement in Tra Vinh

Officials met to push the Tra Vinh emulation movement forward.
""")
    assert "Tra Vinh" not in found


def test_state_orders_and_medals_are_awards():
    found = _campaigns("""
Ca Mau honours its police

Deputy Prime Minister Tran Van Khai presented the third-class Fatherland Defence Order to the Ca Mau Provincial Police \
and the Glorious Fighter Medal to five officers.
""")
    assert found.get("Third-class Fatherland Defence Order") == "award"
    assert found.get("Glorious Fighter Medal") == "award"


def test_an_order_in_a_body_name_or_without_conferment_is_no_award():
    found = _campaigns("""
Traffic in Bac Ninh

The Police Department for Administrative Management of Social Order presented its report. \
Public Order matters most, the Bac Ninh Director said.
""")
    assert not [n for n in found if "Order" in n]


def test_honours_named_by_their_giver():
    found = _campaigns("""
Binh Phuoc teachers honoured

Twelve teachers received certificates of merit from the Minister of Education and Training, and the school was \
awarded the Provincial People's Committee's emulation flag.
""")
    assert found.get("Certificate of Merit of the Minister of Education and Training") == "award"
    assert found.get("Emulation Flag of the Provincial People's Committee") == "award"


def test_titles_conferred_in_quotes_are_awards():
    found = _campaigns("""
Soc Trang honours its people

The province conferred the titles "Outstanding Citizen of Soc Trang" and "Honorary Citizen of Soc Trang" on 14 people.
""")
    assert found == {"Outstanding Citizen of Soc Trang": "award", "Honorary Citizen of Soc Trang": "award"}


def test_a_named_year_is_a_campaign():
    found = _campaigns("""
Hau Giang youth

The Youth Union chose 2026 as the Year of Digital Citizens, with events in every commune.
""")
    assert found.get("Year of Digital Citizens") == "campaign"


def test_what_is_launched_under_a_name_is_a_campaign_unless_a_kind_word_says_more():
    found = _campaigns("""
Da Nang goes green

The city launched "Plastic-free Sundays" in March. It also launched the "Blue sea for tomorrow" movement.
""")
    assert found == {"Plastic-free Sundays": "campaign", "Blue sea for tomorrow": "emulation movement"}


def test_the_patriotic_emulation_movement_plural_only_with_its_years():
    with_years = _campaigns("""
Hung Yen reviews emulation

The patriotic emulation movements of the 2021-2026 period changed the face of Hung Yen.
""")
    assert with_years.get("Patriotic emulation movement") == "emulation movement"
    generic = _campaigns("""
Hung Yen

Party committees were told to develop patriotic emulation movements in every village.
""")
    assert "Patriotic emulation movement" not in generic


def test_one_project_printed_twice_with_one_word_inflected_is_one():
    facts = extract(_article("""
Vinh Phuc project

The project "Women participate in building a green and clean residential landscape" was carried out in 2025. \
Communes praised the project "Women participating in building a green and clean residential landscape" again.
"""))
    assert len(facts.campaigns) == 1 and facts.campaigns[0].kind == "project"


def test_campaign_years_come_from_the_period_beside_it():
    facts = extract(_article("""
Tien Giang

The project "Safe water for every school in the period 2026-2030" opened in My Tho.
"""))
    camp = facts.campaigns[0]
    assert (camp.name, camp.start_year, camp.end_year) == ("Safe water for every school", 2026, 2030)


def test_a_project_known_by_its_number():
    found = _campaigns("""
Bac Kan digital ID

Bac Kan police pushed Project 06 on population data into every commune, and Program 135 built 40 rural roads.

The province carried out Project 02 "Safe villages, friendly people" in 2025.
""")
    assert found.get("Project 06") == "project" and found.get("Program 135") == "programme"
    assert found.get("Safe villages, friendly people") == "project"
    assert "Project 02" not in found              # a number heading a quoted name is not a second name


def test_an_honorary_title_conferred_is_an_award_but_a_post_is_not():
    found = _campaigns("""
Ha Nam honours

The State President conferred the title of Hero of the People's Armed Forces on the Ha Nam Provincial Police.

Delegates elected a key title of the Provincial People's Committee.
""")
    assert found.get("Hero of the People's Armed Forces") == "award"
    assert not [n for n in found if "Committee" in n]


def test_a_list_opened_by_such_as_takes_the_kind_word_further_back_in_its_clause():
    found = _campaigns("""
Bac Ninh looks back

The gains came from the emulation movements that spread to every village, such as "Bac Ninh builds smart \
villages", "Craft villages go green" and "No household left in the dark".
""")
    assert {k: found.get(k) for k in ("Bac Ninh builds smart villages", "Craft villages go green",
                                        "No household left in the dark")} == dict.fromkeys(
        ("Bac Ninh builds smart villages", "Craft villages go green", "No household left in the dark"),
        "emulation movement")


def test_quoted_title_case_names_take_the_one_kind_their_sentence_speaks_of():
    found = _campaigns("""
Binh Dinh unions

The unions built 800 "Warm Union Homes" for workers and organised the "Xuan Yeu Thuong" (Loving Spring) programme \
for 20,000 workers.

Workers chanted "Work Hard" at the rally.
""")
    assert found.get("Warm Union Homes") == "programme"
    assert found.get("Xuan Yeu Thuong") == "programme"
    assert "Work Hard" not in found


def test_funds_months_and_purpose_names_are_campaigns():
    found = _campaigns("""
Ninh Thuan drives

The Front raised 20 billion VND for the "For Ninh Thuan's Poor" Fund and the Veterans' Support Fund this year.

The province opened the Action Week for Clean Beaches 2026 in Phan Rang.

The council asked the departments to finish the provincial campaign to eliminate makeshift houses in the mountain \
districts and the programme on clean water for ethnic minority villages, and to report by June.

In order for the project to succeed, land was cleared. The project to be completed next year is on schedule, \
and the programme for the coming year and the project on schedule were discussed.
""")
    assert found.get("For Ninh Thuan's Poor") == "programme"
    assert found.get("Veterans' Support Fund") == "programme"
    assert found.get("Action Week for Clean Beaches") == "campaign"
    assert found.get("Campaign to eliminate makeshift houses") == "campaign"
    assert found.get("Programme on clean water for ethnic minority villages") == "programme"
    assert not [n for n in found if n.startswith(("Project to", "Project on", "Programme for"))]


def test_an_order_s_class_after_a_comma_and_the_subject_s_own_emulation_flag():
    found = _campaigns("""
Hue honours

On behalf of the State President, the Vice President presented the Labour Order, second class, to the Hue \
City Women's Union. The Vietnam Women's Union also awarded its Emulation Flag to three districts.

The Government's Emulation Flag went to Phong Dien town.
""")
    assert found.get("Second-class Labour Order") == "award"
    assert "Labour Order" not in found
    assert found.get("Emulation Flag of the Vietnam Women's Union") == "award"
    assert found.get("Emulation Flag of the Government") == "award"


def test_a_capitalised_kind_word_and_the_lowercase_purpose_after_on_or_to():
    """'the National Target Programme on socio-economic development in ethnic minority and mountainous areas for
    2021-2030', 'the Programme on sustainable poverty reduction': the purpose after 'on' names it as after 'to',
    up to the words that end a purpose (events.toml purpose_stops) and without the clause's trailing words."""
    found = _campaigns("""Ha Nam ethnic committee reviews programmes

    The committee carried out the National Target Programme on socio-economic development in ethnic minority and
    mountainous areas for 2021-2030. The district implemented the Programme on sustainable poverty reduction,
    and the Campaign to eliminate temporary houses in Binh Luc district ended.""")
    assert found == {
        "National Target Programme on socio-economic development in ethnic minority and mountainous areas":
            "programme",
        "Programme on sustainable poverty reduction": "programme",
        "Campaign to eliminate temporary houses": "campaign"}
