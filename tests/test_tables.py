import datetime as dt

import pandas as pd

from pipeline.model import Activity, Article, ArticleResult, CountMention, DateMention, Extraction, PageResult
from pipeline.tables import COLUMNS, TABLES, build_tables, iso_to_date, read_tables


def sample_result() -> PageResult:
    text = "5月17日县科协举办科普讲座3场，发放资料1万余份。"
    art = Article(index=0, text=text, title="2021年工作总结", reference_year=2021, tokens=["5", "月"])
    ext = Extraction(
        dates=[DateMention("5月17日", 0, 5, "2021-05-17", "2021-05-17", "day")],
        counts=[CountMention("3场", text.index("3场"), text.index("3场") + 2, 3, "场", None, "科普讲座"),
                CountMention("1万余份", text.index("1万"), text.index("1万") + 4, 10000, "份", "more", "资料")],
        activities=[Activity("科普讲座", 0, len(text), text, start="2021-05-17", end="2021-05-17",
                             dates=[0], counts=[0])],
    )
    return PageResult(page="sub/a.txt", articles=[ArticleResult(art, ext)], encoding="utf-8")


def test_iso_partials_become_calendar_dates():
    assert iso_to_date("2021-05-17") == dt.date(2021, 5, 17)
    assert iso_to_date("2021-02") == dt.date(2021, 2, 1)
    assert iso_to_date("2020-02", last=True) == dt.date(2020, 2, 29)
    assert iso_to_date("XXXX-06-12") is None and iso_to_date(None) is None


def test_every_contract_column_is_present_even_when_empty():
    tables = build_tables([])
    for name in TABLES:
        assert list(tables[name].columns) == list(COLUMNS[name])
        assert len(tables[name]) == 0


def test_rows_carry_ids_links_and_spans():
    t = build_tables([sample_result()])
    doc = t.documents.iloc[0]
    assert doc["doc_id"] == "sub/a.txt#0" and doc["status"] == "ok"
    aid = t.activities.iloc[0]["activity_id"]
    assert t.dates.iloc[0]["activity_id"] == aid
    assert list(t.counts["activity_id"].isna()) == [False, True]
    for row in t.counts.itertuples():
        assert doc["clean_text"][row.span_start:row.span_end] == row.text
    assert t.activities.iloc[0]["end_date"] == dt.date(2021, 5, 17)


def test_a_failed_page_is_one_error_row_and_the_rest_stay():
    bad = PageResult(page="bad.bin", error="binary file")
    t = build_tables([bad, sample_result()])
    assert list(t.documents["page"]) == ["bad.bin", "sub/a.txt"]
    err = t.documents.iloc[0]
    assert err["status"] == "error" and err["error"] == "binary file" and pd.isna(err["clean_text"])
    assert (t.counts["doc_id"] == "sub/a.txt#0").all()


def test_write_then_read_gives_the_same_tables(tmp_path):
    t = build_tables([sample_result()])
    t.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.{ext}" for n in TABLES for ext in ("csv", "parquet"))
    back = read_tables(tmp_path)
    for name in TABLES:
        pd.testing.assert_frame_equal(back[name], t[name], check_dtype=False)
    assert (tmp_path / "counts.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_alone_can_be_read_back(tmp_path):
    t = build_tables([sample_result()])
    t.write(tmp_path)
    for p in tmp_path.glob("*.parquet"):
        p.unlink()
    back = read_tables(tmp_path)
    assert back.counts["value"].tolist() == [3.0, 10000.0]
    assert back.dates["start"].tolist() == ["2021-05-17"]
    assert back.activities["end_date"].tolist() == [dt.date(2021, 5, 17)]
    assert back.activities["end_date"].dtype == t.activities["end_date"].dtype


def test_a_date_off_the_calendar_gives_no_calendar_date_instead_of_failing():
    assert iso_to_date("2021-02-29") is None


def test_csv_keeps_awkward_text_and_reads_back_like_the_parquet(tmp_path):
    result = sample_result()
    art = result.articles[0].article
    art.title = '标题，带逗号和"引号"\n第二行'
    t = build_tables([result])
    t.write(tmp_path)
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    for name in TABLES:
        (csv_only / f"{name}.csv").write_bytes((tmp_path / f"{name}.csv").read_bytes())
    from_csv, from_parquet = read_tables(csv_only), read_tables(tmp_path)
    assert from_csv.documents["title"].tolist() == [art.title]
    for name in TABLES:
        pd.testing.assert_frame_equal(from_csv[name], from_parquet[name], check_dtype=False)
    header = (tmp_path / "counts.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(COLUMNS["counts"])


def test_rows_module_names_the_contract_tables_and_needs_no_pandas():
    import subprocess
    import sys

    from pipeline import rows

    assert rows.TABLES == TABLES
    code = ("import sys, pipeline.batch, pipeline.process, pipeline.rows; "
            "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # worker processes stay light: they build rows, not tables


def test_packed_rows_give_the_same_frames_and_arrow_tables_as_the_rows():
    from pipeline.rows import pack
    import pyarrow as pa

    from pipeline.tables import arrow_from_columns, frame, frame_from_columns, page_rows, schema

    failed = PageResult(page="bad.txt", error="cannot decode the page")
    for result in (sample_result(), failed):
        rows = page_rows(result)
        packed = pack(rows)
        assert isinstance(packed["documents"]["clean_text"][0] or b"", bytes)
        for name in TABLES:
            pd.testing.assert_frame_equal(frame_from_columns(name, packed[name]), frame(name, rows[name]))
            assert arrow_from_columns(name, packed[name]).equals(pa.Table.from_pylist(rows[name], schema=schema(name)))
