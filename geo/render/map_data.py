"""What the map draws for a view, as plain GeoJSON-like data (no folium, no HTML).

Each thematic layer becomes a FeatureCollection whose properties are already localized
and formatted; the browser builds popups from them with ``textContent`` only, so no story
text is ever parsed as HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import pandas as pd
import numpy as np
import shapely
from shapely.geometry import mapping

from geo.render.i18n import format_number, t
from geo.story.schema import Story
from geo.timeline.days import BACKGROUND, long_date, span_text

MARKER, SHAPE = "marker", "shape"


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value)


def format_fact(fact: dict[str, Any], lang: str) -> str:
    """A fact as one line of text, e.g. ``Area: 3,035 km²``."""
    value = format_number(fact["value"], lang)
    if fact["kind"] == "area_km2":
        return f"{t('area_km2', lang)}: {value} km²"
    if fact["kind"] == "length_km":
        return f"{t('length_km', lang)}: {value} km"
    label = fact.get(f"label_{lang}") or fact["kind"]
    return f"{label}: {value} km"


def event_date_text(row: pd.Series, lang: str) -> str:
    """The event's date (or span) written out in ``lang``."""
    start, end = row["start"], row["end"]
    if start is None or pd.isna(start):
        return t("undated", lang)
    return span_text(start, end, lang)


def draw_kind(row: pd.Series) -> str:
    """Routes, undated areas and the areas a file drew itself (a dated country, a flood's extent) are
    drawn as shapes; everything else as markers: a dated event at a named region is a place to click,
    its outline drawn once as the region's own undated event."""
    geom = row.geometry
    if geom.geom_type in ("LineString", "MultiLineString"):
        return SHAPE
    if geom.geom_type in ("Polygon", "MultiPolygon") and (
            row["start"] is None or pd.isna(row["start"]) or row["resolution"] == "explicit"):
        return SHAPE
    return MARKER


def _marker_geometry(row: pd.Series, west: float | None = None) -> dict[str, Any]:
    geom = on_the_map(row.geometry, west)
    if geom.geom_type in ("Point", "MultiPoint"):
        return mapping(geom)
    if geom.geom_type == "GeometryCollection":
        points = [g if g.geom_type == "Point" else g.representative_point() for g in geom.geoms]
        return mapping(shapely.MultiPoint(points))
    if row["precision"] == "region" and geom.geom_type == "MultiPolygon":
        hull = geom.convex_hull.centroid  # a group of islands: mark the group, not one island
        return mapping(hull)
    lon = row["label_lon"]
    return {"type": "Point", "coordinates": [lon + 360 if west is not None and lon < west else lon, row["label_lat"]]}


def on_the_map(geometry: Any, west: float | None) -> Any:
    """A shape as the story's map draws it: one world east when it lies west of the map's ``west``
    (a story across the antimeridian, :func:`geo.places.geocode.map_west`)."""
    if west is None or geometry is None or geometry.is_empty or geometry.bounds[2] >= west:
        return geometry
    return shapely.transform(geometry, lambda xy: xy + np.array([360.0, 0.0]))


