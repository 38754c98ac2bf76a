"""Shared fixtures: where the sources, the `plan` command and the reference data are.

Run through ctest (which sets PLAN_SOURCE_DIR, PLAN_CLI and PYTHONPATH=build/python), or by hand:
    PYTHONPATH=build/python PLAN_CLI=build/plan /usr/bin/python3 -m pytest tests/python
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("PLAN_SOURCE_DIR", Path(__file__).resolve().parents[2]))
DEMO = ROOT / "data" / "heze" / "demo"
SHARED = ROOT.parent / "shared" / "data"
CLI = os.environ.get("PLAN_CLI", str(ROOT / "build" / "plan"))


def run_cli(*args, check=True):
    """Runs `plan ARGS`; returns (exit code, stdout, stderr)."""
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"plan {' '.join(map(str, args))} failed ({p.returncode}): {p.stderr}")
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    return json.loads(run_cli(*args, "--json")[1])


def shared_file(relative):
    """A file of the reference data (../shared/data), or a skip saying it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"reference data {path} is absent")
    return path


def close(a, b, rel=1e-9):
    """Equal to 1e-9 relative (absolute for values near 0), treating None and NaN alike."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))
