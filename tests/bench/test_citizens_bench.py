"""The citizens benchmark keeps running and keeps its output contract (figures are not
asserted: tests never judge wall-clock time)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "citizens.py"), "3", "200", "200"],
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "PM_BENCH_DB": f"pm_bench_citizens_smoke_{os.getpid()}",
            "PM_BENCH_RUNS": "5",
            "PM_BENCH_PETITIONS": "1",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    number = r"\d+(\.\d+)?"
    assert re.fullmatch(
        rf"all_cities_p95_ms={number} city_p95_ms={number} petition_p95_ms={number}", last
    ), last
