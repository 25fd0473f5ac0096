"""Countries found offline by the names people write (geo/places/countries.py)."""

from __future__ import annotations

import pytest

from geo.places.countries import country_lookup


@pytest.mark.parametrize("written, country", [
    ("Mỹ", "United States"), ("Hoa Kỳ", "United States"), ("USA", "United States"), ("US", "United States"),
    ("Anh", "United Kingdom"), ("UK", "United Kingdom"), ("Britain", "United Kingdom"), ("GB", "United Kingdom"),
    ("Ý", "Italy"), ("Nhật", "Japan"), ("Nhật Bản", "Japan"), ("JP", "Japan"), ("Úc", "Australia"),
    ("Việt Nam", "Vietnam"), ("MY", "Malaysia"), ("Malaysia", "Malaysia"),
])
def test_a_country_by_the_name_people_write(written, country):
    found = country_lookup(written)
    assert found is not None and found.names["en"] == country and found.precision == "country"


def test_an_iso_code_only_in_capitals():
    """"Mỹ" folds to "my", Malaysia's code: a code counts only as written, in capitals."""
    assert country_lookup("Mỹ").names["en"] == "United States"
    assert country_lookup("jp") is None


@pytest.mark.parametrize("written, sea", [("Biển Đông", "South China Sea"), ("Vịnh Bắc Bộ", "Gulf of Tonkin"),
                                          ("gulf of tonkin", "Gulf of Tonkin"), ("Thái Bình Dương", "Pacific Ocean")])
def test_seas_by_their_english_or_vietnamese_names(written, sea):
    """A storm story's seas are found at the map's own label for them, as a region."""
    from geo.places.gazetteer import Gazetteer

    found = Gazetteer.shipped().resolve(written)
    assert (found.names["en"], found.precision, found.method) == (sea, "region", "seas")
