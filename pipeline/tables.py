"""The four output tables: built from page results, written as Parquet and CSV.

Column names and meanings are the contract of `spec/output.md`; columns may be
added but never renamed or dropped.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from pipeline.model import PageResult
from pipeline.rows import COLUMNS as ROW_COLUMNS
from pipeline.rows import LONG_TEXT
from pipeline.rows import article_rows, doc_id, document_row, iso_to_date, page_rows  # noqa: F401 (re-exported)


DATE = pd.ArrowDtype(pa.date32())

# name -> pandas dtype; order is the column order of the written tables (kept in pipeline.rows)
COLUMNS: dict[str, dict[str, object]] = {
    name: {col: DATE if dtype == "date" else dtype for col, dtype in cols.items()}
    for name, cols in ROW_COLUMNS.items()
}
TABLES = tuple(COLUMNS)
COMPRESSION = "zstd"  # Parquet: smaller than the default snappy, and faster to write here


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with every contract column and its dtype, even when empty."""
    cols = COLUMNS[name]
    df = pd.DataFrame(rows, columns=list(cols))
    return df.astype(cols) if len(df) else pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


@lru_cache(maxsize=None)
def schema(name: str) -> pa.Schema:
    """The Arrow schema of a table, with the pandas metadata that restores the contract's dtypes."""
    return pa.Schema.from_pandas(frame(name, []), preserve_index=False)


def dictionary_columns(name: str, columns: Iterable[str] | None = None) -> list[str]:
    """Columns worth Parquet's dictionary encoding: all but the long texts, which never repeat."""
    return [c for c in (columns if columns is not None else COLUMNS[name]) if c not in LONG_TEXT.get(name, ())]


def arrow_from_columns(name: str, columns: dict[str, list]) -> pa.Table:
    """Packed columns (see `pipeline.rows.pack`) as an Arrow table; long texts go in as UTF-8 bytes."""
    sch = schema(name)
    long = LONG_TEXT.get(name, ())
    arrays = [_long_text(columns[f.name], f.type) if f.name in long
              else pa.array(columns[f.name], f.type) for f in sch]
    return pa.Table.from_arrays(arrays, schema=sch)


def _long_text(values: list, typ: pa.DataType) -> pa.Array:
    """UTF-8 bytes (made by str.encode, so valid) as a string array: viewed in place, where a
    cast would check and copy every byte of the page texts again."""
    binary = pa.array(values, pa.large_binary())
    return binary.view(typ) if typ == pa.large_string() else binary.cast(typ)


def frame_from_columns(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """Packed columns as a DataFrame with the contract's dtypes (the same as `frame` of the rows)."""
    long = LONG_TEXT.get(name, ())
    decoded = {c: [v if v is None else v.decode() for v in vals] if c in long else vals
               for c, vals in columns.items()}
    n = len(next(iter(decoded.values()), []))
    if not n:
        return frame(name, [])
    return pd.DataFrame(decoded, columns=list(COLUMNS[name])).astype(COLUMNS[name])


CSV_BOM = "\ufeff".encode()
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False)


def csv_header(columns: Iterable[str]) -> bytes:
    return (",".join(columns) + "\n").encode()


def write_csv_rows(table: pa.Table, sink) -> None:
    """A table's rows as CSV into a binary file: strings quoted, nulls empty, numbers bare.

    Arrow's writer is ten times faster than pandas' and its output is as plain for
    Excel and `pd.read_csv`; both the streamed and the in-memory tables use it, so
    the two give the same bytes.
    """
    if table.num_rows:
        pa_csv.write_csv(table, sink, _CSV_OPTIONS)


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
            df.to_parquet(tmp / f"{name}.parquet", index=False, compression=COMPRESSION,
                          use_dictionary=dictionary_columns(name, df.columns))
            with open(tmp / f"{name}.csv", "wb") as f:
                f.write(CSV_BOM + csv_header(df.columns))
                write_csv_rows(pa.Table.from_pandas(df, preserve_index=False), f)
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