def feature_for(row: pd.Series, story: Story, lang: str, selected: str | None = None,
                west: float | None = None) -> dict[str, Any]:
    """One event as a GeoJSON Feature with localized, display-ready properties (``west``: see
    :func:`on_the_map`)."""
    layer = story.layer(row["layer"])
    kind = draw_kind(row)
    # 1e-4° (about 10 m) is finer than the Natural Earth outlines themselves
    geometry = mapping(shapely.set_precision(on_the_map(row.geometry, west), 1e-4)) if kind == SHAPE \
        else _marker_geometry(row, west)
    status = row.get("status", BACKGROUND)
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "id": row["id"],
            "kind": kind,
            "layer": layer.id,
            "layer_name": layer.name.get(lang),
            "color": layer.color,
            "icon": layer.icon,
            "status": status,
            "selected": row["id"] == selected,
            "title": row[f"title_{lang}"],
            "summary": _text(row[f"summary_{lang}"]),
            "date": event_date_text(row, lang),
            "time": _text(row["time"]),
            "place": row[f"place_{lang}"],
            "precision": t(row["precision"], lang),
            "quote_vi": _text(row["quote_vi"]),
            "quote_en": _text(row["quote_en"]),
            "facts": [format_fact(f, lang) for f in row["facts"]],
            # "the article" only in a story that has one (an imported table's events rest on their file)
            "sources": [_source_text(s, lang) for s in row["sources"] if s["id"] != "article" or story.story.article],
            "note": _text(row[f"note_{lang}"]),
            # an area is labelled by its place's name; one the file drew itself, by what it is
            "label": (row[f"title_{lang}"] if row["resolution"] == "explicit" else row[f"place_{lang}"])
            if kind == SHAPE and row.geometry.geom_type != "LineString" else None,
        },
    }


def _source_text(source: dict[str, Any], lang: str) -> dict[str, Any]:
    if source["id"] == "article":
        return {"title": t("the_article", lang), "url": None}
    parts = [source["title"]]
    if source.get("publisher"):
        parts.append(source["publisher"])
    if source.get("date"):
        parts.append(long_date(dt.date.fromisoformat(source["date"]), lang))
    return {"title": " — ".join(parts), "url": source.get("url")}


class PreparedFeatures(dict):
    """Each event's Feature in one language, by id, built the first time a view needs it.

    The part of a view that never changes: a view only adds each visible event's status, so
    a day step stays cheap however large the story is, and opening a story of 100,000 events
    prepares only the events of its first day.
    """

    def __init__(self, events: gpd.GeoDataFrame, story: Story, lang: str):
        super().__init__()
        self._rows = events.set_index("id", drop=False)
        self._story, self._lang = story, lang
        self._west = events.attrs.get("map_west")

    def __contains__(self, event_id: object) -> bool:  # every event of the story, built or not
        return isinstance(event_id, str) and (dict.__contains__(self, event_id) or event_id in self._rows.index)

    def __missing__(self, event_id: str) -> dict[str, Any]:
        feature = feature_for(self._rows.loc[event_id], self._story, self._lang, west=self._west)
        self[event_id] = feature
        return feature

    def fill(self, event_ids: Iterable[str]) -> None:
        """Build the Features of ``event_ids`` not built yet, in one batch.

        A first view of a large story shows thousands of events: read as plain records, not
        one pandas row each (2,500 events: ~0.1 s instead of ~1.5 s).
        """
        wanted = [i for i in dict.fromkeys(event_ids) if not dict.__contains__(self, i) and i in self._rows.index]
        if len(wanted) < 2:
            return
        for record in self._rows.loc[wanted].to_dict("records"):
            self[record["id"]] = feature_for(_Record(record), self._story, self._lang, west=self._west)


class _Record(dict):
    """An event's values by column name, read like a pandas row by :func:`feature_for`."""

    @property
    def geometry(self) -> Any:
        return self["geometry"]


def prepare_features(events: gpd.GeoDataFrame, story: Story, lang: str) -> PreparedFeatures:
    """Every event's Feature in ``lang`` by id, built on first use (see :class:`PreparedFeatures`)."""
    return PreparedFeatures(events, story, lang)


