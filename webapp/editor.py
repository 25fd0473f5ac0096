"""The story editor's shell (the *Write* page, ``pages/5_Write.py``): widgets in, :mod:`geo.story.draft` computes.

State lives in ``st.session_state`` (it survives reruns and moving between pages):

* ``draft_rows``: the events table as last committed (a DataFrame of :data:`geo.story.draft.COLUMNS`);
  every edit of the table is committed by its ``on_change`` (:func:`geo.story.draft.with_edits`) and
  the table is drawn afresh under a new key (``draft_version``), so an edit is never applied twice;
* ``draft_title``, ``draft_article``, ``draft_language``: the story's title and the pasted article;
* ``draft_layers``: the layers of a story opened to change (their colours and icons kept);
* ``draft_translations``: that story's texts in both languages (:class:`geo.story.draft.Draft`).

A browser reload starts a new Streamlit session; the draft is kept in the browser's localStorage
by a small component (:data:`_KEEPER_JS`) after every run, and a new session that finds one there
offers it back. Nothing is written on the server.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from geo.places.gazetteer import Gazetteer
from geo.render.editor_words import column, w
from geo.render.escaping import escape_markdown
from geo.render.i18n import t
from geo.story.article import split_sentences
from geo.places.suggestions import place_precision, place_suggestions
from geo.story.draft import (COLUMNS, Built, Draft, add_row, build_story, delete_row, empty_rows, move_row,
                             normalized_rows, sentence_numbers, story_rows, with_edits)
from geo.story.errors import StoryError

ROOT = Path(__file__).resolve().parent.parent
STATE_KEYS = ("draft_title", "draft_article", "draft_language", "draft_row", "draft_sentence", "draft_target",
              "draft_online", "draft_day")
STORAGE_KEY = "timeline-map-draft"
log = logging.getLogger(__name__)

_KEEPER_JS = """
// Keeps the editor's draft in this browser (localStorage), and offers it to a new session once.
export default function ({ data, setTriggerValue }) {
  if (!data) return;
  try {
    if (data.save) localStorage.setItem("%(key)s", data.save);
    else if (data.clear) localStorage.removeItem("%(key)s");
    if (data.ask && !window.__draftAsked) {
      window.__draftAsked = true;
      const kept = localStorage.getItem("%(key)s");
      if (kept) setTriggerValue("kept", kept);
    }
  } catch (err) { console.warn("draft not kept", err); }  // storage off (private mode): the download stays
}
""" % {"key": STORAGE_KEY}
_keeper = st.components.v2.component("draft_keeper", js=_KEEPER_JS)


# --- state ------------------------------------------------------------------------------

def keep_state() -> None:
    """Keep the editor's widget values alive while another page is shown, and set the defaults."""
    ss = st.session_state
    for key in STATE_KEYS:
        if key in ss:
            ss[key] = ss[key]
    ss.setdefault("draft_rows", empty_rows())
    ss.setdefault("draft_version", 0)
    ss.setdefault("draft_layers", [])
    ss.setdefault("draft_translations", {})
    ss.setdefault("draft_title", "")
    ss.setdefault("draft_article", "")
    ss.setdefault("draft_language", ss.get("lang", "vi"))


def table_key() -> str:
    return f"draft_table_{st.session_state.draft_version}"


def current_rows() -> pd.DataFrame:
    """The rows as the table shows them now (edits not yet committed included)."""
    ss = st.session_state
    return with_edits(ss.draft_rows, ss.get(table_key()))


def commit(rows: pd.DataFrame) -> None:
    """Make ``rows`` the table's data; the table is drawn afresh (a new key)."""
    ss = st.session_state
    ss.draft_rows = normalized_rows(rows)
    ss.pop(table_key(), None)
    ss.draft_version += 1


def commit_table_edit() -> None:
    commit(current_rows())


