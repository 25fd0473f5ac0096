"""The app shell through Streamlit's AppTest: widgets, state, deep links, and what the map receives."""

from __future__ import annotations

import re

import datetime as dt

import pytest

from tests.app.conftest import map_view_data

DAY1, DAY2 = dt.date(2016, 12, 15), dt.date(2016, 12, 16)
ALL_LAYERS = ["talks", "agreements", "islands", "joint-activity", "context"]


def heading(at) -> str:
    """The story's title as the page shows it (st.title or st.header)."""
    found = [e.value for e in (*at.title, *at.header)]
    assert found, "the page shows the story's title"
    return found[0]


def rendered(markdown: str) -> str:
    """Markdown source as a reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


# --- first run --------------------------------------------------------------------------------


def test_first_run_has_no_exception(make_app):
    at = make_app()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_a_sessions_first_view_sends_the_map_before_any_control(make_app, features):
    at = make_app(first_view_drawn=False, query={"lang": "en", "mode": "cumulative", "day": "2016-12-16"})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.sidebar.radio and not at.sidebar.selectbox and not at.sidebar.toggle
    assert not at.select_slider and not at.button and not at.radio  # the day's controls and list follow
    assert not at.get("iframe")  # and the clicker's keys
    assert features(at)  # the map shows the link's day: day 2, every event so far
    assert map_view_data(at)["report_drawn"] is True  # the map says when it has drawn this view

    at.session_state["map_drawn"] = True  # what the driver's "drawn" trigger sets (map_page.map_drawn)
    at.run()
    assert at.radio(key="lang").value == "en" and at.radio(key="mode").value == "cumulative"
    assert at.select_slider(key="day").value == DAY2 and at.button(key="next").disabled
    assert at.radio(key="event") is not None and at.get("iframe")
    assert map_view_data(at)["report_drawn"] is False


def test_title_is_vietnamese_by_default(make_app):
    at = make_app()
    assert rendered(heading(at)) == "Putin và Abe: từ Nagato đến Tokyo (15–16/12/2016)"
    assert at.radio(key="lang").value == "vi"


def test_day_slider_has_the_two_days_with_vietnamese_labels(make_app):
    at = make_app()
    slider = at.select_slider(key="day")
    assert slider.options == ["15/12/2016 · Ngày 1", "16/12/2016 · Ngày 2"]
    assert slider.value == DAY1


def test_default_state_and_buttons(make_app):
    at = make_app()
    assert at.radio(key="mode").value == "day"
    assert at.get("pills")[0].value == ALL_LAYERS
    assert at.button(key="prev").label == "◀ Ngày trước"
    assert at.button(key="next").label == "Ngày sau ▶"
    assert at.button(key="prev").disabled  # nothing before the first day
    assert not at.button(key="next").disabled


# --- stepping, language, mode ------------------------------------------------------------------


def test_next_and_previous_step_the_day(make_app):
    at = make_app()
    at.button(key="next").click().run()
    assert not at.exception
    assert at.select_slider(key="day").value == DAY2
    assert at.button(key="next").disabled  # last day
    assert not at.button(key="prev").disabled
    at.button(key="prev").click().run()
    assert at.select_slider(key="day").value == DAY1


def test_slider_moves_the_day(make_app):
    at = make_app()
    at.select_slider(key="day").set_value(DAY2).run()
    assert not at.exception
    assert _query(at)["day"] == "2016-12-16"


def test_language_switch_to_english(make_app):
    at = make_app()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert rendered(heading(at)) == "Putin and Abe: from Nagato to Tokyo (15–16 December 2016)"
    assert at.select_slider(key="day").options == ["15 Dec 2016 · Day 1", "16 Dec 2016 · Day 2"]
    assert at.button(key="prev").label == "◀ Previous"
    assert at.button(key="next").label == "Next ▶"
    assert at.button(key="play").label == "▶ Play"
    assert at.radio(key="mode").options == ["This day only", "Up to this day"]
    assert at.get("pills")[0].options[0] == "The talks"


def test_language_switch_keeps_the_day(make_app):
    at = make_app()
    at.button(key="next").click().run()
    at.radio(key="lang").set_value("en").run()
    assert at.select_slider(key="day").value == DAY2


def test_mode_radio(make_app):
    at = make_app()
    mode = at.radio(key="mode")
    assert mode.options == ["Chỉ ngày này", "Đến ngày này"]
    assert [h.value for h in at.subheader] == ["Sự kiện trong ngày"]
    mode.set_value("cumulative").run()
    assert not at.exception
    assert at.radio(key="mode").value == "cumulative"
    assert [h.value for h in at.subheader] == ["Sự kiện đến ngày này"]  # the list holds earlier days' events too
    at.radio(key="mode").set_value("day").run()
    assert at.radio(key="mode").value == "day"


# --- deep links --------------------------------------------------------------------------------


def _query(at) -> dict[str, str]:
    """The page's query parameters after the run (the deep link the browser shows)."""
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}