def layer_collections(
    visible: gpd.GeoDataFrame, story: Story, lang: str, selected: str | None = None,
    prepared: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """The visible events grouped by layer, in the story's layer order, as FeatureCollections.

    ``prepared`` is :func:`prepare_features` of the whole story (computed here when not given).
    """
    if prepared is None:
        prepared = prepare_features(visible, story, lang)
    statuses = visible["status"].tolist() if "status" in visible else [BACKGROUND] * len(visible)
    grouped: dict[str, list[dict[str, Any]]] = {layer.id: [] for layer in story.layers}
    for event_id, layer_id, status in zip(visible["id"].tolist(), visible["layer"].tolist(), statuses):
        base = prepared[event_id]
        properties = {**base["properties"], "status": status, "selected": event_id == selected}
        grouped[layer_id].append({"type": "Feature", "geometry": base["geometry"], "properties": properties})
    return {layer_id: {"type": "FeatureCollection", "features": features}
            for layer_id, features in grouped.items() if features}


# A story this small travels to the browser whole with its first view (a day step then carries
# only ids and statuses); a larger one sends each event's marker the first time it is shown.
PREFETCH_EVENTS = 2000
# Up to this size the popups' texts come with the markers; above it, an event's texts are sent
# when its popup is opened (or it is chosen), so a step to a new day stays small.
PREFETCH_DETAILS = 300
ZOOM_BY_PRECISION = {"venue": 13, "city": 10, "island": 8, "region": 6, "country": 5}
# Popup texts, sent apart from the marker; the layer's name, colour and icon are in the map's
# layer table; the status and selection are set per view.
DETAIL_KEYS = ("summary", "quote_vi", "quote_en", "facts", "sources", "note")
_NOT_IN_MARKER = {*DETAIL_KEYS, "layer_name", "color", "icon", "status", "selected"}


def marker_feature(feature: dict[str, Any]) -> dict[str, Any]:
    """A prepared Feature without what the browser gets elsewhere: popup texts, layer style, view status."""
    properties = {k: v for k, v in feature["properties"].items() if k not in _NOT_IN_MARKER}
    return {"type": "Feature", "geometry": feature["geometry"], "properties": properties}


def feature_details(feature: dict[str, Any]) -> dict[str, Any]:
    """The popup texts of a prepared Feature (see :data:`DETAIL_KEYS`)."""
    return {k: feature["properties"][k] for k in DETAIL_KEYS}


def focus_spec(visible: gpd.GeoDataFrame, story: Story, *, day: str | None, selected: str | None) -> dict[str, Any]:
    """Where the map goes for a view: the chosen event (at its tour zoom), else the day's events."""
    zoom = None
    if selected is not None and selected in set(visible["id"]):
        row = visible[visible["id"] == selected].iloc[0]
        tour_zoom = row["tour_zoom"]
        zoom = tour_zoom if tour_zoom == tour_zoom and tour_zoom else ZOOM_BY_PRECISION.get(row["precision"], 8)
    return {"day": day, "event": selected, "bounds": view_bounds(visible, story.story.region), "maxZoom": 8,
            "eventZoom": int(zoom) if zoom else None}


def view_of(visible: gpd.GeoDataFrame, story: Story, *, day: str | None, selected: str | None = None) -> dict[str, Any]:
    """A view by ids only: ``items`` (the visible events as ``[id, status]`` in draw order) and ``focus``."""
    ids = visible["id"].tolist()
    statuses = visible["status"].tolist() if "status" in visible else [BACKGROUND] * len(ids)
    return {"items": [[event_id, status] for event_id, status in zip(ids, statuses)],
            "focus": focus_spec(visible, story, day=day, selected=selected)}


def view_message(
    visible: gpd.GeoDataFrame,
    story: Story,
    prepared: dict[str, dict[str, Any]],
    *,
    day: str | None,
    selected: str | None = None,
    known: Iterable[str] = (),
    known_details: Iterable[str] = (),
    prefetch: Iterable[str] = (),
    details_for: Iterable[str] = (),
    details_with_markers: bool = True,
) -> dict[str, Any]:
    """One view for a map that is already drawn: what to show, and only what the page lacks.

    ``items`` lists the visible events as ``[id, status]`` in draw order; ``features`` holds the
    marker (:func:`marker_feature`) of each visible or ``prefetch`` event not in ``known``;
    ``details`` the popup texts of the chosen event, of ``details_for`` and (with
    ``details_with_markers``) of every marker sent, unless in ``known_details``. The caller adds
    the keys of ``features`` and ``details`` to what it counts as known.
    """
    known, known_details = set(known), set(known_details)
    view = view_of(visible, story, day=day, selected=selected)
    new = [event_id for event_id in dict.fromkeys([*(item[0] for item in view["items"]), *prefetch])
           if event_id not in known]
    wanted = [*(new if details_with_markers else []), *([selected] if selected else []), *details_for]
    if isinstance(prepared, PreparedFeatures):
        prepared.fill([*new, *(i for i in wanted if i not in known_details)])
    return {
        **view,
        "features": {event_id: marker_feature(prepared[event_id]) for event_id in new},
        "details": {event_id: feature_details(prepared[event_id]) for event_id in dict.fromkeys(wanted)
                    if event_id not in known_details and event_id in prepared},
    }


def view_bounds(
    visible: gpd.GeoDataFrame, region: tuple[float, float, float, float] | None = None
) -> list[list[float]] | None:
    """Bounds [[south, west], [north, east]] of the day's own events (else of all visible ones).

    With a story ``region`` (west, south, east, north), events outside it (far-away context
    such as a capital on another continent) do not pull the view away from the story.
    """
    if not len(visible):
        return None
    focus = visible[visible["status"].isin(["new", "active"])] if "status" in visible else visible
    if not len(focus):
        focus = visible
    if region is not None:
        box = shapely.box(*region)
        inside = focus.geometry.intersection(box)  # a multi-place event counts with its part inside
        inside = inside[~inside.is_empty]
        if len(inside):
            return shortest_bounds(inside, visible.attrs.get("map_west"))
    return shortest_bounds(focus.geometry, visible.attrs.get("map_west"))


def popup_labels(lang: str) -> dict[str, str]:
    """The words popups need, in ``lang``."""
    keys = ["place", "precision", "date", "time", "article_says", "translation", "sources", "geography",
            "note", "new", "earlier", "background", "loading_details"]
    return {key: t(key, lang) for key in keys}


def region_bounds(story: Story, events: gpd.GeoDataFrame) -> list[list[float]]:
    """The story's whole region as [[south, west], [north, east]]: its ``region``, else all events."""
    if story.story.region is not None:
        west, south, east, north = story.story.region
        return [[south, west], [north, east if east >= west else east + 360]]
    return shortest_bounds(events.geometry, events.attrs.get("map_west"))


def shortest_bounds(geometries: Any, west: float | None = None) -> list[list[float]]:
    """[[south, west], [north, east]] around ``geometries`` the short way round the globe: across the
    antimeridian when that is shorter, ``east`` then beyond 180 (Leaflet's longitudes run on, and the
    basemap is drawn one world east too). Hawaii with Japan is 64° across the Pacific, not 296°.
    With the story's map ``west`` (:func:`on_the_map`), shapes west of it count one world east.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> shortest_bounds([Point(-157.9, 21.3), Point(139.7, 35.7)])
    [[21.3, 139.7], [35.7, 202.1]]
    >>> shortest_bounds([Point(2.35, 48.86), Point(139.7, 35.7)])
    [[35.7, 2.35], [48.86, 139.7]]
    """
    bounds = shapely.bounds(np.asarray([on_the_map(g, west) for g in geometries] if west is not None
                                       else geometries, dtype=object))
    bounds = bounds[~np.isnan(bounds).any(axis=1)]
    south, north = float(bounds[:, 1].min()), float(bounds[:, 3].max())
    spans = sorted(zip(bounds[:, 0].tolist(), bounds[:, 2].tolist()))
    merged: list[list[float]] = []
    for west, east in spans:
        if merged and west <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], east)
        else:
            merged.append([west, east])
    # the widest stretch of longitude with nothing in it is the one to leave out
    gap, west, east = merged[0][0] + 360 - merged[-1][1], merged[0][0], merged[-1][1]
    for before, after in zip(merged, merged[1:]):
        if after[0] - before[1] > gap:
            gap, west, east = after[0] - before[1], after[0], before[1] + 360
    return [[south, round(west, 6)], [north, round(east, 6)]]
