"""Loading a story: read the YAML safely, validate it, and check every cross-reference.

All problems are gathered and raised together as one :class:`StoryError`, each with its
file, line and column, so an author can fix a file in one pass.
"""

from __future__ import annotations

import difflib
from contextlib import closing
from dataclasses import dataclass, field
from operator import attrgetter
from types import SimpleNamespace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from geo.story.article import Sentence, normalize_text, split_sentences
from geo.story.errors import Problem, StoryError
from geo.places.gazetteer import Gazetteer, parse_places
from geo.story.schema import Event, SharedParts, Story
from geo.story.read_ahead import read_ahead
from geo.story.json_reader import for_the_located_reader, looks_like_json, model_names, names_repeat, without_bom
from geo.story.yaml_reader import (MAX_BYTES, MAX_NODES, FileText, LocatedData, PackedText, PieceRefused, decode_text, paused_gc,
                             read_yaml, read_yaml_in_pieces)

MAX_EVENTS = 50_000  # with MAX_BYTES (2 MB): what an upload may hold
# A story file the deployer put on the server (events.yaml, stories/*.yaml, TIMELINE_STORY) is
# trusted as the app's own files are, and may be far larger than an upload: a year of incidents.
# 100,000 events (125 MB of YAML) load in some 7 s with 600 MB of memory (docs/performance.md).
DEPLOYED_LIMITS = {"max_bytes": 256 * 1024 * 1024, "max_events": 200_000}  # load_story(path, **DEPLOYED_LIMITS)


@dataclass
class LoadedStory:
    """A validated story with what came with it: its file, article and gazetteer."""

    story: Story
    file: str
    located: LocatedData
    gazetteer: Gazetteer
    article: str | None = None
    article_en: list[str] = field(default_factory=list)

    def sentences(self) -> list[Sentence]:
        """The article's sentences (empty when the story has no article)."""
        return split_sentences(self.article) if self.article else []

    def position(self, *path: Any) -> tuple[int | None, int | None]:
        return self.located.position(path)


