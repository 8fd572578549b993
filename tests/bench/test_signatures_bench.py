"""The signatures benchmark keeps running and keeps its output contract, at a small size
(figures are not asserted: tests never judge wall-clock time). Its block goes through the
bloco de assinatura service: GAB builds it, SEAD signs it with one ITI authorisation."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_prints_its_key_value_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "signatures.py"), "4", "3", "2", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_signatures_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("block of 4 through the fake ITI") for line in lines), lines
    assert re.fullmatch(
        r"block50_s=\d+\.\d+ process_pdf_100_s=\d+\.\d+ pdf_worker_peak_mb=\d+", lines[-1]
    ), lines[-1]
