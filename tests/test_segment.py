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
