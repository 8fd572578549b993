"""The onboarding benchmark keeps running and keeps its output contract (figures are not
asserted: tests never judge wall-clock time)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "onboarding.py"), "3"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_onboarding_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"tenants=3 total_s=\d+\.\d+ p50_s=\d+\.\d+ p95_s=\d+\.\d+", last), last
