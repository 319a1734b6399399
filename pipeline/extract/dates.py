"""Dates: every month- or day-level calendar expression in clean simplified text.

Two scans over the text, both single compiled patterns with bounded repeats only:

* ``_ATOM`` finds single dates: ``2021年9月27日``, ``9月``, ``今年3月13日``, ``二〇二一年十月``,
  ``20xx年6月``, and the forms whose separators were lost in scraping (``20214月``,
  ``2021927日``, ``202111``, ``今年4制定``).
* ``_YEAR`` finds every year statement (``2021年``, ``20xx年``, ``今年``, a bare ``2013`` before a
  campaign name) so that a date without a year inherits the nearest year stated before it in
  the same paragraph, else the article's reference year, else ``XXXX``.

Atoms are then joined into ranges (``5月15日至21日``, ``6月12~15日``, ``9月14日-9月20日``,
``1-5月份``) by short anchored patterns applied at the atom's edges, so the whole parse is
linear in the length of the text. A range never ends before it starts: an end that states only
its day and is before the start day runs into the next month (``5月28日至3日``); two full dates
out of order (``9月27日-9月21日``) are read as two dates; anything else is read as its start date.
Vocabularies (relative-year words, measure words,
connectors, duration prefixes) live in ``pipeline/resources/dates/``.
"""
from __future__ import annotations

import calendar

import bisect
import re
from dataclasses import dataclass

from pipeline.model import DateMention
from pipeline.resources_path import read_lines

MASKED = "XXXX"


# ---------------------------------------------------------------- vocabularies

def _load_relative_years() -> dict[str, tuple[str, int]]:
    table = {}
    for line in read_lines("dates/relative_years.tsv"):
        word, base, offset = line.split("\t")
        table[word] = (base, int(offset))
    return table


REL_YEARS = _load_relative_years()
MEASURE_CHARS = frozenset("".join(read_lines("dates/measure_words.txt")).replace(" ", ""))
NOT_DATE_PREFIXES = tuple(read_lines("dates/not_date_prefixes.txt"))
CONNECTORS = read_lines("dates/connectors.txt")

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "元": 1}


# ---------------------------------------------------------------- pattern pieces

def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


REL = _alt(REL_YEARS)
CONN = r"\s{0,2}(?:" + _alt(CONNECTORS) + r"){1,2}\s{0,2}"  # '——' counts as one connector
MASK = r"(?:19|20)?[xX×＿_*]{2,4}"
CN4 = r"[〇零○ＯO一二三四五六七八九]{4}"
AR_MONTH = r"1[0-2]|0?[1-9]"
CN_MONTH = r"十[一二]?|[一二三四五六七八九元]"
AR_DAY = r"3[01]|[12]\d|0?[1-9]"
CN_DAY = r"三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]"
# A month number stands alone: no digit (or decimal point, or Chinese numeral) glued before it.
MONTH = rf"(?:(?<![\d.．])(?:{AR_MONTH})|(?<![〇零一二三四五六七八九十两几数半])(?:{CN_MONTH}))"
DAY = rf"(?:(?:{AR_DAY})(?!\d)|(?:{CN_DAY}))"
PART = r"份|上旬|中旬|下旬|初|底|末"
YEAR_PART = (rf"(?:(?P<y>(?<!\d)(?:19|20)\d\d)\s?年\s?|(?P<ym>(?<![\dA-Za-z]){MASK})\s?年\s?"
             rf"|(?P<yc>{CN4})\s?年\s?|(?P<yr>{REL}))")
TAIL = rf"(?P<p>{PART})?(?:\s?(?P<d>{DAY})\s?(?P<ds>[日号]))?"

# Every pattern below starts with one of these characters. Stating it as a leading lookahead
# lets the regex engine skip other positions fast (an order of magnitude on report text).
LEAD_SET = frozenset("0123456789〇零○ＯO一二三四五六七八九十元xX×＿_*") | {w[0] for w in REL_YEARS}
LEAD_CHARS = re.escape("".join(sorted(LEAD_SET)))  # for a character class
LEAD = "(?=[" + LEAD_CHARS + "])"


