"""Outputs that open styled: QGIS itself (PyQGIS, headless) opens the GeoPackages the `plan` command writes
and gets the style stored in their layer_styles table as the layer's renderer, with the stored classes."""
import sqlite3

import pytest

from conftest import DEMO, run_cli

qgis_core = pytest.importorskip("qgis.core", reason="PyQGIS is not installed (Debian: python3-qgis)")


@pytest.fixture(scope="module")
def qgis_app():
    app = qgis_core.QgsApplication([], False)
    app.initQgis()
    yield app


def stored_styles(path):
    with sqlite3.connect(path) as db:
        return {row[0]: row[1:] for row in
                db.execute("SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles")}


def opened(path, layer):
    """The layer as QGIS opens it (QgsVectorLayer loads the default style from the database itself)."""
    v = qgis_core.QgsVectorLayer(f"{path}|layername={layer}", layer, "ogr")
    assert v.isValid(), f"QGIS cannot open {path} layer {layer}"
    return v


def ranges(renderer):
    return [(r.lowerValue(), r.upperValue()) for r in renderer.ranges()]


def test_coverage_layers_open_with_their_colours(qgis_app, tmp_path):
    out = tmp_path / "coverage.gpkg"
    run_cli("coverage", "--stops", DEMO / "bus_stops.geojson", "--area", DEMO / "central_city.geojson", "--out", out)
    styles = stored_styles(out)
    assert set(styles) == {"covered", "gaps"} and all(s[1] == 1 for s in styles.values())
    colours = {}
    for layer in ("covered", "gaps"):
        v = opened(out, layer)
        assert v.renderer().type() == "singleSymbol"
        colours[layer] = v.renderer().symbol().color().name()
        # What QGIS lists as the layer's styles in the database is ours, the default first.
        count, ids, names, descriptions, error = v.listStylesInDatabase()
        assert count == 1 and names[0] == styles[layer][0]
    assert colours == {"covered": "#1a9641", "gaps": "#d7191c"}


def test_isochrone_bands_are_graduated_on_the_thresholds(qgis_app, tmp_path):
    out = tmp_path / "iso.gpkg"
    run_cli("isochrone", "--network", DEMO / "streets.geojson", "--at", "115.4953,35.2388", "--within",
            "500m,1000m,1500m", "--out", out)
    v = opened(out, "isochrones")  # kept: the renderer belongs to the layer
    r = v.renderer()
    assert r.type() == "graduatedSymbol" and r.classAttribute() == "threshold_m"
    assert ranges(r) == [(0, 500), (500, 1000), (1000, 1500)]
    assert r.orderByEnabled()  # the largest band drawn first, the nearest on top


def test_reach_homes_are_coloured_by_distance_class(qgis_app, tmp_path):
    out = tmp_path / "reach.gpkg"
    run_cli("reach", "--network", DEMO / "streets.geojson", "--facilities", DEMO / "facilities.geojson",
            "--homes", DEMO / "homes.geojson", "--within", "1200m", "--out", out)
    v = opened(out, "homes")
    r = v.renderer()
    assert r.type() == "graduatedSymbol" and r.classAttribute() == "distance_m"
    assert ranges(r) == [(0, 300), (300, 500), (500, 1000), (1000, 1200), (1200, 1e12)]
    # Every home with a distance falls in exactly one class.
    distances = [f["distance_m"] for f in v.getFeatures() if isinstance(f["distance_m"], float)]
    assert distances and all(r.symbolForValue(d) is not None for d in distances)


def test_life_circle_homes_are_categorized_by_completeness(qgis_app, tmp_path):
    out = tmp_path / "life.gpkg"
    run_cli("lifecircle", "--network", DEMO / "streets.geojson", "--facilities", DEMO / "facilities.geojson",
            "--homes", DEMO / "homes.geojson", "--out", out)
    v = opened(out, "homes")
    r = v.renderer()
    assert r.type() == "categorizedSymbol" and r.classAttribute() == "complete"
    assert sorted(str(c.value()) for c in r.categories()) == ["0", "1"]
    # Each home's symbol is the one of its category: QGIS matches the integer field to the stored values.
    context = qgis_core.QgsRenderContext()
    r.startRender(context, v.fields())
    try:
        for f in v.getFeatures():
            assert r.symbolForFeature(f, context) is not None
    finally:
        r.stopRender(context)


def test_a_geojson_output_opens_styled_from_its_qml_sidecar(qgis_app, tmp_path):
    out = tmp_path / "reach.geojson"
    run_cli("reach", "--network", DEMO / "streets.geojson", "--facilities", DEMO / "facilities.geojson",
            "--homes", DEMO / "homes.geojson", "--within", "1200m", "--out", out)
    assert (tmp_path / "reach.qml").exists()
    v = qgis_core.QgsVectorLayer(str(out), "homes", "ogr")
    assert v.isValid()
    # QGIS applies <stem>.qml itself when it opens a file-based layer with no style in a database.
    message, ok = v.loadDefaultStyle()
    assert ok, message
    r = v.renderer()
    assert r.type() == "graduatedSymbol" and r.classAttribute() == "distance_m"
    assert ranges(r) == [(0, 300), (300, 500), (500, 1000), (1000, 1200), (1200, 1e12)]
