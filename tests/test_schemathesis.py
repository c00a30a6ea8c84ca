"""Property-based API testing: schemathesis drives every operation of the served OpenAPI schema.

Run through its CLI (`st run`) against a real server: up to 20 generated examples per
operation and phase, two minutes at most in all. No response may be a 5xx, carry an
undocumented status code or content type, or break the schema documented for it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_rest import build_store, serve

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
TIME_BUDGET_S = 110


def _st() -> str:
    st = Path(sys.executable).parent / "st"
    if not st.exists():
        pytest.fail("schemathesis is not installed: run `make setup` (pip install -e '.[test]')")
    return str(st)


def test_served_api_conforms_to_its_openapi_schema(tmp_path: Path) -> None:
    with serve(build_store(tmp_path)) as base:
        run = subprocess.run(
            [_st(), "run", f"{base}/openapi.json", "--checks", CHECKS, "--max-examples", "20",
             "--max-time", str(TIME_BUDGET_S), "--workers", "4", "--request-timeout", "30",
             "--suppress-health-check", "all", "--seed", "1", "--report-dir", str(tmp_path / "reports")],
            capture_output=True, text=True, timeout=TIME_BUDGET_S + 120, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert "Tested:" in run.stdout, run.stdout[-3000:]
