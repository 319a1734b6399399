"""Line objects and the character classes every cleaning rule uses.

Rules match against a simplified view of each line (OpenCC t2s), so a traditional page
is cleaned exactly like its simplified original; the text that is kept is the page's own.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from pipeline.resources_path import read_lines
from pipeline.script import trie_pattern

# Ends of a sentence (or of a complete clause that may close a paragraph); a closing
# quote or bracket ends one only after one of these ('…。”', but not '…进行时”').
TERMINAL = frozenset("。.!！?？;；:：…")
CLOSERS = frozenset("」』”\"'’)）》】]〕")
CLOSER_CHARS = "".join(sorted(CLOSERS))
SENTENCE_END = re.compile(r"[。！!？?；;]")
SENT_PUNCT = re.compile(r"[，,。、;；：:！!？?]")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
# "at least n of": complementary classes, possessive repeats, anchored: linear, and they stop
# early on a long line instead of scanning all of it
CJK_30 = re.compile(r"(?:[^\u3400-\u9fff\uf900-\ufaff]*+[\u3400-\u9fff\uf900-\ufaff]){30}")
SENT_PUNCT_2 = re.compile(r"(?:[^，,。、;；：:！!？?]*+[，,。、;；：:！!？?]){2}")
SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a]+")
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff`´]")  # zero-width marks and anti-copy backticks
# What INVISIBLE drops and SPACES folds, other than the plain space, as a table over code points.
SPACING = np.zeros(0x110000, dtype=bool)
SPACING[[ord(c) for c in "\t\u00a0\u3000`´\u2060\ufeff"]] = True
SPACING[0x2002:0x2010] = True  # U+2002-U+200A spaces and U+200B-U+200F zero-width marks
SPACE_RUN = re.compile("  +")  # " {2,}" with a literal first space, which the regex engine finds at C speed
CN_NUM = "一二三四五六七八九十百零〇"
# The report's own list markers and headings: 一、 (一) 1、 1. ① 第一章
LIST_MARKER = re.compile(
    rf"^(?:[{CN_NUM}]{{1,3}}\s?[、.．]|[(（]\s?[{CN_NUM}\d]{{1,3}}\s?[)）]|\d{{1,2}}\s?[、．]|\d{{1,2}}\.(?!\d)"
    rf"|第[{CN_NUM}\d]{{1,3}}[章节部分条点]|[①-⑳])"
)
DATE_LIKE = re.compile(rf"(?:\d{{2,4}}|[{CN_NUM}○xX]{{2,4}})\s?年\s?(?:\d{{1,2}}|[{CN_NUM}]{{1,3}})\s?月")
ORG_END = re.compile(
    r"(?:协会|科协|委员会|办公室|政府|局|中心|学校|学院|大学|小学|中学|公司|支部|委|部|处|所|站|院|社区|村|街道|镇|乡|县|市|区|党委|团委|工会|联合会|学会|科)$"
)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """t2s view of `text` with the same length (character by character when phrases differ)."""
    conv = _t2s().convert(text)
    if len(conv) == len(text):
        return conv
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, _t2s().convert(ch)) for ch in text))


class Line:
    """One line of the page: its own text and a simplified view for matching."""

    __slots__ = ("text", "s", "_body", "_ends", "_heading")

    def __init__(self, text: str, s: str | None = None):
        self.text = text
        self.s = simplified(text) if s is None else s
        self._body = self._ends = self._heading = None

    # The stage asks these of one line several times (is_body up to four): each is worked out once.
    @property
    def body(self) -> bool:
        """is_body(self.s)."""
        if self._body is None:
            self._body = is_body(self.s)
        return self._body

    @property
    def ends(self) -> bool:
        """ends_sentence(self.s)."""
        if self._ends is None:
            self._ends = ends_sentence(self.s)
        return self._ends

    @property
    def heading(self) -> bool:
        """is_heading(self.s)."""
        if self._heading is None:
            self._heading = is_heading(self.s)
        return self._heading

    def replace(self, start: int, end: int, new: str = "") -> "Line":
        """A copy with text[start:end] replaced by `new` (same in both views)."""
        return Line(self.text[:start] + new + self.text[end:], self.s[:start] + new + self.s[end:])

    def strip(self) -> "Line":
        text = self.text.strip()
        if text == self.text:
            return self
        lead = len(self.text) - len(self.text.lstrip())
        return Line(text, self.s[lead:lead + len(text)])

    def __add__(self, other: "Line") -> "Line":
        return Line(self.text + other.text, self.s + other.s)

    @staticmethod
    def join(lines: list["Line"]) -> "Line":
        """One line made of several (joined in one pass: no quadratic copying)."""
        if len(lines) == 1:
            return lines[0]
        return Line("".join(x.text for x in lines), "".join(x.s for x in lines))

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"Line({self.text[:40]!r})"


def to_lines(text: str) -> list[Line]:
    """Non-empty lines, spaces normalised, invisible marks dropped."""
    # Neither pattern matches a newline, so substituting over the whole text is the same as
    # line by line; the strip stays per line.
    raws = [raw for raw in map(str.strip, normal_spacing(text).split("\n")) if raw]
    return list(map(Line, raws, simplified_lines(raws)))


def normal_spacing(text: str) -> str:
    """SPACES.sub(" ", INVISIBLE.sub("", text)), by str.replace of the few SPACING characters
    the text holds (one vectorised look over its code points finds them; two regex scans of a
    page cost much more): invisible ones go, spaces become ' ', then runs of ' ' are folded.
    Deleting and mapping characters one for one keep the runs SPACES would fold."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    found = codes[SPACING[codes]]
    for code in set(found.tolist()):  # a few codes at most: a set is cheaper than np.unique
        ch = chr(code)
        text = text.replace(ch, "" if INVISIBLE.match(ch) else " ")
    return SPACE_RUN.sub(" ", text) if "  " in text else text


