"""Geocoding: a validated story becomes a GeoDataFrame, one row per event, in EPSG:4326.

Each row keeps the event's texts in both languages, its place names in both languages,
how each place was resolved and how precisely, and the geography facts computed for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import Problem, StoryError
from geo.facts import area_km2, geodesic_length_km, label_point, nearest_distance_km, route
from geo.gazetteer import PRECISIONS, Resolved
from geo.story import LoadedStory

COLUMNS = [
    "id", "order", "layer", "start", "end", "time", "title_vi", "title_en", "summary_vi", "summary_en",
    "quote_vi", "quote_en", "place_vi", "place_en", "place_ids", "precision", "resolution",
    "actors", "sources", "note_vi", "note_en", "tour_order", "tour_zoom", "facts", "label_lon", "label_lat",
]


@dataclass(frozen=True)
class PlaceResolution:
    """How one name of one event was resolved, for the geocoding review."""

    event_id: str
    name: str
    place_id: str | None
    method: str
    precision: str


def _resolve_all(loaded: LoadedStory, online: Any | None) -> dict[str, Resolved]:
    resolved: dict[str, Resolved] = {}
    problems: list[Problem] = []
    for i, event in enumerate(loaded.story.events):
        for j, name in enumerate(event.places):
            if name in resolved:
                continue
            hit = loaded.gazetteer.resolve(name)
            if hit is None and online is not None:
                hit = online.resolve(name)
            if hit is None:
                line, col = loaded.position("events", i, "places", j)
                problems.append(Problem(loaded.file, line, col, f'event "{event.id}": unknown place \'{name}\''))
            else:
                resolved[name] = hit
    if problems:
        raise StoryError(problems)
    return resolved


def _coarsest(precisions: list[str]) -> str:
    return max(precisions, key=PRECISIONS.index)


def geocode_story(loaded: LoadedStory, *, online: Any | None = None) -> gpd.GeoDataFrame:
    """Resolve every event's places into one GeoDataFrame in EPSG:4326 (lon, lat).

    Parameters
    ----------
    loaded
        A story from :func:`geo.story.load_story`.
    online
        An optional online geocoder (:class:`geo.online_geocoder.OnlineGeocoder`), tried
        only for names neither the gazetteer nor the city database knows.

    Returns
    -------
    GeoDataFrame
        One row per event in story order, columns :data:`COLUMNS` plus ``geometry``.
        Rows that share places share their geometry, place lists and facts (read-only: nothing
        downstream mutates them), so a big story with few distinct places stays small.
    """
    story = loaded.story
    resolved = _resolve_all(loaded, online)
    events = story.events
    where: dict[tuple[tuple[str, ...], bool], tuple[Any, ...]] = {}  # per distinct places and line flag
    sources: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    actors: dict[tuple[str, ...], list[str]] = {}
    labels: dict[int, Any] = {}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    geometries: list[BaseGeometry] = []
    for event in events:
        if event.geometry is not None:
            place = _place(shape(event.geometry.model_dump()), event.line,
                           [resolved[name] for name in event.places], "explicit")
        else:
            key = (tuple(event.places), event.line)
            place = where.get(key)
            if place is None:
                place = where[key] = _place(None, event.line, [resolved[name] for name in event.places], "")
        geom, precision, method, place_vi, place_en, place_ids, facts = place
        geometries.append(geom)
        columns["precision"].append(precision)
        columns["resolution"].append(method)
        columns["place_vi"].append(place_vi)
        columns["place_en"].append(place_en)
        columns["place_ids"].append(place_ids)
        columns["facts"].append(facts)
        label = labels.get(id(geom))
        if label is None:
            label = labels[id(geom)] = label_point(geom)
        columns["label_lon"].append(label.x)
        columns["label_lat"].append(label.y)
        key_sources = tuple(event.sources)
        if key_sources not in sources:
            sources[key_sources] = [_source_record(loaded, s) for s in key_sources]
        columns["sources"].append(sources[key_sources])
        key_actors = tuple(event.actors)
        columns["actors"].append(actors.setdefault(key_actors, list(key_actors)))
    columns["id"] = [event.id for event in events]
    columns["order"] = list(range(len(events)))
    columns["layer"] = [event.layer for event in events]
    columns["start"] = [event.start for event in events]
    columns["end"] = [event.end for event in events]
    columns["time"] = [event.time for event in events]
    columns["title_vi"] = [event.title.vi for event in events]
    columns["title_en"] = [event.title.en for event in events]
    columns["summary_vi"] = [event.summary.vi for event in events]
    columns["summary_en"] = [event.summary.en for event in events]
    columns["quote_vi"] = [event.quote_vi for event in events]
    columns["quote_en"] = [event.quote_en for event in events]
    columns["note_vi"] = [event.note.vi if event.note else None for event in events]
    columns["note_en"] = [event.note.en if event.note else None for event in events]
    columns["tour_order"] = [event.tour.order if event.tour else None for event in events]
    columns["tour_zoom"] = [event.tour.zoom if event.tour else None for event in events]
    gdf = gpd.GeoDataFrame(pd.DataFrame(columns, columns=COLUMNS), geometry=geometries, crs="EPSG:4326")
    _add_distance_facts(loaded, gdf)
    return gdf


def _place(geom: BaseGeometry | None, is_route: bool, hits: list[Resolved], method: str) -> tuple[Any, ...]:
    """An event's geometry, precision, resolution, place names and ids, and shape facts."""
    if geom is not None:  # an explicit geometry
        precision = "venue" if geom.geom_type == "Point" else "region"
    else:
        parts = [h.geometry for h in hits]
        if is_route and len(parts) >= 2:
            geom = route([label_point(p) for p in parts])
        elif len(parts) == 1:
            geom = parts[0]
        else:
            geom = shapely.GeometryCollection(parts) if any(p.geom_type != "Point" for p in parts) \
                else shapely.MultiPoint([p for p in parts])
        precision = _coarsest([h.precision for h in hits])
        method = ", ".join(dict.fromkeys(h.method for h in hits))
    return (geom, precision, method, "; ".join(h.name("vi") for h in hits), "; ".join(h.name("en") for h in hits),
            [h.place_id or h.query for h in hits], _shape_facts(geom, is_route))


