"""The Write page (pages/5_Write.py, webapp/editor.py) run headless: rows added, edited, moved and
deleted; the places a sentence names offered and taken; the problems listed by row; the story made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Ông Abe gặp ông Putin ở Hà Nội. Sau đó hai ông bay tới Tokyo."


def _page(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/5_Write.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return at


def _rows(at: AppTest) -> list[dict]:
    return at.session_state["draft_rows"].to_dict("records")


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _with_article(lang: str = "vi") -> AppTest:
    at = _page(lang)
    at.text_input(key="draft_title").set_value("Hai thành phố").run()
    at.text_area(key="draft_article").set_value(ARTICLE).run()
    assert not at.exception
    return at


def test_a_sentence_naming_hanoi_and_then_tokyo_offers_each_place():
    at = _with_article()
    labels = [b.label for b in at.button]
    assert "Hà Nội (thành phố)" in labels and not any("Tokyo" in label for label in labels)
    at.selectbox(key="draft_sentence").set_value(2).run()
    assert "Tokyo (thành phố)" in [b.label for b in at.button]


def test_one_sentence_naming_both_offers_both(tmp_path):
    at = _page("en")
    at.text_area(key="draft_article").set_value("Abe flew from Hanoi to Tokyo.").run()
    labels = [b.label for b in at.button if "(city)" in b.label]
    assert labels == ["Hanoi (city)", "Tokyo (city)"]


def test_suggestions_make_rows_then_dates_make_a_story():
    at = _with_article()
    _button(at, "Hà Nội (thành phố)").click().run()
    at.selectbox(key="draft_sentence").set_value(2).run()
    _button(at, "Tokyo (thành phố)").click().run()
    rows = _rows(at)
    assert [(r["place"], r["sentences"], r["title"]) for r in rows] == [("Hà Nội", "1", "Hà Nội"), ("Tokyo", "2", "Tokyo")]
    # no dates yet: each row said so, by row; no story to download
    warnings = " ".join(w.value for w in at.warning)
    assert "Dòng 1 · Ngày" in warnings and "Dòng 2 · Ngày" in warnings
    for index, day in ((0, dt.date(2016, 12, 15)), (1, dt.date(2016, 12, 16))):
        at.selectbox(key="draft_row").set_value(index).run()
        next(d for d in at.date_input if d.label == "Ngày").set_value(day).run()
    assert not at.exception
    assert [r["date"] for r in _rows(at)] == [dt.date(2016, 12, 15), dt.date(2016, 12, 16)]
    assert not at.warning and any("Không có vấn đề" in s.value for s in at.success)
    shown = at.session_state["draft_preview"][1]
    story = shown.loaded.story
    assert [e.quote_vi for e in story.events] == ["Ông Abe gặp ông Putin ở Hà Nội.", "Sau đó hai ông bay tới Tokyo."]
    assert [str(d) for d in shown.days] == ["2016-12-15", "2016-12-16"]
    assert story.story.title.vi == "Hai thành phố"


def test_rows_are_added_edited_moved_and_deleted():
    at = _with_article("en")
    _button(at, "Add a row").click().run()
    _button(at, "Add a row").click().run()
    _button(at, "Add a row").click().run()
    assert len(_rows(at)) == 3 and at.selectbox(key="draft_row").value == 2
    for index, title in enumerate(["first", "second", "third"]):
        at.selectbox(key="draft_row").set_value(index).run()
        next(t for t in at.text_input if t.label == "Title").set_value(title).run()
    at.selectbox(key="draft_row").set_value(1).run()
    next(t for t in at.text_input if t.label == "Place").set_value("21.028, 105.854").run()
    assert _rows(at)[1]["place"] == "21.028, 105.854"
    assert "Precision: coordinates" in " ".join(c.value for c in at.caption)
    _button(at, "↑ Up").click().run()
    assert [r["title"] for r in _rows(at)] == ["second", "first", "third"]
    assert at.selectbox(key="draft_row").value == 0  # the moved row stays chosen
    at.selectbox(key="draft_row").set_value(2).run()
    _button(at, "Delete the row").click().run()
    assert [r["title"] for r in _rows(at)] == ["second", "first"]
    errors = " ".join(e.value for e in at.error)
    assert "Row 2 · Place" in errors and "no place" in errors  # "first" has no place, said by its row
    assert not at.exception


def test_the_shipped_story_opens_for_editing_and_is_made_again():
    at = _page("en")
    _button(at, "Open the shipped story to change it").click().run()
    assert not at.exception
    rows = _rows(at)
    assert len(rows) == 29 and rows[0]["sentences"] == "1"
    first = at.session_state["draft_preview"][1].loaded.story.events[0]
    assert first.quote_vi.startswith("Cuộc hội đàm") and first.quote_en.startswith("The talks")
    assert first.title.vi == "Nagato, quê hương của Thủ tướng Abe"  # its translation kept
    assert "keeps its translation" in " ".join(c.value for c in at.caption)


def test_an_unknown_place_is_a_problem_of_its_row_not_a_traceback():
    at = _with_article("en")
    _button(at, "Add a row").click().run()
    next(t for t in at.text_input if t.label == "Place").set_value("Nowhere-on-earth-ville").run()
    assert not at.exception
    assert "Row 1 · Place" in " ".join(e.value for e in at.error)


def test_a_kept_draft_is_offered_back():
    from webapp.editor import draft_from_json

    draft = draft_from_json('{"title": "T", "article": "One. Two.", "language": "en", "layers": [],'
                            ' "rows": [{"date": "2016-12-15", "place": "Hanoi", "title": "A", "sentences": "1"}, 7]}')
    assert draft.rows.to_dict("records")[0]["date"] == dt.date(2016, 12, 15) and len(draft.rows) == 1
    assert draft_from_json("not json") is None and draft_from_json('{"rows": "x"}') is None
    kept = draft_from_json('{"rows": [], "translations": {"Talks": {"vi": "Hội đàm", "en": "Talks"},'
                           ' "Bad": {"vi": 3, "en": "x"}, "Worse": "y"}}')
    assert kept.translations == {"Talks": {"vi": "Hội đàm", "en": "Talks"}}
    at = _page("en")
    at.session_state["draft_offer"] = draft
    at.run()
    _button(at, "Open the draft").click().run()
    assert _rows(at)[0]["place"] == "Hanoi" and at.session_state["draft_article"] == "One. Two."


def test_the_help_tab_shows_the_guide_in_the_readers_language():
    vi, en = _page("vi"), _page("en")
    vi_text = " ".join(m.value for m in vi.markdown)
    en_text = " ".join(m.value for m in en.markdown)
    assert (ROOT / "docs/authoring.vi.md").read_text(encoding="utf-8")[:200] in vi_text
    assert (ROOT / "docs/authoring.md").read_text(encoding="utf-8")[:200] in en_text
    assert "Writing a story" not in vi_text


def test_the_place_picker_waits_behind_its_switch_and_says_what_a_click_does():
    at = _with_article("en")
    _button(at, "Hà Nội (city)").click().run()

    def maps() -> int:
        return len([c for c in at.get("component_instance") if c.proto.component_name.endswith("st_folium")])

    before = maps()  # the preview's map
    at.toggle(key="draft_pick").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert maps() == before + 1
    assert any(c.value == "Click the map where the event of row 1 took place." for c in at.caption)
