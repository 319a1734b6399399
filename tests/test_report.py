"""The review page (pipeline/report.py): self-contained, escaped, every mark at its span."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report import build_report, segments, write_report

ROOT = Path(__file__).resolve().parent.parent
EVIL = "<script>alert(1)</script>"
QUOTES = r"[“”\"「」『』《》〈〉‘’']"

# article 0: simplified title; a count nested in a date-like range, an event name inside evidence,
# an astral character (𠀀, one Python character, two UTF-16 units) before the marks
TEXT0 = ("𠀀2021年5月17日至21日，县科协举办“第二十六届科普周”活动，发放科普资料1万余份，"
         "参与群众约3000人次。" + EVIL + "9月14日开展“全国科普日”活动，展出展板80块，共投入经费32.5万元。")
# article 1 (from a traditional page): the text has an evil comment and script closer
TEXT1 = "今年6月12~15日，社区开展科普讲座5场<!-- x --></script>，覆盖居民1200户。"


def at(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def sentence(text: str, first: str) -> tuple[int, int]:
    """Span of the sentence that starts at `first` and ends at the next 。."""
    s = text.index(first)
    return s, text.index("。", s) + 1


def make_tables() -> dict[str, pd.DataFrame]:
    d0, d1 = "a/2021科协.txt#0", "b/總結.html#0"
    documents = pd.DataFrame([
        {"doc_id": d0, "page": "a/2021科协.txt", "article": 0, "title": "2021年科协工作总结" + EVIL,
         "reference_year": 2021, "source_script": "simplified", "status": "ok", "error": None,
         "clean_text": TEXT0, "tokens": "2021 年"},
        {"doc_id": d1, "page": "b/總結.html", "article": 0, "title": "2021年社區科普工作總結",
         "reference_year": 2021, "source_script": "traditional", "status": "ok", "error": None,
         "clean_text": TEXT1, "tokens": ""},
        {"doc_id": "c/bad.bin#0", "page": "c/bad.bin", "article": 0, "title": None,
         "reference_year": None, "source_script": None, "status": "error",
         "error": "binary file <b>not text</b>", "clean_text": None, "tokens": None},
        {"doc_id": "d/empty.txt#0", "page": "d/empty.txt", "article": 0, "title": None,
         "reference_year": None, "source_script": None, "status": "error",
         "error": "no report text found", "clean_text": None, "tokens": None},
    ])
    s1, s2, s3 = sentence(TEXT0, "2021年5月"), sentence(TEXT0, "9月14日"), sentence(TEXT1, "今年")
    activities = pd.DataFrame([
        {"doc_id": d0, "activity_id": d0 + "/0", "event_name": "第二十六届科普周", "theme": None,
         "start": "2021-05-17", "end": "2021-05-21", "evidence": TEXT0[slice(*s1)],
         "span_start": s1[0], "span_end": s1[1]},
        {"doc_id": d0, "activity_id": d0 + "/1", "event_name": "全国科普日", "theme": "科学生活 创新圆梦",
         "start": "2021-09-14", "end": "2021-09-14", "evidence": TEXT0[slice(*s2)],
         "span_start": s2[0], "span_end": s2[1]},
        {"doc_id": d1, "activity_id": d1 + "/0", "event_name": None, "theme": None,
         "start": "2021-06-12", "end": "2021-06-15", "evidence": TEXT1[slice(*s3)],
         "span_start": s3[0], "span_end": s3[1]},
    ])
    dates = pd.DataFrame([
        {"doc_id": d0, "activity_id": d0 + "/0", "text": "2021年5月17日至21日",
         "start": "2021-05-17", "end": "2021-05-21", "precision": "day"},
        {"doc_id": d0, "activity_id": d0 + "/1", "text": "9月14日", "start": "2021-09-14",
         "end": "2021-09-14", "precision": "day"},
        {"doc_id": d1, "activity_id": d1 + "/0", "text": "6月12~15日", "start": "2021-06-12",
         "end": "2021-06-15", "precision": "day"},
    ])
    counts = pd.DataFrame([
        {"doc_id": d0, "activity_id": d0 + "/0", "text": "1万余份", "value": 10000.0, "unit": "份",
         "approx": "more", "object": "科普资料"},
        {"doc_id": d0, "activity_id": d0 + "/0", "text": "约3000人次", "value": 3000.0, "unit": "人次",
         "approx": "about", "object": "群众"},
        {"doc_id": d0, "activity_id": d0 + "/1", "text": "80块", "value": 80.0, "unit": "块",
         "approx": None, "object": "展板"},
        {"doc_id": d0, "activity_id": None, "text": "32.5万元", "value": 325000.0, "unit": "元",
         "approx": None, "object": "经费"},
        {"doc_id": d1, "activity_id": d1 + "/0", "text": "5场", "value": 5.0, "unit": "场",
         "approx": None, "object": "科普讲座"},
        {"doc_id": d1, "activity_id": d1 + "/0", "text": "1200户", "value": 1200.0, "unit": "户",
         "approx": None, "object": "居民"},
    ])
    texts = {d0: TEXT0, d1: TEXT1}
    for df in (dates, counts):
        spans = [at(texts[r.doc_id], r.text) for r in df.itertuples()]
        df["span_start"] = [s for s, _ in spans]
        df["span_end"] = [e for _, e in spans]
    return {"documents": documents, "activities": activities, "dates": dates, "counts": counts}


def embedded(page: str) -> dict:
    """The JSON block of a report, as objects per row."""
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    raw = json.loads(m.group(1))
    out = {name: [dict(zip(t["cols"], row)) for row in t["rows"]]
           for name, t in raw.items() if isinstance(t, dict)}
    out["months"] = raw["months"]
    return out


def mark_texts(doc: dict) -> dict[int, str]:
    """Each mark's text as the page shows it: the concatenation of the segments that list it."""
    chars = list(doc["text"])  # code points, as the page's script slices them
    pieces: dict[int, list[str]] = defaultdict(list)
    for s, e, ids in doc["segs"]:
        for k in ids:
            pieces[k].append("".join(chars[s:e]))
    return {k: "".join(p) for k, p in pieces.items()}


