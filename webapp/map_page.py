"""The map page: a day-by-day timeline of the story on an offline folium map.

A thin shell: widgets and the URL in, geo/ computes, st_folium draws. ``app.py`` runs it as
the default page.
"""

from __future__ import annotations

import time

import streamlit as st

from geo.render.i18n import LANG_NAMES, t
from geo.render.map_data import event_date_text, format_fact
from geo.render.escaping import escape_html, escape_markdown
from geo.timeline.step_targets import Target, button_targets, day_target, step_target
from geo.timeline.days import MODES, day_label, select
from geo.timeline.view_state import ViewState, parse_query, showing_the_event, to_query
from webapp.presenter import clicker_keys, use_app_style, use_map_style, use_presenter_style
from webapp.session import forget_view, keep_view_state
from webapp.story_cache import DEFAULT_KEY, UPLOAD_KEY, available_stories, current_story_key, shown_story
from webapp.story_map import MAP_HEIGHT, draw_story_map, page_map_key

use_app_style()
shown = shown_story()
story, events = shown.loaded.story, shown.events
st.set_page_config(page_title=f"{story.story.title.get(st.session_state.get('lang', 'vi'))} · "
                              f"{t('app_title', st.session_state.get('lang', 'vi'))}")
days = shown.days  # the tour's steps (shown.steps) are worked out only when asked for
layer_ids = [layer.id for layer in story.layers]
ss = st.session_state

# --- state: from the URL once per session, then from the widgets -------------------------
keep_view_state()
link = st.query_params.to_dict() if not ss.get("url_read") else {}
first = showing_the_event(parse_query(link, days=days, layers=layer_ids, events=list(events["id"]),
                                      default_lang=ss.get("lang") or story.story.default_language), events, layer_ids)
defaults = dict(day=first.day, lang=first.lang, mode=first.mode, layers=list(first.layers), event=first.event,
                present=first.present, step=None, playing=False, speed=3.0, last_step=0.0)
for key, value in defaults.items():
    ss.setdefault(key, value)


def show_target(target: Target) -> None:
    ss.day, ss.event, ss.step = target.day, target.event, target.step


if first.step is not None and shown.steps:
    show_target(step_target(shown.steps, first.step))
if not ss.get("url_read"):
    ss.url_read = True
    for note in first.notes:
        st.toast(escape_markdown(note))  # notes repeat the link's own (untrusted) values

lang = ss.lang


def step_day(offset: int) -> None:
    """Move the day by ``offset`` (clamped), forgetting an event that is no longer shown."""
    show_target(day_target(days, ss.day, offset))


def go_to_step(number: int) -> None:
    """Show tour step ``number`` (clamped): its day and its event."""
    show_target(step_target(shown.steps, number))


def toggle_play() -> None:
    ss.playing = not ss.playing
    ss.last_step = time.monotonic()
    ss.rerun_app = True
    if ss.playing and ss.day == days[-1]:
        ss.day, ss.event = days[0], None


def exit_presenter() -> None:
    ss.present = False
    ss.rerun_app = True  # the sidebar and title come back


def switch_story() -> None:
    """Another story: forget the view of the previous one (its days, layers and events)."""
    forget_view()


def forget_step() -> None:
    ss.event, ss.step = None, None


SEARCH_LIST_LIMIT = 1000
EVENT_LIST_LIMIT = 50  # a longer radio costs the browser ~300 ms a step (10k benchmark); Chronology lists all


def open_found() -> None:
    """Show the event chosen in the search box, as a link to it would (its day if the current view
    does not show it, its layer on)."""
    event_id, ss.search = ss.get("search"), None
    if event_id:
        view = showing_the_event(ViewState(ss.day, mode=ss.mode, layers=tuple(ss.layers), event=event_id),
                                 events, layer_ids)
        ss.day, ss.event, ss.step, ss.layers = view.day, event_id, None, list(view.layers)


def map_drawn() -> None:
    """The first view's map is drawn: the next run adds the sidebar's controls."""
    if not ss.get("map_drawn"):
        ss.map_drawn, ss.rerun_app = True, True


