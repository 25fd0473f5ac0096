"""The Write page's map to pick a place by clicking (geo.render.pick_map): offline, looking at the
chosen row, and a click's value from the browser checked before it becomes coordinates."""

from __future__ import annotations

import re

import pytest

from geo.places.gazetteer import Gazetteer
from geo.places.suggestions import place_point
from geo.render.pick_map import pick_map, picked_point


def _script(m) -> str:
    return m.get_root().render()


def test_the_map_fetches_nothing_from_the_internet_and_draws_the_land():
    html = _script(pick_map([(105.854, 21.028)]))
    assert not re.findall(r"https?://", html)
    assert "app/static/vendor/leaflet/leaflet.js?v=" in html
    assert '"type": "MultiPolygon"' in html or '"MultiPolygon"' in html


def test_the_map_looks_at_the_chosen_place_else_at_the_rows_else_at_the_world():
    chosen = _script(pick_map([(139.69, 35.69)], (105.854, 21.028)))
    assert "center: [21.028, 105.854]" in chosen and '"zoom": 6' in chosen
    rows = _script(pick_map([(139.69, 35.69), (105.854, 21.028)]))
    assert "fitBounds" in rows and all(str(x) in rows for x in (19.028, 103.854, 37.69, 141.69))  # 2° around
    world = _script(pick_map([]))
    assert "center: [20, 100]" in world and '"zoom": 2' in world


@pytest.mark.parametrize(("clicked", "expected"), [
    ({"lat": 21.0285, "lng": 105.8542}, (21.0285, 105.8542)),
    ({"lat": 35.0, "lng": 139.7 + 360}, (35.0, 139.7)),  # a copy of the world to the east
    ({"lat": -33.9, "lng": -151.2 - 360}, (-33.9, -151.2)),
    ({"lat": 91, "lng": 0}, None),
    ({"lat": True, "lng": 0}, None),
    ({"lat": "21", "lng": "105"}, None),
    ({"lat": float("nan"), "lng": 0}, None),
    ({"lng": 0}, None),
    (None, None),
    ("21, 105", None),
])
def test_a_click_from_the_browser_is_checked(clicked, expected):
    got = picked_point(clicked)
    assert got == (pytest.approx(expected) if expected else None)


def test_a_rows_place_points_at_its_coordinates_or_the_place_it_names():
    gazetteer = Gazetteer.shipped()
    assert place_point("21.028, 105.854", gazetteer) == (105.854, 21.028)
    lon, lat = place_point("Tokyo; Nagato", gazetteer)
    assert 139 < lon < 140.5 and 35 < lat < 36.5
    assert place_point("Nowhere-at-all", gazetteer) is None and place_point("", gazetteer) is None
