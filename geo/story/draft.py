"""The editor's functional core: a story as a table of rows, tied to the sentences of a pasted article.

The editor (``pages/5_Write.py``, ``webapp/editor.py``) keeps a story in progress as

* the article's text, split into numbered sentences exactly as the Article page numbers them
  (:func:`geo.story.article.split_sentences`);
* a table of rows (a pandas DataFrame, as ``st.data_editor`` gives it), one row per event, in tour
  order: :data:`COLUMNS`.

Everything here is a pure function of those: rows → story data with every value located by row
(:func:`story_data`), → a validated story or the problems by row (:func:`build_story`), a loaded
story → rows to edit (:func:`story_rows`); the places a sentence names are
:mod:`geo.places.suggestions`'.

**The article and the quotes.** A story file names its article by a path beside it; a pasted
article has no file. The story file the editor writes therefore names no article: each event's
quote in the article's language (``quote_vi`` or ``quote_en``) is the text of the sentence(s) it
rests on, word for word, so the file stands alone (it loads anywhere, uploaded or checked, without
a second file) and every quote is still the article's own words. The editor checks that itself
against the pasted text (:func:`geo.story.checks.quote_problems`, for a Vietnamese article, as the
loader would with the article beside the file); the article can be downloaded as a text file too,
to name it in ``story.article`` by hand. Opening a story again, its article is the one it names
(the shipped story) or, for a story file alone, its quotes one a line in tour order, so each event
finds its sentence again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.places.gazetteer import Gazetteer
from geo.places.suggestions import coordinates, coordinates_text
from geo.story.article import Sentence, normalize_text, split_sentences
from geo.story.errors import Problem, StoryError
from geo.story.yaml_reader import LocatedData

COLUMNS = ("date", "end", "time", "place", "title", "summary", "layer", "sentences", "sources")
TEXT_COLUMNS = ("time", "place", "title", "summary", "layer", "sentences", "sources")
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
ICONS = ("talks", "agreement", "island", "activity", "commentary", "place")
DEFAULT_LAYER = {"vi": "Sự kiện", "en": "Events"}
FILE = "draft"  # the name problems are located in: "row N" stands for its line
QUOTE = "quote:"  # Draft.translations' keys for quotes (a quote's translation, not a text's)



# --- the table --------------------------------------------------------------------------

def empty_rows(n: int = 0) -> pd.DataFrame:
    """A table of ``n`` blank rows with the editor's columns (dates as ``datetime.date`` or None)."""
    return pd.DataFrame({c: pd.Series([None] * n, dtype=object) for c in COLUMNS})


