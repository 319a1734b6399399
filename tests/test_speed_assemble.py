"""The faster paths of the assemble stage give exactly what the plain ones give.

Each test runs a fast path and the plain code it stands for (the pattern it replaces, or
the loop the code used to run) over varied text written here in the style of the reports,
with every kind of quote mark, whitespace and list marker. No timing here: see
bench/stages.py and bench/equiv_assemble.py.
"""
from __future__ import annotations

import random
from bisect import bisect_right

import regex

from pipeline import assemble as asm
from pipeline.extract.events import find_events
from pipeline.model import CountMention, EventMention

PIECES = [
    "县科协", "xx市科协", "市教育局", "由", "在", "共同", "联合", "举办", "开展", "组织", "主办", "承办", "了", "、", "和",
    "，", ",", "。", "；", "：", "！", "？", "\n", " ", "\u3000", "\x1c", "\x85", "“", "”", '"', "全国科普日", "科普日",
    "第二十六届", "科普周", "活动", "等", "截至", "截止", "以", "为契机", "为目标", "暨", "二、", "（一）", "1.", "2、",
    "(3)", "①", "\U00011f50、", "5月17日", "3000人", "实验小学", "广场", "启动仪式", "讲座", "青少年科技创新大赛",
    "全国", "湖南省", "某某", "县", "区", "镇", "街道", "中国", "团", "委员会", "部", "一二三",
]


def texts(n: int = 150, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = ["", "。", "，a", "“a,b”，c", "a。\n\nb", "二、活动\n1.讲座。2、培训。"]
    out += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 150))) for _ in range(n)]
    return out


SENTENCE_PLAIN = regex.compile(r"[^\s。!！?？][^。!！?？\n]*[。!！?？]?")


def test_whitespace_class_is_the_regex_modules():
    every = "".join(map(chr, range(0x110000)))
    ws = regex.compile(rf"[{asm.WS}]")  # the class as the standard engine reads it
    assert asm.stdre.findall(rf"[{asm.WS}]", every) == regex.findall(r"\s", every)
    assert ws.findall(every) == regex.findall(r"\s", every)


def test_sentences_as_the_regex_pattern():
    for text in texts():
        assert [m.span() for m in asm.SENTENCE.finditer(text)] == [m.span() for m in SENTENCE_PLAIN.finditer(text)]


def test_quoted_as_the_one_pattern():
    for text in texts() + ['“a”"b"', '"a"', "“a”"]:
        assert asm._quoted(text) == [m.span() for m in asm.QUOTED.finditer(text)]


def test_marker_candidates_take_every_marker():
    # wherever HEADING or BLOCK_START matches, the standard-engine candidates do, for every
    # digit and every whitespace character of the regex module
    every = "".join(map(chr, range(0x110000)))
    digits, spaces = regex.findall(r"\d", every), regex.findall(r"\s", every)
    markers = ["一、", "十二、", "(三)", "（四）", "①", "⑩"]
    markers += [f(d) for d in digits for f in (lambda d: d + "、", lambda d: d + d + ".", lambda d: "(" + d + ")")]
    for marker in markers:
        for space in ["", " ", "\u3000", *spaces]:
            line = space + marker + "活动"
            if asm.HEADING.match(line) and "\n" not in space:
                assert asm.HEADING_CANDIDATE.match(line), repr(line)
                assert asm.LATER_HEADING_CANDIDATE.match("\n" + line), repr(line)
            text = "。" + line
            if asm.BLOCK_START.match(text):
                assert asm.BLOCK_CANDIDATE.match(text), repr(text)


def test_layout_headings_and_blocks_as_the_plain_loop():
    for text in texts():
        headings, starts = [], {0}
        for m in regex.finditer(r"[^\n]+", text):  # every line tried
            starts.add(m.start())
            line = m.group(0)
            hm = asm.HEADING.match(line)
            if hm and len(line.strip()) <= 60 and len(SENTENCE_PLAIN.findall(line.strip().rstrip("。"))) <= 1:
                headings.append((m.start(), m.end(), asm._level(hm.group(0).strip())))
        for m in asm.BLOCK_START.finditer(text):
            starts.add(m.start(1))
        lay = asm._Layout(text)
        assert lay.headings == headings
        assert lay.blocks == sorted(starts)


