"""Where the data files (vocabularies, phrase tables) live: `pipeline/resources/`."""
from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"


def resource(name: str) -> Path:
    """Path of a data file under pipeline/resources/, e.g. resource('userdict.txt')."""
    return RESOURCES / name


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a resource file, stripped."""
    lines = resource(name).read_text(encoding="utf-8").splitlines()
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]
