"""The Tramita benchmark keeps running and keeps its output contract (figures are not
asserted: tests never judge wall-clock time)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "tramita.py"), "4", "3"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_tramita_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"completed=\d+ processes_per_s=\d+\.\d+ mem_ratio_50mb_vs_1mb=\d+\.\d+"
        r" avulsos_completed=\d+",
        last,
    ), last
    assert last.endswith("avulsos_completed=3"), last
