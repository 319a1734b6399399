"""The faster paths of the dates and counts stages give exactly what the plain ones give.

The plain versions below are the code as it was before the speed pass (a pattern tried over
the whole text, loops over characters, one regex search per check), kept here as the
reference. No timing here: see bench/stages.py and bench/equiv_extract.py.
"""
from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from pipeline.extract import counts as C
from pipeline.extract import dates as D
from pipeline.extract.dates import find_dates

ROOT = Path(__file__).resolve().parent.parent


def _page_texts() -> list[str]:
    """The raw text of the sample pages: real report text (with markup, which does no harm)."""
    paths = sorted((ROOT / "data" / "raw").glob("*")) + sorted((ROOT / "tests" / "pages").glob("*"))
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths if p.is_file()]


def _random_texts(pieces: list[str], n: int, seed: int, longest: int = 300) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(n)]


# ---------------------------------------------------------------- dates

DATE_PIECES = (
    list("0123456789〇零○ＯO一二三四五六七八九十元两几半年月日号份旬初底末xX×＿_*至到-~—/.．、和及 \n\u3000〔【第每为期")
    + list(D.REL_YEARS) + ["2021", "20", "19", "二〇二一", "xx年", "20xx", "十二月", "12月", " 年", "上旬", "农历",
                           "开展", "活动", "月份", "年度", "以来", "青少年", "多年", "近年", "ISO9001:2015"]
)


def _date_texts() -> list[str]:
    texts = _random_texts(DATE_PIECES, 300, seed=7) + _random_texts(list("0129年月xX 今本一二十\n"), 200, seed=8)
    return texts + _page_texts() + ["", "年", "月", "2021", "今年", "x年", "xxxx 年十二 月", "二〇二一 年 9 月",
                                    "xx年元月", "××××年 元月", "二〇二一年元月", "①2021年5月", "²2021年", "٣2021年"]


@pytest.mark.parametrize("which", [0, 1])
def test_date_patterns_tried_at_start_positions_find_what_finditer_finds(which):
    pattern = (D._ATOM, D._YEAR)[which]
    for text in _date_texts():
        text = D._half_width(text)
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in D._matches(pattern, text, D._starts(text)[which])] == expected, text


def test_start_positions_cover_every_match_start():
    for text in _date_texts():
        for pattern, starts in zip((D._ATOM, D._YEAR), map(set, D._starts(text))):
            for s in range(len(text)):  # every position, not only after the previous match
                if pattern.match(text, s):
                    assert s in starts, (text, s)


def test_start_positions_found_by_chunks_are_those_of_the_whole_text():
    for text in _date_texts():
        text = D._half_width(text)
        whole = D._starts(text)
        for chunk in (1, 5, 37):
            for which in (0, 1):
                by_chunks = [q for lo in range(0, len(text), chunk) for q in D._starts(text, lo, lo + chunk)[which]]
                assert by_chunks == whole[which]
            expected = [(m.span(), m.groupdict()) for m in D._YEAR.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in D._years_by_chunks(text, chunk)] == expected


def test_year_statements_with_and_without_start_positions_agree():
    for text in _date_texts():
        text = D._half_width(text)
        assert list(D._year_statements(text, D._starts(text)[1])) == list(D._year_statements(text))


def test_half_width_check_sees_every_full_width_digit():
    for d in "０１２３４５６７８９":
        text = f"今年5月1{d}日"
        assert D._half_width(text) == text.translate(D._HALF_WIDTH) != text


def _is_period_year_plain(text: str, s: int, e: int) -> bool:
    return bool(D._PERIOD_AFTER.match(text, e)) or bool(D._PERIOD_BEFORE.search(text, max(0, s - 12), s))


def test_period_year_check_is_the_plain_one():
    texts = _date_texts() + ["2015年至2020年", "2015 - 2020", "2015-  2020年", "xx年——2016年", "2015至   2020",
                             "从2015年度至 2020", "2015～\n2020"]
    for text in texts:
        for s in range(len(text) + 1):
            for e in (s, min(len(text), s + 4)):
                assert D._is_period_year(text, s, e) == _is_period_year_plain(text, s, e), (text, s)


