"""Write the binary GIS samples of tests/import_samples/gis/ (run from the repository root).

    .venv/bin/python scripts/make_gis_samples.py

Every file is made here from small made-up data (no third-party file is copied): a KMZ, zipped
shapefiles (projected in a UTM zone and in Web Mercator, one in a folder; one without a .prj), a
GeoPackage with two layers and a plain table, a FlatGeobuf and a GeoParquet. Running it again gives
files that read the same (a zip's dates are fixed; a GeoPackage or .dbf records when it was written).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point, Polygon

OUT = Path(__file__).resolve().parent.parent / "tests" / "import_samples" / "gis"
STAMP = (2016, 12, 15, 0, 0, 0)  # every zip member's date, so the zips do not change between runs

# Places of the shipped story, in longitude/latitude (the tests check them back to 4 decimals).
UBE = (131.2786, 33.93)
NAGATO = (131.1829, 34.3711)
KANTEI = (139.7414, 35.6731)
HANEDA = (139.7798, 35.5494)

KMZ_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
  <Document>
    <name>Chuyến thăm Nhật Bản</name>
    <Folder>
      <name>Hội đàm</name>
      <Placemark>
        <name>Nagato</name>
        <description><![CDATA[<div>Hội đàm tại <i>suối nước nóng</i></div>]]></description>
        <TimeSpan><begin>2016-12-15</begin><end>2016-12-16</end></TimeSpan>
        <Point><coordinates>131.1829,34.3711</coordinates></Point>
      </Placemark>
    </Folder>
    <Folder>
      <name>Di chuyển</name>
      <Placemark>
        <name>Sân bay Haneda</name>
        <TimeStamp><when>2016-12-16T21:05:00+09:00</when></TimeStamp>
        <Point><coordinates>139.7798,35.5494</coordinates></Point>
      </Placemark>
    </Folder>
  </Document>
</kml>
"""


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip of the members, with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, STAMP), data)
    return out.getvalue()


def _shapefile(frame: gpd.GeoDataFrame, stem: str, folder: str = "", prj: bool = True) -> dict[str, bytes]:
    """A shapefile's parts as bytes, named ``folder/stem.ext`` (written in a temporary folder: GDAL
    writes a shapefile as several files)."""
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / f"{stem}.shp", driver="ESRI Shapefile", encoding="UTF-8")
        return {f"{folder}{p.name}": p.read_bytes() for p in sorted(Path(tmp).iterdir())
                if prj or p.suffix != ".prj"}


def _stops() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Sân bay Ube", "Nagato"], "date": ["15/12/2016", "15/12/2016"],
                             "time": ["15:00", "18:10"]},
                            geometry=[Point(UBE), Point(NAGATO)], crs=4326)


def _tokyo() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Kantei", "Haneda"], "date": ["2016-12-16", "2016-12-16"]},
                            geometry=[Point(KANTEI), Point(HANEDA)], crs=4326)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "visit.kmz").write_bytes(_zip({"doc.kml": KMZ_DOC.encode(), "files/readme.txt": b"no images\n"}))

    # two shapefiles in one zip: Nagato in UTM zone 52N, Tokyo in Web Mercator (in a folder)
    parts = _shapefile(_stops().to_crs(32652), "nagato_utm52")
    parts.update(_shapefile(_tokyo().to_crs(3857), "tokyo_mercator", folder="tokyo/"))
    (OUT / "two_shapefiles.zip").write_bytes(_zip(parts))

    # no .prj: lon/lat values (taken as such, with a note), and metres (a problem)
    (OUT / "lonlat_no_prj.zip").write_bytes(_zip(_shapefile(_tokyo(), "tokyo", prj=False)))
    (OUT / "metres_no_prj.zip").write_bytes(_zip(_shapefile(_tokyo().to_crs(32654), "tokyo_utm", prj=False)))

    gpkg = OUT / "visit.gpkg"
    gpkg.unlink(missing_ok=True)
    _stops().to_file(gpkg, layer="stops", driver="GPKG")
    gpd.GeoDataFrame({"name": ["Nagato to Ube"], "date": ["2016-12-16"]},
                     geometry=[LineString([NAGATO, UBE])], crs=4326).to_file(gpkg, layer="roads", driver="GPKG")
    _plain_table(gpkg)  # a table without geometry beside them: left out, with a note

    quakes = gpd.GeoDataFrame({"mag": [4.6, 5.1], "when": pd.to_datetime(["2016-12-15T08:00:00Z",
                                                                           "2016-12-16T02:20:00Z"]),
                               "place": ["Off Yamaguchi", "Off Honshu"]},
                              geometry=[Point(130.8812, 34.1234), Point(141.2345, 37.6789)], crs=4326)
    quakes.to_file(OUT / "quakes.fgb", driver="FlatGeobuf", SPATIAL_INDEX="NO")  # keeps the rows' order

    prefectures = gpd.GeoDataFrame(
        {"name": ["Yamaguchi (box)", "Tokyo (box)"], "event": ["Talks", "Press conference"],
         "date": ["2016-12-15", "2016-12-16"]},
        geometry=[Polygon([(130.8, 33.8), (132.2, 33.8), (132.2, 34.8), (130.8, 34.8)]),
                  Polygon([(139.0, 35.5), (139.9, 35.5), (139.9, 35.9), (139.0, 35.9)])], crs=4326)
    prefectures.to_crs(6677).to_parquet(OUT / "prefectures.parquet")  # JGD2011 / Japan Plane Rectangular IX
    print("wrote", ", ".join(sorted(p.name for p in OUT.iterdir() if p.suffix in
                                    (".kmz", ".zip", ".gpkg", ".fgb", ".parquet"))))


def _plain_table(gpkg: Path) -> None:
    """A GeoPackage table without geometry (GDAL writes it as an attributes-only layer)."""
    import pyogrio

    pyogrio.write_dataframe(pd.DataFrame({"note": ["not a layer of the map"]}), gpkg, layer="notes",
                            driver="GPKG")


if __name__ == "__main__":
    main()
