"""Real-browser fixtures: `streamlit run app.py` servers and a headless Chromium that may only reach localhost.

Every page routes all requests: those to localhost/127.0.0.1 continue, everything else is
aborted and recorded, so a test can show that the map needs no network. On a failing test
the page is saved as a screenshot in ``test-output/``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from benchmarks.browser import CHROMIUM_ARGS, LOCAL_HOSTS, start_server

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
XSS_STORY = ROOT / "tests" / "data" / "xss" / "story.yaml"
SERVER_START_TIMEOUT = 90.0


def _start_server(name: str, story: Path | None) -> Iterator[str]:
    """Run `streamlit run app.py` on a free port until the session ends; yield its URL. The same
    start-up as the benchmarks' (``benchmarks.browser.start_server``), its log in ``test-output/``."""
    if CHROMIUM is None:
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium): browser tests need one")
    OUTPUT.mkdir(exist_ok=True)
    server = start_server(ROOT, story, OUTPUT, name, timeout=SERVER_START_TIMEOUT)
    try:
        yield server.url
    finally:
        server.stop()


BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items) -> None:
    """Every test in this folder is a browser test: marked, given time, and skipped without Chromium."""
    skip = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium (apt-get install chromium): "
                                                       "the browser tests need one")
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(skip)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(180))


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on the shipped story (events.yaml)."""
    yield from _start_server("default", None)


@pytest.fixture(scope="session")
def xss_url() -> Iterator[str]:
    """The app on a story whose texts carry script payloads."""
    yield from _start_server("xss", XSS_STORY)


@pytest.fixture(scope="session")
def large_url(tmp_path_factory) -> Iterator[str]:
    """The app on a synthetic story of 400 events: above PREFETCH_DETAILS, so popup texts come on demand."""
    from benchmarks.synthetic import write_story

    yield from _start_server("large", write_story(400, tmp_path_factory.mktemp("large")))


@pytest.fixture(scope="session")
def big_url(tmp_path_factory) -> Iterator[str]:
    """The app on a synthetic story of 2,500 events (3 MB, a story file on the server): above
    PREFETCH_EVENTS, so its markers come a view at a time, the next day's a step early."""
    from benchmarks.synthetic import write_story

    yield from _start_server("big", write_story(2_500, tmp_path_factory.mktemp("big")))


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium): browser tests need one")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        pw.stop()


@dataclass
class Watched:
    """A page and what happened on it: network requests aborted, page errors, dialogs."""

    page: object
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    """A fresh page (own context) that may only reach localhost, with errors and dialogs recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    w = Watched(page)

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        if host in LOCAL_HOSTS or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            w.aborted.append(r.request.url)
            r.abort()

    def on_dialog(dialog):
        w.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: w.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    yield w
    context.close()


@pytest.fixture
def page(watched):
    return watched.page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        watched = item.funcargs.get("watched")
        if watched is not None:
            OUTPUT.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])
            path = OUTPUT / f"{name}.png"
            try:
                watched.page.screenshot(path=str(path), full_page=True)
                report.sections.append(("screenshot", str(path)))
            except Exception as exc:  # the page may be gone; the failure itself matters more
                report.sections.append(("screenshot", f"not saved: {exc}"))


# --- added for the classroom and accessibility tests ------------------------------------------

SCRIPT_IDLE = "[data-test-script-state=notRunning]"
AXE_JS = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def idle(page):
    """``idle()`` waits until no Streamlit script run is in progress on ``page``.

    Streamlit drops a click (or a clicker key's click) that lands while the script runs, so
    every action waits for this first; after the action, wait for its visible effect.
    """

    def wait(timeout: float = 30_000) -> None:
        page.wait_for_selector(SCRIPT_IDLE, state="attached", timeout=timeout)

    return wait


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """The vendored axe-core (injected into pages with ``add_script_tag(path=...)``)."""
    if not AXE_JS.is_file():
        pytest.skip(f"axe-core is not vendored at {AXE_JS}")
    return AXE_JS