def _source_record(loaded: LoadedStory, source_id: str) -> dict[str, Any]:
    record = loaded.story.record(source_id)
    if record is None:
        return {"id": "article", "title": "article", "url": None, "publisher": None, "date": None}
    return {"id": record.id, "title": record.title, "url": record.url, "publisher": record.publisher,
            "date": record.date.isoformat() if record.date else None}


def _shape_facts(geom: BaseGeometry, is_route: bool) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        facts.append({"kind": "area_km2", "value": round(area_km2(geom), 1)})
    if is_route and geom.geom_type == "LineString":
        facts.append({"kind": "length_km", "value": round(geodesic_length_km(geom), 1)})
    return facts


def _add_distance_facts(loaded: LoadedStory, gdf: gpd.GeoDataFrame) -> None:
    """Attach each story distance (origin to the nearest point of target) to its events."""
    index = {event_id: i for i, event_id in enumerate(gdf["id"])}
    for fact in loaded.story.distances:
        origin = loaded.gazetteer.resolve(fact.origin)
        target = loaded.gazetteer.resolve(fact.target)
        if origin is None or target is None:
            continue  # reported by validation
        km, _, _ = nearest_distance_km(origin.geometry, target.geometry)
        item = {"kind": "distance_km", "value": round(km, 1), "label_vi": fact.label.vi, "label_en": fact.label.en}
        for event_id in fact.events:
            if event_id in index:
                gdf.at[index[event_id], "facts"] = [*gdf.at[index[event_id], "facts"], item]


def resolutions(loaded: LoadedStory) -> list[PlaceResolution]:
    """How every place name of every event resolves (for the geocoding review table)."""
    out = []
    for event in loaded.story.events:
        if event.geometry is not None:
            kind = "venue" if event.geometry.type == "Point" else "region"
            out.append(PlaceResolution(event.id, "(geometry)", None, "explicit", kind))
        for name in event.places:
            hit = loaded.gazetteer.resolve(name)
            out.append(PlaceResolution(event.id, name, hit.place_id if hit else None,
                                       hit.method if hit else "unresolved", hit.precision if hit else "-"))
    return out
