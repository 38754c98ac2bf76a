"""The plan from Python: load_plan, check_plan and report give the documents `plan check --json` and
`plan report --format json` print for the built-in Heze plan, key for key."""
import json
import subprocess

import pytest

import libplan
from conftest import CLI, ROOT

HEZE = ROOT / "data" / "heze"


def cli_document(*args):
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_load_plan_names_the_plan_and_its_crs():
    plan = libplan.load_plan(HEZE)
    check = cli_document("check", HEZE, "--json")
    assert plan.name_zh == check["plan"]["name_zh"] and plan.crs == check["plan"]["crs"]
    assert plan.source == check["plan"]["source"]
    assert (plan.errors, plan.warnings) == (check["schema"]["errors"], check["schema"]["warnings"])
    assert len(plan.issues) == len(check["schema"]["issues"])


def test_check_plan_is_the_commands_json():
    assert libplan.check_plan(HEZE) == cli_document("check", HEZE, "--json")
    plan = libplan.load_plan(HEZE)
    assert libplan.check_plan(plan, axis_tolerance_m=2000) == \
        cli_document("check", HEZE, "--json", "--axis-tolerance", 2000)


def test_report_is_the_commands_json_and_text():
    plan = libplan.load_plan(HEZE)
    assert libplan.report(plan, year=2025) == cli_document("report", HEZE, "--format", "json", "--year", 2025)
    assert libplan.report(plan, year=2030, compute=False) == \
        cli_document("report", HEZE, "--format", "json", "--year", 2030, "--no-compute")
    md = subprocess.run([CLI, "report", str(HEZE), "--year", "2025"], capture_output=True, text=True).stdout
    assert libplan.report(plan, year=2025, format="md") == md


def test_plan_errors_are_the_librarys_exceptions(tmp_path):
    with pytest.raises(libplan.DataError):
        libplan.load_plan(tmp_path / "no-such-plan")
    plan = libplan.load_plan(HEZE)
    with pytest.raises(libplan.UsageError, match="format must be md, html or json"):
        libplan.report(plan, format="pdf")
    with pytest.raises(libplan.UsageError, match="axis_tolerance_m"):
        libplan.check_plan(plan, axis_tolerance_m=-1)
