"""The review page: one self-contained HTML file over the four output tables.

    write_report("data/processed")   # -> data/processed/report.html
    build_report(tables)             # the HTML text

The page needs no network when viewed: its CSS and script are inline, the charts
are inline SVG made here, and all rows are embedded once as JSON in a
`<script type="application/json">` block. The small script renders the
activities table (sort, filter, paging) and one article at a time from that
block, so a run of 10,000 pages stays usable.

Everything that decides what is shown is computed here, in Python, where it is
tested: the summary, the charts, and for each article its marks (date, count,
activity evidence, event name) split into non-overlapping segments. The script
only slices the article text at those segments, with code-point indices, like
Python's.

Page text is untrusted: Python-side text goes through `html.escape`, the JSON
block has `<`, `>` and `&` escaped as \\u escapes, the script builds the DOM
with `textContent` only, and a Content-Security-Policy allows no network and no
script but the page's own (by hash).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from string import Template

import pandas as pd

from pipeline.resources_path import resource

TABLE_NAMES = ("documents", "activities", "dates", "counts")
UNDATED = "未注明日期"
NO_UNIT = "(无单位)"
TOP = 15  # bars in the unit and event charts
ERROR_PAGES_SHOWN = 200  # pages listed under each error reason

# mark kinds: one letter in the JSON, a CSS class and a legend label on the page
KINDS = {"d": "date", "c": "count", "a": "evidence", "e": "event"}
QUOTE_GAP = "[“”\"「」『』《》〈〉‘’']?"  # at most one quote between two characters of a name


# --------------------------------------------------------------------------- reading

def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """One table from out_dir: NAME.parquet, else NAME.csv (UTF-8 with BOM)."""
    parquet, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if csv.exists():
        return pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                           na_values=[""])
    if name == "documents":
        raise FileNotFoundError(f"no documents.parquet or documents.csv in {out_dir}")
    return pd.DataFrame()


def write_report(out_dir: str | os.PathLike) -> Path:
    """Read the four tables from out_dir, write out_dir/report.html atomically, return its path.

    Each table is read from NAME.parquet, falling back to NAME.csv (utf-8-sig).
    The file is written under a temporary name in the same folder and renamed
    into place, so a reader never sees half a report.
    """
    out = Path(out_dir)
    tables = {name: read_table(out, name) for name in TABLE_NAMES}
    text = build_report(tables)
    target = out / "report.html"
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=out)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o666 & ~current_umask())  # mkstemp makes it 0600
            f.write(encode(text))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def encode(text: str) -> bytes:
    """UTF-8; a lone surrogate (from a badly decoded page) becomes one '?', so offsets hold."""
    return text.encode("utf-8", errors="replace")


# --------------------------------------------------------------------------- cells

def value(x: object) -> object:
    """A cell as a JSON value: None for every kind of missing, plain int/float/str otherwise."""
    if type(x) is str or type(x) is int:  # the common cells, first
        return x
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, float):
        return None if math.isnan(x) else (int(x) if x.is_integer() and abs(x) < 2**53 else x)
    if isinstance(x, (dt.date, pd.Timestamp)):
        return x.isoformat()[:10]
    if hasattr(x, "item"):  # numpy scalars
        return value(x.item())
    if isinstance(x, bool | int | str):
        return x
    return str(x)


def integer(x: object) -> int | None:
    """A span offset or count as int, or None when missing or not a whole number."""
    x = value(x)
    if isinstance(x, str):
        try:
            x = float(x)
        except ValueError:
            return None
        x = int(x) if x.is_integer() else None
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def number(x: object) -> float | None:
    x = value(x)
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


def records(df: pd.DataFrame | None, columns: Iterable[str]) -> list[dict]:
    """Rows as dicts of JSON values; a column the frame lacks is None in every row."""
    columns = list(columns)
    if df is None or len(df) == 0:
        return []
    data = {c: (df[c].tolist() if c in df.columns else [None] * len(df)) for c in columns}
    return [{c: value(data[c][i]) for c in columns} for i in range(len(df))]


def month_of(start: object) -> str:
    """The month an activity is filed under: '2021-05', 'XXXX-05', or UNDATED."""
    return start[:7] if isinstance(start, str) and len(start) >= 7 else UNDATED


def month_order(month: str) -> tuple:
    """Known years first in time order, then masked years by month, then undated."""
    if month == UNDATED:
        return (2, month)
    return (1 if month.startswith("X") else 0, month)


# --------------------------------------------------------------------------- marks

def span_of(row: dict, n_chars: int) -> tuple[int, int] | None:
    """The row's (start, end) when it is a non-empty range inside the text, else None."""
    s, e = integer(row.get("span_start")), integer(row.get("span_end"))
    if s is None or e is None or not 0 <= s < e <= n_chars:
        return None
    return s, e


