"""Shared test setup: hypothesis profiles, a clean environment for every test."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# CI runs more examples (.ci/run sets HYPOTHESIS_PROFILE=ci); property tests that need a
# different count say so with their own @settings.
# CI is derandomized: the same examples on every run, so a submission never fails on
# the luck of the draw. Local runs (the dev profile) keep exploring new examples.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path_factory):
    """No colour settings leak in, and progress never touches the real user data dir."""
    for name in ("FORCE_COLOR", "NO_COLOR", "SYMTUTOR_LESSONS", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SYMTUTOR_HOME", str(tmp_path_factory.mktemp("symtutor-home")))
    monkeypatch.setenv("TERM", "dumb")
