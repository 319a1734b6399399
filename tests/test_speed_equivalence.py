"""The faster paths give exactly what the plain ones give (no timing here: see bench/stages.py)."""
from __future__ import annotations

import random
import re

from pipeline import script
from pipeline.assemble import BLOCK_START, MARKER, _clauses
from pipeline.extract import counts
from pipeline.extract.dates import _HALF_WIDTH, _half_width

import regex

SAMPLE = (
    "县科协开展“全国科普日”活动，发放宣传资料3000余份，受益群众1.2万人次。"
    "社群网路资讯专案，中国小学生参加“科技节”，效劳群众，食品平安知识讲座。"
    "２０２１年５月１７日，举办讲座近3000人，约 5场；以“科技创新”为主题。二、积极组织。1.2个镇"
)


def _texts(n: int = 60, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    words = list(script.phrase_table("tw").candidates) + list(script.spun_table()[0])
    pieces = list(SAMPLE) + words + ["\n", "，", "。", "“", "”", " "]
    return [SAMPLE] + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 400))) for _ in range(n)]


def test_scan_regex_finds_what_the_trie_finds():
    for words in (list(script.phrase_table("tw").candidates), ["埠", "国小", "中国小", "国小学"], ["a"]):
        trie, scan = script.trie_regex(words), script.scan_regex(words)
        for text in _texts() + ["", "埠", "中国小学", "国国小小"]:
            expected = [(m.start(), m.end(), m.group()) for m in trie.finditer(text)]
            assert script.find_keys(scan, text) == expected
            assert script.find_keys(trie, text) == expected


def test_counting_by_runs_counts_characters():
    trad, hk = script.char_classes()
    for text in _texts() + [script.cc("s2hk").convert(SAMPLE), script.cc("s2t").convert(SAMPLE)]:
        assert script.han_count(text) == len(script.HAN.findall(text))
        assert script.count_chars(text, trad) == len(trad.findall(text))
        assert script.count_chars(text, hk) == len(hk.findall(text))


def test_half_width_only_touches_full_width_digits():
    for text in ["", "2021年", SAMPLE, "１a２３b", "０"]:
        assert _half_width(text) == text.translate(_HALF_WIDTH)


def _clauses_plain(text: str) -> list[tuple[int, int]]:
    inside = [m.span() for m in re.finditer(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"", text)]
    out, start = [], 0
    for m in re.finditer(r"[,，;；:：。!！?？\n]", text):
        pos = m.start()
        if any(a < pos < b for a, b in inside):
            continue
        if pos > start:
            out.append((start, pos))
        start = pos + 1
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


def test_clauses_as_the_plain_loop():
    for text in _texts() + ["", "，", "“a,b”，c", "a。\n\nb"]:
        assert _clauses(text) == _clauses_plain(text)


def test_block_start_is_the_marker_after_a_sentence_end():
    plain = regex.compile(rf"(?<=[。!！?？])\s*{MARKER}")
    for text in _texts() + ["总结。 二、活动。（一）开展。1.讲座。①一"]:
        old = [m.start() + len(m.group(0)) - len(m.group(0).lstrip()) for m in plain.finditer(text)]
        assert [m.start(1) for m in BLOCK_START.finditer(text)] == old


def test_pre_qualifier_check_skips_only_impossible_positions():
    # PRE_BEFORE can only end right after a qualifier's last character or a space
    for text in _texts():
        for m in counts.ANCHOR.finditer(text):
            s = m.start()
            found = counts.PRE_BEFORE.search(text, max(0, s - 6), s)
            c = text[s - 1] if s else ""
            if found:
                assert c in counts.PRE_LAST or c.isspace()


def test_date_scanners_find_what_the_patterns_find():
    from pipeline.extract import dates

    rng = random.Random(2)
    alphabet = "0123456789一二三四五六七八九十〇年月日号份旬初底末今去明xX×-/.．至到~、和及 \n第每为期〔"
    texts = [SAMPLE, "2021年9月27日至10月3日，今年4制定，202111被命名，2021.9.27，20xx年6月"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 600))) for _ in range(40)]
    for plain, scan in ((dates._ATOM, dates._ATOM_SCAN), (dates._YEAR, dates._YEAR_SCAN)):
        for text in texts:
            expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            got = [(m.span("hit"), {k: v for k, v in m.groupdict().items() if k in plain.groupindex})
                   for m in dates._hits(scan, text)]
            assert got == expected


def test_organizer_search_by_start_positions():
    from pipeline.assemble import ORGANIZER, _organizer

    texts = _texts() + [
        "6月5日上午，xx市科协、市教育局、市环保局共同在市实验小学举办了活动",
        "由县科协和县教育局联合举办", "中国科协主办，团县委承办", "街道办事处组织开展",
    ]
    for text in texts:
        a, b = ORGANIZER.search(text), _organizer(text)
        assert (a and (a.span(), a.group("org"), a.group("how"))) == (b and (b.span(), b.group("org"), b.group("how")))