def segments(marks: list[list]) -> list[list]:
    """Split overlapping marks [kind, row, start, end, ok] into segments [start, end, [mark indexes]].

    Every boundary of every mark cuts the text, and each piece lists the marks
    that cover it, so overlapping or nested spans are all shown and a mark's text
    is the concatenation of the pieces that list it. Pieces with no mark are left out.
    """
    opens: dict[int, list[int]] = defaultdict(list)
    closes: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(marks):
        opens[m[2]].append(i)
        closes[m[3]].append(i)
    active: set[int] = set()
    out: list[list] = []
    points = sorted(set(opens) | set(closes))
    for here, there in zip(points, points[1:]):
        active.difference_update(closes.get(here, ()))
        active.update(opens.get(here, ()))
        if active:
            out.append([here, there, sorted(active)])
    return out


def event_marks(text: str, acts: list[tuple[int, dict]], events: list[dict]) -> list[list]:
    """Event-name marks of one article.

    From an `events` table with spans when there is one; otherwise the first
    place the activity's event_name occurs inside its own evidence span (the
    activities table has no separate span for the name).
    """
    marks: dict[tuple[int, int], list] = {}
    for ev in events:
        span = span_of(ev, len(text))
        name = ev.get("event_name") or ev.get("name")
        if span:
            marks.setdefault(span, ["e", ev["_act"], *span, int(text[span[0]:span[1]] == name)])
    if events:
        return list(marks.values())
    for idx, act in acts:
        span, name = span_of(act, len(text)), act.get("event_name")
        if not span or not isinstance(name, str) or not name:
            continue
        found = find_name(text, name, span[0], span[1])
        if found:
            marks.setdefault(found, ["e", idx, *found, 1])
    return list(marks.values())


