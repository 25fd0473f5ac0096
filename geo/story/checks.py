"""A story's checks beyond its schema: cross-references, places, geometries, the article's quotes,
and pydantic's errors worded for an author. Every problem is located in the story's file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError

from geo.story.article import normalize_text
from geo.story.errors import Problem, StoryError
from geo.places.gazetteer import Gazetteer, parse_places
from geo.story.schema import Event, Story
from geo.story.yaml_reader import LocatedData


def located_error(problems: list[Problem]) -> StoryError:
    """One StoryError listing ``problems`` in the order they stand in the file."""
    return StoryError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))


def place_and_reference_problems(source: Any, located: LocatedData, gazetteer: Gazetteer | None,
                                  online: Any | None) -> tuple[Gazetteer, list[Problem]]:
    """The story's own places added to a copy of ``gazetteer`` (never a shared one), and the problems
    of those places and of every cross-reference in ``source`` (a Story, or its valid parts)."""
    base = gazetteer if gazetteer is not None else Gazetteer.shipped()
    gazetteer = Gazetteer(base.places.values(), base._shapes)
    problems: list[Problem] = []
    try:
        for place in parse_places(source.places, located, ("places",)):
            gazetteer.add(place)
    except StoryError as exc:
        problems.extend(exc.problems)
    problems.extend(_cross_reference_problems(source, located, gazetteer, online))
    return gazetteer, problems


@dataclass
class _Parts:
    """The parts of an invalid story that are valid on their own, for cross-reference checks."""

    story: Any
    layers: list[Any]
    events: list[Any]
    places: list[Any]
    distances: list[Any]
    event_index: list[int]


def valid_parts(data: dict[str, Any]) -> _Parts | None:
    """Validate events and distances one by one (layers by their ids), keeping those that pass."""
    from geo.story.schema import DistanceFact, StoryMeta

    def each(model: Any, key: str) -> list[tuple[int, Any]]:
        items = data.get(key)
        out = []
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                out.append((i, model.model_validate(item)))
            except ValidationError:
                pass
        return out

    try:
        meta = StoryMeta.model_validate(data.get("story"))
    except ValidationError:
        meta = None
    events = each(Event, "events")
    places = data.get("places") if isinstance(data.get("places"), list) else []
    # an invalid layer still names its id: events on it are not "unknown layer" as well
    raw_layers = data.get("layers") if isinstance(data.get("layers"), list) else []
    layers = [SimpleNamespace(id=item["id"]) for item in raw_layers
              if isinstance(item, dict) and isinstance(item.get("id"), str)]
    return _Parts(meta, layers, [e for _, e in events], places,
                  [x for _, x in each(DistanceFact, "distances")], [i for i, _ in events])


def _event_label(located: LocatedData, index: int) -> str:
    events = located.data.get("events") if isinstance(located.data, dict) else None
    item = events[index] if isinstance(events, list) and index < len(events) else None
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f'event "{item["id"]}"'
    return f"event #{index + 1}"


def _label(located: LocatedData, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """A plain name for what a location points at, and the rest of the path."""
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int):
        return _event_label(located, loc[1]), loc[2:]
    if len(loc) >= 2 and loc[0] == "layers" and isinstance(loc[1], int):
        item = located.data["layers"][loc[1]] if isinstance(located.data.get("layers"), list) else None
        name = f'layer "{item["id"]}"' if isinstance(item, dict) and "id" in item else f"layer #{loc[1] + 1}"
        return name, loc[2:]
    return "story", loc


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    from geo.story import schema as models

    kinds = {
        "events": models.Event, "layers": models.Layer, "story": models.StoryMeta,
        "title": models.Text, "summary": models.Text, "name": models.Text, "note": models.Text,
        "description": models.Text, "tour": models.Tour, "sources": models.Record, "geometry": models.Geometry,
    }
    parents = [p for p in loc[:-1] if isinstance(p, str)]
    model = kinds.get(parents[-1]) if parents else models.Story
    return list(model.model_fields) if model else []


def pydantic_problems(exc: ValidationError, located: LocatedData) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        line, col = located.position(loc)
        what, rest = _label(located, loc)
        field_name = ".".join(str(p) for p in rest)
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), _allowed_fields(loc), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown field '{loc[-1]}'{hint}"
            field_name = ".".join(str(p) for p in rest[:-1])
        elif kind == "missing":
            message = f"missing field '{loc[-1]}'"
            field_name = ".".join(str(p) for p in rest[:-1])
        elif kind.startswith("date") or kind == "date_type":
            message = f"'{value}' is not a real date (YYYY-MM-DD)"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind == "string_pattern_mismatch" and rest and rest[-1] in ("id", "layer"):
            message = f"'{value}' is not a valid id: use lower-case letters, digits and hyphens"
        elif kind == "string_pattern_mismatch" and rest and rest[-1] == "color":
            message = f"'{value}' is not a colour: write it as #RRGGBB"
        elif kind == "too_short":
            message = "must not be empty"
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
        else:
            shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
            message = f"{err['msg'][0].lower()}{err['msg'][1:]} (got {shown})"
        prefix = f"{what}: {field_name}: " if field_name else f"{what}: "
        problems.append(Problem(located.file, line, col, prefix + message))
    return problems


def _duplicates(items: list[Any], kind: str, path: str, located: LocatedData,
                index: list[int] | None = None) -> list[Problem]:
    if len(set(map(attrgetter("id"), items))) == len(items):
        return []
    seen: dict[str, int] = {}
    problems = []
    for i, item in zip(index if index is not None else range(len(items)), items):
        if item.id in seen:
            line, col = located.position((path, i, "id"))
            first_line, _ = located.position((path, seen[item.id], "id"))
            problems.append(Problem(located.file, line, col,
                                    f'{kind} id "{item.id}" is used twice (first on line {first_line})'))
        else:
            seen[item.id] = i
    return problems


def _hint(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _cross_reference_problems(story: Story | _Parts, located: LocatedData, gazetteer: Gazetteer,
                              online: Any | None = None) -> list[Problem]:
    file = located.file
    index = story.event_index if isinstance(story, _Parts) else range(len(story.events))
    problems = _duplicates(story.events, "event", "events", located, list(index))
    problems += _duplicates(story.layers, "layer", "layers", located)
    layer_ids = [layer.id for layer in story.layers]
    known_layers = set(layer_ids)
    records = story.story.sources if story.story is not None else None
    source_ids = ["article"] + [r.id for r in records or []]
    known_sources = set(source_ids)
    known: dict[str, bool] = {}  # place name -> resolves (a big story names few distinct places)
    # lists of sources, of places found all known (events share equal lists: geo.story.schema.SharedParts)
    good_sources: set[int] = set()
    good_places: set[int] = set()
    fine = not isinstance(story, _Parts) and _no_event_problems(story.events, known_layers, records is not None,
                                                                known_sources, known, gazetteer, online)
    for i, event in zip(index, [] if fine else story.events):
        if event.layer not in known_layers:
            line, col = located.position(("events", i, "layer"))
            problems.append(Problem(file, line, col,
                                    f"event \"{event.id}\": unknown layer '{event.layer}'{_hint(event.layer, layer_ids)}"))
        if event.start and event.end and event.end < event.start:
            line, col = located.position(("events", i, "end"))
            problems.append(Problem(file, line, col, f'event "{event.id}": end {event.end} is before start {event.start}'))
        if records is not None and id(event.sources) not in good_sources:
            good = True
            for j, source in enumerate(event.sources):
                if source not in known_sources:
                    good = False
                    line, col = located.position(("events", i, "sources", j))
                    problems.append(Problem(file, line, col,
                                            f"event \"{event.id}\": unknown source '{source}'{_hint(source, source_ids)}"))
            if good:
                good_sources.add(id(event.sources))
        if id(event.places) not in good_places:
            good = True
            for j, name in enumerate(event.places):
                found = known.get(name)
                if found is None:
                    found = known[name] = gazetteer.resolve(name) is not None or (
                        online is not None and online.resolve(name) is not None)
                if not found:
                    good = False
                    line, col = located.position(("events", i, "places", j))
                    close = gazetteer.suggestions(name)
                    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                    problems.append(Problem(file, line, col, f"event \"{event.id}\": unknown place '{name}'{hint}"))
            if good:
                good_places.add(id(event.places))
        if event.geometry is not None:
            problems.extend(_geometry_problems(event, i, located))
    event_ids = [event.id for event in story.events]
    known_events = set(event_ids)
    for i, fact in enumerate(story.distances):
        for key in ("origin", "target"):
            name = getattr(fact, key)
            if gazetteer.resolve(name) is None:
                line, col = located.position(("distances", i, key))
                problems.append(Problem(file, line, col, f"distance #{i + 1}: {key}: unknown place '{name}'"))
        for j, event_id in enumerate(fact.events):
            if event_id not in known_events:
                line, col = located.position(("distances", i, "events", j))
                problems.append(Problem(file, line, col,
                                        f"distance #{i + 1}: unknown event '{event_id}'{_hint(event_id, event_ids)}"))
    return problems


_REFERENCES = attrgetter("layer", "start", "end", "sources", "places", "geometry")


def _no_event_problems(events: list[Event], known_layers: set[str], check_sources: bool, known_sources: set[str],
                       known: dict[str, bool], gazetteer: Gazetteer, online: Any | None) -> bool:
    """Whether no event can have a problem of its own, checked per distinct value, not event by
    event (the loop that words problems runs only if some may). Place names are resolved in the
    order the loop resolves them, and remembered in ``known`` for it."""
    if not events:
        return True
    layers, starts, ends, sources, places, geometries = map(list, zip(*map(_REFERENCES, events)))
    if not known_layers.issuperset(layers) or geometries.count(None) != len(geometries):
        return False  # an explicit geometry is checked event by event
    if any(end < start for start, end in zip(starts, ends) if start and end):
        return False
    if check_sources and not known_sources.issuperset(
            source for names in {id(names): names for names in sources}.values() for source in names):
        return False
    for names in {id(names): names for names in places}.values():
        for name in names:
            found = known.get(name)
            if found is None:
                found = known[name] = gazetteer.resolve(name) is not None or (
                    online is not None and online.resolve(name) is not None)
            if not found:
                return False
    return True


def _geometry_problems(event: Event, index: int, located: LocatedData) -> list[Problem]:
    """Explicit geometries must be well formed, on the globe and valid."""
    problem = geometry_problem(event)
    if problem is None:
        return []  # not located: a position makes the located reader read the whole file
    return [Problem(located.file, *located.position(("events", index, "geometry")),
                    f'event "{event.id}": geometry: {problem}')]


def geometry_problem(event: Event) -> str | None:
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    from geo.places.gazetteer import check_lon_lat

    assert event.geometry is not None
    shape_problem = _coordinate_shape_problem(event.geometry.type, event.geometry.coordinates)
    if shape_problem:
        return shape_problem
    try:
        geom = shape(event.geometry.model_dump())
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        return f"not a valid {event.geometry.type}: {exc}"
    if geom.is_empty:
        return "is empty"
    import shapely

    for lon, lat in shapely.get_coordinates(geom):
        try:
            check_lon_lat(float(lon), float(lat))
        except ValueError as exc:
            return str(exc)
    if not geom.is_valid:
        return f"invalid {geom.geom_type}: {explain_validity(geom)}"
    return None


def _coordinate_shape_problem(kind: str, coords: Any) -> str | None:
    """Say what is wrong with GeoJSON coordinates that shapely would accept or mend silently."""
    def position_problem(pos: Any) -> str | None:
        if not isinstance(pos, list) or len(pos) < 2:
            return f"a position must be [longitude, latitude], got {pos!r}"
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos):
            return f"coordinates must be numbers, got {pos!r}"
        return None

    def rings_problem(polygon: Any) -> str | None:
        if not isinstance(polygon, list) or not polygon:
            return "a polygon needs at least one ring"
        for ring in polygon:
            if not isinstance(ring, list):
                return "a ring must be a list of positions"
            for pos in ring:
                if (p := position_problem(pos)) is not None:
                    return p
            if len(ring) < 4:
                return f"a ring needs at least 4 positions, got {len(ring)}"
            if ring[0] != ring[-1]:
                return f"ring is not closed: first position {ring[0]} differs from last {ring[-1]}"
        return None

    if kind == "Point":
        return position_problem(coords)
    if kind in ("MultiPoint", "LineString"):
        if not isinstance(coords, list):
            return "coordinates must be a list"
        return next((p for p in map(position_problem, coords) if p), None)
    if kind == "MultiLineString":
        return next((p for line in coords for p in map(position_problem, line if isinstance(line, list) else [line]) if p), None)
    if kind == "Polygon":
        return rings_problem(coords)
    if kind == "MultiPolygon":
        return next((p for polygon in coords if (p := rings_problem(polygon))), None)
    return None


def read_articles(story: Story, located: LocatedData, base_dir: Path) -> tuple[str | None, list[str], list[Problem]]:
    problems: list[Problem] = []
    article = None
    english: list[str] = []
    for key in ("article", "article_en"):
        relative = getattr(story.story, key)
        if relative is None:
            continue
        path = (base_dir / relative).resolve()
        # located only if wrong: a position makes the located reader read the whole file
        if base_dir.resolve() not in path.parents:
            problems.append(Problem(located.file, *located.position(("story", key)),
                                    f"story: {key}: '{relative}' is outside the story's folder"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(located.file, *located.position(("story", key)),
                                    f"story: {key}: cannot read '{relative}': {exc}"))
            continue
        if key == "article":
            article = text
        else:
            english = [line_ for line_ in text.splitlines() if line_.strip()]
    return article, english, problems


def quote_problems(story: Story, located: LocatedData, article: str) -> list[Problem]:
    """Each event's Vietnamese quote must be the article's own words."""
    body = normalize_text(article)
    problems = []
    for i, event in enumerate(story.events):
        if event.quote_vi is not None and normalize_text(event.quote_vi) not in body:
            line, col = located.position(("events", i, "quote_vi"))
            problems.append(Problem(located.file, line, col,
                                    f'event "{event.id}": quote_vi is not found word for word in the article'))
    return problems
