"""The faster paths of the events stage give exactly what the plain patterns give.

Each test runs a fast path and the plain one it stands for (the pattern kept in
`patterns()`, or the loop the code used to run) over varied text, written here in the
style of the reports, with every kind of quote mark and whitespace. No timing here:
see bench/stages.py and bench/equiv_assemble.py.
"""
from __future__ import annotations

import bisect
import random

import regex

from pipeline.extract import events as ev

P = ev.patterns()

PIECES = [
    "县科协", "开展", "举办了", "组织", "参加", "召开", "“", "”", "「", "」", "『", "』", "〝", "〞", '"', "《", "》",
    "全国科普日", "科普日", "科技活动周", "第二十六届", "首届", "第五次", "代表大会", "年会", "会议", "论坛", "研讨会",
    "科技节", "大赛", "作品展", "启动仪式", "活动", "系列活动", "主题", "为主题", "以", "为", "等", "各类", "、", "，", ",",
    "。", "；", "：", "！", "\n", " ", "\u3000", "\x1c", "\t", "2021年", "20xx年", "某某", "湖南", "xx市", "市", "县", "区",
    "作风建设年", "宣传月", "暨", "和", "及", "与", "的", "了", "青少年", "科技", "创新", "培训班", "实施方案", "通知",
    "五类", "三", "号", "工程", "项目", "专案", "关于", "赛事", "讲座", "夏令营", "每日", "举行", "进行", "式", "典礼",
    "科学技术协会", "规划", "\U00011f50", "1", "9", "a", "X", "·", "(", "（", "）",
]


def texts(n: int = 150, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = ["", "“全国科普日”活动", "以“科技创新”为主题的第二十六届科普周", "开展了A、B、C等活动"]
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 120))) for _ in range(n)]
    return out


def windows(n: int = 400, seed: int = 3) -> list[str]:
    """Short strings: quote contents and the contexts around them."""
    rng = random.Random(seed)
    return [t[i: i + rng.randint(0, 20)] for t in texts(n // 4, seed) for i in range(0, len(t), 7)][:n * 4]


def test_whitespace_is_the_regex_modules():
    every = "".join(map(chr, range(0x3001)))  # no whitespace beyond U+3000
    assert set(ev.WHITESPACE) == set(regex.findall(r"\s", every))
    assert not regex.findall(r"\s", "".join(map(chr, range(0x3001, 0x110000))))


def test_word_groups_answer_like_the_alternations():
    for w in windows():
        # The patterns ending in $ also match before a final newline; what the code asks them
        # about never ends in one (quote contents, names cut from the text, stripped items).
        if w and not w.endswith("\n"):
            last = w[-1]
            assert w.endswith(P.not_head_words.get(last, ())) == bool(P.not_head.search(w))
            assert w.endswith(P.bad_walk_words.get(last, ())) == bool(P.bad_walk.search(w))
            assert w.endswith(P.campaign_head_words.get(last, ())) == bool(P.campaign_heads.search(w))
            assert w.endswith(P.year_campaign_bad_words.get(last, ())) == bool(P.year_campaign_bad.search(w))
            words = P.generic_words.get(last, ())
            got = max(len(x) for x in words if w.endswith(x)) if w.endswith(words) else 0
            m = P.generic_suffix.search(w)
            assert got == (len(m.group(0)) if m else 0)
            assert ev._ends_strong(w, P) == bool(P.list_strong.search(w))
        lead = w.lstrip(ev.WHITESPACE)
        assert lead.startswith(P.follower_words.get(lead[:1], ())) == bool(P.not_follow.match(w))
        assert w.startswith(P.doc_words.get(w[:1], ())) == bool(P.doc_after.match(w))
        assert w.startswith(ev.PROGRAMME_WORDS) == bool(P.programme_after.match(w))
        assert (w[:1] in P.bad_first) == bool(P.bad_name_start.match(w))


def test_quote_classifier_helpers():
    for w in windows():
        m = P.suffix.match(w)
        assert ev._suffix_end(w, P) == (m.end() if m else None)
        if w and not w.endswith("\n"):  # (see above)
            assert ev._ends_in_head(w, P) == bool(P.ends_head.search(w))
            assert ev._strip_ceremony(w, P) == (lambda s: s if len(s) >= 2 else w)(P.ceremony.sub("", w))


def test_campaign_prefix_start():
    for text in texts():
        for s in range(1, len(text) + 1):
            if text[s - 1] in P.prefix_last:
                pre = P.campaign_prefix.search(text, max(0, s - 16), s)
                assert ev._prefix_start(text, s, P) == (pre.start() if pre and pre.start() < s else s)


def test_after_last_is_the_end_of_the_last_match():
    walk_stop = regex.compile(P.walk_stop.pattern.replace(ev.WHITESPACE, r"\s"))  # as it was
    for w in windows():
        for stop in (P.walk_stop, walk_stop, P.prefix_stop, P.year_stop):
            cut = 0
            for m in stop.finditer(w):
                cut = m.end()
            assert ev._after_last(stop, w) == cut
        assert P.walk_stop.split(w) == walk_stop.split(w)


def test_scans_find_what_the_plain_patterns_find():
    campaign = regex.compile(ev._alt(P.campaigns))
    strong = regex.compile(r"年会|代表大会|大赛(?:作品展|成果展)?|开放日|科技节|文化节|艺术节|创客节|读书节|博览会|交易会|运动会|夏令营|冬令营")
    for text in texts() + ["".join(P.campaigns), "全国科普日科普日科普周科普宣传周"]:
        assert [m.span() for m in P.campaign.finditer(text)] == [m.span() for m in campaign.finditer(text)]
        assert [m.span() for m in P.strong.finditer(text)] == [m.span() for m in strong.finditer(text)]
        assert [m.span() for m in ev._quote_matches(text, P)] == [m.span() for m in P.quote.finditer(text)]
        if "首届" not in text:
            assert [m.span() for m in P.ordinal_di.finditer(text)] == [m.span() for m in P.ordinal.finditer(text)]


def test_trie_regex_matches_like_the_alternation():
    rng = random.Random(1)
    for _ in range(30):
        words = ["".join(rng.choice("abc") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))]
        trie, alt = regex.compile(ev._trie_regex(words)), regex.compile(ev._alt(words))
        for _ in range(20):
            text = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 30)))
            assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alt.finditer(text)]


