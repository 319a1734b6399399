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


# ---------------------------------------------------------------- clean stage

def clean_lines() -> list[str]:
    """Simplified views of the sample and test pages' lines, their traditional copies, lines
    written for these tests, and long lines that hold chrome marks at their start or end."""
    from pathlib import Path

    from pipeline.clean import text

    root = Path(__file__).resolve().parent.parent
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "data" / "raw").glob("*.txt"))]
    pages += [p.read_text(encoding="utf-8") for p in sorted((root / "tests" / "pages").glob("*.txt"))]
    raw = [line.strip() for page in pages for line in page.split("\n") if line.strip()]
    raw += [conv(line) for conv in (S2T, S2HK, S2TWP) for line in raw[::3]]
    made_up = [
        "第 3 页 / 共 12 页", "共5页", "1 / 3", " 1/3", "1 2 3 4 5 6", "12\t34 5", "12 34 567 8", "１２ ３４ ５６",
        "县科协工作总结.docx_第2页", "工作总结.DOCX", "当前位置:首页 > 工作总结 > 科协", "首页/范文", "Copyright © 2021 某某网",
        "京ICP备12345678号", "(C) 2020 all rights reserved", "版权所有 某某文库", "【工作总结】", "(县科协工作总结范文)",
        "温馨提示:", "温 馨 提 示", "相关文档", "你可能关注的文档", "一、", "①", "a b", "12", "", " ", "www.Example.COM",
        "http://x", "见 abc.cn 网", "科普网", "范文网", "上传时间:2022-05-19 来源:某某网", "作者:张三 时间:2021-3-4",
        "1、开展科普", "2.组织10家企业参加重庆高交会", "下载文档 展开 收藏", "2023 科协 年度工作 思路",
        "本文档由用户上传,版权归属用户,汇文网负责整理代发布。", "由会员分享,可在线阅读,更多相关",
        "大小 : 18KB 页数:3", "ID：123", "日期 ：2021-5-4", "时间:2021/05/04 12:30", "总结如下：一是", "下载\u3000：免费",
    ]
    body = "今年以来,我县科协围绕中心工作,开展科普活动36场,受益群众1.2万人次。" * 8
    long = [body, "共3页 " + body, body + " 第2页/共3页", "1/3 " + body, body + "由会员分享", "上传时间:2022-05-19 " + body]
    out = raw + made_up + long
    return out + [text.simplified(s) for s in out[: len(raw)]]


LINES = clean_lines()


def plain_line_reason(s: str) -> str | None:
    """line_reason as first written: every pattern on the whole line, LEFTOVER by substitution."""
    from pipeline.clean import chrome as c

    if not s:
        return "empty"
    n = len(s)
    if c.PAGER.search(s) and len(c.LEFTOVER.sub("", c.PAGER.sub("", s))) <= 2:
        return "pager"
    if n <= 80 and c.DOC_FILE.search(s):
        return "file name"
    if n <= 80 and "。" not in s and c.CRUMB.search(s):
        return "crumb"
    if n <= 300 and c.FOOTER.search(s):
        return "footer"
    hits = len(set(plain_alternation(c.phrases("strong_phrases.txt")).findall(s)))
    if (hits >= 1 and n <= 150) or hits >= 2:
        return "site phrase"
    meta = plain_meta_key()
    if n <= 160 and meta.search(s) and len(c.LEFTOVER.sub("", meta.sub("", s))) <= 4:
        return "file facts"
    if n <= 40 and not c.LEFTOVER.sub("", plain_alternation(c.phrases("line_phrases.txt")).sub("", s)):
        return "chrome words"
    if c.is_menu(s):
        return "menu"
    if c.SITE_NAME.match(s):
        return "site name"
    if n <= 60 and c.URL.search(s):
        return "url"
    if len(c.LEFTOVER.sub("", s)) <= 2 and not c.LIST_MARKER.match(s):
        return "fragment"
    return None


def plain_alternation(items):
    import re

    return re.compile("|".join(re.escape(p) for p in items))


