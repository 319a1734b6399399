"""The fast paths of the clean, script and segment stages give what the plain ones give.

No timing here (see bench/stages.py); each shortcut is compared with the computation it
replaces on varied text written for these tests, in simplified and traditional script.
"""
from __future__ import annotations

import random
from collections import Counter

import opencc

from pipeline import script

S2T = opencc.OpenCC("s2t").convert
S2TWP = opencc.OpenCC("s2twp").convert
S2HK = opencc.OpenCC("s2hk").convert

SAMPLE = (
    "县科协开展“全国科普日”活动，发放宣传资料3000余份，受益群众1.2万人次。"
    "社群网路资讯专案，中国小学生参加“科技节”，效劳群众，食品平安知识讲座。"
    "２０２１年５月１７日，举办讲座近3000人，约 5场；以“科技创新”为主题。二、积极组织。1.2个镇"
)


def texts(n: int = 80, seed: int = 11) -> list[str]:
    """Random mixtures of sample text, phrase-table keys, spun words, punctuation, astral and
    control characters (which the fast paths must leave to the plain ones)."""
    rng = random.Random(seed)
    keys = list(script.phrase_table("tw").candidates) + list(script.phrase_table("hk").candidates)
    pieces = list(SAMPLE) + keys + list(script.spun_table()[0]) + [
        "\n", "，", "。", "“", "”", "〞", " ", "\u3000", "𠀀", "\x02", "\x03", "\x00", "豐", "衞", "裏", "著",
    ]
    out = [SAMPLE, S2T(SAMPLE), S2TWP(SAMPLE), S2HK(SAMPLE), "", "埠", "国小学", "中国小学"]
    for _ in range(n):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 300)))
        out += [text, S2T(text.replace("\x00", ""))]
    return out


def plain_matches(table: script.PhraseTable, text: str) -> list[script.Hit]:
    return [(m.start(), m.end(), m.group()) for m in table.pattern.finditer(text)]


def test_opencc_marker_finds_what_the_trie_finds():
    for kind in ("tw", "hk"):
        table = script.phrase_table(kind)
        assert table.marker is not None
        for text in texts():
            assert table.find(text) == plain_matches(table, text)
            marked = table.marker.find(text)
            if not script.KeyMarker.UNSAFE.search(text):
                assert marked == plain_matches(table, text)
            else:
                assert marked is None  # left to the regex


def test_marker_on_a_small_table_and_unusual_text():
    words = ["埠", "国小", "中国小", "国小学", "社群"]
    marker = script.KeyMarker.build(words)
    trie = script.trie_regex(words)
    for text in ["", "埠埠", "中国小学", "国国小小", "𠀀社群𠀀", "a\ud800国小"]:
        expected = [(m.start(), m.end(), m.group()) for m in trie.finditer(text)]
        assert marker.find(text) in (expected, None)
    assert marker.find("a\ud800国小") is None  # cannot be encoded: left to the regex
    assert script.KeyMarker.build(["有 空格"]) is None
    assert script.KeyMarker.build([]) is None


def test_vectorised_counts_equal_the_regex_counts():
    trad, hk = script.char_classes()
    for text in texts() + ["\ud800豐", "\U0002a6d6衞"]:
        assert script.char_counts(text) == (
            len(script.HAN.findall(text)), len(trad.findall(text)), len(hk.findall(text)))


def plain_choose(table: script.PhraseTable, key: str, text: str, start: int, end: int) -> str:
    """choose() as it was written first: one context word at a time."""
    cands = table.candidates[key]
    if len(cands) == 1:
        return cands[0][0]
    rules = script.context_rules().get(key)
    default = max(cands, key=lambda c: c[1])[0]
    for cand, side, words in rules or ():
        if side == "L" and any(text.startswith(w, start - len(w)) and start >= len(w) for w in words):
            return cand
        if side == "R" and any(text.startswith(w, end) for w in words):
            return cand
    return default


def test_choose_with_word_tuples_equals_word_by_word():
    table = script.phrase_table("tw")
    rules = script.context_rules()
    rng = random.Random(3)
    context = [w for r in rules.values() for _, _, words in r for w in words] + list(SAMPLE)
    for key in rules:
        for _ in range(40):
            left = "".join(rng.choice(context) for _ in range(rng.randint(0, 2)))
            right = "".join(rng.choice(context) for _ in range(rng.randint(0, 2)))
            text = left + key + right
            start, end = len(left), len(left) + len(key)
            assert script.choose(table, key, text, start, end) == plain_choose(table, key, text, start, end)


def test_spinning_guards_change_nothing():
    for text in texts():
        fixes = Counter()
        out = script.repair_spinning(text, fixes)
        assert script.n_spun_quotes(text) == len(script.SPUN_QUOTE.findall(text))
        if "到达" not in out:
            assert not script.SPUN_REACH.search(out)


WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u3000\r\n"


def segment_texts() -> list[str]:
    rng = random.Random(7)
    pieces = list(SAMPLE) + list(WHITESPACE) + ["\r\n", "科普宣传周", "2022-05-19", "www.a.com", "a+b#c", "18.46KB"]
    out = [SAMPLE, S2T(SAMPLE), WHITESPACE, "科普 宣传\t周\r\n\u3000县科协", ""]
    out += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 200))) for _ in range(60)]
    return out


def test_segment_drops_whitespace_tokens_as_join_and_split_did():
    from pipeline.segment import BACKENDS, get_segmenter, segment

    for backend in BACKENDS:
        cut = get_segmenter(backend).cut
        for text in segment_texts():
            tokens = cut(text)
            # the premise: a token is all whitespace or holds none
            assert all(t.isspace() or not any(c.isspace() for c in t) for t in tokens)
            assert segment(text, backend) == " ".join(tokens).split()