def open_draft(draft: Draft) -> None:
    """Replace the draft with ``draft`` (a story opened to change it, or one kept by the browser)."""
    ss = st.session_state
    ss.draft_title, ss.draft_article, ss.draft_language = draft.title, draft.article, draft.language
    ss.draft_layers, ss.draft_translations = draft.layers, draft.translations
    for key in ("draft_row", "draft_sentence", "draft_target", "draft_day", "draft_offer"):
        ss.pop(key, None)
    commit(draft.rows)


def open_story(shown: Any) -> None:
    """Button callback: edit a loaded story (the shipped one, or the session's upload); ``shown`` may
    be a function giving it, so the shipped story is loaded only when asked for."""
    shown = shown() if callable(shown) else shown
    open_draft(story_rows(shown.loaded, st.session_state.get("lang", "vi")))


def start_over() -> None:
    open_draft(Draft("", "", st.session_state.get("lang", "vi"), [], empty_rows()))
    st.session_state.draft_clear = True


def move(offset: int) -> None:
    ss = st.session_state
    index = ss.get("draft_row") or 0
    commit(move_row(current_rows(), index, offset))
    ss.draft_row = min(max(index + offset, 0), len(ss.draft_rows) - 1)


def delete() -> None:
    ss = st.session_state
    index = ss.get("draft_row") or 0
    commit(delete_row(current_rows(), index))
    ss.draft_row = max(min(index, len(ss.draft_rows) - 1), 0)


def add() -> None:
    commit(add_row(current_rows()))
    st.session_state.draft_row = len(st.session_state.draft_rows) - 1


def use_place(number: int, name: str, words: str) -> None:
    """A suggested place chosen for sentence ``number``: a new row resting on it, or the chosen row's place."""
    ss = st.session_state
    rows = current_rows()
    target = ss.get("draft_target", "new")
    if target == "new" or not isinstance(target, int) or not 0 <= target < len(rows):
        rows = add_row(rows, place=name, title=words, sentences=str(number))
        index = len(rows) - 1
    else:
        index = target
        rows.loc[index, "place"] = name
        if number not in sentence_numbers(rows.loc[index, "sentences"]):
            rows.loc[index, "sentences"] = ", ".join(filter(None, [rows.loc[index, "sentences"], str(number)]))
    commit(rows)
    ss.draft_row = index


def set_cell(index: int, name: str, widget: str) -> None:
    """The row form's widget ``widget`` changed: write its value into row ``index``'s column ``name``."""
    ss = st.session_state
    rows = current_rows()
    if 0 <= index < len(rows):
        value = ss.get(widget)
        rows.loc[index, name] = value if value not in ("",) else None
        commit(rows)


# --- the page's parts -------------------------------------------------------------------

