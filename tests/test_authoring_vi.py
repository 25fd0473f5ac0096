"""The Vietnamese authoring guide (docs/authoring.vi.md) stays parallel to the English one (docs/authoring.md).

The Write page's Help tab shows one or the other by the reader's language, so both must say the same
things in the same places: the same headings, tables, lists and code, only the prose translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
VI_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.M | re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.M)
CODE_SPAN = re.compile(r"`([^`]+)`")


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def en() -> str:
    return _text("authoring.md")


@pytest.fixture(scope="module")
def vi() -> str:
    return _text("authoring.vi.md")


def fenced_blocks(text: str) -> list[str]:
    """Every ``` block, fences included, in order."""
    return FENCE.findall(text)


def prose(text: str) -> str:
    """The text with its fenced blocks taken out (each left as an empty line)."""
    return FENCE.sub("", text)


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(hashes), title.strip()) for hashes, title in HEADING.findall(prose(text))]


def code_spans(text: str) -> list[str]:
    """The inline code spans outside fenced blocks, whitespace inside them collapsed (a span may wrap)."""
    return [" ".join(span.split()) for span in CODE_SPAN.findall(prose(text))]


def table_rows(text: str) -> list[str]:
    return [line.strip() for line in prose(text).splitlines() if line.lstrip().startswith("|")]


def cells(row: str) -> int:
    """The number of cells of a table row; a | inside a code span does not separate cells."""
    return CODE_SPAN.sub("code", row).strip().strip("|").count("|") + 1


def list_items(text: str) -> list[str]:
    return [line for line in prose(text).splitlines() if re.match(r"^\s*(?:[-*+]|\d+\.)\s", line)]


def test_both_guides_exist_and_differ(en, vi):
    assert en.strip() and vi.strip()
    assert en != vi
    assert "Writing a story" not in vi


def test_same_number_and_levels_of_headings(en, vi):
    en_headings, vi_headings = headings(en), headings(vi)
    assert len(en_headings) == len(vi_headings), (en_headings, vi_headings)
    assert [level for level, _ in en_headings] == [level for level, _ in vi_headings]


def test_headings_keep_their_code_spans(en, vi):
    for (_, en_title), (_, vi_title) in zip(headings(en), headings(vi)):
        assert CODE_SPAN.findall(en_title) == CODE_SPAN.findall(vi_title), (en_title, vi_title)


def test_fenced_code_blocks_are_identical(en, vi):
    en_blocks = fenced_blocks(en)
    assert en_blocks, "the English guide has code blocks"
    assert fenced_blocks(vi) == en_blocks


def test_same_tables(en, vi):
    en_rows, vi_rows = table_rows(en), table_rows(vi)
    assert len(en_rows) == len(vi_rows)
    assert [cells(row) for row in en_rows] == [cells(row) for row in vi_rows]
    # the first column names the field or the kind of file; field names are never translated
    for en_row, vi_row in zip(en_rows, vi_rows):
        en_first = CODE_SPAN.findall(en_row.strip("|").split("|")[0])
        vi_first = CODE_SPAN.findall(vi_row.strip("|").split("|")[0])
        assert en_first == vi_first, (en_row, vi_row)


def test_same_number_of_list_items(en, vi):
    assert len(list_items(en)) == len(list_items(vi))


def test_every_inline_code_span_is_kept(en, vi):
    en_spans = code_spans(en)
    assert len(en_spans) > 100
    vi_spans = set(code_spans(vi))
    missing = [span for span in dict.fromkeys(en_spans) if span not in vi_spans]
    assert not missing, missing


def test_urls_and_paths_are_kept(en, vi):
    for url in re.findall(r"https?://\S+", prose(en)):
        assert url in vi
    for path in ("docs/performance.md", "docs/template-story.yaml", "stories/", "scripts/run.sh"):
        assert path in en and path in vi


def test_the_vietnamese_guide_is_in_vietnamese(vi):
    assert sum(1 for char in vi.lower() if char in VI_LETTERS) >= 200