def _atom_plain(m, text):
    g = m.groupdict()
    s, e = m.span()
    if g["cy"]:
        md = D._split_month_day(g["cmd"])
        return D._Atom(s, e, md[0], md[1], int(g["cy"])) if md else None
    if g["ay"]:
        day = D._number(g["ad"]) if g["ad"] else None
        if day is not None and g["ads"] == "号" and D._next_is_count(text, e):
            day, e = None, m.start("ad")
        return D._Atom(s, e, int(g["am"]), day, int(g["ay"])) if D._valid(int(g["am"]), day) else None
    if g["m"]:
        year, rel = D._year_of(m)
        month = D._number(g["m"])
        day = D._number(g["d"]) if g["d"] else None
        if day is not None and g["ds"] == "号" and D._next_is_count(text, e):
            day, e = None, m.start("d")
        return D._Atom(s, e, month, day, year, rel) if D._valid(month, day) else None
    if g["sy"]:
        return None if D._next_is_count(text, e) else D._Atom(s, e, int(g["sm"]), None, int(g["sy"]))
    if g["em"]:
        if D._next_is_count(text, e) or not "\u4e00" <= text[e] <= "\u9fff":
            return None
        year = int(g["ey"]) if g["ey"] else None
        return D._Atom(s, e, int(g["em"]), None, year, g["er"])
    if g["iy"]:
        if g["isep"] in ".．" and not g["id"]:
            return None
        day = int(g["id"]) if g["id"] else None
        return D._Atom(s, e, int(g["im"]), day, int(g["iy"])) if D._valid(int(g["im"]), day) else None
    return None


def test_atoms_are_read_as_the_plain_reading():
    texts = _date_texts() + ["2021927日", "20214月", "2021年5月1号楼", "202111被命名", "今年4制定", "2021.5", "2021.9.27"]
    for text in texts:
        text = D._half_width(text)
        for m in D._ATOM.finditer(text):
            assert D._atom(m, text) == _atom_plain(m, text), text


# ---------------------------------------------------------------- counts: plain references


def _number_plain(s: str) -> Decimal | None:
    if s[0] in C.CN_CHARS:
        v = C._cn_value(s)
        return None if v is None else Decimal(v)
    s = s.translate(C.FULL_WIDTH).replace(",", "")
    digits = s.split(".")[0]
    if len(digits) > 9 or (len(digits) > 1 and digits[0] == "0"):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _unit_rejected_plain(text: str, unit: str, unit_end: int, num_start: int) -> bool:
    unit_start = unit_end - len(unit)
    if any(text.startswith(word, unit_start) for word in C.BLOCKERS.get(unit, ())):
        return True
    if unit == "篇" and text.endswith(C.DOC_KINDS, 0, num_start):
        return True
    after = text[unit_end:unit_end + 4].lstrip("多余半")
    if unit.endswith("个") and after.startswith(C.TIME_AFTER):
        return True
    return unit in C.GENERAL_CLASSIFIERS and after.startswith(C.RHETORICAL)


def _context_rejected_plain(text: str, start: int, num_start: int) -> bool:
    before = text[max(0, start - 4):start]
    if C.NON_COUNT_BEFORE.search(before):
        return True
    if num_start > 0 and text[num_start - 1].isascii() and text[num_start - 1].isalpha():
        return True
    if C.RANGE_BEFORE.search(text, max(0, start - 3), start) or C.CHROME_BEFORE.search(text, max(0, start - 7), start):
        return True
    digits = C.LEADING_DIGITS.match(text, num_start).end() - num_start
    return digits >= 5 and bool(C.ID_BEFORE.search(text, max(0, num_start - 8), num_start))


