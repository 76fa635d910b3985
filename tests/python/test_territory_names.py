"""Communes, provinces and regions found as people, spreadsheets and other systems write them:
Unicode-normalised by Python's unicodedata (an independent NFD/NFKC), codes as Excel leaves them,
official prefixes, the shipped aliases, regions by number and Roman numeral; refusals suggest."""

from __future__ import annotations

import csv
import pathlib
import unicodedata

import omilcrm
import pytest
from omilcrm import territory

ALIASES = pathlib.Path(__file__).resolve().parents[2] / "libomilcrm" / "data" / "territory" / "aliases.csv"


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_every_commune_in_every_unicode_normal_form(form):
    for c in territory.communes():
        for text in (c.name, c.name.upper(), f"Comuna de {c.name}", f"\u00a0{c.name} "):
            assert territory.commune(unicodedata.normalize(form, text)).code == c.code, (form, text)


def test_codes_without_their_leading_zero_as_spreadsheets_leave_them():
    for c in territory.communes():
        assert territory.commune(str(int(c.code))).code == c.code
    for p in territory.provinces():
        assert territory.province(str(int(p.code))).code == p.code
    for r in territory.regions():
        assert territory.region(str(int(r.code))).code == r.code


def test_every_shipped_alias_names_its_place():
    with ALIASES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 20
    find = {"commune": territory.commune, "province": territory.province, "region": territory.region}
    for row in rows:
        assert row["source"].strip(), row  # every alias says where it comes from
        assert find[row["kind"]](row["alias"]).code == row["code"], row


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I", "01"),
        ("IV", "04"),
        ("V", "05"),
        ("VIII", "08"),
        ("XIII", "13"),
        ("XIV", "14"),
        ("XV", "15"),
        ("XVI", "16"),
    ],
)
def test_regions_by_roman_numeral(text, code):
    assert territory.region(text).code == code


def test_a_misspelt_commune_is_refused_with_the_closest_names():
    with pytest.raises(omilcrm.ValidationError, match="did you mean Concón") as e:
        territory.commune("Concom")
    assert e.value.field == "commune" and e.value.value == "Concom"
    with pytest.raises(omilcrm.ValidationError, match="Puchuncaví"):
        territory.commune("Puchuncavi Norte")
