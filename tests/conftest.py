from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_tables():
    """The pipeline's tables for the five sample pages, computed once per test session."""
    import pipeline

    return pipeline.process_folder(ROOT / "data" / "raw")
