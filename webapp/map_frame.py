"""The folium map inside the page, rendered once per story, language and mode.

``st_folium`` renders the whole folium map (Jinja templates compiled per element) on every
call: about 20 ms a rerun for a map whose arguments never change between days. Here its
component arguments are computed once by ``st_folium`` itself and replayed on later reruns,
so a day step costs the server nothing for the map and Streamlit sends only a reference to
the message it already sent (its message cache).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import folium
import streamlit_folium
from streamlit import runtime
from streamlit_folium import st_folium

_capturing: ContextVar[dict[str, Any] | None] = ContextVar("st_folium_capture", default=None)
# The package's own component function (pinned streamlit-folium, requirements.txt), kept on the package:
# when Streamlit reloads this module (a file changed on a running server), the package's attribute is
# already our wrapper, and wrapping the wrapper would lose the component.
_component_func = getattr(streamlit_folium, "_story_original_component_func", streamlit_folium._component_func)
streamlit_folium._story_original_component_func = _component_func


def _capture_or_render(**kwargs: Any) -> Any:
    sink = _capturing.get()
    if sink is None:
        return _component_func(**kwargs)
    sink.update(kwargs)
    return None


# st_folium looks the component up as a module global at call time; the context variable keeps
# the capture to the thread (session) that asked for it.
streamlit_folium._component_func = _capture_or_render

# folium's header forbids zooming the page (maximum-scale=1, user-scalable=no: WCAG 1.4.4); the
# component's own page already has a viewport meta without those limits.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*user-scalable=no"\s*/>')


def accessible_header(header: str) -> str:
    """``st_folium``'s header without folium's zoom-forbidding viewport meta."""
    return _FOLIUM_VIEWPORT.sub("", header)


_CACHE: OrderedDict[tuple, tuple[object, dict[str, Any]]] = OrderedDict()
_LOCK = threading.Lock()
_RENDERING: dict[tuple, threading.Lock] = {}  # one lock per map being rendered
CACHED_MAPS = 32


def _cached(cache_key: tuple, owner: object) -> dict[str, Any] | None:
    with _LOCK:
        hit = _CACHE.get(cache_key)
        if hit is not None and hit[0] is owner:
            _CACHE.move_to_end(cache_key)
            return hit[1]
    return None


def component_args(owner: object, key: str, build: Callable[[], folium.Map], **options: Any) -> dict[str, Any]:
    """``st_folium``'s component arguments for the map ``build()`` returns, computed once per
    ``owner`` (the shown story), ``key`` and ``options``: sessions asking for a map another thread is
    rendering (the warm-up's, or a class opening the same page at once) wait for it."""
    cache_key = (id(owner), key, tuple(sorted(options.items())))
    args = _cached(cache_key, owner)
    if args is not None:
        return args
    with _LOCK:
        rendering = _RENDERING.setdefault(cache_key, threading.Lock())
    with rendering:
        args = _cached(cache_key, owner)
        if args is not None:
            return args
        sink: dict[str, Any] = {}
        token = _capturing.set(sink)
        try:
            st_folium(build(), key=key, **options)
        finally:
            _capturing.reset(token)
        sink.pop("on_change", None)  # only stores the map's return value, which the app does not read
        sink["header"] = accessible_header(sink.get("header") or "")
        with _LOCK:
            _CACHE[cache_key] = (owner, sink)
            while len(_CACHE) > CACHED_MAPS:
                _CACHE.popitem(last=False)
            _RENDERING.pop(cache_key, None)
    return sink


def ensure_registered() -> None:
    """streamlit-folium declares its component when it is imported; Streamlit registers it (and serves
    its frame) only if that import happens inside a script run. The server's warm-up imports it
    earlier (``webapp.warm_up``), so the component is registered here, by the first run that draws a map."""
    registry = runtime.get_instance().component_registry
    if registry.get_component_path(_component_func.name) is None:
        registry.register_component(_component_func)


def show_map(owner: object, key: str, build: Callable[[], folium.Map], **options: Any) -> None:
    """Draw the map (see :func:`component_args`); what the browser returns is not used."""
    ensure_registered()
    _component_func(**component_args(owner, key, build, **options))