def normalized_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with every column present, dates as ``datetime.date`` (or None), texts as str,
    in order, indexed 0..n-1 (what ``st.data_editor`` returns varies: Timestamps, NaN, NaT)."""
    out = empty_rows(len(rows))
    for column in COLUMNS:
        if column not in rows:
            continue
        values = list(rows[column])
        if column in ("date", "end"):
            out[column] = pd.Series([_as_date(v) for v in values], dtype=object)
        else:
            out[column] = pd.Series([_as_text(v) for v in values], dtype=object)
    return out


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _as_date(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def with_edits(rows: pd.DataFrame, state: Any) -> pd.DataFrame:
    """The rows with the edits ``st.data_editor`` keeps in its state (``edited_rows`` by position,
    ``added_rows``, ``deleted_rows``) applied: what the table shows, known before the script runs
    again (a button's callback sees the edit made just before the click)."""
    rows = normalized_rows(rows)
    if not isinstance(state, dict):
        return rows
    records = rows.to_dict("records")
    for position, change in (state.get("edited_rows") or {}).items():
        try:
            index = int(position)
        except (TypeError, ValueError):
            continue
        if 0 <= index < len(records) and isinstance(change, dict):
            records[index].update({k: v for k, v in change.items() if k in COLUMNS})
    deleted = {int(i) for i in state.get("deleted_rows") or [] if str(i).isdigit()}
    records = [r for i, r in enumerate(records) if i not in deleted]
    for added in state.get("added_rows") or []:
        if isinstance(added, dict):
            records.append({k: v for k, v in added.items() if k in COLUMNS})
    return normalized_rows(pd.DataFrame(records, columns=list(COLUMNS)))


def move_row(rows: pd.DataFrame, index: int, offset: int) -> pd.DataFrame:
    """The rows with row ``index`` (from 0) moved ``offset`` places (clamped): the tour order."""
    order = list(range(len(rows)))
    if not 0 <= index < len(order):
        return rows
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return rows.iloc[order].reset_index(drop=True)


def delete_row(rows: pd.DataFrame, index: int) -> pd.DataFrame:
    """The rows without row ``index`` (from 0)."""
    if not 0 <= index < len(rows):
        return rows
    return rows.drop(rows.index[index]).reset_index(drop=True)


def add_row(rows: pd.DataFrame, **values: Any) -> pd.DataFrame:
    """The rows with one more at the end, holding ``values``."""
    row = empty_rows(1)
    for key, value in values.items():
        row.loc[0, key] = value
    return pd.concat([normalized_rows(rows), row], ignore_index=True)


def sentence_numbers(cell: str) -> list[int]:
    """The sentence numbers a cell names: ``"3, 5-7"`` → ``[3, 5, 6, 7]`` (anything else ignored)."""
    numbers: list[int] = []
    for a, b in re.findall(r"(\d+)\s*(?:[-–]\s*(\d+))?", cell or ""):
        first, last = int(a), int(b or a)
        if last - first <= 200:
            numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    return numbers


# --- rows → story -----------------------------------------------------------------------

def slug(text: str, fallback: str) -> str:
    """A slug of ``text`` (ASCII, hyphens), or ``fallback``."""
    ascii_text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d")).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    return made or fallback


def story_data(rows: pd.DataFrame, *, title: str, article: str, language: str = "vi",
               layers: list[dict[str, Any]] | None = None,
               translations: dict[str, dict[str, str]] | None = None) -> LocatedData:
    """The story data of the rows, each event's values located at its row (line = row number from
    1, column = the table's column): what :func:`geo.story.load.validate_story_data` checks.

    ``layers``: the layers of the story being edited (their colours and icons kept), matched to a
    row's layer by name or id; any other layer name becomes a new layer.
    ``translations``: a text as the table shows it → the story's ``{vi, en}`` for it (see
    :class:`Draft`); a text left as it was keeps its translation, a changed one is in one language.
    """
    kept = translations or {}
    text = lambda value: dict(kept[value]) if value in kept else value  # noqa: E731
    rows = normalized_rows(rows)
    sentences = split_sentences(article) if article.strip() else []
    quote_key = "quote_en" if language == "en" else "quote_vi"
    positions: dict[tuple, tuple[int, int]] = {(): (1, 1)}
    known = list(layers or [])
    made_layers: list[dict[str, Any]] = []
    layer_ids: dict[str, str] = {}
    sources: list[dict[str, Any]] = []
    source_ids: dict[str, str] = {}
    events: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    for index, row in enumerate(rows.to_dict("records")):
        line = index + 1
        column = {c: COLUMNS.index(c) + 1 for c in COLUMNS}
        event: dict[str, Any] = {}
        event_id = slug(row["title"], f"event-{line}")
        while event_id in used_ids:
            event_id = f"{event_id}-{line}"
        used_ids.add(event_id)
        event["id"] = event_id
        name = row["layer"] or DEFAULT_LAYER.get(language, "Events")
        if name not in layer_ids:
            layer = next((dict(lay) for lay in known if name in (lay["id"], _text_of(lay["name"], language))), None)
            if layer is None:
                layer = {"id": slug(name, f"layer-{len(made_layers) + 1}"), "name": name,
                         "color": PALETTE[len(made_layers) % len(PALETTE)], "icon": "place"}
            while layer["id"] in {lay["id"] for lay in made_layers}:
                layer["id"] += "-2"
            layer["name"] = text(layer["name"])
            made_layers.append(layer)
            layer_ids[name] = layer["id"]
        event["layer"] = layer_ids[name]
        if row["date"] is not None:
            event["start"] = row["date"].isoformat()
        if row["end"] is not None:
            event["end"] = row["end"].isoformat()
        if row["time"]:
            event["time"] = row["time"]
        event["title"] = text(row["title"] or f"{line}")
        if row["summary"]:
            event["summary"] = text(row["summary"])
        numbers = [n for n in sentence_numbers(row["sentences"]) if 1 <= n <= len(sentences)]
        if numbers:
            event[quote_key] = " ".join(sentences[n - 1].text for n in numbers)
            both = kept.get(QUOTE + event[quote_key])  # the quote's translation, where the story had one
            if both:
                event["quote_vi"], event["quote_en"] = both["vi"], both["en"]
        point = coordinates(row["place"])
        if point is not None:
            event["geometry"] = {"type": "Point", "coordinates": list(point)}
        elif row["place"]:
            event["places"] = [p.strip() for p in row["place"].split(";") if p.strip()]
        event_sources = ["article"] if numbers or not row["sources"] else []
        for item in _source_items(row["sources"]):
            if item.lower() == "article":
                if "article" not in event_sources:
                    event_sources.append("article")
                continue
            if item not in source_ids:
                source_ids[item] = f"source-{len(source_ids) + 1}"
                record = {"id": source_ids[item], "title": item}
                if re.match(r"^https?://\S+$", item):
                    record["url"] = item
                sources.append(record)
            event_sources.append(source_ids[item])
        if event_sources != ["article"]:
            event["sources"] = event_sources or ["article"]
        if row["date"] is not None:
            event["tour"] = {"order": line}
        events.append(event)
        positions[("events", index)] = (line, 1)
        for key in event:
            field = {"start": "date", "id": "title", quote_key: "sentences", "geometry": "place", "places": "place",
                     "tour": "date"}.get(key, key)
            positions[("events", index, key)] = (line, column.get(field, 1))
    if not made_layers:
        made_layers.append({"id": "events", "name": DEFAULT_LAYER.get(language, "Events"), "color": PALETTE[0],
                            "icon": "place"})
    meta: dict[str, Any] = {"id": slug(title, "story"), "title": text(title.strip() or "Story"), "language": language,
                            "default_language": language}
    if sources:
        meta["sources"] = sources
    data = {"story": meta, "layers": made_layers, "events": events}
    return LocatedData(data, FILE, positions)


def _text_of(value: Any, lang: str) -> str:
    return value.get(lang, value.get("en", "")) if isinstance(value, dict) else str(value)


def _source_items(cell: str) -> list[str]:
    return [item.strip() for item in re.split(r"[\n,;]|\s+(?=https?://)", cell or "") if item.strip()]


@dataclass(frozen=True)
class RowProblem:
    """A problem of the story in progress, located by row (from 1) and column, or by sentence."""

    row: int | None
    column: str | None
    message: str
    sentence: int | None = None
    blocking: bool = True  # the story cannot be made until it is fixed
    code: str = ""  # the editor's own problems: a key of geo.render.editor_words.WORDS (the loader's: "")

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else f"sentence {self.sentence}" if self.sentence else "story"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class Built:
    """What the rows make: the loaded story (None while a blocking problem stands) and every problem."""

    loaded: Any
    problems: list[RowProblem]


def build_story(rows: pd.DataFrame, *, title: str, article: str, language: str = "vi",
                layers: list[dict[str, Any]] | None = None, gazetteer: Gazetteer | None = None,
                translations: dict[str, dict[str, str]] | None = None) -> Built:
    """Validate the rows as a story (the loader's own checks), and list what an author should know,
    each problem by row: a row without a date or a place, a sentence no event rests on, a quote
    that is not the article's.

    Examples
    --------
    >>> rows = add_row(empty_rows(), date=dt.date(2016, 12, 15), place="Hanoi", title="A", sentences="1")
    >>> built = build_story(rows, title="T", article="One in Hanoi. Two.")
    >>> built.loaded.story.events[0].quote_vi, [str(p) for p in built.problems]
    ('One in Hanoi.', ['sentence 2: no event rests on this sentence'])
    """
    from geo.story.checks import quote_problems
    from geo.story.load import validate_story_data

    rows = normalized_rows(rows)
    gazetteer = gazetteer or Gazetteer.shipped()
    problems: list[RowProblem] = []
    sentences = split_sentences(article) if article.strip() else []
    used: set[int] = set()
    for index, row in enumerate(rows.to_dict("records")):
        line = index + 1
        numbers = sentence_numbers(row["sentences"])
        used.update(numbers)
        if row["date"] is None:
            problems.append(RowProblem(line, "date", "no date: the event is shown on every day", blocking=False, code="no_date"))
        if not row["place"]:
            problems.append(RowProblem(line, "place", "no place", code="no_place"))
        if row["date"] is not None and row["end"] is not None and row["end"] < row["date"]:
            problems.append(RowProblem(line, "end", "the end is before the date", code="end_before"))
        for n in numbers:
            if not 1 <= n <= len(sentences):
                problems.append(RowProblem(line, "sentences", f"the article has no sentence {n}", code="no_sentence"))
    for sentence in sentences:
        if sentence.number not in used:
            problems.append(RowProblem(None, None, "no event rests on this sentence", sentence=sentence.number,
                                       blocking=False, code="unused_sentence"))
    if rows.empty:
        problems.insert(0, RowProblem(None, None, "no event yet: add a row", code="no_rows"))
        return Built(None, problems)
    located = story_data(rows, title=title, article=article, language=language, layers=layers,
                         translations=translations)
    data = located.data
    try:
        loaded = validate_story_data(located, gazetteer=gazetteer)
    except StoryError as exc:
        problems.extend(_row_problem(p) for p in exc.problems if not _already_said(p, problems))
        return Built(None, problems)
    if sentences and language == "vi":
        problems.extend(_row_problem(p) for p in quote_problems(loaded.story, LocatedData(data, FILE, located._positions),
                                                                article))
    loaded.article = article if article.strip() else None
    return Built(loaded if not any(p.blocking for p in problems) else None, problems)


def _already_said(problem: Problem, said: list[RowProblem]) -> bool:
    """A schema complaint about a row's missing place, which the row's own "no place" says plainly."""
    return "needs 'places'" in problem.message and any(p.row == problem.line and p.column == "place" for p in said)


def _row_problem(problem: Problem) -> RowProblem:
    column = COLUMNS[problem.column - 1] if problem.column and 1 <= problem.column <= len(COLUMNS) else None
    message = re.sub(r'^event "[^"]*": ', "", problem.message)
    if problem.line is None or problem.line < 1 or (problem.line == 1 and problem.column == 1 and "event" not in problem.message):
        return RowProblem(None, None, message)
    return RowProblem(problem.line, column, message)


# --- story → rows -----------------------------------------------------------------------

@dataclass
class Draft:
    """A story to edit: its title, article, language, layers and rows, and the translations of its
    texts in both languages (a text as the rows show it → ``{vi, en}``; a quote, under
    :data:`QUOTE` + the quote in the article's language, → the quote in both)."""

    title: str
    article: str
    language: str
    layers: list[dict[str, Any]]
    rows: pd.DataFrame
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


def story_rows(loaded: Any, lang: str = "vi") -> Draft:
    """A loaded story as the editor's rows (events in tour order: by day, then the story's order),
    with its article, or its quotes one a line when it names none."""
    story = loaded.story
    language = story.story.language
    quote_key = "quote_en" if language == "en" else "quote_vi"
    events = sorted(story.events, key=lambda e: (e.start is None, e.start or dt.date.min,
                                                 (e.tour.order if e.tour and e.tour.order is not None else 10**9)))
    article = loaded.article or "\n".join(dict.fromkeys(q for q in (getattr(e, quote_key) for e in events) if q))
    sentences = split_sentences(article) if article else []
    records = {r.id: r for r in story.story.sources}
    translations: dict[str, dict[str, str]] = {}

    def shown(value: Any) -> str:  # a text as the rows show it, its translation kept aside
        if value is None:
            return ""
        if not value.single:
            translations[value.get(lang)] = {"vi": value.vi, "en": value.en}
        return value.get(lang)

    rows = []
    for event in events:
        quote = getattr(event, quote_key)
        if quote and event.quote_vi and event.quote_en:
            translations[QUOTE + quote] = {"vi": event.quote_vi, "en": event.quote_en}
        rows.append({
            "date": event.start, "end": event.end, "time": event.time or "",
            "place": _place_cell(event, loaded.gazetteer, lang),
            "title": shown(event.title), "summary": shown(event.summary),
            "layer": shown(story.layer(event.layer).name),
            "sentences": ", ".join(str(n) for n in quote_sentences(quote, sentences)) if quote else "",
            "sources": ", ".join(s if s == "article" or s not in records else (records[s].url or records[s].title)
                                 for s in event.sources if s != "article"),
        })
    layers = [layer.model_dump(mode="json", exclude_none=True) for layer in story.layers]
    for layer in layers:
        layer["name"] = shown(story.layer(layer["id"]).name)
        layer.pop("description", None)
    return Draft(shown(story.story.title), article, language, layers,
                 normalized_rows(pd.DataFrame(rows, columns=list(COLUMNS))), translations)


def _place_cell(event: Any, gazetteer: Gazetteer, lang: str) -> str:
    """An event's places as a reader writes them: a gazetteer place by its name in ``lang`` (which
    resolves to it again), where that name is its own; else as the story wrote it."""
    if event.places:
        names = []
        for written in event.places:
            place = gazetteer.lookup(written)
            shown = place.names.get(lang) if place is not None else None
            own = bool(shown) and ";" not in shown[0] and gazetteer.lookup(shown[0]) is place
            names.append(shown[0] if own else written)
        return "; ".join(names)
    if event.geometry is not None and event.geometry.type == "Point":
        lon, lat = event.geometry.coordinates[:2]
        return coordinates_text(lat, lon)
    return ""


def quote_sentences(quote: str, sentences: list[Sentence]) -> list[int]:
    """The numbers of the sentences a quote is made of (those found in it, word for word)."""
    body = normalize_text(quote)
    return [s.number for s in sentences if normalize_text(s.text) and normalize_text(s.text) in body]
