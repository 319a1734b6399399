"""Pages that hold several reports: find the report headings and cut the page there.

A report heading is a short line such as '县科协科普工作总结篇1', '…工作总结二', '范文3',
'【篇一】…' or '第二篇'. Headings count only as a numbered series (1, 2, 3 …) with a
shared stem; a lone '…总结一' marks where the one report starts. What stands before the
first heading is the site's page title and intro blurb.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.clean.repair import DOC_WORDS
from pipeline.clean.text import Line
from pipeline.script import trie_pattern

HEADING_PUNCT = re.compile(r"[，,。、;；！!？?]")  # a heading may hold a colon: '范文1:…'
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DOC = "(?:" + trie_pattern(DOC_WORDS) + ")"  # the words longest first, as a trie
HEADING_FORMS = (
    # 县科协科普工作总结篇1 / …范文2 / …总结 篇三
    re.compile(rf"^(?P<stem>.{{2,40}}?)\s?(?P<kind>篇|范文|例文|模板|精选)\s?(?P<num>{NUM})$"),
    # 2020科技活动周工作总结一 / …总结(二) / …总结2
    re.compile(rf"^(?P<stem>.{{2,40}}?{DOC})\s?[(（【]?(?P<kind>)(?P<num>{NUM})[)）】]?$"),
    # 【篇一】… / 篇二:… / 第三篇 …
    re.compile(rf"^[【\[(（]?(?P<kind>篇|第)\s?(?P<num>{NUM})\s?篇?[】\])）]?[:：\s]?(?P<stem>.{{0,40}})$"),
    # 范文1:… / 范文二 …
    re.compile(rf"^[【\[(（]?(?P<kind>范文|例文|精选范文)\s?(?P<num>{NUM})[】\])）]?[:：\s]?(?P<stem>.{{0,40}})$"),
)


@dataclass
class Heading:
    index: int
    form: int
    kind: str
    stem: str
    num: int
    text: str


@dataclass
class Part:
    title: str | None
    lines: list[Line] = field(default_factory=list)
    marked: bool = False  # the part starts at a report heading


def number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CN_DIGITS.get(token[1], 0)
    if token.endswith("十"):
        return 10 * CN_DIGITS.get(token[0], 0)
    if "十" in token:
        a, b = token.split("十", 1)
        return 10 * CN_DIGITS.get(a, 0) + CN_DIGITS.get(b, 0)
    return CN_DIGITS.get(token, 0)


# A heading of the first two forms ends with a number or a bracket after it; one of the other
# two opens (after brackets) with 篇, 第, 范文, 例文 or 精选范文.
HEADING_LAST = frozenset("一二三四五六七八九十)）】")
HEADING_FIRST = frozenset("篇第范例精")


def heading(line: Line, index: int) -> Heading | None:
    s = line.s.strip()
    if len(s) > 50 or not (s[-1:] in HEADING_LAST or s[-1:].isdecimal() or s.lstrip("【[(（")[:1] in HEADING_FIRST):
        return None
    if HEADING_PUNCT.search(s.rstrip(":：")):
        return None
    for form, pattern in enumerate(HEADING_FORMS):
        m = pattern.match(s)
        if m:
            return Heading(index, form, m.group("kind"), m.group("stem").strip(), number(m.group("num")), line.text.strip())
    return None


def find_series(lines: list[Line]) -> list[Heading]:
    """The longest numbered series of report headings (1, 2, 3 … with one stem), in one
    pass: each kind of heading keeps its current series, a '1' starts a new one."""
    best: list[Heading] = []
    current: dict[tuple, list[Heading]] = {}
    for i, line in enumerate(lines):
        h = heading(line, i)
        if h is None:
            continue
        key = (h.form, h.kind, h.stem if h.form < 2 else "")
        series = current.get(key)
        if h.num == 1:
            current[key] = series = [h]
        elif series and h.num == series[-1].num + 1:
            series.append(h)
        else:
            continue
        if len(series) > len(best):
            best = series
    return best


def split_parts(lines: list[Line]) -> list[Part]:
    """Cut the page at its report headings; a page without them is one part."""
    series = find_series(lines)
    if not series:
        return [Part(title=None, lines=list(lines))]
    before = sum(len(line) for line in lines[: series[0].index])
    total = sum(len(line) for line in lines) or 1
    if len(series) == 1 and before > 0.3 * total:
        return [Part(title=None, lines=list(lines))]
    parts = []
    bounds = [h.index for h in series] + [len(lines)]
    for h, end in zip(series, bounds[1:]):
        if len(series) == 1:
            title = h.stem or None
        elif h.form >= 2 and h.stem:
            title = h.stem
        else:
            title = h.text
        parts.append(Part(title=title, lines=lines[h.index + 1:end], marked=True))
    return parts