def article_part(lang: str, shown_default: Any, uploaded: Any) -> list:
    """Title, language, the pasted article and its numbered sentences; returns the sentences."""
    ss = st.session_state
    st.subheader(w("step_article", lang))
    actions = [("open_shipped", open_story, (shown_default,), "draft_open_shipped")]
    if uploaded is not None:
        actions.append(("open_uploaded", open_story, (uploaded,), "draft_open_uploaded"))
    actions.append(("start_over", start_over, (), "draft_start_over"))
    for place, (label, callback, args, key) in zip(st.columns(3), actions):  # side by side, from the left
        place.button(w(label, lang), on_click=callback, args=args, key=key)
    if ss.draft_translations:
        st.caption(w("translations_kept", lang))
    left, right = st.columns([1, 1])
    with left:
        st.text_input(w("story_title", lang), key="draft_title", max_chars=200)
        st.radio(w("article_language", lang), ["vi", "en"], key="draft_language", horizontal=True,
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        st.text_area(w("article", lang), key="draft_article", height=220, max_chars=100_000,
                     placeholder=w("article_placeholder", lang))
    sentences = split_sentences(ss.draft_article) if ss.draft_article.strip() else []
    with right:
        st.markdown(f"**{escape_markdown(w('sentences', lang, n=len(sentences)))}**")
        if sentences:
            table = pd.DataFrame({w("sentence_label", lang): [s.text for s in sentences]},
                                 index=pd.Index([s.number for s in sentences], name="#"))
            st.dataframe(table, height=min(38 + 35 * len(sentences), 330), width="stretch")
        else:
            st.info(w("no_article", lang))
    return sentences


def events_part(lang: str, gazetteer: Gazetteer) -> pd.DataFrame:
    """The events table (st.data_editor); returns the rows it shows."""
    ss = st.session_state
    st.subheader(w("step_events", lang))
    st.caption(w("events_help", lang))
    rows = ss.draft_rows
    shown = rows.assign(precision=[_precision_text(place_precision(p, gazetteer), lang) for p in rows["place"]])
    shown.index = pd.RangeIndex(1, len(shown) + 1, name="#")  # rows numbered as the problems name them
    config = {
        "date": st.column_config.DateColumn(column("date", lang), format="YYYY-MM-DD", width="small"),
        "end": st.column_config.DateColumn(column("end", lang), format="YYYY-MM-DD", width="small"),
        "time": st.column_config.TextColumn(column("time", lang), width="small", validate=r"^([01]\d|2[0-3]):[0-5]\d$",
                                            help="HH:MM"),
        "place": st.column_config.TextColumn(column("place", lang), help=w("coordinates_help", lang)),
        "title": st.column_config.TextColumn(column("title", lang), width="medium"),
        "summary": st.column_config.TextColumn(column("summary", lang), width="medium"),
        "layer": st.column_config.TextColumn(column("layer", lang), width="small"),
        "sentences": st.column_config.TextColumn(column("sentences", lang), width="small"),
        "sources": st.column_config.TextColumn(column("sources", lang), width="small"),
        "precision": st.column_config.TextColumn(column("precision", lang), disabled=True, width="small"),
    }
    st.data_editor(shown, key=table_key(), num_rows="dynamic", column_config=config, hide_index=False,
                   column_order=["date", "end", "time", "place", "precision", "title", "summary", "layer",
                                 "sentences", "sources"],
                   on_change=commit_table_edit, width="stretch")
    return current_rows()


def _precision_text(precision: str, lang: str) -> str:
    if not precision:
        return ""
    return w("point", lang) if precision == "point" else t(precision, lang)


def row_tools(lang: str, rows: pd.DataFrame, gazetteer: Gazetteer) -> None:
    """The chosen row: move it, delete it, and its date, time and place through plain widgets."""
    ss = st.session_state
    options = list(range(len(rows)))
    if ss.get("draft_row") not in options:
        ss.pop("draft_row", None)
    cols = st.columns([3, 1, 1, 1.3, 1.3], vertical_alignment="bottom")
    if options:
        titles = list(rows["title"])
        cols[0].selectbox(w("row", lang), options, key="draft_row",
                          format_func=lambda i: w("row_label", lang, n=i + 1, title=titles[i] or w("untitled", lang)))
    cols[1].button(w("move_up", lang), on_click=move, args=(-1,), key="draft_up", disabled=not options)
    cols[2].button(w("move_down", lang), on_click=move, args=(1,), key="draft_down", disabled=not options)
    cols[3].button(w("delete_row", lang), on_click=delete, key="draft_delete", disabled=not options)
    cols[4].button(w("add_row", lang), on_click=add, key="draft_add")
    if not options:
        return
    index = ss.get("draft_row") or 0
    row = rows.iloc[index]
    version = ss.draft_version
    form = st.columns([1.2, 1.2, 0.8, 2.2, 2.6])
    fields = [("date", form[0], st.date_input, {"value": row["date"], "format": "YYYY/MM/DD"}),
              ("end", form[1], st.date_input, {"value": row["end"], "format": "YYYY/MM/DD"}),
              ("time", form[2], st.text_input, {"value": row["time"], "placeholder": "HH:MM"}),
              ("place", form[3], st.text_input, {"value": row["place"], "help": w("coordinates_help", lang)}),
              ("title", form[4], st.text_input, {"value": row["title"]})]
    for name, place, widget, options_ in fields:
        key = f"draft_form_{name}_{version}_{index}"
        with place:
            widget(column(name, lang), key=key, on_change=set_cell, args=(index, name, key), **options_)
    precision = place_precision(row["place"], gazetteer)
    if row["place"]:
        st.caption(f"{column('precision', lang)}: {_precision_text(precision, lang) or w('unknown', lang)}")


def suggestions_part(lang: str, sentences: list, rows: pd.DataFrame, gazetteer: Gazetteer) -> None:
    """The places a chosen sentence names (offline; online only when allowed), on a small map, each a button."""
    ss = st.session_state
    st.markdown(f"**{escape_markdown(w('suggestions', lang))}**")
    if not sentences:
        st.caption(w("no_article", lang))
        return
    numbers = [s.number for s in sentences]
    used = {n for cell in rows["sentences"] for n in sentence_numbers(cell)}
    if ss.get("draft_sentence") not in numbers:
        ss.draft_sentence = next((n for n in numbers if n not in used), numbers[0])
    texts = {s.number: s.text for s in sentences}
    left, right = st.columns([3, 2])
    left.selectbox(w("choose_sentence", lang), numbers, key="draft_sentence",
                   format_func=lambda n: f"{n}. {_short(texts[n])}")
    targets = ["new", *range(len(rows))]
    if ss.get("draft_target") not in targets:
        ss.draft_target = "new"
    titles = list(rows["title"])
    right.selectbox(w("use_for", lang), targets, key="draft_target",
                    format_func=lambda i: w("new_row", lang) if i == "new" else
                    w("row_label", lang, n=i + 1, title=titles[i] or w("untitled", lang)))
    online = None
    if st.checkbox(w("allow_online", lang), key="draft_online"):
        online = _online_geocoder()
    number = ss.draft_sentence
    st.markdown(f"> {escape_markdown(texts[number])}")
    found = place_suggestions(texts[number], gazetteer, online=online)
    if not found:
        st.caption(w("no_places", lang))
        return
    st.caption(w("found_places", lang))
    buttons = st.columns(min(len(found), 4))
    for k, place in enumerate(found):
        label = f"{place.words} ({_precision_text(place.precision, lang)})"
        buttons[k % len(buttons)].button(label, key=f"draft_use_{number}_{k}", on_click=use_place,
                                         args=(number, place.name, place.words), icon=":material/add_location:")
    from webapp.import_view import dot_map  # the import page's offline dot map (vega-lite, no tiles)

    st.altair_chart(dot_map([{"lon": p.lon, "lat": p.lat, "title": p.words} for p in found]).properties(height=200),
                    width="stretch")


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _online_geocoder() -> Any:
    ss = st.session_state
    if "draft_geocoder" not in ss:
        from geo.places.online_geocoder import OnlineGeocoder

        ss.draft_geocoder = OnlineGeocoder()  # memory cache only: nothing written on the server
    return ss.draft_geocoder.resolve


def built_story(rows: pd.DataFrame, gazetteer: Gazetteer) -> Built:
    """The story the rows make, or the problems; never an exception for the author's mistakes."""
    ss = st.session_state
    try:
        return build_story(rows, title=ss.draft_title, article=ss.draft_article, language=ss.draft_language,
                           layers=ss.draft_layers, gazetteer=gazetteer, translations=ss.draft_translations)
    except StoryError as exc:  # a problem outside the rows
        from geo.story.draft import RowProblem

        return Built(None, [RowProblem(None, None, p.message) for p in exc.problems])


def preview_story(built: Built) -> Any:
    """The built story geocoded (a ShownStory), made once per version of the story."""
    from geo.story.yaml_writer import story_yaml_text
    from webapp.story_cache import geocoded

    ss = st.session_state
    if built.loaded is None:
        return None
    text = story_yaml_text(built.loaded.story) + "\n" + (built.loaded.article or "")
    held = ss.get("draft_preview")
    if held is not None and held[0] == text:
        return held[1]
    try:
        shown = geocoded(built.loaded)
    except StoryError as exc:
        st.error("\n".join(escape_markdown(p.message) for p in exc.problems))
        return None
    ss.draft_preview = (text, shown)
    return shown


def preview_part(lang: str, shown: Any) -> None:
    """The story's map (the main page's map component) with its day slider."""
    from geo.timeline.days import MODES, day_label
    from webapp.story_map import draw_story_map

    ss = st.session_state
    st.subheader(w("step_preview", lang))
    if shown is None or not shown.days:
        st.info(w("preview_wait", lang))
        return
    story, events, days = shown.loaded.story, shown.events, shown.days
    st.caption(w("preview_count", lang, n=len(events), days=len(days)))
    if ss.get("draft_day") not in days:
        ss.draft_day = days[0]
    if len(days) > 1:
        st.select_slider(t("day", lang), options=days, key="draft_day", format_func=lambda d: day_label(d, days, lang))
    draw_story_map(shown, f"draft-map-{shown.token}-{lang}", lang, day=ss.draft_day, mode=MODES[0],
                   layers=[layer.id for layer in story.layers], height=380)


def problems_part(lang: str, built: Built) -> None:
    """Every problem, by row or sentence, in the reader's language where the editor words it."""
    blocking = [p for p in built.problems if p.blocking]
    notes = [p for p in built.problems if not p.blocking]
    if not built.problems:
        st.success(w("no_problems", lang))
    for title, items, show in ((w("problems", lang), blocking, st.error), (w("notes", lang), notes, st.warning)):
        if items:
            lines = [f"- **{escape_markdown(_where(p, lang))}** · {escape_markdown(_what(p, lang))}" for p in items[:40]]
            if len(items) > 40:
                lines.append(f"- … (+{len(items) - 40})")
            show(f"**{escape_markdown(title)}**\n\n" + "\n".join(lines))


def _where(problem: Any, lang: str) -> str:
    if problem.row:
        where = w("where_row", lang, row=problem.row)
        return f"{where} · {column(problem.column, lang)}" if problem.column in COLUMNS else where
    if problem.sentence:
        return w("where_sentence", lang, n=problem.sentence)
    return w("where_story", lang)


def _what(problem: Any, lang: str) -> str:
    if problem.code == "no_sentence":
        numbers = [int(s) for s in problem.message.split() if s.isdigit()]
        return w("no_sentence", lang, n=numbers[-1] if numbers else "?")
    return w(problem.code, lang) if problem.code else problem.message


def keep_part(lang: str, built: Built, shown: Any) -> None:
    """Downloads (YAML, offline HTML, CSV, the article) and "show on the map" for this session."""
    from geo.render.export import csv_text
    from geo.render.standalone import standalone_html
    from geo.story.yaml_writer import story_yaml_text

    ss = st.session_state
    st.subheader(w("step_keep", lang))
    st.caption(w("keep_note", lang))
    ready = built.loaded is not None and shown is not None
    name = (built.loaded.story.story.id if ready else None) or "story"
    row = st.container(horizontal=True, gap="small")  # each button as wide as its words; the row wraps
    row.download_button(w("download_yaml", lang), story_yaml_text(built.loaded.story) if ready else "",
                        file_name=f"{name}.yaml", mime="application/x-yaml", disabled=not ready,
                        key="draft_download_yaml", help=w("download_help", lang), icon=":material/download:")
    row.download_button(w("download_html", lang), (lambda: _html(shown, lang, standalone_html)) if ready else "",
                        file_name=f"{name}.html", mime="text/html", disabled=not ready, key="draft_download_html", help=w("download_help", lang),
                        icon=":material/download:")
    row.download_button(w("download_csv", lang), (lambda: csv_text(shown.events)) if ready else "",
                        file_name=f"{name}.csv", mime="text/csv", disabled=not ready, key="draft_download_csv", help=w("download_help", lang),
                        icon=":material/download:")
    row.download_button(w("download_article", lang), ss.draft_article, file_name=f"{name}.{ss.draft_language}.txt",
                        mime="text/plain", disabled=not ss.draft_article.strip(), key="draft_download_article", help=w("download_help", lang),
                        icon=":material/download:")
    row.button(t("show_on_map", lang), on_click=show_on_map, args=(shown,), disabled=not ready, type="primary",
               key="draft_show", icon=":material/map:")


def _html(shown: Any, lang: str, standalone_html: Any) -> str:
    return standalone_html(shown.loaded, shown.events, lang=lang)


def show_on_map(shown: Any) -> None:
    """Button callback: the draft becomes the session's story on the map page (as an upload would)."""
    from webapp.session import forget_view
    from webapp.story_cache import UPLOAD_KEY

    ss = st.session_state
    forget_view()
    ss.uploaded, ss.story_key, ss.pending_page = shown, UPLOAD_KEY, "map"


# --- kept in the browser ----------------------------------------------------------------

def draft_json(rows: pd.DataFrame) -> str | None:
    """The draft as the browser keeps it (None when there is nothing to keep)."""
    ss = st.session_state
    if rows.empty and not ss.draft_article.strip():
        return None
    records = [{c: (v.isoformat() if hasattr(v, "isoformat") else v) for c, v in r.items()}
               for r in rows.to_dict("records")]
    return json.dumps({"title": ss.draft_title, "article": ss.draft_article, "language": ss.draft_language,
                       "layers": ss.draft_layers, "translations": ss.draft_translations, "rows": records},
                      ensure_ascii=False)


def draft_from_json(text: Any) -> Draft | None:
    """A draft the browser kept (untrusted: anything not as written is ignored)."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        return None
    rows = [{c: r.get(c) if isinstance(r.get(c), str) else None for c in COLUMNS}
            for r in data["rows"] if isinstance(r, dict)]
    layers = [layer for layer in data.get("layers") or [] if isinstance(layer, dict)
              and all(isinstance(layer.get(k), str) for k in ("id", "name", "color"))]
    text_of = lambda key: data.get(key) if isinstance(data.get(key), str) else ""  # noqa: E731
    kept = data.get("translations") if isinstance(data.get("translations"), dict) else {}
    translations = {key: {"vi": both["vi"], "en": both["en"]} for key, both in kept.items()
                    if isinstance(key, str) and isinstance(both, dict)
                    and all(isinstance(both.get(k), str) and both[k] for k in ("vi", "en"))}
    return Draft(text_of("title"), text_of("article"), "en" if data.get("language") == "en" else "vi",
                 [{k: layer[k] for k in ("id", "name", "color", "icon") if isinstance(layer.get(k), str)}
                  for layer in layers],
                 normalized_rows(pd.DataFrame(rows, columns=list(COLUMNS))), translations)


def _kept() -> None:
    value = (st.session_state.get("draft-keeper") or {}).get("kept")
    draft = draft_from_json(value)
    if draft is not None and (len(draft.rows) or draft.article.strip()):
        st.session_state.draft_offer = draft


def keeper(rows: pd.DataFrame) -> None:
    """Save the draft in the browser; in a new session with nothing written yet, ask for a kept one."""
    ss = st.session_state
    saved = draft_json(rows)
    fresh = saved is None and not ss.get("draft_asked")
    ss.draft_asked = True
    _keeper(key="draft-keeper", data={"save": saved, "clear": bool(ss.pop("draft_clear", False)), "ask": fresh},
            on_kept_change=_kept, height=0)


def restore_offer(lang: str) -> None:
    """The draft this browser kept, offered back (after a reload or an accidental close)."""
    ss = st.session_state
    offer = ss.get("draft_offer")
    if offer is None:
        return
    with st.container(border=True):
        st.info(w("restore", lang, n=len(offer.rows), title=offer.title or w("untitled", lang)))
        left, right = st.columns(2)
        left.button(w("restore_yes", lang), on_click=open_draft, args=(offer,), type="primary", key="draft_restore")
        right.button(w("restore_no", lang), on_click=_discard, key="draft_discard")


def _discard() -> None:
    st.session_state.pop("draft_offer", None)
    st.session_state.draft_clear = True
