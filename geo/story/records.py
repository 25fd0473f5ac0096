"""Records read from a file that is not a story yet: a table, a GIS file's features, a Knight Lab
story's slides. One row per record, the file's own column names, and the readers' notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from shapely.geometry.base import BaseGeometry


@dataclass
class Records:
    """What a reader found in a file, before its columns are given roles.

    Attributes
    ----------
    file
        The file's name, for messages.
    frame
        One row per record with the file's column names, plus ``geometry`` (shapely, EPSG:4326, or
        None) where the format has places; the index is the row's line, or the record's number.
    kind
        What the file was: ``csv``, ``xlsx``, ``json``, ``geojson``, ``kml``, ``gpx``, ...
    notes
        What the reader found and did, in both languages (``{'vi': ..., 'en': ...}``).
    order
        The records' tour order, when the format has one (StoryMapJS slides).
    title
        The story's title the file gives, if any.
    """

    file: str
    frame: pd.DataFrame
    kind: str
    notes: list[dict[str, str]] = field(default_factory=list)
    order: list[int] | None = None
    title: Any | None = None


def has_shapes(frame: pd.DataFrame) -> bool:
    """Whether ``frame``'s ``geometry`` column holds a GIS reader's shapes (shapely or None), and not
    a table's own column of that name: geopandas writes a CSV's places as WKT text in "geometry".

    >>> from shapely.geometry import Point
    >>> has_shapes(pd.DataFrame({"geometry": [Point(1, 2), None]})), has_shapes(pd.DataFrame({"geometry": ["POINT (1 2)"]}))
    (True, False)
    """
    return "geometry" in frame.columns and all(v is None or isinstance(v, BaseGeometry) for v in frame["geometry"])


def own_columns(frame: pd.DataFrame) -> list[str]:
    """The file's own columns: all but a GIS reader's shapes."""
    shapes = has_shapes(frame)
    return [c for c in frame.columns if not (shapes and c == "geometry")]