def load_story(
    path: str | Path,
    *,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = MAX_BYTES,
    max_events: int = MAX_EVENTS,
    online: Any | None = None,
    max_nodes: int | None = None,
) -> LoadedStory:
    """Load and validate a story file.

    Parameters
    ----------
    path
        The story's YAML file; ``article`` paths inside it are relative to its folder.
    gazetteer
        Where place names are looked up; the shipped gazetteer by default.
    online
        An optional online geocoder, asked for names the gazetteer and the city database lack.
    max_bytes, max_events, max_nodes
        Limits (a story of ``max_events`` needs about 40 YAML values an event, the default
        for ``max_nodes``).

    Raises
    ------
    StoryError
        Listing every problem found, each located as ``file:line:column: message``.

    Examples
    --------
    >>> loaded = load_story("events.yaml")
    >>> loaded.story.story.timezone
    'Asia/Tokyo'
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoryError.single(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise StoryError.single(name, f"the file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes")
    return _parse(raw, name, utf8_checked=False, base_dir=path.parent, gazetteer=gazetteer,
                  max_bytes=max_bytes, max_events=max_events, online=online, max_nodes=max_nodes, path=path)


def parse_story(
    text: str | bytes,
    file: str = "<story>",
    *,
    base_dir: Path | None = None,
    gazetteer: Gazetteer | None = None,
    max_bytes: int = MAX_BYTES,
    max_events: int = MAX_EVENTS,
    online: Any | None = None,
    max_nodes: int | None = None,
) -> LoadedStory:
    """Validate a story given as YAML text, or its UTF-8 bytes (see :func:`load_story`)."""
    return _parse(text, file, utf8_checked=True, base_dir=base_dir, gazetteer=gazetteer,
                  max_bytes=max_bytes, max_events=max_events, online=online, max_nodes=max_nodes)


def _parse(text: str | bytes, file: str, *, utf8_checked: bool, base_dir: Path | None, gazetteer: Gazetteer | None,
           max_bytes: int, max_events: int, online: Any | None, max_nodes: int | None,
           path: Path | None = None) -> LoadedStory:
    """A valid story read fast (JSON, or YAML in pieces), else read whole and validated (which says
    what is wrong).

    Bytes not ``utf8_checked`` yet are checked piece by piece (a valid story) or by
    :func:`decode_text` (any other: binary and non-UTF-8 files are refused as before). A big
    valid story keeps its text for positions in its ``path`` if it came from one, else packed.
    """
    nodes = max_nodes if max_nodes is not None else max(MAX_NODES, 40 * max_events)
    if looks_like_json(text) and (len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))) <= max_bytes:
        with paused_gc():
            loaded, text = _parse_json(text, file, base_dir, gazetteer, max_events, nodes, online, path)
    else:
        with paused_gc():
            loaded = _parse_in_pieces(text, file, base_dir, gazetteer, max_bytes, max_events, nodes, online, path)
    if loaded is not None:
        return loaded
    if not utf8_checked and isinstance(text, bytes):
        decode_text(text, file)
    located = read_yaml(text, file, max_bytes=max_bytes, max_nodes=nodes)
    return validate_story_data(located, base_dir=base_dir, gazetteer=gazetteer, max_events=max_events, online=online)


def _parse_in_pieces(text: str | bytes, file: str, base_dir: Path | None, gazetteer: Gazetteer | None,
                     max_bytes: int, max_events: int, max_nodes: int, online: Any | None,
                     path: Path | None) -> LoadedStory | None:
    """The story read and validated a few hundred events at a time, if it is valid and laid out
    so (:func:`geo.story.yaml_reader.read_yaml_in_pieces`); None if it has to be read as a whole.

    Only each chunk's plain data exists at a time: a 100,000-event story never holds its 500 MB
    of plain data, only its models. The located data is read again if ever asked for.
    """
    pieces = read_yaml_in_pieces(text, max_bytes=max_bytes, max_nodes=max_nodes)
    if pieces is None:
        return None
    source = _kept(text, path)
    share = SharedParts()
    events: list[Event] = []
    try:
        with closing(read_ahead(pieces.events(), name="read-story")) as chunks:
            for chunk in chunks:
                if len(events) + len(chunk) > max_events:
                    return None
                events += share(_EVENTS.validate_python(chunk))
                del chunk
        data = pieces.rest()
        story = _story_with(data, events)
    except (PieceRefused, ValidationError):
        return None
    located = LocatedData(None, file, source=source, max_nodes=max_nodes, value_count=pieces.values)
    try:
        return _checked(story, located, base_dir, gazetteer, online)
    except StoryError:
        return None


_PACK_BYTES = 8 * 1024 * 1024  # a story text above this is not kept as it is once loaded


def _kept(text: str | bytes, path: Path | None) -> str | bytes | FileText | PackedText:
    """What a valid story keeps of its text to find positions, if ever asked for: a big one is
    read again from its file, or else kept packed (packed meanwhile on another core)."""
    if len(text) <= _PACK_BYTES:
        return text
    if path is not None:
        return FileText(path)
    return PackedText(text) if isinstance(text, bytes) else text


def _parse_json(text: str | bytes, file: str, base_dir: Path | None, gazetteer: Gazetteer | None,
                max_events: int, max_nodes: int, online: Any | None,
                path: Path | None) -> tuple[LoadedStory | None, str | bytes]:
    """A valid story written as JSON, read by pydantic's JSON reader straight into its models
    (:mod:`geo.story.json_reader`); else None, with the text the YAML readers should read to say what is
    wrong: a valid JSON text made readable for libyaml, or the text itself if it is not JSON.

    No plain data is built: the models come from the bytes, and the text is kept (:func:`_kept`)
    to locate a problem if ever asked for.
    """
    raw = without_bom(text)
    try:
        story = Story.model_validate_json(raw)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors(include_url=False)):
            return None, text  # not JSON (a YAML flow mapping, a trailing comma...): YAML says
        return None, for_the_located_reader(raw)
    if len(story.events) > max_events or names_repeat(raw, model_names(story)):
        return None, for_the_located_reader(raw)
    del raw
    SharedParts()(story.events)
    located = LocatedData(None, file, source=_kept(text, path), max_nodes=max_nodes, prepare=for_the_located_reader)
    try:
        return _checked(story, located, base_dir, gazetteer, online), text
    except StoryError:
        return None, for_the_located_reader(text)


def _story_with(data: dict[str, Any], events: list[Event]) -> Story:
    """The story of ``data`` with its events validated already: the rest is validated with one
    of them, which saves Story's validation running every event's own validator again."""
    if not events:
        return Story.model_validate({**data, "events": events})  # refused: a story needs events
    return Story.model_validate({**data, "events": events[:1]}).model_copy(update={"events": events})


def validate_story_data(
    located: LocatedData,
    *,
    base_dir: Path | None = None,
    gazetteer: Gazetteer | None = None,
    max_events: int = MAX_EVENTS,
    online: Any | None = None,
) -> LoadedStory:
    """Validate plain story data read from any format (YAML, CSV, GeoJSON).

    Data from the fast YAML reader (``located.fast``) is validated first without positions;
    if anything is wrong, the located reader reads the file again and the story is validated
    as before, so every problem is reported with its place.
    """
    if located.fast:
        with paused_gc():
            loaded = _validate_fast(located, base_dir, gazetteer, max_events, online)
        if loaded is not None:
            return loaded
        located = located.located()
    return _validate(located, base_dir, gazetteer, max_events, online)


_CHUNK = 2_000  # events validated at a time on the fast path, their plain data let go after


def _validate_fast(located: LocatedData, base_dir: Path | None, gazetteer: Gazetteer | None,
                   max_events: int, online: Any | None) -> LoadedStory | None:
    """The story, if it is valid; None if the located reader must find what is wrong.

    The plain data is consumed (events become models a chunk at a time, so a big story never
    sits in memory twice) and released: ``located.data`` is read again if ever asked for.
    """
    data = located.data
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list) or len(events) > max_events:
        return None
    try:
        share = SharedParts()
        models: list[Event] = []
        for start in range(0, len(events), _CHUNK):
            models += share(_EVENTS.validate_python(events[start:start + _CHUNK]))
            events[start:start + _CHUNK] = [None] * len(events[start:start + _CHUNK])
        story = _story_with(data, models)
    except ValidationError:
        located.release_data()
        return None
    finally:
        del events
    located.release_data()
    try:
        loaded = _checked(story, located, base_dir, gazetteer, online)
    except StoryError:
        return None
    return loaded


def _validate(located: LocatedData, base_dir: Path | None, gazetteer: Gazetteer | None,
              max_events: int, online: Any | None) -> LoadedStory:
    file = located.file
    data = located.data
    if not isinstance(data, dict):
        raise StoryError.single(file, "a story must be a mapping with 'story', 'layers' and 'events'", 1, 1)
    events = data.get("events")
    if isinstance(events, list) and len(events) > max_events:
        line, col = located.position(("events",))
        raise StoryError.single(file, f"the story has {len(events):,} events; the limit is {max_events:,}", line, col)

    story: Story | None = None
    try:
        story = Story.model_validate(data)
    except ValidationError as exc:
        problems = _pydantic_problems(exc, located)
    else:
        SharedParts()(story.events)
        return _checked(story, located, base_dir, gazetteer, online)
    # schema problems: check what is valid on its own too, to report everything in one pass
    gazetteer, more = _place_and_reference_problems(_valid_parts(data), located, gazetteer, online)
    raise _located_error(problems + more)


def _located_error(problems: list[Problem]) -> StoryError:
    """One StoryError listing ``problems`` in the order they stand in the file."""
    return StoryError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))


def _place_and_reference_problems(source: Any, located: LocatedData, gazetteer: Gazetteer | None,
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


def _checked(story: Story, located: LocatedData, base_dir: Path | None, gazetteer: Gazetteer | None,
             online: Any | None) -> LoadedStory:
    """A schema-valid story with its places, cross-references and article checked."""
    gazetteer, problems = _place_and_reference_problems(story, located, gazetteer, online)
    article = article_en = None
    if base_dir is not None:
        article, article_en, article_problems = _read_articles(story, located, base_dir)
        problems.extend(article_problems)
        if article:
            problems.extend(_quote_problems(story, located, article))
    if problems:
        raise _located_error(problems)
    return LoadedStory(story, located.file, located, gazetteer, article, article_en or [])


_EVENTS = TypeAdapter(list[Event])


@dataclass
class _Parts:
    """The parts of an invalid story that are valid on their own, for cross-reference checks."""

    story: Any
    layers: list[Any]
    events: list[Any]
    places: list[Any]
    distances: list[Any]
    event_index: list[int]


def _valid_parts(data: dict[str, Any]) -> _Parts | None:
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


def _pydantic_problems(exc: ValidationError, located: LocatedData) -> list[Problem]:
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
    problem = _geometry_problem(event)
    if problem is None:
        return []  # not located: a position makes the located reader read the whole file
    return [Problem(located.file, *located.position(("events", index, "geometry")),
                    f'event "{event.id}": geometry: {problem}')]


def _geometry_problem(event: Event) -> str | None:
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


def _read_articles(story: Story, located: LocatedData, base_dir: Path) -> tuple[str | None, list[str], list[Problem]]:
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


def _quote_problems(story: Story, located: LocatedData, article: str) -> list[Problem]:
    """Each event's Vietnamese quote must be the article's own words."""
    body = normalize_text(article)
    problems = []
    for i, event in enumerate(story.events):
        if normalize_text(event.quote_vi) not in body:
            line, col = located.position(("events", i, "quote_vi"))
            problems.append(Problem(located.file, line, col,
                                    f'event "{event.id}": quote_vi is not found word for word in the article'))
    return problems
