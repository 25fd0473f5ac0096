"""geo.story.draft: the editor's rows ⇄ story data, place suggestions, problems by row."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd

from geo.places.gazetteer import Gazetteer
from geo.story.article import split_sentences
from geo.places.suggestions import place_suggestions
from geo.story.draft import add_row, build_story, delete_row, empty_rows, move_row, sentence_numbers, story_rows, with_edits
from geo.story.load import load_story, parse_story
from geo.story.yaml_writer import story_yaml_text

ROOT = Path(__file__).resolve().parents[1]
G = Gazetteer.shipped()


def _names(text: str) -> list[str]:
    """The suggested places by their English names (the cell gets the sentence's own words)."""
    return [G.resolve(s.name).name("en") for s in place_suggestions(text, G)]


def test_suggestions_find_cities_countries_and_gazetteer_places_in_both_languages():
    assert _names("Ông Abe gặp ông Putin ở Hà Nội rồi bay tới Tokyo.") == ["Hanoi", "Tokyo"]
    assert _names("Abe met Putin in Hanoi, then flew to Tokyo.") == ["Hanoi", "Tokyo"]
    assert _names("Quan hệ Nga-Nhật Bản và Hàn Quốc") == ["Russia", "Japan", "South Korea"]


def test_words_that_only_look_like_places_are_not_suggested():
    # "Mr" (MR), "At" (AT), "Có" (CO) are country codes; "hòa bình" (peace) is a city's name in lower case
    assert _names("Mr Putin said so. At the end. Có hiệp ước hòa bình.") == []


def test_suggesting_is_fast_enough_for_every_sentence_of_the_article():
    sentences = split_sentences((ROOT / "articles/putin-abe-nagato-2016.vi.txt").read_text(encoding="utf-8"))
    place_suggestions("warm up Hanoi", G)
    started = time.perf_counter()
    found = [place_suggestions(s.text, G) for s in sentences]
    assert time.perf_counter() - started < 0.5  # ~5 ms here for 14 sentences
    assert [s.words for s in found[0]] == ["Nhật Bản", "Nagato", "Yamaguchi", "Tokyo"]
    assert [s.name for s in found[0]] == [s.words for s in found[0]]  # written as the article writes them


def test_rows_make_a_story_whose_quotes_are_the_sentences_word_for_word():
    article = "Ông Abe gặp ông Putin ở Hà Nội. Sau đó hai ông bay tới Tokyo."
    rows = add_row(empty_rows(), date=dt.date(2016, 12, 15), place="Hanoi", title="Hà Nội", sentences="1")
    rows = add_row(rows, date=dt.date(2016, 12, 16), place="Tokyo", title="Tokyo", sentences="2",
                   sources="https://example.org/a, article")
    built = build_story(rows, title="Hai thành phố", article=article)
    assert built.problems == [] and built.loaded is not None
    story = built.loaded.story
    assert [e.quote_vi for e in story.events] == ["Ông Abe gặp ông Putin ở Hà Nội.", "Sau đó hai ông bay tới Tokyo."]
    assert story.events[1].sources == ["article", "source-1"] and story.story.sources[0].url == "https://example.org/a"
    text = story_yaml_text(story)
    assert parse_story(text, "again.yaml").story == story  # the file stands alone
    draft = story_rows(parse_story(text, "again.yaml"))
    assert list(draft.rows["sentences"]) == ["1", "2"]  # the quotes find their sentences again
    assert list(draft.rows["date"]) == [dt.date(2016, 12, 15), dt.date(2016, 12, 16)]


def test_problems_are_located_by_row_and_sentence():
    rows = add_row(empty_rows(), date=dt.date(2016, 12, 15), place="Hanoi", title="A", sentences="1")
    rows = add_row(rows, title="B", sentences="9")
    rows = add_row(rows, date=dt.date(2016, 12, 15), end=dt.date(2016, 12, 1), place="Atlantis-of-nowhere", title="C")
    built = build_story(rows, title="T", article="One. Two.")
    said = [str(p) for p in built.problems]
    assert built.loaded is None
    assert "row 2: date: no date: the event is shown on every day" in said
    assert "row 2: place: no place" in said and "row 2: sentences: the article has no sentence 9" in said
    assert "row 3: end: the end is before the date" in said
    assert "sentence 2: no event rests on this sentence" in said
    assert any(s.startswith("row 3: place:") and "Atlantis" in s for s in said)


def test_coordinates_are_a_place_and_an_english_article_fills_quote_en():
    rows = add_row(empty_rows(), date=dt.date(2020, 1, 1), place="21.028, 105.854", title="Here", sentences="1")
    built = build_story(rows, title="T", article="It happened here.", language="en")
    event = built.loaded.story.events[0]
    assert event.geometry.coordinates == [105.854, 21.028] and event.quote_en == "It happened here."
    assert event.quote_vi is None


def test_row_operations_and_the_table_edits():
    rows = empty_rows()
    for title in ("a", "b", "c"):
        rows = add_row(rows, title=title)
    assert list(move_row(rows, 2, -1)["title"]) == ["a", "c", "b"]
    assert list(move_row(rows, 0, -5)["title"]) == ["a", "b", "c"]
    assert list(delete_row(rows, 1)["title"]) == ["a", "c"]
    edited = with_edits(rows, {"edited_rows": {0: {"date": "2016-12-15", "title": "A"}}, "deleted_rows": [1],
                               "added_rows": [{"title": "d", "place": "Hanoi"}]})
    assert list(edited["title"]) == ["A", "c", "d"] and edited.loc[0, "date"] == dt.date(2016, 12, 15)
    assert sentence_numbers("3, 5-7, x") == [3, 5, 6, 7]


def test_the_shipped_story_opens_as_rows_and_is_made_again():
    loaded = load_story(ROOT / "events.yaml")
    draft = story_rows(loaded, "en")
    assert len(draft.rows) == len(loaded.story.events) and isinstance(draft.rows, pd.DataFrame)
    built = build_story(draft.rows, title=draft.title, article=draft.article, language=draft.language,
                        layers=draft.layers)
    assert built.loaded is not None and all(not p.blocking for p in built.problems)
    assert {layer.id: layer.color for layer in built.loaded.story.layers} == \
        {layer.id: layer.color for layer in loaded.story.layers}
    # places by their names in the reader's language, which find the same places again
    assert draft.rows.loc[0, "place"] == "Nagato; Yamaguchi Prefecture"
    assert story_rows(loaded, "vi").rows.loc[0, "place"] == "Thành phố Nagato; Tỉnh Yamaguchi"
    from geo.places.geocode import geocode_story

    assert sorted(geocode_story(built.loaded)["place_ids"].map(str)) == \
        sorted(geocode_story(loaded)["place_ids"].map(str))


def test_a_bilingual_story_opened_and_made_again_keeps_its_translations():
    loaded = load_story(ROOT / "events.yaml")
    draft = story_rows(loaded, "en")
    rows = draft.rows.copy()
    rows.loc[0, "title"] = "Nagato, where it began"  # one text changed in English
    built = build_story(rows, title=draft.title, article=draft.article, language=draft.language,
                        layers=draft.layers, translations=draft.translations)
    story, before = built.loaded.story, loaded.story
    assert story.story.title == before.story.title and not story.story.title.single
    assert [layer.name for layer in story.layers] == [layer.name for layer in before.layers]
    by_title = {event.title.en: event for event in before.events}
    changed, *kept = sorted(story.events, key=lambda e: e.tour.order if e.tour else 10**6)
    assert changed.title.single and changed.title.en == "Nagato, where it began"
    for event in kept:
        original = by_title[event.title.en]
        assert event.title == original.title and event.summary == original.summary
        assert (event.quote_vi, event.quote_en) == (original.quote_vi, original.quote_en)
    # without the translations, the same rows make a story in one language
    plain = build_story(rows, title=draft.title, article=draft.article, language=draft.language,
                        layers=draft.layers).loaded.story
    assert all(event.title.single and event.quote_en is None for event in plain.events)


def test_a_place_cell_gives_its_precision_several_places_the_coarsest():
    from geo.places.suggestions import place_precision

    gazetteer = Gazetteer.shipped()
    assert place_precision("Hanoi", gazetteer) == "city" and place_precision("21.0285, 105.8542", gazetteer) == "point"
    assert place_precision("otani-sanso", gazetteer) == "venue"
    assert place_precision("nagato; yamaguchi-prefecture", gazetteer) == "region"  # as the map's geocoding has it
    assert place_precision("nagato; nowhere-on-earth-ville", gazetteer) == "" == place_precision(" ; ", gazetteer)
