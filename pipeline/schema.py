"""A check of the four output tables against the contract of spec/output.md.

`validate(tables)` lists every problem it finds (an empty list when the tables are
fine); `check(tables)` raises `SchemaError` with that list. Downstream users can
then rely on column types, on ids that link, and on spans that point at the text
they claim to point at.

    python -m pipeline.schema data/processed     # check tables already written
"""
from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping

import pandas as pd
import pyarrow as pa

from pipeline.tables import COLUMNS, DATE, TABLES, Tables, iso_to_date

STATUS = {"ok", "error"}
SCRIPTS = {"simplified", "traditional"}
PRECISION = {"day", "month"}
APPROX = {"more", "about", "nearly"}
# YYYY-MM-DD, YYYY-MM, XXXX-MM-DD, XXXX-MM; the month and day in range
ISO_PARTIAL = re.compile(r"(?:\d{4}|XXXX)-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?")
EXAMPLES = 3  # rows quoted per problem


class SchemaError(ValueError):
    """The tables break the output contract; `problems` lists how."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} schema problem(s):\n" + "\n".join(f"- {p}" for p in problems))


def family(dtype: object) -> str:
    """The family of a contract dtype: string, int, float, bool, date, or any (not checked)."""
    if dtype is DATE:
        return "date"
    if str(dtype) in ("string", "str"):
        return "string"
    for fam, test in (("bool", pd.api.types.is_bool_dtype), ("int", pd.api.types.is_integer_dtype),
                      ("float", pd.api.types.is_float_dtype)):
        if test(dtype):
            return fam
    return "any"


def is_null(x: object) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def flag(values: pd.Series, test: Callable[[object], bool]) -> pd.Series:
    """A boolean Series (same index) of `test` applied to every value, whatever the dtype."""
    return pd.Series([bool(test(x)) for x in values], index=values.index, dtype=bool)


def equals(values: pd.Series, value: str) -> pd.Series:
    """A boolean Series: True where the value is `value` (False for nulls)."""
    return flag(values, lambda x: not is_null(x) and x == value)


def all_null_objects(col: pd.Series) -> bool:
    return col.dtype == object and bool(col.isna().all())


def has_family(col: pd.Series, fam: str) -> bool:
    """Whether a column's dtype belongs to a family (an all-null object column fits any)."""
    if all_null_objects(col):
        return True
    t = col.dtype
    if fam == "any":
        return True
    if fam == "bool":
        return pd.api.types.is_bool_dtype(t)
    if fam == "string":
        return pd.api.types.is_string_dtype(col)
    if fam == "int":
        return pd.api.types.is_integer_dtype(t) and not pd.api.types.is_bool_dtype(t)
    if fam == "float":
        return pd.api.types.is_float_dtype(t)
    if isinstance(t, pd.ArrowDtype):
        return pa.types.is_date(t.pyarrow_dtype)
    if pd.api.types.is_datetime64_any_dtype(t):
        return True
    # object columns of datetime.date values (what pandas gives for date32 without Arrow dtypes)
    return t == object and all(isinstance(x, dt.date) for x in col.dropna())


def quote(rows: Iterable[object]) -> str:
    rows = list(rows)
    shown = ", ".join(repr(r) for r in rows[:EXAMPLES])
    return f"{len(rows)} row(s), e.g. {shown}"


