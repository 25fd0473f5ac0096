"""Folium elements for the story map, served offline.

The base map (basemap, tile layers, cluster, legend, controls, one empty group per layer) is
built deterministically, so streamlit-folium draws it once; each view then reaches it as data
(:func:`geo.render.map_data.view_message`, delivered by the page) and ``StoryMap.bindView`` draws it. Every asset comes from the app's own static folder,
never a CDN. Story text is passed to the browser as JSON data (:func:`geo.render.escaping.js_json`)
and turned into DOM text by ``static/app/storymap.js``.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import xyzservices
from folium import plugins
from branca.element import MacroElement
from jinja2 import Template

from geo.render.basemap_files import BASEMAP_FILES, LABELS_DIR
from geo.render.i18n import t
from geo.render.map_data import popup_labels
from geo.story.schema import Story
from geo.render.escaping import escape_html, js_json

# Paths of the browser assets below the static root (see static/vendor/LICENSES.md).
VENDOR_JS = [
    ("leaflet", "vendor/leaflet/leaflet.js"),
    ("markercluster", "vendor/leaflet.markercluster/leaflet.markercluster.js"),
    ("subgroup", "vendor/leaflet.featuregroup.subgroup/leaflet.featuregroup.subgroup.js"),
    ("fullscreen", "vendor/leaflet.fullscreen/Control.FullScreen.js"),
    ("minimap", "vendor/leaflet-minimap/Control.MiniMap.min.js"),
    ("measure", "vendor/leaflet-measure/leaflet-measure.js"),
    ("storymap", "app/storymap.js"),
]
VENDOR_CSS = [
    ("leaflet_css", "vendor/leaflet/leaflet.css"),
    ("markercluster_css", "vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
    ("fullscreen_css", "vendor/leaflet.fullscreen/Control.FullScreen.css"),
    ("minimap_css", "vendor/leaflet-minimap/Control.MiniMap.min.css"),
    ("measure_css", "vendor/leaflet-measure/leaflet-measure.css"),
    ("storymap_css", "app/storymap.css"),
]
# The measuring tool in the reader's language (the Vietnamese build is derived by scripts/vendor_assets.py).
MEASURE_JS = {"vi": "vendor/leaflet-measure/leaflet-measure.vi.js"}


def vendor_js(lang: str) -> list[tuple[str, str]]:
    """:data:`VENDOR_JS` with the measuring tool in ``lang`` where a translation exists."""
    return [(name, MEASURE_JS.get(lang, path) if name == "measure" else path) for name, path in VENDOR_JS]


# streamlit-folium loads a map's scripts one after another (~50 ms each on a cold start), so the
# Leaflet scripts travel as one file per language, written by scripts/vendor_assets.py.
VENDOR_BUNDLE = "vendor/leaflet-bundle.{lang}.js"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)  # the maps are not vendored


def bundle_text(static_root: Path, lang: str) -> str:
    """The Leaflet scripts of :func:`vendor_js` (all but our own) as one script, in load order."""
    parts = [(path, (static_root / path).read_text(encoding="utf-8")) for name, path in vendor_js(lang)
             if not path.startswith("app/")]
    return "".join(f"/* --- {path} --- */\n{_SOURCE_MAP.sub('', text).rstrip()}\n;\n" for path, text in parts)


def map_scripts(lang: str) -> list[tuple[str, str]]:
    """The scripts the map frame loads: the Leaflet bundle in ``lang``, then our own."""
    return [("leaflet_bundle", VENDOR_BUNDLE.format(lang=lang)),
            *((name, path) for name, path in vendor_js(lang) if path.startswith("app/"))]

# streamlit-folium serves its component at <root>/component/<name>/index.html; the app's
# static files are at <root>/app/static/. A relative path works under any base URL path.
COMPONENT_STATIC_BASE = "../../app/static"

TILE_LAYERS = [
    ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
     '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
    ("CartoDB Positron", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
     '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
     '&copy; <a href="https://carto.com/attributions">CARTO</a>'),
    ("Esri World Imagery", "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
     "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community"),
]


STATIC_ROOT = Path(__file__).resolve().parents[2] / "static"


@lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12]


def versioned(relative: str, static_root: Path = STATIC_ROOT) -> str:
    """``relative?v=<content hash>``: the app's static serving lets browsers keep such a URL for a
    year (``webapp/asset_delivery.py``), and a changed file gets a new one."""
    path = static_root / relative
    try:
        return f"{relative}?v={_digest(path, path.stat().st_mtime_ns)}"
    except OSError:
        return relative


def _links(base: str, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, f"{base}/{versioned(path)}") for name, path in items]


class StorySetup(MacroElement):
    """Everything the base map needs once: basemap, cluster, legend, region button, tile watch."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            // Not folium's fit_bounds: an animated first fit would later undo the day's own fit.
            map.fitBounds({{ this.bounds }}, {animate: false});
            window.storyCluster = L.markerClusterGroup({maxClusterRadius: 36, spiderfyOnMaxZoom: true,
                showCoverageOnHover: false, zoomToBoundsOnClick: false});
            StoryMap.clusterClicks(map, window.storyCluster);
            map.addLayer(window.storyCluster);
            {% if this.present %}document.body.classList.add("sm-present");{% endif %}
            var basemapReady = StoryMap.basemap(map, {{ this.basemap }});
            StoryMap.tools(map, basemapReady);
            StoryMap.mapLabels(map, {{ this.labels }}, basemapReady);
            StoryMap.regionControl(map, {{ this.bounds }}, {{ this.words.whole_region }});
            StoryMap.legend(map, {{ this.layers }}, {{ this.words.legend }});
            StoryMap.labelsByZoom(map, 6);
            StoryMap.keepPopupsReadable(map);
            {% for tile in this.tiles %}StoryMap.watchTiles(map, [{{ tile }}], {{ this.words.tiles_offline }});
            {% endfor %}
            (function () {  /* fill the frame, which the page sizes to the window (webapp/presenter.py) */
                var fit = function () { map.getContainer().style.height = window.innerHeight + "px"; map.invalidateSize(); };
                window.addEventListener("resize", fit); fit();
            })();
            map.getContainer().setAttribute("aria-label", {{ this.words.map_label }});
            map.getContainer().setAttribute("role", "main");  // the frame's one landmark: its map
            (function () {  /* the frame's heading, for screen readers (the page shows the story's title) */
                var h = document.createElement("h1");
                h.className = "sm-visually-hidden";
                h.textContent = {{ this.words.map_label }};
                map.getContainer().insertBefore(h, map.getContainer().firstChild);  // inside the landmark
            })();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, story: Story, lang: str, bounds: list[list[float]], basemap: list[dict[str, Any]],
                 tiles: list[str], present: bool = False, labels_url: str = ""):
        super().__init__()
        self._name = "StorySetup"
        self.basemap = js_json(basemap)
        self.bounds = js_json(bounds)
        self.layers = js_json([{"id": l.id, "name": l.name.get(lang), "color": l.color, "icon": l.icon}
                               for l in story.layers])
        self.words = {k: js_json(t(k, lang)) for k in ("whole_region", "legend", "tiles_offline", "map_label")}
        self.tiles = tiles
        self.present = present
        self.labels = js_json({"url": labels_url, "lang": lang})


