"""The standalone HTML export (no browser): one self-contained file, no network, hostile text inert."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.places.geocode import geocode_story
from geo.render.handout import pdf_page_count
from geo.render.escaping import escape_html
from geo.render.standalone import standalone_html
from geo.story.load import load_story
from geo.timeline.days import MODES, story_days

XSS_STORY = Path(__file__).parent / "data" / "xss" / "story.yaml"
MAX_BYTES = 3 * 1024 * 1024
SVG_NS = "http://www.w3.org/2000/svg"  # an XML namespace name in Leaflet, never fetched
DATA_BLOCK = re.compile(r'<script type="application/json" id="sm-data">(.*?)</script>', re.S)
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def _export(path: Path, lang: str | None = None):
    loaded = load_story(path)
    events = geocode_story(loaded)
    return loaded, events, standalone_html(loaded, events, lang=lang)


@pytest.fixture(scope="module")
def shipped_export(repo_root):
    return _export(repo_root / "events.yaml")


@pytest.fixture(scope="module")
def xss_export():
    return _export(XSS_STORY)


def _data(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_shipped_story_fits_in_3_mb(shipped_export):
    *_, html = shipped_export
    assert len(html.encode("utf-8")) <= MAX_BYTES


def test_everything_is_inlined(shipped_export):
    *_, html = shipped_export
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html)
    assert "url(images/" not in html and "sourceMappingURL" not in html
    assert "L.markerClusterGroup" in html and "FeatureGroup.SubGroup" in html and "StoryMap" in html
    assert 'id="sm-basemap"' in html


def test_no_external_address_outside_the_story_sources(shipped_export):
    loaded, _, html = shipped_export
    outside = DATA_BLOCK.sub("", html)
    found = set(re.findall(r"https?://[^\s\"'<>)]*", outside))
    assert found <= {SVG_NS}, found
    sources = {s.url for s in loaded.story.story.sources if s.url}
    in_data = set(re.findall(r"https?://[^\s\"'<>)\\]*", DATA_BLOCK.search(html).group(1)))
    assert in_data <= sources, in_data - sources


def test_only_the_pages_own_scripts_may_run(shipped_export):
    *_, html = shipped_export
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    code = [m.group("body") for m in SCRIPT.finditer(html) if "application/json" not in m.group("attrs")]
    assert len(code) == 5
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in csp


def test_both_languages_every_day_and_mode_are_embedded(shipped_export):
    loaded, events, html = shipped_export
    title = loaded.story.story.title
    data = _data(html)
    assert data["title"] == {"vi": title.vi, "en": title.en}
    assert f"<title>{escape_html(title.vi)}</title>" in html  # the story's default language
    days = [d.isoformat() for d in story_days(events)]
    assert data["days"] == days == ["2016-12-15", "2016-12-16"]
    assert data["labels"]["en"] == ["15 Dec 2016 · Day 1", "16 Dec 2016 · Day 2"]
    for lang in ("vi", "en"):
        for mode in MODES:
            assert len(data["views"][lang][mode]) == len(days)
            assert len(data["order"][mode]) == len(days)
    day2_en = {f["properties"]["title"] for fc in data["views"]["en"]["day"][1].values() for f in fc["features"]}
    assert set(events[events["start"].astype(str) == "2016-12-16"]["title_en"]) <= day2_en
    # cumulative mode keeps day 1's events on day 2
    assert set(data["order"]["day"][0]) <= set(data["order"]["cumulative"][1])


def test_language_parameter(repo_root, shipped_export):
    loaded, events, _ = shipped_export
    html = standalone_html(loaded, events, lang="en")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert _data(html)["lang"] == "en"
    with pytest.raises(ValueError):
        standalone_html(loaded, events, lang="fr")


def test_hostile_text_stays_escaped(xss_export):
    loaded, _, html = xss_export
    for raw in ("<script>window.__pwned", "</script><script>", "<img id=pwned", "<svg id=pwned", "<iframe id=pwned",
                "<a id=pwned"):
        assert raw not in html, raw
    # eight <script> elements: five of our code, three of JSON data; no story text opens another
    assert len(re.findall(r"<script", html, re.I)) == 8
    assert f"<title>{escape_html(loaded.story.story.title.vi)}</title>" in html
    assert "\u2028" not in html and "\u2029" not in html
    data = _data(html)  # the JSON still carries the text exactly, for textContent
    assert data["title"]["en"] == loaded.story.story.title.en
    names = {layer["id"]: layer for layer in data["layers"]["vi"]}
    assert names["islands"]["nameHtml"] == escape_html(names["islands"]["name"])
    assert "`" not in names["islands"]["nameHtml"] and "${" not in names["islands"]["nameHtml"]


def test_cli_exports_html(repo_root, tmp_path):
    out = tmp_path / "story.html"
    done = subprocess.run([sys.executable, "-m", "geo", "export", "events.yaml", "--format", "html", "--lang", "en",
                           "--output", str(out)], cwd=repo_root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert _data(text)["lang"] == "en"


def test_handout_without_chromium_says_what_to_install(monkeypatch, shipped_export):
    import geo.render.handout

    loaded, events, _ = shipped_export
    monkeypatch.setattr(geo.render.handout, "find_chromium", lambda: None)
    with pytest.raises(RuntimeError, match="install Debian's chromium"):
        geo.render.handout.handout_pdf(loaded, events)


def test_pdf_page_count_ignores_the_pages_tree():
    pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type/Page>>"
    assert pdf_page_count(pdf) == 2
