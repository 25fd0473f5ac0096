"""The functional core stays free of Streamlit, and the app serves every asset itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_geo_never_imports_streamlit():
    offenders = []
    for path in (ROOT / "geo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_every_map_asset_is_vendored_and_no_cdn_remains():
    from geo.render.basemap_files import BASEMAP_FILES
    from geo.render.map_view import VENDOR_CSS, vendor_js

    for _, relative in vendor_js("vi") + vendor_js("en") + VENDOR_CSS:
        assert (ROOT / "static" / relative).is_file(), relative
    for relative, _ in BASEMAP_FILES:
        assert (ROOT / "static" / relative).is_file(), relative


def test_rendered_base_map_loads_nothing_from_another_host():
    import folium

    from geo.render.map_view import build_base_map
    from geo.story.load import load_story

    story = load_story(ROOT / "events.yaml").story
    m = build_base_map(story, "vi", [[24, 122], [47, 150]])
    links = [url for el in _walk(m) for _, url in getattr(el, "default_js", []) + getattr(el, "default_css", [])]
    assert links and all(not re.match(r"https?://", url) for url in links), links
    assert isinstance(m, folium.Map)


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_map_frame_loads_one_leaflet_bundle_that_is_up_to_date(lang):
    """The bundle is the vendored scripts joined in load order (re-run scripts/vendor_assets.py after
    changing them); the map frame loads it and our own script, nothing else."""
    from geo.render.map_view import VENDOR_BUNDLE, build_base_map, bundle_text, vendor_js
    from geo.story.load import load_story

    bundle = (ROOT / "static" / VENDOR_BUNDLE.format(lang=lang)).read_text(encoding="utf-8")
    assert bundle == bundle_text(ROOT / "static", lang)
    assert "sourceMappingURL" not in bundle
    measure = dict(vendor_js(lang))["measure"]
    assert f"/* --- {measure} --- */" in bundle and bundle.index("vendor/leaflet/leaflet.js") < bundle.index(measure)
    story = load_story(ROOT / "events.yaml").story
    scripts = [url for _, url in build_base_map(story, lang, [[24, 122], [47, 150]]).default_js]
    assert [url.rsplit("/static/", 1)[-1].split("?v=")[0] for url in scripts] == [VENDOR_BUNDLE.format(lang=lang), "app/storymap.js"]


def test_the_measuring_tool_speaks_the_readers_language():
    from geo.render.map_view import vendor_js

    vi = dict(vendor_js("vi"))["measure"]
    en = dict(vendor_js("en"))["measure"]
    assert vi != en
    text = (ROOT / "static" / vi).read_text(encoding="utf-8")
    assert "Đo khoảng cách và diện tích" in text and "Measure distances and areas" not in text
    assert ">Delete<" not in text and ">Xóa<" in text