def plain_meta_key():
    import re

    from pipeline.clean import chrome as c

    return re.compile(
        r"(?:" + "|".join(re.escape(k) for k in c.phrases("meta_keys.txt")) + r")\s?[:：]\s?[^\s:：]{0,30}"
        r"|(?:时间|日期)\s?[:：]\s?(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s?\d{1,2}:\d{2}(?::\d{2})?)?"
    )


def test_line_reason_equals_the_plain_checks():
    from pipeline.clean import chrome

    hits = chrome.strong_hits_per_line(LINES)
    for s, h in zip(LINES, hits):
        assert h == chrome.strong_hits(s), s
        assert chrome.line_reason(s) == chrome.line_reason(s, h) == plain_line_reason(s), s


def test_trie_patterns_match_as_the_alternations():
    import re

    from pipeline.clean import chrome, repair

    for name in ("line_phrases.txt", "strong_phrases.txt", "doc_keywords.txt", "meta_keys.txt"):
        items = chrome.phrases(name)
        trie, alternation = chrome.phrase_pattern(items), plain_alternation(items)
        for s in LINES + items:
            assert trie.findall(s) == alternation.findall(s), s
            assert trie.sub("", s) == alternation.sub("", s), s
    meta = plain_meta_key()
    link_title = re.compile(repair.LINK_TITLE.pattern.replace(
        "(?:" + chrome.trie_pattern(repair.DOC_WORDS) + ")", "(?:" + "|".join(map(re.escape, repair.DOC_WORDS)) + ")"))
    assert link_title.pattern != repair.LINK_TITLE.pattern
    extra = ["(县科协工作总结范文)", "【科普工作计划精选】", "(工作总结3篇)", "[个人总结]"]
    for s in LINES + [x + s for x in extra for s in LINES[:50]]:
        assert chrome.META_KEY.sub("", s) == meta.sub("", s), s
        assert [m.span() for m in repair.LINK_TITLE.finditer(s)] == [m.span() for m in link_title.finditer(s)], s


def test_report_headings_match_as_with_the_alternation():
    import re

    from pipeline.clean import chrome, repair, split

    trie = "(?:" + chrome.trie_pattern(repair.DOC_WORDS) + ")"
    plain = [re.compile(p.pattern.replace(trie, "(?:" + "|".join(map(re.escape, repair.DOC_WORDS)) + ")"))
             for p in split.HEADING_FORMS]
    assert plain[1].pattern != split.HEADING_FORMS[1].pattern
    made = [f"{stem}{w}{n}" for stem in ("县科协科普", "2020科技活动周", "个人") for w in repair.DOC_WORDS
            for n in ("一", "(二)", "3", "篇四", "")]
    for s in [x for x in LINES if len(x) <= 50] + made:
        for fast, slow in zip(split.HEADING_FORMS, plain):
            a, b = fast.match(s), slow.match(s)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), s


def test_cheap_guards_never_reject_a_match():
    from pipeline.clean import chrome, repair, text

    for s in LINES:
        assert chrome.may_be_pager(s) or not chrome.PAGER.search(s), s
        assert chrome.is_pager(s) == bool(
            chrome.PAGER.search(s) and len(chrome.LEFTOVER.sub("", chrome.PAGER.sub("", s))) <= 2), s
        assert repair.may_be_link_title(s) or not repair.LINK_TITLE.search(s), s
        assert "://" in s or chrome.MAY_BE_URL.search(s) or not chrome.URL.search(s), s
        assert "." in s[-7:] or not chrome.DOC_FILE.search(s), s
        assert chrome.may_be_meta(s) or not chrome.META_KEY.search(s), s
        for items, longer, outside in ((chrome.NOTICE, chrome.NOTICE_LONGER, chrome.NOTICE_OUTSIDE),
                                       (chrome.TRAILER, chrome.TRAILER_LONGER, chrome.TRAILER_OUTSIDE)):
            assert chrome.bare_in(s, items, longer, outside) == (chrome.LEFTOVER.sub("", s) in items), s
        phrases_removed = chrome.LINE_PHRASES.sub("", s)
        assert not chrome.LINE_PHRASES_OUTSIDE.search(s) or chrome.LEFTOVER.sub("", phrases_removed), s
        assert text.ends_sentence(s) == plain_ends_sentence(s), s


