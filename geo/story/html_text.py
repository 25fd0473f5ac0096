"""HTML made plain text: the texts of TimelineJS and StoryMapJS slides, and KML descriptions, are HTML.

The standard library's :class:`html.parser.HTMLParser` reads the markup; tags are dropped, entities
decoded, block elements and ``<br>`` become line breaks, and scripts and styles are dropped whole.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a line where they open or close.
_BLOCKS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
           "table", "tr", "ul"}
# Elements whose content is not text for a reader.
_HIDDEN = {"script", "style", "head", "template", "noscript"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


class _Text(HTMLParser):
    """Collects the text of an HTML fragment, with line breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity (so it needs :func:`html_to_text`)."""
    return bool(_TAG.search(text))


def html_to_text(html: str | None) -> str:
    """The plain text of an HTML fragment: no tags, entities decoded, blocks on their own lines.

    Runs of spaces within a line become one space; blank lines are dropped.

    Examples
    --------
    >>> html_to_text("<p>Putin &amp; Abe<br>meet in <b>Nagato</b></p><p>Day 2</p><script>x()</script>")
    'Putin & Abe\\nmeet in Nagato\\nDay 2'
    """
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
