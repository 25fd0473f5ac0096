"""The words of column mapping: the names each role goes by, and the messages, in 'vi' and 'en'.

Names are written folded (lower case, no accents, no spaces or punctuation: "Ngày bắt đầu" is
``ngaybatdau``), earlier names in a list win over later ones. Besides English and Vietnamese, the
usual French, Spanish and German headers (Titre/Título/Titel, Lieu/Lugar/Ort, Fecha/Datum…) are
known. :mod:`geo.story.columns` uses them.
"""

from __future__ import annotations

SYNONYMS: dict[str, list[str]] = {
    "id": ["id", "uid", "identifier", "eventid", "key", "ma", "stt"],
    # What happened beats who or what is named: "Event" wins over a person's "Name".
    "title": ["title", "headline", "tieude", "eventname", "tensukien", "event", "sukien", "what", "tuade",
              "titre", "evenement", "intitule", "titulo", "evento", "suceso", "titel", "uberschrift",
              "ereignis", "heading", "subject", "hoatdong", "activity", "tendiem", "name", "ten", "nom", "nombre", "label"],
    "summary": ["summary", "description", "text", "desc", "notes", "note", "details", "detail", "body",
                "content", "abstract", "mota", "noidung", "ghichu", "tomtat", "chitiet", "dienbien", "camnhan",
                "resume", "texte", "descripcion", "resumen", "texto", "beschreibung", "zusammenfassung"],
    "date": ["date", "startdate", "datestart", "eventdate", "dateofevent", "begindate", "start", "begin",
             "from", "when", "datetime", "timestamp", "ngay", "ngaybatdau", "ngaythang", "thoigian",
             "thoidiem", "tungay", "batdau", "datededebut", "datedebut", "debut", "fecha", "fechadeinicio",
             "fechainicio", "inicio", "datum", "startdatum", "beginn", "anfang"],
    "end_date": ["enddate", "dateend", "end", "finish", "until", "to", "stop", "ngayketthuc", "denngay",
                 "ketthuc", "datedefin", "datefin", "fin", "fechadefin", "fechafin", "fechafinal", "final",
                 "enddatum", "ende", "bis"],
    "time": ["time", "starttime", "hour", "gio", "giobatdau", "heure", "hora", "uhrzeit", "zeit"],
    "end_time": ["endtime", "gioketthuc"],
    "display_date": ["displaydate"],
    "year": ["year", "startyear", "yr", "nam", "nambatdau", "annee", "ano", "jahr"],
    "month": ["month", "startmonth", "thang", "thangbatdau", "mois", "mes", "monat"],
    "day": ["day", "startday", "jour", "dia"],
    "end_year": ["endyear", "namketthuc"],
    "end_month": ["endmonth", "thangketthuc"],
    "end_day": ["endday"],
    "latitude": ["lat", "latitude", "ylat", "laty", "latdd", "latdeg", "decimallatitude", "vido", "latitud",
                 "breitengrad", "breite"],
    "longitude": ["lon", "lng", "long", "longitude", "xlon", "lonx", "lngx", "londd", "longdeg",
                  "decimallongitude", "kinhdo", "longitud", "langengrad", "lange"],
    "coordinates": ["coordinates", "coords", "coord", "latlon", "latlng", "latlong", "toado", "coordonnees",
                    "coordenadas", "koordinaten"],
    "x": ["x", "easting", "pointx", "xcoord", "east"],
    "y": ["y", "northing", "pointy", "ycoord", "north"],
    "wkt": ["wkt", "geometry", "geom", "thegeom", "shape", "hinhhoc"],
    "place": ["place", "location", "placename", "locationname", "diadiem", "diadanh", "noi", "vitri", "where",
              "diemden", "noiden", "didau", "odau",
              "address", "diachi", "venue", "site", "city", "town", "thanhpho", "province", "tinh",
              "region", "khuvuc", "state", "country", "quocgia", "lieu", "endroit", "ville", "adresse", "pays",
              "lugar", "ubicacion", "sitio", "ciudad", "direccion", "pais", "ort", "stadt", "standort"],
    "layer": ["layer", "group", "category", "categories", "theme", "topic", "nhom", "loai", "chude",
              "lop", "danhmuc", "phanloai", "type", "kind", "tag", "tags", "categorie", "groupe",
              "categoria", "grupo", "tema", "kategorie", "gruppe", "thema"],
    "url": ["url", "link", "href", "website", "weblink", "lienket", "duongdan", "web", "lien", "enlace",
            "verknupfung"],
    "source": ["source", "sources", "nguon", "reference", "references", "citation", "trichdan", "fuente",
               "fuentes", "quelle", "quellen"],
    "media": ["media", "image", "picture", "photo", "video", "anh", "hinhanh", "imageurl", "photourl", "imagen",
              "foto", "bild"],
    "media_credit": ["mediacredit", "credit", "photocredit", "credito"],
    "media_caption": ["mediacaption", "caption", "chuthich", "legende", "leyenda", "bildunterschrift"],
    "media_thumbnail": ["mediathumbnail", "thumbnail"],
}
# Too short or too common to count when they are only one word of a longer name ("Link to source").
WHOLE_NAME_ONLY = {"to", "from", "end", "start", "when", "x", "y", "ten", "noi", "ma", "stt", "key", "lop",
                   "web", "anh", "nam", "gio", "east", "north", "id", "uid", "note", "type", "kind", "tag",
                   "label", "time", "text", "body", "state", "site", "event", "nom", "fin", "ano", "mes",
                   "dia", "ort", "bis", "ende", "lien", "lange", "breite", "zeit", "hora", "final",
                   "day"}  # "day": also Vietnamese "đầy" (full) folded, as in "Mô tả đầy đủ"