def test_deep_link_in_restores_the_view(make_app):
    at = make_app(query={"day": "2016-12-16", "lang": "en", "mode": "cumulative",
                         "layers": "talks,islands", "event": "talks-continue-kantei"})
    assert not at.exception
    assert at.select_slider(key="day").value == DAY2
    assert at.radio(key="lang").value == "en"
    assert at.radio(key="mode").value == "cumulative"
    assert at.get("pills")[0].value == ["talks", "islands"]
    assert at.radio(key="event").value == "talks-continue-kantei"
    assert heading(at).startswith("Putin and Abe")


def test_deep_link_with_bad_values_still_opens(make_app):
    at = make_app(query={"day": "2016-12-20", "lang": "xx", "mode": "weekly", "layers": "talks,nope",
                         "event": "no-such-event"})
    assert not at.exception
    assert at.select_slider(key="day").value == DAY2  # nearest story day
    assert at.radio(key="lang").value == "vi"
    assert at.radio(key="mode").value == "day"
    assert at.get("pills")[0].value == ["talks"]
    assert at.toast, "ignored parts of the link are reported"
    q = _query(at)
    assert q["day"] == "2016-12-16" and q["lang"] == "vi" and q["mode"] == "day"
    assert "event" not in q


def test_deep_link_to_an_event_of_another_day_opens_its_day(make_app):
    """The event's details beside another day's map would contradict each other: its day wins."""
    at = make_app(query={"day": "2016-12-16", "layers": "agreements", "event": "talks-one-on-one-nagato"})
    assert not at.exception
    assert at.select_slider(key="day").value == DAY1
    assert at.get("pills")[0].value == ["talks", "agreements"]
    assert at.radio(key="event").value == "talks-one-on-one-nagato"
    assert any("showing 2016-12-15" in rendered(toast.value) for toast in at.toast), [t.value for t in at.toast]
    assert _query(at)["day"] == "2016-12-15"


def test_search_opens_the_event_as_a_link_would(make_app):
    """The search box and a deep link share one rule (geo.timeline.view_state.showing_the_event)."""
    at = make_app()
    at.get("pills")[0].set_value(["talks"]).run()
    at.selectbox(key="search").set_value("easier-visas").run()
    assert not at.exception
    assert at.select_slider(key="day").value == DAY2
    assert at.get("pills")[0].value == ["talks", "agreements"]
    assert at.radio(key="event").value == "easier-visas"
    at.button(key="prev").click().run()
    at.selectbox(key="search").set_value("island-kunashir").run()  # undated: shown on this day too
    assert at.select_slider(key="day").value == DAY1
    assert at.get("pills")[0].value == ["talks", "agreements", "islands"]


def test_deep_link_out_follows_the_widgets(make_app):
    at = make_app()
    assert _query(at) == {"day": "2016-12-15", "lang": "vi", "mode": "day"}
    at.button(key="next").click().run()
    at.radio(key="lang").set_value("en").run()
    at.radio(key="mode").set_value("cumulative").run()
    assert _query(at) == {"day": "2016-12-16", "lang": "en", "mode": "cumulative"}
    at.get("pills")[0].unselect("islands").run()
    assert _query(at)["layers"] == "talks,agreements,joint-activity,context"
    at.radio(key="event").set_value("talks-continue-kantei").run()
    assert _query(at)["event"] == "talks-continue-kantei"
    at.button(key="prev").click().run()  # a new day forgets the event
    q = _query(at)
    assert q["day"] == "2016-12-15" and "event" not in q
    assert q["layers"] == "talks,agreements,joint-activity,context"


def test_all_layers_reselected_drop_the_layers_parameter(make_app):
    at = make_app(query={"layers": "talks"})
    assert _query(at)["layers"] == "talks"
    pills = at.get("pills")[0]
    pills.set_value(ALL_LAYERS).run()
    assert "layers" not in _query(at)


# --- what the map component receives -----------------------------------------------------------


def map_view(at):
    return map_view_data(at)


def test_map_component_is_streamlit_folium_with_offline_assets(make_app, component_args):
    at = make_app()
    args = component_args(at)
    assert "StoryMap.bindView" in args["script"]
    links = args.get("js_links", []) + args.get("css_links", [])
    assert links, "the vendored assets are passed to the component"
    for link in links:
        assert not link.startswith(("http:", "https:", "//")), f"asset from the network: {link}"


def test_day_one_events_on_the_map(make_app, features):
    at = make_app()
    shown = features(at)
    assert "talks-begin-nagato" in shown
    assert "talks-continue-kantei" not in shown
    assert "move-nagato-tokyo" not in shown
    assert shown["talks-begin-nagato"]["status"] == "new"
    assert shown["island-iturup"]["status"] == "background"


def test_day_two_events_on_the_map(make_app, features):
    at = make_app()
    at.button(key="next").click().run()
    shown = features(at)
    assert "talks-continue-kantei" in shown
    assert "move-nagato-tokyo" in shown
    assert "talks-begin-nagato" not in shown
    assert "island-iturup" in shown


