"""The four output tables: built from page results, written as Parquet and CSV.

Column names and meanings are the contract of `spec/output.md`; columns may be
added but never renamed or dropped.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.model import ArticleResult, PageResult


DATE = pd.ArrowDtype(pa.date32())

# name -> pandas dtype; order is the column order of the written tables
COLUMNS: dict[str, dict[str, object]] = {
    "documents": {
        "doc_id": "str", "page": "str", "article": "Int64", "title": "str",
        "reference_year": "Int64", "source_script": "str", "status": "str", "error": "str",
        "clean_text": "str", "tokens": "str", "published": "str", "site": "str",
        "script_variant": "str", "script_fixes": "str", "encoding": "str",
        "n_chars": "Int64", "n_activities": "Int64", "n_dates": "Int64", "n_counts": "Int64",
    },
    "activities": {
        "doc_id": "str", "activity_id": "str", "event_name": "str", "theme": "str",
        "start": "str", "end": "str", "start_date": DATE, "end_date": DATE,
        "location": "str", "organizer": "str", "n_dates": "Int64", "n_counts": "Int64",
        "evidence": "str", "span_start": "Int64", "span_end": "Int64",
    },
    "dates": {
        "doc_id": "str", "activity_id": "str", "text": "str", "start": "str",
        "end": "str", "precision": "str", "span_start": "Int64", "span_end": "Int64",
    },
    "counts": {
        "doc_id": "str", "activity_id": "str", "text": "str", "value": "float64",
        "unit": "str", "approx": "str", "object": "str", "span_start": "Int64",
        "span_end": "Int64",
    },
}
TABLES = tuple(COLUMNS)


def iso_to_date(iso: str | None, last: bool = False) -> dt.date | None:
    """'2021-05-17' or '2021-05' as a calendar date; a month gives its first (or last) day."""
    if not iso or iso.startswith("X"):
        return None
    parts = [int(p) for p in iso.split("-")]
    year, month = parts[0], parts[1]
    try:
        day = parts[2] if len(parts) > 2 else (calendar.monthrange(year, month)[1] if last else 1)
        return dt.date(year, month, day)
    except ValueError:  # not on the calendar: the ISO text stays, the calendar date is null
        return None


def doc_id(page: str, article: int) -> str:
    return f"{page}#{article}"


def document_row(page: PageResult, res: ArticleResult | None, index: int = 0) -> dict:
    row = {"doc_id": doc_id(page.page, index), "page": page.page, "article": index,
           "encoding": page.encoding}
    if res is None:
        return row | {"status": "error", "error": page.error or "no report text found"}
    art, ext = res.article, res.extraction
    return row | {
        "title": art.title, "reference_year": art.reference_year, "source_script": art.source_script,
        "status": "ok", "clean_text": art.text, "tokens": " ".join(art.tokens),
        "published": art.published, "site": art.site, "script_variant": art.script_variant,
        "script_fixes": "; ".join(art.script_fixes) or None, "n_chars": len(art.text),
        "n_activities": len(ext.activities), "n_dates": len(ext.dates), "n_counts": len(ext.counts),
    }


def article_rows(did: str, res: ArticleResult) -> tuple[list, list, list]:
    """Activity, date and count rows of one article, with each mention's activity_id."""
    ext = res.extraction
    date_act: dict[int, str] = {}
    count_act: dict[int, str] = {}
    acts = []
    for i, a in enumerate(ext.activities):
        aid = f"{did}/{i}"
        date_act.update((j, aid) for j in a.dates)
        count_act.update((j, aid) for j in a.counts)
        acts.append({
            "doc_id": did, "activity_id": aid, "event_name": a.event_name, "theme": a.theme,
            "start": a.start, "end": a.end, "start_date": iso_to_date(a.start),
            "end_date": iso_to_date(a.end, last=True), "location": a.location,
            "organizer": a.organizer, "n_dates": len(a.dates), "n_counts": len(a.counts),
            "evidence": a.evidence, "span_start": a.span_start, "span_end": a.span_end,
        })
    dates = [{
        "doc_id": did, "activity_id": date_act.get(j), "text": d.text, "start": d.start, "end": d.end,
        "precision": d.precision, "span_start": d.span_start, "span_end": d.span_end,
    } for j, d in enumerate(ext.dates)]
    counts = [{
        "doc_id": did, "activity_id": count_act.get(j), "text": c.text, "value": float(c.value),
        "unit": c.unit, "approx": c.approx, "object": c.object, "span_start": c.span_start,
        "span_end": c.span_end,
    } for j, c in enumerate(ext.counts)]
    return acts, dates, counts