def test_organizer_as_the_search():
    for text in texts() + ["由县科协和县教育局联合举办", "\x1c县科协举办", " 市教育局主办", "中国科协主办，团县委承办"]:
        a, b = asm.ORGANIZER.search(text), asm._organizer(text)
        assert (a and (a.span(), a.group("org"), a.group("how"))) == (b and (b.span(), b.group("org"), b.group("how")))


def test_joint_before_as_the_pattern():
    for text in texts():
        for s in range(len(text) + 1):
            assert asm._after_joint(text, s) == bool(asm.JOINT_BEFORE.search(text[max(0, s - 4):s]))


def _events(text: str) -> list[EventMention]:
    return sorted(find_events(text), key=lambda e: e.span_start)


def _sentence_topics_plain(linker) -> list[int | None]:
    """The loop the linker used to run over every sentence."""
    lay = linker.layout
    topics: list[int | None] = []
    age, prev_block = 0, None
    for si, (s, _) in enumerate(lay.sents):
        block = lay.block_of(s)
        groups = linker.sent_groups.get(si, set())
        if len(groups) == 1:
            topic, age = next(iter(groups)), 0
        elif groups:
            topic = None
        else:
            age += 1
            carry = topics and block == prev_block and age <= asm.MAX_CARRY
            topic = topics[-1] if carry else None
        topics.append(topic)
        prev_block = block
    return topics


def _report_texts() -> list[str]:
    rng = random.Random(5)
    parts = [
        "县科协开展“全国科普日”活动", "5月17日，第二十六届科普周开幕", "发放资料3000份", "活动累计服务群众2万人次",
        "二、科技活动周丰富多彩", "1.组织讲座", "以科普日为契机", "截至5月，共举办讲座30场", "青少年科技创新大赛、科技节等活动",
        "本次活动", "全国科普日暨县第二十六届科普宣传周", "\n", "。", "，", "；",
        "\u3000截至", " \n截止", "“一，截至”", "\n\n 截至",  # whitespace, newlines and quotes before the word
    ]
    return ["".join(rng.choice(parts) for _ in range(rng.randint(1, 40))) for _ in range(80)]


def test_sentence_topics_and_cumulative_clauses_as_the_plain_ones():
    for text in _report_texts() + texts(60):
        events = _events(text)
        groups = asm.merge_events(events)
        counts = [CountMention(text[i:i + 1], i, i + 1, 1.0, None, None) for i in range(0, len(text), 9)]
        linker = asm._Linker(text, events, groups, counts)
        plain = _sentence_topics_plain(linker)
        assert [linker.sentence_topic(si) for si in range(len(plain))] == plain
        cumulative = {ci for ci, (s, e) in enumerate(asm._clauses(text)) if regex.match(r"^\s*(?:截至|截止)", text[s:e])}
        assert linker.cumulative == cumulative


def test_indexes_of_as_a_clamped_bisect():
    rng = random.Random(2)
    for _ in range(200):
        starts = sorted(rng.sample(range(50), rng.randint(1, 10)))
        positions = sorted(rng.randint(0, 60) for _ in range(rng.randint(0, 10)))
        assert asm._indexes_of(starts, positions) == [max(bisect_right(starts, p) - 1, 0) for p in positions]


def _canonical_plain(events, group, text):
    names = [events[i].name for i in group]
    parsed = {n: asm._parse(n) for n in names}
    counts = {n: names.count(n) for n in names}
    cores = [parsed[n].core for n in names]
    joint = {events[i].name for i in group
             if asm.JOINT_BEFORE.search(text[max(0, events[i].span_start - 4):events[i].span_start])}
    flats = {n: asm.YEAR_LEAD.sub("", asm.PUNCT.sub("", n)) for n in names}
    unplaced = [flats[n] for n in names if not parsed[n].placed]

    def score(n):
        p, f = parsed[n], flats[n]
        bare = any(c != p.core and c.endswith(p.core) for c in cores) or any(o != f and o.endswith(f) for o in unplaced)
        return (p.ordinal is not None, not bare and not p.placed, n not in joint, counts[n], len(n))

    return max(dict.fromkeys(names), key=score)


