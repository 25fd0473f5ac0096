"""Hostile story text stays text everywhere it reaches HTML, JavaScript, Markdown or an export.

Where story text goes (read from the code; docs/security.md has the same list):

=====================================  ==============================================  ==========================
sink                                   how it is made inert                            test
=====================================  ==============================================  ==========================
layer control label (Leaflet: HTML)    geo.render.map_view.layer_label -> escape_html         test_layer_label_*
StorySetup / StoryViews (base map JS)  geo.render.escaping.js_json (JSON, < > & U+2028/9)    test_map_javascript_*
view message (each day's events)       JSON data of a Streamlit component; the page    test_view_driver_runs_inert
  (webapp.map_driver)                    script only stores it; storymap.js draws it
                                         with textContent                              test_storymap_js_*
presenter caption (st.html)            escape_html                                     test_presenter_caption_*
event details, article, about (MD)     escape_markdown                                 test_markdown_sinks_*
page header, event radio, layer        Streamlit renders these labels as Markdown      test_markdown_sinks_*
  pills, article buttons, toasts         (links, images, code): must be escaped
About: source URL in a code span       the URL must not close the code span            test_about_source_url_*
chronology table, multiselect          plain text widgets (no Markdown)                test_chronology_*
GeoJSON / CSV / standalone HTML        JSON text; CSV cells; escaped HTML              test_export_*
=====================================  ==============================================  ==========================

Plus: YAML never constructs objects from tags, no eval/exec in the app's code, XSRF protection
is on, and an upload (when the app gets one) is parsed as data, never executed.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from geo.story.errors import StoryError
from geo.render.escaping import escape_html, escape_markdown, js_json

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = [ROOT / "app.py", ROOT / "app_pages.py", *sorted((ROOT / "pages").glob("*.py")),
            *sorted((ROOT / "webapp").glob("*.py")), *sorted((ROOT / "geo").rglob("*.py"))]

# One string with every kind of payload: HTML tags and event handlers, a closing script tag,
# JS template-literal syntax, line/paragraph separators (line terminators in old JS), a
# javascript: URL, Markdown link and image syntax (the image on a local closed port), quotes,
# backslashes and template syntax.
PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(1)>`${alert(1)}`</script><!--"
           "\u2028\u2029[x](javascript:alert(1)) ![i](http://127.0.0.1:9/t.png) javascript:alert(1)"
           " \"onmouseover=alert(1) 'x' \\` {{7*7}} *b* _i_ # end")
URL_BREAKOUT = "https://example.org/`[phish](https://evil.example/)![t](http://127.0.0.1:9/t.png)`"


def payload(field: str) -> str:
    return f"{field} {PAYLOAD}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=True)


ARTICLE_PAYLOAD = PAYLOAD.replace("\u2028", "").replace("\u2029", "")  # one line, one sentence
ARTICLE = f"Mở đầu {ARTICLE_PAYLOAD} kết thúc ở Nagato.\nCâu hai."


def write_payload_story(folder: Path, *, url: str = URL_BREAKOUT, article: bool = False) -> Path:
    """A valid story whose every text field carries :data:`PAYLOAD` (with an article, its first sentence)."""
    folder.mkdir(parents=True, exist_ok=True)
    quote_vi, plain_quote = _q(payload("quote-vi")), '"plain"'
    if article:
        (folder / "article.vi.txt").write_text(ARTICLE, encoding="utf-8")
        quote_vi, plain_quote = _q(ARTICLE.splitlines()[0]), '"Câu hai."'
    text = f"""
story:
  id: payloads
  title: {{vi: {_q(payload("title-vi"))}, en: {_q(payload("title-en"))}}}
  timezone: Asia/Tokyo
  default_language: vi
{"  article: article.vi.txt" if article else ""}
  sources:
    - id: record
      title: {_q(payload("record-title"))}
      publisher: {_q(payload("publisher"))}
      url: {_q(url)}
      date: 2016-12-15
layers:
  - id: talks
    name: {{vi: {_q(payload("layer-vi"))}, en: {_q(payload("layer-en"))}}}
    color: "#0072B2"
    icon: talks
places:
  - id: payload-place
    kind: venue
    names: {{vi: [{_q(payload("place-vi"))}], en: [{_q(payload("place-en"))}]}}
    point: [131.1812, 34.3207]
