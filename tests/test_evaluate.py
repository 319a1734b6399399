import json

import pytest

from pipeline.evaluate import evaluate, same_event, scoreboard
from pipeline.model import Activity, Article, ArticleResult, CountMention, DateMention, Extraction, PageResult
from pipeline.tables import build_tables

TEXT = "5月17日县科协启动第二十六届科普周，发放资料3000份，吸引2万余人次参加。"


def gold_file(tmp_path, **over):
    article = {
        "reference_year": 2021, "title": "t",
        "boilerplate": ["上傳人:abc 文檔編號:1"], "content": ["县科协启动第二十六届科普周"],
        "dates": [{"text": "5月17日", "start": "2021-05-17", "end": "2021-05-17", "event": "第二十六届科普周"}],
        "counts": [
            {"text": "3000份", "value": 3000, "unit": "份", "approx": None, "object": "资料", "event": "第二十六届科普周"},
            {"text": "2万余人次", "value": 20000, "unit": "人次", "approx": "more", "object": None, "event": None},
        ],
        "events": [{"name": "第二十六届科普周", "theme": None}],
    } | over
    d = tmp_path / "gold"
    d.mkdir()
    (d / "p.txt.json").write_text(json.dumps({"page": "p.txt", "articles": [article]}, ensure_ascii=False))
    return d


def tables(text=TEXT, counts=None, event="第二十六届科普周"):
    counts = counts if counts is not None else [
        CountMention("3000份", 24, 30, 3000, "份", None, "资料"),
        CountMention("2万余人次", 33, 38, 20000, "人次", "more", None),
    ]
    ext = Extraction(dates=[DateMention("5月17日", 0, 5, "2021-05-17", "2021-05-17", "day")], counts=counts,
                     activities=[Activity(event, 0, 10, text[:10], dates=[0], counts=[0])])
    return build_tables([PageResult("p.txt", [ArticleResult(Article(0, text), ext)])])


def test_perfect_tables_score_one(tmp_path):
    s = evaluate(gold_file(tmp_path), tables())
    for k in ("dates", "counts", "events"):
        assert s[k]["f1"] == 1.0
    assert s["approx_acc"] == s["object_acc"] == s["count_link_acc"] == 1.0
    assert s["boilerplate_leak"] == 0.0 and s["content_kept"] == 1.0
    assert s["articles_exact"] == 1 and "F1 1.000" in scoreboard(s)


def test_a_missing_count_lowers_recall_not_precision(tmp_path):
    s = evaluate(gold_file(tmp_path), tables(counts=[CountMention("3000份", 24, 30, 3000, "份", None, "资料")]))
    assert s["counts"]["p"] == 1.0 and s["counts"]["r"] == 0.5
    assert any("count missed" in m for m in s["misses"])


def test_boilerplate_is_found_in_either_script(tmp_path):
    s = evaluate(gold_file(tmp_path), tables(text="上传人:abc 文档编号:1 " + TEXT))
    assert s["boilerplate_leak"] == 1.0


def test_a_wrong_link_is_counted(tmp_path):
    s = evaluate(gold_file(tmp_path), tables(event="海智计划"))
    assert s["count_link_acc"] == 0.0 and s["events"]["f1"] == 0.0


def test_a_wrong_object_is_counted_and_listed(tmp_path):
    s = evaluate(gold_file(tmp_path), tables(counts=[
        CountMention("3000份", 24, 30, 3000, "份", None, "科普周"),
        CountMention("2万余人次", 33, 38, 20000, "人次", "more", None),
    ]))
    assert s["object_acc"] == 0.0 and s["counts"]["f1"] == 1.0
    assert [m for m in s["misses"] if "count object" in m] == [
        "p.txt\tcount object\t3000份 -> gold '资料', system '科普周'"]


def test_event_names_match_loosely_but_not_too_loosely():
    t2s = lambda s: s  # noqa: E731
    assert same_event("第二十六届科普周", "2021年第二十六届科普周", t2s)
    assert same_event("“院士雨花行”", "院士雨花行", t2s)
    assert not same_event("科普周", "县第二十六届科普宣传周开幕式活动", t2s)


@pytest.mark.parametrize("bad", [{"value": "x"}])
def test_values_that_are_not_numbers_never_match(tmp_path, bad):
    g = gold_file(tmp_path)
    s = evaluate(g, tables(counts=[CountMention("x份", 24, 26, float("nan"), "份", None, None)]))
    assert s["counts"]["tp"] == 0
