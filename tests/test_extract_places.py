"""Places: administrative units and named sites, each general shape on a short article written here, about
provinces and wordings the development corpus does not have."""

from __future__ import annotations

from datetime import date

from provkg.ingest.article import Article
from provkg.ingest.pipeline import extract


def _places(text: str) -> dict[str, str]:
    paras = [p.strip() for p in text.strip().split("\n\n")]
    facts = extract(Article("t", "test", paras[0], paras[1:], published=date(2024, 5, 6)))
    return {p.name: p.kind for p in facts.places.values()}


def test_units_sharing_one_plural_kind_word_and_a_numbered_ward():
    found = _places("""
Quang Nam clean-up

Volunteers from Duy Xuyen and Dai Loc districts, and from Ward 3 and Tan Thanh ward, cleaned the beaches.

Farmers in Tam Dai, Tam Ngoc and Tam Thang communes planted rice.
""")
    assert {k: found.get(k) for k in ("Duy Xuyen District", "Dai Loc District", "Ward 3")} == {
        "Duy Xuyen District": "district", "Dai Loc District": "district", "Ward 3": "ward"}
    assert {found.get(k) for k in ("Tam Dai Commune", "Tam Ngoc Commune", "Tam Thang Commune")} == {"commune"}


def test_a_list_after_the_kind_word_ends_with_and():
    found = _places("""
Bac Kan highlands

The province will build schools in the three highland districts of Ba Be, Pac Nam and Ngan Son.
""")
    assert {found.get(k) for k in ("Ba Be District", "Pac Nam District", "Ngan Son District")} == {"district"}


def test_an_apostrophe_name_stays_whole_and_the_printed_kind_is_kept():
    found = _places("""
Kon Tum border

Ms. Y Lan, from Ia Dom commune of Ia H'Drai district, was born in 1980 in Kon Plong district.
""")
    assert found.get("Ia H'Drai District") == "district"
    assert "Drai District" not in found


def test_bare_provinces_in_a_list_natural_sites_and_neighbouring_countries():
    found = _places("""
Quang Nam tourism

Delegations of Hung Yen, Ha Nam and Ninh Binh, the sister provinces, visited Cua Dai beach and the Thu Bon river.

The road runs along the border with Laos.

Mr. Le Van Bay, Director of the department, spoke.
""")
    assert {k: found.get(k) for k in ("Hung Yen", "Ha Nam", "Ninh Binh")} == dict.fromkeys(
        ("Hung Yen", "Ha Nam", "Ninh Binh"), "province")
    assert found.get("Cua Dai Beach") == "site" and found.get("Thu Bon River") == "site"
    assert found.get("Laos") == "country"
    assert "Le Van Bay" not in found


def test_a_venue_without_a_place_in_its_name_is_the_provinces():
    found = _places("""
Bac Ninh ceremony

On May 2, Bac Ninh province held a ceremony at the Political and Administrative Centre in Suoi Hoa ward.
""")
    assert found.get("Bac Ninh Political and Administrative Centre") == "site"


def test_a_bare_list_of_the_provinces_units_the_registry_knows():
    found = _places("""
Bac Giang industry

Most of the new workers are employed in the industrial parks of Viet Yen, Yen Dung and Luc Nam.

The plan covers Good Harvest, Green Field and Clean Water.
""")
    # each as the registry names it (the unit of that name it ranks first), none a person or a province
    units = {k.rsplit(" ", 1)[0]: v for k, v in found.items() if v != "province"}
    assert set(units) == {"Viet Yen", "Yen Dung", "Luc Nam"}
    assert set(units.values()) <= {"district", "town", "ward", "commune"}
    assert not [k for k in found if k.startswith(("Good Harvest", "Green Field", "Clean Water"))]


def test_units_named_after_people_in_a_list_of_units_are_no_people():
    """'Quang Trung, Luong Khanh Thien, Minh Khai and Hai Ba Trung wards': units named after people, in a list
    that shares one plural kind word, are places, never people; an addressed name is a person anywhere."""
    facts = extract(Article("t", "test", "Ha Nam arranges its wards", [
        "Phu Ly ward is formed by merging Quang Trung, Lương Khánh Thiện, Minh Khai and Hai Bà Trưng wards.",
        "Bac Giang ward is formed from the former Tran Phu, Ngo Quyen and Hoang Van Thu wards.",
        "Mr. Nguyen Van An, Secretary of the Phu Ly Ward Party Committee, attended."], published=date(2025, 6, 30)))
    assert {p.name for p in facts.people.values()} == {"Nguyen Van An"}
    assert {"Luong Khanh Thien Ward", "Hoang Van Thu Ward"} <= {p.name for p in facts.places.values()}


def test_ports_border_gates_parks_and_towers_are_named_sites():
    """A name ending in a site noun the provincial press reports (port, border gate, national park, plateau,
    tower, landscape complex; places.toml [features] sites) is a site, named as printed, never a person."""
    facts = extract(Article("t", "test", "Ha Nam leaders visit the coast", [
        "Leaders visited Hon La Port, My Thuy Port and the Lao Bao Border Gate, then Ba Be National Park and the "
        "Dong Van Karst Plateau.", "The Trang An Landscape Complex and Po Rome Tower welcome tourists."],
        published=date(2025, 6, 28)))
    assert {"Hon La Port", "My Thuy Port", "Lao Bao Border Gate", "Ba Be National Park", "Dong Van Karst Plateau",
            "Trang An Landscape Complex", "Po Rome Tower"} <= {p.name for p in facts.places.values()}
    assert not facts.people