# Columns that name where a place lies, finest first: 0 an address, ward or commune; 1 a town or
# district (0.8 a city's district, 1.2 a Vietnamese city, 1.5 a county); 2 a province, state, prefecture or département (2.5 a region, which may
# hold several); 3 a country. Beside the place column, or each other, they are read together as one
# place ("Hội An, Quảng Nam", "Nagato, Yamaguchi, Japan"). Folded, matched as the whole name or its
# last word ("Tên tỉnh", "Event city").
PLACE_LEVELS = {
    **dict.fromkeys(["address", "diachi", "street", "duong", "ward", "phuong", "commune", "xa", "phuongxa",
                     "xaphuong", "adresse", "direccion", "strasse"], 0),
    **dict.fromkeys(["quan"], 0.8),  # a city's district: "Quận 1" of "Thành phố Hồ Chí Minh"
    **dict.fromkeys(["city", "town", "village", "district", "municipality", "thixa", "huyen", "quanhuyen",
                     "huyenthi", "ville", "ciudad", "municipio", "stadt", "gemeinde"], 1),
    **dict.fromkeys(["thanhpho"], 1.2),  # a Vietnamese city holds districts (quận)
    **dict.fromkeys(["county", "comte", "condado", "landkreis", "kreis"], 1.5),
    **dict.fromkeys(["province", "state", "prefecture", "tinh", "tinhthanh", "tinhthanhpho", "tinhtp",
                     "departement", "provincia", "estado", "bundesland"], 2),
    **dict.fromkeys(["region", "khuvuc", "vung"], 2.5),
    **dict.fromkeys(["country", "nation", "quocgia", "pays", "pais"], 3),
}
# Headers with a level word that say whence someone or something comes, not where the event is
# ("Origin country", "Birth country", "Quê quán", "Quốc tịch"), folded words: never joined.
NOT_WHERE_WORDS = {"origin", "birth", "home", "nationality", "citizenship", "native", "xuatxu", "quequan", "que",
                   "noisinh", "quoctich", "sinh", "origine", "naissance", "origen", "nacimiento", "herkunft", "geburt"}
# Values of such columns that are no place to join, folded: continents ("Tokyo, Asia" is not a town of
# Asia in the Philippines) and the compass points of a sales region ("South" is no Lebanese province).
NOT_PLACES = {"asia", "europe", "africa", "america", "americas", "north america", "south america",
              "latin america", "oceania", "antarctica", "middle east", "chau a", "chau au", "chau phi",
              "chau my", "bac my", "nam my", "chau dai duong", "chau nam cuc", "trung dong", "dong nam a",
              "southeast asia", "east asia", "asie", "afrique", "amerique", "europa", "asien", "afrika",
              "north", "south", "east", "west", "central", "centre", "center", "northeast", "northwest",
              "southeast", "southwest", "midwest", "northern", "southern", "eastern", "western", "nord", "sud",
              "est", "ouest", "norte", "sur", "este", "oeste", "centro", "ost", "mitte", "bac", "nam", "dong",
              "tay", "trung", "mien bac", "mien nam", "mien trung", "domestic", "international", "overseas"}
# Columns that are never a role: whom to write to is no place ("Email Address" ends in "address").
NO_ROLE_WORDS = {"email", "mail", "gmail", "thudientu", "phone", "sodienthoai", "dienthoai"}
# The time a form was filled in (Google Forms' first column, in en, vi, fr, es, de), not when the
# event happened: a date only when no other column is one.
FORM_STAMPS = {"timestamp", "dauthoigian", "horodateur", "marcatemporal", "zeitstempel"}
ROLES = list(SYNONYMS)
# What a person may type for a role in --columns, besides the role itself.
ROLE_ALIASES = {"lat": "latitude", "lon": "longitude", "lng": "longitude", "long": "longitude",
                "start": "date", "start_date": "date", "end": "end_date", "description": "summary",
                "text": "summary", "headline": "title", "name": "title", "group": "layer",
                "category": "layer", "link": "url", "geometry": "wkt", "location": "place"}

