"""Work done once when the server starts, before the first visitor's page has even booted.

``streamlit run app.py`` starts the server, then waits for a browser. The browser spends 1.5–2 s
booting Streamlit's page before the first script run begins, and that run used to start by
importing folium, geopandas and pydantic (about 1.5 s) and by loading the story. Here a thread
started with the server (``app.py``'s lifespan) does both while the page boots:

* imports the modules the map page needs, streamlit-folium included: imported here, outside a
  script run, its component is not registered with Streamlit, so the first run that draws a map
  registers it (``webapp.map_frame.ensure_registered``; unregistered, its frame would answer 404);
* loads, validates and geocodes the default story into the app's resource cache
  (``webapp.story_cache``), the same entry the first visitor's run asks for, and prepares its map
  features in the story's ``default_language``, the one the map page opens in, building those of
  the first day's view (``ShownStory.prepare_first_view``), and renders its base map
  (``webapp.story_map.prepare_base_map``).

Scripts call :func:`wait` before their own imports, so no module is imported by two threads at
once; a run that asks for the story while this thread is still loading it then waits on
Streamlit's per-value cache lock instead of loading it twice. Nothing here may stop the server: a
story error is logged and left for the page, which words it for the reader.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

_LOG = logging.getLogger("timeline.warm_up")
_THREAD_NAME = "timeline-warm-up"
_started = threading.Lock()
_thread: threading.Thread | None = None
_imported = threading.Event()  # set once the imports are over (done or failed)


def _warm() -> None:
    started = time.perf_counter()
    try:
        # The map page's imports.
        import folium.plugins  # noqa: F401
        import streamlit.emojis  # noqa: F401  (st.set_page_config checks page_icon against its 0.1 s regex)
        import geo.render.map_data  # noqa: F401
        import geo.render.map_view  # noqa: F401
        import geo.timeline.step_targets  # noqa: F401
        import geo.timeline.view_state  # noqa: F401
        import webapp.map_driver  # noqa: F401
        import webapp.presenter  # noqa: F401
        import webapp.session  # noqa: F401
        from webapp import story_cache, story_map  # story_map imports streamlit_folium (see above)
    except Exception as exc:  # pragma: no cover - the page's own imports then say what is missing
        _LOG.warning("warm-up: imports failed: %s", exc)
        return
    finally:
        _imported.set()
    try:
        imported = time.perf_counter()
        path = story_cache.DEFAULT_STORY
        shown = story_cache.load_cached(path)  # with the features of its first view in the language the map opens in
        lang = shown.loaded.story.story.default_language
        story_map.prepare_base_map(shown, story_map.page_map_key(story_cache.DEFAULT_KEY, shown, lang, False), lang)
        _LOG.info("warm-up: imports %.2f s, %s loaded in %.2f s", imported - started, path.name,
                  time.perf_counter() - imported)
    except Exception as exc:  # the page reports a story's problems to its reader, located
        _LOG.warning("warm-up stopped (the page will say why when it is opened): %s", exc)


def _not_from_the_warm_up(record: logging.LogRecord) -> bool:
    """Streamlit warns of a "missing ScriptRunContext" when its cache is used outside a script
    run, which the warm-up does on purpose: that warning is dropped for this thread only."""
    return record.threadName != _THREAD_NAME


def start() -> threading.Thread:
    """Start the warm-up thread (once per process) and return it."""
    global _thread
    with _started:
        if _thread is None:
            logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
                _not_from_the_warm_up)
            _thread = threading.Thread(target=_warm, name=_THREAD_NAME, daemon=True)
            _thread.start()
        return _thread


def wait() -> None:
    """Return once the warm-up's imports are over (at once if it never started: tests, scripts)."""
    if _thread is not None and _thread is not threading.current_thread():
        _imported.wait()


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start warming up and let the server answer at once."""
    start()
    yield
