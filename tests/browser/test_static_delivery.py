"""How the app's server answers for static files (``webapp.asset_delivery``), asked over real HTTP.

Streamlit's page code, the map frame's component files and the app's static folder are sent
compressed, with the same bytes and headers as Streamlit's own answer; what is not the
middleware's to change (a range, a client without gzip) is Streamlit's answer untouched. That each
is compressed once and then served from memory is tested in-process (tests/app/test_asset_delivery.py).
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import streamlit_folium

from tests.browser.map_helpers import map_frame

ROOT = Path(__file__).resolve().parents[2]
FOLIUM_BUILD = Path(streamlit_folium.__file__).resolve().parent / "frontend" / "build"


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def gzipped(url: str) -> tuple[dict[str, str], bytes]:
    """Headers and the decompressed body of a request that accepts gzip; it must come compressed,
    the same bytes each time."""
    status, headers, body = get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip", (url, headers)
    assert int(headers["content-length"]) == len(body)
    assert get(url, **{"Accept-Encoding": "gzip"})[2] == body
    return headers, gzip.decompress(body)


def test_streamlits_page_code_comes_compressed_and_immutable(app_url):
    _, _, page = get(app_url + "/")
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', page).group(1).decode()
    _, _, plain = get(f"{app_url}/{script}")
    headers, body = gzipped(f"{app_url}/{script}")
    assert body == plain
    assert "immutable" in headers["cache-control"]


def test_the_map_frames_component_code_comes_compressed_with_streamlits_headers(page, app_url):
    page.goto(app_url)
    map_frame(page)  # a session drew the map: streamlit-folium's frame is registered and served
    index = (FOLIUM_BUILD / "index.html").read_text(encoding="utf-8")
    script = re.search(r'src="\./(static/js/main\.[0-9a-f]+\.js)"', index).group(1)
    url = f"{app_url}/component/streamlit_folium.st_folium/{script}"
    headers, body = gzipped(url)
    assert body == (FOLIUM_BUILD / script).read_bytes()
    assert headers["cache-control"] == "public"  # Streamlit's, for a component's file
    status, plain_headers, plain = get(url)  # a client that does not ask for gzip
    assert status == 200 and "content-encoding" not in plain_headers and plain == body


def test_the_apps_static_files_come_compressed_a_versioned_one_cached_for_a_year(app_url):
    path = "app/static/basemap/world.geojson"
    original = (ROOT / "static" / "basemap" / "world.geojson").read_bytes()
    headers, body = gzipped(f"{app_url}/{path}?v=1")
    assert body == original and headers["cache-control"] == "public, max-age=31536000, immutable"
    headers, body = gzipped(f"{app_url}/{path}")
    assert body == original and headers["cache-control"] == "no-cache"


def test_a_range_request_gets_streamlits_own_answer(app_url):
    status, headers, body = get(f"{app_url}/app/static/basemap/world.geojson",
                                **{"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert status == 206 and "content-encoding" not in headers and len(body) == 100