def _scanner(pattern: re.Pattern) -> re.Pattern:
    """The same matches as pattern.finditer, each as group 'hit' of a match that also walks over
    the text before it (a last match at the end of the text has no 'hit').

    A pattern tried at every position costs the engine a start-up per character even with the
    LEAD lookahead; here runs of characters that start nothing are passed in one possessive
    step, and a LEAD character is passed when the pattern does not match there (the copy in
    the lookahead has its groups renamed). Linear: both repeats are possessive.
    """
    body = pattern.pattern
    copy = re.sub(r"\(\?P=(\w+)\)", r"(?P=_\1)", re.sub(r"\(\?P<(\w+)>", r"(?P<_\1>", body))
    return re.compile(rf"(?:[^{LEAD_CHARS}]++|(?!{copy})[{LEAD_CHARS}])*+(?:(?P<hit>{body})|\Z)")


def _hits(scanner: re.Pattern, text: str):
    """The matches of a _scanner pattern that hold a hit."""
    return (m for m in scanner.finditer(text) if m.start("hit") >= 0)


# Where a match of _ATOM or _YEAR can start. Letting the regex engine try the patterns at every
# LEAD character (一, 上, 本 … are common in any text) cost most of the stage; instead the
# patterns are tried only near a few characters that str.find finds fast. Every match
#   * starts with a year '19..' or '20..' (then neither a digit stands before it nor anything
#     but a digit or a mask character two places on); or
#   * holds 月, its month number and a space (十二 月) starting at most _MONTH_REACH before it
#     (_ATOM only); or
#   * holds or looks ahead to 年 (or the last character of a relative-year word such as 今年),
#     after a masked or a Chinese year and a space ('xxxx 年', '二〇二一 年': the match starts
#     at most _YEAR_REACH before it) or after the rest of the word. The character right before
#     (or before that space) is then a LEAD character that is no ASCII digit, or the next-to-last
#     character of a relative-year word; where another stands, only a year '2021年' ends there.
#     For _ATOM a month number follows (after one space at most).
# tests/test_speed_extract.py checks that the matches are the patterns' own.
_YEAR_ANCHORS = "".join(sorted({"年"} | {w[-1] for w in REL_YEARS}))
_BEFORE_YEAR_ANCHOR = (LEAD_SET - set("0123456789")) | {w[-2] for w in REL_YEARS if len(w) > 1}
_MONTH_FIRST = frozenset("0123456789一二三四五六七八九十元")  # what a month number starts with
_MASK_CHARS = frozenset("xX×＿_*")
_YEAR_REACH = max(5, max(len(w) for w in REL_YEARS) - 1)
_MONTH_REACH = 3


def _starts(text: str, lo: int = 0, hi: int | None = None) -> tuple[list[int], list[int]]:
    """Sorted positions in [lo, hi) where a match of _ATOM may start, and where one of _YEAR
    may: supersets of the real ones."""
    n = len(text)
    hi = n if hi is None else min(hi, n)
    find = text.find
    lead = LEAD_SET
    years = []
    for year_head in ("19", "20"):
        i = find(year_head, lo, hi + 1)
        while i >= 0:
            if (i == 0 or not text[i - 1].isdecimal()) and i + 2 < n and (
                    text[i + 2].isdecimal() or text[i + 2] in _MASK_CHARS):
                years.append(i)
            i = find(year_head, i + 1, hi + 1)
    atoms = years[:]
    for anchor in _YEAR_ANCHORS:
        i = find(anchor, lo, hi + _YEAR_REACH)
        while i >= 0:
            b = i - 1
            if b >= 0 and text[b].isspace():
                b -= 1
            if b >= 0 and text[b] in _BEFORE_YEAR_ANCHOR:
                window = [q for q in range(max(lo, i - _YEAR_REACH), min(i + 1, hi)) if text[q] in lead]
                years += window
                after = text[i + 1:i + 3].lstrip()[:1]
                if after and after in _MONTH_FIRST:
                    atoms += window
            i = find(anchor, i + 1, hi + _YEAR_REACH)
    i = find("月", lo, hi + _MONTH_REACH)
    while i >= 0:
        atoms += [q for q in range(max(lo, i - _MONTH_REACH), min(i, hi)) if text[q] in lead]
        i = find("月", i + 1, hi + _MONTH_REACH)
    return sorted(set(atoms)), sorted(set(years))