def _read_plain(text: str, m: re.Match, pre: str | None) -> dict | None:
    num = m.group("num") or m.group("pct")
    base = _number_plain(num)
    if base is None:
        return None
    unit_form = m.group("unit")
    if m.group("pct"):
        if unit_form:
            return None
        unit = "%"
    elif unit_form:
        unit = C.UNITS[unit_form]
    else:
        unit = None
    mid = m.group("mid") or m.group("mid2")
    is_cn = num[0] in C.CN_CHARS
    big = m.group("mult") or (is_cn and any(c in "万亿" for c in num))
    approx = C.PRE_QUAL.get(pre) if pre else None
    if unit is None and not (approx and big):
        return None
    if is_cn and C._bare_multiplier(num) and not (mid or pre):
        return None
    if unit_form and _unit_rejected_plain(text, unit_form, m.end("unit"), m.start()):
        return None
    post = m.group("post")
    approx = approx or (C.POST_QUAL[post] if post else None) or ("more" if mid else None)
    value = base * C._multiplier(m.group("mult"))
    return {"value": float(value), "unit": unit, "approx": approx,
            "weak_one": is_cn and num == "一" and not m.group("mult")}


def _is_list_marker_plain(text: str, m: re.Match) -> bool:
    num = m.group("num")
    if not num or "." not in num.translate(C.FULL_WIDTH) or m.group("mult"):
        return False
    start = m.start("num")
    return len(num.translate(C.FULL_WIDTH).split(".")[0]) <= 2 and (start == 0 or text[start - 1] in C.SENTENCE_START)


def _inside_plain(spans: list[tuple[int, int]], p: int) -> bool:
    return any(a <= p < b for a, b in spans)


def _candidates_plain(text: str, excluded: list[tuple[int, int]], quoted: list[tuple[int, int]]):
    last_end = 0
    for anchor in C.ANCHOR.finditer(text):
        num_start = anchor.start()
        if num_start < last_end:
            continue
        c = text[num_start - 1] if num_start else ""
        pm = C.PRE_BEFORE.search(text, max(0, num_start - 6), num_start) if c in C.PRE_LAST or c.isspace() else None
        pre = pm.group("pre") if pm else None
        if pre and pm.start() > 0 and text[pm.start() - 1] in C.QUAL_NOT_AFTER.get(pre, ""):
            pre = None
        m = (C.ANY_UNIT if pre else C.WITH_UNIT).match(text, num_start)
        if not m:
            continue
        last_end = m.end()
        if _is_list_marker_plain(text, m):
            dot = m.group("num").translate(C.FULL_WIDTH).index(".")
            m = C.AFTER_MARKER.match(text, num_start + dot + 1)
            if not m:
                continue
            last_end, pre, num_start = m.end(), None, m.start()
        start = pm.start() if pre else num_start
        if _inside_plain(excluded, start) or _inside_plain(excluded, num_start) or _inside_plain(quoted, num_start):
            continue
        if _context_rejected_plain(text, start, m.start("num") if m.group("num") else num_start):
            continue
        reading = _read_plain(text, m, pre)
        if reading:
            yield start, m.end(), reading


def _noun_phrase_before_plain(tokens):
    out: list[str] = []
    i = len(tokens) - 1
    first = len(tokens)
    nouns = 0
    weak = False
    while i >= 0:
        w, p = tokens[i]
        if w in C.TRANSPARENT:
            i -= 1
            continue
        if w in C.CLOSE_BRACKETS:
            j = C._bracket_group(tokens, i, -1)
            if j is None or j == 0:
                break
            out[:0] = [t for t, _ in tokens[j:i + 1]]
            i = j - 1
            continue
        last = not out or all(t in C.TRANSPARENT for t in out)
        if _is_noun_plain(w, p) and nouns < 2:
            out.insert(0, w)
            nouns += 1
        elif last and p == "v" and C._verb_as_noun(tokens, i):
            out.insert(0, w)
            nouns += 1
            weak = True
        elif w in C.JOINERS and out and i > 0 and _is_noun_plain(*tokens[i - 1]):
            out.insert(0, w)
            nouns = 0
        elif p in C.MODIFIERS and out and nouns < 2:
            out.insert(0, w)
            nouns = 2
        elif p.startswith("v") and len(out) == 1 and out[0] in ("人数", "人次"):
            out.insert(0, w)
        else:
            break
        first = i
        i -= 1
    while out and out[0] in C.JOINERS:
        out.pop(0)
    phrase = "".join(out)
    if len(phrase) < 2 or C.SCOPE.match(phrase):
        return "", len(tokens), False
    return phrase, first, weak