class Report:
    """Collects problems, one line per broken rule with a few example rows."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def rows(self, where: str, what: str, bad: pd.Series, label: pd.Series) -> None:
        """Report the rows where `bad` holds, named by `label`."""
        bad = bad.fillna(False).astype(bool)
        if bad.any():
            self.problems.append(f"{where}: {what} ({quote(label[bad].tolist())})")

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def frames_of(tables: Tables | Mapping[str, pd.DataFrame], report: Report) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        try:
            df = tables[name]
        except KeyError:
            report.add(name, "table missing")
            continue
        if not isinstance(df, pd.DataFrame):
            report.add(name, f"not a DataFrame but {type(df).__name__}")
            continue
        frames[name] = df
    return frames


def check_columns(name: str, df: pd.DataFrame, report: Report) -> set[str]:
    """Every contract column present with its dtype family; returns the usable columns."""
    usable = set()
    for col, dtype in COLUMNS[name].items():
        fam = family(dtype)
        if col not in df.columns:
            report.add(f"{name}.{col}", "column missing")
        elif not has_family(df[col], fam):
            report.add(f"{name}.{col}", f"dtype {df[col].dtype} is not a {fam} type")
        else:
            usable.add(col)
    return usable


def in_set(values: pd.Series, allowed: set[str], nullable: bool) -> pd.Series:
    """True where a value is outside `allowed` (or null when nulls are not allowed)."""
    return flag(values, lambda x: (not nullable) if is_null(x) else str(x) not in allowed)


def iso_ok(x: object) -> bool:
    """An ISO partial date that exists on the calendar (a masked year is read as a leap year)."""
    if not isinstance(x, str) or not ISO_PARTIAL.fullmatch(x):
        return False
    parts = x.split("-")
    year = 2000 if parts[0] == "XXXX" else int(parts[0])
    try:
        dt.date(year, int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def ends_in_order(start: object, end: object) -> bool:
    """End not before start, compared on the parts both have (a month holds its days)."""
    if not isinstance(start, str) or not isinstance(end, str) or start[0].isdigit() != end[0].isdigit():
        return True
    n = min(len(start), len(end))
    return start[:n] <= end[:n]


def check_iso(name: str, df: pd.DataFrame, usable: set[str], nullable: bool, report: Report) -> None:
    """start and end are ISO partials, end not before start, and the calendar columns agree."""
    label = id_label(name, df)
    for col in ("start", "end"):
        if col in usable:
            bad = flag(df[col], lambda x: (not nullable) if is_null(x) else not iso_ok(x))
            report.rows(f"{name}.{col}", "not an ISO partial date (YYYY-MM[-DD] or XXXX-MM[-DD])",
                        bad, label + " " + df[col].astype(str))
    if {"start", "end"} <= usable:
        bad = pd.Series([not ends_in_order(s, e) for s, e in zip(df["start"], df["end"])], index=df.index)
        report.rows(name, "end before start", bad, label)
        one_null = df["start"].isna() != df["end"].isna()
        report.rows(name, "start and end must be both set or both null", one_null, label)
    for iso, cal, last in (("start", "start_date", False), ("end", "end_date", True)):
        if {iso, cal} <= usable:
            bad = pd.Series([not same_day(i, c, last) for i, c in zip(df[iso], df[cal])], index=df.index)
            report.rows(f"{name}.{cal}", f"does not match {iso}", bad, label)


def same_day(iso: object, cal: object, last: bool) -> bool:
    if is_null(iso) or not iso_ok(iso):
        return True  # reported on the ISO column
    want = iso_to_date(str(iso), last=last)
    if want is None:
        return is_null(cal)
    if is_null(cal):
        return False
    got = cal.date() if isinstance(cal, (pd.Timestamp, dt.datetime)) else cal
    return got == want


def id_label(name: str, df: pd.DataFrame) -> pd.Series:
    """A row label for messages: activity_id, else doc_id and row number."""
    if name == "activities" and "activity_id" in df.columns:
        return df["activity_id"].astype(str)
    doc = df["doc_id"].astype(str) if "doc_id" in df.columns else pd.Series("?", index=df.index)
    return doc + "[" + pd.Series(range(len(df)), index=df.index).astype(str) + "]"


def check_documents(df: pd.DataFrame, usable: set[str], report: Report) -> None:
    label = id_label("documents", df)
    if "doc_id" in usable:
        report.rows("documents.doc_id", "null", df["doc_id"].isna(), label)
        report.rows("documents.doc_id", "not unique", df["doc_id"].duplicated(keep=False) & df["doc_id"].notna(),
                    label)
    if "status" in usable:
        report.rows("documents.status", "not ok or error", in_set(df["status"], STATUS, False), label)
        if "error" in usable:
            is_error = equals(df["status"], "error")
            has_error = flag(df["error"], lambda x: not is_null(x) and str(x).strip() != "")
            report.rows("documents.error", "set although status is ok", has_error & ~is_error, label)
            report.rows("documents.error", "empty although status is error", is_error & ~has_error, label)
        ok = equals(df["status"], "ok")
        if "clean_text" in usable:
            report.rows("documents.clean_text", "null although status is ok", ok & df["clean_text"].isna(), label)
        if "source_script" in usable:
            bad = in_set(df["source_script"], SCRIPTS, False) & ok
            report.rows("documents.source_script", "not simplified or traditional", bad, label)


def texts_by_doc(docs: pd.DataFrame | None, usable: set[str]) -> dict[str, str] | None:
    """clean_text of every ok document, by doc_id (None when it cannot be known)."""
    if docs is None or not {"doc_id", "clean_text"} <= usable:
        return None
    ok = equals(docs["status"], "ok") if "status" in usable else docs["clean_text"].notna()
    return {str(d): str(t) for d, t in zip(docs.loc[ok, "doc_id"], docs.loc[ok, "clean_text"]) if not is_null(t)}


def span_problem(text: str | None, start: object, end: object, quoted: object, quoted_nullable: bool) -> str | None:
    """Why a span does not point at its quoted text in the clean text (None when it does)."""
    if text is None:
        return "its document has no clean text"
    if is_null(quoted) and quoted_nullable:
        return None
    if is_null(start) or is_null(end):
        return "span is null"
    s, e = int(start), int(end)
    if not 0 <= s < e <= len(text):
        return f"span {s}:{e} outside the clean text (length {len(text)})"
    if is_null(quoted) or text[s:e] != str(quoted):
        return f"clean_text[{s}:{e}] is {text[s:e]!r}, not {quoted!r}"
    return None


def check_spans(name: str, df: pd.DataFrame, usable: set[str], texts: dict[str, str] | None,
                report: Report) -> None:
    """text (evidence for activities) == clean_text[span_start:span_end] of the row's article."""
    quoted = "evidence" if name == "activities" else "text"
    if texts is None or not {"doc_id", "span_start", "span_end", quoted} <= usable:
        return
    label = id_label(name, df)
    why = [span_problem(texts.get(str(d)), s, e, q, name == "activities")
           for d, s, e, q in zip(df["doc_id"], df["span_start"], df["span_end"], df[quoted])]
    bad = pd.Series([w is not None for w in why], index=df.index)
    reasons = pd.Series([f"{lab}: {w}" for lab, w in zip(label, why)], index=df.index)
    report.rows(f"{name}.{quoted}", "span does not match the clean text", bad, reasons)