def _matches(pattern: re.Pattern, text: str, starts: list[int], last_end: int = 0):
    """pattern.finditer(text) from last_end on, given every position where a match may start
    (see _starts)."""
    match = pattern.match
    for s in starts:
        if s >= last_end:
            m = match(text, s)
            if m:
                yield m
                last_end = m.end()


def _years_by_chunks(text: str, chunk: int = 2048):
    """As _matches(_YEAR, text, _starts(text)[1]), finding start positions a chunk at a time:
    for readers that mostly stop at the first matches (reference_year)."""
    last_end = 0
    for lo in range(0, len(text), chunk):
        for m in _matches(_YEAR, text, _starts(text, lo, lo + chunk)[1], last_end):
            yield m
            last_end = m.end()


_ATOM = re.compile(
    LEAD + "(?:"
    # C: month and day digits run together: 2021927日, 2021年927日 (split checked in code)
    rf"(?P<cy>(?<!\d)(?:19|20)\d\d)年?(?P<cmd>\d{{3,4}})[日号]"
    # A: year and month digits run together: 20214月, 202111月底
    rf"|(?P<ay>(?<!\d)(?:19|20)\d\d)(?P<am>{AR_MONTH})月{TAIL.replace('P<', 'P<a')}"
    # B: the ordinary form, year optional: 2021年9月27日, 今年3月, 九月十三日, 5月份
    rf"|{YEAR_PART}?(?P<m>{MONTH})\s?月{TAIL}"
    # D: year and month as six bare digits: 202111被命名 (next character checked in code)
    rf"|(?P<sy>(?<![\d〔\[［【.．])(?:19|20)\d\d)(?P<sm>0[1-9]|1[0-2])(?![\d.．%])"
    # E: a year word or year followed by a month number whose 月 was lost: 今年4制定
    rf"|(?:(?P<ey>(?<!\d)(?:19|20)\d\d)年|(?P<er>{REL}))(?P<em>{AR_MONTH})(?![\d.．])(?!{CONN})(?=\w)"
    # F: ISO-like 2021-09-27, 2021.9.27, 2021/9 (month-only only with - or /)
    rf"|(?P<iy>(?<![\d.．])(?:19|20)\d\d)(?P<isep>[-/.．])(?P<im>{AR_MONTH})"
    rf"(?:(?P=isep)(?P<id>{AR_DAY}))?(?![\d])(?![-/.．]\d)"
    ")"
)


# "1-5月份", "2021年1-": a month number and a connector right before an atom.
_MONTH_RANGE_HEAD = re.compile(rf"{YEAR_PART}?(?P<m>{MONTH})\s?月?{CONN}\Z")
# "7、8月份": a month whose 月 is left to the next one in a short list (prev char checked in code,
# so that list markers like "1、8月召开" are not read as January).
_MONTH_LIST_HEAD = re.compile(rf"{YEAR_PART}?(?P<m>{MONTH})、\Z")
# "6月12~15日": a day range right after a month.
_DAY_RANGE_AFTER_MONTH = re.compile(rf"\s?(?P<d1>{DAY}){CONN}(?P<d2>{DAY})\s?[日号]")
# "5月15日至21日": a day right after a day.
_DAY_AFTER_DAY = re.compile(rf"{CONN}(?P<d>{DAY})\s?[日号]")
# "5月8日、15日": a further day of the same month in a list.
_DAY_IN_LIST = re.compile(rf"\s?[、和及与]\s?(?P<d>{DAY})\s?[日号]")
_CONN_ONLY = re.compile(CONN)
_MONTH_CHAR = re.compile(r"\s?月")
# "5月×日": the day is masked, so the expression is no date at all.
_MASKED_DAY = re.compile(r"\s?[xX×＿_*]{1,2}\s?[日号]")

