"""The story rests on the article: every sentence is quoted, every quote is the article's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.story.article import normalize_text, read_article, split_sentences

ARTICLE = "articles/putin-abe-nagato-2016.vi.txt"
ARTICLE_EN = "articles/putin-abe-nagato-2016.en.txt"
SEED = Path("/work/shared/seed/article.vi.txt")


@pytest.fixture(scope="module")
def article(repo_root) -> str:
    return read_article(repo_root / ARTICLE)


def test_story_names_the_copied_article(shipped, article):
    assert shipped.story.story.article == ARTICLE
    assert shipped.story.story.article_en == ARTICLE_EN
    assert shipped.article == article


def test_every_sentence_is_covered_by_some_quote(shipped, article):
    quotes = [normalize_text(e.quote_vi) for e in shipped.story.events]
    sentences = split_sentences(article)
    assert len(sentences) >= 10
    uncovered = [s.text for s in sentences if not any(normalize_text(s.text) in q for q in quotes)]
    assert uncovered == []


def test_every_quote_is_a_substring_of_the_article(shipped, article):
    body = normalize_text(article)
    outside = [e.id for e in shipped.story.events if normalize_text(e.quote_vi) not in body]
    assert outside == []


def test_every_quote_has_an_english_translation(shipped):
    assert all(e.quote_en.strip() for e in shipped.story.events)


def test_english_has_one_line_per_sentence(shipped, article, repo_root):
    lines = [line for line in (repo_root / ARTICLE_EN).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(split_sentences(article))
    assert shipped.article_en == lines


def test_copied_article_is_byte_identical_to_the_seed(repo_root):
    if not SEED.exists():
        pytest.skip(f"{SEED} is not on this machine")
    assert (repo_root / ARTICLE).read_bytes() == SEED.read_bytes()


def test_article_is_nfc_utf8(repo_root):
    import unicodedata

    text = (repo_root / ARTICLE).read_bytes().decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Một câu. Hai câu!\nBa", ["Một câu.", "Hai câu!", "Ba"]),
        ('Ông nói "xin chào." Rồi đi.', ['Ông nói "xin chào."', "Rồi đi."]),
        ("Quỹ 1.5 tỷ USD. Xong", ["Quỹ 1.5 tỷ USD.", "Xong"]),
        ("Chờ… rồi đi.", ["Chờ…", "rồi đi."]),
        ("\n\n  \n", []),
    ],
)
def test_split_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_sentence_numbers_and_paragraphs():
    sentences = split_sentences("A. B.\n\nC.")
    assert [(s.number, s.paragraph) for s in sentences] == [(1, 1), (2, 1), (3, 2)]


def test_normalize_text_folds_white_space_and_composes():
    assert normalize_text("  a\u00a0 b\n\tc ") == "a b c"
    assert normalize_text("Vie\u0302\u0323t") == "Việt"
