"""Scraped Chinese work-report pages in, activity tables out.

    >>> import pipeline
    >>> t = pipeline.process_folder("data/raw")        # every page below a folder
    >>> t = pipeline.process_text("2021年5月17日，县科协举办科普讲座3场。")
    >>> t.activities, t.dates, t.counts, t.documents   # pandas DataFrames

All four tables follow spec/output.md; `Tables.write(out_dir)` writes them as
Parquet and CSV, `read_tables(out_dir)` loads them back.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.tables import Tables

__all__ = ["Tables", "process_text", "process_file", "process_folder", "read_tables"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # pandas is imported on first use, so worker processes that only build rows never load it
    if name in ("Tables", "build_tables", "read_tables"):
        from pipeline import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def process_text(text: str, name: str = "text", segmenter: str | None = None) -> Tables:
    """Tables for one page given as a string (plain text or HTML)."""
    from pipeline.process import process_text as run
    from pipeline.tables import build_tables

    return build_tables([run(text, name, segmenter)])


def process_file(path: str | os.PathLike, segmenter: str | None = None) -> Tables:
    """Tables for one page file; its `page` column is the file name."""
    from pipeline.process import process_page
    from pipeline.tables import build_tables

    path = Path(path)
    return build_tables([process_page(path.read_bytes(), path.name, segmenter)])


def process_folder(root: str | os.PathLike, workers: int = 1, segmenter: str | None = None,
                   progress: bool = False, **options) -> Tables:
    """Tables for every page below a folder (or a file, a glob, or a list of them).

    `page` is the path relative to the input root. `workers=0` runs in this process.
    Further options are those of `pipeline.batch.run_batch`: engine ('local' or 'dask'),
    scheduler, include, exclude, cache_dir, force, time_limit, max_bytes.
    """
    from pipeline.batch import process_folder as run

    return run(root, workers=workers, segmenter=segmenter, progress=progress, **options)