def simplified_lines(raws: list[str]) -> list[str]:
    """`simplified` of each line, with one OpenCC call for the lot: no dictionary phrase
    holds a newline, so each line converts as it would alone. A line whose length changed
    (or a split that does not give the lines back) goes through `simplified` by itself."""
    joined = "\n".join(raws)
    whole = _t2s().convert(joined)
    if whole == joined:  # nothing to convert (most simplified pages)
        return list(raws)
    conv = whole.split("\n")
    if len(conv) != len(raws):
        return [simplified(raw) for raw in raws]
    if list(map(len, conv)) == list(map(len, raws)):  # every line kept its length
        return conv
    return [c if len(c) == len(raw) else simplified(raw) for raw, c in zip(raws, conv)]


def ends_sentence(s: str) -> bool:
    s = s.rstrip().rstrip(CLOSER_CHARS)  # closers off the end, then is the last one terminal
    return bool(s) and s[-1] in TERMINAL


def is_heading(s: str) -> bool:
    """A short line opened by a list marker and holding no full sentence: a section
    heading of the report ('一、基本情况', '(二)读书活动')."""
    return len(s) <= 60 and bool(LIST_MARKER.match(s)) and not SENTENCE_END.search(s[:-1])


def width(s: str) -> float:
    """Display width: a CJK character 1, an ASCII character 1/2."""
    if not s:
        return 0
    ascii_chars = len(s) if s.isascii() else len(s.encode("ascii", "ignore"))
    return len(s) - 0.5 * ascii_chars  # multiples of 0.5: exact, same as a per-character sum


CJK_AT_LEAST: dict[int, re.Pattern] = {}


def has_cjk(s: str, n: int) -> bool:
    """n_cjk(s) >= n, stopping after the n-th CJK character (see CJK_30)."""
    pattern = CJK_AT_LEAST.get(n)
    if pattern is None:
        pattern = CJK_AT_LEAST[n] = re.compile(
            rf"(?:[^\u3400-\u9fff\uf900-\ufaff]*+[\u3400-\u9fff\uf900-\ufaff]){{{max(n, 0)}}}")
    return pattern.match(s) is not None


def n_cjk(s: str) -> int:
    # deleting the (few, long) runs of other characters is faster than listing CJK ones
    return len(NOT_CJK.sub("", s))


def is_body(s: str) -> bool:
    """A line that reads as report prose: long enough and punctuated like sentences."""
    return len(s) >= 30 and CJK_30.match(s) is not None and SENT_PUNCT_2.match(s) is not None


def phrases(name: str) -> list[str]:
    """A phrase list from pipeline/resources/chrome/, longest first."""
    return sorted(set(read_lines(f"chrome/{name}")), key=len, reverse=True)


def phrase_pattern(items: list[str]) -> re.Pattern:
    """The alternation of the phrases, longest first, as a trie (same matches, found faster)."""
    return re.compile(trie_pattern(items))
