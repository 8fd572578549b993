"""Fixtures of the signatures app: the cities of tests/core/conftest.py."""

from tests.core.conftest import PASSWORD, City, city, city_b  # noqa: F401
