import pytest

from pipeline.segment import BACKENDS, get_segmenter, segment, user_words

SENTENCES = [
    "县科协组织开展2021年全国科技活动周暨县第二十六届科普宣传周活动。",
    "活动期间共发放科普宣传资料5000余份，接受群众咨询600余次，参与人数达2万人次。",
    "縣科協在社區廣場舉辦科普講座，發放宣傳資料。",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_user_dictionary_keeps_domain_words_whole(backend):
    tokens = segment(SENTENCES[0], backend)
    assert "全国科技活动周" in tokens
    assert "科普宣传周" in tokens


@pytest.mark.parametrize("text", SENTENCES)
def test_backends_give_the_same_tokens(text):
    assert segment(text, "jieba") == segment(text, "rjieba")


def test_whitespace_tokens_are_dropped_and_text_is_covered():
    text = "科学生活 创新圆梦\n科普周"
    tokens = segment(text)
    assert all(t.strip() for t in tokens)
    assert "".join(tokens) == text.replace(" ", "").replace("\n", "")


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown segmenter"):
        get_segmenter("nonesuch")


def test_user_words_come_from_the_data_file():
    words = dict(user_words())
    assert "科普宣传周" in words and words["人次"] == "q"


# --- both backends on the real sample pages -------------------------------------------

import re  # noqa: E402
from pathlib import Path  # noqa: E402

from pipeline.segment import ascii_split, default_backend  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SAMPLES = sorted(RAW.glob("*.txt"))
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def test_there_are_sample_pages():
    assert len(SAMPLES) >= 5


@pytest.mark.parametrize("page", SAMPLES, ids=lambda p: p.name)
def test_backends_agree_on_chinese_lines_of_sample_pages(page):
    """Lines without ASCII letters or digits: the very same tokens."""
    lines = [ln for ln in page.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ASCII_ALNUM.search(ln)]
    assert lines
    text = "\n".join(lines)
    assert segment(text, "jieba") == segment(text, "rjieba")


@pytest.mark.parametrize("page", SAMPLES, ids=lambda p: p.name)
def test_backends_agree_on_whole_sample_pages_up_to_ascii_runs(page):
    """Whole pages: the same tokens once ASCII runs are cut the same way (the accepted difference)."""
    text = page.read_text(encoding="utf-8")
    jieba_tokens, rjieba_tokens = segment(text, "jieba"), segment(text, "rjieba")
    assert ascii_split(jieba_tokens) == ascii_split(rjieba_tokens)
    assert "".join(jieba_tokens) == "".join(rjieba_tokens)


@pytest.mark.parametrize("text, whole", [
    ("上传时间:2022-05-19 格式", "2022-05-19"),
    ("大小:18.46KB", "18.46KB"),
    ("县科协1-5月份工作", "1-5"),
])
def test_accepted_difference_is_only_ascii_runs(text, whole):
    """rjieba keeps a joined ASCII run whole, jieba splits it; the rest is the same."""
    assert whole in segment(text, "rjieba")
    assert whole not in segment(text, "jieba")
    assert ascii_split(segment(text, "rjieba")) == ascii_split(segment(text, "jieba"))


def test_ascii_split_cuts_letters_digits_and_joiners():
    assert ascii_split(["2022-05-19", "科普", "18.46KB"]) == [
        "2022", "-", "05", "-", "19", "科普", "18", ".", "46", "KB"]


def test_fast_backend_is_the_default():
    assert default_backend() == "rjieba"
    assert get_segmenter().name == "rjieba"
