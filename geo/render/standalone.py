"""The whole story as ONE self-contained HTML file that opens from disk with no network.

Everything the page needs is inside the file: Leaflet, markercluster and FeatureGroup.SubGroup
(JS and CSS, the few CSS images as ``data:`` URIs), ``static/app/storymap.js``/``.css``, the
Natural Earth basemap, and the story's data for both languages, both modes and every day,
computed here with :func:`geo.timeline.days.select` and :func:`geo.render.map_data.layer_collections`. The
page script (``static/app/standalone.js``) only switches between these precomputed data sets.

Story text travels as JSON in ``<script type="application/json">`` (:func:`geo.render.escaping.js_json`)
and reaches the page as DOM text; the only HTML built from story text — layer names in Leaflet's
layer control and the title — is escaped with :func:`geo.render.escaping.escape_html`. A Content
Security Policy in the page allows only the page's own scripts (by hash) and no network at all.

The same file has a print mode (``?print=all&lang=en`` or ``?print=2016-12-16``), one sheet per
day, which :mod:`geo.render.handout` prints to PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.render.basemap_files import BASEMAP_FILES, labels_file
from geo.render.i18n import LANG_NAMES, LANGS, t
from geo.render.map_data import layer_collections, popup_labels, region_bounds, view_bounds
from geo.render.escaping import escape_html, js_json
from geo.story.load import LoadedStory
from geo.timeline.days import MODES, day_label, select, story_days

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "standalone.html"

VENDOR_JS = [
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "vendor/leaflet.featuregroup.subgroup/leaflet.featuregroup.subgroup.js",
    "app/storymap.js",
    "app/standalone.js",
]
VENDOR_CSS = [
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "app/storymap.css",
]

# The page's own words (the story carries its own translations).
WORDS = ["app_title", "language", "day", "previous", "next", "play", "pause", "mode", "mode_day",
         "mode_cumulative", "layers", "events_of_day", "no_events", "legend", "whole_region", "map_label",
         "offline_map", "place", "undated"]
EVENT_ZOOM = {"venue": 13, "city": 10, "island": 8, "region": 6, "country": 5}
ATTRIBUTION = "Leaflet · Natural Earth"  # plain text: no link leaves the file
PLAY_SECONDS = 2.5

_URL_IN_CSS = re.compile(r"url\((['\"]?)images/([A-Za-z0-9_.@-]+\.png)\1\)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)


def _css(relative: str) -> str:
    """A stylesheet ready to inline: comments dropped, ``images/…`` as data: URIs."""
    path = STATIC / relative
    text = _CSS_COMMENT.sub("", path.read_text(encoding="utf-8"))

    def data_uri(match: re.Match[str]) -> str:
        png = (path.parent / "images" / match.group(2)).read_bytes()
        return f'url("data:image/png;base64,{base64.b64encode(png).decode("ascii")}")'

    text = _URL_IN_CSS.sub(data_uri, text)
    if "</style" in text.lower():
        raise ValueError(f"{relative} cannot be inlined: it contains '</style'")
    return text


def _js(relative: str) -> str:
    """A script ready to inline: no source-map link, no address of another host."""
    text = _SOURCE_MAP.sub("", (STATIC / relative).read_text(encoding="utf-8"))
    # Leaflet names its home page in a comment and in the attribution prefix (unused here).
    text = text.replace("https://leafletjs.com", "leafletjs.com")
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{relative} cannot be inlined: it contains '</script' or '<!--'")
    return text


def _csp(scripts: list[str]) -> str:
    """Only these inline scripts may run; nothing may be fetched from anywhere."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


def _basemap() -> list[dict[str, Any]]:
    return [{"data": json.loads((STATIC / relative).read_text(encoding="utf-8")), "minZoom": zoom}
            for relative, zoom in BASEMAP_FILES]


