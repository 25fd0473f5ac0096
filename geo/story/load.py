"""Loading a story: read it (one reader per format), validate it, and check every cross-reference.

All problems are gathered and raised together as one :class:`StoryError`, each with its file,
line and column (or record and field), so an author can fix a file in one pass.

The readers: YAML (:mod:`geo.story.yaml_reader`), a JSON story (:mod:`geo.story.json_reader`),
GeoParquet for big generated stories (:mod:`geo.story.parquet_reader`); tables and GeoJSON
uploads are turned into story data by :mod:`geo.story.formats`. Each gives plain data with
positions, or (GeoParquet) a checked story, and all end in :func:`validate_story_data`'s checks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geo.memory import paused_gc
from geo.places.gazetteer import Gazetteer
from geo.story.article import Sentence, split_sentences
from geo.story.checks import (located_error, place_and_reference_problems, pydantic_problems, quote_problems,
                              read_articles, valid_parts)
from geo.story.errors import StoryError
from geo.story.json_reader import looks_like_json, read_json
from geo.story.schema import SharedParts, Story, Text
from geo.story.yaml_reader import MAX_BYTES, MAX_NODES, LocatedData, decode_text, read_yaml

MAX_EVENTS = 50_000  # with MAX_BYTES (2 MB): what an upload may hold
# A story file the deployer put on the server (events.yaml, stories/*, TIMELINE_STORY) is trusted as
# the app's own files are, and may be larger than an upload. Written by hand (YAML) a story has tens
# to a few thousand events; a big generated one belongs in GeoParquet (docs/performance.md).
DEPLOYED_LIMITS = {"max_bytes": 256 * 1024 * 1024, "max_events": 200_000}  # load_story(path, **DEPLOYED_LIMITS)
PARQUET_SUFFIXES = (".parquet", ".geoparquet")


@dataclass
class LoadedStory:
    """A validated story with what came with it: its file, article and gazetteer.

    ``fields``: a table reader's events as columns (:data:`geo.places.geocode.FIELDS`), which
    geocoding reads instead of the models; the story's events are then built on demand.
    """

    story: Story
    file: str
    located: LocatedData
    gazetteer: Gazetteer
    article: str | None = None
    article_en: list[str] = field(default_factory=list)
    fields: dict[str, list[Any]] | None = None

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
    """Load and validate a story file: YAML, a JSON story, or GeoParquet (by its suffix).

    Parameters
    ----------
    path
        The story's file; ``article`` paths inside it are relative to its folder.
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
        size = path.stat().st_size
        if size > max_bytes:
            raise StoryError.single(name, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
        if path.suffix.lower() in PARQUET_SUFFIXES:
            from geo.story.parquet_reader import read_parquet_story

            with paused_gc():
                return read_parquet_story(path, gazetteer=gazetteer, max_events=max_events, online=online)
        raw = path.read_bytes()
    except OSError as exc:
        raise StoryError.single(name, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_story(decode_text(raw, name), name, base_dir=path.parent, gazetteer=gazetteer,
                       max_bytes=max_bytes, max_events=max_events, online=online, max_nodes=max_nodes)


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
    """Validate a story given as YAML or JSON text, or its UTF-8 bytes (see :func:`load_story`)."""
    if isinstance(text, bytes):
        text = decode_text(text, file)
    nodes = max_nodes if max_nodes is not None else max(MAX_NODES, 40 * max_events)
    with paused_gc():
        if looks_like_json(text):
            located = read_json(text, file, max_bytes=max_bytes, max_nodes=nodes)
        else:
            located = read_yaml(text, file, max_bytes=max_bytes, max_nodes=nodes)
        return validate_story_data(located, base_dir=base_dir, gazetteer=gazetteer, max_events=max_events,
                                   online=online)


def validate_story_data(
    located: LocatedData,
    *,
    base_dir: Path | None = None,
    gazetteer: Gazetteer | None = None,
    max_events: int = MAX_EVENTS,
    online: Any | None = None,
) -> LoadedStory:
    """Validate plain story data read from any format (YAML, JSON, CSV, GeoJSON).

    Raises
    ------
    StoryError
        Every problem of the story, schema and cross-references alike, in file order.
    """
    file = located.file
    data = located.data
    if not isinstance(data, dict):
        raise StoryError.single(file, "a story must be a mapping with 'story', 'layers' and 'events'", 1, 1)
    events = data.get("events")
    if isinstance(events, list) and len(events) > max_events:
        line, col = located.position(("events",))
        raise StoryError.single(file, f"the story has {len(events):,} events; the limit is {max_events:,}", line, col)
    try:
        story = Story.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, located)
        # check what is valid on its own too, to report everything in one pass
        _, more = place_and_reference_problems(valid_parts(data), located, gazetteer, online)
        raise located_error(problems + more) from None
    SharedParts()(story.events)
    story = with_file_defaults(story, file)
    loaded = checked_story(story, located, base_dir=base_dir, gazetteer=gazetteer, online=online)
    located.data = None  # the models hold it all; a problem found later needs positions only
    located.forget_nodes()
    return loaded


def with_file_defaults(story: Story, file: str) -> Story:
    """The story with the id and title its file's name gives, where it names none.

    Examples
    --------
    >>> with_file_defaults(Story.model_validate({"story": {}, "layers": [{"id": "a", "name": "A", "color": "#000000"}],
    ...     "events": [{"id": "e", "layer": "a", "title": "E", "places": ["Hanoi"]}]}), "Chiến tranh_1945.csv").story.title
    Text(vi='Chiến tranh 1945', en='Chiến tranh 1945')
    """
    meta = story.story
    if meta.id is not None and meta.title is not None:
        return story
    name = re.sub(r"[_\s]+", " ", Path(file).stem).strip() or "story"
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()).strip("-")
    update = {"id": meta.id or slug or "story", "title": meta.title or Text(vi=name, en=name)}
    return story.model_copy(update={"story": meta.model_copy(update=update)})


def checked_story(story: Story, located: LocatedData, *, base_dir: Path | None = None,
                  gazetteer: Gazetteer | None = None, online: Any | None = None) -> LoadedStory:
    """A schema-valid story with its places, cross-references and article checked."""
    gazetteer, problems = place_and_reference_problems(story, located, gazetteer, online)
    article = article_en = None
    if base_dir is not None:
        article, article_en, article_problems = read_articles(story, located, base_dir)
        problems.extend(article_problems)
        if article:
            problems.extend(quote_problems(story, located, article))
    if problems:
        raise located_error(problems)
    return LoadedStory(story, located.file, located, gazetteer, article, article_en or [])
