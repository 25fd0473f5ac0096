"""Records read from a file that is not a story yet: a table, a GIS file's features, a Knight Lab
story's slides. One row per record, the file's own column names, and the readers' notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


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