def check_marks(page: str, tables: dict[str, pd.DataFrame]) -> int:
    """Every highlighted span equals clean_text at its span and the row's own text; returns #marks."""
    data = embedded(page)
    rows = {"d": data["dates"], "c": data["counts"], "a": data["acts"]}
    field = {"d": "text", "c": "text", "a": None}
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["clean_text"]))
    n = 0
    for doc in data["docs"]:
        clean = texts.get(doc["doc_id"])
        clean = clean if isinstance(clean, str) else ""
        assert doc["text"] == clean
        shown = mark_texts(doc)
        assert sorted(shown) == list(range(len(doc["marks"])))  # every mark is shown
        last = 0
        for s, e, _ in doc["segs"]:  # pieces are in order and never overlap
            assert last <= s < e <= len(clean)
            last = e
        for k, (kind, row, s, e, ok) in enumerate(doc["marks"]):
            assert shown[k] == clean[s:e]
            if kind in field and kind != "a":
                assert bool(ok) == (rows[kind][row]["text"] == clean[s:e])
            if kind == "e":
                name = data["acts"][row]["event_name"]
                assert re.sub(QUOTES, "", clean[s:e]) == re.sub(QUOTES, "", name)
            n += 1
    return n


@pytest.fixture(scope="module")
def tables():
    return make_tables()


@pytest.fixture(scope="module")
def page(tables):
    return build_report(tables)


def test_one_file_with_no_network_references(page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert re.search(r"<script\b[^>]*\bsrc=", page) is None
    assert "default-src 'none'" in page
    # SVG namespaces are names, not fetches; nothing else names a network address
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}


def test_every_highlighted_span_is_the_clean_text_at_that_span(page, tables):
    n = check_marks(page, tables)
    # 3 evidence + 3 dates + 6 counts + 2 event names found inside their evidence
    assert n == 14
    doc0 = embedded(page)["docs"][0]
    kinds = [m[0] for m in doc0["marks"]]
    assert kinds.count("e") == 2 and kinds.count("a") == 2
    # the date sits inside the evidence: the split pieces carry both marks
    assert any(len({doc0["marks"][k][0] for k in ids}) > 1 for _, _, ids in doc0["segs"])