def plain_ends_sentence(s: str) -> bool:
    from pipeline.clean.text import CLOSERS, TERMINAL

    s = s.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in TERMINAL


def test_normal_spacing_equals_the_two_substitutions():
    from pipeline.clean import text

    rng = random.Random(5)
    odd = [c for c in map(chr, range(0x3001)) if c.isspace()] + list("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff`´\u3000")
    pieces = odd + [" ", "  ", "科", "协", "a", "1", "\n", "𠀀", "\ud800"]
    texts = LINES[:200] + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))) for _ in range(300)]
    for s in texts:
        assert text.normal_spacing(s) == text.SPACES.sub(" ", text.INVISIBLE.sub("", s)), repr(s)


def test_line_remembers_what_the_functions_say():
    from pipeline.clean.text import Line, ends_sentence, is_body, is_heading

    for s in LINES:
        line = Line(s, s)
        for _ in range(2):
            assert (line.body, line.ends, line.heading) == (is_body(s), ends_sentence(s), is_heading(s))


def plain_is_injected(paras, i) -> bool:
    """is_injected as first written: the other paragraphs looked at again for each one."""
    from pipeline.clean.repair import SELF_REF, SUMMARY_OPENERS
    from pipeline.clean.text import has_cjk

    s = paras[i].s
    if not s.startswith(SUMMARY_OPENERS) or len(s) > 300:
        return False
    later = [p for p in paras[i + 1:] if has_cjk(p.s, 10)]
    earlier = [p for p in paras[:i] if has_cjk(p.s, 10)]
    if len(later) < 2 or not earlier:
        return False
    own = set(SELF_REF.findall(s))
    rest = set().union(*(SELF_REF.findall(p.s) for k, p in enumerate(paras) if k != i))
    return bool(own) and bool(rest) and not own & rest


def test_injected_paragraphs_as_the_plain_test():
    from pipeline.clean import repair
    from pipeline.clean.text import Line

    rng = random.Random(9)
    openers = list(repair.SUMMARY_OPENERS)
    own = ["我县科协开展科普活动36场,受益群众1.2万人次,效果良好。", "本县积极组织学习。", "科普",
           "我县与本社区联合举办讲座,发放资料3000份,群众反响热烈。"]
    other = ["我院在安全生产中做了大量工作,取得了一定成绩,受到上级表扬。", "我院我县联合开展活动。"]
    dropped = 0
    for _ in range(300):
        texts = [(rng.choice(openers) if rng.random() < 0.2 else "") + "".join(
            rng.choice(own) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(0, 8))]
        for _ in range(rng.choice([0, 1, 1, 2])):  # paragraphs from another document
            texts.insert(rng.randint(0, len(texts)), rng.choice(openers) + rng.choice(other))
        paras = [Line(text, text) for text in texts]
        expected = [p for i, p in enumerate(paras) if not plain_is_injected(paras, i)]
        assert repair.drop_injected(paras) == expected
        dropped += len(paras) - len(expected)
        assert [repair.is_injected(paras, i) for i in range(len(paras))] == [
            plain_is_injected(paras, i) for i in range(len(paras))]
    assert dropped >= 20, dropped  # the cases do exercise the rule


def test_fixed_values_are_what_choose_gives_in_any_context():
    rules = script.context_rules()
    context = [w for r in rules.values() for _, _, words in r for w in words] + list(SAMPLE)
    rng = random.Random(9)
    for kind in ("tw", "hk"):
        table = script.phrase_table(kind)
        assert table.fixed  # most keys need no context
        for key, value in table.fixed.items():
            for _ in range(3):
                left = "".join(rng.choice(context) for _ in range(rng.randint(0, 2)))
                right = "".join(rng.choice(context) for _ in range(rng.randint(0, 2)))
                text = left + key + right
                assert plain_choose(table, key, text, len(left), len(left) + len(key)) == value


def test_spin_repair_without_a_marker_form_changes_nothing_as_the_full_path(monkeypatch):
    import re

    spun = list(script.spun_table()[0])
    rng = random.Random(4)
    samples = texts() + ["".join(rng.choice(spun + list(SAMPLE) + ["〞", "“"]) for _ in range(rng.randint(0, 200)))
                         for _ in range(80)]
    quick = [(script.repair_spinning(t, fixes := Counter()), fixes) for t in samples]
    monkeypatch.setattr(script, "spun_marker_regex", lambda: re.compile(""))  # always "found": the full path
    full = [(script.repair_spinning(t, fixes := Counter()), fixes) for t in samples]
    assert quick == full


