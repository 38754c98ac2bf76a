"""Frames keep their index, columns and CRS; errors are typed and say what the command says; two
analyses run at once in two threads."""
import threading
import time

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

import libplan
from conftest import DEMO, run_cli

STREETS, FACILITIES, HOMES = DEMO / "streets.geojson", DEMO / "facilities.geojson", DEMO / "homes.geojson"
STOPS, AREA = DEMO / "bus_stops.geojson", DEMO / "central_city.geojson"


def small_city(crs="EPSG:32650"):
    """A 1 km street from (0, 0) to (1000, 0), a facility at its west end, homes along it (UTM 50N, Heze)."""
    x0, y0 = 700000.0, 3900000.0
    streets = gpd.GeoDataFrame({"name": ["a"]}, geometry=[LineString([(x0, y0), (x0 + 1000, y0)])], crs=crs)
    facilities = gpd.GeoDataFrame({"kind": ["school"]}, geometry=[Point(x0, y0 + 10)], crs=crs)
    homes = gpd.GeoDataFrame({"name": ["h300", "h800", "far"], "people": [3, 5, 7]},
                             geometry=[Point(x0 + 300, y0 - 20), Point(x0 + 800, y0 + 5), Point(x0 + 500, y0 + 900)],
                             index=[101, 205, 309], crs=crs)
    return streets, facilities, homes


def test_reach_keeps_the_frames_index_columns_and_crs_and_measures_by_hand():
    streets, facilities, homes = small_city()
    r = libplan.reach(streets, facilities, homes, within="500m", population_field="people")
    out = r.homes
    assert list(out.index) == [101, 205, 309]
    assert list(out.columns[:3]) == ["name", "people", "geometry"]
    assert out.crs == homes.crs
    # Hand-computed: the snapped positions are 300 m and 800 m along the street from the facility's.
    np.testing.assert_allclose(out["distance_m"].iloc[:2], [300, 800], rtol=1e-12)
    np.testing.assert_allclose(out["snap_m"].iloc[:2], [20, 5], rtol=1e-12)
    assert list(out["covered"]) == [True, False, False]
    assert np.isnan(out["distance_m"].iloc[2])  # 900 m off the street: beyond max snap, unreachable
    assert r.unreachable_ids == [309]
    assert r.population_covered_ratio == pytest.approx(3 / 15)
    assert out["facility_id"].iloc[0] == 0


def test_a_frame_in_another_crs_gives_the_same_distances():
    streets, facilities, homes = small_city()
    a = libplan.reach(streets, facilities, homes, within="500m")
    b = libplan.reach(streets.to_crs(4326), facilities.to_crs(4326), homes.to_crs(4326), within="500m")
    assert b.crs == "EPSG:32650"  # the UTM zone of the centre, as the command picks it
    # Through lon/lat and back: equal to well under a millimetre.
    np.testing.assert_allclose(a.homes["distance_m"].iloc[:2], b.homes["distance_m"].iloc[:2], atol=1e-6)
    assert list(b.homes.index) == [101, 205, 309] and b.homes.crs == "EPSG:4326"


def test_crs_option_names_the_measuring_crs():
    streets, facilities, homes = small_city()
    r = libplan.reach(streets, facilities, homes, crs="EPSG:32650", within="500m")
    assert r.crs == "EPSG:32650"
    with pytest.raises(libplan.UsageError, match="geographic"):
        libplan.reach(streets, facilities, homes, crs="EPSG:4326")


def test_read_returns_the_layer_in_the_measuring_crs():
    frame = libplan.read(STOPS)
    assert frame.crs == "EPSG:32650" and len(frame) == len(gpd.read_file(STOPS))
    assert frame.geometry.x.between(3.4e5, 3.8e5).all()  # 115.4–115.6°E lies west of zone 50's 117°E meridian


def cli_error(*args):
    code, _, err = run_cli(*args, check=False)
    return code, err.strip().split(": ", 1)[1]


def test_missing_file_is_a_data_error_with_the_clis_message(tmp_path):
    missing = tmp_path / "nope.gpkg"
    code, message = cli_error("coverage", "--stops", missing, "--area", AREA)
    assert code == 1
    with pytest.raises(libplan.DataError) as e:
        libplan.coverage(missing, AREA)
    assert str(e.value) == message
    assert e.value.file == str(missing) and e.value.problem == "no such file"
    assert isinstance(e.value, libplan.Error)