def find_name(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """Where name occurs in text[start:end]: as written, else with quotes between its parts.

    An event written “金钥匙”科技竞赛 is named 金钥匙科技竞赛, so the second try lets
    one quote or bracket stand between any two characters of the name.
    """
    at = text.find(name, start, end)
    if at >= 0:
        return at, at + len(name)
    if len(name) > 64:
        return None
    pattern = QUOTE_GAP.join(re.escape(ch) for ch in name)
    m = re.compile(pattern).search(text, start, end)
    return (m.start(), m.end()) if m else None


def article_marks(text: str, acts: list[tuple[int, dict]], dates: list[tuple[int, dict]],
                  counts: list[tuple[int, dict]], events: list[dict]) -> tuple[list, list, int]:
    """(marks, segments, rows whose span is missing or outside the text) for one article.

    A mark is [kind, row index, start, end, ok]; ok is 0 when the row's own text
    (`text`, or `evidence` for an activity) differs from the text at its span,
    so the page can flag it.
    """
    marks: list[list] = []
    bad = 0
    for kind, rows, field in (("a", acts, "evidence"), ("d", dates, "text"), ("c", counts, "text")):
        for idx, row in rows:
            span = span_of(row, len(text))
            if span is None:
                bad += 1
                continue
            claimed = row.get(field)
            ok = claimed is None or claimed == text[span[0]:span[1]]
            marks.append([kind, idx, span[0], span[1], int(ok)])
    marks += event_marks(text, acts, events)
    return marks, segments(marks), bad


# --------------------------------------------------------------------------- data

DOC_COLS = ("doc_id", "page", "article", "title", "reference_year", "source_script", "status",
            "error", "clean_text")
ACT_COLS = ("doc_id", "activity_id", "event_name", "theme", "start", "end", "location",
            "organizer", "evidence", "span_start", "span_end")
DATE_COLS = ("doc_id", "activity_id", "text", "start", "end", "precision", "span_start", "span_end")
COUNT_COLS = ("doc_id", "activity_id", "text", "value", "unit", "approx", "object", "span_start",
              "span_end")
EVENT_COLS = ("doc_id", "activity_id", "event_name", "name", "span_start", "span_end")


def frames(tables: Mapping | object) -> dict[str, pd.DataFrame | None]:
    """The tables by name from a dict, a `Tables` object or anything with those attributes."""
    out = {}
    for name in (*TABLE_NAMES, "events"):
        if isinstance(tables, Mapping):
            out[name] = tables.get(name)
        else:
            out[name] = getattr(tables, name, None)
    return out


def collect(tables: Mapping | object) -> dict:
    """Everything the page shows, as plain Python values (also what the JSON block holds)."""
    f = frames(tables)
    docs = records(f["documents"], DOC_COLS)
    acts = records(f["activities"], ACT_COLS)
    dates = records(f["dates"], DATE_COLS)
    counts = records(f["counts"], COUNT_COLS)
    events = records(f["events"], EVENT_COLS)

    doc_index = {d["doc_id"]: i for i, d in enumerate(docs)}
    for rows in (acts, dates, counts, events):
        for r in rows:  # a row whose doc_id has no documents row still gets an (empty) article
            if r["doc_id"] not in doc_index:
                doc_index[r["doc_id"]] = len(docs)
                docs.append({"doc_id": r["doc_id"], "page": str(r["doc_id"]).split("#")[0],
                             "status": "missing", "error": "no documents row"})
    act_index = {a["activity_id"]: i for i, a in enumerate(acts)}
    for rows in (dates, counts, events):
        for r in rows:
            r["_act"] = act_index.get(r["activity_id"], -1)

    by_doc: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for key, rows in (("a", acts), ("d", dates), ("c", counts), ("e", events)):
        for i, r in enumerate(rows):
            by_doc[r["doc_id"]][key].append((i, r))

    bad_spans = mismatched = 0
    for d in docs:
        text = d.get("clean_text") or ""
        own = by_doc.get(d["doc_id"], {})
        marks, segs, bad = article_marks(text, own.get("a", []), own.get("d", []),
                                         own.get("c", []), [r for _, r in own.get("e", [])])
        d["marks"], d["segs"] = marks, segs
        bad_spans += bad
        mismatched += sum(1 for m in marks if not m[4])
    return {"docs": docs, "acts": acts, "dates": dates, "counts": counts,
            "bad_spans": bad_spans, "mismatched": mismatched}


def data_json(c: dict) -> str:
    """The JSON block: each table as column names plus row arrays, safe inside <script>."""
    n_dates, n_counts = Counter(), Counter()
    for r in c["dates"]:
        n_dates[r["_act"]] += 1
    for r in c["counts"]:
        n_counts[r["_act"]] += 1
    doc_index = {d["doc_id"]: i for i, d in enumerate(c["docs"])}
    docs = [[d.get("doc_id"), d.get("page"), integer(d.get("article")), d.get("title"),
             integer(d.get("reference_year")), d.get("source_script"), d.get("status"), d.get("error"),
             d.get("clean_text") or "", d["marks"], d["segs"]] for d in c["docs"]]
    acts = [[doc_index[a["doc_id"]], a["activity_id"], a["event_name"], a["theme"], a["start"],
             a["end"], month_of(a["start"]), a["location"], a["organizer"],
             integer(a["span_start"]), integer(a["span_end"]), n_dates[i], n_counts[i]]
            for i, a in enumerate(c["acts"])]
    dates = [[doc_index[r["doc_id"]], r["_act"], r["text"], r["start"], r["end"], r["precision"],
              integer(r["span_start"]), integer(r["span_end"])] for r in c["dates"]]
    counts = [[doc_index[r["doc_id"]], r["_act"], r["text"], number(r["value"]), r["unit"],
               r["approx"], r["object"], integer(r["span_start"]), integer(r["span_end"])]
              for r in c["counts"]]
    months = sorted({a[6] for a in acts}, key=month_order)
    payload = {
        "docs": {"cols": ["doc_id", "page", "article", "title", "year", "script", "status", "error",
                          "text", "marks", "segs"], "rows": docs},
        "acts": {"cols": ["doc", "activity_id", "event_name", "theme", "start", "end", "month",
                          "location", "organizer", "span_start", "span_end", "n_dates",
                          "n_counts"], "rows": acts},
        "dates": {"cols": ["doc", "act", "text", "start", "end", "precision", "span_start",
                           "span_end"], "rows": dates},
        "counts": {"cols": ["doc", "act", "text", "value", "unit", "approx", "object",
                            "span_start", "span_end"], "rows": counts},
        "months": months,
    }
    return script_safe(json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                                  allow_nan=False))


def script_safe(text: str) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & as \\u escapes."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------- summary

def esc(x: object) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def fmt(v: float) -> str:
    """A number the way a Chinese reader scans it: 1.2亿, 3.5万, 1,200, 0.5."""
    a = abs(v)
    if a >= 1e8:
        return f"{v / 1e8:.4g}亿"
    if a >= 1e4:
        return f"{v / 1e4:.4g}万"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:.3g}"


