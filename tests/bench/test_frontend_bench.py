"""The frontend benchmark keeps running and keeps its output contract (figures are not
asserted: tests never judge wall-clock time)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def test_bench_prints_its_key_value_line():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"{CHROMIUM} is missing: the frontend benchmark needs Debian's chromium")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "frontend.py"),
            "--loads",
            "2",
            "--docs",
            "4",
            "--inbox",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PM_BENCH_DB": f"pm_bench_frontend_smoke_{os.getpid()}"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"inbox_visible_p95_ms=\d+ process_visible_p95_ms=\d+ initial_js_gzip_kb=\d+\.\d",
        last,
    ), last
