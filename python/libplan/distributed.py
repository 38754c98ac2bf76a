"""Province- and nation-scale accessibility on a Dask cluster: one task per tile.

    python3 -m libplan.distributed reach --network P.gpkg --network-layer streets \\
        --facilities P.gpkg --facilities-layer facilities --category-field category \\
        --category primary_school --homes P.gpkg --homes-layer homes --population-field population \\
        --within 800m --tile-size 20km [--scheduler tcp://host:8786] --out reach.gpkg

Every option of ``plan tile`` (reach, lifecircle, coverage; see ``plan tile --help``) is passed on. The
client lists the tiles (``plan tile … --list-tiles``: it reads only the tile polygons and the homes'
extent, never the region), submits one task per tile to the scheduler (``--scheduler``, or a
``LocalCluster`` of ``--workers`` processes on this machine), and merges the parts into one GeoPackage.
Each task runs on a worker: it reads its tile from the shared sources through GDAL's spatial filter with
the proven halo, computes with the C++ library (``plan::run_tile``, through the ``plan`` binary) and writes
its part next to the output (a folder every worker and the client can reach: a shared filesystem on a
real cluster). A worker that dies loses nothing: the scheduler runs its tasks again elsewhere, and a part
is written atomically, so a repeated task gives the same part. A tile whose data is bad fails alone: its
message names the tile and the feature, the other tiles' homes are merged, and the exit status is 1.
The Dask dashboard (printed address) shows the tasks as any Dask job's.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

MEASURES = ("reach", "lifecircle", "coverage")

if __name__ == "__main__" and __package__ in (None, ""):
    # Run as a file (python3 path/to/distributed.py): its folder must not shadow the `distributed` package.
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]


class TileFailed(RuntimeError):
    """A tile's computation failed; the message names the tile and, for bad data, the feature."""


