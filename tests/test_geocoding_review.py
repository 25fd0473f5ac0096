"""The upload page's geocoding review: what each place name was found as, and where."""

from __future__ import annotations

from geo.places.geocode import resolutions
from geo.render.geocoding_review import review_table
from geo.story.import_file import import_story


def _resolved(csv: str):
    return resolutions(import_story("places.csv", csv.encode("utf-8")).loaded)


def test_each_name_shows_the_place_found_and_its_coordinates_in_the_readers_language():
    table = review_table(_resolved("Ngày,Sự kiện,Địa điểm\n15/12/2016,Bão,Quảng Ninh\n16/12/2016,Họp,Tokyo\n"), "vi")
    assert list(table.columns) == ["Tên địa điểm", "Tìm thấy", "Vị trí", "Nguồn", "Độ chính xác"]
    assert table.index.name == "Sự kiện"
    storm = table[table["Tên địa điểm"] == "Quảng Ninh"].iloc[0]
    assert storm["Tìm thấy"] == "Quảng Ninh" and storm["Vị trí"] == "20.95° N, 107.07° E"  # the province, at Hạ Long
    assert "kiểm tra" in storm["Nguồn"] and storm["Độ chính xác"] == "vùng"  # the databases' finds are to check


def test_coordinates_in_the_file_and_unknown_names_say_so():
    table = review_table(_resolved("date,title,lat,lon\n2016-12-15,A,34.37,131.18\n"), "en")
    row = table.iloc[0]
    assert row["Place name"] == "(geometry in the file)" and row["Found by"] == "coordinates in the file"
    assert row["Where"] == ""
