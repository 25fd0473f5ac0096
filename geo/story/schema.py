"""The story schema: pydantic models for events.yaml.

Field by field documentation for authors is in docs/authoring.md. Models only check the
shape of each value; cross-references (layers, sources, places) are checked in
:mod:`geo.story.load`, where all problems are gathered with their positions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

LANGUAGES = ("vi", "en")
ICONS = ("talks", "agreement", "island", "activity", "commentary", "place")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Text(_Strict):
    """A text in both of the app's languages, or in the story's one language (written as a plain
    string, it reads the same in both)."""

    vi: NonEmpty
    en: NonEmpty

    @model_validator(mode="before")
    @classmethod
    def _one_language(cls, value: Any) -> Any:
        return {"vi": value, "en": value} if isinstance(value, str) else value

    @property
    def single(self) -> bool:
        """Whether the text is in one language only (the same in both)."""
        return self.vi == self.en

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``vi`` or ``en``)."""
        return self.en if lang == "en" else self.vi


class Record(_Strict):
    """A public record that dates or places an event (never fetched: title and address as text)."""

    id: Slug
    title: NonEmpty
    publisher: NonEmpty | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    date: dt.date | None = None


class StoryMeta(_Strict):
    """What the story is and how to read it."""

    id: Slug | None = None  # the file's name when not given
    title: Text | None = None  # the file's name when not given
    article: NonEmpty | None = None
    article_en: NonEmpty | None = None
    language: Literal["vi", "en"] = "vi"
    timezone: str = "UTC"
    default_language: Literal["vi", "en"] = "vi"
    region: tuple[float, float, float, float] | None = None  # west, south, east, north: "whole region" view
    sources: list[Record] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as Asia/Tokyo)") from None
        return value


class Layer(_Strict):
    """A thematic layer: a toggleable group of events with one colour and icon."""

    id: Slug
    name: Text
    color: HexColor
    icon: Literal["talks", "agreement", "island", "activity", "commentary", "place"] = "place"
    description: Text | None = None


class Tour(_Strict):
    """Where an event stands in the guided tour, and how close the map goes."""

    order: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    zoom: Annotated[int, Field(ge=1, le=18)] | None = None


class Geometry(_Strict):
    """An explicit GeoJSON geometry, coordinates as (lon, lat)."""

    type: Literal["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
    coordinates: list[Any]


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Event(_Strict):
    """One event of the story, resting on the article's own words."""

    id: Slug
    layer: Slug
    start: dt.date | None = None
    end: dt.date | None = None
    time: str | None = None
    title: Text
    summary: Text | None = None
    quote_vi: NonEmpty | None = None  # the article's own words (a story with an article checks them)
    quote_en: NonEmpty | None = None
    date_precision: Literal["day", "month", "year"] = "day"  # "April 1945" spans the month, known to it
    places: list[NonEmpty] = Field(default_factory=list)
    geometry: Geometry | None = None
    place_name: Text | None = None  # what to call a place given by its geometry ("Otani Sanso")
    line: bool = False
    actors: list[NonEmpty] = Field(default_factory=list)
    sources: list[NonEmpty] = Field(default_factory=lambda: ["article"])
    note: Text | None = None
    tour: Tour | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str) and not _ISO_DATE.fullmatch(value.strip()):
            raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")
        return value

    @field_validator("time")
    @classmethod
    def _hh_mm(cls, value: str | None) -> str | None:
        if value is not None and not _TIME.match(value):
            raise ValueError(f"'{value}' is not a time; write it as HH:MM, in quotes")
        return value

    @model_validator(mode="after")
    def _has_a_place(self) -> Event:
        if not self.places and self.geometry is None:
            raise ValueError("an event needs 'places' (names from the gazetteer) or a 'geometry'")
        if self.end is not None and self.start is None:
            raise ValueError("an event with an 'end' needs a 'start'")
        return self

    @property
    def dated(self) -> bool:
        """Whether the event happens on particular days (else it is background, always shown)."""
        return self.start is not None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the event covers."""
        return self.end or self.start


class DistanceFact(_Strict):
    """A distance that tells the story: from one place to the nearest point of another."""

    origin: NonEmpty
    target: NonEmpty
    events: Annotated[list[Slug], Field(min_length=1)]
    label: Text


class Story(_Strict):
    """A whole story: what it is, its layers and its events."""

    story: StoryMeta
    layers: Annotated[list[Layer], Field(min_length=1)]
    events: Annotated[list[Event], Field(min_length=1)]
    places: list[dict[str, Any]] = Field(default_factory=list)
    distances: list[DistanceFact] = Field(default_factory=list)

    def layer(self, layer_id: str) -> Layer:
        """The layer with this id."""
        return next(layer for layer in self.layers if layer.id == layer_id)

    def record(self, source_id: str) -> Record | None:
        """The public record with this id, or None for the article itself."""
        return next((r for r in self.story.sources if r.id == source_id), None)


class SharedParts:
    """Makes validated events share what they hold alike, in place, to keep a big story small.

    Frozen models are never changed after validation, so equal parts can be one object: the
    set of field names pydantic keeps per model (some 1 KB an event), the lists of places,
    actors and sources, dates, quotes and notes. The synthetic 100,000-event story (benchmarks)
    loads in some 200 MB less, and the garbage collector has less than half as many objects to
    walk. Every event stays equal to
    itself as validated; its lists are shared, so treat them as read-only, as the models are.
    One instance per story: it remembers the parts seen so far.
    """

    def __init__(self) -> None:
        self._field_sets: dict[frozenset[str], set[str]] = {}
        self._values: dict[Any, Any] = {}  # dates, texts, notes, tuples of a list's items -> the shared one
        self._text_fields: set[str] | None = None

    def __call__(self, events: list[Event]) -> list[Event]:
        field_sets = self._field_sets
        share = self._values.setdefault
        set_attribute = object.__setattr__
        text_fields = self._text_fields
        for event in events:
            fields = event.__pydantic_fields_set__
            set_attribute(event, "__pydantic_fields_set__", field_sets.setdefault(frozenset(fields), fields))
            parts = event.__dict__
            title, summary, note = parts["title"], parts["summary"], parts["note"]
            if text_fields is None:
                text_fields = self._text_fields = title.__pydantic_fields_set__
            # a Text's field set is always {"vi", "en"}: both are required
            set_attribute(title, "__pydantic_fields_set__", text_fields)
            if summary is not None:
                set_attribute(summary, "__pydantic_fields_set__", text_fields)
            if note is not None:
                set_attribute(note, "__pydantic_fields_set__", text_fields)
                parts["note"] = share((Text, note.vi, note.en), note)
            places, actors, sources = parts["places"], parts["actors"], parts["sources"]
            parts["places"] = share(tuple(places), places)
            parts["actors"] = share(tuple(actors), actors)
            parts["sources"] = share(tuple(sources), sources)
            parts["quote_vi"] = share(parts["quote_vi"], parts["quote_vi"])
            parts["quote_en"] = share(parts["quote_en"], parts["quote_en"])
            start, end = parts["start"], parts["end"]
            if start is not None:
                parts["start"] = share(start, start)
            if end is not None:
                parts["end"] = share(end, end)
        return events