def _is_noun_plain(word: str, pos: str) -> bool:
    return pos.startswith(C.NOUNISH) and not pos.startswith("nx")


def _noun_phrase_after_plain(tokens):
    out = []
    used = i = 0
    if tokens and tokens[0][0] == "的":
        used, i = 1, 1
        out.append(("的", "uj"))
    if i + 1 < len(tokens) and tokens[i][1] in ("a", "d", "b") and tokens[i + 1][0] == "的":
        used += len(tokens[i][0]) + 1
        i += 2
    while i < len(tokens):
        w, p = tokens[i]
        if w in C.OPEN_BRACKETS and out:
            j = C._bracket_group(tokens, i, 1)
            if j is None:
                break
            out += tokens[i:j + 1]
            used += sum(len(t) for t, _ in tokens[i:j + 1])
            i = j + 1
            continue
        nxt_noun = i + 1 < len(tokens) and _is_noun_plain(*tokens[i + 1])
        if w in C.TRANSPARENT or _is_noun_plain(w, p) or (p in C.MODIFIERS + ("t",) and nxt_noun) or (w in C.JOINERS and out and nxt_noun):
            out.append((w, p))
            used += len(w)
            i += 1
        else:
            break
    while out and (out[-1][0] in C.JOINERS or out[-1][1] in C.MODIFIERS or out[-1][0] in C.TRANSPARENT):
        used -= len(out.pop()[0])
    return "".join(w for w, _ in out), used


def _strip_neutral_plain(s: str):
    copula = False
    changed = True
    while changed and s:
        changed = False
        if s.endswith(C.NEUTRAL_ENDINGS):
            for q in C.NEUTRAL_QUAL:
                if s.endswith(q):
                    s, changed = s[: -len(q)], True
                    break
        if not changed and s.endswith(C.COPULAS):
            s, changed, copula = s[:-1], True, True
    return s, copula


def _clause_head_plain(s: str) -> str:
    for i, c in enumerate(s):
        if c in C.BREAK:
            return s[:i]
    return s


def _clean_plain(s: str) -> str | None:
    s = s.translate(C.DROP_TRANSPARENT).strip()
    return s or None


def _tag(s: str) -> list:
    return list(C._tagged(s))


def _sides_plain(text, start, end, prev_end, next_start) -> dict:
    back, copula = _strip_neutral_plain(C._clause_tail_plain(text[max(prev_end, start - 24):start]))
    title = None
    tm = C.TITLE_AT_END.search(back)
    if tm:
        title, back = tm.group(1), back[: tm.start()]
    b_tokens = _tag(back) if back else []
    b, first, weak = _noun_phrase_before_plain(b_tokens)
    if title and len(b_tokens) - first <= 1:
        b = ""
    fwd_raw = _clause_head_plain(text[end:min(next_start, end + 24)])
    f_tokens = _tag(fwd_raw) if fwd_raw else []
    f, used = _noun_phrase_after_plain(f_tokens)
    rest = text[end + used:end + used + 1]
    k = 0
    while k < len(f_tokens) and k < 3 and f_tokens[k][1].startswith(C.VERBISH):
        k += 1
    after_verb = _noun_phrase_after_plain(f_tokens[k:])[0] if 0 < k < len(f_tokens) else ""
    fwd_de = f.startswith("的")
    f = f[1:] if fwd_de else f
    return {
        "back": _clean_plain(b), "back_after_verb": bool(b) and C._after_verb(b_tokens, first), "copula": copula,
        "back_weak": weak, "fwd_de": fwd_de and bool(f),
        "title": title, "fwd": _clean_plain(f), "fwd_then_number": bool(f) and (end + used >= next_start or rest.isdigit()),
        "after_verb": _clean_plain(after_verb) if len(after_verb) >= 2 else None,
    }


