"""The rows one page gives to each of the four tables, as plain dicts, and their packed form.

Kept apart from `pipeline.tables` (DataFrames, Arrow, files) so that worker
processes, which only build rows, never import pandas or pyarrow. Between
processes and in the cache a page's rows travel packed: by column, with the long
texts as UTF-8 bytes, so the process that writes the tables neither decodes nor
re-encodes them (that was most of its work per page).
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from operator import itemgetter

from pipeline.model import ArticleResult, PageResult

# name -> column -> dtype ("date": an Arrow date32); the order is the column order of the tables.
# The contract of spec/output.md: columns may be added, never renamed or dropped.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str", "page": "str", "article": "Int64", "title": "str",
        "reference_year": "Int64", "source_script": "str", "status": "str", "error": "str",
        "clean_text": "str", "tokens": "str", "published": "str", "site": "str",
        "script_variant": "str", "script_fixes": "str", "encoding": "str",
        "n_chars": "Int64", "n_activities": "Int64", "n_dates": "Int64", "n_counts": "Int64",
    },
    "activities": {
        "doc_id": "str", "activity_id": "str", "event_name": "str", "theme": "str",
        "start": "str", "end": "str", "start_date": "date", "end_date": "date",
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
LONG_TEXT = {"documents": ("clean_text", "tokens")}  # packed as UTF-8 bytes

Packed = dict[str, dict[str, list]]  # table -> column -> values


@lru_cache(maxsize=4096)  # short keys that recur (a report's dates); a date is immutable
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
        date_act.update(dict.fromkeys(a.dates, aid))
        count_act.update(dict.fromkeys(a.counts, aid))
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


def pack(rows: dict[str, list[dict]]) -> Packed:
    """A page's rows by table and column (every contract column, None where a row has none)."""
    packed = {}
    for name, cols in COLUMNS.items():
        columns = by_column(rows[name], name)
        for c in LONG_TEXT.get(name, ()):
            columns[c] = [v if v is None else v.encode() for v in columns[c]]
        packed[name] = columns
    return packed


ROW_VALUES = {name: itemgetter(*cols) for name, cols in COLUMNS.items()}  # a row's values, in column order
COMPLETE = ("activities", "dates", "counts")  # tables whose rows article_rows makes with every column


def by_column(table: list[dict], name: str) -> dict[str, list]:
    """The rows of one table as columns, None where a row has no such key. Rows with every
    column are read by one itemgetter call each and turned into columns by zip."""
    cols = COLUMNS[name]
    if table and name in COMPLETE:
        try:
            values = list(map(ROW_VALUES[name], table))
        except KeyError:  # a row made elsewhere without some column
            pass
        else:
            return dict(zip(cols, map(list, zip(*values))))
    return {c: [r.get(c) for r in table] for c in cols}


def n_rows(packed: Packed, name: str) -> int:
    return len(packed[name]["doc_id"])