# Year statements, for inheritance and for the reference year.
_YEAR = re.compile(
    LEAD + "(?:"
    rf"(?P<y>(?<!\d)(?:19|20)\d\d)(?=\s?年)"
    rf"|(?P<ym>(?<![\dA-Za-z]){MASK})(?=\s?年)"
    rf"|(?P<yc>{CN4})(?=\s?年)"
    rf"|(?P<yr>{REL})"
    rf"|(?P<yb>(?<![\d.．A-Za-z:：/])(?:19|20)\d\d)(?![\d.．A-Za-z])"
    ")"
)


def __getattr__(name: str):
    """_ATOM_SCAN and _YEAR_SCAN, the _scanner forms of _ATOM and _YEAR: no longer used here
    (see _starts), kept as tests/test_speed_equivalence.py checks them. Compiled when first
    asked for: compiling them cost every process ~10 ms at import."""
    if name in ("_ATOM_SCAN", "_YEAR_SCAN"):
        scan = _scanner(_ATOM if name == "_ATOM_SCAN" else _YEAR)
        globals()[name] = scan
        return scan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
_YEAR_TOKEN = rf"(?:(?<!\d)(?:19|20)\d\d|{MASK})"
_PERIOD_AFTER = re.compile(rf"\s?年?度?{CONN}{_YEAR_TOKEN}")
_PERIOD_BEFORE = re.compile(rf"{_YEAR_TOKEN}\s?年?度?{CONN}\Z")
_CONNECTOR_ENDS = frozenset(c[-1] for c in CONNECTORS)
_DOC_BRACKETS = "〔[［【"
# Full-width digits read as ASCII; one character for one, so spans are unchanged.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_DIGITS = re.compile("[０-９]+")


def _half_width(text: str) -> str:
    """text with full-width digits as ASCII. Only the runs of them are translated: str.translate
    over the whole text walks every character through a dict."""
    # the usual case: none (ten str scans cost less than one regex scan)
    if not any(map(text.__contains__, "０１２３４５６７８９")):
        return text
    return _FULL_DIGITS.sub(lambda m: m.group().translate(_HALF_WIDTH), text)
_NEWLINE = re.compile("\n")


# ---------------------------------------------------------------- numerals

