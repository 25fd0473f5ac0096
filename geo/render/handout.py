"""A printable handout of a story: one A4-landscape PDF page per day.

Each page shows the day's map (offline basemap, the day's events, legend), the story title,
the day and captions (each event's title, place and summary). The page is the standalone
HTML export (:mod:`geo.render.standalone`) in its print mode, printed by headless Chromium through
Playwright with every request other than the local file blocked.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd

from geo.render.standalone import standalone_html
from geo.story.load import LoadedStory

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# A4 landscape at 96 px per inch: the print sheets are laid out at their paper size.
VIEWPORT = {"width": 1123, "height": 794}
TIMEOUT_MS = 60_000
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def find_chromium() -> str | None:
    """Debian's Chromium, if installed."""
    for path in CHROMIUM_PATHS:
        if os.path.exists(path):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def handout_available() -> bool:
    """Whether this machine can print the handout (Playwright and Chromium are both there)."""
    import importlib.util

    return importlib.util.find_spec("playwright") is not None and find_chromium() is not None


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages in a PDF written by Chromium (``/Type /Page`` objects, not ``/Pages``)."""
    return len(_PAGE.findall(pdf))


def handout_pdf(loaded: LoadedStory, events: gpd.GeoDataFrame, lang: str | None = None) -> bytes:
    """The story as a PDF handout, one page per day, in ``lang`` (the story's default if None).

    Raises
    ------
    RuntimeError
        When Chromium or Playwright is missing, or the page fails to draw.
    """
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("the PDF handout needs Chromium: install Debian's chromium "
                           "(apt-get install chromium) so that /usr/bin/chromium exists")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in requirements-dev
        raise RuntimeError(f"the PDF handout needs Playwright for Python (pip install playwright): {exc}") from None

    lang = lang or loaded.story.story.default_language
    html = standalone_html(loaded, events, lang=lang)
    with tempfile.TemporaryDirectory(prefix="handout-") as tmp:
        page_file = Path(tmp) / "handout.html"
        page_file.write_text(html, encoding="utf-8")
        url = page_file.as_uri() + f"?print=all&lang={lang}"
        errors: list[str] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))

                def route(r):
                    if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
                        r.continue_()
                    else:
                        r.abort()

                page.route("**/*", route)
                page.emulate_media(media="print")
                page.goto(url)
                try:
                    page.wait_for_selector("body[data-print-ready]", state="attached", timeout=TIMEOUT_MS)
                except PlaywrightError as exc:
                    raise RuntimeError(f"the handout page did not finish drawing: {errors or exc}") from None
                if errors:
                    raise RuntimeError(f"the handout page failed: {errors}")
                pdf = page.pdf(format="A4", landscape=True, print_background=True,
                               margin={"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"})
            finally:
                browser.close()
    return pdf
