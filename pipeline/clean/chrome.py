"""Which lines are site chrome: by phrase lists (data files) and by shape.

Every test here looks at the simplified view of a line. A line is chrome when it is a
pager, a crumb, a footer, a block of file facts ('key:value'), a row of menu words, a
site's notice, or when it is made of chrome phrases only. Runs of such lines at the top
and bottom of the page, and everything after a 'related documents' heading, go too.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import attrgetter

from pipeline.clean.text import (
    LIST_MARKER, SENT_PUNCT, Line, ends_sentence, has_cjk, is_heading, phrase_pattern, phrases,
)
from pipeline.script import trie_pattern

LINE_PHRASES = phrase_pattern(phrases("line_phrases.txt"))
STRONG_PHRASES = phrases("strong_phrases.txt")
STRONG = phrase_pattern(STRONG_PHRASES)
TRAILER = frozenset(phrases("trailer_markers.txt"))
NOTICE = frozenset(phrases("notice_heads.txt"))
META_KEYS = phrases("meta_keys.txt")
META_KEY = re.compile(
    r"(?:" + trie_pattern(META_KEYS) + r")\s?[:：]\s?[^\s:：]{0,30}"
    r"|(?:时间|日期)\s?[:：]\s?(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s?\d{1,2}:\d{2}(?::\d{2})?)?"
)
META_ENDS = frozenset(META_KEYS) | {"时间", "日期"}  # what stands before the colon of a META_KEY match
META_END_LEN = max(map(len, META_ENDS))

PAGER = re.compile(
    r"第\s?\d{1,4}\s?页\s?[/／,，、|]?\s?共\s?\d{1,4}\s?页"
    r"|(?:^|(?<=\s))\S{0,80}?\.(?:docx?|pdf|pptx?|txt|wps|xlsx?)_第\s?\d{1,4}\s?页"
    r"|共\s?\d{1,4}\s?页"
    r"|^\s?\d{1,4}\s?/\s?\d{1,4}\s?$"
    r"|^(?:\d{1,3}\s){2,12}\d{1,3}$",
    re.IGNORECASE,
)
CRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置|位置)\s?[:：]|^首页\s?[>›»/]|(?:\s?[>›»]\s?[^>›»]{1,12}){2,}")
FOOTER = re.compile(r"ICP[备证]|公网安备|©|\(c\)\s?\d{4}|copyright|版权所有|all rights reserved", re.IGNORECASE)
URL = re.compile(r"https?://|www\.|\b[a-z0-9-]{2,30}\.(?:com|cn|net|org|cc|top)\b", re.IGNORECASE)
DOC_FILE = re.compile(r"\.(?:docx?|pdf|pptx?|txt|wps|xlsx?)\s?$", re.IGNORECASE)
SITE_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,10}(?:网|网站|文库|文档网|范文网|资料网|之家)$")
# Cheap test before URL: its forms hold '://', 'www.' or a dot before one of its domains (no other
# character folds to these letters in IGNORECASE)
MAY_BE_URL = re.compile(r"[wW]\.|\.[cnotCNOT]")
# SITE_NAME's last character, or the newline its $ may stand before
SITE_NAME_LAST = frozenset("网站库家\n")
MENU_SPLIT = re.compile(r"[|｜/·•>»›\s]+")
LEFTOVER = re.compile(r"[\s\d\W_a-zA-Z]+")
NUMBERED = re.compile(r"^\s?\d{1,2}\s?[.、．)）]")


def more_kept(n: int) -> re.Pattern:
    """Matches (at the start) a line of which LEFTOVER would leave more than `n` characters:
    it stops after n + 1 of them instead of rewriting the whole line. The two classes are
    complements and the repeat is possessive, so it stays linear."""
    return re.compile(rf"(?:[\s\d\W_a-zA-Z]*+[^\s\d\W_a-zA-Z]){{{n + 1}}}")


def kept_outside(items) -> re.Pattern:
    """Matches a character that LEFTOVER keeps and no item holds: a line that has one is not
    made of items and LEFTOVER characters only (one short scan rules most lines out)."""
    chars = "".join(re.escape(c) for c in sorted({c for item in items for c in item}))
    return re.compile(rf"[^\s\d\W_a-zA-Z{chars}]")


MORE_THAN_2 = more_kept(2)
MORE_THAN_4 = more_kept(4)
NOTICE_TUPLE = tuple(NOTICE)
NOTICE_LONGER = more_kept(max(map(len, NOTICE), default=0))
TRAILER_LONGER = more_kept(max(map(len, TRAILER), default=0))
NOTICE_OUTSIDE, TRAILER_OUTSIDE = kept_outside(NOTICE), kept_outside(TRAILER)
LINE_PHRASES_OUTSIDE = kept_outside(phrases("line_phrases.txt"))
NOTICE_TRAILER_OUTSIDE = kept_outside(NOTICE | TRAILER)


def bare_in(s: str, items: frozenset, longer: re.Pattern, outside: re.Pattern | None = None) -> bool:
    """LEFTOVER.sub("", s) in items; lines that keep a character no item holds (`outside`,
    kept_outside(items)), or that would leave more than the longest item, are ruled out
    without the substitution."""
    return not (outside and outside.search(s)) and not longer.match(s) and LEFTOVER.sub("", s) in items


def strong_hits(s: str) -> int:
    return len(set(STRONG.findall(s)))


def strong_hits_per_line(texts: list[str]) -> list[int]:
    """strong_hits of each text, from one pass of STRONG over the texts joined by newlines: no
    phrase holds a newline, so the matches are those of each text on its own."""
    hits = [0] * len(texts)
    found = {(m.start(), m.group()) for m in STRONG.finditer("\n".join(texts))}
    if not found:  # most pages' lines hold none
        return hits
    starts = list(accumulate((len(s) + 1 for s in texts[:-1]), initial=0))
    for line, _ in {(bisect_right(starts, start) - 1, phrase) for start, phrase in found}:
        hits[line] += 1
    return hits


def may_be_pager(s: str) -> bool:
    """Cheap test before PAGER: its forms hold 页 with 第 or 共, or are a line of at most 52
    characters (with a final newline) that opens with a digit, or with one space and a digit,
    and is either '1 / 3' or a row of at most 13 numbers of up to 3 digits."""
    if "页" in s and ("第" in s or "共" in s):
        return True
    if len(s) > 52 or not (s[:1].isdecimal() or (s[:1].isspace() and s[1:2].isdecimal())):
        return False
    # '1 / 3' holds a '/'; a row of numbers is digits and whitespace only
    return "/" in s or "".join(s.split()).isdecimal()


def is_pager(s: str) -> bool:
    """A line made of pager marks: removing PAGER's matches leaves at most 2 characters that
    LEFTOVER keeps. The text before the first match is left over too, so a match has to start
    before the third kept character; on a long line only those few starts are tried."""
    if not may_be_pager(s):
        return False
    third = MORE_THAN_2.match(s)
    if third is None:
        found = PAGER.search(s) is not None
    else:  # PAGER.match at i is PAGER.search's match when that starts at i (anchors and lookbehind alike)
        found = any(PAGER.match(s, i) for i in range(third.end()))
    return found and not MORE_THAN_2.match(PAGER.sub("", s))


def may_be_footer(s: str) -> bool:
    """Cheap test before FOOTER: its forms hold ©, 公网安备 or 版权所有, or a c/C (ICP, (c),
    copyright) or an a/A (all rights reserved); no other character folds to c or a."""
    return "c" in s or "C" in s or "a" in s or "A" in s or "©" in s or "公网安备" in s or "版权所有" in s


def may_be_meta(s: str) -> bool:
    """Cheap test before META_KEY (which tries its keys at every position): each of its forms is
    a key, at most one whitespace character and a colon."""
    for colon in ":：":
        end = s.find(colon)
        while end >= 0:
            for stop in (end, end - 1) if end and s[end - 1].isspace() else (end,):
                for k in range(1, min(META_END_LEN, stop) + 1):
                    if s[stop - k:stop] in META_ENDS:
                        return True
            end = s.find(colon, end + 1)
    return False


def may_be_crumb(s: str) -> bool:
    """Cheap test before CRUMB: every form of it holds one of these."""
    return "位置" in s or "首页" in s or ">" in s or "›" in s or "»" in s


def line_reason(s: str, hits: int | None = None) -> str | None:
    """Why one line (simplified view) is chrome, or None. `hits`: strong_hits(s) if known.
    (Cheap length and character tests run before the patterns they guard, and "LEFTOVER
    leaves at most n characters" is asked of a more_kept pattern; the answer is the same.)"""
    if not s:
        return "empty"
    n = len(s)
    # is_pager needs 页, or a digit or a space first (see may_be_pager)
    if ("页" in s or s[0].isdecimal() or s[0].isspace()) and is_pager(s):
        return "pager"
    if n <= 80 and "." in s[-7:] and DOC_FILE.search(s):  # '.' + at most 4 letters, a space, a newline
        return "file name"
    if n <= 80 and "。" not in s and may_be_crumb(s) and CRUMB.search(s):
        return "crumb"
    if n <= 300 and may_be_footer(s) and FOOTER.search(s):
        return "footer"
    if hits is None:
        hits = strong_hits(s)
    if (hits >= 1 and n <= 150) or hits >= 2:
        return "site phrase"
    if n <= 160 and (":" in s or "：" in s) and may_be_meta(s) and META_KEY.search(s) \
            and not MORE_THAN_4.match(META_KEY.sub("", s)):
        return "file facts"
    if n <= 40 and not LINE_PHRASES_OUTSIDE.search(s) and not LEFTOVER.sub("", LINE_PHRASES.sub("", s)):
        return "chrome words"
    if n <= 60 and is_menu(s):
        return "menu"
    if n <= 14 and s[-1] in SITE_NAME_LAST and SITE_NAME.match(s):  # at most 10 + 3 characters, and a final newline
        return "site name"
    if n <= 60 and ("://" in s or ("." in s and MAY_BE_URL.search(s))) and URL.search(s):
        return "url"
    if not MORE_THAN_2.match(s) and not LIST_MARKER.match(s):  # LEFTOVER leaves <= 2 characters
        return "fragment"
    return None


def is_menu(s: str) -> bool:
    """A row of three or more short words with no sentence punctuation: menu, tags, tabs."""
    if len(s) > 60 or SENT_PUNCT.search(s):
        return False
    tokens = [t for t in MENU_SPLIT.split(s) if t]
    return len(tokens) >= 3 and all(len(t) <= 8 for t in tokens) and sum(has_cjk(t, 2) for t in tokens) >= 3


VIEW = attrgetter("s")  # a Line's simplified view


def learn_reasons(lines: list[Line], known: dict[str, str | None]) -> None:
    """line_reason of every line not yet in `known`, with one STRONG pass for them all."""
    new = [s for s in dict.fromkeys(map(VIEW, lines)) if s not in known]
    for s, hits in zip(new, strong_hits_per_line(new)):
        known[s] = line_reason(s, hits)


def classify(lines: list[Line], known: dict[str, str | None] | None = None) -> list[str | None]:
    """Reason per line (None = text). Adds what only context shows: notice blocks and the
    tail of the page after a 'related documents' heading. `known` collects line_reason
    answers for reuse."""
    known = {} if known is None else known
    learn_reasons(lines, known)
    reasons = [known[line.s] for line in lines]
    # a line that keeps a character neither a notice head nor a trailer marker holds is neither
    # (one search for both bare_in tests)
    may_be_bare = [not NOTICE_TRAILER_OUTSIDE.search(line.s) for line in lines]
    in_notice = False
    for i, line in enumerate(lines):
        if may_be_bare[i] and bare_in(line.s, NOTICE, NOTICE_LONGER, NOTICE_OUTSIDE) or (reasons[i] and line.s.startswith(NOTICE_TUPLE)):
            reasons[i], in_notice = "notice", True
        elif in_notice and NUMBERED.match(line.s) and not is_body_heading(line.s):
            reasons[i] = "notice"
        else:
            in_notice = False
    # After the first line of prose, a trailer heading (a line of text that is not prose) cuts
    # the page. is_body is asked only where the answer matters: up to that first line, and of
    # the few later lines that read as a trailer heading.
    seen_body = False
    for i, line in enumerate(lines):
        if not seen_body:
            seen_body = reasons[i] is None and line.body
        elif may_be_bare[i] and bare_in(line.s, TRAILER, TRAILER_LONGER, TRAILER_OUTSIDE) \
                and not (reasons[i] is None and line.body):
            for j in range(i, len(lines)):
                reasons[j] = reasons[j] or "trailer"
            break
    return reasons


def is_body_heading(s: str) -> bool:
    """A numbered line that reads as the report's own (a heading or a full sentence)."""
    return is_heading(s) and strong_hits(s) == 0 and ends_sentence(s) is False and len(s) <= 20
