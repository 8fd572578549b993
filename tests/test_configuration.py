"""One place for each fact: every variable the code reads is documented in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = re.compile(
    r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']|environ(?:\.get)?\(\s*["']([A-Z][A-Z0-9_]+)["']|environ\[["']([A-Z][A-Z0-9_]+)["']\]"""
)
IGNORED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_env_example_documents_every_variable():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = set()
    for folder in (
        "config",
        "core",
        "tenants",
        "accounts",
        "onboarding",
        "scripts",
        "tests",
        "bench",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            for match in READERS.findall(path.read_text()):
                read.update(name for name in match if name)
    assert len(read) > 15, read  # the scan itself works
    missing = sorted(read - documented - IGNORED)
    assert not missing, f".env.example does not document: {missing}"