def summary_html(c: dict) -> str:
    """The figures at the top, and every error reason with its pages."""
    docs = [d for d in c["docs"] if d.get("status") != "missing"]
    pages = {d.get("page") for d in docs}
    errors = [d for d in docs if d.get("status") == "error"]
    ok = len(docs) - len(errors)
    named = sum(1 for a in c["acts"] if a.get("event_name"))
    dated = sum(1 for a in c["acts"] if a.get("start"))
    cards = [("页面 pages", len(pages), ""), ("文章 articles", ok, ""),
             ("错误 errors", len(errors), "bad" if errors else ""),
             ("活动 activities", len(c["acts"]), f"{named:,} 有名称 · {dated:,} 有日期"),
             ("日期 dates", len(c["dates"]),
              f"{sum(1 for r in c['dates'] if r['_act'] >= 0):,} 关联活动"),
             ("数量 counts", len(c["counts"]),
              f"{sum(1 for r in c['counts'] if r['_act'] >= 0):,} 关联活动")]
    if c["bad_spans"] or c["mismatched"]:
        cards.append(("位置问题 span problems", c["bad_spans"] + c["mismatched"],
                      f"{c['bad_spans']:,} 越界/缺失 · {c['mismatched']:,} 文本不符"))
    parts = ['<div class="cards">']
    for label, n, note in cards:
        cls = "card bad" if note == "bad" else "card"
        note = "" if note == "bad" else f'<div class="note">{esc(note)}</div>'
        parts.append(f'<div class="{cls}"><div class="n">{n:,}</div>'
                     f'<div class="label">{esc(label)}</div>{note}</div>')
    parts.append("</div>")
    parts.append(errors_html(errors))
    return "\n".join(parts)


