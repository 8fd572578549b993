"""The inbox/search benchmark keeps running and keeps its output contract (figures are
not asserted: tests never judge wall-clock time)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "inbox_search.py"), "200"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_inbox_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    number = r"\d+\.\d+"
    assert re.fullmatch(
        rf"inbox_p50_ms={number} inbox_p95_ms={number} search_p50_ms={number} "
        rf"search_p95_ms={number}",
        last,
    ), last