ROLE_NAMES = {
    "en": {"id": "id", "title": "title", "summary": "description", "date": "date", "end_date": "end date",
           "time": "time", "end_time": "end time", "display_date": "date as displayed", "year": "year",
           "month": "month", "day": "day", "end_year": "end year", "end_month": "end month",
           "end_day": "end day", "latitude": "latitude", "longitude": "longitude",
           "coordinates": "coordinates (latitude, longitude)", "x": "x coordinate", "y": "y coordinate",
           "wkt": "geometry (WKT)", "place": "place name", "layer": "layer", "url": "link", "source": "source",
           "media": "picture or video", "media_credit": "picture credit", "media_caption": "picture caption",
           "media_thumbnail": "thumbnail"},
    "vi": {"id": "mã", "title": "tiêu đề", "summary": "mô tả", "date": "ngày", "end_date": "ngày kết thúc",
           "time": "giờ", "end_time": "giờ kết thúc", "display_date": "ngày hiển thị", "year": "năm",
           "month": "tháng", "day": "ngày trong tháng", "end_year": "năm kết thúc",
           "end_month": "tháng kết thúc", "end_day": "ngày kết thúc trong tháng", "latitude": "vĩ độ",
           "longitude": "kinh độ", "coordinates": "tọa độ (vĩ độ, kinh độ)", "x": "tọa độ x",
           "y": "tọa độ y", "wkt": "hình học (WKT)", "place": "tên địa điểm", "layer": "lớp",
           "url": "liên kết", "source": "nguồn", "media": "ảnh hoặc video", "media_credit": "nguồn ảnh",
           "media_caption": "chú thích ảnh", "media_thumbnail": "ảnh thu nhỏ"},
}

