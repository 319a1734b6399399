"""The schema check: sound tables pass, and each rule catches a table broken on purpose."""
import datetime as dt
import math

import pandas as pd
import pytest

from pipeline.model import (Activity, Article, ArticleResult, CountMention, DateMention, Extraction,
                            PageResult)
from pipeline.schema import SchemaError, check, main, validate
from pipeline.tables import build_tables, read_tables

TEXT = ("2021年5月17日至21日，县科协举办第二十六届科普周，开展科普讲座12场，"
        "发放科普资料1万余份。全年培训农民约3000人次，投入经费32.5万元。")


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def good_page() -> PageResult:
    """One article with two activities, a linked and an unlinked date, linked and unlinked counts."""
    first = TEXT[:TEXT.index("。") + 1]
    second = TEXT[len(first):]
    art = Article(index=0, text=TEXT, title="2021年科协工作总结", reference_year=2021, tokens=["2021年"])
    ext = Extraction(
        dates=[DateMention("2021年5月17日至21日", *span(TEXT, "2021年5月17日至21日"), "2021-05-17", "2021-05-21",
                           "day")],
        counts=[CountMention("12场", *span(TEXT, "12场"), 12, "场", None, "科普讲座"),
                CountMention("1万余份", *span(TEXT, "1万余份"), 10000, "份", "more", "科普资料"),
                CountMention("约3000人次", *span(TEXT, "约3000人次"), 3000, "人次", "about", "农民"),
                CountMention("32.5万元", *span(TEXT, "32.5万元"), 325000, "元", None, "经费")],
        activities=[Activity("第二十六届科普周", 0, len(first), first, start="2021-05-17", end="2021-05-21",
                             dates=[0], counts=[0, 1]),
                    Activity(None, len(first), len(TEXT), second, counts=[2])],
    )
    return PageResult(page="reports/a.txt", articles=[ArticleResult(art, ext)], encoding="utf-8")


def failed_page() -> PageResult:
    return PageResult(page="reports/bad.bin", error="binary file, not a text page")


@pytest.fixture
def tables():
    """Pages are sorted by path: documents row 0 is the good article, row 1 the failed page."""
    return build_tables([failed_page(), good_page()])


def problems_about(tables, where: str) -> list[str]:
    return [p for p in validate(tables) if p.startswith(where)]


def test_sound_tables_pass(tables):
    assert validate(tables) == []
    assert check(tables) is tables


def test_empty_tables_pass():
    assert validate(build_tables([])) == []
    assert validate(build_tables([failed_page()])) == []


def test_tables_read_back_from_parquet_pass(tables, tmp_path):
    tables.write(tmp_path)
    assert validate(read_tables(tmp_path)) == []


def test_check_raises_a_value_error_listing_every_problem(tables):
    tables.counts.loc[0, "approx"] = "roughly"
    tables.dates.loc[0, "precision"] = "year"
    with pytest.raises(SchemaError) as err:
        check(tables)
    assert isinstance(err.value, ValueError)
    assert len(err.value.problems) == 2
    assert "counts.approx" in str(err.value) and "dates.precision" in str(err.value)


def test_a_missing_table_or_column_is_reported(tables):
    broken = {name: df for name, df in tables.items() if name != "dates"}
    broken["counts"] = tables.counts.drop(columns=["unit"])
    found = validate(broken)
    assert "dates: table missing" in found
    assert "counts.unit: column missing" in found


@pytest.mark.parametrize("table, column, values", [
    ("counts", "value", ["12"] * 4),                # numbers stored as text
    ("documents", "article", [0.5, 1.5]),           # not whole numbers
    ("dates", "span_start", ["0"]),
    ("documents", "title", [1, 2]),                 # not text
    ("activities", "start_date", ["2021-05-17", None]),  # dates as strings, as a CSV gives them
])
def test_a_column_of_the_wrong_type_is_reported(tables, table, column, values):
    df = tables[table]
    df[column] = pd.Series(values, index=df.index, dtype=object)
    found = problems_about(tables, f"{table}.{column}")
    assert found and "is not a" in found[0]


def test_an_all_null_object_column_fits_any_type(tables):
    tables.activities["theme"] = pd.Series([None, None], dtype=object)
    assert validate(tables) == []


def test_doc_id_must_be_unique(tables):
    tables.documents.loc[0, "doc_id"] = tables.documents.loc[1, "doc_id"]
    assert problems_about(tables, "documents.doc_id: not unique")


def test_activity_id_must_be_unique(tables):
    tables.activities.loc[1, "activity_id"] = tables.activities.loc[0, "activity_id"]
    assert problems_about(tables, "activities.activity_id: not unique")


@pytest.mark.parametrize("table", ["dates", "counts"])
def test_activity_id_must_name_an_activity(tables, table):
    tables[table].loc[0, "activity_id"] = "reports/a.txt#0/99"
    assert problems_about(tables, f"{table}.activity_id: not in activities")