def test_overlapping_and_nested_spans_are_split_into_pieces():
    marks = [["a", 0, 0, 10, 1], ["d", 0, 2, 6, 1], ["c", 0, 4, 8, 1], ["e", 0, 12, 14, 1]]
    assert segments(marks) == [[0, 2, [0]], [2, 4, [0, 1]], [4, 6, [0, 1, 2]], [6, 8, [0, 2]],
                               [8, 10, [0]], [12, 14, [3]]]
    assert segments([]) == []


def test_script_in_text_title_and_error_is_escaped(page):
    assert "<script>alert" not in page.lower()
    assert "</script>，" not in page and "<!-- x" not in page
    assert "<b>not text" not in page and "binary file &lt;b&gt;not text&lt;/b&gt;" in page
    # the same text survives as text: the data block decodes back to it
    data = embedded(page)
    assert EVIL in data["docs"][0]["text"] and data["docs"][0]["title"].endswith(EVIL)
    assert data["docs"][1]["text"] == TEXT1
    # only the page's own two script elements exist
    assert len(re.findall(r"<script\b", page)) == 2


def test_activities_table_has_every_activity(page, tables):
    data = embedded(page)
    assert [a["activity_id"] for a in data["acts"]] == list(tables["activities"]["activity_id"])
    assert [a["month"] for a in data["acts"]] == ["2021-05", "2021-09", "2021-06"]
    assert data["months"] == ["2021-05", "2021-06", "2021-09"]
    # a date or count row points at its activity's row in the table
    assert [d["act"] for d in data["dates"]] == [0, 1, 2]
    assert [c["act"] for c in data["counts"]] == [0, 0, 1, -1, 2, 2]


def test_summary_lists_errors_with_their_reasons(page):
    summary = page[page.index('<section id="summary">'):page.index('<section id="charts">')]
    assert "no report text found" in summary and "d/empty.txt" in summary and "c/bad.bin" in summary
    figures = dict((label, int(n.replace(",", ""))) for n, label in re.findall(
        r'<div class="n">([\d,]+)</div><div class="label">([^<]+)</div>', summary))
    assert figures == {"页面 pages": 4, "文章 articles": 2, "错误 errors": 2,
                       "活动 activities": 3, "日期 dates": 3, "数量 counts": 6}


def test_charts_are_inline_svg_with_chinese_labels(page):
    charts = page[page.index('<section id="charts">'):page.index('<section id="activities">')]
    assert charts.count("<svg") == 3
    for label in ("2021-05", "2021-09", "第二十六届科普周", "全国科普日", "元 · 1项", "份 · 1项"):
        assert label in charts
    assert ">32.5万<" in charts and ">1万<" in charts  # sums shown the Chinese way


def test_a_span_that_disagrees_with_its_row_is_flagged_and_a_bad_span_is_not_drawn(tables):
    t = {k: v.copy() for k, v in tables.items()}
    t["counts"].loc[0, "span_end"] = t["counts"].loc[0, "span_end"] - 1  # "1万余" for "1万余份"
    t["counts"].loc[1, "span_start"] = 10_000  # outside the text
    page = build_report(t)
    check_marks(page, t)
    doc0 = embedded(page)["docs"][0]
    counts = [m for m in doc0["marks"] if m[0] == "c"]
    assert [m[1] for m in counts] == [0, 2, 3] and [m[4] for m in counts] == [0, 1, 1]
    assert "位置问题 span problems" in page and "1 越界/缺失 · 1 文本不符" in page


def test_an_events_table_with_spans_is_used_when_present(tables):
    t = dict(tables)
    s, e = at(TEXT0, "科普周")
    t["events"] = pd.DataFrame([{"doc_id": "a/2021科协.txt#0", "activity_id": "a/2021科协.txt#0/0",
                                 "name": "科普周", "span_start": s, "span_end": e}])
    doc0 = embedded(build_report(t))["docs"][0]
    assert [m[2:4] for m in doc0["marks"] if m[0] == "e"] == [[s, e]]


def test_an_event_name_split_by_quotes_is_found_in_its_evidence(tables):
    t = {k: v.copy() for k, v in tables.items()}
    text = "一是组织全县中小学生参加省、市“金钥匙”科技竞赛，获奖12项。"
    t["documents"].loc[1, "clean_text"] = text
    t["activities"].loc[2, ["event_name", "evidence", "span_start", "span_end"]] = [
        "金钥匙科技竞赛", text, 0, len(text)]
    t["dates"] = t["dates"].iloc[:2]
    t["counts"] = t["counts"].iloc[:4]
    page = build_report(t)
    check_marks(page, t)
    doc1 = embedded(page)["docs"][1]
    assert [text[m[2]:m[3]] for m in doc1["marks"] if m[0] == "e"] == ["金钥匙”科技竞赛"]