MESSAGES = {
    "en": {
        "guess": "'{column}' looks like the {role} — used",
        "pair": "'{lat}'/'{lon}' look like latitude/longitude — used",
        "override": "'{column}' is the {role}, as you chose",
        "day_as_date": "'{column}' is used as the date: there is no year column to go with a day column",
        "time_as_date": "'{column}' is used as the date: there is no date column, so it should hold whole "
                        "dates or timestamps",
        "by_values": "'{column}' is used as the {role}, from its values",
        "day_values": "'{column}' holds whole dates (e.g. '{example}'), not days of the month — used as the date",
        "date_values": "'{column}' holds times of day (e.g. '{example}') — used as the time",
        "swapped": "'{lat}' has values beyond ±90 (e.g. {example}) while '{lon}' stays within ±90: the two "
                   "look swapped — '{lon}' is used as latitude and '{lat}' as longitude",
        "projected": "'{lat}'/'{lon}' have values beyond ±180 (e.g. {example}): they look like projected "
                     "coordinates — used as x/y",
        "out_of_range": "'{column}' has values outside the range of a {role} (e.g. {example})",
        "timelinejs_type": "'{column}' is TimelineJS's slide type, not a layer: the 'title' row gives the story's "
                           "title and 'era' rows (periods) are left out — neither is an event",
        "not_shown": "'{column}' looks like the {role}, which the story does not show — not used",
        "place_parts": "{parts} are read together as one place, the smallest first, e.g. '{example}'",
        "short_name": "'{short}' is read as '{name}', as Vietnamese writes it for short",
        "found_elsewhere": "{lines}: '{name}' was found in {country}, not in '{at}': check it is the place meant, "
                           "or add latitude and longitude",
        "placed_within": "{lines}: '{name}' is not found in '{at}' offline — placed at '{at}' itself; add "
                         "latitude and longitude for the exact place",
        "unused": "not used: {columns}",
        "not_a_number": "{role} '{value}' is not a number",
        "bad_pair": "coordinates '{value}' cannot be read: write the latitude, then the longitude, e.g. "
                    "34.3706, 131.1826",
        "one_coordinate": "there is a {role} ('{value}') but no {other}",
        "era": "a TimelineJS era (a period, not an event) — not read",
        "near_miss": "'{column}' was not used: did you mean '{synonym}' ({role})? Rename the column, or "
                     "choose it: --columns {override}={column}",
        "no_date": "No date: add a column named 'date' (e.g. 2016-12-15), or 'year' (with 'month' and "
                   "'day' if you have them)",
        "no_place": "No place: add columns 'lat' and 'lon' (e.g. 35.68 and 139.69), or a column 'place' "
                    "with place names",
        "half_pair": "'{found}' is the {role}, but there is no {other} column: add one named '{name}'",
        "unknown_role": "'{role}' is not a column role; the roles are: {roles}",
        "unknown_column": "there is no column '{column}' (for {role}); the columns are: {columns}",
        "bad_override": "'{item}' should be written role=column, e.g. date=event_date",
    },
    "vi": {
        "guess": "'{column}' có vẻ là {role} — đã dùng",
        "pair": "'{lat}'/'{lon}' có vẻ là vĩ độ/kinh độ — đã dùng",
        "override": "'{column}' là {role}, theo lựa chọn của bạn",
        "day_as_date": "'{column}' được dùng làm ngày: không có cột năm đi kèm cột ngày trong tháng",
        "time_as_date": "'{column}' được dùng làm ngày: không có cột ngày, nên cột này cần chứa ngày đầy đủ "
                        "hoặc dấu thời gian",
        "by_values": "'{column}' được dùng làm {role}, theo các giá trị của nó",
        "day_values": "'{column}' chứa ngày tháng đầy đủ (ví dụ '{example}'), không phải ngày trong tháng — "
                      "dùng làm ngày",
        "date_values": "'{column}' chứa giờ trong ngày (ví dụ '{example}') — dùng làm giờ",
        "swapped": "'{lat}' có giá trị vượt quá ±90 (ví dụ {example}) còn '{lon}' nằm trong ±90: hai cột có "
                   "vẻ bị đảo — dùng '{lon}' làm vĩ độ và '{lat}' làm kinh độ",
        "projected": "'{lat}'/'{lon}' có giá trị vượt quá ±180 (ví dụ {example}): có vẻ là tọa độ phẳng — "
                     "dùng làm x/y",
        "out_of_range": "'{column}' có giá trị nằm ngoài phạm vi của {role} (ví dụ {example})",
        "timelinejs_type": "'{column}' là loại trang của TimelineJS, không phải lớp: dòng 'title' cho tiêu đề câu "
                           "chuyện, các dòng 'era' (thời kỳ) được bỏ qua — không dòng nào là sự kiện",
        "not_shown": "'{column}' có vẻ là {role}, nhưng câu chuyện không hiển thị thông tin này — không dùng",
        "place_parts": "{parts} được ghép lại thành một địa điểm, từ nhỏ đến lớn, ví dụ '{example}'",
        "short_name": "'{short}' được hiểu là '{name}', cách viết tắt thường dùng",
        "found_elsewhere": "{lines}: '{name}' được tìm thấy ở {country}, không phải ở '{at}': hãy kiểm tra có đúng "
                           "nơi bạn muốn không, hoặc thêm vĩ độ và kinh độ",
        "placed_within": "{lines}: không tìm thấy '{name}' ở '{at}' khi không có mạng — đặt tại chính '{at}'; "
                         "thêm vĩ độ và kinh độ để có vị trí chính xác",
        "unused": "không dùng: {columns}",
        "not_a_number": "{role} '{value}' không phải là số",
        "bad_pair": "không đọc được tọa độ '{value}': hãy ghi vĩ độ rồi kinh độ, ví dụ 34.3706, 131.1826",
        "one_coordinate": "có {role} ('{value}') nhưng thiếu {other}",
        "era": "thời kỳ (era) của TimelineJS, một giai đoạn chứ không phải sự kiện — không đọc",
        "near_miss": "'{column}' chưa được dùng: có phải bạn muốn ghi '{synonym}' ({role})? Hãy đổi tên cột, "
                     "hoặc chọn nó: --columns {override}={column}",
        "no_date": "Thiếu ngày: hãy thêm cột tên 'ngày' (ví dụ 15/12/2016), hoặc cột 'năm' (cùng 'tháng' và "
                   "'ngày' nếu có)",
        "no_place": "Thiếu địa điểm: hãy thêm cột 'vĩ độ' và 'kinh độ' (ví dụ 35.68 và 139.69), hoặc cột "
                    "'địa điểm' ghi tên nơi chốn",
        "half_pair": "'{found}' là {role}, nhưng thiếu cột {other}: hãy thêm cột tên '{name}'",
        "unknown_role": "'{role}' không phải là vai trò của cột; các vai trò là: {roles}",
        "unknown_column": "không có cột '{column}' (cho {role}); các cột là: {columns}",
        "bad_override": "'{item}' phải được viết dạng vai_trò=cột, ví dụ date=event_date",
    },
}


def both(key: str, **values: object) -> dict[str, str]:
    """The message ``key`` in both languages; a value named ``role`` (or ``other``) is a role, named
    in each language."""
    out = {}
    for lang, templates in MESSAGES.items():
        local = {k: ROLE_NAMES[lang].get(v, v) if k in ("role", "other") and isinstance(v, str) else v
                 for k, v in values.items()}
        out[lang] = templates[key].format(**local)
    return out