def labels_data(region: list[list[float]], margin: float = 5.0) -> dict[str, Any]:
    """The place names the map needs (``StoryMap.mapLabels``), carried in the file: the world's
    (countries, seas, large cities) and the smaller cities' tiles over the story's region (plus
    ``margin`` degrees), since the file fetches nothing."""
    world = labels_file("world.json")
    deg, known = world["tileDeg"], set(world["tiles"])
    (south, west), (north, east) = region
    count = int(360 // deg)
    tiles = {}
    for x in range(math.floor((west - margin) / deg), math.floor((east + margin) / deg) + 1):
        for y in range(math.floor(max(south - margin, -89.9) / deg), math.floor(min(north + margin, 89.9) / deg) + 1):
            key = f"{(x + count // 2) % count - count // 2}_{y}"  # as storymap.js names them (wrapped round)
            if key in known and key not in tiles:
                tiles[key] = labels_file(f"cities/{key}.json")
    return {"world": world, "tiles": tiles}


def _event_zoom(row: pd.Series) -> int:
    zoom = row["tour_zoom"]
    if zoom is not None and not pd.isna(zoom) and zoom:
        return int(zoom)
    return EVENT_ZOOM.get(row["precision"], 8)


def _ordered_ids(visible: gpd.GeoDataFrame) -> list[str]:
    """The view's own events (not the background), in the app's list order."""
    own = visible[visible["status"].isin(["new", "active", "earlier"])]
    return list(own.sort_values(["start", "time", "order"], na_position="first")["id"])


def story_data(loaded: LoadedStory, events: gpd.GeoDataFrame, lang: str) -> dict[str, Any]:
    """Everything the page shows, for both languages, both modes and every day."""
    story = loaded.story
    days: list[dt.date | None] = list(story_days(events)) or [None]
    dated = [d for d in days if d is not None]
    views: dict[str, dict[str, list[dict[str, Any]]]] = {code: {mode: [] for mode in MODES} for code in LANGS}
    bounds: dict[str, list[Any]] = {mode: [] for mode in MODES}
    order: dict[str, list[list[str]]] = {mode: [] for mode in MODES}
    for mode in MODES:
        for day in days:
            # A story of undated features only has one view: its background.
            visible = select(events, day, mode) if day is not None else events.assign(status="background")
            bounds[mode].append(view_bounds(visible, story.story.region))
            order[mode].append(_ordered_ids(visible))
            for code in LANGS:
                views[code][mode].append(layer_collections(visible, story, code))
    return {
        "lang": lang,
        "langs": list(LANGS),
        "langNames": dict(LANG_NAMES),
        "days": [d.isoformat() if d else "" for d in days],
        "labels": {code: [day_label(d, dated, code) if d else t("undated", code) for d in days] for code in LANGS},
        "title": {code: story.story.title.get(code) for code in LANGS},
        "words": {code: {key: t(key, code) for key in WORDS} for code in LANGS},
        "popup": {code: popup_labels(code) for code in LANGS},
        "layers": {code: [{"id": layer.id, "name": layer.name.get(code), "nameHtml": escape_html(layer.name.get(code)),
                           "color": layer.color, "icon": layer.icon} for layer in story.layers]
                   for code in LANGS},
        "region": region_bounds(story, events),
        "bounds": bounds,
        "order": order,
        "eventZoom": {row["id"]: _event_zoom(row) for _, row in events.iterrows()},
        "views": views,
        "attribution": ATTRIBUTION,
        "playSeconds": PLAY_SECONDS,
    }


def standalone_html(loaded: LoadedStory, events: gpd.GeoDataFrame, lang: str | None = None) -> str:
    """One HTML file of the whole story that works from ``file://`` with no network and no Python.

    ``lang`` is the language it opens in (the story's default language if None); the reader
    can switch to the other one. Raises ValueError for an unknown language.
    """
    lang = lang or loaded.story.story.default_language
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    scripts = [_js(relative) for relative in VENDOR_JS]
    styles = [_css(relative) for relative in VENDOR_CSS]
    title = escape_html(loaded.story.story.title.get(lang))
    values = {
        "LANG": lang,
        "CSP": _csp(scripts),
        "TITLE": title,
        "STYLES": "\n".join(f"<style>\n{css}\n</style>" for css in styles),
        "LANG_BUTTONS": "".join(
            f'<button type="button" class="sm-lang" data-lang="{code}" lang="{code}" '
            f'aria-pressed="{"true" if code == lang else "false"}">{escape_html(LANG_NAMES[code])}</button>'
            for code in LANGS),
        "LANG_LABEL": escape_html(t("language", lang)),
        "DATA": js_json(story_data(loaded, events, lang)),
        "BASEMAP": js_json(_basemap()),
        "LABELS": js_json(labels_data(region_bounds(loaded.story, events))),
        "SCRIPTS": "\n".join(f"<script>{js}</script>" for js in scripts),
    }
    template = TEMPLATE.read_text(encoding="utf-8")
    # One pass: text put in is never scanned again for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)
