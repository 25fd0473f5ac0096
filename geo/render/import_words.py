"""The words of the import page (the *Your story* page's table, GIS and Knight Lab files), vi and en."""

from __future__ import annotations

ROLES = {  # the roles the page lets the reader set, in the order shown
    "title": {"vi": "Tiêu đề", "en": "Title"},
    "date": {"vi": "Ngày", "en": "Date"},
    "end_date": {"vi": "Ngày kết thúc", "en": "End date"},
    "time": {"vi": "Giờ", "en": "Time"},
    "year": {"vi": "Năm", "en": "Year"},
    "month": {"vi": "Tháng", "en": "Month"},
    "day": {"vi": "Ngày (trong tháng)", "en": "Day (of the month)"},
    "latitude": {"vi": "Vĩ độ", "en": "Latitude"},
    "longitude": {"vi": "Kinh độ", "en": "Longitude"},
    "wkt": {"vi": "Hình học (WKT)", "en": "Geometry (WKT)"},
    "place": {"vi": "Địa điểm (tên)", "en": "Place (a name)"},
    "layer": {"vi": "Lớp / nhóm", "en": "Layer / group"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "url": {"vi": "Nguồn (địa chỉ web)", "en": "Source (web address)"},
}

WORDS = {
    "read_as": {"vi": "Đã đọc tệp {file} ({kind}): {rows} dòng.", "en": "Read {file} ({kind}): {rows} rows."},
    "columns": {"vi": "Các cột", "en": "Columns"},
    "columns_help": {"vi": "Ứng dụng đã tự chọn cột cho từng vai trò; bạn có thể đổi.",
                     "en": "The app chose a column for each role; you can change them."},
    "none": {"vi": "— không dùng —", "en": "— none —"},
    "parts_together": {"vi": "Ghép các cột địa điểm: {columns}", "en": "Read the place columns together: {columns}"},
    "parts_help": {"vi": "Ví dụ huyện và tỉnh thành một địa điểm. Bỏ chọn để chỉ dùng cột tên địa điểm.",
                   "en": "A town and its province or country as one place. Untick to use the place name column alone."},
    "order": {"vi": "Thứ tự ngày/tháng", "en": "Day and month order"},
    "order_auto": {"vi": "Tự nhận biết", "en": "Decide from the data"},
    "order_day": {"vi": "Ngày trước (15/12/2016)", "en": "Day first (15/12/2016)"},
    "order_month": {"vi": "Tháng trước (12/15/2016)", "en": "Month first (12/15/2016)"},
    "order_ask": {"vi": "Các ngày trong tệp có thể đọc theo hai cách: hãy chọn thứ tự ngày/tháng.",
                  "en": "The dates can be read two ways: choose the order of day and month."},
    "year_ask": {"vi": "Năm của các ngày không ghi năm (ví dụ 2016)", "en": "The year of dates written without one (e.g. 2016)"},
    "preview": {"vi": "Xem trước", "en": "Preview"},
    "first_rows": {"vi": "Các dòng đầu của tệp", "en": "The file's first rows"},
    "dots": {"vi": "{n} sự kiện trên bản đồ", "en": "{n} events on the map"},
    "unplaced": {"vi": "Không có trên bản đồ ({n})", "en": "Not on the map ({n})"},
    "undated": {"vi": "{n} dòng không có ngày nên hiện trên bản đồ mọi ngày, làm nền: {titles}",
                "en": "{n} row(s) have no date, so they are on the map every day, as background: {titles}"},
    "no_days": {"vi": "Không dòng nào có ngày, nên bản đồ không có ngày để đi qua: hãy thêm cột ngày (hoặc kiểm tra "
                      "cột đã chọn).",
                "en": "No row has a date, so the map has no days to step through: add a date column (or check the "
                      "one chosen)."},
    "line": {"vi": "Dòng", "en": "Line"},
    "title": {"vi": "Tiêu đề", "en": "Title"},
    "reason": {"vi": "Lý do", "en": "Why"},
    "notes": {"vi": "Ghi chú khi đọc tệp", "en": "What the app noticed"},
    "problems": {"vi": "Câu chuyện chưa tạo được:", "en": "The story cannot be made yet:"},
    "download_yaml": {"vi": "Tải về dạng tệp câu chuyện (YAML)", "en": "Download as a story file (YAML)"},
}


def w(key: str, lang: str, **values: object) -> str:
    """The import page's word for ``key`` in ``lang``."""
    text = WORDS[key]["en" if lang == "en" else "vi"]
    return text.format(**values) if values else text