def test_write_report_reads_csv_and_replaces_the_file_whole(tmp_path, tables):
    for name, df in tables.items():
        df.to_csv(tmp_path / f"{name}.csv", index=False, encoding="utf-8-sig")
    (tmp_path / "report.html").write_text("old", encoding="utf-8")
    path = write_report(tmp_path)
    assert path == tmp_path / "report.html"
    page = path.read_text(encoding="utf-8")
    check_marks(page, tables)
    data = embedded(page)  # numbers read from CSV text come out as numbers
    assert [a["span_start"] for a in data["acts"]] == list(tables["activities"]["span_start"])
    assert [c["value"] for c in data["counts"]][:2] == [10000, 3000]
    assert data["docs"][0]["year"] == 2021 and data["docs"][0]["article"] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".html") == ["report.html"]
    assert not any(p.name.startswith(".report-") for p in tmp_path.iterdir())


def test_write_report_reads_the_pipelines_parquet_tables(tmp_path, tables):
    from pipeline.tables import COLUMNS, frame, iso_to_date

    acts = tables["activities"].assign(
        start_date=[iso_to_date(s) for s in tables["activities"]["start"]],
        end_date=[iso_to_date(s, last=True) for s in tables["activities"]["end"]])
    typed = {name: frame(name, df.to_dict("records")) for name, df in (tables | {"activities": acts}).items()}
    for name, df in typed.items():
        assert list(df.columns) == list(COLUMNS[name])
        df.to_parquet(tmp_path / f"{name}.parquet", index=False)
    page = write_report(tmp_path).read_text(encoding="utf-8")
    assert check_marks(page, tables) == 14


def test_empty_tables_give_a_page():
    from pipeline.tables import build_tables

    page = build_report(build_tables([]))
    assert "无数据" in page and embedded(page)["docs"] == []


def load_screenshot_tool():
    spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "tools" / "screenshot_report.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class RenderedMarks(HTMLParser):
    """Text of every mark piece inside #doc-text, and the activity table's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.in_text = False
        self.current: list[int] | None = None
        self.marks: dict[int, str] = defaultdict(str)
        self.rows: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "doc-text":
            self.in_text = True
        elif self.in_text and tag == "span" and "data-marks" in a:
            self.current = [int(k) for k in a["data-marks"].split(",")]
        if tag == "tr" and "data-activity" in a:
            self.rows.append(a["data-activity"])

    def handle_endtag(self, tag):
        if tag == "span":
            self.current = None
        elif tag == "div" and self.in_text and self.current is None:
            self.in_text = False

    def handle_data(self, data):
        for k in self.current or ():
            self.marks[k] += data


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
@pytest.mark.timeout(180)
def test_the_browser_draws_each_mark_over_its_span_and_every_activity_row(tmp_path, page, tables):
    """The page's script, run in headless Chromium, slices by code points like Python."""
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    tool = load_screenshot_tool()
    data = embedded(page)
    for i, doc in enumerate(data["docs"][:2]):
        dom = tool.dump_dom(tmp_path / "report.html", fragment=f"doc={i}")
        seen = RenderedMarks()
        seen.feed(dom)
        assert set(seen.rows) == set(tables["activities"]["activity_id"])
        assert seen.marks == {k: doc["text"][m[2]:m[3]] for k, m in enumerate(doc["marks"])}
        assert "<script>alert" not in dom


def test_the_report_builds_for_the_sample_pages(tmp_path):
    import pipeline

    sample = pipeline.process_folder(ROOT / "data" / "raw")
    sample.write(tmp_path)
    path = write_report(tmp_path)
    page = path.read_text(encoding="utf-8")
    tables = dict(sample.items())
    check_marks(page, tables)
    data = embedded(page)
    assert [a["activity_id"] for a in data["acts"]] == list(sample.activities["activity_id"])
    assert len(data["docs"]) == len(sample.documents)
    assert "<script>alert" not in page