def test_guards_before_line_tests_never_reject_a_match():
    """The character tests line_reason, wrap_width and injected ask before a costlier one."""
    from pipeline.clean import chrome, repair, text

    made_up = ["网", "科普网\n", "科普之家", "a.cn", "http://x", "时间 ：2021-5-4", "１/3", "\u30001 2 3", "总之,我院"]
    for s in LINES + made_up:
        assert "页" in s or s[:1].isdecimal() or s[:1].isspace() or not chrome.is_pager(s), s
        assert ":" in s or "：" in s or not chrome.META_KEY.search(s), s
        assert "://" in s or "." in s or not chrome.URL.search(s), s
        assert s[-1:] in chrome.SITE_NAME_LAST or not chrome.SITE_NAME.match(s), s
        assert s[-1:] not in text.TERMINAL or text.ends_sentence(s), s
        assert s[:1] in repair.OPENER_FIRST or not s.startswith(repair.SUMMARY_OPENERS), s


def plain_pack(rows):
    """pack as first written: every column by dict.get over the rows."""
    from pipeline.rows import COLUMNS, LONG_TEXT

    packed = {}
    for name, cols in COLUMNS.items():
        columns = {c: [r.get(c) for r in rows[name]] for c in cols}
        for c in LONG_TEXT.get(name, ()):
            columns[c] = [v if v is None else v.encode() for v in columns[c]]
        packed[name] = columns
    return packed


def test_pack_by_rows_equals_column_by_column():
    from pipeline.model import PageResult
    from pipeline.process import process_text
    from pipeline.rows import COLUMNS, iso_to_date, pack, page_rows

    page = ("2021年5月17日，县科协举办科普讲座3场，发放资料500余份。5月至6月开展“科技周”活动，"
            "受益群众1.2万人次。\n二、2022年3月，组织培训班2期，参训120人。")
    results = [process_text(page), process_text(S2T(page)), process_text(""), PageResult(page="x", error="bad")]
    for result in results:
        rows = page_rows(result)
        assert pack(rows) == plain_pack(rows)
    rows = page_rows(results[0])
    assert rows["counts"] and rows["dates"] and rows["activities"]
    rows["counts"][0].pop("unit")  # a row without some column: None there, as dict.get gives
    rows["dates"] = rows["dates"][:1] + [dict(reversed(list(rows["dates"][0].items())))]  # keys in another order
    rows["activities"] = []
    assert pack(rows) == plain_pack(rows)
    assert pack(rows)["counts"]["unit"][0] is None and set(pack(rows)["activities"]) == set(COLUMNS["activities"])
    for iso in ("2021-05-17", "2021-02", "2021-02-30", "XXXX-05-01", None, "", "2020-02"):
        for last in (False, True):
            assert iso_to_date(iso, last) == iso_to_date.__wrapped__(iso, last) == iso_to_date(iso, last=last)


def plain_heading(line, index):
    """split.heading without its character guard: every form tried on every short line."""
    from pipeline.clean import split

    s = line.s.strip()
    if len(s) > 50 or split.HEADING_PUNCT.search(s.rstrip(":：")):
        return None
    for form, pattern in enumerate(split.HEADING_FORMS):
        m = pattern.match(s)
        if m:
            return split.Heading(index, form, m.group("kind"), m.group("stem").strip(), split.number(m.group("num")),
                                 line.text.strip())
    return None