def check_links(frames: dict[str, pd.DataFrame], usable: dict[str, set[str]], report: Report) -> None:
    """Every row's doc_id names an ok document; every activity_id names an activity of the same document."""
    docs = frames.get("documents")
    if docs is not None and {"doc_id", "status"} <= usable["documents"]:
        ok_docs = set(docs.loc[equals(docs["status"], "ok"), "doc_id"].dropna().astype(str))
        known = set(docs["doc_id"].dropna().astype(str))
        for name in ("activities", "dates", "counts"):
            df = frames.get(name)
            if df is None or "doc_id" not in usable[name]:
                continue
            ids = df["doc_id"].astype(object)
            label = id_label(name, df)
            report.rows(f"{name}.doc_id", "not in documents", ~ids.isin(known), label)
            report.rows(f"{name}.doc_id", "rows for a document whose status is error",
                        ids.isin(known - ok_docs), label)
    acts = frames.get("activities")
    if acts is None or "activity_id" not in usable["activities"]:
        return
    label = id_label("activities", acts)
    report.rows("activities.activity_id", "null", acts["activity_id"].isna(), label)
    report.rows("activities.activity_id", "not unique",
                acts["activity_id"].duplicated(keep=False) & acts["activity_id"].notna(), label)
    known = set(acts["activity_id"].dropna().astype(object))
    doc_of = dict(zip(acts["activity_id"].astype(object), acts["doc_id"].astype(object))) \
        if "doc_id" in usable["activities"] else {}
    for name in ("dates", "counts"):
        df = frames.get(name)
        if df is None or "activity_id" not in usable[name]:
            continue
        aid = df["activity_id"].astype(object)
        linked = aid.notna()
        label = id_label(name, df)
        report.rows(f"{name}.activity_id", "not in activities", linked & ~aid.isin(known), label)
        if doc_of and "doc_id" in usable[name]:
            pairs = zip(aid, df["doc_id"].astype(object))
            other = pd.Series([not is_null(a) and not is_null(d) and a in doc_of and doc_of[a] != d
                               for a, d in pairs], index=df.index, dtype=bool)
            report.rows(f"{name}.activity_id", "names an activity of another document", linked & other, label)


