"""The registry gazetteer: both maps, lookups, province forms, place-or-person."""

import time

import pytest
from provkg.ingest import gazetteer as gz


def test_index_builds_fast_and_once():
    gz._units.cache_clear()
    gz._raw.cache_clear()
    t = time.perf_counter()
    gz.warm()
    assert time.perf_counter() - t < 2.0
    t = time.perf_counter()
    for _ in range(1000):
        gz.lookup("Di An City")
    assert time.perf_counter() - t < 1.0


def test_provinces_both_maps():
    recs = gz.provinces()
    names = {p.name for p in recs}
    assert {"Binh Duong", "Ho Chi Minh City", "Hanoi", "Gia Lai", "Hue", "Tuyen Quang"} <= names
    by_era = {p.era for p in recs}
    assert by_era == {"pre-2025", "post-2025", "both"}
    bd = [p for p in recs if p.name == "Binh Duong"]
    assert [(p.era, p.code) for p in bd] == [("pre-2025", "74")]     # merged into HCMC in 2025
    assert len({p.name for p in recs if p.era in ("pre-2025", "both")}) == 63
    assert len({p.name for p in recs if p.era in ("post-2025", "both")}) == 34
    hcm = next(p for p in recs if p.name == "Ho Chi Minh City")
    assert hcm.era == "both" and hcm.kind == "city" and "HCMC".lower() in {v.lower() for v in hcm.variants}


@pytest.mark.parametrize("name, within, expected, kind, province", [
    ("Di An", None, "Di An City", "city", "Binh Duong"),
    ("Di An City", None, "Di An City", "city", "Binh Duong"),
    ("Dau Tieng District", None, "Dau Tieng District", "district", "Binh Duong"),
    ("huyện Dầu Tiếng", None, "Dau Tieng District", "district", "Binh Duong"),
    ("Ben Cat", "Binh Duong", "Ben Cat City", "city", "Binh Duong"),
    ("Tam Lap commune", "Binh Duong", "Tam Lap Commune", "commune", "Binh Duong"),
    ("Gia Lai province", None, "Gia Lai Province", "province", "Gia Lai"),
    ("Hanoi", None, "Hanoi", "province", "Hanoi"),
    ("Ho Chi Minh City", None, "Ho Chi Minh City", "province", "Ho Chi Minh City"),
    ("Tan Thanh District", "Long An", "Tan Thanh District", "district", "Long An"),
    ("Phu Quy District", "Binh Thuan", "Phu Quy District", "district", "Binh Thuan"),
])
def test_lookup_pre_2025_units(name, within, expected, kind, province):
    rec = gz.lookup(name, within=within)
    assert rec is not None
    assert (rec.name, rec.kind, rec.province) == (expected, kind, province)


def test_commune_knows_its_district():
    rec = gz.lookup("Tam Lap", kind="commune", within="Bình Dương")
    assert rec.parent_name == "Phu Giao District" and rec.parent_kind == "district"
    assert rec.era == "pre-2025" and rec.code


def test_post_2025_units():
    ward = gz.lookup("Binh Duong Ward", within="Binh Duong")          # new ward of (new) HCMC
    assert ward.era == "post-2025" and ward.province == "Ho Chi Minh City" and ward.kind == "ward"
    zone = gz.lookup("Phu Quy", within="Lam Dong")
    assert zone.kind == "special zone" and zone.era == "post-2025"
    assert gz.lookup("Long Thanh Commune", within="Dong Nai").era == "post-2025"
    assert gz.successors()["Binh Duong"] == "Ho Chi Minh City"
    assert gz.successors()["Ha Giang"] == "Tuyen Quang"


def test_not_in_gazetteer():
    assert gz.lookup("Suoi Trau hamlet") is None
    assert gz.lookup("Nguyen Van Loi") is None
    assert gz.lookup("Binh Duong Ward") is None                       # Quang Ninh and HCMC both: ambiguous


@pytest.mark.parametrize("name, expected", [
    ("Binh Duong", "Binh Duong"), ("Bình Dương", "Binh Duong"), ("binh duong province", "Binh Duong"),
    ("HCMC", "Ho Chi Minh City"), ("Ho Chi Minh City", "Ho Chi Minh City"), ("TP.HCM", "Ho Chi Minh City"),
    ("Hanoi", "Hanoi"), ("Ha Noi", "Hanoi"), ("Thua Thien Hue", "Hue"), ("Hue", "Hue"),
    ("Ba Ria - Vung Tau", "Ba Ria - Vung Tau"), ("Nguyen Van Loi", None), ("Dau Tieng", None),
])
def test_province_of(name, expected):
    assert gz.province_of(name) == expected


@pytest.mark.parametrize("words, expected", [
    ("Ben Cat", True), ("Dau Tieng", True), ("Ho Chi Minh City", True), ("Di An City", True),
    ("Tam Lap commune", True), ("Hanoi", True),
    ("Ho Chi Minh", False), ("Tran Van Nam", False), ("Nguyen Van Loi", False), ("Nam", False),
    # a name opening with a Vietnamese unit word ("quận", "huyện", "phường") is also a name whole
    ("Quan Ba", True), ("Quan Van", False), ("Phuong Anh", False), ("Huyen Trang", False),
])
def test_is_place_name(words, expected):
    assert gz.is_place_name(words) is expected