def errors_html(errors: list[dict]) -> str:
    """Errors grouped by reason, most frequent first, each with (up to 200 of) its pages."""
    if not errors:
        return '<p class="ok">没有错误 · no page failed.</p>'
    by_reason: dict[str, list[str]] = defaultdict(list)
    for d in errors:
        by_reason[d.get("error") or "(no reason given)"].append(d.get("page") or d.get("doc_id"))
    rows = []
    for reason, pages in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = "".join(f"<li>{esc(p)}</li>" for p in pages[:ERROR_PAGES_SHOWN])
        more = (f"<li>… {len(pages) - ERROR_PAGES_SHOWN:,} more</li>"
                if len(pages) > ERROR_PAGES_SHOWN else "")
        rows.append(f'<tr><td class="num">{len(pages):,}</td><td class="reason">{esc(reason)}</td>'
                    f"<td><details><summary>pages</summary><ul>{shown}{more}</ul></details></td></tr>")
    return ('<table class="errors"><caption>错误原因 · error reasons</caption>'
            "<thead><tr><th>pages</th><th>reason</th><th></th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


# --------------------------------------------------------------------------- charts

def text_width(s: str, size: int = 12) -> float:
    """Rough rendered width: CJK and full-width characters are square, others about half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in s)


def clip(s: str, width: float, size: int = 12) -> str:
    """s cut with '…' so that it fits in width pixels."""
    if text_width(s, size) <= width:
        return s
    while s and text_width(s + "…", size) > width:
        s = s[:-1]
    return s + "…"


def hbar_chart(title: str, items: list[tuple[str, float, str]], log: bool = False,
               note: str = "") -> str:
    """Horizontal bars as inline SVG: (label, value, value text) per bar, in the given order."""
    if not items:
        return f'<figure class="chart"><figcaption>{esc(title)}</figcaption><p class="empty">无数据 · no data</p></figure>'
    label_w, bar_w, value_w, row_h, top = 150, 230, 90, 22, 6
    width, height = label_w + bar_w + value_w, top + row_h * len(items) + 6
    scale = (lambda v: math.log10(v + 1)) if log else (lambda v: v)
    peak = max(scale(max(v, 0)) for _, v, _ in items) or 1
    rows = []
    for i, (label, v, shown) in enumerate(items):
        y = top + i * row_h
        w = max(1.0, bar_w * scale(max(v, 0)) / peak)
        rows.append(
            f'<g><title>{esc(label)}: {esc(shown)}</title>'
            f'<text class="lab" x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(clip(label, label_w - 10))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" rx="2"/>'
            f'<text class="val" x="{label_w + w + 4:.1f}" y="{y + 15}">{esc(shown)}</text></g>')
    note = f'<p class="note">{esc(note)}</p>' if note else ""
    return (f'<figure class="chart"><figcaption>{esc(title)}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(title)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(rows)}</svg>'
            f"{note}</figure>")


def column_chart(title: str, items: list[tuple[str, int]], note: str = "") -> str:
    """Vertical columns as inline SVG (months), labels turned when there are many."""
    if not items:
        return f'<figure class="chart"><figcaption>{esc(title)}</figcaption><p class="empty">无数据 · no data</p></figure>'
    n = len(items)
    col = max(10, min(48, 460 // n))
    left, top, plot_h = 34, 16, 170
    turned = any(text_width(label) > col - 2 for label, _ in items)
    bottom = 58 if turned else 22
    width, height = left + col * n + 10, top + plot_h + bottom
    peak = max(v for _, v in items) or 1
    ticks = sorted({0, peak, round(peak / 2)})
    parts = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}"/>']
    for t in ticks:
        y = top + plot_h - plot_h * t / peak
        parts.append(f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{t}</text>'
                     f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}"/>')
    for i, (label, v) in enumerate(items):
        x = left + i * col
        h = plot_h * v / peak
        y = top + plot_h - h
        lx, ly = x + col / 2, top + plot_h + 12
        lab = (f'<text class="lab" transform="translate({lx + 4:.1f},{ly}) rotate(-55)" text-anchor="end">{esc(label)}</text>'
               if turned else f'<text class="lab" x="{lx:.1f}" y="{ly}" text-anchor="middle">{esc(label)}</text>')
        value_text = (f'<text class="val" x="{lx:.1f}" y="{y - 3:.1f}" text-anchor="middle">{v}</text>'
                      if text_width(str(v), 11) <= col - 2 else "")  # else only in the tooltip
        parts.append(f'<g><title>{esc(label)}: {v}</title>'
                     f'<rect x="{x + 2}" y="{y:.1f}" width="{col - 4}" height="{h:.1f}" rx="2"/>'
                     f"{value_text}{lab}</g>")
    note = f'<p class="note">{esc(note)}</p>' if note else ""
    return (f'<figure class="chart wide"><figcaption>{esc(title)}</figcaption><div class="scroll">'
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(title)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
            f"</div>{note}</figure>")


def charts_html(c: dict) -> str:
    """Activities per month, counts summed by unit, top events."""
    months = Counter(month_of(a.get("start")) for a in c["acts"])
    undated = months.pop(UNDATED, 0)
    per_month = sorted(months.items(), key=lambda kv: month_order(kv[0]))
    month_note = f"另有 {undated} 项活动未注明日期 · {undated} undated." if undated else ""

    sums: dict[str, float] = defaultdict(float)
    mentions: Counter = Counter()
    percents = 0
    for r in c["counts"]:
        unit = r.get("unit") or NO_UNIT
        if unit == "%":  # percentages do not add up
            percents += 1
            continue
        v = number(r.get("value"))
        if v is not None:
            sums[unit] += v
            mentions[unit] += 1
    units = [(f"{u} · {mentions[u]}项", sums[u], fmt(sums[u]))
             for u, _ in sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
    unit_note = "条长按对数 · bar length on a log scale; 项 = mentions."
    if percents:
        unit_note += f" {percents} 个百分比未求和 · percentages not summed."
    if len(mentions) > TOP:
        unit_note += f" 仅显示前 {TOP} 个单位 · top {TOP} of {len(mentions)} units."

    events: Counter = Counter()
    articles: dict[str, set] = defaultdict(set)
    for a in c["acts"]:
        name = a.get("event_name")
        if name:
            events[name] += 1
            articles[name].add(a["doc_id"])
    top = [(name, n, f"{n} · {len(articles[name])}篇")
           for name, n in sorted(events.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
    return "\n".join([
        column_chart("每月活动 · activities per month", per_month, month_note),
        hbar_chart("数量按单位求和 · counts summed by unit", units, log=True, note=unit_note),
        hbar_chart("主要事件 · top events", top,
                   note="活动数 · 文章数 · activities · articles." if top else ""),
    ])


# --------------------------------------------------------------------------- page

def asset(name: str) -> str:
    """A file of pipeline/resources/report/, with LF line ends (the CSP hash is over exact text)."""
    return resource(f"report/{name}").read_text(encoding="utf-8").replace("\r\n", "\n")


def csp(script: str) -> str:
    """No network at all; only the page's own script (by its hash) may run."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def build_report(tables: Mapping | object) -> str:
    """The review page's HTML text for the four tables (a dict of DataFrames or a `Tables`)."""
    c = collect(tables)
    data = data_json(c)
    script = asset("report.js")
    return Template(asset("template.html")).substitute(
        csp=html.escape(csp(script), quote=False),  # in a "…" attribute; no quote inside
        css=asset("report.css"),
        summary=summary_html(c),
        charts=charts_html(c),
        data=data,
        data_size=esc(f"{len(encode(data)) / 1e6:.2f} MB"),
        n_docs=f"{len(c['docs']):,}",
        script=script,
    )