def _cn_number(s: str) -> int:
    """Value of a small Chinese numeral (一..三十一, 元)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def _number(s: str) -> int:
    return int(s) if s.isdecimal() else _cn_number(s)


def _cn_year(s: str) -> int:
    return int("".join(str(_CN_DIGIT[c]) for c in s))


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid(month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= _MONTH_DAYS[month - 1]


# ---------------------------------------------------------------- atoms

@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    month: int
    day: int | None = None
    year: int | str | None = None  # int, MASKED, or None when the text states none
    rel: str | None = None  # relative-year word (今年 …) when the year is given that way


def _next_is_count(text: str, pos: int) -> bool:
    """True when the character at pos makes the number before it a count or a code."""
    return pos < len(text) and (text[pos] in MEASURE_CHARS or text[pos] in "〕]］】")


def _year_of(m: re.Match) -> tuple[int | str | None, str | None]:
    """The year group of a match of a pattern with groups y, ym, yc, yr: (year, relative word)."""
    y, ym, yc, yr = m.group("y", "ym", "yc", "yr")
    if y:
        return int(y), None
    if ym:
        return MASKED, None
    if yc:
        return _cn_year(yc), None
    if yr:
        return None, yr
    return None, None


def _split_month_day(digits: str) -> tuple[int, int] | None:
    """The only valid (month, day) reading of a digit run like '927' or '1111', else None."""
    readings = []
    for cut in (1, 2):
        m, d = digits[:cut], digits[cut:]
        if 1 <= len(d) <= 2 and not m.startswith("0") and _valid(int(m), int(d)):
            readings.append((int(m), int(d)))
    return readings[0] if len(readings) == 1 else None


def _atom(m: re.Match, text: str) -> _Atom | None:
    """Turn one _ATOM match into an atom, or None when its reading is not a valid date."""
    s, e = m.span()
    cy, ay, month_group, sy, em, iy = m.group("cy", "ay", "m", "sy", "em", "iy")  # which form matched
    if cy:
        md = _split_month_day(m.group("cmd"))
        return _Atom(s, e, md[0], md[1], int(cy)) if md else None
    if ay:
        am, ad, ads = m.group("am", "ad", "ads")
        day = _number(ad) if ad else None
        if day is not None and ads == "号" and _next_is_count(text, e):
            day, e = None, m.start("ad")
        return _Atom(s, e, int(am), day, int(ay)) if _valid(int(am), day) else None
    if month_group:
        year, rel = _year_of(m)
        month = _number(month_group)
        d, ds = m.group("d", "ds")
        day = _number(d) if d else None
        if day is not None and ds == "号" and _next_is_count(text, e):
            day, e = None, m.start("d")  # 5月1号楼: a building, not a day
        return _Atom(s, e, month, day, year, rel) if _valid(month, day) else None
    if sy:
        return None if _next_is_count(text, e) else _Atom(s, e, int(m.group("sm")), None, int(sy))
    if em:
        if _next_is_count(text, e) or not "\u4e00" <= text[e] <= "\u9fff":
            return None
        ey, er = m.group("ey", "er")
        return _Atom(s, e, int(em), None, int(ey) if ey else None, er)
    if iy:
        isep, im, id_ = m.group("isep", "im", "id")
        if isep in ".．" and not id_:
            return None  # 2021.5 is more likely a decimal than a month
        day = int(id_) if id_ else None
        return _Atom(s, e, int(im), day, int(iy)) if _valid(int(im), day) else None
    return None


def _after_not_date_word(text: str, start: int) -> bool:
    """为期3月, 每年5月, 农历五月: a duration, a recurrence or a lunar date, not a calendar date."""
    window = text[max(0, start - 4):start]
    return window.endswith(NOT_DATE_PREFIXES)


# ---------------------------------------------------------------- year statements

def _is_period_year(text: str, s: int, e: int) -> bool:
    """A year that starts or ends a span of years (2021-2025, 从xx年至2016年)."""
    if _PERIOD_AFTER.match(text, e):
        return True
    # _PERIOD_BEFORE ends with a connector and at most two spaces: test that before searching
    tail = text[max(0, s - 3):s].rstrip()
    return bool(tail) and tail[-1] in _CONNECTOR_ENDS and bool(_PERIOD_BEFORE.search(text, max(0, s - 12), s))


def _year_statements(text: str, starts: list[int] | None = None):
    """(position, year-or-MASKED-or-None, relative word) for every year stated in text.

    Lazy without `starts` (reference_year mostly needs the first one only); with the text's
    _starts for _YEAR, all of them at once for less."""
    found = _years_by_chunks(text) if starts is None else _matches(_YEAR, text, starts)
    for m in found:
        s, e = m.span()
        if m.group("yb"):
            if _next_is_count(text, e) or (s and text[s - 1] in _DOC_BRACKETS):
                continue
            year = int(m.group("yb"))
            if not 1980 <= year <= 2049:
                continue
        elif s and text[s - 1] in _DOC_BRACKETS:
            continue  # 〔2021〕2号: a document number
        if not m.group("yr") and _is_period_year(text, s, e):
            continue
        year, rel = _year_of(m)
        if m.group("yb"):
            year = int(m.group("yb"))
        yield s, year, rel


def _apply_rel(rel: str, ref: int | None, near: int | str | None) -> int | str:
    base, offset = REL_YEARS[rel]
    year = ref if base == "ref" else (near if near is not None else ref)
    if year is None or year == MASKED:
        return MASKED
    return year + offset


def reference_year(title: str | None, text: str, published: str | None = None) -> int | None:
    """The year the report is about.

    From its title ('2021年科协工作总结', '2020科技活动周工作总结'); a masked year in the title
    ('20xx年…') gives None. Else the first plain year stated in the text (masked years, spans
    of years like 2021-2025 and document numbers are skipped). Else the year of `published`
    (ISO 'YYYY-MM-DD'). None when nothing gives one.
    """
    if title:
        for _, year, rel in _year_statements(_half_width(title)):
            if rel is None:
                return None if year == MASKED else year
    for _, year, rel in _year_statements(_half_width(text or "")):
        if rel is None and year != MASKED:
            return year
    if published and re.match(r"(?:19|20)\d\d", published):
        return int(published[:4])
    return None


# ---------------------------------------------------------------- dates

def _iso(year: int | str | None, month: int, day: int | None) -> str:
    y = MASKED if year is None or year == MASKED else f"{year:04d}"
    return f"{y}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


class _Years:
    """The year in force at a point: the nearest statement before it in the same paragraph."""

    def __init__(self, text: str, ref: int | None, starts: list[int]):
        self.ref = ref
        self.statements = list(_year_statements(text, starts))
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self.i = 0
        self.current: tuple[int, int | str] | None = None  # (paragraph, year)

    def _paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.newlines, pos - 1) if pos else 0

    def note(self, pos: int, year: int | str) -> None:
        self.current = (self._paragraph(pos), year)

    def at(self, pos: int) -> int | str | None:
        """The year in force at pos (None when nothing is known)."""
        while self.i < len(self.statements) and self.statements[self.i][0] < pos:
            spos, year, rel = self.statements[self.i]
            if rel is not None:
                year = _apply_rel(rel, self.ref, self._near(spos))
            self.note(spos, year)
            self.i += 1
        near = self._near(pos)
        return near if near is not None else self.ref

    def _near(self, pos: int) -> int | str | None:
        if self.current and self.current[0] == self._paragraph(pos):
            return self.current[1]
        return None

    def resolve(self, atom: _Atom) -> int | str | None:
        """The year of an atom: its own, its relative word's, or the one in force."""
        if atom.rel:
            return _apply_rel(atom.rel, self.ref, self._near_after(atom.start))
        if atom.year is not None:
            return atom.year
        return self.at(atom.start)

    def _near_after(self, pos: int) -> int | str | None:
        self.at(pos)
        return self._near(pos)


