"""The optional online geocoder (Nominatim through geopy), used only when asked for.

It identifies itself, waits at least a second between requests (Nominatim's usage
policy), gives up after a short timeout for the whole lookup (not per read, and without
retries), checks the coordinates it gets, and caches answers in memory and, when given a
folder, on disk. When offline or failing it says so through :attr:`OnlineGeocoder.status`
and returns nothing; the bundled gazetteer keeps working.
"""

from __future__ import annotations

import concurrent.futures
import json
import time
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geo.places.gazetteer import Resolved, fold

USER_AGENT = "geo-timeline-map/1.0 (educational story map; offline-first)"


def _coordinates(raw: Any) -> tuple[float, float] | None:
    """(lon, lat) from a Nominatim answer's raw fields, or None unless both are on the globe."""
    try:
        lon, lat = float(raw["lon"]), float(raw["lat"])
    except (KeyError, TypeError, ValueError):
        return None
    if -180 <= lon <= 180 and -90 <= lat <= 90:
        return lon, lat
    return None


class OnlineGeocoder:
    """Nominatim lookups with a rate limit, a total timeout and a cache.

    Parameters
    ----------
    cache_dir
        Folder for ``nominatim.json``; None keeps the cache in memory only (as on
        Streamlit Community Cloud, where the app writes no files).
    timeout
        Seconds one lookup may take in all.
    domain, scheme
        Where Nominatim is (tests point these at a local server).
    """

    def __init__(self, cache_dir: Path | None = None, timeout: float = 3.0, min_delay: float = 1.0,
                 domain: str | None = None, scheme: str = "https"):
        self.timeout = timeout
        self.min_delay = min_delay
        self.domain = domain
        self.scheme = scheme
        self.cache_file = cache_dir / "nominatim.json" if cache_dir else None
        self.cache: dict[str, list[float] | None] = {}
        if self.cache_file and self.cache_file.exists():
            try:
                loaded = json.loads(self.cache_file.read_text(encoding="utf-8"))
                self.cache = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.cache = {}
        self.status = "not used"
        self._last = 0.0
        self._failed = False

    def _client(self):
        from geopy.adapters import RequestsAdapter, URLLibAdapter
        from geopy.geocoders import Nominatim

        try:
            import requests  # noqa: F401

            def adapter(**kw):
                return RequestsAdapter(max_retries=0, **kw)
        except ImportError:
            adapter = URLLibAdapter
        kwargs = {"user_agent": USER_AGENT, "timeout": self.timeout, "scheme": self.scheme,
                  "adapter_factory": adapter}
        if self.domain:
            kwargs["domain"] = self.domain
        return Nominatim(**kwargs)

    def _lookup(self, name: str) -> Any:
        """One request, bounded in total time (a server that trickles bytes is cut off too)."""
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        try:
            future = pool.submit(self._client().geocode, name, exactly_one=True)
            return future.result(timeout=self.timeout + 0.5)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def resolve(self, name: str) -> Resolved | None:
        """Look a name up online; None when not found, offline, slow or answering garbage."""
        key = fold(name)
        if key in self.cache:
            hit = self.cache[key]
            return Resolved(name, None, {"en": name}, Point(hit), "city", "online") if hit else None
        if self._failed:
            return None  # one failure per run is enough: don't wait on the network again
        from geopy.exc import GeopyError

        wait = self.min_delay - (time.monotonic() - self._last)
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()
        try:
            location = self._lookup(name)
        except concurrent.futures.TimeoutError:
            return self._fail("timed out")
        except (GeopyError, OSError, ValueError, TypeError, AttributeError, KeyError) as exc:
            return self._fail(type(exc).__name__)
        if location is None:
            self.cache[key] = None
            self._save()
            return None
        coordinates = _coordinates(getattr(location, "raw", None))
        if coordinates is None:
            return self._fail("answered with coordinates off the globe")
        self.cache[key] = list(coordinates)
        self.status = "online geocoder answered"
        self._save()
        return Resolved(name, None, {"en": name}, Point(coordinates), "city", "online")

    def _fail(self, why: str) -> None:
        self._failed = True
        self.status = f"online geocoder unavailable ({why}); using the bundled gazetteer only"
        return None

    def _save(self) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(self.cache, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass
