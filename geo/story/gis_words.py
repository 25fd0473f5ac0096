"""The words of reading GIS files: problems and notes, in Vietnamese and English.

:mod:`geo.story.gis_files` says them with :func:`say` (one language, for a StoryError) or
:func:`both` (a note for the page and the command line).
"""

from __future__ import annotations

KIND_NAMES = {"geojson": "GeoJSON", "kml": "KML", "kmz": "KMZ", "gpx": "GPX", "gpkg": "GeoPackage",
              "shapefile": "Shapefile", "flatgeobuf": "FlatGeobuf", "geoparquet": "GeoParquet"}

MESSAGES: dict[str, dict[str, str]] = {
    "too_big": {"en": "the file is {size:,} bytes; the limit is {limit:,} bytes",
                "vi": "tệp có {size:,} byte; giới hạn là {limit:,} byte"},
    "too_many": {"en": "the file has more than {limit:,} features; the limit is {limit:,}",
                 "vi": "tệp có hơn {limit:,} đối tượng; giới hạn là {limit:,}"},
    "empty": {"en": "the file is empty", "vi": "tệp trống"},
    "unknown": {"en": "this is not a GIS file the app reads (GeoJSON, KML, KMZ, GPX, GeoPackage, zipped "
                      "Shapefile, FlatGeobuf, GeoParquet)",
                "vi": "đây không phải tệp GIS mà ứng dụng đọc được (GeoJSON, KML, KMZ, GPX, GeoPackage, "
                      "Shapefile nén zip, FlatGeobuf, GeoParquet)"},
    "unreadable": {"en": "the {kind} file cannot be read: it may be damaged or cut short ({detail})",
                   "vi": "không đọc được tệp {kind}: tệp có thể bị hỏng hoặc thiếu phần cuối ({detail})"},
    "zip_bomb": {"en": "the zip file unpacks to {size:,} bytes; the limit is {limit:,} bytes",
                 "vi": "tệp zip giải nén ra {size:,} byte; giới hạn là {limit:,} byte"},
    "zip_other": {"en": "the zip file holds no shapefile (.shp) and no KML: it holds {names}",
                  "vi": "tệp zip không chứa shapefile (.shp) hay KML nào: nó chứa {names}"},
    "shp_parts": {"en": "the shapefile '{name}' lacks its {parts}: zip the .shp together with its .shx, .dbf and "
                        ".prj files",
                  "vi": "shapefile '{name}' thiếu tệp {parts}: hãy nén .shp cùng các tệp .shx, .dbf và .prj "
                        "của nó"},
    "no_features": {"en": "the file has no features with a place (points, lines or shapes)",
                    "vi": "tệp không có đối tượng nào có vị trí (điểm, đường hay vùng)"},
    "network_link": {
        "en": "this KML only links to an online map ({href}); it holds no places itself, and the app does "
              "not go online. Download the full map: in Google My Maps open the menu ⋮ → \"Export to "
              "KML/KMZ\", untick \"Keep data up to date with network link KML\", download the KMZ and upload "
              "that file",
        "vi": "tệp KML này chỉ liên kết tới một bản đồ trực tuyến ({href}); bản thân nó không chứa địa điểm "
              "nào, và ứng dụng không truy cập mạng. Hãy tải bản đồ đầy đủ: trong Google My Maps, mở menu ⋮ → "
              "\"Xuất sang KML/KMZ\" (Export to KML/KMZ), bỏ chọn \"Luôn cập nhật dữ liệu\" (Keep data up to "
              "date), tải tệp KMZ về và tải tệp đó lên"},
    "projected_no_crs": {
        "en": "layer '{layer}': coordinates such as ({x:.1f}, {y:.1f}) are not longitude/latitude and the file does "
              "not say which coordinate system they are in: add the .prj file, or save the layer as WGS 84 "
              "(EPSG:4326)",
        "vi": "lớp '{layer}': các tọa độ như ({x:.1f}, {y:.1f}) không phải kinh độ/vĩ độ và tệp không cho biết hệ tọa "
              "độ của chúng: hãy thêm tệp .prj, hoặc lưu lớp theo WGS 84 (EPSG:4326)"},
    "bad_crs": {"en": "layer '{layer}': its coordinate system ({crs}) cannot be turned into longitude/latitude",
                "vi": "lớp '{layer}': hệ tọa độ của nó ({crs}) không chuyển được sang kinh độ/vĩ độ"},
    "not_geoparquet": {"en": "this Parquet file has no geometry (no GeoParquet metadata): save it as GeoParquet, "
                             "or as CSV with latitude and longitude columns",
                       "vi": "tệp Parquet này không có hình học (thiếu siêu dữ liệu GeoParquet): hãy lưu thành "
                             "GeoParquet, hoặc CSV có cột vĩ độ và kinh độ"},
}

NOTES: dict[str, dict[str, str]] = {
    "read": {"en": "{kind}: {count} features read from {layers} layer(s)",
             "vi": "{kind}: đã đọc {count} đối tượng từ {layers} lớp"},
    "layers": {"en": "the layers are in the column '{column}': {names}",
               "vi": "tên lớp nằm trong cột '{column}': {names}"},
    "reprojected": {"en": "layer '{layer}': coordinates converted from {crs} to longitude/latitude (WGS 84)",
                    "vi": "lớp '{layer}': tọa độ đã được chuyển từ {crs} sang kinh độ/vĩ độ (WGS 84)"},
    "assumed_lon_lat": {"en": "layer '{layer}': the file does not say its coordinate system; its coordinates lie "
                               "within ±180/±90, so they are taken as longitude/latitude (WGS 84)",
                        "vi": "lớp '{layer}': tệp không cho biết hệ tọa độ; các tọa độ nằm trong ±180/±90 nên "
                              "được hiểu là kinh độ/vĩ độ (WGS 84)"},
    "no_geometry_layer": {"en": "layer '{layer}' has no geometry: not read",
                          "vi": "lớp '{layer}' không có hình học: không đọc"},
    "kml_folder_days": {"en": "KML: the folders are named by their days ({names}); each placemark takes its "
                              "folder's day, in the column '{column}'",
                        "vi": "KML: các thư mục được đặt tên theo ngày ({names}); mỗi điểm đánh dấu lấy ngày của "
                              "thư mục chứa nó, trong cột '{column}'"},
    "kml_times": {"en": "KML times (TimeStamp, TimeSpan) are in the columns 'begin' and 'end'",
                  "vi": "thời gian trong KML (TimeStamp, TimeSpan) nằm trong cột 'begin' và 'end'"},
    "kml_times_filled": {"en": "KML: {count} placemark(s) have nothing in the field '{field}'; their TimeStamp or "
                               "TimeSpan is used as the date instead: {names}",
                         "vi": "KML: {count} đối tượng không có giá trị trong trường '{field}'; dùng TimeStamp hoặc "
                               "TimeSpan của chúng làm ngày: {names}"},
    "kml_times_differ": {"en": "KML: for {count} placemark(s) the field '{field}' and the TimeStamp/TimeSpan give "
                               "different days; the field is used: {names}",
                         "vi": "KML: với {count} đối tượng, trường '{field}' và TimeStamp/TimeSpan cho ngày khác nhau; "
                               "dùng trường '{field}': {names}"},
    "kml_ends": {"en": "KML: the dates are in the field '{field}', the ends of TimeSpans in the column 'end'",
                 "vi": "KML: ngày nằm trong trường '{field}', thời điểm kết thúc của TimeSpan nằm trong cột 'end'"},
    "kml_undated_field": {"en": "KML: {count} placemark(s) have no date (nothing in '{field}', no TimeStamp or "
                                "TimeSpan) and are shown on every day: {names}",
                          "vi": "KML: {count} đối tượng không có ngày (trường '{field}' trống, không có TimeStamp hay "
                                "TimeSpan) nên hiện ở mọi ngày: {names}"},
    "kml_undated": {"en": "KML: {count} placemark(s) have no date (no TimeStamp or TimeSpan) and are shown on "
                          "every day: {names}",
                    "vi": "KML: {count} đối tượng không có ngày (không có TimeStamp hay TimeSpan) nên hiện ở mọi "
                          "ngày: {names}"},
    "kmz": {"en": "KMZ: the map '{name}' inside the zip was read", "vi": "KMZ: đã đọc bản đồ '{name}' trong tệp zip"},
    "gpx_tracks": {"en": "GPX: {tracks} track(s) split by day (local time) into {parts} line(s), each dated by "
                         "its first point",
                   "vi": "GPX: {tracks} tuyến đường được chia theo ngày (giờ địa phương) thành {parts} đường, mỗi "
                         "đường mang ngày của điểm đầu"},
    "gpx_local_time": {"en": "GPX: times are written in UTC; each is read at the local time of its longitude "
                             "(here {zones}), so a day begins at the place's own midnight",
                       "vi": "GPX: thời gian được ghi theo giờ UTC; mỗi mốc được đọc theo giờ địa phương của kinh độ "
                             "của nó (ở đây {zones}), nên một ngày bắt đầu lúc nửa đêm tại chính nơi đó"},
    "gpx_routes": {"en": "GPX: {count} route(s) read as lines without a date",
                   "vi": "GPX: {count} lộ trình được đọc thành đường không có ngày"},
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """The problem ``key`` in ``lang`` (``vi`` or ``en``)."""
    return MESSAGES[key]["vi" if lang == "vi" else "en"].format(**values)


def both(key: str, **values: object) -> dict[str, str]:
    """The note (or problem) ``key`` in both languages."""
    table = NOTES if key in NOTES else MESSAGES
    return {lang: table[key][lang].format(**values) for lang in ("vi", "en")}