class StoryFeatureGroup(folium.FeatureGroup):
    """A thematic layer's group, joined to the shared marker cluster (co-located events spiderfy)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = StoryMap.subGroup(window.storyCluster).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


class StoryViews(MacroElement):
    """Lets the page hand this map each view (``StoryMap.bindView``): the map is drawn once."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            StoryMap.bindView({{ this._parent.get_name() }}, {{ this.key }}, {
                {% for layer_id, group in this.groups %}{{ layer_id }}: {{ group.get_name() }},
                {% endfor %}}, {{ this.layers }}, {{ this.words }});
        {% endmacro %}
    """)

    def __init__(self, key: str, groups: dict[str, folium.FeatureGroup], layers: dict[str, dict[str, str]],
                 words: dict[str, str]):
        super().__init__()
        self._name = "StoryViews"
        self.key = js_json(key)
        self.layers = js_json(layers)
        self.groups = [(js_json(layer_id), group) for layer_id, group in groups.items()]
        self.words = js_json(words)


def layer_label(story: Story, layer_id: str, lang: str) -> str:
    """The layer control's label: a colour swatch, the escaped layer name (Leaflet inserts it as
    HTML) and a slot where the browser writes how many of the layer's events the view shows."""
    layer = story.layer(layer_id)
    return (f'<span class="sm-swatch" style="background:{layer.color}"></span>{escape_html(layer.name.get(lang))}'
            f' <span class="sm-count" data-layer="{escape_html(layer.id)}"></span>')


def build_base_map(
    story: Story,
    lang: str,
    region_bounds: list[list[float]],
    *,
    static_base: str = COMPONENT_STATIC_BASE,
    present: bool = False,
    view_key: str = "map",
) -> folium.Map:
    """The map that stays mounted: offline basemap, optional tiles, cluster, legend, controls and
    an empty group per thematic layer, which ``StoryMap.bindView`` fills with each view.

    Built from the story and language only, so the same inputs give the same script: the map is
    sent and drawn once, and a day step only hands it a view (:func:`geo.render.map_data.view_message`)
    under ``view_key``.
    """
    m = folium.Map(location=None, zoom_start=4, tiles=None, control_scale=True, prefer_canvas=False,
                   min_zoom=2, max_zoom=18, world_copy_jump=True)
    m.options.update(max_zoom=18, min_zoom=2)  # folium passes these to tile layers only; the cluster needs them
    m.default_js = _links(static_base, map_scripts(lang))
    m.default_css = _links(static_base, VENDOR_CSS)
    offline = folium.FeatureGroup(name=escape_html(t("offline_map", lang)), overlay=False, control=True, show=True)
    offline.add_to(m)
    tile_names = []
    for name, url, attribution in TILE_LAYERS:
        # a provider object, not a URL: folium would search ~1,000 xyzservices providers for a URL
        provider = xyzservices.TileProvider(name=name, url=url, attribution=attribution, max_zoom=18)
        tile = folium.TileLayer(provider, name=name, attr=attribution, overlay=False, control=True, show=False,
                                max_zoom=18, max_native_zoom=18)
        tile.add_to(m)
        tile_names.append(tile.get_name())
    basemap = [{"url": f"{static_base}/{versioned(path)}", "minZoom": zoom} for path, zoom in BASEMAP_FILES]
    StorySetup(story, lang, region_bounds, basemap, tile_names, present, f"{static_base}/{LABELS_DIR}").add_to(m)
    plugins.Fullscreen(position="topleft", title=t("presenter", lang), force_separate_button=True).add_to(m)
    groups = {layer.id: StoryFeatureGroup(name=layer_label(story, layer.id, lang)).add_to(m) for layer in story.layers}
    folium.LayerControl(collapsed=True).add_to(m)
    layers = {layer.id: {"name": layer.name.get(lang), "color": layer.color, "icon": layer.icon} for layer in story.layers}
    StoryViews(view_key, groups, layers, popup_labels(lang)).add_to(m)
    for plugin in m._children.values():
        if hasattr(plugin, "default_js") and plugin is not m:
            plugin.default_js, plugin.default_css = [], []  # served from VENDOR_* instead of a CDN
    return m
