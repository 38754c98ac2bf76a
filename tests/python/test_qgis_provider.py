"""The QGIS Processing provider, run headless through qgis_process (QT_QPA_PLATFORM=offscreen) in a
throw-away QGIS profile: the algorithms are listed under libplan and give the command's figures."""
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import geopandas as gpd
import pytest

from conftest import CLI, DEMO, ROOT, cli_json, close, shared_file

# Debian 12's `qgis_process` wrapper passes QGIS_OPTS from /etc/default/qgis (--noversioncheck), which the
# executable rejects; the executable itself works.
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
pytestmark = pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process is not installed (Debian: qgis)")


@pytest.fixture(scope="module")
def qgis_env(tmp_path_factory):
    profile = tmp_path_factory.mktemp("qgis-profile")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile),
               QGIS_PLUGINPATH=str(ROOT / "qgis"), XDG_RUNTIME_DIR=str(profile))
    p = subprocess.run([QGIS_PROCESS, "plugins", "enable", "libplan_processing"], env=env, capture_output=True,
                       text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    return env


def qgis_run(env, algorithm, **params):
    args = [QGIS_PROCESS, "--json", "run", f"libplan:{algorithm}", "--"] + [f"{k}={v}" for k, v in params.items()]
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"{algorithm} failed: {p.stdout[-2000:]} {p.stderr[-2000:]}"
    return json.loads(p.stdout[p.stdout.index("{"):])["results"]


def cli_document(*args):
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def covered_layer(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchone()[0]


def test_the_algorithms_are_listed_under_libplan(qgis_env):
    p = subprocess.run([QGIS_PROCESS, "list"], env=qgis_env, capture_output=True, text=True, timeout=180)
    ids = [line.split()[0] for line in p.stdout.splitlines() if line.strip().startswith("libplan:")]
    assert {"libplan:stopcoverage", "libplan:reach", "libplan:lifecircles", "libplan:elderlycare",
            "libplan:isochrones", "libplan:plancheck", "libplan:planreport"} <= set(ids)


def test_stop_coverage_gives_the_commands_figures(qgis_env, tmp_path):
    out = tmp_path / "coverage.gpkg"
    stops, area = DEMO / "bus_stops.geojson", DEMO / "central_city.geojson"
    r = qgis_run(qgis_env, "stopcoverage", STOPS=stops, AREA=area, COVERED=out)
    cli = cli_json("coverage", "--stops", stops, "--area", area)
    assert close(r["AREA_RATIO"], cli["area_ratio"]) and close(r["COVERED_M2"], cli["covered_m2"])
    covered = gpd.read_file(out)
    assert covered.area.sum() == pytest.approx(cli["covered_m2"], rel=1e-3)  # 128-gons for display
    # The output opens styled: QGIS's own layer_styles row, the command's style as the default.
    with sqlite3.connect(out) as db:
        rows = db.execute("SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [(covered_layer(out), "covered", 1)]
    assert 'type="singleSymbol"' in rows[0][3]


def test_life_circles_give_the_commands_figures(qgis_env, tmp_path):
    out = tmp_path / "lifecircle.shp"  # a one-layer file: its style goes beside it, as the command's does
    r = qgis_run(qgis_env, "lifecircles", NETWORK=DEMO / "streets.geojson", FACILITIES=DEMO / "facilities.geojson",
                 HOMES=DEMO / "homes.geojson", OUTPUT=out)
    cli = cli_json("lifecircle", "--network", DEMO / "streets.geojson", "--facilities", DEMO / "facilities.geojson",
                   "--homes", DEMO / "homes.geojson")
    assert close(r["COMPLETE_RATIO"], cli["complete_ratio"])
    homes = gpd.read_file(out)
    assert len(homes) == cli["homes"] and homes["complete"].sum() == cli["complete"]
    assert 'type="categorizedSymbol"' in (tmp_path / "lifecircle.qml").read_text(encoding="utf-8")


def test_elderly_care_gives_the_commands_figures(qgis_env, tmp_path):
    out = tmp_path / "communities.gpkg"
    r = qgis_run(qgis_env, "elderlycare", NETWORK=DEMO / "streets.geojson",
                 COMMUNITIES=DEMO / "communities.geojson", FACILITIES=DEMO / "elderly_care.geojson", OUTPUT=out)
    cli = cli_json("elderly-care", "--network", DEMO / "streets.geojson", "--communities",
                   DEMO / "communities.geojson", "--facilities", DEMO / "elderly_care.geojson")
    assert close(r["MEETING_RATIO"], cli["meeting_ratio"])
    assert close(r["HOUSEHOLDS_MEETING_RATIO"], cli["households_meeting_ratio"])
    communities = gpd.read_file(out)
    assert len(communities) == cli["communities"] and communities["meets"].sum() == cli["meeting"]


def test_isochrones_give_the_commands_areas(qgis_env, tmp_path):
    out = tmp_path / "iso.gpkg"
    qgis_run(qgis_env, "isochrones", NETWORK=DEMO / "streets.geojson", AT="115.4748,35.2341 [EPSG:4326]",
             WITHIN="5min,10min,15min", OUTPUT=out)
    cli = cli_json("isochrone", "--network", DEMO / "streets.geojson", "--at", "115.4748,35.2341", "--within",
                   "5min,10min,15min")
    got = gpd.read_file(out)
    assert [close(a, c["area_m2"]) for a, c in zip(got["area_m2"], cli["isochrones"])] == [True] * 3


def test_reach_on_porto_gives_the_commands_figures(qgis_env, tmp_path):
    porto = shared_file("osm/porto.osm.pbf")
    out = tmp_path / "reach.gpkg"
    r = qgis_run(qgis_env, "reach", NETWORK=f"{porto}|layername=lines", FACILITIES=f"{porto}|layername=points",
                 CATEGORY_FIELD="amenity", CATEGORY="school", WITHIN="1000m", LARGEST_COMPONENT="true",
                 HOMES=f"{porto}|layername=multipolygons|subset=building IS NOT NULL", OUTPUT=out)
    cli = cli_json("reach", "--network", porto, "--facilities", porto, "--facilities-layer", "points",
                   "--category-field", "amenity", "--category", "school", "--within", "1000m", "--homes", porto,
                   "--homes-layer", "multipolygons", "--homes-where", "building IS NOT NULL", "--largest-component")
    assert r["HOMES"] == cli["homes"] and r["COVERED"] == cli["covered"]
    assert close(r["COVERED_RATIO"], cli["covered_ratio"])
    assert len(gpd.read_file(out)) == cli["homes"]


def test_plan_check_gives_the_commands_document(qgis_env, tmp_path):
    heze = ROOT / "data" / "heze"
    out = tmp_path / "check.json"
    r = qgis_run(qgis_env, "plancheck", PLAN=heze, OUTPUT=out)
    cli = cli_document("check", heze, "--json")
    assert json.loads(out.read_text(encoding="utf-8")) == cli
    assert (r["ERRORS"], r["WARNINGS"], r["FORMULA"]) == (cli["schema"]["errors"], cli["schema"]["warnings"],
                                                          cli["formula"])
    assert r["INTRUSIONS"] == len(cli["intrusions"])


def test_plan_report_gives_the_commands_report(qgis_env, tmp_path):
    heze = ROOT / "data" / "heze"
    out = tmp_path / "report.json"
    r = qgis_run(qgis_env, "planreport", PLAN=heze, YEAR=2025, FORMAT=2, OUTPUT=out)
    cli = cli_document("report", heze, "--format", "json", "--year", 2025)
    assert json.loads(out.read_text(encoding="utf-8")) == cli
    assert r["INDICATORS"] == len(cli["indicators"])
    html = tmp_path / "report.html"
    qgis_run(qgis_env, "planreport", PLAN=heze, YEAR=2025, FORMAT=1, OUTPUT=html)
    p = subprocess.run([CLI, "report", str(heze), "--year", "2025", "--format", "html"], capture_output=True,
                       text=True)
    assert html.read_text(encoding="utf-8") == p.stdout