def _head_of_month_range(text: str, atom: _Atom, floor: int):
    """'1-5月份': the start month (and year) written right before an atom, or None."""
    if atom.year is not None or atom.rel or atom.day is not None:
        return None
    lo = max(floor, atom.start - 16)
    # a match ends with a connector and at most two spaces: the connector's last character
    # stands in the last three of the window (the usual case: none, and no search)
    if _CONNECTOR_ENDS.isdisjoint(text[max(lo, atom.start - 3):atom.start]):
        return None
    m = _MONTH_RANGE_HEAD.search(text, lo, atom.start)
    if not m or not _valid(_number(m.group("m"))):
        return None
    return m


def _month_list_head(text: str, atom: _Atom, floor: int, years: "_Years", out: list) -> None:
    """'7、8月份': emit the bare month before '、' as a date of its own."""
    if atom.year is not None or atom.rel or atom.start < 2 or text[atom.start - 1] != "、":
        return  # (a match ends with 、)
    m = _MONTH_LIST_HEAD.search(text, max(floor, atom.start - 12), atom.start)
    if not m or not (1 <= _number(m.group("m")) < atom.month):
        return
    has_year = any(m.group(k) for k in ("y", "ym", "yc", "yr"))
    before = text[m.start() - 1] if m.start() else ""
    if not has_year and not "\u4e00" <= before <= "\u9fff":
        return  # at a line start or after punctuation, '1、' is a list marker
    hy, hrel = _year_of(m)
    year = years.resolve(_Atom(m.start(), m.end(), _number(m.group("m")), None, hy, hrel))
    end = m.end("m")
    out.append(_mention(text, m.start(), end, year, _number(m.group("m")), None, year, _number(m.group("m")), None))


