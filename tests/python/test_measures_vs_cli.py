"""Every measure from Python equals the `plan` command's figure on the same data (to 1e-9)."""
import os
import tempfile

import geopandas as gpd
import numpy as np
import pytest

import libplan
from conftest import DEMO, cli_json, close, run_cli, shared_file

STOPS, AREA, EXCL = DEMO / "bus_stops.geojson", DEMO / "central_city.geojson", DEMO / "exclusions.geojson"
STREETS, FACILITIES, HOMES = DEMO / "streets.geojson", DEMO / "facilities.geojson", DEMO / "homes.geojson"
POPULATION = DEMO / "population.geojson"

COVERAGE_KEYS = ("radius_m", "stops_used", "area_m2", "excluded_m2", "covered_m2", "area_ratio", "population_total",
                 "population_covered", "population_ratio")


def assert_same(py, cli, keys):
    for k in keys:
        assert close(py[k], cli[k]), f"{k}: python {py[k]!r}, cli {cli[k]!r}"


def test_coverage_from_paths_equals_the_cli():
    cli = cli_json("coverage", "--stops", STOPS, "--area", AREA, "--exclusions", EXCL, "--population", POPULATION,
                   "--population-field", "population")
    r = libplan.coverage(STOPS, AREA, exclusions=EXCL, population=POPULATION, population_field="population")
    assert_same(r.summary, cli, COVERAGE_KEYS)
    assert r.crs == cli["crs"] == "EPSG:32650"
    assert 0 < r.area_ratio < 1


def test_coverage_from_geodataframes_equals_the_cli():
    cli = cli_json("coverage", "--stops", STOPS, "--area", AREA, "--exclusions", EXCL, "--population", POPULATION,
                   "--population-field", "population")
    r = libplan.coverage(gpd.read_file(STOPS), gpd.read_file(AREA), exclusions=gpd.read_file(EXCL),
                         population=gpd.read_file(POPULATION), population_field="population")
    assert_same(r.summary, cli, COVERAGE_KEYS)


def test_coverage_from_a_numpy_array_with_assume_crs_equals_the_cli():
    stops = gpd.read_file(STOPS)
    xy = np.column_stack([stops.geometry.x, stops.geometry.y])
    cli = cli_json("coverage", "--stops", STOPS, "--area", AREA)
    r = libplan.coverage(xy, AREA, assume_crs="EPSG:4326")
    assert_same(r.summary, cli, COVERAGE_KEYS)


def test_coverage_in_a_given_crs_equals_the_cli(tmp_path):
    cli = cli_json("coverage", "--stops", STOPS, "--area", AREA, "--crs", "EPSG:4547")
    r = libplan.coverage(STOPS, AREA, crs="EPSG:4547")
    assert r.crs == "EPSG:4547"
    assert_same(r.summary, cli, COVERAGE_KEYS)


def test_coverage_polygons_have_the_covered_area():
    r = libplan.coverage(STOPS, AREA, polygons=True)
    assert r.covered.crs == "EPSG:32650"
    # The output circles are 128-gons (for display): their area falls short of the exact one by < 0.1 %.
    assert r.covered.area.sum() == pytest.approx(r.covered_m2, rel=1e-3)
    assert r.covered.area.sum() + r.gaps.area.sum() == pytest.approx(r.area_m2, rel=1e-3)


def test_network_coverage_equals_the_cli():
    cli = cli_json("coverage", "--stops", STOPS, "--area", AREA, "--metric", "network", "--network", STREETS)
    r = libplan.coverage(STOPS, AREA, metric="network", network=STREETS)
    assert_same(r.summary, cli, COVERAGE_KEYS + ("network_covered_m2", "network_area_ratio", "detour_penalty",
                                                 "stops_off_network"))


