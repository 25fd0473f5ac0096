"""Escaping untrusted story text for HTML, JavaScript and Markdown."""

from __future__ import annotations

import html
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.safe_text import escape_html, escape_markdown, js_json

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