def test_quote_chains_as_the_plain_gap_match():
    for text in texts():
        chains = []
        for m in P.quote.finditer(text):
            if chains and P.chain_gap.match(text[chains[-1][-1].end(): m.start()]):
                chains[-1].append(m)
            else:
                chains.append([m])
        assert [[m.span() for m in c] for c in ev._quote_chains(text, P)] == [[m.span() for m in c] for c in chains]


def test_sentence_bounds_as_the_walk_back():
    for text in texts() + ["a" * 900 + "。" + "b" * 900]:
        for pos in range(0, len(text), 37):
            s = pos
            while s > 0 and not ev.SENT_END.match(text[s - 1]) and pos - s < 400:
                s -= 1
            assert ev._sentence_bounds(text, pos)[0] == s


def test_overlap_mask_as_interval_overlap():
    rng = random.Random(4)
    for _ in range(200):
        spans = [(a, a + rng.randint(1, 9)) for a in (rng.randint(0, 40) for _ in range(rng.randint(0, 6)))]
        mask = ev._Overlap("x" * 60)
        for a, b in spans:
            mask.add(a, b)
        for _ in range(20):
            s = rng.randint(0, 50)
            e = s + rng.randint(1, 9)
            assert mask.hits(s, e) == any(a < e and b > s for a, b in spans)


def test_lead_verb_end_as_the_pattern():
    # list items hold no newline (which the pattern's . would not cross)
    for w in [w for w in windows() if "\n" not in w] + ["开展举办好", "参加了A、B", "组织"]:
        m = P.lead_verbs.match(w)
        pos = max(w.rfind(v) for v in ev.LEAD_VERBS) + 2
        assert (pos if pos >= 2 else 0) == (m.end() if m else 0)


def test_year_campaign_words_are_in_every_match():
    for text in texts():
        for m in P.year_campaign.finditer(text):
            assert any(w in m.group(0) for w in ("年活动", "月活动", "系列活动", "主题活动"))


def test_every_list_has_the_end_list_end_finds():
    for text in texts() + ["开展了科技节、夏令营等系列活动", "参加A、B、C等赛事"]:
        for m in P.list_.finditer(text):
            assert P.list_end.search(m.group(0))
        if not P.list_end.search(text):
            assert ev._lists(text, P) == []
