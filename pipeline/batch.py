"""Folders of pages: find the files, map `process_page` over them, gather the tables.

It knows nothing of Chinese; every language decision lives in the stages.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.model import PageResult
from pipeline.process import process_page
from pipeline.tables import Tables, build_tables


def find_pages(root: str | os.PathLike) -> list[tuple[Path, str]]:
    """(file, path relative to root with '/') for every file below root, sorted; hidden files skipped."""
    root = Path(root)
    if root.is_file():
        return [(root, root.name)]
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append((path, rel.as_posix()))
    return found


def run_one(item: tuple[str, str], segmenter: str | None = None) -> PageResult:
    path, rel = item
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return PageResult(page=rel, error=f"cannot read file: {exc.strerror or exc}")
    return process_page(data, rel, segmenter)


def iter_results(items: list[tuple[Path, str]], workers: int = 1,
                 segmenter: str | None = None) -> Iterator[PageResult]:
    jobs = [(str(p), rel) for p, rel in items]
    if workers <= 1 or len(jobs) <= 1:
        yield from (run_one(job, segmenter) for job in jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(run_one, jobs, [segmenter] * len(jobs), chunksize=4)


def process_folder(root: str | os.PathLike, workers: int = 1, segmenter: str | None = None,
                   progress: bool = False) -> Tables:
    """Tables for every page below root (or for the one file root names)."""
    items = find_pages(root)
    results: Iterable[PageResult] = iter_results(items, workers, segmenter)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(items), unit="page")
    return build_tables(list(results))
