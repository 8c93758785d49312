"""Shared fixtures. Models load once per test session (about two seconds)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def models():
    from svodka.nlp.pipeline import Models
    return Models.get()
