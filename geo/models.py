"""The story schema: pydantic models for events.yaml.

Field by field documentation for authors is in docs/authoring.md. Models only check the
shape of each value; cross-references (layers, sources, places) are checked in
:mod:`geo.story`, where all problems are gathered with their positions.
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
    """A text in both of the app's languages."""

    vi: NonEmpty
    en: NonEmpty

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

    id: Slug
    title: Text
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


class Event(_Strict):
    """One event of the story, resting on the article's own words."""

    id: Slug
    layer: Slug
    start: dt.date | None = None
    end: dt.date | None = None
    time: str | None = None
    title: Text
    summary: Text
    quote_vi: NonEmpty
    quote_en: NonEmpty
    places: list[NonEmpty] = Field(default_factory=list)
    geometry: Geometry | None = None
    line: bool = False
    actors: list[NonEmpty] = Field(default_factory=list)
    sources: list[NonEmpty] = Field(default_factory=lambda: ["article"])
    note: Text | None = None
    tour: Tour | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
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