def test_canonical_name_as_the_plain_choice():
    rng = random.Random(9)
    names = ["科普日", "全国科普日", "2021年全国科普日", "第二十六届科普周", "科普宣传周", "县第二十六届科普宣传周",
             "湖南省科技活动周", "科技活动周", "“低碳”", "低碳校园行"]
    for _ in range(300):
        text = "".join(rng.choice(["暨", "县", "，", "科普", "活动"]) for _ in range(60))
        events = [EventMention(rng.choice(names), i * 5, i * 5 + 3) for i in range(rng.randint(1, 8))]
        group = sorted(rng.sample(range(len(events)), rng.randint(1, len(events))))
        assert asm.canonical_name(events, group, text) == _canonical_plain(events, group, text)


def test_clause_starts_are_those_of_the_clauses():
    for text in texts() + ["", "，", "，，a", "a，", "“a,b”，c", "“a，，b”", "x“a，b”和“c；d”y。", "\"a,b\"c"]:
        assert asm._clause_starts(text) == [s for s, _ in asm._clauses(text)]


def test_block_candidates_take_every_block_start():
    for text in texts() + ["总结。 二、活动。（一）开展。1.讲座。①一", "。\U00011f50、a", "。\x1c1、b"]:
        fast = asm._Layout(text).blocks
        starts = {0} | {m.start() for m in regex.finditer(r"[^\n]+", text)}
        starts |= {m.start(1) for m in asm.BLOCK_START.finditer(text)}
        assert fast == sorted(starts)


def test_merge_events_as_the_plain_loop():
    rng = random.Random(4)
    names = ["科普日", "全国科普日", "2021年全国科普日", "第二十六届科普周", "科普宣传周", "第八届科普周", "低碳",
             "低碳校园行", "讲、比", "讲理想、比贡献", "科技活动周"]
    for _ in range(300):
        events = [EventMention(rng.choice(names), i * 5, i * 5 + 3) for i in range(rng.randint(0, 12))]
        parsed = [asm._parse(e.name) for e in events]
        order = sorted(range(len(events)), key=lambda i: (-(parsed[i].ordinal is not None), -len(parsed[i].core), i))
        groups: list[list[int]] = []
        for i in order:  # every group tried for every mention, as the plain loop did
            for g in groups:
                if asm.same_event(parsed[g[0]], parsed[i]):
                    g.append(i)
                    break
            else:
                groups.append([i])
        for g in groups:
            g.sort()
        groups.sort(key=lambda g: events[g[0]].span_start)
        assert asm.merge_events(events) == groups


def test_block_candidates_are_the_patterns_matches():
    for text in texts() + ["a！1.b", "a?（一）b", "a。②b!二、c", "a!\n\u30003、b？(4)c"]:
        expected = [m.start() for m in asm.BLOCK_CANDIDATE.finditer(text)]
        assert sorted(asm._block_candidates(text)) == expected, repr(text)


def _where_who_plain(text, spans):
    loc = org = None
    for s, e in spans:
        piece = text[s:e]
        if loc is None and "在" in piece:
            m = asm.LOCATION.search(piece)
            if m:
                loc = m.group("loc")
                more = asm.LOCATION_MORE.match(piece, m.end())
                if more:
                    loc += more.group(0)
        if org is None:
            m = asm._organizer(piece)
            if m:
                o = asm.ORG_LEAD.sub("", m.group("org"))
                if len(o) >= 2:
                    org = o + (m.group("how") or "")
        if loc and org:
            break
    return loc, org


def test_where_who_with_shared_places_is_the_plain_reading():
    rng = random.Random(5)
    for text in texts():
        places = asm._Places(text)  # shared by every call on the text, as in assemble
        cuts = sorted({0, len(text), *(rng.randrange(len(text) + 1) for _ in range(6))})
        pieces = list(zip(cuts, cuts[1:]))
        for _ in range(8):
            spans = rng.sample(pieces, min(len(pieces), rng.randint(1, 3)))
            assert asm._where_who(text, spans, places) == _where_who_plain(text, spans), repr(text)
            assert asm._where_who(text, spans) == _where_who_plain(text, spans)