def test_a_null_activity_id_is_fine_but_another_documents_is_not(tables):
    acts = tables.activities
    acts.loc[1, "doc_id"] = "reports/bad.bin#0"
    found = validate(tables)
    assert any(p.startswith("counts.activity_id: names an activity of another document") for p in found)
    assert any(p.startswith("activities.doc_id: rows for a document whose status is error") for p in found)
    assert tables.counts["activity_id"].isna().sum() == 1  # the unlinked count raised nothing


def test_rows_must_belong_to_a_known_document(tables):
    tables.counts.loc[3, "doc_id"] = "elsewhere.txt#0"
    assert problems_about(tables, "counts.doc_id: not in documents")


def test_status_must_be_ok_or_error(tables):
    tables.documents.loc[0, "status"] = "done"
    assert problems_about(tables, "documents.status: not ok or error")


def test_error_is_set_exactly_when_status_is_error(tables):
    both = build_tables([failed_page(), good_page()])
    tables.documents.loc[0, "error"] = "should not be here"
    both.documents.loc[1, "error"] = pd.NA
    assert problems_about(tables, "documents.error: set although status is ok")
    assert problems_about(both, "documents.error: empty although status is error")


def test_source_script_must_be_known(tables):
    tables.documents.loc[0, "source_script"] = "cantonese"
    assert problems_about(tables, "documents.source_script")


def test_precision_must_be_day_or_month(tables):
    tables.dates.loc[0, "precision"] = "year"
    assert problems_about(tables, "dates.precision: not day or month")


@pytest.mark.parametrize("bad", ["roughly", "MORE", ""])
def test_approx_must_be_one_of_three_or_null(tables, bad):
    tables.counts.loc[1, "approx"] = bad
    assert problems_about(tables, "counts.approx")


@pytest.mark.parametrize("bad", ["2021", "2021-5-17", "21-05-17", "2021-13", "2021-02-30", "xxxx-05",
                                 "2021年5月", "2021-05-17 ", "XXXX-00-12"])
def test_start_must_be_an_iso_partial(tables, bad):
    tables.dates.loc[0, "start"] = bad
    assert problems_about(tables, "dates.start: not an ISO partial")


@pytest.mark.parametrize("good", ["2021-05", "XXXX-05-17", "XXXX-05", "XXXX-02-29"])
def test_every_iso_partial_form_is_accepted(tables, good):
    tables.dates.loc[0, "start"] = good
    tables.dates.loc[0, "end"] = good
    assert validate(tables) == []


def test_a_dates_row_needs_both_ends_but_an_undated_activity_has_none(tables):
    assert tables.activities.loc[1, "start"] is pd.NA or pd.isna(tables.activities.loc[1, "start"])
    tables.dates.loc[0, "end"] = pd.NA
    assert problems_about(tables, "dates.end: not an ISO partial")


def test_end_must_not_come_before_start(tables):
    tables.activities.loc[0, "end"] = "2021-04"
    found = validate(tables)
    assert any(p.startswith("activities: end before start") for p in found)
    assert any(p.startswith("activities.end_date: does not match end") for p in found)


def test_calendar_dates_must_match_the_iso_columns(tables):
    tables.activities.loc[0, "start_date"] = dt.date(2021, 6, 1)
    assert problems_about(tables, "activities.start_date: does not match start")


@pytest.mark.parametrize("table, row", [("dates", 0), ("counts", 2)])
def test_text_must_be_what_the_span_points_at(tables, table, row):
    tables[table].loc[row, "span_start"] += 1
    found = problems_about(tables, f"{table}.text: span does not match")
    assert found and "clean_text[" in found[0]


@pytest.mark.parametrize("table, column", [("dates", "span_end"), ("counts", "span_end")])
def test_a_span_past_the_end_of_the_text_is_reported(tables, table, column):
    tables[table].loc[0, column] = len(TEXT) + 5
    found = problems_about(tables, f"{table}.text: span does not match")
    assert found and "outside the clean text" in found[0]


def test_an_empty_or_negative_span_is_reported(tables):
    tables.counts.loc[0, "span_end"] = tables.counts.loc[0, "span_start"]
    tables.dates.loc[0, "span_start"] = -1
    assert problems_about(tables, "counts.text: span does not match")
    assert problems_about(tables, "dates.text: span does not match")


def test_evidence_must_be_what_the_activity_span_points_at(tables):
    tables.activities.loc[1, "evidence"] = "县科协举办科普讲座。"
    assert problems_about(tables, "activities.evidence: span does not match")


def test_a_count_value_must_be_finite(tables):
    tables.counts.loc[0, "value"] = math.inf
    tables.counts.loc[1, "value"] = math.nan
    found = problems_about(tables, "counts.value: null or not finite")
    assert found and "(2 row(s)" in found[0]


def test_main_checks_tables_on_disk(tables, tmp_path):
    said = []
    tables.write(tmp_path / "ok")
    assert main([str(tmp_path / "ok")], said.append) == 0
    tables.counts.loc[0, "approx"] = "roughly"
    tables.write(tmp_path / "bad")
    assert main([str(tmp_path / "bad")], said.append) == 1
    assert "counts.approx" in said[-1]


def test_the_sample_pages_keep_the_contract(sample_tables):
    assert validate(sample_tables) == []