def _choose_plain(side, unit, next_side):
    back, fwd = side["back"], side["fwd"]
    if fwd and side["fwd_then_number"] and next_side is not None and not next_side["fwd"]:
        fwd = None
    if unit == "%" and back:
        return back
    if fwd and side["fwd_de"]:
        return fwd
    if unit in C.PERSON_UNITS:
        people = [x for x in (fwd, None if side["copula"] else back) if C._is_person(x)]
        if people:
            return people[0]
    if back and side["back_after_verb"] and not side["copula"] and not (side["back_weak"] and fwd):
        return back
    for choice in (fwd, None if side["copula"] else back, back, side["title"], side["after_verb"]):
        if choice:
            return choice
    return None


def _objects_plain(text, spans):
    sides = []
    for i, (start, end, _) in enumerate(spans):
        prev_end = spans[i - 1][1] if i else 0
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        side = _sides_plain(text, start, end, prev_end, next_start)
        if not side["back"] and i and prev_end == start:
            side["back"], side["back_after_verb"] = sides[-1]["back"], sides[-1]["back_after_verb"]
        sides.append(side)
    return [_choose_plain(side, spans[i][2], sides[i + 1] if i + 1 < len(sides) else None) for i, side in enumerate(sides)]


# ---------------------------------------------------------------- counts: varied text

COUNT_PIECES = (
    ["3", "25", "300", "1200", "1,200", "12,345", "3.5", "0.8", "2.", "1.", "０３", "１２", "12345678", "07", "2021",
     "一", "两", "三十", "五百", "千", "万", "亿", "一千二百", "十", "二三十", "百分之", "百分之三十", "百分之12"]
    + list(C.UNITS) + list(C.PRE_QUAL) + list(C.POST_QUAL) + list(C.NEUTRAL_QUAL) + list(C.MID) + list(C.MULT)
    + ["第", "每", "这", "其他", "上", "下", "前", "数", "几", "应该", "此", "目前", "附近", "节约", "以上", "左右"]
    + [label + "：" for label in ("电话", "浏览", "上传人", "QQ")] + ["QQ", "A", "V", "-", "至", "~", "—", "到"]
    + list(C.DOC_KINDS[:4]) + list(C.TIME_AFTER[:4]) + list(C.RHETORICAL[:4]) + list(C.BLOCKERS.get("人", [])[:3])
    + ["“", "”", "《", "》", "「", "」", "(", ")", "（", "）", "\"", "，", "。", "；", "：", "\n", " ", "\u3000", "\t", "、"]
    + ["发放", "宣传资料", "参加", "培训", "群众", "的", "举办", "讲座", "科普", "活动", "志愿者", "全县", "各乡镇",
       "是", "有", "为", "共", "累计", "达", "受益", "人数", "学会", "协会", "价值", "生活用品", "新的", "设施", "青年"]
    + ["①", "²", "\U0001D7CE", "\U0001F102", "年", "月", "日"]  # digits str.isdigit knows, in and beyond the BMP
    + ["\U0001F600", "\U00020000"]  # characters beyond the BMP that are no digits
)


def _count_texts() -> list[str]:
    return _random_texts(COUNT_PIECES, 250, seed=11) + _page_texts() + [
        "", "3", "3人", "超千万", "近10万", "2.20个镇", "\n1.5人", "百分之三十", "5千米", "3千克", "约 3000人",
        "附近3个村", "电话：18904686070", "咨询电话300余次", "工作总结7篇", "3个月", "四个方面", "一个", "培训班一期；",
    ]


def _excluded(text: str) -> list[tuple[int, int]]:
    """Date spans, as the pipeline passes them, and a few arbitrary ones."""
    spans = [(d.span_start, d.span_end) for d in find_dates(text, 2021)]
    rng = random.Random(len(text))
    for _ in range(3):
        a = rng.randint(0, max(0, len(text) - 1))
        spans.append((a, a + rng.randint(0, 6)))
    return spans


