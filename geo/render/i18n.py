"""The app's own words in Vietnamese and English (story texts carry their own translations)."""

from __future__ import annotations

LANGS = ("vi", "en")
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Bản đồ dòng thời gian", "en": "Timeline map"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "day": {"vi": "Ngày", "en": "Day"},
    "previous": {"vi": "◀ Ngày trước", "en": "◀ Previous"},
    "next": {"vi": "Ngày sau ▶", "en": "Next ▶"},
    "play": {"vi": "▶ Phát", "en": "▶ Play"},
    "pause": {"vi": "⏸ Tạm dừng", "en": "⏸ Pause"},
    "speed": {"vi": "Tốc độ (giây mỗi ngày)", "en": "Speed (seconds per day)"},
    "mode": {"vi": "Hiển thị", "en": "Show"},
    "mode_day": {"vi": "Chỉ ngày này", "en": "This day only"},
    "mode_cumulative": {"vi": "Đến ngày này", "en": "Up to this day"},
    "layers": {"vi": "Lớp bản đồ", "en": "Map layers"},
    "events_of_day": {"vi": "Sự kiện trong ngày", "en": "Events of the day"},
    "events_so_far": {"vi": "Sự kiện đến ngày này", "en": "Events up to this day"},
    "no_events": {"vi": "Không có sự kiện nào trong các lớp đã chọn.", "en": "No events in the selected layers."},
    "background": {"vi": "Luôn hiển thị", "en": "Always shown"},
    "new": {"vi": "mới", "en": "new"},
    "earlier": {"vi": "trước đó", "en": "earlier"},
    "place": {"vi": "Địa điểm", "en": "Place"},
    "precision": {"vi": "độ chính xác", "en": "precision"},
    "date": {"vi": "Ngày", "en": "Date"},
    "time": {"vi": "Giờ (giờ địa phương)", "en": "Time (local)"},
    "undated": {"vi": "Không gắn với ngày cụ thể", "en": "Not tied to a day"},
    "article_says": {"vi": "Bài báo viết", "en": "The article says"},
    "translation": {"vi": "Bản dịch tiếng Anh", "en": "English translation"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "the_article": {"vi": "Bài báo gốc (tiếng Việt)", "en": "The source article (Vietnamese)"},
    "geography": {"vi": "Địa lý", "en": "Geography"},
    "area_km2": {"vi": "Diện tích", "en": "Area"},
    "length_km": {"vi": "Khoảng cách (đường trắc địa)", "en": "Distance (geodesic)"},
    "note": {"vi": "Cách xác định ngày và địa điểm", "en": "How date and place were established"},
    "loading_details": {"vi": "Đang tải nội dung…", "en": "Loading the details…"},
    "loading_map": {"vi": "Đang tải bản đồ…", "en": "Loading the map…"},
    "actors": {"vi": "Nhân vật", "en": "People"},
    "whole_region": {"vi": "Xem toàn vùng", "en": "Whole region"},
    "offline_map": {"vi": "Bản đồ ngoại tuyến (Natural Earth)", "en": "Offline map (Natural Earth)"},
    "tiles_offline": {
        "vi": "Không tải được lớp nền trực tuyến (không có mạng); bản đồ ngoại tuyến vẫn hiển thị.",
        "en": "Online tiles could not be loaded (no network); the offline map is still shown.",
    },
    "legend": {"vi": "Chú giải", "en": "Legend"},
    "selected_event": {"vi": "Sự kiện đã chọn", "en": "Selected event"},
    "choose_event": {"vi": "Chọn một sự kiện để xem chi tiết", "en": "Choose an event to read it"},
    "story_error": {"vi": "Không thể hiển thị câu chuyện", "en": "The story cannot be shown"},
    "venue": {"vi": "địa điểm cụ thể", "en": "venue"},
    "city": {"vi": "thành phố", "en": "city"},
    "island": {"vi": "đảo", "en": "island"},
    "region": {"vi": "vùng", "en": "region"},
    "country": {"vi": "quốc gia", "en": "country"},
    "km2": {"vi": "km²", "en": "km²"},
    "km": {"vi": "km", "en": "km"},
    "map_label": {"vi": "Bản đồ câu chuyện", "en": "Story map"},
    "day_of": {"vi": "Ngày {n}/{total}", "en": "Day {n} of {total}"},
    "events_count": {"vi": "{n} sự kiện", "en": "{n} events"},
    "presenter": {"vi": "Chế độ trình chiếu", "en": "Presenter mode"},
    "list_capped": {"vi": "Hiển thị {n}/{total} sự kiện; xem đủ ở trang Niên biểu.",
                    "en": "Showing {n} of {total} events; the Chronology page lists them all."},
    "page_map": {"vi": "Bản đồ", "en": "Map"},
    "page_article": {"vi": "Bài báo", "en": "Article"},
    "page_about": {"vi": "Giới thiệu", "en": "About"},
    "page_write": {"vi": "Viết câu chuyện", "en": "Write a story"},
    "page_chronology": {"vi": "Niên biểu", "en": "Chronology"},
    "page_your_story": {"vi": "Câu chuyện của bạn", "en": "Your story"},
    "story": {"vi": "Câu chuyện", "en": "Story"},
    "shipped_story": {"vi": "Putin – Abe, 12/2016 (mặc định)", "en": "Putin – Abe, Dec 2016 (default)"},
    "uploaded_story": {"vi": "Câu chuyện đã tải lên", "en": "Your uploaded story"},
    "your_story_page": {"vi": "Câu chuyện của bạn", "en": "Your story"},
    "upload": {"vi": "Tải lên câu chuyện, bảng hoặc bản đồ (YAML, JSON, CSV, Excel, GeoJSON, KML/KMZ, GPX, GeoPackage, "
                     "Shapefile nén .zip, FlatGeobuf, GeoParquet, TimelineJS, StoryMapJS; tối đa 2 MB)",
               "en": "Upload a story, a table or a map (YAML, JSON, CSV, Excel, GeoJSON, KML/KMZ, GPX, GeoPackage, zipped "
                     "Shapefile, FlatGeobuf, GeoParquet, TimelineJS, StoryMapJS; up to 2 MB)"},
    "upload_button": {"vi": "Chọn tệp", "en": "Choose a file"},
    "upload_ok": {"vi": "Đã tải {n} sự kiện. Câu chuyện này chỉ hiển thị trong phiên của bạn.",
                  "en": "Loaded {n} events. This story is shown in your session only."},
    "upload_bad": {"vi": "Tệp có vấn đề; câu chuyện đang hiển thị không thay đổi.",
                   "en": "The file has problems; the story shown has not changed."},
    "show_on_map": {"vi": "Xem trên bản đồ", "en": "Show it on the map"},
    "back_to_shipped": {"vi": "Quay lại câu chuyện mặc định", "en": "Back to the shipped story"},
    "review": {"vi": "Kiểm tra địa danh", "en": "Geocoding review"},
    "review_help": {"vi": "Mỗi tên địa điểm, nơi ứng dụng tìm thấy và tọa độ của nó. Một tỉnh có thể trùng tên với "
                          "một thị trấn ở xa: nếu vị trí sai, hãy thêm vĩ độ và kinh độ vào tệp.",
                    "en": "Each place name, what the app found it as, and where. A province can share its name with a "
                          "town far from it: if a place is wrong, add its latitude and longitude to the file."},
    "review_geometry": {"vi": "(hình học trong tệp)", "en": "(geometry in the file)"},
    "template": {"vi": "Tải câu chuyện mẫu (YAML)", "en": "Download a template story (YAML)"},
    "formats": {"vi": "Một bảng (mỗi dòng một sự kiện: ngày, tiêu đề, và tọa độ hoặc tên địa điểm) thành câu chuyện: "
                      "ứng dụng tự nhận ra các cột, bạn kiểm tra và đổi nếu cần. Tệp câu chuyện YAML hoặc JSON được đọc "
                      "nguyên như vậy.",
                "en": "A table (one event a row: a date, a title, and coordinates or a place name) becomes a story: the "
                      "app recognises its columns, you check and change them. A YAML or JSON story file is read as it is."},
    "find": {"vi": "Tìm địa điểm hoặc sự kiện", "en": "Find a place or event"},
    "find_placeholder": {"vi": "Gõ để tìm…", "en": "Type to search…"},
    "article_page": {"vi": "Bài báo, từng câu một", "en": "The article, sentence by sentence"},
    "no_article": {"vi": "Câu chuyện này không kèm bài báo.", "en": "This story comes without an article."},
    "places_marked": {"vi": "Tên địa điểm được in đậm.", "en": "Place names are in bold."},
    "chronology_page": {"vi": "Niên biểu", "en": "Chronology"},
    "search": {"vi": "Tìm kiếm (tiêu đề, tóm tắt, địa điểm)", "en": "Search (title, summary, place)"},
    "layer": {"vi": "Lớp", "en": "Layer"},
    "title": {"vi": "Tiêu đề", "en": "Title"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "download_geojson": {"vi": "Tải GeoJSON", "en": "Download GeoJSON"},
    "download_html": {"vi": "Tải bản đồ HTML (dùng không cần mạng)", "en": "Download the map as HTML (works offline)"},
    "download_html_help": {"vi": "Một tệp duy nhất: mở bằng trình duyệt, không cần Internet hay Python.",
                           "en": "One file: open it in a browser, no internet or Python needed."},
    "download_pdf": {"vi": "Tải tờ phát tay PDF", "en": "Download the PDF handout"},
    "about_page": {"vi": "Giới thiệu và nguồn", "en": "About and sources"},
    "shown_of": {"vi": "Hiển thị {n}/{total} sự kiện", "en": "Showing {n} of {total} events"},
    "exit_presenter": {"vi": "✕ Thoát", "en": "✕ Exit"},
    "tour_prev": {"vi": "◀ Trước", "en": "◀ Back"},
    "tour_next": {"vi": "Tiếp ▶", "en": "Next ▶"},
    "tour_first": {"vi": "Bước đầu tiên", "en": "First step"},
    "tour_last": {"vi": "Bước cuối cùng", "en": "Last step"},
    "tour_step": {"vi": "Bước {n}/{total}", "en": "Step {n} of {total}"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The app's text for ``key`` in ``lang`` (English if the language is unknown)."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """A number as written in ``lang`` (``3 035`` / ``3,035``), via babel."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + (("." + "0" * digits) if digits else "")
    return format_decimal(value, format=pattern, locale="vi" if lang == "vi" else "en")
