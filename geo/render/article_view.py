"""The article, sentence by sentence, with the events resting on each and the places it names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.story.article import normalize_text
from geo.story.load import LoadedStory


@dataclass(frozen=True)
class EventLink:
    """An event that quotes a sentence: where the map should go to show it."""

    event_id: str
    title: str
    day: dt.date
    dated: bool


@dataclass(frozen=True)
class AnnotatedSentence:
    """One sentence: its number, text cut into (text, is_place_name) segments, translation, events."""

    number: int
    text: str
    segments: tuple[tuple[str, bool], ...]
    english: str | None
    links: tuple[EventLink, ...]


def _place_pattern(loaded: LoadedStory) -> re.Pattern[str] | None:
    names = {name for place in loaded.gazetteer.places.values() for lang in ("vi", "en")
             for name in place.names.get(lang, []) if len(name) >= 4}
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)  # longest first: "Tokyo" inside "Văn phòng … Tokyo"
    return re.compile("|".join(re.escape(n) for n in ordered), re.IGNORECASE)


def _segments(text: str, pattern: re.Pattern[str] | None) -> tuple[tuple[str, bool], ...]:
    if pattern is None:
        return ((text, False),)
    out: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            out.append((text[last:match.start()], False))
        out.append((match.group(), True))
        last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return tuple(out)


def annotate_article(loaded: LoadedStory, events: gpd.GeoDataFrame, lang: str) -> list[AnnotatedSentence]:
    """Every sentence of the story's article with its place names marked and the events quoting it."""
    sentences = loaded.sentences()
    if not sentences:
        return []
    last_day = max((d for d in events["start"] if d is not None and not pd.isna(d)), default=None)
    pattern = _place_pattern(loaded)
    quotes = [(row["id"], normalize_text(row["quote_vi"]), row) for _, row in events.iterrows()
              if isinstance(row["quote_vi"], str)]  # an event may quote nothing
    result = []
    for sentence in sentences:
        needle = normalize_text(sentence.text)
        links = []
        for event_id, quote, row in quotes:
            if needle in quote:
                dated = row["start"] is not None and not pd.isna(row["start"])
                day = row["start"] if dated else last_day
                links.append(EventLink(event_id, row[f"title_{lang}"], day, dated))
        english = loaded.article_en[sentence.number - 1] if len(loaded.article_en) >= sentence.number else None
        result.append(AnnotatedSentence(sentence.number, sentence.text, _segments(sentence.text, pattern), english,
                                        tuple(links)))
    return result