def check_values(frames: dict[str, pd.DataFrame], usable: dict[str, set[str]], report: Report) -> None:
    """precision, approx and value hold what the contract allows."""
    dates, counts = frames.get("dates"), frames.get("counts")
    if dates is not None and "precision" in usable["dates"]:
        report.rows("dates.precision", "not day or month", in_set(dates["precision"], PRECISION, False),
                    id_label("dates", dates) + " " + dates["precision"].astype(str))
    if counts is None:
        return
    label = id_label("counts", counts)
    if "approx" in usable["counts"]:
        report.rows("counts.approx", "not more, about, nearly or null", in_set(counts["approx"], APPROX, True),
                    label + " " + counts["approx"].astype(str))
    if "value" in usable["counts"]:
        bad = flag(counts["value"], lambda v: is_null(v) or not math.isfinite(float(v)))
        report.rows("counts.value", "null or not finite", bad, label)


def validate(tables: Tables | Mapping[str, pd.DataFrame]) -> list[str]:
    """Every way the tables break the output contract; an empty list when they keep it.

    Checks: contract columns present with their dtype family; doc_id and
    activity_id unique; links between tables; status/error agreement; the
    allowed values of precision, approx and source_script; ISO partial dates;
    finite values; and that every span quotes its article's clean text.
    """
    report = Report()
    frames = frames_of(tables, report)
    usable = {name: check_columns(name, df, report) for name, df in frames.items()}
    usable.update({name: set() for name in TABLES if name not in usable})
    if "documents" in frames:
        check_documents(frames["documents"], usable["documents"], report)
    check_links(frames, usable, report)
    check_values(frames, usable, report)
    for name, nullable in (("activities", True), ("dates", False)):
        if name in frames:
            check_iso(name, frames[name], usable[name], nullable, report)
    texts = texts_by_doc(frames.get("documents"), usable["documents"])
    for name in ("activities", "dates", "counts"):
        if name in frames:
            check_spans(name, frames[name], usable[name], texts, report)
    return report.problems


def check(tables: Tables | Mapping[str, pd.DataFrame]) -> Tables | Mapping[str, pd.DataFrame]:
    """Return the tables unchanged when they keep the contract; raise `SchemaError` otherwise."""
    problems = validate(tables)
    if problems:
        raise SchemaError(problems)
    return tables


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    """`python -m pipeline.schema OUT_DIR`: 0 when the written tables keep the contract, 1 otherwise."""
    from pipeline.tables import read_tables

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        echo("usage: python -m pipeline.schema OUT_DIR")
        return 2
    problems = validate(read_tables(args[0]))
    echo("\n".join(problems) if problems else f"{args[0]}: the tables keep the contract")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