def page_rows(page: PageResult) -> dict[str, list[dict]]:
    """All rows one page contributes to the four tables."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    if not page.ok:
        rows["documents"].append(document_row(page, None))
        return rows
    for i, res in enumerate(page.articles):
        row = document_row(page, res, i)
        rows["documents"].append(row)
        acts, dates, counts = article_rows(row["doc_id"], res)
        rows["activities"] += acts
        rows["dates"] += dates
        rows["counts"] += counts
    return rows


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with every contract column and its dtype, even when empty."""
    cols = COLUMNS[name]
    df = pd.DataFrame(rows, columns=list(cols))
    return df.astype(cols) if len(df) else pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


@dataclass
class Tables:
    """The four tables as pandas DataFrames; also usable as a mapping by table name."""

    documents: pd.DataFrame
    activities: pd.DataFrame
    dates: pd.DataFrame
    counts: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return ((name, getattr(self, name)) for name in TABLES)

    def write(self, out_dir: str | os.PathLike) -> Path:
        return write_tables(self, out_dir)

    def summary(self) -> str:
        docs = self.documents
        errors = int((docs["status"] == "error").sum())
        return (f"{docs['page'].nunique()} pages, {len(docs) - errors} articles, {errors} errors; "
                f"{len(self.activities)} activities, {len(self.dates)} dates, {len(self.counts)} counts")


def build_tables(pages: Iterable[PageResult]) -> Tables:
    """The four tables from page results, ordered by page path and article."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for page in sorted(pages, key=lambda p: p.page):
        for name, part in page_rows(page).items():
            rows[name] += part
    return Tables(**{name: frame(name, rows[name]) for name in TABLES})


def write_tables(tables: Tables, out_dir: str | os.PathLike) -> Path:
    """Write NAME.parquet and NAME.csv (UTF-8 with BOM) for each table.

    Every file is written under a temporary name in the same folder and renamed
    into place only when all are complete, so a killed run leaves the previous
    tables or the new ones, never a truncated file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    try:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
            df.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8-sig")
        for f in sorted(tmp.iterdir()):
            os.replace(f, out / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def read_csv_table(path: Path, name: str) -> pd.DataFrame:
    """A table from its CSV, with the contract's dtypes (dates parsed back into dates)."""
    cols = COLUMNS[name]
    df = pd.read_csv(path, encoding="utf-8-sig", dtype={c: t for c, t in cols.items() if t is not DATE})
    for col in (c for c, t in cols.items() if t is DATE and c in df):
        df[col] = pd.to_datetime(df[col]).dt.date.astype(DATE)
    return df


def read_tables(out_dir: str | os.PathLike) -> Tables:
    """Tables written by `write_tables` (Parquet, or CSV when no Parquet is there)."""
    out = Path(out_dir)
    frames = {}
    for name in TABLES:
        parquet, csv = out / f"{name}.parquet", out / f"{name}.csv"
        if parquet.exists():
            frames[name] = pd.read_parquet(parquet)
        elif csv.exists():
            frames[name] = read_csv_table(csv, name)
        else:
            raise FileNotFoundError(f"no {name}.parquet or {name}.csv in {out}")
    return Tables(**frames)
