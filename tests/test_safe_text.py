"""Escaping untrusted story text for HTML, JavaScript and Markdown (and the app's own words for CSS)."""

from __future__ import annotations

import html
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import re

from geo.render.escaping import css_string, escape_html, escape_markdown, js_json

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "`${alert(1)}`",
    "${alert(1)}",
    "\\`; alert(1); `",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "</textarea><svg onload=alert(1)>",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_html_neutralises(payload):
    out = escape_html(payload)
    for char in "<>`$\"'\\":
        assert char not in out
    assert html.unescape(out) == payload


def test_escape_html_examples():
    assert escape_html("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_html("`${alert(1)}`") == "&#96;&#36;&#123;alert(1)&#125;&#96;"
    assert escape_html("a\\b") == "a&#92;b"
    assert escape_html("&amp;") == "&amp;amp;"
    assert escape_html(42) == "42"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_html_property(text):
    out = escape_html(text)
    assert not set(out) & set("<>`$\"'\\")
    assert html.unescape(out) == text


def test_js_json_examples():
    out = js_json({"t": "</script><b>&\u2028\u2029"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"t": "</script><b>&\u2028\u2029"}


def test_js_json_refuses_nan():
    with pytest.raises(ValueError):
        js_json(float("nan"))


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_js_json_property(value):
    out = js_json(value)
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == value


SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def test_escape_markdown_escapes_every_special_character():
    out = escape_markdown(SPECIAL)
    assert out == "".join("\\" + c for c in SPECIAL)


def test_escape_markdown_link_and_html():
    assert escape_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert escape_markdown("<b>hi</b>") == "\\<b\\>hi\\</b\\>"
    assert escape_markdown("a\nb") == "a  \nb"
    assert escape_markdown("Việt Nam 2016") == "Việt Nam 2016"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPECIAL + "ab \u1ec7")))
def test_escape_markdown_property(text):
    out = escape_markdown(text)
    # every special character in the output is preceded by a backslash that escapes it
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in SPECIAL
            i += 2
            continue
        assert out[i] not in SPECIAL
        i += 1


def test_css_string_examples():
    assert css_string("Đang tải bản đồ…") == '"Đang tải bản đồ…"'
    assert css_string('a"b') == '"a\\000022b"'
    assert css_string("</style><script>") == '"\\00003c/style\\00003e\\00003cscript\\00003e"'
    assert css_string("a\nb\\") == '"a\\00000ab\\00005c"'


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_css_string_property(text):
    """One CSS string whatever the text: nothing inside can end it or its <style>, and the
    escapes (six hex digits each) read back to the text."""
    out = css_string(text)
    inside = out[1:-1]
    assert out[0] == out[-1] == '"'
    assert not re.search(r"[\"'<>&\x00-\x1f\x7f\u2028\u2029]", inside)
    assert re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m[1], 16)), inside) == text