def test_inner_paragraph_and_heading_guards_never_reject_a_match():
    from pipeline.clean import repair, split
    from pipeline.clean.text import Line

    made = [f"{stem}{w}{n}" for stem in ("县科协科普", "2020科技活动周", "【", "第") for w in repair.DOC_WORDS[:6] + ["篇", "范文"]
            for n in ("一", "(二)", "3", "篇四", "", "１２", "十")]
    made += ["【篇一】科普", "篇二:总结", "第三篇 计划", "范文1:工作总结", "(精选范文2)", "例文 十"]
    inner = ["工作。 一、坚持", "工作。  (二)读书", "发展 1、积极", "发展 ١、积极", "工作。\t一、坚持", "工作。\u3000①", "a b c",
             "工作。 3.5万人", "工作。 （三）", "工作。\x0b一、坚持"]
    for s in LINES + made + inner:
        pattern = repair.inner_para_pattern(s)
        assert [m.span() for m in (pattern.finditer(s) if pattern else ())] == [
            m.span() for m in repair.INNER_PARA.finditer(s)], s
        line = Line(s, s)
        assert split.heading(line, 3) == plain_heading(line, 3), s
    assert sum(plain_heading(Line(s, s), 0) is not None for s in made) > 50


def test_literal_first_patterns_find_what_the_plain_ones_find():
    """SPACE_INNER_PARA on printable lines, the two SELF_REF parts and SPACE_RUN find the same."""
    import re

    from pipeline.clean import repair, text

    rng = random.Random(3)
    pieces = ["工作。", " ", "  ", "一、", "(二)", "（三）", "1、", "2.", "3.5", "①", "我县", "本院", "我本院", "本我县",
              "\t", "\u3000", "\x0b", "发展", "我", "本"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    for s in LINES + made:
        pattern = repair.inner_para_pattern(s)
        found = [m.span() for m in repair.INNER_PARA.finditer(s)]
        assert (pattern is None and not found) or [m.span() for m in pattern.finditer(s)] == found, repr(s)
        assert repair.self_refs(s) == Counter(repair.SELF_REF.findall(s)), s
        assert text.SPACE_RUN.sub(" ", s) == re.sub(" {2,}", " ", s), repr(s)
    assert sum(repair.inner_para_pattern(s) is repair.SPACE_INNER_PARA for s in made) > 20  # the fast path is taken


def plain_split_inner(lines):
    """split_inner_paragraphs as first written: INNER_PARA on every line."""
    from pipeline.clean import repair
    from pipeline.clean.text import Line, is_heading

    out = []
    for line in lines:
        pos = 0
        for m in repair.INNER_PARA.finditer(line.s):
            before = line.s[pos:m.start()]
            if before and (before[-1] in "。！？!?" or is_heading(before) and len(before) <= 40):
                out.append(Line(line.text[pos:m.start()], before))
                pos = m.end()
        out.append(Line(line.text[pos:], line.s[pos:]) if pos else line)
    return [line for line in out if line.text.strip()]


def test_split_inner_paragraphs_and_bare_guard_as_the_plain_ones():
    from pipeline.clean import chrome, repair
    from pipeline.clean.text import Line

    rng = random.Random(6)
    pieces = ["工作。", " ", "  ", "一、坚持", "(二)读书", "1、积极", "2.组织", "发展", "\t", "\u3000", "\x0b", "①"]
    pages = [[Line(t, t) for t in ("".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
                                   for _ in range(rng.randint(0, 6)))] for _ in range(300)]
    pages += [[Line(s, s) for s in LINES[i:i + 40]] for i in range(0, len(LINES), 40)]
    for lines in pages:
        assert [(x.text, x.s) for x in repair.split_inner_paragraphs(lines)] == [
            (x.text, x.s) for x in plain_split_inner(lines)]
    for s in LINES + list(chrome.NOTICE) + list(chrome.TRAILER) + ["温馨提示：", "相关 文档"]:
        if chrome.NOTICE_TRAILER_OUTSIDE.search(s):
            assert not chrome.bare_in(s, chrome.NOTICE, chrome.NOTICE_LONGER, chrome.NOTICE_OUTSIDE), s
            assert not chrome.bare_in(s, chrome.TRAILER, chrome.TRAILER_LONGER, chrome.TRAILER_OUTSIDE), s


def test_line_views_are_the_simplified_line():
    """clean_page takes a title's simplified view from the line it was read from."""
    from pipeline.clean import text

    page = "\n".join(LINES[:300] + [S2T(s) for s in LINES[:100]] + ["乾隆年間的著作", "這裡著重說明", "  後來發現了頭髮 "])
    for line in text.to_lines(page):
        assert line.s == text.simplified(line.text), line.text