def test_non_numeric_population_names_layer_feature_and_field():
    homes = gpd.read_file(HOMES).iloc[:20].copy()
    homes["population"] = homes["population"].astype(object)
    homes.loc[homes.index[7], "population"] = "many"
    with pytest.raises(libplan.DataError) as e:
        libplan.reach(STREETS, FACILITIES, homes, population_field="population")
    assert e.value.layer == "homes" and e.value.feature == 7 and e.value.field == "population"
    assert "homes" in str(e.value) and "feature 7" in str(e.value) and "population" in str(e.value)


def test_frame_without_crs_needs_assume_crs_as_the_command_says():
    read = gpd.read_file(STOPS)
    stops = gpd.GeoDataFrame(read.drop(columns="geometry"), geometry=list(read.geometry))  # no CRS
    with pytest.raises(libplan.DataError, match="has no coordinate reference system"):
        libplan.coverage(stops, AREA)
    assert libplan.coverage(stops, AREA, assume_crs="EPSG:4326").area_ratio == pytest.approx(
        libplan.coverage(STOPS, AREA).area_ratio, rel=1e-12)


def test_usage_errors_match_the_command():
    code, message = cli_error("coverage", "--stops", STOPS, "--area", AREA, "--radius", "-5")
    assert code == 2
    with pytest.raises(libplan.UsageError) as e:
        libplan.coverage(STOPS, AREA, radius_m=-5)
    assert isinstance(e.value, ValueError)
    assert "radius" in str(e.value) and "radius" in message
    with pytest.raises(libplan.UsageError, match="driving thresholds are times|time"):
        libplan.reach(STREETS, FACILITIES, HOMES, mode="drive", within="1000m")
    with pytest.raises(libplan.UsageError, match="not an input"):
        libplan.coverage(STOPS, AREA, gcj02=["stopz"])


def test_gcj02_inputs_are_shifted_back_as_the_command_does(tmp_path):
    cli = run_cli("coverage", "--stops", STOPS, "--area", AREA, "--gcj02", "stops", "--json")[1]
    import json
    r = libplan.coverage(gpd.read_file(STOPS), AREA, gcj02=["stops"])
    assert r.area_ratio == json.loads(cli)["area_ratio"]
    assert r.area_ratio != libplan.coverage(STOPS, AREA).area_ratio  # the ~500 m shift moves the circles


def test_two_threads_run_two_analyses_at_once():
    serial = [libplan.lifecircle(STREETS, FACILITIES, HOMES).complete_ratio,
              libplan.coverage(STOPS, AREA, polygons=True).covered_m2]
    results = {}
    ticks = []

    def run(name, fn):
        results[name] = fn()

    threads = [threading.Thread(target=run, args=("life", lambda: libplan.lifecircle(STREETS, FACILITIES, HOMES).complete_ratio)),
               threading.Thread(target=run, args=("cov", lambda: libplan.coverage(STOPS, AREA, polygons=True).covered_m2))]
    for t in threads:
        t.start()
    # While they compute (GIL released), this thread keeps running Python.
    while any(t.is_alive() for t in threads):
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    for t in threads:
        t.join()
    assert [results["life"], results["cov"]] == serial
    assert len(ticks) > 5


def test_the_gil_is_released_during_a_computation():
    # The compiled call alone (no Python work inside the measured window): isochrones per origin for 200 stops.
    from libplan import _core
    lines, _ = _core.read(str(STREETS), expect="line")
    network = _core.street_network(lines, "walk")
    stops, _ = _core.read(str(STOPS), crs=lines.crs)
    origins = stops.points()[:200]
    done = threading.Event()
    stamps = []

    def spin():
        n = 0
        while not done.is_set():
            n += 1
            if n % 200 == 0:
                stamps.append(time.perf_counter())

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.02)
    start = time.perf_counter()
    _core.isochrones(network, origins, [1000.0], 50.0, True, 250.0, False)
    end = time.perf_counter()
    done.set()
    t.join()
    assert end - start > 0.05, "the computation was too short to tell"
    # Holding the GIL, the call would let the spinning thread run for one switch interval (5 ms) at most,
    # at its start; released, the thread keeps running through the middle of the call.
    middle = [s for s in stamps if start + 0.25 * (end - start) < s < end - 0.25 * (end - start)]
    assert len(middle) > 10
