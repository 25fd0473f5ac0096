"""The *Your story* page's import step (webapp/import_view.py), run headless: the columns' roles
preset and changeable, the dates' order asked, a preview, and the rows off the map."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from geo.story.import_file import read_file
    from webapp.import_view import make_story

    name = st.session_state.get("sample", "windows1252_ranges.csv")
    raw = st.session_state.get("raw") or (__import__("pathlib").Path("tests/import_samples") / name).read_bytes()
    made = make_story(read_file(name, raw, max_bytes=10**7).records, name, st.session_state.get("lang", "en"))
    st.session_state["events"] = [] if made is None else [e.title.en for e in made[0].loaded.story.events]


def _app(sample: str, lang: str = "en") -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["sample"], at.session_state["lang"] = sample, lang
    return at.run()


def test_roles_are_preset_and_the_rows_off_the_map_listed():
    at = _app("windows1252_ranges.csv")
    assert not at.exception
    boxes = {box.label: box.value for box in at.selectbox}
    assert boxes["Title"] == "Event" and boxes["Date"] == "When" and boxes["Place (a name)"] == "Location"
    assert boxes["Latitude"] is None
    assert at.session_state["events"] == ["Potsdam Conference", "Talks in Nagato and Tokyo", "Yalta Conference", "Battle of Okinawa"]
    tables = " ".join(str(t.value) for t in at.table)
    assert "The war in Europe" in tables and "not known offline" in tables
    assert any("Not on the map (1)" in h.value for h in at.subheader)


def test_changing_a_role_makes_the_story_again():
    at = _app("windows1252_ranges.csv")
    before = len(at.session_state["events"])
    at.selectbox(key="role-place-windows1252_ranges.csv").select_index(0).run()  # "— none —"
    assert at.session_state["events"] == [] and at.error  # no place any more: said, not a traceback
    assert "no row can be put on the map" in at.code[0].value
    at.selectbox(key="role-place-windows1252_ranges.csv").set_value("Location").run()
    assert len(at.session_state["events"]) == before


def test_an_ambiguous_day_month_order_is_asked_in_vietnamese():
    at = _app("ambiguous_vi.csv", "vi")
    assert at.session_state["events"] == []
    assert any("hai cách" in warning.value for warning in at.warning)
    at.radio(key="order-ambiguous_vi.csv").set_value("day").run()
    assert len(at.session_state["events"]) == 3 and not at.error


def test_a_storymap_slide_date_without_a_year_asks_for_the_year():
    at = _app("knightlab/storymap_nagato.json")
    assert at.session_state["events"] == [] and "has no year" in at.code[0].value
    at.number_input(key="year-knightlab/storymap_nagato.json").set_value(2016).run()
    assert len(at.session_state["events"]) == 3 and not at.error
    assert at.number_input(key="year-knightlab/storymap_nagato.json").value == 2016
    at.radio(key="order-knightlab/storymap_nagato.json").set_value("day").run()  # another rerun keeps the year
    assert len(at.session_state["events"]) == 3


def test_rows_without_a_date_are_named_as_shown_every_day():
    """A placemark with no date is on the map every day, as background: the page says which."""
    at = _app("gis/kml_mymaps_vi.kml", "vi")
    assert not at.exception and at.session_state["events"]
    assert any("1 dòng không có ngày nên hiện trên bản đồ mọi ngày" in i.value and "Đảo Etorofu" in i.value
               for i in at.info)


def test_a_file_with_no_date_at_all_is_warned_of():
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["sample"], at.session_state["lang"] = "places.csv", "en"
    at.session_state["raw"] = b"title,lat,lon\nNagato,34.37,131.18\nTokyo,35.68,139.69\n"
    at.run()
    assert len(at.session_state["events"]) == 2
    assert any("No row has a date" in warning.value for warning in at.warning) and not at.info


def test_place_columns_read_together_can_be_read_alone():
    """A town column and its country's are one place ("Paris, United States": the town known only in
    France keeps its dot, with a note to check it); unticked, the town is read alone, without the note."""
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["sample"], at.session_state["lang"] = "towns.csv", "en"
    at.session_state["raw"] = (b"date,title,city,country\n2016-12-18,Paris visit,Paris,France\n"
                               b"2016-12-19,Texas,Paris,United States\n")
    at.run()
    box = at.checkbox(key="parts-towns.csv")
    assert box.value and box.label == "Read the place columns together: city, country"
    assert at.session_state["events"] == ["Paris visit", "Texas"]
    assert any("'Paris' was found in France, not in 'United States'" in c.value for c in at.caption)
    box.uncheck().run()
    assert len(at.session_state["events"]) == 2 and not at.error
    assert not any("was found in" in c.value for c in at.caption)
    assert any("not used\\: 'country'" in c.value for c in at.caption)  # escaped for Markdown