def test_reach_per_home_equals_the_cli_output(tmp_path):
    out = tmp_path / "reach.gpkg"
    cli = cli_json("reach", "--network", STREETS, "--facilities", FACILITIES, "--category-field", "category",
                   "--category", "primary_school", "--homes", HOMES, "--population-field", "population",
                   "--within", "500m", "--out", out)
    homes = gpd.read_file(HOMES)
    r = libplan.reach(STREETS, FACILITIES, homes, category_field="category", category="primary_school",
                      population_field="population", within="500m")
    assert_same(r.summary, cli, ("facilities", "homes", "reachable", "covered", "covered_ratio", "threshold_m",
                                 "population_total", "population_covered", "population_covered_ratio"))
    assert r.summary["network"] == cli["network"]
    written = gpd.read_file(out)
    assert len(written) == len(r.homes) == len(homes)
    np.testing.assert_allclose(r.homes["distance_m"].to_numpy(), written["distance_m"].to_numpy(dtype=float),
                               rtol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(r.homes["covered"].to_numpy(), written["covered"].to_numpy() == 1)
    np.testing.assert_array_equal(r.homes["facility_id"].to_numpy(dtype=float, na_value=np.nan),
                                  written["facility_id"].to_numpy(dtype=float))
    np.testing.assert_allclose(r.homes["snap_m"].to_numpy(), written["snap_m"].to_numpy(dtype=float), rtol=1e-9,
                               equal_nan=True)


def test_reach_with_several_categories_equals_the_cli():
    cli = cli_json("reach", "--network", STREETS, "--facilities", FACILITIES, "--category-field", "category",
                   "--category", "primary_school,kindergarten", "--homes", HOMES, "--within", "10min")
    r = libplan.reach(STREETS, FACILITIES, HOMES, category_field="category",
                      category=["primary_school", "kindergarten"], within="10min")
    assert [c["category"] for c in r.categories] == [c["category"] for c in cli["categories"]]
    for p, c in zip(r.categories, cli["categories"]):
        assert_same(p, c, ("facilities", "reachable", "covered", "covered_ratio"))
    assert {"primary_school_m", "primary_school_covered", "kindergarten_m"} <= set(r.homes.columns)


def test_lifecircle_equals_the_cli():
    cli = cli_json("lifecircle", "--network", STREETS, "--facilities", FACILITIES, "--homes", HOMES,
                   "--population-field", "population")
    r = libplan.lifecircle(STREETS, FACILITIES, gpd.read_file(HOMES), population_field="population")
    assert_same(r.summary, cli, ("homes", "complete", "complete_ratio", "population_total",
                                 "population_complete_ratio"))
    assert len(r.categories) == len(cli["categories"]) == 9
    for p, c in zip(r.categories, cli["categories"]):
        assert p["category"] == c["category"]
        assert_same(p, c, ("threshold_m", "facilities", "reachable", "covered", "covered_ratio",
                           "population_covered_ratio"))
    assert r.homes["complete"].sum() == cli["complete"]


def test_elderly_care_equals_the_cli_community_by_community():
    communities, centres = DEMO / "communities.geojson", DEMO / "elderly_care.geojson"
    cli = cli_json("elderly-care", "--network", STREETS, "--communities", communities, "--facilities", centres)
    r = libplan.elderly_care(STREETS, gpd.read_file(communities), centres)
    assert_same(r.summary, cli, ("communities", "meeting", "meeting_ratio", "unsnapped", "households",
                                 "households_meeting", "households_meeting_ratio", "required_m2", "facilities",
                                 "floor_area_m2", "allocated_m2", "within_m", "m2_per_100_households"))
    assert 0 < cli["meeting"] < cli["communities"]
    # Each community's figures: the CLI's --out against the frame the function returns.
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "communities.gpkg")
        run_cli("elderly-care", "--network", STREETS, "--communities", communities, "--facilities", centres,
                "--out", out)
        written = gpd.read_file(out)
    assert len(written) == len(r.communities)
    np.testing.assert_allclose(r.communities["available_m2"], written["available_m2"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(r.communities["required_m2"], written["required_m2"], rtol=1e-12)
    assert (r.communities["meets"].astype(int).values == written["meets"].values).all()
    # A stricter province's 30 m² can only lower the share.
    stricter = libplan.elderly_care(STREETS, communities, centres, m2_per_100_households=30)
    assert stricter.meeting <= r.meeting


def test_elderly_care_names_the_community_with_a_negative_household_count():
    frame = gpd.read_file(DEMO / "communities.geojson")
    frame.loc[3, "households"] = -5
    with pytest.raises(libplan.DataError, match="households"):
        libplan.elderly_care(STREETS, frame, DEMO / "elderly_care.geojson")
    with pytest.raises(libplan.UsageError, match="m2_per_100_households"):
        libplan.elderly_care(STREETS, DEMO / "communities.geojson", DEMO / "elderly_care.geojson",
                             m2_per_100_households=0)


def test_isochrones_walk_equal_the_cli():
    cli = cli_json("isochrone", "--network", STREETS, "--at", "115.4748,35.2341", "--within", "5min,10min,15min")
    r = libplan.isochrones(STREETS, at=(115.4748, 35.2341), within="5min,10min,15min")
    assert len(r.isochrones) == 3
    for p, c in zip(r.summary["isochrones"], cli["isochrones"]):
        assert_same(p, c, ("threshold_m", "minutes", "area_m2", "parts"))
    np.testing.assert_allclose(r.isochrones["area_m2"], [c["area_m2"] for c in cli["isochrones"]], rtol=1e-9)
    # The polygons themselves carry the area the summary names (GEOS area of the same rings).
    np.testing.assert_allclose(r.isochrones.area, r.isochrones["area_m2"], rtol=1e-9)


def test_isochrones_per_origin_from_a_frame_equal_the_cli():
    stops = gpd.read_file(STOPS).iloc[:5]
    cli = cli_json("isochrone", "--network", STREETS, "--from", STOPS, "--from-where", "FID < 5", "--within",
                   "500m", "--per-origin")
    r = libplan.isochrones(STREETS, origins=stops, within="500m", per_origin=True)
    assert [i["origin"] for i in r.summary["isochrones"]] == [c["origin"] for c in cli["isochrones"]]
    for p, c in zip(r.summary["isochrones"], cli["isochrones"]):
        assert_same(p, c, ("threshold_m", "area_m2"))


def test_drive_isochrones_and_reach_equal_the_cli_on_porto():
    porto = shared_file("osm/porto.osm.pbf")
    cli = cli_json("isochrone", "--mode", "drive", "--network", porto, "--at", "-8.61,41.15", "--within", "2min,4min")
    r = libplan.isochrones(porto, at=(-8.61, 41.15), within="2min,4min", mode="drive")
    for p, c in zip(r.summary["isochrones"], cli["isochrones"]):
        assert_same(p, c, ("threshold_s", "area_m2"))
    assert r.summary["network"] == cli["network"]


def test_reach_on_porto_equals_the_cli():
    porto = shared_file("osm/porto.osm.pbf")
    args = ("reach", "--network", porto, "--facilities", porto, "--category-field", "amenity", "--category", "school",
            "--within", "1000m", "--homes", porto, "--homes-layer", "multipolygons", "--homes-where",
            "building IS NOT NULL", "--largest-component")
    cli = cli_json(*args)
    r = libplan.reach(porto, porto, porto, category_field="amenity", category="school", within="1000m",
                      layers={"homes": "multipolygons"}, where={"homes": "building IS NOT NULL"},
                      largest_component=True)
    assert_same(r.summary, cli, ("facilities", "homes", "reachable", "covered", "covered_ratio"))
    assert r.facilities == 51  # nodes and grounds both count (README: 51 schools)
    assert r.summary["facilities_unreachable_ids"] == cli["facilities_unreachable_ids"]
    assert "facility_layer" in r.homes.columns


def test_reach_with_numpy_homes_equals_the_cli_output(tmp_path):
    # An (n, 2) array takes the point path (coordinates straight to snapping, no feature per point): the same
    # CRS choice and reprojection as the command reading the file, so the same figures per home.
    out = tmp_path / "reach.gpkg"
    cli = cli_json("reach", "--network", STREETS, "--facilities", FACILITIES, "--homes", HOMES, "--within", "800m",
                   "--out", out)
    lonlat = gpd.read_file(HOMES)
    xy = np.column_stack([lonlat.geometry.x, lonlat.geometry.y])
    r = libplan.reach(STREETS, FACILITIES, xy, within="800m", assume_crs="EPSG:4326")
    assert_same(r.summary, cli, ("facilities", "homes", "reachable", "unreachable", "covered", "covered_ratio"))
    assert r.summary["crs"] == cli["crs"]
    written = gpd.read_file(out)
    for name in ("distance_m", "minutes", "snap_m"):
        np.testing.assert_allclose(r.columns[name], written[name].to_numpy(dtype=float), rtol=1e-9, atol=1e-9,
                                   equal_nan=True)
    np.testing.assert_array_equal(r.columns["covered"], written["covered"].to_numpy() == 1)
    np.testing.assert_array_equal(r.columns["facility_id"].to_numpy(dtype=float, na_value=np.nan),
                                  written["facility_id"].to_numpy(dtype=float))
    # The frame of an array: the points in the measuring CRS, indexed 0 … n-1.
    assert list(r.homes.index) == list(range(len(xy)))
    assert r.homes.crs.to_epsg() == int(cli["crs"].split(":")[1])
    np.testing.assert_allclose(r.homes.geometry.x, written.to_crs(r.homes.crs).geometry.x, atol=1e-6)


def test_numpy_homes_give_what_the_same_points_as_a_frame_give():
    frame = gpd.read_file(HOMES)[["geometry"]]
    xy = np.column_stack([frame.geometry.x, frame.geometry.y])
    by_array = libplan.reach(STREETS, FACILITIES, xy, within="10min", assume_crs="EPSG:4326")
    by_frame = libplan.reach(STREETS, FACILITIES, frame, within="10min")
    for name in ("distance_m", "minutes", "snap_m"):
        np.testing.assert_array_equal(by_array.columns[name], by_frame.columns[name])
    assert by_array.summary["unreachable_ids"] == by_frame.summary["unreachable_ids"]
    life_array = libplan.lifecircle(STREETS, FACILITIES, xy, assume_crs="EPSG:4326")
    life_frame = libplan.lifecircle(STREETS, FACILITIES, frame)
    assert life_array.summary == life_frame.summary
    with pytest.raises(libplan.UsageError, match=r"homes: expected an \(n, 2\) array"):
        libplan.reach(STREETS, FACILITIES, xy[:, :1], assume_crs="EPSG:4326")