events:
  - id: payload-event
    layer: talks
    start: 2016-12-15
    time: "10:00"
    title: {{vi: {_q(payload("event-title-vi"))}, en: {_q(payload("event-title-en"))}}}
    summary: {{vi: {_q(payload("summary-vi"))}, en: {_q(payload("summary-en"))}}}
    quote_vi: {quote_vi}
    quote_en: {_q(payload("quote-en"))}
    places: [payload-place]
    actors: [{_q(payload("actor"))}]
    sources: [article, record]
    note: {{vi: {_q(payload("note-vi"))}, en: {_q(payload("note-en"))}}}
    tour: {{order: 1}}
  - id: second-event
    layer: talks
    start: 2016-12-16
    title: {{vi: {_q(payload("second-vi"))}, en: {_q(payload("second-en"))}}}
    summary: {{vi: "plain", en: "plain"}}
    quote_vi: {plain_quote}
    quote_en: "plain"
    places: [Kantei]
distances:
  - origin: payload-place
    target: kantei
    events: [payload-event]
    label: {{vi: {_q(payload("distance-vi"))}, en: {_q(payload("distance-en"))}}}
"""
    path = folder / "story.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def payload_story_path(tmp_path_factory) -> Path:
    return write_payload_story(tmp_path_factory.mktemp("payloads"))


@pytest.fixture(scope="module")
def loaded(payload_story_path):
    from geo.story.load import load_story

    return load_story(payload_story_path)


@pytest.fixture(scope="module")
def events(loaded):
    from geo.places.geocode import geocode_story

    return geocode_story(loaded)


def test_the_payload_story_keeps_every_text_verbatim(loaded, events):
    assert loaded.story.story.title.en == payload("title-en")
    assert loaded.story.layers[0].name.vi == payload("layer-vi")
    row = events[events["id"] == "payload-event"].iloc[0]
    assert row["title_vi"] == payload("event-title-vi")
    assert row["place_en"] == payload("place-en")
    assert row["note_en"] == payload("note-en")
    assert "\u2028" in row["summary_vi"]


# --- helpers: what is active in HTML / Markdown --------------------------------------------------


class _Tags(HTMLParser):
    """Start tags, attribute names and text of an HTML fragment, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def parse_html(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


_MD_ACTIVE = set("`[]<>")  # code spans, links and images, HTML (emphasis is cosmetic)


def unescaped_markdown(text: str) -> list[str]:
    """Markdown-active characters in ``text`` that no backslash escapes (code spans, links, images, HTML)."""
    found = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in _MD_ACTIVE:
            found.append(text[i])
        i += 1
    return found


def markdown_is_literal(text: str) -> bool:
    return not unescaped_markdown(text)


# --- the map: layer control label ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_layer_label_is_escaped_html(loaded, lang):
    from geo.render.map_view import layer_label

    label = layer_label(loaded.story, "talks", lang)
    parsed = parse_html(label)
    assert parsed.tags == ["span", "span"], parsed.tags  # the colour swatch and the count slot, nothing else
    assert [name for name, _ in parsed.attrs] == ["class", "style", "class", "data-layer"]
    assert "".join(parsed.text) == f"{payload('layer-' + lang)} "  # shown exactly as written
    name = label.split("</span>", 1)[1].rsplit("<span", 1)[0]
    for char in "<>`$\\":
        assert char not in name, char
    assert "\u2028" in "".join(parsed.text)  # kept (harmless inside HTML text)


def test_layer_label_colour_cannot_break_the_style_attribute(loaded):
    """The colour is pattern-checked (#rrggbb) by the model before it reaches the style attribute."""
    from pydantic import ValidationError

    from geo.story.schema import Layer

    with pytest.raises(ValidationError):
        Layer(id="x", name={"vi": "a", "en": "a"}, color='#000" onmouseover="alert(1)')


# --- the map: JavaScript sent to the component -----------------------------------------------------


def _component_scripts(loaded, events, lang: str) -> dict[str, Any]:
    """What reaches the browser: st_folium's page and base script, and a view message (JSON data)."""
    from streamlit_folium import generate_leaflet_string

    from geo.render.map_data import prepare_features, region_bounds, view_message
    from geo.render.map_view import build_base_map
    from geo.timeline.days import select, story_days

    story = loaded.story
    day = story_days(events)[0]
    visible = select(events, day, "day", [layer.id for layer in story.layers])
    base = build_base_map(story, lang, region_bounds(story, events), view_key="map-test")
    message = view_message(visible, story, prepare_features(events, story, lang), day=day.isoformat(),
                           selected="payload-event")
    page_html = base.get_root().render()
    base_script = generate_leaflet_string(base)
    return {"page": page_html, "base": base_script, "view": message}


def _json_args(script: str, call: str) -> list[Any]:
    """Every JSON literal passed to ``call(...)`` in ``script`` (objects and arrays), decoded."""
    decoder = json.JSONDecoder()
    out = []
    start = script.find(call)
    while start != -1:
        end = script.find(");", start)
        pos = start + len(call)
        while True:
            m = re.compile(r"[\[{\"]").search(script, pos, end)
            if m is None:
                break
            value, pos = decoder.raw_decode(script, m.start())
            out.append(value)
        start = script.find(call, end)
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module", params=["vi", "en"])
def scripts(request, loaded, events):
    return request.param, _component_scripts(loaded, events, request.param)


def test_map_javascript_has_no_active_markup(scripts):
    lang, s = scripts
    for name, script in [("base", s["base"])]:
        low = script.lower()
        assert "<script" not in low and "</script" not in low, name
        assert "<img" not in low and "<!--" not in low, name
        assert "\u2028" not in script and "\u2029" not in script, name  # raw separators end a JS line in old engines
        assert "${alert" not in script.replace('"', "") or "`" not in _outside_strings(script), name


def _outside_strings(script: str) -> str:
    """The script with every double- and single-quoted string literal removed (template literals kept)."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', script)


def test_map_javascript_keeps_story_text_inside_string_literals(scripts):
    """Outside JSON/JS string literals no story text remains: no backtick, no ${, no 'alert('."""
    lang, s = scripts
    for script in [s["base"]]:
        outside = _outside_strings(script)
        assert "alert(" not in outside
        assert "`" not in outside  # no template literal around story text
        assert "onerror" not in outside


def test_map_view_data_keeps_the_exact_texts(scripts):
    lang, s = scripts
    view = json.loads(json.dumps(s["view"]))  # as Streamlit sends the component's data
    p = {**view["features"]["payload-event"]["properties"], **view["details"]["payload-event"]}
    assert p["title"] == payload(f"event-title-{lang}")
    assert p["summary"] == payload(f"summary-{lang}")
    assert p["place"] == payload(f"place-{lang}")
    assert p["quote_vi"] == payload("quote-vi") and p["quote_en"] == payload("quote-en")
    assert p["note"] == payload(f"note-{lang}")
    assert any(payload(f"distance-{lang}") in fact for fact in p["facts"])
    assert any(payload("record-title") in src["title"] for src in p["sources"])
    assert view["focus"]["event"] == "payload-event"
    # the legend (StorySetup) carries the layer names as JSON in the base script
    legend = _json_args(s["base"], "StoryMap.legend(")
    assert legend[0][0]["name"] == payload(f"layer-{lang}")
    # ... and the layer table of the views (StoryMap.bindView), from which popups take the layer name
    call = s["base"].index("StoryMap.bindView(")
    groups_end = s["base"].index("}, {", call) + len("}, ")  # after the (JavaScript) object of layer groups
    table, _ = json.JSONDecoder().raw_decode(s["base"], groups_end)
    assert table["talks"]["name"] == payload(f"layer-{lang}")


def test_map_layer_control_names_are_html_escaped_json(scripts):
    lang, s = scripts
    keys = re.findall(r'"((?:[^"\\]|\\.)*sm-swatch(?:[^"\\]|\\.)*)"\s*:', s["base"])
    assert keys, s["base"][:2000]
    for key in keys:
        label = json.loads(f'"{key}"')
        parsed = parse_html(label)
        assert parsed.tags == ["span", "span"]
        assert payload(f"layer-{lang}") in "".join(parsed.text)


def test_map_page_html_has_only_its_own_tags(loaded, events, scripts):
    """The rendered map document has the same tags with the payload story as with a plain one."""
    lang, s = scripts
    parsed = parse_html(s["page"])
    assert all(tag in {"html", "head", "body", "meta", "script", "link", "style", "div"} for tag in parsed.tags), \
        sorted(set(parsed.tags))
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert parsed.comments == []
    srcs = [v for name, v in parsed.attrs if name in ("src", "href")]
    assert all(v and not v.startswith(("javascript:", "http://127.0.0.1:9")) for v in srcs), srcs


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_view_driver_runs_inert(scripts, tmp_path):
    """Run the page script of webapp.map_driver in node on a hostile view (and a hostile view sent
    ahead, drawn at a click): it only stores the data and hands it to the map."""
    import webapp.map_driver as driver

    lang, s = scripts
    harness = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
let fired = 0, applied = 0; const triggers = [], listeners = [];
globalThis.alert = () => { fired += 1; };
globalThis.window = globalThis;
globalThis.document = { addEventListener: (type, fn) => listeners.push([type, fn]), removeEventListener: () => {} };
const data = JSON.parse(readFileSync(process.argv[3], "utf8"));
window.__storyMaps = { [data.key]: { apply: () => { applied += 1; }, details: () => {} } };
const run = (await import(pathToFileURL(process.argv[2]).href)).default;
run({ data, setTriggerValue: (k, v) => triggers.push([k, v]) });
const beforeClick = applied;
// A click on the Next button: the view sent ahead is drawn (stored, then handed to the map).
const button = { disabled: false, closest: (sel) => (sel === ".st-key-next" ? {} : null) };
listeners.forEach(([type, fn]) => fn({ target: { closest: (sel) => (sel === "button" ? button : null) } }));
await new Promise((resolve) => setTimeout(resolve, 10));
process.stdout.write(JSON.stringify({ fired, applied, beforeClick, triggers, listeners: listeners.map(([t]) => t),
                                      stored: window.__storyData[data.key] }));
"""
    ahead = {"next": {"items": s["view"]["items"][::-1], "focus": s["view"]["focus"]}}
    data = json.loads(json.dumps({"key": "map-test", "features": s["view"]["features"], "details": s["view"]["details"],
                                  "view": {"items": s["view"]["items"], "focus": s["view"]["focus"]}, "ahead": ahead}))
    (tmp_path / "harness.mjs").write_text(harness, encoding="utf-8")
    (tmp_path / "driver.mjs").write_text(driver._JS.strip(), encoding="utf-8")
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    out = subprocess.run([NODE, str(tmp_path / "harness.mjs"), str(tmp_path / "driver.mjs"), str(tmp_path / "data.json")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["fired"] == 0 and result["beforeClick"] == 1 and result["triggers"] == []
    assert result["listeners"] == ["click"] and result["applied"] == 2, "the click drew the view sent ahead"
    assert result["stored"]["view"] == data["ahead"]["next"] and result["stored"]["drawnAhead"] == 1
    assert result["stored"]["features"] == data["features"]  # kept as data, exactly
    assert result["stored"]["details"] == data["details"]
    assert result["stored"]["features"]["payload-event"]["properties"]["title"] == payload(f"event-title-{lang}")
    assert result["stored"]["details"]["payload-event"]["summary"] == payload(f"summary-{lang}")


def test_storymap_js_builds_story_text_as_text():
    """storymap.js: innerHTML only for the fixed icon SVGs; no eval, Function or document.write."""
    js = (ROOT / "static" / "app" / "storymap.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", js, flags=re.S)
    for line in code.splitlines():
        if "innerHTML" in line:
            assert re.search(r"innerHTML\s*=\s*'<svg[^']*'\s*\+\s*iconSvg\([^)]*\)\s*\+\s*\"</svg>\"", line), line
    assert not re.search(r"\beval\s*\(|new\s+Function\s*\(|document\.write|insertAdjacentHTML|outerHTML\s*=", code)
    assert "bindPopup(function" in code and "textContent" in code
    assert re.search(r"/\^https\?:", code), "source links are limited to http(s)"


# --- Streamlit pages (AppTest) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_story_path(tmp_path_factory) -> Path:
    return write_payload_story(tmp_path_factory.mktemp("article"), article=True)


@pytest.fixture
def make_page(monkeypatch, payload_story_path):
    """Run one Streamlit script of the app on the payload story."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.setenv("TIMELINE_STORY", str(payload_story_path))

    def make(script: str, query: dict[str, str] | None = None, story: Path | None = None, **state):
        if story is not None:
            monkeypatch.setenv("TIMELINE_STORY", str(story))
        monkeypatch.delitem(sys.modules, "webapp.story_cache", raising=False)
        at = AppTest.from_file(str(ROOT / script), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        for key, value in {"map_drawn": True, **state}.items():  # as after the map's first view (webapp/map_page.py)
            at.session_state[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return make


def _html_bodies(at) -> list[str]:
    return [el.proto.body for el in at.get("html")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_caption_is_escaped_html(make_page, lang):
    at = make_page("app_pages.py", {"present": "1", "lang": lang})
    captions = [b for b in _html_bodies(at) if b.startswith("<div class=\"sm-caption\"")]
    assert len(captions) == 1
    parsed = parse_html(captions[0])
    assert parsed.tags == ["div", "h2", "p"]
    assert [name for name, _ in parsed.attrs] == ["class", "role", "aria-live"]
    assert payload(f"event-title-{lang}") in parsed.text and payload(f"summary-{lang}") in parsed.text


def _markdown_texts(at) -> dict[str, list[str]]:
    """Every string of the run that Streamlit renders as Markdown, by where it appears."""
    out: dict[str, list[str]] = {
        "markdown": [m.value for m in at.markdown],
        "caption": [c.value for c in at.caption],
        "header": [h.value for h in (*at.title, *at.header, *at.subheader)],
        "info/error": [e.value for e in (*at.info, *at.error, *at.warning, *at.success)],
        "toast": [t.value for t in at.toast],
        "button label": [b.label for b in at.button],
        "radio option": [o for r in at.radio for o in r.options],
    }
    out["pill"] = [o.content for g in at.get("button_group") for o in g.proto.options]
    return out


def _story_bearing(texts: list[str]) -> list[str]:
    return [t for t in texts if "alert" in t or "evil.example" in t or "127.0.0.1:9" in t]


def test_markdown_sinks_on_the_map_page_are_literal(make_page):
    """Detail panel (escape_markdown) and the Markdown-rendering labels: header, event radio, layer pills."""
    problems = []
    for lang in ("vi", "en"):
        at = make_page("app_pages.py", {"lang": lang, "event": "payload-event"})
        for where, texts in _markdown_texts(at).items():
            for text in _story_bearing(texts):
                if not markdown_is_literal(text):
                    problems.append(f"{lang} {where}: {text[:90]!r} (unescaped {''.join(unescaped_markdown(text))})")
        detail = "\n".join(m.value for m in at.markdown)
        assert escape_markdown(payload(f"event-title-{lang}")) in detail  # the detail panel is shown
    assert problems == [], "\n".join(problems)


def test_markdown_sinks_toast_from_a_crafted_link_is_literal(make_page):
    """A deep link's unknown values are echoed in a toast: a crafted URL must not become a link or image."""
    crafted = {"event": "[Log in here](https://evil.example/) ![t](http://127.0.0.1:9/t.png)",
               "mode": "`code` <b>x</b>", "day": "*bold*", "layers": "[x](https://evil.example/)"}
    at = make_page("app_pages.py", crafted)
    toasts = [t.value for t in at.toast]
    assert len(toasts) == 4, toasts
    assert [t for t in toasts if not markdown_is_literal(t)] == []


def test_markdown_sinks_on_the_article_page_are_literal(make_page, article_story_path):
    """Sentences (escape_markdown) and the buttons opening each event on the map (labels render Markdown)."""
    problems = []
    for lang in ("vi", "en"):
        at = make_page("pages/1_Article.py", {"lang": lang}, story=article_story_path, lang=lang)
        assert any(escape_markdown(ARTICLE_PAYLOAD) in m.value for m in at.markdown)
        assert any("event-title" in b.label.replace("\\", "") for b in at.button)
        for where, texts in _markdown_texts(at).items():
            for text in _story_bearing(texts):
                text = re.sub(r"^`\d+` ", "", text)  # the sentence number, the page's own code span
                if not markdown_is_literal(text):
                    problems.append(f"{lang} {where}: {text[:90]!r}")
    assert problems == [], "\n".join(problems)


def test_about_source_url_cannot_leave_its_code_span(make_page):
    """The About page shows each source's URL as code; a backtick in the URL must not end the span."""
    at = make_page("pages/3_About.py", {"lang": "en"}, lang="en")
    line = next(m.value for m in at.markdown if "evil.example" in m.value.replace("\\", ""))
    title_part, _, url_part = line.partition("  \n")
    assert markdown_is_literal(title_part.removeprefix("- "))
    # Correct: either escaped text, or a code span whose fence is longer than any backtick run inside.
    fence = re.match(r"`+", url_part)
    if fence and url_part.endswith(fence.group()):
        inner = url_part[len(fence.group()):-len(fence.group())]
        assert fence.group() not in inner, f"the URL closes its code span: {url_part!r}"
    else:
        assert markdown_is_literal(url_part), url_part


def test_chronology_table_cells_are_literal(make_page):
    """st.table renders each cell (and the index) as Markdown in Streamlit 1.67: story text must be escaped."""
    at = make_page("pages/2_Chronology.py", {"lang": "en"}, lang="en")
    table = at.table[0].value
    cells = [str(v) for v in [*table.index, *table.to_numpy().ravel()]]
    assert any("event-title-en" in c.replace("\\", "") for c in cells)  # the title is there
    bad = [c[:80] for c in _story_bearing(cells) if not markdown_is_literal(c)]
    assert bad == [], bad
    # the layer filter is a multiselect: plain text in Streamlit (no Markdown), so the raw name is right
    assert payload("layer-en") in at.multiselect[0].options
    for where, texts in _markdown_texts(at).items():
        for text in _story_bearing(texts):
            assert markdown_is_literal(text), (where, text)


@pytest.mark.parametrize("asked", ["../events", "../../../etc/passwd", "/etc/passwd", "stories/../app", "upload"])
def test_story_query_parameter_cannot_name_a_file(make_page, asked):
    """``?story=`` picks only among the deployment's stories; anything else shows the default story."""
    at = make_page("app_pages.py", {"story": asked, "lang": "en"})
    assert any("title-en" in h.value.replace("\\", "") for h in at.header)  # the default (payload) story
    assert not at.error


# --- exports -------------------------------------------------------------------------------------


def test_export_geojson_round_trips_the_exact_texts(events):
    from geo.render.export import geojson_text

    text = geojson_text(events)
    data = json.loads(text)
    props = {f["id"]: f["properties"] for f in data["features"]}["payload-event"]
    assert props["title_vi"] == payload("event-title-vi") and props["note_en"] == payload("note-en")
    assert props["actors"] == [payload("actor")]


CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _text_cells(events) -> list[tuple[str, str]]:
    from geo.render.export import csv_text

    rows = list(csv.DictReader(io.StringIO(csv_text(events))))
    numeric = {"lat", "lon"}
    return [(key, value) for row in rows for key, value in row.items() if key not in numeric and value]


def test_export_csv_round_trips_the_exact_texts(events):
    cells = dict((k, v) for k, v in _text_cells(events) if k.startswith("title"))
    assert any(v == payload("event-title-vi") for k, v in _text_cells(events))


def test_export_csv_cells_never_start_a_spreadsheet_formula(tmp_path):
    """CSV injection: a text cell starting with = + - @ (or tab/CR) runs as a formula in a spreadsheet.

    The CSV is meant to be opened in a spreadsheet (geo/render/export.py). Text cells that would start a
    formula must be neutralised (OWASP: prefix a single quote); numeric lat/lon stay numbers.
    """
    from geo.places.geocode import geocode_story
    from geo.story.load import load_story

    path = write_payload_story(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace(_q(payload("event-title-vi")), _q('=HYPERLINK("https://evil.example/","click")'))
    text = text.replace(_q(payload("summary-en")), _q("@SUM(1+1)*cmd|' /C calc'!A0"))
    text = text.replace(_q(payload("actor")), _q("+1+1"))
    text = text.replace(_q(payload("note-vi")), _q("-2+3"))
    path.write_text(text, encoding="utf-8")
    cells = _text_cells(geocode_story(load_story(path)))
    formulas = [(k, v) for k, v in cells if CSV_FORMULA.match(v) and k not in ("wkt",)]
    assert formulas == [], formulas


def test_export_standalone_html_has_no_active_story_markup(loaded, events):
    standalone = pytest.importorskip("geo.render.standalone", reason="no standalone HTML export yet")
    document = standalone.standalone_html(loaded, events, lang="en")
    document = document.decode("utf-8") if isinstance(document, bytes) else document
    parsed = parse_html(document)
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert not any((v or "").lower().startswith("javascript:") for _, v in parsed.attrs)
    assert "<img src=x" not in document and "<script>alert" not in document.lower()
    assert "\u2028" not in "".join(re.findall(r"<script[^>]*>(.*?)</script>", document, flags=re.S))


# --- YAML -----------------------------------------------------------------------------------------


DANGEROUS_YAML = {
    "python/object/apply": "x: !!python/object/apply:os.system ['touch {marker}']\n",
    "python/object/apply top": "!!python/object/apply:os.system ['touch {marker}']\n",
    "python/object/new": "x: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    "python/name": "x: !!python/name:os.system\n",
    "python/module": "x: !!python/module:os\n",
    "python/tuple": "x: !!python/tuple [1, 2]\n",
    "python/object": "x: !!python/object:argparse.Namespace {{a: 1}}\n",
    "binary": "x: !!binary aGVsbG8=\n",
    "set": "x: !!set {{a, b}}\n",
    "omap": "x: !!omap [{{a: 1}}]\n",
    "custom local tag": "x: !evil {{a: 1}}\n",
    "verbatim tag": "x: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']\n",
    "tag directive": "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nx: !p!os.system ['touch {marker}']\n",
}


@pytest.mark.parametrize("name", list(DANGEROUS_YAML), ids=list(DANGEROUS_YAML))
def test_yaml_tags_never_construct_objects(name, tmp_path):
    from geo.story.yaml_reader import read_yaml

    marker = tmp_path / "pwned"
    with pytest.raises(StoryError) as info:
        read_yaml(DANGEROUS_YAML[name].format(marker=marker), "evil.yaml")
    assert not marker.exists()
    assert "evil.yaml" in str(info.value)


def test_yaml_dangerous_story_file_is_refused_by_load_story(tmp_path):
    from geo.story.load import load_story

    marker = tmp_path / "pwned"
    path = tmp_path / "story.yaml"
    path.write_text(f"story: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(StoryError) as info:
        load_story(path)
    assert not marker.exists()
    assert "not allowed" in str(info.value)


def test_yaml_is_only_read_through_safe_loaders():
    """No yaml.load / unsafe_load / full_load, no unsafe Loader anywhere in the app's code or scripts."""
    offenders = []
    for path in [*APP_CODE, *sorted((ROOT / "scripts").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                if node.attr in {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all",
                                 "Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: yaml.{node.attr}")
    assert offenders == []


def test_javascript_url_in_a_source_is_refused(tmp_path):
    from geo.story.load import load_story

    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:x", " https://example.org/", "https://exa mple.org/"):
        path = write_payload_story(tmp_path / re.sub(r"\W", "_", url), url=url)
        with pytest.raises(StoryError) as info:
            load_story(path)
        assert "url" in str(info.value)


# --- code hygiene -----------------------------------------------------------------------------------


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}


def _forbidden_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in FORBIDDEN_CALLS and not (isinstance(func, ast.Attribute) and name == "compile"
                                                and getattr(func.value, "id", "") in ("re", "regex")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(")
    return found


def test_no_eval_or_exec_in_the_app():
    offenders = [hit for path in APP_CODE for hit in _forbidden_calls(path)]
    assert offenders == []
    # and the plain-text grep the brief asks for (comments and docstrings included)
    texts = [(p, p.read_text(encoding="utf-8")) for p in APP_CODE]
    assert [str(p.relative_to(ROOT)) for p, t in texts if re.search(r"(?<![\w.])(eval|exec)\(", t)] == []


def test_no_pickle_or_shell_in_the_runtime_code():
    runtime = APP_CODE
    offenders = []
    for path in runtime:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bimport pickle\b", r"\bpickle\.loads?\(", r"\bmarshal\.loads?\(", r"shell\s*=\s*True",
                        r"\bos\.system\(", r"\bos\.popen\(", r"unsafe_allow_html\s*=\s*True"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_streamlit_config_keeps_xsrf_protection_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config.get("server", {})
    assert server.get("enableXsrfProtection") is True
    assert server.get("enableCORS", True) is True  # XSRF protection needs CORS protection on too
    assert config.get("global", {}).get("developmentMode", False) is False


UPLOAD_FORBIDDEN = re.compile(
    r"(?<![.\w])(exec|eval|compile|__import__)\s*\(|\bimportlib\b|\brunpy\b|\bpickle\b|\bmarshal\b|\bsubprocess\b"
    r"|\bos\.system\b|yaml\.(unsafe_)?load\(|\bopen\(|write_(bytes|text)\(")


def test_uploads_are_parsed_as_data_never_executed():
    """Any module taking an upload (st.file_uploader) parses it as a story and never runs or imports it."""
    uploaders = [p for p in [ROOT / "app.py", ROOT / "app_pages.py", *sorted((ROOT / "pages").glob("*.py")),
                             *sorted((ROOT / "webapp").glob("*.py"))]
                 if "file_uploader" in p.read_text(encoding="utf-8")]
    for path in uploaders:
        text = path.read_text(encoding="utf-8")
        assert not UPLOAD_FORBIDDEN.search(text), f"{path.relative_to(ROOT)}: {UPLOAD_FORBIDDEN.search(text)}"
        assert re.search(r"\b(parse_story|read_yaml|decode_text|load_story|load_upload|read_file|import_story)\b",
                         text), f"{path.relative_to(ROOT)} takes an upload without parsing it through geo.story"
    if not uploaders:
        pytest.skip("the app takes no uploads (no st.file_uploader) — nothing to execute")
    readers = ["formats.py", "import_file.py", "tables.py", "table_story.py", "records.py", "json_reader.py",
               "yaml_reader.py", "parquet_reader.py"]
    for name in readers:
        text = (ROOT / "geo" / "story" / name).read_text(encoding="utf-8")
        assert not UPLOAD_FORBIDDEN.search(text), f"geo/story/{name}: {UPLOAD_FORBIDDEN.search(text)}"


UPLOADS = {
    "evil.yaml": b"story: !!python/object/apply:os.system ['touch {marker}']\n",
    "evil.yml": b"!!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    "evil.py": b"import os\nos.system('touch {marker}')\n",
    "evil.yaml.py": b"import os\nos.system('touch {marker}')\n",
    "evil.pkl": b"\x80\x04\x95",
    "evil.csv": b"id,layer,title_vi\n=cmd|' /C touch {marker}'!A0,talks,x\n",
    "evil.geojson": b'{{"type": "FeatureCollection", "features": [], "__class__": "os.system"}}',
    "evil.json": b'{{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": '
                 b'{{"id": "!!python/object/apply:os.system"}}, "geometry": null}}]}}',
}


@pytest.mark.parametrize("name", list(UPLOADS))
def test_uploads_with_code_are_refused_as_data(name, tmp_path):
    story_formats = pytest.importorskip("geo.story.formats", reason="no upload loader yet")
    marker = tmp_path / "pwned"
    raw = UPLOADS[name].replace(b"{marker}", str(marker).encode()).replace(b"{{", b"{").replace(b"}}", b"}")
    with pytest.raises(StoryError):
        story_formats.load_upload(name, raw)
    assert not marker.exists()


def test_escape_helpers_cover_the_whole_payload():
    """The building blocks, on the same payload (tests/test_safe_text.py has the properties)."""
    assert parse_html(escape_html(PAYLOAD)).tags == []
    assert html.unescape(escape_html(PAYLOAD)) == PAYLOAD
    assert json.loads(js_json(PAYLOAD)) == PAYLOAD and "<" not in js_json(PAYLOAD)
    assert markdown_is_literal(escape_markdown(PAYLOAD))


# --- server-side template injection -------------------------------------------------------------
# branca compiles each element's rendered script as a Jinja template and renders it again with
# the figure, so "{{ … }}" in story text would run on the server (it did: "{{ 7*7 }}" became 49).

JINJA_PAYLOADS = [
    "{{ 'ssti' ~ 'ran' }}",
    "{% if 1 %}jinja-ran{% endif %}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{# hidden #}",
]


def _jinja_story(tmp_path):
    from geo.places.geocode import geocode_story
    from geo.story.load import load_story

    text = (ROOT / "tests" / "data" / "mini" / "story.yaml").read_text(encoding="utf-8")
    text = text.replace('title: {vi: "Câu chuyện nhỏ", en: "A small story"}',
                        'title: {vi: "T ' + JINJA_PAYLOADS[0].replace("'", "") + '", en: "T ' + JINJA_PAYLOADS[1] + '"}')
    text = text.replace('name: {vi: "Hội đàm", en: "Talks"}',
                        "name: {vi: '" + JINJA_PAYLOADS[2] + "', en: '" + JINJA_PAYLOADS[3] + "'}")
    text = text.replace('title: {vi: "Gặp ở Nagato", en: "Meeting in Nagato"}',
                        'title: {vi: "' + JINJA_PAYLOADS[2] + '", en: "' + JINJA_PAYLOADS[0] + '"}')
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "article.vi.txt").write_bytes((ROOT / "tests" / "data" / "mini" / "article.vi.txt").read_bytes())
    loaded = load_story(tmp_path / "story.yaml")
    return loaded, geocode_story(loaded)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_story_text_is_never_run_as_a_server_side_template(tmp_path, lang):
    from geo.render.map_data import prepare_features, region_bounds, view_message
    from geo.render.map_view import build_base_map
    from geo.timeline.days import select, story_days

    loaded, events = _jinja_story(tmp_path)
    story = loaded.story
    day = story_days(events)[0]
    base = build_base_map(story, lang, region_bounds(story, events))
    rendered = base.get_root().render()  # what branca renders, templates and all (layer groups and control too)
    view = json.dumps(view_message(select(events, day, "day"), story, prepare_features(events, story, lang),
                                   day=day.isoformat()))
    for text in (rendered, view):
        assert "sstiran" not in text  # "{{ 'ssti' ~ 'ran' }}" was evaluated
        assert "jinja-ran" not in text.replace("%}jinja-ran{%", "")
        assert str(ROOT) not in text  # os.getcwd() ran
    kept = "cycler.__init__" if lang == "vi" else "# hidden #"  # the layer name, kept as data
    assert kept in rendered