# --- sidebar: language, mode, layers ------------------------------------------------------
# A session's first view is the map alone: the browser loads the code of every control a run shows
# and lays them out before it builds the map's frame (the map frame was asked for ~0.2 s later with
# the day's controls and list beside it, ~0.25 s later with the sidebar's, in the browser's own
# timeline). The sidebar's controls, the day's controls and list and the clicker's keys come once the
# map reports its first view drawn (webapp/map_driver.py), which also waits at most 4 s; the places
# of the day's controls and list are held meanwhile (webapp.presenter.MAP_CSS), so nothing moves.
# Their state is the session's from the first (the defaults above, or a link's).
def sidebar_controls() -> None:
    st.radio(t("language", lang), ["vi", "en"], key="lang", format_func=LANG_NAMES.get, horizontal=True)
    story_keys = list(available_stories()) + ([UPLOAD_KEY] if ss.get("uploaded") is not None else [])
    if len(story_keys) > 1:
        ss.setdefault("story_key", current_story_key())
        st.selectbox(t("story", lang), story_keys, key="story_key", on_change=switch_story,
                     format_func=lambda k: t("shipped_story", lang) if k == DEFAULT_KEY else
                     t("uploaded_story", lang) if k == UPLOAD_KEY else k)
    if len(events) <= SEARCH_LIST_LIMIT:  # a searchable list: type to filter, Enter to open
        found = shown.search_labels(lang)
        st.selectbox(t("find", lang), list(found), key="search", index=None, format_func=found.get,
                     placeholder=t("find_placeholder", lang), on_change=open_found)
    else:  # a long story: sending every option on every rerun would cost more than the map
        query = st.text_input(t("find", lang), key="search_text", placeholder=t("find_placeholder", lang))
        needle = query.strip().casefold()
        if needle:
            found = shown.search_labels(lang)
            hits = [event_id for event_id, label in found.items() if needle in label.casefold()][:12]
            st.selectbox(t("find", lang), hits, key="search", index=None, on_change=open_found,
                         format_func=found.get, label_visibility="collapsed")
    st.toggle(t("presenter", lang), key="present")
    st.radio(t("mode", lang), list(MODES), key="mode", format_func=lambda m: t(f"mode_{m}", lang))
    st.pills(t("layers", lang), layer_ids, key="layers", selection_mode="multi",
             format_func=lambda i: escape_markdown(story.layer(i).name.get(lang)))  # pills render Markdown
    st.slider(t("speed", lang), 1.0, 10.0, key="speed", step=0.5)


with st.sidebar:
    if ss.get("map_drawn"):
        sidebar_controls()

first_view = not ss.get("map_drawn")
clicker_keys(ss.present, now=ss.present or not first_view)  # a presenter's clicker works from the first view
use_map_style(lang)
story_key = current_story_key()
if ss.present:
    use_presenter_style()
    if ss.step is None:
        go_to_step(1)
else:
    with st.container(key="page-title"):
        st.header(escape_markdown(story.story.title.get(lang)))


def presenter_controls() -> None:
    """The tour's step buttons and the caption of the current step (presenter mode)."""
    steps = shown.steps
    c = st.columns([0.7, 1.3, 3.2, 1.3, 0.7, 1.2], vertical_alignment="center")
    c[0].button("⏮", key="step_first", on_click=go_to_step, args=(1,), disabled=ss.step == 1,
                help=t("tour_first", lang))
    c[1].button(t("tour_prev", lang), key="step_prev", on_click=go_to_step, args=(ss.step - 1,),
                disabled=ss.step == 1, use_container_width=True)
    c[2].markdown(f"**{escape_markdown(t('tour_step', lang, n=ss.step, total=len(steps)))}** · "
                  f"{escape_markdown(day_label(ss.day, days, lang))}")
    c[3].button(t("tour_next", lang), key="step_next", on_click=go_to_step, args=(ss.step + 1,),
                disabled=ss.step == len(steps), use_container_width=True)
    c[4].button("⏭", key="step_last", on_click=go_to_step, args=(len(steps),), disabled=ss.step == len(steps),
                help=t("tour_last", lang))
    c[5].button(t("exit_presenter", lang), key="exit_present", on_click=exit_presenter, use_container_width=True)
    step_row = events[events["id"] == steps[ss.step - 1].event_id].iloc[0]
    summary = step_row[f"summary_{lang}"]
    st.html(f'<div class="sm-caption" role="status" aria-live="polite"><h2>{escape_html(step_row[f"title_{lang}"])}</h2>'
            + (f'<p>{escape_html(summary)}</p>' if isinstance(summary, str) else "") + "</div>")


def day_controls() -> None:
    """Previous, the day slider, Next, and Play/Pause."""
    prev_col, slider_col, next_col, play_col = st.columns([1.2, 6, 1.2, 1.2], vertical_alignment="bottom")
    prev_col.button(t("previous", lang), on_click=step_day, args=(-1,), disabled=ss.day == days[0],
                    use_container_width=True, key="prev")
    slider_col.select_slider(t("day", lang), options=days, key="day", format_func=lambda d: day_label(d, days, lang),
                             on_change=forget_step)
    next_col.button(t("next", lang), on_click=step_day, args=(1,), disabled=ss.day == days[-1],
                    use_container_width=True, key="next")
    play_col.button(t("pause" if ss.playing else "play", lang), on_click=toggle_play, use_container_width=True,
                    key="play")


def play_tick() -> None:
    """While playing, step to the next day every ``speed`` seconds; stop on the last day."""
    if not ss.playing or time.monotonic() - ss.last_step < ss.speed * 0.9:
        return
    ss.last_step = time.monotonic()
    if ss.day == days[-1]:
        ss.playing = False
        st.rerun(scope="app")  # to stop the timer
    step_day(1)