def test_candidates_are_the_plain_loops():
    for text in _count_texts():
        excluded = _excluded(text)
        quoted = [(m.start() + 1, m.end() - 1) for m in C.QUOTED.finditer(text)]
        fast = list(C._candidates(text, C._Spans(excluded), C._quoted_spans(text)))
        assert fast == list(_candidates_plain(text, excluded, quoted)), text


def test_stop_scanner_stops_wherever_the_plain_loop_has_work():
    # Every run start where WITH_UNIT matches or a qualifier stands before is a stop.
    for text in _count_texts():
        stops, pos = set(), 0
        while True:
            m = C.SKIP_TO_WORK.match(text, pos)
            s = m.start("hit") if m.start("hit") >= 0 else m.end()
            if s >= len(text):
                break
            stops.add(s)
            pos = s + 1
        for anchor in C.ANCHOR.finditer(text):
            s = anchor.start()
            c = text[s - 1] if s else ""
            pre = (c in C.PRE_LAST or c.isspace()) and C.PRE_BEFORE.search(text, max(0, s - 6), s)
            if C.WITH_UNIT.match(text, s) or pre:
                assert s in stops, (text, s)


def test_context_checks_are_the_plain_ones():
    for text in _count_texts():
        for start in range(len(text) + 1):
            for num_start in {start, min(len(text), start + 1), min(len(text), start + 2)}:
                assert C._context_rejected(text, start, num_start) == _context_rejected_plain(text, start, num_start)


def test_last_characters_of_the_non_count_prefixes():
    assert C._last_chars(["第", "每[周月]", "(?<!应)该"]) == frozenset("第周月该")
    assert C._last_chars(["第", "每+"]) is None  # not plain: no prefilter
    assert C._last_chars(["(第|每)"]) is None
    if C.NON_COUNT_LAST is not None:
        for c in C.NON_COUNT_LAST:
            assert len(c) == 1


@pytest.mark.parametrize("written", ["3", "0", "07", "1234567890", "1,200", "3.5", "1.1", "０３", "３．５", "一千二百",
                                     "二三十", "两", "十", "万", "123456789", "1,234,567"])
def test_number_values_are_the_plain_ones(written):
    fast, plain = C._number(written), _number_plain(written)
    assert (fast is None) == (plain is None)
    if fast is not None:
        assert float(fast) == float(plain)
        for mult in ("万", "千", "亿亿", "百"):
            assert float(fast * C._multiplier(mult)) == float(plain * C._multiplier(mult))


def test_clause_tail_and_head_are_the_plain_loops():
    for text in _count_texts():
        for i in range(0, len(text), 3):
            window = text[max(0, i - 24):i]
            assert C._clause_tail(window) == C._clause_tail_plain(window), window
            assert C._clause_head(text, i, min(len(text), i + 24)) == _clause_head_plain(text[i:i + 24])
            assert C._strip_neutral(window) == _strip_neutral_plain(window)
            assert C._clean(window) == _clean_plain(window)


def test_objects_are_the_plain_ones():
    """The sides read by the fast path choose the objects the plain one does (the wider frames
    of counts.py come after both and are tested in test_count_objects.py)."""
    for text in _count_texts()[::3]:
        found = list(C._candidates(text, C._Spans([]), C._quoted_spans(text)))
        spans = [(s, e, r["unit"]) for s, e, r in found]
        sides = C._side_list(text, spans)
        near = [C._choose(side, spans[i][2], sides[i + 1] if i + 1 < len(sides) else None)
                for i, side in enumerate(sides)]
        assert near == _objects_plain(text, spans), text


def test_noun_phrases_are_the_plain_ones():
    rng = random.Random(3)
    words = [w for w in COUNT_PIECES if w.strip()]
    for _ in range(400):
        window = "".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        tokens = C._tagged(window)
        assert C._noun_phrase_before(tokens) == _noun_phrase_before_plain(list(tokens))
        assert C._noun_phrase_after(tokens) == _noun_phrase_after_plain(list(tokens))


def test_noun_phrases_of_any_tags_are_the_plain_ones():
    # token lists a tagger may never give, to reach every branch
    rng = random.Random(4)
    words = ["资料", "人数", "人次", "参与", "举办", "展览", "有效", "问卷", "全县", "各乡镇", "的", "新", "共", "达"]
    words += list(C.JOINERS) + list(C.TRANSPARENT) + list(C.OPEN_BRACKETS) + list(C.CLOSE_BRACKETS)
    tags = ["n", "vn", "v", "vd", "a", "b", "l", "t", "x", "uj", "d", "r", "m", "q", "nx", "ns", "nz", "c", "p"]
    for _ in range(3000):
        tokens = tuple((rng.choice(words), rng.choice(tags)) for _ in range(rng.randint(0, 9)))
        assert C._noun_phrase_before(tokens) == _noun_phrase_before_plain(list(tokens)), tokens
        assert C._noun_phrase_after(tokens) == _noun_phrase_after_plain(list(tokens)), tokens


def test_spans_inside_is_the_plain_test():
    rng = random.Random(5)
    for _ in range(200):
        spans = [(a, a + rng.randint(-1, 5)) for a in (rng.randint(0, 40) for _ in range(rng.randint(0, 6)))]
        spans = [(a, b) for a, b in spans if b > a]
        # _Spans is for non-overlapping spans, as dates and quotes are
        spans = [s for i, s in enumerate(sorted(spans)) if all(s[0] >= t[1] or s[1] <= t[0] for t in sorted(spans)[:i])]
        fast = C._Spans(spans)
        for p in range(-1, 50):
            assert fast.inside(p) == _inside_plain(spans, p)


@pytest.mark.timeout(10)
def test_scanners_stay_linear_on_long_runs():
    # runs the cheap tests before WITH_UNIT and the date start positions must not read again
    # and again from every position
    texts = ["1," * 50_000, "1." * 50_000, "１，" * 30_000, "千" * 50_000 + "米", "百分之" * 30_000,
             "年" * 50_000, "x" * 50_000 + "年", "今年" * 30_000, "月" * 50_000, "1" * 50_000 + "月"]
    for text in texts:
        C.find_counts(text)
        find_dates(text, 2021)


def test_month_range_and_list_heads_are_found_where_the_plain_search_finds_them():
    # _head_of_month_range and _month_list_head search only where the characters their
    # patterns end with stand before the atom: elsewhere the plain search finds nothing
    texts = _date_texts() + ["1-5月份", "1 - 5月", "1至 5月", "1——  5月", "2021年1-\u30005月", "7、8月份", "xx年7、8月",
                             "7、 8月", "7 、8月"]
    for text in texts:
        text = D._half_width(text)
        atoms = [a for a in (D._atom(m, text) for m in D._matches(D._ATOM, text, D._starts(text)[0])) if a]
        for a in atoms:
            for floor in (0, max(0, a.start - 3), a.start):
                if a.year is None and not a.rel and a.day is None:
                    m = D._MONTH_RANGE_HEAD.search(text, max(floor, a.start - 16), a.start)
                    plain = m if m and D._valid(D._number(m.group("m"))) else None
                    fast = D._head_of_month_range(text, a, floor)
                    assert (fast and fast.span()) == (plain and plain.span()), (text, a)
                if a.start >= 1 and text[a.start - 1] != "、":
                    assert not D._MONTH_LIST_HEAD.search(text, max(floor, a.start - 12), a.start), (text, a)


def test_date_scanners_are_compiled_when_asked_for():
    assert D._ATOM_SCAN is D._ATOM_SCAN  # compiled once, then kept
    assert D._YEAR_SCAN.pattern.endswith(r"(?:(?P<hit>" + D._YEAR.pattern + r")|\Z)")
    with pytest.raises(AttributeError):
        D._NO_SUCH_NAME  # noqa: B018