def _mention(text, s, e, y1, m1, d1, y2, m2, d2) -> DateMention:
    precision = "day" if d1 is not None and d2 is not None else "month"
    return DateMention(text[s:e], s, e, _iso(y1, m1, d1), _iso(y2, m2, d2), precision)


def _year_of_iso(iso: str) -> int | str:
    return MASKED if iso.startswith(MASKED) else int(iso[:4])


def _month_range(text: str, head: re.Match, a: _Atom, years: "_Years", ref: int | None) -> DateMention:
    """'1-5月份', '2021年1-5月': from the head's month to the atom's."""
    hy, hrel = _year_of(head)
    if hrel:
        y1 = _apply_rel(hrel, ref, None)
    else:
        y1 = hy if hy is not None else years.at(head.start())
    m1 = _number(head.group("m"))
    mention = _mention(text, head.start(), a.end, y1, m1, None, _end_year(y1, m1, None, a.month), a.month, None)
    if _in_order(mention.start, mention.end):
        return mention
    # 'xx年11-2月': a masked year cannot roll, so only the start month is read.
    month_end = _MONTH_CHAR.match(text, head.end("m"), head.end())
    end = month_end.end() if month_end else head.end("m")
    return _mention(text, head.start(), end, y1, m1, None, y1, m1, None)


def _day_range_in_month(text: str, a: _Atom, year) -> DateMention | None:
    """'6月12~15日': a day range written after a bare month, or None."""
    if a.day is not None or text[a.end - 1] in "份旬初底末":
        return None
    tail = _DAY_RANGE_AFTER_MONTH.match(text, a.end)
    if not tail:
        return None
    d1, d2 = _number(tail.group("d1")), _number(tail.group("d2"))
    if not _valid(a.month, d1) or (d2 >= d1 and not _valid(a.month, d2)):
        return None
    end = _day_range_end(year, a.month, d1, d2)
    if end is None:  # '×年12月28~3日': only the start day is read
        return _mention(text, a.start, tail.end("d1"), year, a.month, d1, year, a.month, d1)
    return _mention(text, a.start, tail.end(), year, a.month, d1, end[0], end[1], d2)


def _day_range_end(year, month: int, d1: int, d2: int):
    """(year, month) of the end of a day range whose end states only its day d2, or None.

    '5月28日至3日': an end day before the start day runs into the next month (the year rolls
    after December) when that month has the day. None when the range would still end before
    it starts (the next month lacks the day, or a masked year cannot roll).
    """
    if d2 >= d1:
        return year, month
    year2 = year + 1 if month == 12 and isinstance(year, int) else year
    month2 = month % 12 + 1
    if not _day_exists(year2, month2, d2):
        return None
    if not _in_order(_iso(year, month, d1), _iso(year2, month2, d2)):
        return None
    return year2, month2


def _day_exists(year, month: int, day: int) -> bool:
    """The month has the day in that year (29 February only in a leap year, when the year is known)."""
    if isinstance(year, int):
        return 1 <= day <= calendar.monthrange(year, month)[1]
    return _valid(month, day)


def _in_order(start: str, end: str) -> bool:
    """End not before start, compared on the parts both have (a month holds its days); a masked
    year compares with a masked year only, as in the schema check."""
    if start[0].isdigit() != end[0].isdigit():
        return True
    n = min(len(start), len(end))
    return start[:n] <= end[:n]


