"""The source article: reading it and splitting it into sentences.

The article is shown as published, so it is never rewritten; sentences are located by
character offsets into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# A sentence ends at . ! ? or … (optionally followed by a closing quote) before white space
# or the end of the text. An ellipsis or a decimal point inside a word does not end one.
_SENTENCE_END = re.compile(r'[.!?…]+["”»’)]?(?=\s|$)')


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its number (from 1), paragraph and text."""

    number: int
    paragraph: int
    text: str


def normalize_text(text: str) -> str:
    """NFC-normalize and fold runs of white space, for comparing quotes with the article."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def split_sentences(text: str) -> list[Sentence]:
    """Split an article into sentences, paragraph by paragraph (one paragraph a line).

    Examples
    --------
    >>> [s.text for s in split_sentences("Một câu. Hai câu!\\nBa")]
    ['Một câu.', 'Hai câu!', 'Ba']
    """
    sentences: list[Sentence] = []
    paragraphs = [p for p in text.splitlines() if p.strip()]
    for p_index, paragraph in enumerate(paragraphs, start=1):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            piece = paragraph[start : match.end()].strip()
            if piece:
                sentences.append(Sentence(len(sentences) + 1, p_index, piece))
            start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(Sentence(len(sentences) + 1, p_index, rest))
    return sentences


def read_article(path: Path) -> str:
    """Read an article as UTF-8 text, exactly as published."""
    return path.read_text(encoding="utf-8")
