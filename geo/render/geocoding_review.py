"""The geocoding review of an uploaded story: each place name, what it was found as and where, in the
reader's language, so a namesake far from the place meant (a province taken for a town of its name)
shows before the story is put on the map."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.places.geocode import PlaceResolution
from geo.render.i18n import t

HEADERS = {
    "event": {"vi": "Sự kiện", "en": "Event"},
    "name": {"vi": "Tên địa điểm", "en": "Place name"},
    "found": {"vi": "Tìm thấy", "en": "Found as"},
    "where": {"vi": "Vị trí", "en": "Where"},
    "method": {"vi": "Nguồn", "en": "Found by"},
    "precision": {"vi": "Độ chính xác", "en": "Precision"},
}
METHODS = {
    "gazetteer": {"vi": "danh mục địa danh", "en": "gazetteer"},
    "city database": {"vi": "cơ sở dữ liệu thành phố (kiểm tra lại)", "en": "city database (check it)"},
    "region database": {"vi": "cơ sở dữ liệu tỉnh, bang (kiểm tra lại)", "en": "province database (check it)"},
    "country outlines": {"vi": "đường biên quốc gia", "en": "country outlines"},
    "seas": {"vi": "tên biển trên bản đồ", "en": "the map's seas"},
    "explicit": {"vi": "tọa độ trong tệp", "en": "coordinates in the file"},
    "story": {"vi": "địa danh của câu chuyện", "en": "the story's places"},
    "online": {"vi": "trực tuyến", "en": "online"},
    "unresolved": {"vi": "không tìm thấy", "en": "not found"},
}


def review_table(resolved: Iterable[PlaceResolution], lang: str, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per place name of each event, headed in ``lang``; rows are named by the event's title
    (``titles``: id → title) or else its id.

    Examples
    --------
    >>> r = PlaceResolution("e1", "Quảng Ninh", None, "city database", "city", {"en": "Quán Hàu"}, 17.4, 106.64)
    >>> table = review_table([r], "en", {"e1": "Storm"})
    >>> table.index.tolist(), table.iloc[0].tolist()
    (['Storm'], ['Quảng Ninh', 'Quán Hàu', '17.40° N, 106.64° E', 'city database (check it)', 'city'])
    """
    rows = []
    for r in resolved:
        names = r.found or {}
        rows.append({
            "event": (titles or {}).get(r.event_id) or r.event_id,
            "name": r.name if r.name != "(geometry)" else t("review_geometry", lang),
            "found": names.get(lang) or names.get("en") or next(iter(names.values()), ""),
            "where": r.where(),
            "method": METHODS.get(r.method, {}).get(lang, r.method),
            "precision": t(r.precision, lang) if r.precision in ("venue", "city", "island", "region", "country")
            else r.precision,
        })
    frame = pd.DataFrame(rows, columns=list(HEADERS))
    return frame.rename(columns={key: words[lang] for key, words in HEADERS.items()}).set_index(HEADERS["event"][lang])
