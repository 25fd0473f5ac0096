"""Every secondary page runs in AppTest without an exception, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["pages/1_Article.py", "pages/2_Chronology.py", "pages/3_About.py", "pages/4_Your_story.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_runs(page, lang, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("TIMELINE_STORY", raising=False)
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.header, "each page has a heading"


def test_chronology_lists_every_event_and_filters_by_text(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "pages/2_Chronology.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert len(at.table[0].value) == 29
    assert at.table[0].value.index.name == "Date", "the dates' column has its header (the row headers' name)"
    assert "Time (local)" not in at.table[0].value.columns, "the shipped story gives no times: no empty column"
    at.text_input(key="chrono_search").input("Kunashir").run()
    rows = at.table[0].value
    assert 0 < len(rows) < 29


def test_article_links_every_sentence_to_an_event(monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "pages/1_Article.py"), default_timeout=60)
    at.run()
    sentence_numbers = {b.key.split("-")[1] for b in at.button if b.key and b.key.startswith("open-")}
    assert sentence_numbers == {str(n) for n in range(1, 15)}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_story_added_to_the_stories_folder_opens_by_deep_link(monkeypatch, tmp_path, suffix):
    """A deployer's ``stories/mini.yaml``, or the same story written as JSON (``mini.json``)."""
    import importlib
    import shutil
    import sys

    from geo.story.load import load_story
    from geo.story.json_reader import story_json_text

    monkeypatch.delitem(sys.modules, "webapp.story_cache", raising=False)  # a fresh copy, as the app imports it
    story_cache = importlib.import_module("webapp.story_cache")

    mini = ROOT / "tests/data/mini/story.yaml"
    if suffix == ".yaml":
        shutil.copy(mini, tmp_path / "mini.yaml")
    else:
        (tmp_path / "mini.json").write_text(story_json_text(load_story(mini).story), encoding="utf-8")
    shutil.copy(ROOT / "tests/data/mini/article.vi.txt", tmp_path / "article.vi.txt")
    monkeypatch.setattr(story_cache, "STORIES_DIR", tmp_path)
    monkeypatch.chdir(ROOT)
    assert story_cache.available_stories() == {"default": story_cache.DEFAULT_STORY, "mini": tmp_path / f"mini{suffix}"}
    at = AppTest.from_file(str(ROOT / "app_pages.py"), default_timeout=60)
    at.session_state["map_drawn"] = True  # the sidebar's controls come with the drawn map (webapp/map_page.py)
    at.query_params["story"] = "mini"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.header[0].value.replace("\\", "") == "Câu chuyện nhỏ"
    assert at.selectbox(key="story_key").value == "mini"
    assert at.query_params["story"] == ["mini"] or at.query_params["story"] == "mini"


def test_markdown_table_escapes_cells_headers_and_the_index_keeping_its_name():
    import pandas as pd

    from webapp.session import markdown_table

    table = pd.DataFrame({"**Place**": ["_Tokyo_"]}, index=pd.Index(["*16 Dec*"], name="[Date](x)"))
    shown = markdown_table(table)
    assert list(shown.columns) == [r"\*\*Place\*\*"]
    assert shown.iloc[0, 0] == r"\_Tokyo\_"
    assert list(shown.index) == [r"\*16 Dec\*"]
    assert shown.index.name == r"\[Date\]\(x\)"
