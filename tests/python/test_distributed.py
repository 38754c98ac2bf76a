"""libplan.distributed: tiles as Dask tasks give the single-process results home by home, on a local
cluster, on a separately started scheduler with two workers (also when one is killed mid-run), and a tile
with bad data fails alone, named with its feature.

Run: /usr/bin/python3 -m pytest tests/python/test_distributed.py (needs build/plan, or PLAN_BIN).
"""
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAN = os.environ.get("PLAN_BIN") or os.environ.get("PLAN_CLI") or os.path.join(ROOT, "build", "plan")
if not os.path.exists(PLAN):
    pytest.skip(f"the plan binary is not built ({PLAN}); build it or set PLAN_BIN", allow_module_level=True)
pytest.importorskip("distributed", reason="Dask distributed (Debian python3-distributed) is not installed")
ogr = pytest.importorskip("osgeo.ogr", reason="GDAL's Python bindings (python3-gdal) are not installed")

# The module itself, loaded from its file so that the test does not depend on the compiled core.
_spec = importlib.util.spec_from_file_location("libplan_distributed", os.path.join(ROOT, "python", "libplan", "distributed.py"))
distributed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(distributed)

THRESHOLD_M = 800


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    d = tmp_path_factory.mktemp("province")
    path = str(d / "province.gpkg")
    subprocess.run([PLAN, "demo-data", "--province", "--homes", "4000", "--homes-per-km2", "600", "--county-size", "4km",
                    "--out", path], check=True, capture_output=True)
    return path


def reach_args(path):
    return ["--network", path, "--network-layer", "streets", "--facilities", path, "--facilities-layer", "facilities",
            "--category-field", "category", "--category", "primary_school", "--homes", path, "--homes-layer", "homes",
            "--population-field", "population", "--within", f"{THRESHOLD_M}m"]


def rows(path, key):
    """Features of the `homes` layer as {key: {field: value}}."""
    ds = ogr.Open(path)
    layer = ds.GetLayerByName("homes")
    out = {}
    for f in layer:
        r = f.items()
        out[r[key] if key else f.GetFID()] = r
    return out


@pytest.fixture(scope="module")
def single_process(province, tmp_path_factory):
    """`plan reach` over the whole region in one process, distances capped at the threshold."""
    out = str(tmp_path_factory.mktemp("single") / "reach.gpkg")
    subprocess.run([PLAN, "reach", *reach_args(province), "--out", out], check=True, capture_output=True)
    whole = rows(out, None)  # feature ids 1..N in input order, as the homes' own ids
    for r in whole.values():
        if r["distance_m"] is None or r["distance_m"] > THRESHOLD_M:
            r["distance_m"], r["facility_id"] = None, None
    return whole


def assert_equal_home_by_home(out, whole):
    got = rows(out, "home_id")
    assert len(got) == len(whole), "every home once"
    for hid, w in whole.items():
        g = got[hid]
        assert g["distance_m"] == w["distance_m"], hid
        assert g["facility_id"] == w["facility_id"], hid
        assert g["covered"] == w["covered"], hid
        assert g["snap_m"] == w["snap_m"], hid
        assert g["population"] == w["population"], hid


def run_distributed(args, capsys=None):
    code = distributed.run(args)
    return code


@pytest.fixture(scope="module")
def local_run(province, tmp_path_factory):
    """The distributed run on a LocalCluster of two worker processes, tiles of 2 km."""
    out = str(tmp_path_factory.mktemp("local") / "reach.gpkg")
    code = run_distributed(["reach", *reach_args(province), "--tile-size", "2km", "--workers", "2", "--plan", PLAN,
                            "--out", out])
    return code, out


