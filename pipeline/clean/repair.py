"""Re-joining what the site broke, and taking out what it slipped in.

- chunk numbers: some sites cut a document into chunks of a few hundred characters and
  number them '1、' '2、' …, cutting words in half. A run of consecutive numbers from 1 at
  the starts of long lines, most of them following a line that stops mid-sentence, is such
  a run; the report's own list markers do not follow a cut and do not run the whole page.
- PDF line wraps: when many lines stop mid-sentence at about the same width, a line of
  that width that stops mid-sentence goes on in the next line.
- injected link titles '(…工作总结)' and paragraphs from another document
  ('总之,半年来,我院在安全生产中…' in a science-week report).
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.clean.chrome import PAGER, may_be_pager
from pipeline.clean.text import TERMINAL, Line, ends_sentence, has_cjk, is_heading, phrases, width
from pipeline.script import trie_pattern

DOC_WORDS = phrases("doc_keywords.txt")
SUMMARY_OPENERS = tuple(phrases("summary_openers.txt"))
OPENER_FIRST = frozenset(o[0] for o in SUMMARY_OPENERS)  # one set lookup rules most paragraphs out
CHUNK_NO = re.compile(r"^(\d{1,3})(?:、|[.．](?!\d))\s?")
# Spaces before a list marker inside a line: where paragraphs were run together.
LIST_MARKER_AHEAD = r"(?=(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:、|\.(?!\d))|[①-⑳]))"
INNER_PARA = re.compile(r"\s+" + LIST_MARKER_AHEAD)
# The same on a line whose only whitespace is the space: ' (?: *)' is ' +' with a literal first
# character, which the regex engine looks for at C speed instead of trying every position.
SPACE_INNER_PARA = re.compile(" (?: *)" + LIST_MARKER_AHEAD)
LINK_TITLE = re.compile(
    r"[(（【\[]\s?[^()（）【】\[\]。，,；;！!？?：:\n]{2,40}?(?:"
    + trie_pattern(DOC_WORDS)
    + r")(?:\d{1,2}篇|范文|大全|精选|模板|汇编)?\s?[)）】\]]"
)
CONTINUES = frozenset("，,、（(“《—-")
OPENS_AS_CONTINUATION = frozenset("，,、。；;：:)）”》！!？?")


def repair_chunks(lines: list[Line]) -> list[Line]:
    """Remove site chunk numbers and re-join the words they cut (see module doc)."""
    groups: list[list[Line]] = []  # each group becomes one line
    i = 0
    while i < len(lines):
        run = chunk_run(lines, i) if lines[i].s[:1].isdecimal() else 0  # CHUNK_NO opens with a digit
        if not run:
            groups.append([lines[i]])
            i += 1
            continue
        for k in range(i, i + run):
            m = CHUNK_NO.match(lines[k].s)
            piece = lines[k].replace(0, m.end())
            prev = groups[-1][-1].s if groups else ""
            if groups and not ends_sentence(prev) and (k > i or (not is_heading(prev) and has_cjk(prev, 30))):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        i += run
    return [Line.join(g) for g in groups]


def chunk_run(lines: list[Line], start: int) -> int:
    """Length of a chunk-number run starting at `start` (0 when there is none)."""
    m = CHUNK_NO.match(lines[start].s)
    if not m or int(m.group(1)) != 1:
        return 0
    n, end = 1, start + 1
    while end < len(lines):
        m = CHUNK_NO.match(lines[end].s)
        if not m or int(m.group(1)) != n + 1:
            break
        n, end = n + 1, end + 1
    if n < 3:
        return 0
    run = lines[start:end]
    lengths = sorted(len(line) for line in run)
    cuts = sum(not ends_sentence(run[k - 1].s) for k in range(1, len(run)))
    if lengths[len(lengths) // 2] < 100 or cuts <= 0.5 * (len(run) - 1):
        return 0
    return n


def split_inner_paragraphs(lines: list[Line]) -> list[Line]:
    """'…工作。 一、坚持…' on one line: the space before a list marker was a paragraph break."""
    out = []
    # when every line is printable (most pages), the space is their only whitespace
    printable = "".join(line.s for line in lines).isprintable()
    for line in lines:
        pos = 0
        pattern = inner_para_pattern(line.s, printable or None)
        if pattern is None:
            out.append(line)
            continue
        for m in pattern.finditer(line.s):
            before = line.s[pos:m.start()]
            # after a full stop, or after a heading: '…发展 1、积极实施…'
            if before and (before[-1] in "。！？!?" or is_heading(before) and len(before) <= 40):
                out.append(Line(line.text[pos:m.start()], before))
                pos = m.end()
        out.append(Line(line.text[pos:], line.s[pos:]) if pos else line)
    return [line for line in out if line.text.strip()]


def inner_para_pattern(s: str, printable: bool | None = None) -> re.Pattern | None:
    """The pattern that finds INNER_PARA's matches in s (None: it has none). On a printable line
    the space is the only whitespace (every other whitespace character is unprintable), so
    SPACE_INNER_PARA, whose leading space the regex engine looks for at C speed, finds the same.
    `printable`: already known of s (True when the whole page is)."""
    if printable is None:
        printable = s.isprintable()
    if printable:
        return SPACE_INNER_PARA if " " in s else None
    return INNER_PARA


def may_be_link_title(s: str) -> bool:
    """Cheap test before LINK_TITLE: it opens with one of these brackets and closes with one."""
    return ("(" in s or "（" in s or "【" in s or "[" in s) and (")" in s or "）" in s or "】" in s or "]" in s)


def remove_inline(line: Line) -> Line:
    """Pager marks and injected link titles inside a line of text."""
    s = line.s
    # most lines: a few character tests (may_be_pager needs 页, or a digit or a space first)
    if not (("页" in s or s[:1].isdecimal() or s[:1].isspace()) and may_be_pager(s) or may_be_link_title(s)):
        return line.strip()
    for pattern, may_match in ((PAGER, may_be_pager), (LINK_TITLE, may_be_link_title)):
        while may_match(line.s):
            m = pattern.search(line.s)
            if not m:
                break
            line = line.replace(m.start(), m.end())
    return line.strip()


def wrap_width(lines: list[Line]) -> float | None:
    """The width a PDF wrapped the text at, when the page shows one."""
    # most lines end on a terminal mark: that alone says line.ends (no closer, no space after it)
    open_ends = [round(width(line.s)) for line in lines
                 if line.s[-1:] not in TERMINAL and not line.ends and has_cjk(line.s, 15) and not line.heading]
    if len(open_ends) < 4:
        return None
    counts = Counter(open_ends)
    best, top = None, 0
    for w in counts:
        near = sum(counts[v] for v in range(w - 2, w + 3))  # the widths within 2 of w (whole numbers)
        if near > top:
            best, top = w, near
    if top < 4 or top < 0.4 * len(open_ends) or best < 20:
        return None
    return float(best)


def join_wraps(lines: list[Line]) -> list[Line]:
    """Join a line to the next one when it was cut by a line wrap, not by the author."""
    wrap = wrap_width(lines)
    groups: list[list[Line]] = []
    for line in lines:
        # a line that ends on a terminal mark ends a sentence (see wrap_width): nothing continues it
        if groups and groups[-1][-1].s[-1:] not in TERMINAL and continues(groups[-1][-1], line, wrap):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Line.join(g) for g in groups]


def continues(prev: Line, line: Line, wrap: float | None) -> bool:
    p, s = prev.s, line.s
    if not p or not s or prev.ends or prev.heading:
        return False
    if s[0] in OPENS_AS_CONTINUATION:
        return True
    if p[-1] in CONTINUES and not prev.heading:
        return True
    if wrap is None:
        return False
    return width(p) >= wrap - 3 and has_cjk(p, 10)


SELF_BODIES = r"(?:街道|公司|单位|部门|中心|社区|协会|学院|医院|院|校|局|县|市|区|镇|乡|村|司|厂|部|所|站|委|办|系|班|园|会)"
SELF_REF = re.compile(r"[我本]" + SELF_BODIES)
# SELF_REF as one pattern per first character: a literal first character is looked for at C
# speed. No body word holds 我 or 本, so the two never overlap and together find what SELF_REF finds.
SELF_REF_PARTS = (re.compile("我" + SELF_BODIES), re.compile("本" + SELF_BODIES))


def self_refs(s: str) -> Counter:
    """How often each SELF_REF match occurs in s."""
    found = Counter(SELF_REF_PARTS[0].findall(s))
    found.update(SELF_REF_PARTS[1].findall(s))
    return found


def is_injected(paras: list[Line], i: int) -> bool:
    """A paragraph from another document: a closing summary in the middle of the article
    that speaks as another body ('我院' in a report that says '我县' throughout)."""
    return i in injected(paras)


def drop_injected(paras: list[Line]) -> list[Line]:
    drop = injected(paras)
    return [p for i, p in enumerate(paras) if i not in drop]


def injected(paras: list[Line]) -> set[int]:
    """Indexes of the paragraphs is_injected finds. What it asks of the other paragraphs (at
    least 10 CJK characters, their self-references) is asked only once a paragraph opens like
    a summary and speaks as some body itself, and only as far as the answer needs."""
    openers = [i for i, p in enumerate(paras)
               if p.s[:1] in OPENER_FIRST and p.s.startswith(SUMMARY_OPENERS) and len(p.s) <= 300]
    out: set[int] = set()
    everywhere: Counter | None = None  # self-references of all paragraphs, with how often
    for i in openers:
        own = self_refs(paras[i].s)
        if not own or n_long(paras[i + 1:], 2) < 2 or n_long(paras[:i], 1) < 1:
            continue
        if everywhere is None:  # no match spans a newline: one findall finds what each paragraph's would
            everywhere = self_refs("\n".join(p.s for p in paras))
        rest = {ref for ref, n in everywhere.items() if n > own[ref]}  # found outside paragraph i
        if rest and not own.keys() & rest:
            out.add(i)
    return out


def n_long(paras: list[Line], limit: int) -> int:
    """How many paragraphs hold at least 10 CJK characters, counted up to `limit`."""
    n = 0
    for p in paras:
        if n >= limit:
            break
        n += has_cjk(p.s, 10)
    return n


def strip_title_copies(line: Line, titles: list[str]) -> Line | None:
    """'标题标题正文…' at the start of an article: the site printed the title into the text."""
    changed = True
    while changed:
        changed = False
        for t in titles:
            if t and len(t) >= 4 and line.s.startswith(t):
                line = line.replace(0, len(t)).strip()
                changed = True
                if not line.text:
                    return None
    return line