def layers_from_map(ids: list[str]) -> None:
    """The reader switched a layer in the map's own control: the sidebar's pills follow (a full run)."""
    chosen = [i for i in layer_ids if i in ids]
    if chosen != list(ss.layers):
        ss.layers, ss.rerun_app = chosen, True


def draw_map(view: ViewState, visible) -> None:
    """The map, drawn once per story, language and mode; then each view is handed to it."""
    key, height = page_map_key(story_key, shown, lang, view.present), MAP_HEIGHT[view.present]
    # The view, and where the step buttons lead: drawn at the click, before the server's answer.
    targets = button_targets(days, shown.steps if view.present else [], day=view.day, step=view.step,
                             present=view.present)
    with st.container(key="map-box"):  # says "loading the map" until the map covers it (webapp.presenter.MAP_CSS)
        draw_story_map(shown, key, lang, day=view.day, mode=view.mode, layers=list(view.layers), height=height,
                       selected=view.event, present=view.present, targets=targets, on_layers=layers_from_map,
                       visible=visible, on_drawn=None if ss.get("map_drawn") else map_drawn)


def day_events(visible) -> None:
    """The day's events as a list to choose from, and the chosen event's details (beside the map,
    both within its height: webapp.presenter.MAP_CSS)."""
    st.subheader(t("events_so_far" if ss.mode == "cumulative" else "events_of_day", lang))
    todays = visible[visible["status"].isin(["new", "active", "earlier"])].sort_values(
        ["start", "time", "order"], na_position="first")
    if ss.event:
        row = events[events["id"] == ss.event].iloc[0]
        with st.container(border=True, key="event-card"):
            st.markdown(f"**{escape_markdown(row[f'title_{lang}'])}**")
            when = event_date_text(row, lang) + (f" · {row['time']}" if isinstance(row["time"], str) else "")
            st.markdown(escape_markdown(when))
            st.markdown(escape_markdown(f"{t('place', lang)}: {row[f'place_{lang}']} ({t(row['precision'], lang)})"))
            if isinstance(row[f"summary_{lang}"], str):  # a summary and quotes are optional
                st.write(escape_markdown(row[f"summary_{lang}"]))
            if isinstance(row["quote_vi"], str):
                st.markdown(f"*{t('article_says', lang)}:* {escape_markdown(row['quote_vi'])}")
            if isinstance(row["quote_en"], str):
                st.markdown(f"*{t('translation', lang)}:* {escape_markdown(row['quote_en'])}")
            for fact in row["facts"]:
                st.markdown(escape_markdown(format_fact(fact, lang)))
    if todays.empty:
        st.info(t("no_events", lang))
        return
    if first_view:  # the list follows the map (see the sidebar's comment)
        return
    titles = dict(zip(todays["id"], todays[f"title_{lang}"]))
    if ss.event not in titles:
        ss.event = None
    if len(titles) > EVENT_LIST_LIMIT:  # the Chronology page lists them all
        st.markdown(t("list_capped", lang, n=EVENT_LIST_LIMIT, total=len(titles)))
        keep = list(titles)[:EVENT_LIST_LIMIT] + ([ss.event] if ss.event else [])
        titles = {event_id: titles[event_id] for event_id in dict.fromkeys(keep)}
    with st.container(key="event-list"):
        st.radio(t("choose_event", lang), list(titles), key="event", index=None,
                 format_func=lambda i: escape_markdown(titles[i]),  # radio options render Markdown
                 label_visibility="collapsed")


# A day step reruns only this fragment: the sidebar and the title are not sent again.
@st.fragment(run_every=ss.speed if ss.playing else None)
def story_view() -> None:
    if ss.pop("rerun_app", False):
        st.rerun(scope="app")  # Play/Pause changes the fragment's timer, set on a full run
    play_tick()
    if ss.present:
        presenter_controls()
    else:
        with st.container(key="day-controls"):  # its height is held in the first view (MAP_CSS)
            if first_view:
                st.markdown("&nbsp;")  # an empty container is not drawn; its height is the CSS's
            else:
                day_controls()
    view = ViewState(ss.day, lang, ss.mode, tuple(x for x in layer_ids if x in ss.layers), ss.event, ss.step,
                     ss.present, story=None if story_key in (DEFAULT_KEY, UPLOAD_KEY) else story_key)
    st.query_params.from_dict(to_query(view, layer_ids))
    visible = select(events, view.day, view.mode, list(view.layers))
    if view.present:
        draw_map(view, visible)
        return
    map_col, list_col = st.columns([3, 1.25])
    with map_col:
        draw_map(view, visible)
    with list_col, st.container(key="day-list"):
        day_events(visible)


story_view()