def find_plan(explicit: str | None = None) -> str:
    """The ``plan`` binary: --plan, $PLAN_BIN, $PLAN_CLI, the build tree's, or ``plan`` on PATH."""
    candidates = [explicit, os.environ.get("PLAN_BIN"), os.environ.get("PLAN_CLI")]
    here = os.path.dirname(os.path.abspath(__file__))
    candidates.append(os.path.join(here, "..", "..", "plan"))           # build/python/libplan -> build/plan
    candidates.append(os.path.join(here, "..", "..", "build", "plan"))  # python/libplan -> build/plan
    candidates.append(shutil.which("plan"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise SystemExit("libplan.distributed: cannot find the `plan` binary; pass --plan PATH or set PLAN_BIN")


def list_tiles(plan: str, measure: str, args: list[str]) -> dict:
    """The tiles, the job's CRS and halo, from ``plan tile … --list-tiles`` (no feature of the region is read)."""
    r = subprocess.run([plan, "tile", measure, *args, "--list-tiles"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr.strip() or f"plan tile exited with {r.returncode}")
    return json.loads(r.stdout)


def run_tile(plan: str, measure: str, args: list[str], tile_id: str, part: str) -> dict:
    """One task: the tile computed on this worker and written to ``part``; returns its totals.

    Raises TileFailed with plan's message (which names the tile, file, layer and feature) on failure.
    """
    cmd = [plan, "tile", measure, *args, "--tile-id", tile_id, "--out", part, "--overwrite", "--json"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        message = r.stderr.strip() or f"plan tile exited with {r.returncode}"
        raise TileFailed(message if tile_id in message else f"tile {tile_id}: {message}")
    totals = json.loads(r.stdout)
    totals["worker_pid"] = os.getpid()
    # The largest resident set of any tile this worker has run so far (Linux reports kilobytes).
    totals["worker_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return totals


def merge_parts(parts: list[str], out: str, overwrite: bool, inputs: list[str]) -> int:
    """Appends the parts' `homes` layers into one GeoPackage at ``out``, atomically; returns the feature count."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    out_abs = os.path.abspath(out)
    if out_abs in {os.path.abspath(p) for p in inputs}:
        raise SystemExit(f"libplan.distributed: {out} is an input; choose another --out")
    if os.path.exists(out) and not overwrite:
        raise SystemExit(f"libplan.distributed: {out} exists; add --overwrite to replace it")
    fd, tmp = tempfile.mkstemp(suffix=".gpkg", dir=os.path.dirname(out_abs) or ".")
    os.close(fd)
    os.unlink(tmp)
    try:
        created = False
        for part in parts:
            gdal.VectorTranslate(tmp, part, format="GPKG", layers=["homes"], layerName="homes",
                                 accessMode="append" if created else None)
            created = True
        if not created:
            raise SystemExit("libplan.distributed: no tile succeeded; nothing to merge")
        ds = ogr.Open(tmp)
        count = ds.GetLayerByName("homes").GetFeatureCount()
        ds = None
        os.replace(tmp, out_abs)
        return count
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def source_count(args: list[str]) -> int | None:
    """Features of the homes source (with its --homes-where), from the layer's metadata; None if unknown."""
    from osgeo import ogr

    def value(name):
        return args[args.index(name) + 1] if name in args[:-1] else None

    ds = ogr.Open(value("--homes") or "")
    if ds is None:
        return None
    layer = ds.GetLayerByName(value("--homes-layer")) if value("--homes-layer") else ds.GetLayer(0)
    if layer is None:
        return None
    if value("--homes-where"):
        layer.SetAttributeFilter(value("--homes-where"))
    return layer.GetFeatureCount()


def parse(argv: list[str]):
    p = argparse.ArgumentParser(prog="python3 -m libplan.distributed", description=__doc__.split("\n\n")[0],
                                epilog="Other options go to `plan tile MEASURE` (see `plan tile --help`).")
    p.add_argument("measure", choices=MEASURES)
    p.add_argument("--scheduler", help="address of a running dask-scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes without --scheduler")
    p.add_argument("--plan", help="the plan binary (every worker must find it at this path)")
    p.add_argument("--out", required=True, help="the merged GeoPackage")
    p.add_argument("--parts", help="folder for the tiles' parts (default OUT.parts, next to OUT)")
    p.add_argument("--keep-parts", action="store_true")
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--json", action="store_true", help="print the totals as JSON")
    return p.parse_known_args(argv)


INPUT_OPTIONS = ("--homes", "--network", "--facilities", "--stops", "--area", "--exclusions", "--tiles")


def run(argv: list[str]) -> int:
    opts, rest = parse(argv)
    plan = find_plan(opts.plan)
    listing = list_tiles(plan, opts.measure, rest)
    # Every worker computes in the CRS the client found, never in its tile's own UTM zone.
    if "--crs" not in rest:
        rest = [*rest, "--crs", listing["crs"]]
    tiles = [t["id"] for t in listing["tiles"]]
    inputs = [rest[i + 1] for i, a in enumerate(rest[:-1]) if a in INPUT_OPTIONS]
    if os.path.exists(opts.out) and not opts.overwrite:
        print(f"libplan.distributed: {opts.out} exists; add --overwrite to replace it", file=sys.stderr)
        return 2
    parts_dir = os.path.abspath(opts.parts or opts.out + ".parts")
    os.makedirs(parts_dir, exist_ok=True)

    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if opts.scheduler:
        client = Client(opts.scheduler)
    else:
        cluster = LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    started = time.time()
    try:
        print(f"libplan.distributed: {len(tiles)} tiles, halo {listing['halo_m']:.0f} m, CRS {listing['crs']}; "
              f"dashboard {client.dashboard_link}", file=sys.stderr)
        futures = {}
        for tid in tiles:
            part = os.path.join(parts_dir, f"{opts.measure}-{tid}.gpkg")
            f = client.submit(run_tile, plan, opts.measure, rest, tid, part, key=f"tile-{opts.measure}-{tid}-{started}",
                              pure=False)
            futures[f] = (tid, part)
        done, failed = {}, {}
        for f in as_completed(list(futures)):
            tid, part = futures[f]
            try:
                done[tid] = (part, f.result())
            except Exception as e:  # a tile's failure is reported and the others are kept
                failed[tid] = str(e)
                print(f"libplan.distributed: {e}", file=sys.stderr)
        ordered = [t for t in tiles if t in done]
        computed = time.time()
        count = merge_parts([done[t][0] for t in ordered], opts.out, opts.overwrite, inputs) if ordered else 0
        merge_seconds = time.time() - computed
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if not opts.keep_parts:
        shutil.rmtree(parts_dir, ignore_errors=True)

    keys = ("homes", "reachable", "covered", "population_total", "population_covered", "homes_read",
            "network_lines_read", "facilities_read", "stops_read", "area_m2", "covered_m2")
    totals = {k: sum(done[t][1].get(k, 0) for t in ordered) for k in keys}
    summary = {"measure": opts.measure, "crs": listing["crs"], "halo_m": listing["halo_m"], "tiles": len(tiles),
               "tiles_done": len(ordered), "failed": failed, **totals, "merged_homes": count, "out": opts.out,
               "seconds": round(time.time() - started, 3), "merge_seconds": round(merge_seconds, 3),
               "workers": sorted({done[t][1]["worker_pid"] for t in ordered}),
               "peak_rss_mb_per_worker": {str(pid): round(max(done[t][1]["worker_peak_rss_mb"] for t in ordered
                                                               if done[t][1]["worker_pid"] == pid), 1)
                                          for pid in {done[t][1]["worker_pid"] for t in ordered}}}
    expected = source_count(rest)
    if not failed and expected is not None and expected != count:
        # Tile polygons that leave gaps (or homes outside the region) lose homes: say so, never silently.
        summary["homes_outside_tiles"] = expected - count
        print(f"libplan.distributed: warning: {expected - count} of {expected} homes lie outside every tile",
              file=sys.stderr)
    if opts.json:
        print(json.dumps(summary, indent=1))
    else:
        share = 100 * totals["covered"] / totals["homes"] if totals["homes"] else 0
        print(f"{opts.measure}: {totals['homes']} homes in {len(ordered)} of {len(tiles)} tiles, "
              f"{totals['covered']} covered ({share:.2f} %); wrote {opts.out}")
    return 1 if failed else 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