def _end_year(y1, m1, y2, m2):
    """The year of a range's end that states none: the start's, or the next when it wraps."""
    if y2 is not None:
        return y2
    if isinstance(y1, int) and m2 < m1:
        return y1 + 1
    return y1


def find_dates(text: str, reference_year: int | None = None) -> list[DateMention]:
    """Every month- or day-level expression in simplified clean text, in text order.

    Each mention has its span into `text`, ISO partial `start`/`end` (YYYY-MM-DD or YYYY-MM,
    XXXX for a masked or unknowable year) and precision 'day' or 'month'. A date without a year
    takes the nearest year stated before it in the same paragraph, then `reference_year`.
    """
    original, text = text, _half_width(text)
    atom_starts, year_starts = _starts(text)
    atoms = [a for a in (_atom(m, text) for m in _matches(_ATOM, text, atom_starts)) if a]
    years = _Years(text, reference_year, year_starts)
    out: list[DateMention] = []
    last_end = 0
    i = 0
    while i < len(atoms):
        a = atoms[i]
        i += 1
        if a.start < last_end:
            continue
        start, end = a.start, a.end
        head = _head_of_month_range(text, a, last_end)
        if head:
            start = head.start()
        else:
            _month_list_head(text, a, last_end, years, out)
        if not a.year and not a.rel and _after_not_date_word(text, start):
            continue
        if a.day is None and _MASKED_DAY.match(text, end):
            continue
        if head:
            mention = _month_range(text, head, a, years, reference_year)
        else:
            y1 = years.resolve(a)
            mention = _day_range_in_month(text, a, y1)
        if mention:
            out.append(mention)
            years.note(mention.span_end, _year_of_iso(mention.end))
            last_end = mention.span_end
            continue
        m2, d2, y2 = a.month, a.day, y1
        conn = _CONN_ONLY.match(text, end)
        if conn and i < len(atoms) and atoms[i].start == conn.end():
            b = atoms[i]  # 9月14日-9月20日, 2020年12月至2021年3月, 12月至次年2月
            i += 1
            b_year = _apply_rel(b.rel, reference_year, y1) if b.rel else b.year
            y2 = _end_year(y1, a.month, b_year, b.month)
            if not _in_order(_iso(y1, a.month, a.day), _iso(y2, b.month, b.day)):
                # 9月27日-9月21日: no range; both dates are read on their own, b on the next turn
                i -= 1
                y2 = y1
            else:
                m2, d2, end = b.month, b.day, b.end
        elif a.day is not None:
            tail = _DAY_AFTER_DAY.match(text, end)
            if tail and _valid(a.month, _number(tail.group("d"))):
                day_end = _day_range_end(y1, a.month, a.day, _number(tail.group("d")))
                if day_end:  # else only the start day is read
                    y2, m2 = day_end
                    d2, end = _number(tail.group("d")), tail.end()
        out.append(_mention(text, start, end, y1, a.month, a.day, y2, m2, d2))
        years.note(end, y2 if y2 is not None else MASKED)
        last_end = end
        if d2 is not None:
            last_end = _list_days(text, out, y2, m2, last_end)
    for d in out:
        d.text = original[d.span_start:d.span_end]
    return [d for d in out if _on_calendar(d.start) and _on_calendar(d.end)]


def _on_calendar(iso: str) -> bool:
    """False for a day the resolved year does not have (29 February of a common year)."""
    parts = iso.split("-")
    if len(parts) < 3 or parts[0] == MASKED:
        return True
    return int(parts[2]) <= calendar.monthrange(int(parts[0]), int(parts[1]))[1]


def _list_days(text: str, out: list[DateMention], year, month: int, pos: int) -> int:
    """'5月8日、15日': further days of the same month; returns the new end of what was read."""
    while (m := _DAY_IN_LIST.match(text, pos)) and _valid(month, _number(m.group("d"))):
        s, e = m.start("d"), m.end()
        day = _number(m.group("d"))
        out.append(_mention(text, s, e, year, month, day, year, month, day))
        pos = e
    return pos
