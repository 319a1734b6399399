"""The per-page function and the API, end to end on pages written here and on the samples."""
import pandas as pd
import pytest

import pipeline
from pipeline.process import process_page

TRADITIONAL = (
    "縣科協2021年科普工作總結\n\n"
    "2021年5月17日，縣科協在市民廣場舉辦第二十六屆科普宣傳週活動，發放科普資料3000份，"
    "接受群眾諮詢600餘人次。\n"
)


def test_every_span_points_at_its_text(sample_tables):
    docs = sample_tables.documents.set_index("doc_id")
    for name in ("dates", "counts"):
        for row in sample_tables[name].itertuples():
            text = docs.at[row.doc_id, "clean_text"]
            assert text[row.span_start:row.span_end] == row.text, (name, row.doc_id, row.text)
    for row in sample_tables.activities.itertuples():
        text = docs.at[row.doc_id, "clean_text"]
        assert text[row.span_start:row.span_end] == row.evidence


def test_sample_pages_are_all_read(sample_tables):
    docs = sample_tables.documents
    assert docs["page"].nunique() == 5
    assert (docs["status"] == "ok").all()
    assert docs["clean_text"].str.len().min() > 100
    assert docs["tokens"].str.contains(" ").all()


def test_activity_ids_of_mentions_exist(sample_tables):
    ids = set(sample_tables.activities["activity_id"])
    for name in ("dates", "counts"):
        linked = sample_tables[name]["activity_id"].dropna()
        assert set(linked) <= ids


def test_traditional_text_comes_out_simplified():
    t = pipeline.process_text(TRADITIONAL)
    doc = t.documents.iloc[0]
    assert doc["status"] == "ok" and doc["source_script"] == "traditional"
    assert "科普宣传周" in doc["clean_text"] and "縣" not in doc["clean_text"]
    assert ("2021-05-17", "2021-05-17") in set(zip(t.dates["start"], t.dates["end"]))
    assert 3000.0 in set(t.counts["value"])


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (bytes(range(256)) * 40, "binary"),
])
def test_bad_pages_give_a_reason_instead_of_raising(data, reason):
    result = process_page(data, "bad")
    assert not result.ok and reason in result.error.lower()
    assert "\n" not in result.error


def test_a_folder_with_a_bad_page_keeps_the_good_ones(tmp_path, root):
    (tmp_path / "good.txt").write_bytes((root / "data/raw/002_999f741bb3b2a30e.txt").read_bytes())
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    t = pipeline.process_folder(tmp_path)
    status = dict(zip(t.documents["page"], t.documents["status"]))
    assert status == {"bad.txt": "error", "good.txt": "ok"}
    assert len(t.counts) > 0 and not t.counts["doc_id"].str.startswith("bad.txt").any()
    assert pd.notna(t.documents.set_index("page").at["bad.txt", "error"])