def test_cumulative_mode_keeps_earlier_events_muted(make_app, features):
    at = make_app(query={"day": "2016-12-16", "mode": "cumulative"})
    shown = features(at)
    assert shown["talks-begin-nagato"]["status"] == "earlier"
    assert shown["talks-continue-kantei"]["status"] == "new"
    assert shown["island-iturup"]["status"] == "background"


def test_feature_texts_follow_the_language(make_app, features):
    at = make_app()
    assert features(at)["talks-begin-nagato"]["title"] == "Hội đàm bắt đầu tại Otani Sanso, Nagato"
    at.radio(key="lang").set_value("en").run()
    assert features(at)["talks-begin-nagato"]["title"] == "Talks begin at Otani Sanso, Nagato"


@pytest.mark.parametrize("layer", ["islands", "talks"])
def test_deselecting_a_layer_removes_its_events(make_app, features, layer):
    at = make_app()
    before = features(at)
    assert any(p["layer"] == layer for p in before.values())
    at.get("pills")[0].unselect(layer).run()
    assert not at.exception
    after = features(at)
    assert after, "the other layers are still drawn"
    assert not any(p["layer"] == layer for p in after.values())
    assert {i for i, p in before.items() if p["layer"] != layer} == set(after)


def test_no_layers_selected_shows_an_empty_map_and_a_note(make_app, features):
    at = make_app()
    at.get("pills")[0].set_value([]).run()
    assert not at.exception
    assert features(at) == {}
    assert at.info, "the events column says there is nothing to show"


def test_choosing_an_event_marks_it_selected_and_focuses_it(make_app, features, component_args):
    at = make_app()
    at.radio(key="event").set_value("talks-begin-nagato").run()
    assert not at.exception
    shown = features(at)
    assert shown["talks-begin-nagato"]["selected"] is True
    assert not any(p["selected"] for i, p in shown.items() if i != "talks-begin-nagato")
    assert map_view(at)["view"]["focus"]["event"] == "talks-begin-nagato"
    assert any("Hội đàm bắt đầu tại Otani Sanso" in m.value for m in at.markdown)


def test_a_day_step_sends_the_same_map_and_only_the_view(make_app, component_args):
    """The map is built from story and language only: Streamlit sends it once (then a reference)."""
    at = make_app()
    first = component_args(at)
    sent_first = map_view(at)
    assert len(sent_first["features"]) == 29, "a small story travels whole with the first view"
    at.button(key="next").click().run()
    assert component_args(at) == first
    step = map_view(at)
    assert step["key"] == sent_first["key"]
    assert step["features"] == {}, "nothing the page already holds is sent again"
    assert step["view"]["focus"]["day"] == "2016-12-16"
    assert {"talks-continue-kantei", "island-iturup"} <= {i for i, _ in step["view"]["items"]}


# --- another story -----------------------------------------------------------------------------


def test_timeline_story_env_var_selects_the_story(make_app, features):
    at = make_app(story="tests/data/mini/story.yaml")
    assert not at.exception
    assert rendered(heading(at)) == "Câu chuyện nhỏ"
    assert len(at.select_slider(key="day").options) == 3  # a span runs 15-17 December
    assert "meet-nagato" in features(at)


def test_hostile_story_texts_are_escaped_in_streamlit_markdown(make_app, features):
    at = make_app(story="tests/data/xss/story.yaml")
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="event").set_value("meet-nagato").run()
    assert not at.exception
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    detail = "\n".join(texts)
    assert "XSS" in detail or "Gặp" in detail
    # Escaped for Markdown: no raw HTML tag or live link survives in what Streamlit renders.
    assert "<img" not in detail.replace("\\<img", "")
    assert "<script" not in detail.replace("\\<script", "")
    assert "](javascript:" not in detail
    # The map gets the texts as data (JSON), never as markup.
    assert "<img" in features(at)["meet-nagato"]["title"]


def test_hostile_story_texts_are_escaped_in_widget_labels(make_app):
    """The story's title, layer names and event titles reach Streamlit's Markdown escaped too.

    Streamlit renders headings, radio options and pills as Markdown: an unescaped
    ``[xss-link](javascript:...)`` becomes a link (Streamlit neutralises the address, but the
    story's text is no longer shown as written).
    """
    at = make_app(story="tests/data/xss/story.yaml", query={"lang": "en"})
    assert not at.exception
    raw = "[xss-link](javascript:window.__pwned=1)"
    shown = {
        "heading (en)": heading(at),
        "layer pills (vi)": None,
        "event list (vi)": None,
    }
    at.radio(key="lang").set_value("vi").run()
    shown["layer pills (vi)"] = " | ".join(at.get("pills")[0].options)
    shown["event list (vi)"] = " | ".join(at.radio(key="event").options)
    unescaped = {where: text for where, text in shown.items() if raw in text}
    assert unescaped == {}, f"story text passed to Markdown unescaped: {unescaped}"
