"""The development set: the pipeline on data/raw scored against tests/gold.

Each floor is what the code reached when it landed; floors are only ever raised.
"""
import pytest

from pipeline.evaluate import evaluate

FLOORS = {
    "dates_f1": 0.99,
    "counts_f1": 0.95,
    "events_f1": 0.95,
    "approx_acc": 0.99,
    "object_acc": 0.88,
    "count_link_acc": 0.95,
    "content_kept": 0.995,
}
CEILINGS = {"boilerplate_leak": 0.01}


@pytest.fixture(scope="module")
def board(sample_tables, root):
    s = evaluate(root / "tests" / "gold", sample_tables)
    return {
        "dates_f1": s["dates"]["f1"], "counts_f1": s["counts"]["f1"], "events_f1": s["events"]["f1"],
        "approx_acc": s["approx_acc"], "object_acc": s["object_acc"], "count_link_acc": s["count_link_acc"],
        "content_kept": s["content_kept"], "boilerplate_leak": s["boilerplate_leak"],
        "articles_exact": s["articles_exact"], "pages": s["pages"], "pages_ok": s["pages_ok"],
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figure_is_at_least_its_floor(board, name):
    assert board[name] >= FLOORS[name], f"{name} = {board[name]:.3f} < floor {FLOORS[name]}"


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_figure_is_at_most_its_ceiling(board, name):
    assert board[name] <= CEILINGS[name], f"{name} = {board[name]:.3f} > ceiling {CEILINGS[name]}"


def test_every_page_is_split_into_the_gold_articles(board):
    assert board["pages_ok"] == board["pages"] == 5
    assert board["articles_exact"] == 5