def test_local_cluster_equals_single_process_home_by_home(province, single_process, local_run, tmp_path):
    code, out = local_run
    assert code == 0
    assert_equal_home_by_home(out, single_process)
    # Tiles by county give the same homes and figures.
    out2 = str(tmp_path / "reach-counties.gpkg")
    assert run_distributed(["reach", *reach_args(province), "--tiles", province, "--tiles-layer", "counties",
                            "--tiles-id", "code", "--workers", "2", "--plan", PLAN, "--out", out2]) == 0
    assert_equal_home_by_home(out2, single_process)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A dask-scheduler and two dask-worker processes on 127.0.0.1, started as on a real cluster."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = open(tmp_path_factory.mktemp("cluster") / "cluster.log", "w")
    procs = [subprocess.Popen(["/usr/bin/dask-scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", ":0"], stdout=logs, stderr=logs)]
    time.sleep(1.5)
    for _ in range(2):
        procs.append(subprocess.Popen(["/usr/bin/dask-worker", address, "--nthreads", "1", "--nworkers", "1",
                                       "--no-nanny", "--dashboard-address", ":0"], stdout=logs, stderr=logs))
    from dask.distributed import Client
    with Client(address, timeout=30) as c:
        c.wait_for_workers(2, timeout=60)
    yield address, procs
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    logs.close()


def test_separate_scheduler_and_two_workers_give_the_same_output(province, single_process, cluster, tmp_path):
    address, _ = cluster
    out = str(tmp_path / "reach.gpkg")
    assert run_distributed(["reach", *reach_args(province), "--tile-size", "2km", "--scheduler", address,
                            "--plan", PLAN, "--out", out]) == 0
    assert_equal_home_by_home(out, single_process)


def test_killing_a_worker_mid_run_loses_nothing(province, single_process, cluster, tmp_path):
    address, procs = cluster
    out = str(tmp_path / "reach.gpkg")
    parts = tmp_path / "parts"
    result = {}
    args = ["reach", *reach_args(province), "--tile-size", "2km", "--scheduler", address, "--plan", PLAN,
            "--parts", str(parts), "--keep-parts", "--out", out]
    t = threading.Thread(target=lambda: result.setdefault("code", run_distributed(args)))
    t.start()
    victim = procs[1]
    deadline = time.time() + 60
    while time.time() < deadline and not (parts.exists() and len(list(parts.glob("*.gpkg"))) >= 3):
        time.sleep(0.05)
    done_before = len(list(parts.glob("*.gpkg")))
    victim.send_signal(signal.SIGKILL)  # mid-run: some parts written, most not
    t.join(timeout=120)
    assert not t.is_alive()
    assert result["code"] == 0
    assert done_before >= 3
    assert len(list(parts.glob("*.gpkg"))) > done_before  # the run went on after the kill
    assert victim.poll() is not None
    assert_equal_home_by_home(out, single_process)


def test_a_tile_with_bad_data_is_named_and_the_others_are_kept(province, single_process, local_run, tmp_path, capfd):
    bad = str(tmp_path / "bad.gpkg")
    shutil.copy(province, bad)
    # One home becomes a line: a point layer holding a line is bad data.
    ds = ogr.Open(bad, update=1)
    homes = ds.GetLayerByName("homes")
    f = homes.GetFeature(1234)
    p = f.GetGeometryRef()
    line = ogr.Geometry(ogr.wkbLineString)
    line.AddPoint_2D(p.GetX(), p.GetY())
    line.AddPoint_2D(p.GetX() + 1e-7, p.GetY())
    f.SetGeometry(line)
    homes.SetFeature(f)
    ds = None
    out = str(tmp_path / "reach.gpkg")
    args = reach_args(bad)
    code = run_distributed(["reach", *args, "--tile-size", "2km", "--workers", "2", "--plan", PLAN, "--out", out])
    assert code == 1
    err = capfd.readouterr().err
    assert "feature 1234" in err and "tile r" in err, err
    # The other tiles' homes are all there, with the single-process results.
    got = rows(out, "home_id")
    assert 0 < len(got) < len(single_process)
    bad_tile = [line for line in err.splitlines() if "feature 1234" in line][0]
    assert 1234 not in got
    for hid, g in got.items():
        assert g["distance_m"] == single_process[hid]["distance_m"], hid
    # Only the bad tile's homes are missing: every other tile of the good run is complete.
    full = rows(local_run[1], "home_id")
    missing_tiles = {full[h]["tile"] for h in full if h not in got}
    assert missing_tiles == {full[1234]["tile"]}, bad_tile
