"""A small offline map to pick a place by clicking it (the Write page's rows).

The land is the basemap's world (``static/basemap/world.geojson``) joined and simplified, drawn as one
vector layer: no tiles, nothing fetched beyond the app's static folder. Countries, seas and towns are
named as on the story's map (``StoryMap.mapLabels``, in the reader's language), so a reader zoomed in
to click knows where they are. The other rows' places are grey dots, the chosen row's a ring.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template
import geopandas as gpd
import shapely
import shapely.geometry

from geo.render.basemap_files import LABELS_DIR
from geo.render.escaping import js_json
from geo.render.map_view import COMPONENT_STATIC_BASE, versioned
from geo.render.preview_map import WORLD

LAND_TOLERANCE = 0.1  # degrees: coasts a reader recognises at the zooms a place is picked at
SEA, LAND, BORDER = "#c9dcea", "#f4f1ea", "#8c8478"
ROW, CHOSEN = "#4a4845", "#c0392b"


@lru_cache(maxsize=1)
def land() -> dict[str, Any]:
    """The world's land as one GeoJSON geometry (~0.3 MB), built once per process: the countries
    joined first, then simplified (simplified one by one, neighbours would leave slivers between them)."""
    joined = shapely.union_all(gpd.read_file(WORLD).geometry.make_valid().array)
    return shapely.geometry.mapping(shapely.simplify(joined, LAND_TOLERANCE, preserve_topology=True))


def picked_point(clicked: Any) -> tuple[float, float] | None:
    """``(lat, lon)`` of a map click as streamlit-folium returns it (``{"lat": …, "lng": …}``),
    the longitude brought back into -180…180 (the map repeats the world sideways); None for
    anything else (the value comes from the browser)."""
    if not isinstance(clicked, dict):
        return None
    lat, lon = clicked.get("lat"), clicked.get("lng")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    if not (-90 <= lat <= 90 and -1e6 < lon < 1e6):
        return None
    return round(float(lat), 5), round((float(lon) + 180) % 360 - 180, 5)


def pick_map(points: list[tuple[float, float]], chosen: tuple[float, float] | None = None, *, lang: str = "vi",
             static_base: str = COMPONENT_STATIC_BASE) -> folium.Map:
    """A map to click: ``points`` (lon, lat) as grey dots, ``chosen`` (lon, lat) as a ring, looking
    at the chosen place (zoom 6), else at the points, else at the whole world; places named in ``lang``."""
    m = folium.Map(location=None, zoom_start=2, tiles=None, min_zoom=1, max_zoom=12, world_copy_jump=True,
                   control_scale=True)
    m.default_js = [("leaflet", f"{static_base}/{versioned('vendor/leaflet/leaflet.js')}"),
                    ("storymap", f"{static_base}/{versioned('app/storymap.js')}")]
    m.default_css = [("leaflet_css", f"{static_base}/{versioned('vendor/leaflet/leaflet.css')}"),
                     ("storymap_css", f"{static_base}/{versioned('app/storymap.css')}")]
    # the names above the land and the dots (all in the overlay pane here), never in the way of a click
    m.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container {{ background: {SEA} !important; cursor: crosshair; }}"
        " .leaflet-sm-labels-pane { z-index: 450 !important; }</style>"))
    folium.GeoJson(land(), style_function=lambda _: {"fillColor": LAND, "fillOpacity": 1, "color": BORDER,
                                                      "weight": 0.6}, interactive=False).add_to(m)
    for lon, lat in points:
        folium.CircleMarker([lat, lon], radius=4, color=ROW, weight=1, fill=True, fill_opacity=0.8,
                            interactive=False).add_to(m)
    if chosen is not None:
        folium.CircleMarker([chosen[1], chosen[0]], radius=9, color=CHOSEN, weight=3, fill=False,
                            interactive=False).add_to(m)
        m.location, m.options["zoom"] = [chosen[1], chosen[0]], 6
    elif points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        m.fit_bounds([[min(lats) - 2, min(lons) - 2], [max(lats) + 2, max(lons) + 2]], max_zoom=6)
    else:
        m.location, m.options["zoom"] = [20, 100], 2
    _PlaceNames(js_json({"url": f"{static_base}/{LABELS_DIR}", "lang": "en" if lang == "en" else "vi"})).add_to(m)
    return m


class _PlaceNames(MacroElement):
    """The map's place names (``StoryMap.mapLabels``), started once the map exists."""

    _template = Template("""{% macro script(this, kwargs) %}
        StoryMap.mapLabels({{ this._parent.get_name() }}, {{ this.labels }}, null);
    {% endmacro %}""")

    def __init__(self, labels: str):
        super().__init__()
        self._name = "PlaceNames"
        self.labels = labels
