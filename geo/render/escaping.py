"""Escaping story text for every place it reaches: HTML, JavaScript and Markdown.

Story text is untrusted. Folium inserts popup and tooltip HTML into JavaScript template
literals, where backticks and ``${`` run code even inside escaped HTML; Leaflet's layer
control inserts layer names as HTML; and branca re-renders every element's output as a
Jinja template on the server, where ``{{ … }}`` from a story would run. These helpers make
text inert in each context.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# branca compiles each rendered script as a Jinja template and renders it again with the figure:
# "{{", "{%" or "{#" from a story would run as Jinja on the server. In JSON such a pair can only
# stand inside a string (an object's "{" is followed by a quote or "}"), so it can be escaped there.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")
_CSS_STRING_UNSAFE = re.compile(r"[\\\"'<>&\x00-\x1f\x7f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_html(text: Any) -> str:
    """Escape text for HTML, also in a JS template literal (backticks, ``$`` and backslashes).

    Examples
    --------
    >>> escape_html('<img onerror="x">`${1}`')
    '&lt;img onerror=&quot;x&quot;&gt;&#96;&#36;&#123;1&#125;&#96;'
    """
    escaped = html.escape(str(text), quote=True)
    escaped = escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")
    return escaped.replace("{", "&#123;").replace("}", "&#125;")  # never Jinja syntax (see js_json)


def js_json(value: Any) -> str:
    """JSON that is safe to place inside a ``<script>`` element or a JS expression.

    Examples
    --------
    >>> js_json({"t": "</script><b>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    text = _JINJA_OPENER.sub(r"\\u007b", text)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JS_UNSAFE[m.group()], text)


def css_string(text: Any) -> str:
    """Text as a quoted CSS string (for ``content:``): quotes, backslashes, line breaks and
    ``<``/``>``/``&`` written as hex escapes, so it can end neither the string nor its ``<style>``.

    Examples
    --------
    >>> css_string('Đang tải "bản đồ"</style>')
    '"Đang tải \\\\000022bản đồ\\\\000022\\\\00003c/style\\\\00003e"'
    """
    return '"' + _CSS_STRING_UNSAFE.sub(lambda m: f"\\{ord(m.group()):06x}", str(text)) + '"'


def escape_markdown(text: Any) -> str:
    """Escape text so that Streamlit's Markdown shows it literally (no links, images, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
