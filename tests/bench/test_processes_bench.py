"""The processes benchmark keeps running and keeps its output contract (figures are not
asserted: tests never judge wall-clock time)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "processes.py"), "50"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_processes_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    number = r"\d+\.\d+"
    assert re.fullmatch(
        rf"process_view_p50_ms={number} process_view_p95_ms={number} upload_mb_s={number} "
        rf"s3_put_mb_s={number} upload_ratio={number}",
        last,
    ), last
