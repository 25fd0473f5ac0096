"""The optional online geocoder (Nominatim through geopy), used only when asked for.

It identifies itself, waits at least a second between requests (Nominatim's usage
policy), gives up after a short timeout, and caches answers in memory and, when given a
folder, on disk. When offline or failing it says so through :attr:`OnlineGeocoder.status`
and returns nothing; the bundled gazetteer keeps working.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from shapely.geometry import Point

from geo.gazetteer import Resolved, fold

USER_AGENT = "geo-timeline-map/1.0 (educational story map; offline-first)"


class OnlineGeocoder:
    """Nominatim lookups with a rate limit, a timeout and a cache.

    Parameters
    ----------
    cache_dir
        Folder for ``nominatim.json``; None keeps the cache in memory only (as on
        Streamlit Community Cloud, where the app writes no files).
    timeout
        Seconds to wait for one answer.
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
                self.cache = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.cache = {}
        self.status = "not used"
        self._last = 0.0
        self._failed = False

    def _client(self):
        from geopy.geocoders import Nominatim

        kwargs = {"user_agent": USER_AGENT, "timeout": self.timeout, "scheme": self.scheme}
        if self.domain:
            kwargs["domain"] = self.domain
        return Nominatim(**kwargs)

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
            location = self._client().geocode(name, exactly_one=True)
            lon, lat = (float(location.longitude), float(location.latitude)) if location else (999.0, 999.0)
        except (GeopyError, OSError, ValueError, TypeError, AttributeError) as exc:
            self._failed = True
            self.status = f"online geocoder unavailable ({type(exc).__name__}); using the bundled gazetteer only"
            return None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            self.cache[key] = None
            self._save()
            return None
        self.cache[key] = [lon, lat]
        self.status = "online geocoder answered"
        self._save()
        return Resolved(name, None, {"en": name}, Point(lon, lat), "city", "online")

    def _save(self) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(self.cache, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass
