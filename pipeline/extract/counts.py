"""Counts: every number in clean simplified text that measures the work.

A count is a number (Arabic, Chinese or mixed, with 万/千/百/亿 multipliers) followed by a
measure word (份 人次 场 … 元 %), with an optional qualifier before it (近 约 超过) or after it
(余 多 以上 左右). One regex scan walks to the next run of digits or numerals where one compiled
pattern reads a number and its measure word, or where a qualifier stands before it (bounded and
possessive repeats only: linear time); plain checks drop what is not a count (ordinals, rates,
durations, rhetorical enumerations, numbers inside quoted names, identifiers) and the counted
object is read from the few words around the number.

Vocabularies live in `pipeline/resources/counts/`; only the rules are here.
"""
from __future__ import annotations

import bisect
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from pipeline.model import CountMention
from pipeline.resources_path import read_lines

_DIR = "counts/"


# ---------------------------------------------------------------- vocabularies


def _pairs(name: str) -> list[list[str]]:
    return [line.split() for line in read_lines(_DIR + name)]


def _load_units() -> dict[str, str]:
    """Written measure word -> unit reported (block 钱 -> 元, 个学时 -> 学时)."""
    return {p[0]: (p[1] if len(p) > 1 else p[0]) for p in _pairs("units.txt")}


def _load_qualifiers() -> tuple[dict[str, str], dict[str, str], list[str], dict[str, str]]:
    """Pre and post qualifiers that change the meaning (form -> approx), the neutral ones
    (共 累计 达 …, longest first) and, per qualifier, characters it may not follow."""
    pre, post, neutral, not_after = {}, {}, [], {}
    for line in read_lines(_DIR + "qualifiers.tsv"):
        cols = line.split("\t")
        form, position, approx, in_text = cols[:4]
        if len(cols) > 4:
            not_after[form] = cols[4]
        if in_text != "yes":
            neutral.append(form)
        elif position == "pre":
            pre[form] = approx
        else:
            post[form] = approx
    return pre, post, sorted(neutral, key=len, reverse=True), not_after


UNITS = _load_units()
PRE_QUAL, POST_QUAL, NEUTRAL_QUAL, QUAL_NOT_AFTER = _load_qualifiers()
NEUTRAL_ENDINGS = tuple(NEUTRAL_QUAL)
NUMERALS = {p[0]: (int(p[1]), p[2]) for p in _pairs("numerals.tsv")}
TIME_AFTER = tuple(read_lines(_DIR + "time_after_unit.txt"))
RHETORICAL = tuple(read_lines(_DIR + "rhetorical_heads.txt"))
ID_LABELS = tuple(read_lines(_DIR + "id_labels.txt"))
BLOCKERS: dict[str, list[str]] = {}  # measure word -> longer words it may begin
DOC_KINDS = tuple(read_lines(_DIR + "doc_kinds.txt"))
ID_BEFORE = re.compile("(?:" + "|".join(map(re.escape, ID_LABELS)) + r")[:：\s]{0,2}\Z")
CHROME_BEFORE = re.compile(
    "(?:" + "|".join(map(re.escape, read_lines(_DIR + "chrome_labels.txt"))) + r")\s?[:：]\s?\Z"
)

NON_COUNT_BEFORE = re.compile("(?:" + "|".join(read_lines(_DIR + "non_count_prefixes.txt")) + r")\Z")


def _last_chars(patterns: list[str]) -> frozenset[str] | None:
    """The characters the given patterns can end with, when each is plain enough to tell (a
    character or a [class] at its end, lookbehinds anywhere); None when one is not."""
    out = set()
    for pattern in patterns:
        body = re.sub(r"\(\?<[!=][^()]*\)", "", pattern)
        if re.fullmatch(r"[^\\()\[\]{}?*+.|^$]*\[[^\\\]^-]+\]", body):
            out |= set(body[body.rindex("[") + 1:-1])
        elif re.fullmatch(r"[^\\()\[\]{}?*+.|^$]+", body):
            out.add(body[-1])
        else:
            return None
    return frozenset(out)


# A number right after any other character needs no NON_COUNT_BEFORE search.
NON_COUNT_LAST = _last_chars(read_lines(_DIR + "non_count_prefixes.txt"))

# Measure words general enough to open a rhetorical enumeration (四个方面, 三项原则).
GENERAL_CLASSIFIERS = {"个", "项", "条", "种", "件", "大", "点"}
COPULAS = ("有", "是", "为")  # "…的企业有3家": the object stands before the copula
NEUTRAL_OR_COPULA = NEUTRAL_ENDINGS + COPULAS


for _word in read_lines(_DIR + "unit_blockers.txt"):
    for _unit in UNITS:
        if len(_word) > len(_unit) and _word.startswith(_unit):
            BLOCKERS.setdefault(_unit, []).append(_word)
BLOCKER_TUPLES = {unit: tuple(words) for unit, words in BLOCKERS.items()}  # one str.startswith call
UNIT_FOLLOWERS = tuple(read_lines(_DIR + "unit_followers.txt"))  # 15场面向: 面向, not 场面


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


# ---------------------------------------------------------------- the pattern

CN_CHARS = "".join(NUMERALS)
# 3-5人, 20至30人: the second number of a range
RANGE_CONNECTORS = "-~～—–至到"
RANGE_CONNECTOR_SET = frozenset(RANGE_CONNECTORS)
COLONS = frozenset("：:")  # CHROME_BEFORE's
RANGE_BEFORE = re.compile(rf"[0-9０-９{CN_CHARS}]\s?[{RANGE_CONNECTORS}]\s?\Z")
AR = r"[0-9０-９]{1,20}(?:,[0-9]{3}(?![0-9])){0,5}(?:[.．][0-9０-９]{1,6})?"
CN = f"[{CN_CHARS}]{{1,12}}"


PERCENT, MID, MULT = "百分之", "余多", "万千百亿"  # 百分之30, 3余万, 1千多


def _number_pattern(unit_required: bool) -> str:
    # With unit_required, a measure word must follow unless 百分之 stands before: bare
    # numbers (一是, 2021) then fail inside the regex engine, not in Python.
    unit = rf"(?P<unit>{_alternation(UNITS)})(?P<post>{_alternation(POST_QUAL)})?"
    tail = rf"(?:{unit}|(?(pct)|(?!)))" if unit_required else f"(?:{unit})?"
    return (
        rf"(?:{PERCENT}(?P<pct>{AR}|{CN})|(?P<num>{AR}|{CN}))"
        rf"(?P<mid>[{MID}])?(?P<mult>[{MULT}]{{1,2}})?(?P<mid2>[{MID}])?" + tail
    )


# Candidates are read only where a run of digits or numerals starts (a fast scan), and never
# inside a number: not after a digit, a decimal point or a Chinese numeral.
ANCHOR = re.compile(rf"[0-9０-９]+|[{CN_CHARS}]+")
NOT_IN_NUMBER = rf"(?<![0-9０-９.．{CN_CHARS}])"
WITH_UNIT = re.compile(NOT_IN_NUMBER + _number_pattern(True))
ANY_UNIT = re.compile(NOT_IN_NUMBER + _number_pattern(False))  # after 超 近 约: 超千万
AFTER_MARKER = re.compile(_number_pattern(True))  # re-reading after a list marker such as "2."
PRE_BEFORE = re.compile(rf"(?P<pre>{_alternation(PRE_QUAL)})\s?\Z")
# The characters PRE_BEFORE's match can end with: the last of a qualifier, or a space. Where
# another stands before a number, the search is not needed.
PRE_LAST = frozenset(q[-1] for q in PRE_QUAL)


NUMBER_CHARS = "0-9０-９" + CN_CHARS  # a class: the characters a number starts with


def _after_qualifier() -> str:
    """A lookbehind true right after a qualifier PRE_BEFORE may find (its last one or two
    characters, then at most one space). One character class first: most numerals fail it."""
    if PRE_LAST & set("0123456789０１２３４５６７８９.．" + CN_CHARS):
        raise ValueError("a pre qualifier ends with a numeral: the stop scanner cannot tell it apart")
    ends = sorted({q[-2:] for q in PRE_QUAL}, key=len)
    by_length = [[e for e in ends if len(e) == n] for n in (1, 2)]
    exact = "|".join(
        f"(?<={alt}{space})"
        for group in by_length if group
        for alt in ["(?:" + "|".join(map(re.escape, group)) + ")"]
        for space in ("", r"\s")  # PRE_BEFORE's \s? between the qualifier and the number
    )
    return "(?<=[" + re.escape("".join(sorted(PRE_LAST))) + r"\s])(?:" + exact + ")"


def _unit_may_follow() -> str:
    """A lookahead true wherever WITH_UNIT may match: its number and multiplier are a run of
    numerals, digits, commas and points, followed by 余/多, a measure word, or 分之 after 百. So
    the first character after the longest such run is one of those, or the first other character
    of a measure word that starts with numerals (米 of 千米). The run is read up to 64 characters
    (linear time): WITH_UNIT reads no more than 52 of them (a 47-character number, two
    multipliers, 千 of 千米), so where it goes on longer, WITH_UNIT cannot match either."""
    run_chars = "0123456789０１２３４５６７８９,.．" + CN_CHARS
    after_run = set(MID)
    for word in [PERCENT, *UNITS]:
        rest = word.lstrip(run_chars)
        if not rest:
            raise ValueError(f"{word!r} is all numerals: the stop scanner cannot test it cheaply")
        after_run.add(rest[0])
    return rf"(?=[{re.escape(run_chars)}]{{0,64}}+[{re.escape(''.join(sorted(after_run)))}])"


def _stop_scanner() -> re.Pattern:
    """A pattern whose match from a position walks to the next place where _candidates may have
    work: a number right after a qualifier (where it may be a count without a measure word:
    超千万), or a number a measure word may follow (_unit_may_follow); else to the end of the
    text. The WITH_UNIT match there, if any, is group 'hit'.

    Every other run of digits or numerals then costs the regex engine, not a Python loop turn.
    Runs of other characters are passed in one possessive step, a numeral character when no
    test holds there. Linear: both repeats are possessive, the tests bounded.
    """
    lead = NUMBER_CHARS
    work = f"{_after_qualifier()}|{NOT_IN_NUMBER}{_unit_may_follow()}"
    return re.compile(rf"(?:[^{lead}]++|(?!{work})[{lead}])*+(?P<hit>{WITH_UNIT.pattern})?")


SKIP_TO_WORK = _stop_scanner()
QUOTED = re.compile(r"《[^《》\n]{1,40}》|“[^“”\n]{1,30}”|\"[^\"\n]{1,30}\"|「[^「」\n]{1,30}」|『[^『』\n]{1,30}』|〝[^〝〞\n]{1,30}〞")
BREAK = set("，。；：！？,;:!?\n\t")
SENTENCE_START = set("\n。；;！？!? \t")
LEADING_DIGITS = re.compile(r"[0-9０-９]*")
DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


# ---------------------------------------------------------------- numbers


def _cn_value(s: str) -> int | None:
    """Value of a Chinese numeral (三千五百, 两万, 一千零五, bare 十 or 千万); None for runs of
    digits (二三十 and 三五个 are vague ranges, 二〇二一 is a year)."""
    high = wan = section = 0  # the 亿 part, the 万 part, the part below 万
    digit = None
    for c in s:
        v, kind = NUMERALS[c]
        if kind == "digit":
            if digit:  # two digits in a row
                return None
            if digit == 0 and v == 0:
                return None
            digit = v
        elif kind == "unit":
            if digit == 0:
                return None
            section += (1 if digit is None else digit) * v
            digit = None
        else:
            part = section + (digit or 0)
            if v == 10000:
                wan = (part or 1) * v
            else:
                high = ((wan + part) or 1) * v
                wan = 0
            section, digit = 0, None
    if len(s) > 1 and all(NUMERALS[c][1] == "digit" for c in s):
        return None
    return high + wan + section + (digit or 0)


def _bare_multiplier(s: str) -> bool:
    """百, 千, 万, 千万 with no digit before: 百场科普报告 is a name, 千家万户 an idiom."""
    return all(NUMERALS.get(c, (0, "digit"))[1] != "digit" and c != "十" for c in s)


def _number(s: str) -> int | Decimal | None:
    """Value of the written number (before 万/千 multipliers written after it): an int, or a
    Decimal when it has a decimal part (exact, so that 1.1万 is 11000)."""
    if s[0] in CN_CHARS:
        return _cn_value(s)
    if s.isascii() and s.isdigit():  # the usual case: plain ASCII digits
        return None if len(s) > 9 or (len(s) > 1 and s[0] == "0") else int(s)
    s = s.translate(FULL_WIDTH).replace(",", "")
    digits, dot, _ = s.partition(".")
    if len(digits) > 9 or (len(digits) > 1 and digits[0] == "0"):
        return None  # phone numbers, IDs, 0293-style codes
    if not dot:
        return int(digits)  # the usual case, and cheaper than Decimal
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _multiplier(s: str | None) -> int:
    m = 1
    for c in s or "":
        m *= NUMERALS[c][0]
    return m


# ---------------------------------------------------------------- span helpers


class _Spans:
    """Sorted, non-overlapping spans with a fast 'does position p fall inside one?'."""

    def __init__(self, spans) -> None:
        self.spans = sorted([(a, b) for a, b in spans if b > a])
        self.starts = [a for a, _ in self.spans]
        self.ends = [b for _, b in self.spans]

    def inside(self, p: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, p) - 1  # so starts[i] <= p
        return i >= 0 and p < self.ends[i]


def _quoted_spans(text: str) -> _Spans:
    # the characters between the quote marks: a count may stand right after a closing quote
    return _Spans([(m.start() + 1, m.end() - 1) for m in QUOTED.finditer(text)])


# ---------------------------------------------------------------- one candidate


def _is_list_marker(text: str, m: re.Match) -> bool:
    """'2.20个镇' at the start of a line: '2.' numbers the item, the count is '20个'."""
    num = m.group("num")
    if not num or ("." not in num and "．" not in num) or m.group("mult"):
        return False
    start = m.start("num")
    return len(num.translate(FULL_WIDTH).split(".")[0]) <= 2 and (start == 0 or text[start - 1] in SENTENCE_START)


def _unit_rejected(text: str, unit: str, unit_end: int, num_start: int) -> bool:
    """The measure word is part of a longer word, opens a duration or a rhetorical list."""
    unit_start = unit_end - len(unit)
    if text.startswith(BLOCKER_TUPLES.get(unit, ()), unit_start) and not text.startswith(UNIT_FOLLOWERS, unit_end):
        return True
    if unit == "篇" and text.endswith(DOC_KINDS, 0, num_start):
        return True  # 工作总结7篇: the page title counts its reports
    if unit not in GENERAL_CLASSIFIERS and not unit.endswith("个"):
        return False  # the tests below need one of these
    after = text[unit_end:unit_end + 4].lstrip("多余半")
    if unit.endswith("个") and after.startswith(TIME_AFTER):
        return True
    return unit in GENERAL_CLASSIFIERS and after.startswith(RHETORICAL)


def _context_rejected(text: str, start: int, num_start: int) -> bool:
    """Ordinals, rates, references (第 每 这 其他 数十), identifiers, Latin neighbours."""
    # The patterns below end right before `start`, at a character from a short list (or one
    # space after it): that character is checked first, and mostly no pattern needs a search.
    c1 = text[start - 1] if start else ""
    if NON_COUNT_LAST is None or c1 in NON_COUNT_LAST:
        if NON_COUNT_BEFORE.search(text[max(0, start - 4):start]):
            return True
    if num_start > 0 and text[num_start - 1].isascii() and text[num_start - 1].isalpha():
        return True  # QQ136780468, V2, A4
    c2 = text[start - 2] if start > 1 else ""
    if (c1 in RANGE_CONNECTOR_SET or c2 in RANGE_CONNECTOR_SET) and RANGE_BEFORE.search(text, max(0, start - 3), start):
        return True
    if (c1 in COLONS or c2 in COLONS) and CHROME_BEFORE.search(text, max(0, start - 7), start):
        return True
    # 电话:18904686070 is an identifier, 咨询电话300余次 a count
    fifth = text[num_start + 4:num_start + 5]  # a shorter number needs no count of its digits
    if not fifth or fifth not in DIGIT_CHARS:
        return False
    digits = LEADING_DIGITS.match(text, num_start).end() - num_start
    return digits >= 5 and bool(ID_BEFORE.search(text, max(0, num_start - 8), num_start))


def _read(text: str, m: re.Match, pre: str | None, num_start: int) -> dict | None:
    """The count a pattern match starting at num_start stands for, or None when it is not a count."""
    num, pct, unit_form, mid, mid2, mult, post = m.group("num", "pct", "unit", "mid", "mid2", "mult", "post")
    num = num or pct
    base = _number(num)
    if base is None:
        return None
    if pct:
        if unit_form:
            return None
        unit = "%"
    elif unit_form:
        unit = UNITS[unit_form]
    else:
        unit = None
    mid = mid or mid2
    is_cn = num[0] in CN_CHARS
    big = mult or (is_cn and ("万" in num or "亿" in num))
    approx = PRE_QUAL.get(pre) if pre else None
    if unit is None and not (approx and big):
        return None  # a bare number is a count only as 超千万, 近10万
    if is_cn and _bare_multiplier(num) and not (mid or pre):
        return None
    if unit_form and _unit_rejected(text, unit_form, m.end("unit"), num_start):
        return None
    approx = approx or (POST_QUAL[post] if post else None) or ("more" if mid else None)
    value = base * _multiplier(mult) if mult else base
    return {
        "value": float(value),
        "unit": unit,
        "approx": approx,
        "weak_one": is_cn and num == "一" and not mult,
    }


# ---------------------------------------------------------------- objects

JOINERS = {"和", "与", "及", "以及", "、", "或"}
NOUNISH = ("n", "vn", "j", "an", "nz", "ng")
MODIFIERS = ("a", "b", "l")  # 有效问卷, 市级示范村, 食品安全讲座;  # after the unit also "t": the tagger reads 青年 in 青年志愿者 as a time word
MODIFIERS_OR_TIME = MODIFIERS + ("t",)
TRANSPARENT = set("“”\"‘’「」『』")
DROP_TRANSPARENT = str.maketrans(dict.fromkeys(TRANSPARENT))
TITLE_AT_END = re.compile(r"《([^《》]{1,40})》$")
OPEN_BRACKETS, CLOSE_BRACKETS = set("(（"), set(")）")
VERBISH = ("v", "d", "u")  # verbs, adverbs, particles: 参加了, 已经开展
SKIPPABLE = ("r", "d", "u", "a", "m", "q", "b")  # 发放各类科普资料: 各类 stands between verb and noun
PERSON_UNITS = {"人", "名", "位", "人次"}
# Where, not what: 全县26个科普宣传画廊, 向全市20个镇
SCOPE_HEADS = "全本我各该城"
SCOPE = re.compile(rf"[{SCOPE_HEADS}](?:省|市|县|区|镇|乡|村|国|州|盟|旗|校|院|系统|街道|社区)?\Z")
PERSON_HEADS = tuple(read_lines(_DIR + "person_heads.txt"))


@lru_cache(maxsize=8192)
def _tagged(s: str) -> tuple[tuple[str, str], ...]:
    """Words and parts of speech of a short window. Cached: report pages repeat the same
    phrases around their numbers (发放宣传资料, 参加培训的), and the tagger is the costliest step."""
    import rjieba  # imported here: finding the counts themselves does not need it

    return tuple((w, p) for w, p in rjieba.tag(s) if w.strip())


class _NounTags(dict):
    """pos -> whether a word with that part of speech is a noun; filled as tags are seen (a
    tagger has a few dozen)."""

    def __missing__(self, pos: str) -> bool:
        self[pos] = noun = pos.startswith(NOUNISH) and not pos.startswith("nx")
        return noun


NOUN_TAGS = _NounTags()


def _is_noun(word: str, pos: str) -> bool:
    return NOUN_TAGS[pos]


def _bracket_group(tokens, i: int, step: int) -> int | None:
    """Index of the bracket matching tokens[i] within six tokens, walking by `step`."""
    close = OPEN_BRACKETS if step < 0 else CLOSE_BRACKETS
    j = i + step
    while 0 <= j < len(tokens) and abs(j - i) <= 7:
        if tokens[j][0] in close:
            return j
        j += step
    return None


def _verb_as_noun(tokens: list[tuple[str, str]], i: int) -> bool:
    """tokens[i], tagged as a verb and right before the number, is the object: it follows a
    verb (举办展览) or a noun that follows a verb (赠送科普挂图), not a subject (干部走访)."""
    if i == 0 or tokens[i - 1][0] in NEUTRAL_QUAL:
        return False
    if tokens[i - 1][1] in ("v", "vn"):
        return True
    return i >= 2 and _is_noun(*tokens[i - 1]) and tokens[i - 2][1] == "v" and tokens[i - 2][0] not in NEUTRAL_QUAL


def _noun_phrase_before(tokens: list[tuple[str, str]]) -> tuple[str, int, bool]:
    """The noun phrase ending the token list, the index of its first token and whether it is
    only a verb read as a noun: at most two nouns per conjunct, conjuncts joined by 、和与及,
    bracketed notes kept (学会(协会)). A scope word (全县, 各乡镇) is no object."""
    n = len(tokens)
    out: list[str] = []  # the phrase's words, read from its end: the last word first
    i = n - 1
    first = n
    nouns = 0
    weak = False
    while i >= 0:
        w, p = tokens[i]
        if w in TRANSPARENT:
            i -= 1
            continue
        if w in CLOSE_BRACKETS:
            j = _bracket_group(tokens, i, -1)
            if j is None or j == 0:
                break
            out += [t for t, _ in reversed(tokens[j:i + 1])]
            i = j - 1
            continue
        if NOUN_TAGS[p] and nouns < 2:
            out.append(w)
            nouns += 1
        elif p == "v" and TRANSPARENT.issuperset(out) and _verb_as_noun(tokens, i):
            out.append(w)  # 举办展览, 救灾拨款, 赠送科普挂图: a noun the tagger calls a verb
            nouns += 1
            weak = True
        elif w in JOINERS and out and i > 0 and NOUN_TAGS[tokens[i - 1][1]]:
            out.append(w)
            nouns = 0
        elif p in MODIFIERS and out and nouns < 2:  # 有效问卷
            out.append(w)
            nouns = 2
        elif p.startswith("v") and len(out) == 1 and out[0] in ("人数", "人次"):
            out.append(w)  # 市民参与人数: keep the verb so the subject can follow
        else:
            break
        first = i
        i -= 1
    while out and out[-1] in JOINERS:
        out.pop()
    out.reverse()
    phrase = "".join(out)
    if len(phrase) < 2 or (phrase[0] in SCOPE_HEADS and SCOPE.match(phrase)):
        return "", n, False
    return phrase, first, weak


def _after_verb(tokens: list[tuple[str, str]], first: int) -> bool:
    """The phrase starting at tokens[first] is the object of a verb (发放各类科普资料)."""
    i = first - 1
    while i >= 0 and first - i <= 3:
        p = tokens[i][1]
        if p.startswith("v") and p != "vn":
            return True
        if not p.startswith(SKIPPABLE):
            return False
        i -= 1
    return False


def _noun_phrase_after(tokens: list[tuple[str, str]]) -> tuple[str, int]:
    """The noun phrase that opens the token list and how many characters it covers."""
    out: list[tuple[str, str]] = []
    used = i = 0
    n = len(tokens)
    if n and tokens[0][0] == "的":  # 价值5000元的生活用品
        used, i = 1, 1
        out.append(("的", "uj"))
    if i + 1 < n and tokens[i][1] in ("a", "d", "b") and tokens[i + 1][0] == "的":
        used += len(tokens[i][0]) + 1  # 三处新的科普设施
        i += 2
    while i < n:
        w, p = tokens[i]
        if w in OPEN_BRACKETS and out:
            j = _bracket_group(tokens, i, 1)
            if j is None:
                break
            out += tokens[i:j + 1]
            used += sum(len(t) for t, _ in tokens[i:j + 1])
            i = j + 1
            continue
        if w in TRANSPARENT or NOUN_TAGS[p] or (
            (p in MODIFIERS_OR_TIME or (w in JOINERS and out)) and i + 1 < n and NOUN_TAGS[tokens[i + 1][1]]
        ):
            out.append((w, p))
            used += len(w)
            i += 1
        else:
            break
    while out and (out[-1][0] in JOINERS or out[-1][1] in MODIFIERS or out[-1][0] in TRANSPARENT):
        used -= len(out.pop()[0])
    return "".join([w for w, _ in out]), used


def _strip_neutral(s: str) -> tuple[str, bool]:
    """Drop 共 累计 达 … and copulas (有 是 为) between an object and its number."""
    if not s.endswith(NEUTRAL_OR_COPULA):  # the usual case
        return s, False
    copula = False
    changed = True
    while changed and s:
        changed = False
        if s.endswith(NEUTRAL_ENDINGS):  # one test for all before finding which (longest first)
            for q in NEUTRAL_QUAL:
                if s.endswith(q):
                    s, changed = s[: -len(q)], True
                    break
        if not changed and s.endswith(COPULAS):
            s, changed, copula = s[:-1], True, True
    return s, copula


def _clause_tail_plain(s: str) -> str:
    """The end of `s` after its last clause break or digit."""
    for i in range(len(s) - 1, -1, -1):
        if s[i] in BREAK or s[i].isdigit():
            return s[i + 1:]
    return s


# str.isdigit() is true for \d (Unicode decimal digits) and for some more: ², ①, …
_OTHER_BMP_DIGITS = "".join(c for c in map(chr, range(0x10000)) if c.isdigit() and not c.isdecimal())
# The run at the start of the reversed string that holds no break and no digit. It also stops
# at any character beyond the BMP, which is then checked the plain way (listing the few digits
# out there would cost a scan of all of Unicode at import).
_TAIL_RUN = re.compile("[^" + re.escape("".join(sorted(BREAK)) + _OTHER_BMP_DIGITS) + r"\d\U00010000-\U0010ffff]*+")
_HEAD_RUN = re.compile("[^" + re.escape("".join(sorted(BREAK))) + "]*+")


def _clause_tail(s: str) -> str:
    """As _clause_tail_plain, with one regex step over the reversed string instead of a loop."""
    n = _TAIL_RUN.match(s[::-1]).end()
    if n < len(s) and s[-n - 1] > "\uffff":
        return _clause_tail_plain(s)
    return s[len(s) - n:]


def _clause_head(text: str, start: int, end: int) -> str:
    """text[start:end] up to its first clause break."""
    return _HEAD_RUN.match(text, start, end).group() if end > start else ""


def _sides(text: str, start: int, end: int, prev_end: int, next_start: int) -> dict:
    """The candidate objects around one count: the noun phrase before the number (and whether
    a verb governs it), the one after the unit (and whether a number follows it), a title,
    and the noun phrase after a verb (100多人参加纳米技术专利讲座)."""
    lo = start - 24 if start - 24 > prev_end else prev_end
    back, copula = _strip_neutral(_clause_tail(text[lo:start]))
    title = None
    tm = TITLE_AT_END.search(back) if "》" in back else None
    if tm:  # 编印科普宣传资料《…》一册: the generic noun before the title, else the title
        title, back = tm.group(1), back[: tm.start()]
    b_tokens = _tagged(back) if back else ()
    b, first, weak = _noun_phrase_before(b_tokens) if back else ("", 0, False)  # as for no tokens
    if title and len(b_tokens) - first <= 1:
        # 编印《十万个为什么》2000册: one word before a title is mostly the verb (the tagger
        # calls 编印 a noun); the title names the thing
        b = ""
    fwd_raw = _clause_head(text, end, end + 24 if end + 24 < next_start else next_start)
    if fwd_raw:
        f_tokens = _tagged(fwd_raw)
        f, used = _noun_phrase_after(f_tokens)
        k = 0
        while k < len(f_tokens) and k < 3 and f_tokens[k][1].startswith(VERBISH):
            k += 1
        after_verb = _noun_phrase_after(f_tokens[k:])[0] if 0 < k < len(f_tokens) else ""
    else:
        f, used, after_verb = "", 0, ""  # as for no tokens
    fwd_de = f.startswith("的")
    f = f[1:] if fwd_de else f
    then_number = bool(f) and (end + used >= next_start or text[end + used:end + used + 1].isdigit())
    return {
        "back": _clean(b), "back_after_verb": bool(b) and _after_verb(b_tokens, first), "copula": copula,
        "back_weak": weak, "fwd_de": fwd_de and bool(f),
        "title": title, "fwd": _clean(f), "fwd_then_number": then_number,
        "after_verb": _clean(after_verb) if len(after_verb) >= 2 else None,
        "raw": fwd_raw,  # for the wider frames (_wider_side)
    }


def _is_person(s: str | None) -> bool:
    return bool(s) and s.endswith(PERSON_HEADS)


def _choose(side: dict, unit: str | None, next_side: dict | None) -> str | None:
    """Pick the object: 'verb + object + number + unit' reads it before the number,
    'number + unit + object' after; a noun phrase wedged between two counts goes to the
    count that has no other."""
    back, fwd = side["back"], side["fwd"]
    if fwd and side["fwd_then_number"] and next_side is not None and not next_side["fwd"]:
        fwd = None  # 赠送科普实物25000件科普丛书30000余册: 科普丛书 belongs to the next count
    if unit == "%" and back:
        return back
    if fwd and side["fwd_de"]:  # 价值5000元的生活用品: the number modifies what follows 的
        return fwd
    back_kept = None if side["copula"] else back
    if unit in PERSON_UNITS:
        for person in (fwd, back_kept):
            if _is_person(person):
                return person
    if back and side["back_after_verb"] and not side["copula"] and not (side["back_weak"] and fwd):
        return back
    # the first of these that is set
    return fwd or back_kept or back or side["title"] or side["after_verb"] or None


def _clean(s: str) -> str | None:
    if s.isalnum():  # the usual case: no quote mark and no space to drop
        return s
    s = s.translate(DROP_TRANSPARENT).strip()
    return s or None


def _side_list(text: str, spans: list[tuple[int, int, str | None]]) -> list[dict]:
    """The sides (see _sides) of each count (spans in text order: start, end, unit)."""
    sides = []
    for i, (start, end, _) in enumerate(spans):
        prev_end = spans[i - 1][1] if i else 0
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        side = _sides(text, start, end, prev_end, next_start)
        if not side["back"] and i and prev_end == start:  # 科普展板两批200块: shares the object
            side["back"], side["back_after_verb"] = sides[-1]["back"], sides[-1]["back_after_verb"]
        sides.append(side)
    return sides


# ---------------------------------------------------------------- objects: wider frames
#
# Frames the words right around a count miss: the head noun echoing the measure word
# (7户困难户), a one-character noun after 个 (两个村), a long modifier ending in 的 between
# the count and its noun (20余场以青少年为对象的科普竞赛活动), a title after the count
# (12期《社区通讯》) or a quoted name before it, a subset (帮扶项目7个，其中5项) and money
# spent on something (出资2万元购买科普书籍). Each is tried only where a plain string test
# says it may hold; the windows it tags are mostly the ones _sides tagged already.

ECHO_UNITS = frozenset(read_lines(_DIR + "echo_units.txt"))
SINGLE_HEADS = frozenset(read_lines(_DIR + "single_heads.txt"))
MODIFIER_OPENERS = frozenset(read_lines(_DIR + "modifier_openers.txt"))
SPEND_ENDINGS = tuple(read_lines(_DIR + "spend_words.txt"))  # 出资, 街道出资
PURCHASE_VERBS = frozenset(read_lines(_DIR + "purchase_verbs.txt"))
PURCHASE_STARTS = tuple(PURCHASE_VERBS)
OPENER_STARTS = tuple(MODIFIER_OPENERS)
LONG_OPENERS = tuple(w for w in MODIFIER_OPENERS if len(w) > 1)
# Parts of speech a word before an echoed head may have (结对/帮扶/户, 空巢/老人/户): not a
# pronoun (每户), numeral, preposition, adverb, particle, conjunction or punctuation.
ECHO_BEFORE = ("n", "v", "l", "a", "b", "j", "i", "z")
# A modifier ending in 的 may also open with a descriptive word: 形式多样的, 切合实际，贴近生活的.
MODIFIER_START_TAGS = frozenset(("a", "an", "i", "l", "b", "z"))  # not "ad": 积极参加 is a predicate
VERB_MODIFIER_REACH = 10  # a verb phrase that long at most before its 的 (防范电信诈骗的)
PREDICATE_TAGS = ("d", "ul", "uz", "ug", "c", "p")  # 了 着 过, adverbs, conjunctions, prepositions
PREDICATE_WORDS = frozenset("了着过")
MODIFIER_REACH = 48  # characters after the unit searched for the 的 of a modifier
SHORT_SEGMENT = 6  # 切合实际，贴近生活，…的: comma-separated modifiers this short are crossed
QUANTITY_TAGS = ("m", "q", "eng", "d")  # 购买约xx多册科普书籍: words between the verb and its noun
SUBSET_WORDS = ("其中",)
SUBSET_GAP = 12  # characters from the count before: ，其中已脱贫
PUBLISH_VERBS = tuple(read_lines(_DIR + "publish_verbs.txt"))
MEASURE_ATTRIBUTES = frozenset(read_lines(_DIR + "measure_attributes.txt"))
TITLE_AT_START = re.compile(r"《([^《》\n]{1,40})》")
QUOTE_AT_END = re.compile(r"[“\"]([^“”\"\n]{2,30})[”\"]\Z")
MODIFIER_CLAUSE = re.compile(r"[^。；;：:！？!?\n\t]*+")
COMMA = re.compile("[，,]")


def _echo_head(tokens, unit: str) -> str | None:
    """`7户困难户`, `4户结对帮扶户`: up to three words after the unit whose last one ends with
    the unit itself name what is counted. Two characters do not (the plain noun phrase reads
    低保户 already, and 20户入户宣传 is a verb), nor a phrase with 每 or a numeral in it
    (7户送去慰问金每户)."""
    words = []
    for w, p in tokens[:3]:
        words.append(w)
        phrase = "".join(words)
        if w.endswith(unit) and len(phrase) >= 3 and (w == unit or not p.startswith("v")):
            return phrase
        if not p.startswith(ECHO_BEFORE):
            return None
    return None


def _modifier_span(text: str, end: int, next_start: int) -> str:
    """The text after a count up to its clause break, crossing a comma only after a short
    segment without 的 (切合实际，贴近生活，形式多样的活动)."""
    limit = min(end + MODIFIER_REACH, next_start)
    head = MODIFIER_CLAUSE.match(text, end, limit).group()
    out = []
    for seg in COMMA.split(head):
        out.append(seg)
        if "的" in seg or len(seg) > SHORT_SEGMENT or not seg:
            break
    return "，".join(out)


def _opens_modifier(raw_tokens) -> bool:
    """The words right after a count may open a modifier ending in 的: 以 面向 针对 …
    (面向农村 may be one word; 以 and 对 must be words of their own, not 以往, 对口), a
    descriptive word (形式多样, 精彩纷呈), or a verb (防范电信诈骗的, see _verb_modifier)."""
    w, p = raw_tokens[0]
    return w in MODIFIER_OPENERS or w.startswith(LONG_OPENERS) or p in MODIFIER_START_TAGS or p == "v"


def _verb_modifier(raw_tokens) -> bool:
    """`3场防范电信诈骗的讲座`: a short verb phrase before 的 modifies the noun after it.
    With an aspect particle, an adverb, a conjunction or a preposition it is a predicate
    (5场吸引了群众的目光), not a modifier."""
    for w, p in raw_tokens:
        if w == "的":
            return True
        if p.startswith(PREDICATE_TAGS) or w in PREDICATE_WORDS:
            return False
    return False


def _noun_then_modifier(raw_tokens, fwd: str) -> bool:
    """`8场群众喜闻乐见的广场舞`: the noun after the count is the subject of a descriptive
    word that ends in 的, so the modifier holds the noun (群众 is not what is counted)."""
    n = 0
    for k, (w, p) in enumerate(raw_tokens[:-2]):
        n += len(w)
        if n >= len(fwd):
            return n == len(fwd) and raw_tokens[k + 1][1] in MODIFIER_START_TAGS and raw_tokens[k + 2][0] == "的"
    return False


def _after_modifier(
    text: str, end: int, next_start: int, unit: str | None, raw_tokens, opened: bool = False
) -> str | None:
    """`20余场以青少年为对象的科普竞赛活动`, `14项面向社区居民的科普活动`: the noun after the
    的 that closes a modifier (see _opens_modifier; raw_tokens are the tagged words after the
    count). A 的 whose noun a second modifier ending in 的 follows (群众喜闻乐见的科普活动)
    gives way to that one. For people the noun must name people (100余人以饱满的热情)."""
    if not raw_tokens or not (opened or _opens_modifier(raw_tokens)):
        return None
    if raw_tokens[0][1] == "v" and not opened:
        # a verb phrase modifies only when short and plain
        if text.find("的", end, min(end + VERB_MODIFIER_REACH + 1, next_start)) < 0 or not _verb_modifier(raw_tokens):
            return None
    span = _modifier_span(text, end, next_start)
    de = span.find("的")
    if de < 1:
        return None
    while span.startswith("的", de + 1):
        de += 1  # 以提高素质为目的的活动: the first 的 ends 目的
    for _ in range(3):
        rest = span[de + 1:]
        tokens = _tagged(rest) if rest else ()
        phrase, used = _noun_phrase_after(tokens)
        if tokens and tokens[-1][1] == "l" and len(phrase) + len(tokens[-1][0]) == len(rest.rstrip()):
            phrase += tokens[-1][0]  # 科普/竞赛活动: a set phrase ending the clause ends the noun
            used = len(rest)
        nxt = rest.find("的", used)
        if 0 <= nxt - used <= SHORT_SEGMENT and phrase and not any(
            p.startswith("v") for _, p in _tagged(rest[used:nxt])
        ):
            de += 1 + nxt  # another modifier follows: its 的 closes the whole
            continue
        phrase = _clean(phrase) if len(phrase) >= 2 else None
        if phrase and unit in PERSON_UNITS and not _is_person(phrase):
            return None
        return phrase
    return None


def _purchase(fwd_tokens) -> str | None:
    """`2万元购买约xx多册科普书籍`: the noun after a purchase verb (and at most two more verbs),
    past words of quantity."""
    if not fwd_tokens or fwd_tokens[0][0] not in PURCHASE_VERBS:
        return None
    k = 1
    while k < len(fwd_tokens) and k < 3 and fwd_tokens[k][1] == "v":
        k += 1
    while k < len(fwd_tokens) and (fwd_tokens[k][1].startswith(QUANTITY_TAGS) or fwd_tokens[k][0][0].isdigit()):
        k += 1
    phrase = _noun_phrase_after(fwd_tokens[k:])[0]
    return _clean(phrase) if len(phrase) >= 2 else None


def _wider_side(text: str, span: tuple[int, int, str | None], prev_end: int, next_start: int, side: dict) -> dict | None:
    """A side with the object a wider frame gives put in, or None when no frame holds."""
    start, end, unit = span
    raw = side["raw"]
    if not raw:  # the count ends its clause: every frame below reads words after it
        return None
    if unit in ECHO_UNITS and unit in raw[1:9]:
        echo = _echo_head(_tagged(raw), unit)
        if echo and not text[end + len(echo):end + len(echo) + 1].isdigit() and end + len(echo) < next_start:
            return dict(side, fwd=_clean(echo), fwd_de=True, fwd_then_number=False)
    if not side["fwd"] and raw[0] in SINGLE_HEADS and unit in GENERAL_CLASSIFIERS:
        tokens = _tagged(raw)
        if tokens[0][0] == raw[0]:  # the character stands alone (not 村委会, 镇区)
            return dict(side, fwd=raw[0], fwd_then_number=False)
    if unit == "元" and raw.startswith(PURCHASE_STARTS) and (
        not side["back"] or side["back_weak"] or side["back"].endswith(SPEND_ENDINGS)
    ):
        # past the next count too: 出资2万元购买1000余册图书 bought the 图书
        bought = _purchase(_tagged(_clause_head(text, end, end + 24)))
        if bought:
            return dict(side, fwd=bought, fwd_de=True, fwd_then_number=False)
    fwd = side["fwd"]
    noun = None
    if not fwd or raw.startswith(OPENER_STARTS):
        if text.find("的", end, end + MODIFIER_REACH) >= 0:
            noun = _after_modifier(text, end, next_start, unit, _tagged(raw))
    elif not side["fwd_de"] and "的" in raw[len(fwd):len(fwd) + SHORT_SEGMENT + 1]:
        tokens = _tagged(raw)
        noun = _after_modifier(text, end, next_start, unit, tokens, True) if _noun_then_modifier(tokens, fwd) else None
    if noun:
        return dict(side, fwd=noun, fwd_de=False, fwd_then_number=False)
    if not side["fwd"] and raw.startswith("《"):
        tm = TITLE_AT_START.match(raw)
        if tm:  # 团委编印12期《青年之声》: the tagger calls 编印 a noun; 宣传手册3000册《…》 keeps its noun
            back = side["back"]
            return dict(side, title=tm.group(1), back=None if back and back.endswith(PUBLISH_VERBS) else back)
    return None


def _compatible(unit: str | None, other: str | None) -> bool:
    """Two measure words may count the same things (帮扶项目7个，其中5项)."""
    return unit == other or (unit in GENERAL_CLASSIFIERS and other in GENERAL_CLASSIFIERS) or (
        unit in PERSON_UNITS and other in PERSON_UNITS
    )


def _subset_of_previous(text: str, spans, i: int, side: dict) -> bool:
    """`帮扶项目7个其中5项`, `发放资料3000份，其中1200份`, `贫困户35户，其中已脱贫28户`: the
    clause of the count opens with 其中 right after the count before it, and names nothing
    itself (其中女性80人 names 女性)."""
    if not i or side["fwd"] or side["back"]:
        return False
    start, _, unit = spans[i]
    prev_end = spans[i - 1][1]
    if start - prev_end > SUBSET_GAP or not _compatible(unit, spans[i - 1][2]):
        return False
    gap = text[prev_end:start].lstrip(" ，,、")
    return gap.startswith(SUBSET_WORDS) and not any(c in BREAK for c in gap)


def _quoted_before(text: str, start: int, prev_end: int) -> str | None:
    """`刊登“乡村能人风采”12期`: a quoted name right before the count (no noun phrase read)."""
    lo = start - 32 if start - 32 > prev_end else prev_end
    qm = QUOTE_AT_END.search(text, lo, start)
    return _clean(qm.group(1)) if qm else None


def _measured_thing(text: str, start: int, prev_end: int) -> str | None:
    """`新建科普画廊，总长30余米`: the noun phrase ending the clause before the one of the
    count, when that clause holds no other count."""
    brk = start - 1
    while brk > prev_end and text[brk] not in BREAK:
        brk -= 1
    if brk <= prev_end or text[brk] not in "，,":
        return None  # a measurement opens no sentence of its own
    clause = _clause_tail(text[max(prev_end, brk - 24):brk])
    phrase = _noun_phrase_before(_tagged(clause))[0] if clause else ""
    return _clean(phrase) if phrase else None


SENTENCE_END = frozenset("。；;！？!?\n")
AGREEING_HEADS = {row[0]: tuple(row[1:]) for row in _pairs("classifier_heads.tsv") if len(row) > 1}
AGREEMENT_REACH = 40  # characters back from the count searched for an agreeing noun


def _agreeing_noun_before(text: str, start: int, prev_end: int, unit: str | None) -> str | None:
    """`“金桥工程”项目实施，今年已有两项被立项`: a count that names nothing counts the nearest noun
    before it in its sentence (not past the count before) whose head agrees with its measure
    word (classifier_heads.tsv)."""
    heads = AGREEING_HEADS.get(unit)
    if not heads:
        return None
    lo = max(prev_end, start - AGREEMENT_REACH)
    k = start
    while k > lo and text[k - 1] not in SENTENCE_END:
        k -= 1
    window = text[k:start]
    # the head ending last, the longest of those (简报, not its 报)
    found = max(((window.rfind(h) + len(h), len(h)) for h in heads if h in window), default=None)
    if found is None:
        return None
    end, size = found
    at, head = end - size, window[end - size:end]
    after = _tagged(window[at:at + len(head) + 3])
    if not after or after[0][0] != head:
        return None  # the head is only the start of a longer word (工程 of 工程师)
    # the head is a noun whatever the tagger says (简报 'v'); the nouns right before it modify it
    clause = _clause_tail(window[:at].translate(DROP_TRANSPARENT))
    before = _noun_phrase_before(_tagged(clause))[0] if clause else ""
    return _clean(before + head)
ELLIPSIS_GAP = 16  # characters from the count before: ，省科协又追加


def _same_as_previous(text: str, spans, i: int) -> bool:
    """`救灾拨款100万元，省科协又追加10万元`, `…的企业有3家，…需求的有5家`: a count that names
    nothing, close after a count in the same sentence and measured alike, counts the same things."""
    if not i or spans[i][2] in (None, "%"):
        return False
    start, _, unit = spans[i]
    prev_end = spans[i - 1][1]
    if start - prev_end > ELLIPSIS_GAP or not _compatible(unit, spans[i - 1][2]):
        return False
    return SENTENCE_END.isdisjoint(text[prev_end:start])


def _all_objects(text: str, spans: list[tuple[int, int, str | None]]) -> list[str | None]:
    """The object of each count: the words right around it (_side_list, _choose), with the
    wider frames above."""
    sides = _side_list(text, spans)
    out: list[str | None] = []
    for i, side in enumerate(sides):
        prev_end = spans[i - 1][1] if i else 0
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        wider = _wider_side(text, spans[i], prev_end, next_start, side)
        obj = _choose(wider or side, spans[i][2], sides[i + 1] if i + 1 < len(sides) else None)
        if _subset_of_previous(text, spans, i, wider or side) and out[-1]:
            obj = out[-1]
        elif spans[i][0] and text[spans[i][0] - 1] in "”\"":
            # 刊登“身边的好老师”20期: the whole quoted name, not only its last noun
            quoted = _quoted_before(text, spans[i][0], prev_end)
            if quoted and (obj is None or obj in quoted):
                obj = quoted
        if obj in MEASURE_ATTRIBUTES:
            obj = _measured_thing(text, spans[i][0], prev_end) or obj
        if obj is None and out and out[-1] and _same_as_previous(text, spans, i):
            obj = out[-1]
        if obj is None:
            obj = _agreeing_noun_before(text, spans[i][0], prev_end, spans[i][2])
        out.append(obj)
    return out


# ---------------------------------------------------------------- public


def _candidates(text: str, excluded: _Spans, quoted: _Spans):
    """(start, end, reading) for every count the pattern and the checks accept."""
    # Visits the same runs as `for anchor in ANCHOR.finditer(text)` that start at or after
    # last_end, less the ones where nothing can happen (see _stop_scanner).
    last_end = pos = 0
    n = len(text)
    skip = SKIP_TO_WORK.match
    while True:
        stop = skip(text, max(pos, last_end))
        num_start = stop.start("hit")
        if num_start < 0:
            num_start = stop.end()
            if num_start >= n:
                return
        pos = num_start + 1
        c = text[num_start - 1] if num_start else ""
        pm = PRE_BEFORE.search(text, max(0, num_start - 6), num_start) if c in PRE_LAST or c.isspace() else None
        pre = pm.group("pre") if pm else None
        if pre and pm.start() > 0 and text[pm.start() - 1] in QUAL_NOT_AFTER.get(pre, ""):
            pre = None  # 附近3个村: 近 belongs to 附近
        if pre:
            m = ANY_UNIT.match(text, num_start)
        else:  # WITH_UNIT.match(text, num_start), already matched by the scanner (m.start() differs)
            m = stop if stop.start("hit") >= 0 else None
        if not m:
            continue
        last_end = m.end()
        num = m.group("num")
        if num and ("." in num or "．" in num) and _is_list_marker(text, m):
            dot = num.translate(FULL_WIDTH).index(".")
            m = AFTER_MARKER.match(text, num_start + dot + 1)
            if not m:
                continue
            last_end, pre, num_start = m.end(), None, m.start()
            num = m.group("num")
        start = pm.start() if pre else num_start
        if excluded.inside(start) or (num_start != start and excluded.inside(num_start)) or quoted.inside(num_start):
            continue
        if _context_rejected(text, start, m.start("num") if num else num_start):
            continue
        reading = _read(text, m, pre, num_start)
        if reading:
            yield start, m.end(), reading


def _weak_one_kept(text: str, i: int, found: list) -> bool:
    """A bare 一个/一次 is mostly an article (开展一次活动, 一个新的台阶). It is a count when
    it closes a noun phrase (培训班一期；) or sits in a list of counts (十个行政村，一个居委会)."""
    start, end, _ = found[i]
    if end >= len(text) or text[end] in BREAK or text[end] in "）)":
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(found) and not found[j][2]["weak_one"]:
            a, b = (found[j][1], start) if j < i else (end, found[j][0])
            gap = text[a:b]
            if 0 <= len(gap) <= 10 and any(c in "，、,;；" for c in gap) and "。" not in gap:
                return True
    return False


def find_counts(text: str, exclude: list[tuple[int, int]] = ()) -> list[CountMention]:
    """Every number in simplified clean text that measures the work, in text order.

    `exclude` holds spans (e.g. of date expressions found by the date parser) inside which
    no count may start. Each mention carries the value with multipliers applied (32.5万元 ->
    325000, unit 元), the measure word, the qualifier read as more/about/nearly, and the
    counted object when the nearby words name it.
    """
    found = list(_candidates(text, _Spans(exclude), _quoted_spans(text)))
    kept = [c for i, c in enumerate(found) if not c[2]["weak_one"] or _weak_one_kept(text, i, found)]
    objects = _all_objects(text, [(start, end, r["unit"]) for start, end, r in kept])
    return [
        CountMention(text[start:end], start, end, r["value"], r["unit"], r["approx"], obj)  # the fields in order
        for (start, end, r), obj in zip(kept, objects)
    ]
