"""The words of the *Write* page (the story editor, :mod:`webapp.editor`), in vi and en."""

from __future__ import annotations

COLUMNS = {  # the events table's columns (geo.story.draft.COLUMNS) and the precision beside them
    "date": {"vi": "Ngày", "en": "Date"},
    "end": {"vi": "Đến ngày", "en": "Until"},
    "time": {"vi": "Giờ", "en": "Time"},
    "place": {"vi": "Địa điểm", "en": "Place"},
    "title": {"vi": "Tiêu đề", "en": "Title"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "layer": {"vi": "Lớp", "en": "Layer"},
    "sentences": {"vi": "Câu số", "en": "Sentences"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "precision": {"vi": "Độ chính xác", "en": "Precision"},
}

WORDS = {
    "tab_write": {"vi": "Soạn", "en": "Write"},
    "tab_help": {"vi": "Hướng dẫn", "en": "Help"},
    "intro": {"vi": "Dán một bài báo, rồi biến từng câu thành một sự kiện trên bản đồ: ngày, địa điểm, tiêu đề. "
                    "Máy chủ không lưu gì cả: hãy tải tệp câu chuyện về để giữ.",
              "en": "Paste an article, then make its sentences events on the map: a date, a place, a title. "
                    "Nothing is kept on the server: download the story file to keep it."},
    "step_article": {"vi": "1. Bài báo", "en": "1. The article"},
    "step_events": {"vi": "2. Sự kiện", "en": "2. Events"},
    "step_preview": {"vi": "3. Xem trước", "en": "3. Preview"},
    "step_keep": {"vi": "4. Lưu và chia sẻ", "en": "4. Keep and share"},
    "story_title": {"vi": "Tên câu chuyện", "en": "Story title"},
    "article_language": {"vi": "Ngôn ngữ của bài báo", "en": "The article's language"},
    "article": {"vi": "Bài báo (dán vào đây, mỗi đoạn một dòng)", "en": "The article (paste it here, a paragraph a line)"},
    "article_placeholder": {"vi": "Dán nội dung bài báo vào đây…", "en": "Paste the article's text here…"},
    "open_shipped": {"vi": "Mở câu chuyện mẫu để sửa", "en": "Open the shipped story to change it"},
    "open_uploaded": {"vi": "Mở câu chuyện đã tải lên để sửa", "en": "Open your uploaded story to change it"},
    "translations_kept": {"vi": "Câu chuyện này có văn bản bằng cả hai ngôn ngữ: văn bản bạn không sửa giữ nguyên bản dịch; "
                                "văn bản bạn sửa chỉ còn một ngôn ngữ, ngôn ngữ bạn viết.",
                          "en": "This story has its texts in both languages: a text you leave as it is keeps its "
                                "translation; a text you change is kept in the one language you write it in."},
    "start_over": {"vi": "Bắt đầu lại từ đầu", "en": "Start again from nothing"},
    "sentences": {"vi": "Các câu của bài báo ({n})", "en": "The article's sentences ({n})"},
    "no_article": {"vi": "Chưa có bài báo: dán vào ô trên, hoặc thêm sự kiện không dựa vào câu nào.",
                   "en": "No article yet: paste one above, or add events that rest on no sentence."},
    "sentence_label": {"vi": "Câu", "en": "Sentence"},
    "events_help": {"vi": "Mỗi dòng là một sự kiện, theo thứ tự của chuyến tham quan. Cột «Câu số» ghi số câu "
                          "(ví dụ 2 hoặc 2, 3); «Địa điểm» là một tên (Hà Nội, Tokyo) hoặc toạ độ «vĩ độ, kinh độ».",
                    "en": "One row an event, in the tour's order. «Sentences» holds sentence numbers (2, or 2, 3); "
                          "«Place» is a name (Hanoi, Tokyo) or coordinates «latitude, longitude»."},
    "row": {"vi": "Dòng", "en": "Row"},
    "row_label": {"vi": "Dòng {n}: {title}", "en": "Row {n}: {title}"},
    "untitled": {"vi": "(chưa có tiêu đề)", "en": "(no title yet)"},
    "move_up": {"vi": "↑ Lên", "en": "↑ Up"},
    "move_down": {"vi": "↓ Xuống", "en": "↓ Down"},
    "delete_row": {"vi": "Xoá dòng", "en": "Delete the row"},
    "add_row": {"vi": "Thêm dòng", "en": "Add a row"},
    "edit_row": {"vi": "Sửa dòng đã chọn", "en": "Edit the chosen row"},
    "coordinates_help": {"vi": "Tên địa danh, hoặc toạ độ «vĩ độ, kinh độ» (ví dụ 21.028, 105.854)",
                         "en": "A place name, or coordinates «latitude, longitude» (e.g. 21.028, 105.854)"},
    "suggestions": {"vi": "Địa danh trong câu", "en": "Places in a sentence"},
    "choose_sentence": {"vi": "Câu", "en": "Sentence"},
    "found_places": {"vi": "Địa danh tìm thấy (bấm để dùng):", "en": "Places found (click to use):"},
    "no_places": {"vi": "Không tìm thấy địa danh nào trong câu này. Gõ tên hoặc toạ độ vào cột «Địa điểm».",
                  "en": "No place found in this sentence. Type a name or coordinates in the «Place» column."},
    "use_for": {"vi": "Dùng cho", "en": "Use it for"},
    "pick_on_map": {"vi": "Chọn địa điểm trên bản đồ", "en": "Pick the place on a map"},
    "pick_hint": {"vi": "Bấm vào bản đồ ở nơi diễn ra sự kiện của dòng {n}.",
                  "en": "Click the map where the event of row {n} took place."},
    "use_point": {"vi": "Dùng {point} cho dòng {n}", "en": "Use {point} for row {n}"},
    "new_row": {"vi": "một dòng mới", "en": "a new row"},
    "allow_online": {"vi": "Cho phép tra cứu địa danh trực tuyến (gửi từ ngữ trong câu ra Internet)",
                     "en": "Allow looking places up online (sends the sentence's words over the Internet)"},
    "online_off": {"vi": "Không tra cứu trực tuyến được: {why}", "en": "Online look-up unavailable: {why}"},
    "problems": {"vi": "Cần sửa", "en": "To fix"},
    "notes": {"vi": "Cần xem lại", "en": "To check"},
    "no_problems": {"vi": "Không có vấn đề nào.", "en": "No problems."},
    "where_row": {"vi": "Dòng {row}", "en": "Row {row}"},
    "where_sentence": {"vi": "Câu {n}", "en": "Sentence {n}"},
    "where_story": {"vi": "Câu chuyện", "en": "Story"},
    "no_date": {"vi": "chưa có ngày: sự kiện sẽ hiện mọi ngày", "en": "no date: the event shows on every day"},
    "no_place": {"vi": "chưa có địa điểm", "en": "no place"},
    "end_before": {"vi": "ngày kết thúc trước ngày bắt đầu", "en": "the end is before the date"},
    "no_sentence": {"vi": "bài báo không có câu {n}", "en": "the article has no sentence {n}"},
    "unused_sentence": {"vi": "chưa có sự kiện nào dựa vào câu này", "en": "no event rests on this sentence"},
    "no_rows": {"vi": "chưa có sự kiện: thêm một dòng", "en": "no event yet: add a row"},
    "preview_wait": {"vi": "Bản đồ sẽ hiện khi có ít nhất một sự kiện có ngày và địa điểm, và không còn lỗi.",
                     "en": "The map shows once an event has a date and a place, and nothing is left to fix."},
    "preview_count": {"vi": "Sự kiện: {n} · số ngày: {days}", "en": "Events: {n} · days: {days}"},
    "download_yaml": {"vi": "Tệp câu chuyện (YAML)", "en": "Story file (YAML)"},
    "download_html": {"vi": "Trang ngoại tuyến (HTML)", "en": "Offline page (HTML)"},
    "download_csv": {"vi": "Bảng (CSV)", "en": "Table (CSV)"},
    "download_article": {"vi": "Bài báo (TXT)", "en": "Article (TXT)"},
    "download_help": {"vi": "Tải về máy", "en": "Download"},
    "keep_note": {"vi": "Bản nháp được giữ trong trình duyệt này; để giữ lâu dài, hãy tải tệp câu chuyện về. "
                        "Tải lên lại ở trang «Câu chuyện của bạn» để xem, hoặc mở lại ở đây để sửa.",
                  "en": "The draft is kept in this browser; to keep it for good, download the story file. "
                        "Upload it again on «Your story» to show it, or open it here to change it."},
    "restore": {"vi": "Trình duyệt này còn giữ một bản nháp chưa xong ({n} sự kiện, «{title}»). Mở lại?",
                "en": "This browser kept an unfinished draft ({n} events, «{title}»). Open it again?"},
    "restore_yes": {"vi": "Mở lại bản nháp", "en": "Open the draft"},
    "restore_no": {"vi": "Bỏ bản nháp", "en": "Discard it"},
    "point": {"vi": "toạ độ", "en": "coordinates"},
    "unknown": {"vi": "chưa biết", "en": "not known"},
    "help_intro": {"vi": "Cách viết một tệp câu chuyện. Trang «Viết» tạo ra đúng tệp này cho bạn.",
                   "en": "How a story file is written. The Write page makes this file for you."},
}


def w(key: str, lang: str, **values: object) -> str:
    """The editor's word for ``key`` in ``lang``."""
    text = WORDS[key]["en" if lang == "en" else "vi"]
    return text.format(**values) if values else text


def column(key: str, lang: str) -> str:
    """The events table's header for column ``key`` in ``lang``."""
    return COLUMNS[key]["en" if lang == "en" else "vi"]
