"""Activities of one article: event mentions merged into events, dates and counts tied to them.

Merging: two mentions name the same event when, after dropping quotes, year, place
and ordinal prefixes, their cores are equal, one ends the other (科普日 / 全国科普日),
one is an abbreviation of the other (科普周 / 科普宣传周, 讲、比 / 讲理想、比贡献), or a
head-less short name begins the long one (低碳 / 低碳校园行) — and their ordinals, where
both have one, agree. An event is named by its most specific mention: one with an
ordinal, then one that is not a bare suffix of another or led by a place, then the
most frequent, then the longest.

Linking a date or count, first rule that answers:
1. a cumulative total (截至…) or a count of a listed set (A、B等10余个赛事) → none;
2. an event named in its own clause (before it, else after it);
3. an event named in an earlier clause of its sentence, whose clause holds no count
   of its own (the sentence's subject: 5月17日…第二十六届科普周开幕式…;…2万余人次);
4. the event the previous sentences of its block were about (one event named, carried
   on through sentences naming none: 活动累计发放…; a summary 此次科普周活动…);
5. the event named in the first sentence of its block (a run-in heading 2、认真组织开展…活动。);
6. the event named in the nearest heading line above it that names one (二、…科普日活动丰富多彩).
Mentions inside 以…为目标/契机/载体 frames do not govern anything but their own clause.

Dates left over in a sentence with an activity verb (举办, 开展, 召开 …) make an
unnamed activity, with the leftover counts of the same sentence.
"""
from __future__ import annotations

import re as stdre
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from pipeline.model import Activity, CountMention, DateMention, EventMention

# The whitespace of the `regex` module's \s, spelled out for patterns run on the standard
# engine, whose \s also takes \x1c-\x1f (tests/test_speed_assemble.py checks they agree).
WS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Plain character classes: the standard engine scans them faster and reads them alike.
SENTENCE = stdre.compile(rf"[^{WS}。!！?？][^。!！?？\n]*[。!！?？]?")
CLAUSE_END = stdre.compile(r"[,，;；:：。!！?？\n]")
CLAUSE_RUN = stdre.compile(r"[^,，;；:：。!！?？\n]+")  # a clause when no quote is around
# What stands between two of them. (Spelled X[X]*, not [X]+: the standard engine scans fast
# only for a pattern whose first item is one character or class, and a repeat is none.)
CLAUSE_END_RUN = stdre.compile(r"[,，;；:：。!！?？\n][,，;；:：。!！?？\n]*")
CLAUSE_END_CHARS = frozenset(",，;；:：。!！?？\n")
QUOTED = stdre.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"")
# QUOTED's two kinds apart: a pattern led by one literal character is scanned for it by a fast
# search, one led by a character class is tried at every position
CURLY_QUOTED = stdre.compile(r"“[^“”\n]{0,40}”")
STRAIGHT_QUOTED = stdre.compile(r"\"[^\"\n]{0,40}\"")
JOINT_BEFORE = re.compile(r"暨\p{Han}{0,3}$")
MAX_CARRY = 2
MARKER = r"(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
HEADING = re.compile(rf"^\s*{MARKER}")
# A block starts at a list marker right after a sentence end (group 1 is the marker). The end
# mark is matched, not looked behind at: a lookbehind is tried at every position of the text.
BLOCK_START = re.compile(rf"[。!！?？]\s*({MARKER})")
# Where a MARKER can stand, as the standard engine reads it: a pattern matching wherever MARKER
# matches, and in a few more places (no lookahead; digits and parentheses mixed; the regex
# module's \d, which takes a few digits beyond the BMP that Python's does not know, as any
# character beyond the BMP). With \s, which on this engine also takes \x1c-\x1f, it finds
# every place BLOCK_START and HEADING can match, and a few more, which those then try.
DIGIT_LIKE = r"\d\U00010000-\U0010ffff"
MARKER_LIKE = (
    rf"(?:[一二三四五六七八九十]{{1,3}}、|[(（][一二三四五六七八九十{DIGIT_LIKE}]{{1,3}}[)）]"
    rf"|[{DIGIT_LIKE}]{{1,2}}[、.．]|[①②③④⑤⑥⑦⑧⑨⑩])"
)
BLOCK_CANDIDATE = stdre.compile(rf"[。!！?？](?=\s*{MARKER_LIKE})")
# BLOCK_CANDIDATE's two parts: led by the literal 。, scanned for it by a fast search; and the
# other end marks, which most texts do not hold (see _block_candidates)
BLOCK_CANDIDATE_STOP = stdre.compile(rf"。(?=\s*{MARKER_LIKE})")
BLOCK_CANDIDATE_OTHER = stdre.compile(rf"[!！?？](?=\s*{MARKER_LIKE})")
# a line HEADING may match (whitespace but no newline before the marker: a match is one line);
# after the first line, led by its newline (a pattern led by ^ is tried at every position)
HEADING_CANDIDATE = stdre.compile(rf"[^\S\n]*{MARKER_LIKE}")
LATER_HEADING_CANDIDATE = stdre.compile(rf"\n[^\S\n]*{MARKER_LIKE}")
NEWLINES = stdre.compile(r"\n\n*")  # (not \n+: see CLAUSE_END_RUN)
FRAME = re.compile(r"以[^,，。;；!！?？\n]{1,40}?为(?:目标|契机|载体|抓手|主线|宗旨|核心|重点|指导|引领)")
# CUMULATIVE is matched at a clause's start, in the text itself (no copy of the clause)
CUMULATIVE = re.compile(r"\s*(?:截至|截止)")
CUMULATIVE_WORD = stdre.compile(r"截至|截止")
ACTIVITY_VERB = stdre.compile(r"举办|举行|开展|召开|组织|启动|开幕|开通|主办|承办|参加")

# merging
PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》〈〉()（）\[\]【】·•,，.。、:：;；!！?？\-—~～]+")
YEAR_LEAD = re.compile(r"^(?:(?:19|20)\d\d|20[xX×]{2}|[xX]{2}|某某|[一二〇零○]{4})年度?")
ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇两\d]{1,5}(?:届|次)|首届")
PLACE_LEAD = re.compile(r"^(?:(?:[xX]{2}|某某|\p{Han}{1,3})(?:省|市|县|区|镇|乡|街道)|全国|全省|全市|全县|全区)")
HEADS = re.compile(r"(?:周|日|月|节|会|赛|展|班|营|行|评选|调查|工程|计划|下乡|活动|行动|论坛|讲座|仪式)$")

# location and organizer
PLACE_WORDS = (
    "广场|小学|中学|学校|大学|学院|幼儿园|中心|社区|公园|科技馆|博物馆|图书馆|文化馆|馆|礼堂|会议室|报告厅|"
    "剧院|剧场|小区|门口|园区|基地|大厦|酒店|宾馆|会堂|体育场|体育馆|村"
)
LOCATION = re.compile(rf"在(?P<loc>[\p{{Han}}A-Za-z0-9]{{2,20}}?(?:{PLACE_WORDS}))")
LOCATION_MORE = re.compile(rf"\p{{Han}}{{1,6}}?(?:{PLACE_WORDS})(?!\p{{Han}}{{0,2}}(?:{PLACE_WORDS}))")
# an organisation is led by a place or an administrative level: 县科协, xx市科协, 市教育局
ORG = (
    r"(?:(?:[xX]{2}|某某|\p{Han}{1,4}?)?(?:省|市|县|区|镇|乡|街道)|中国|团)"
    r"\p{Han}{0,8}?(?:科学技术协会|科协|协会|学会|委员会|局|委|政府|团委|妇联|办公室|宣传部|组织部|部)"
)
ORGANIZER = re.compile(
    rf"(?:^|(?<=[,，;；:：。、\s由]))(?P<org>{ORG}(?:[、和与及]{ORG}){{0,8}})(?P<how>共同|联合|一起)?"
    r"(?:在[^,，。;；]{1,24}?)?(?:举办|主办|组织开展|开展|承办|举行|组织|牵头)"
)
ORGANIZER_VERB = stdre.compile(r"举办|主办|开展|承办|举行|组织|牵头")
# Where an ORGANIZER match can start (its lookbehind: after one of these or whitespace), the
# level words its ORG holds, and what never stands between its start and its verb: positions
# these rule out are not tried (see _organizer).
ORGANIZER_START_CHARS = frozenset(",，;；:：。、由")
ORG_LEVEL = stdre.compile(r"省|市|县|区|镇|乡|街道|中国|团")
CLAUSE_PUNCT = stdre.compile(r"[,，。;；]")
# A superset of ORG's level word followed by its body word: where ORGANIZER can match there is
# one, and a verb after it (any character stands for a Han one; the window stays bounded).
ORG_CORE = stdre.compile(
    r"(?:省|市|县|区|镇|乡|街道|中国|团)(?s:.){0,8}?"
    r"(?:科学技术协会|科协|协会|学会|委员会|局|委|政府|团委|妇联|办公室|宣传部|组织部|部)"
)
ORG_LEAD = re.compile(r"^(?:由|是|了|在|和|与|及|为|将)+")


class _Layout:
    """Sentences, clauses, blocks and heading lines of a text, as sorted span lists."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sents = [m.span() for m in SENTENCE.finditer(text)]
        self.sent_starts = [s for s, _ in self.sents]
        self.clause_starts = _clause_starts(text)
        self.headings: list[tuple[int, int, int]] = []  # start, end, level
        # the starts of the lines (of [^\n]+ matches): the ends of the runs of newlines
        starts = {0}
        starts.update([m.end() for m in NEWLINES.finditer(text)])
        if text.endswith("\n"):
            starts.discard(len(text))
        first = [0] if HEADING_CANDIDATE.match(text) else []
        for s in first + [m.start() + 1 for m in LATER_HEADING_CANDIDATE.finditer(text)]:
            e = text.find("\n", s)
            if e < 0:
                e = len(text)
            line = text[s:e]
            hm = HEADING.match(line)
            if hm and len(line.strip()) <= 60 and len(SENTENCE.findall(line.strip().rstrip("。"))) <= 1:
                self.headings.append((s, e, _level(hm.group(0).strip())))
        # (BLOCK_START.finditer(text): a match holds no end mark past its first character, so
        # its matches are those starting at the end marks)
        for c in _block_candidates(text):
            m = BLOCK_START.match(text, c)
            if m:
                starts.add(m.start(1))
        self.blocks = sorted(starts)

    def sent_of(self, pos: int) -> int:
        i = bisect_right(self.sent_starts, pos) - 1
        return i if i > 0 else 0

    def clause_of(self, pos: int) -> int:
        i = bisect_right(self.clause_starts, pos) - 1
        return i if i > 0 else 0

    def block_of(self, pos: int) -> int:
        i = bisect_right(self.blocks, pos) - 1
        return self.blocks[i if i > 0 else 0]


def _block_candidates(text: str) -> list[int]:
    """The starts of BLOCK_CANDIDATE.finditer(text), in no particular order: a match is one
    end mark (and a lookahead), so the matches of its two parts are all of its own."""
    out = [m.start() for m in BLOCK_CANDIDATE_STOP.finditer(text)]
    if "!" in text or "！" in text or "?" in text or "？" in text:
        out += [m.start() for m in BLOCK_CANDIDATE_OTHER.finditer(text)]
    return out


def _indexes_of(starts: list[int], positions: list[int]) -> list[int]:
    """Index of the span (of sorted starts) holding each position; 0 before the first."""
    out = [bisect_right(starts, pos) - 1 for pos in positions]
    return [i if i > 0 else 0 for i in out] if out and min(out) < 0 else out


def _clause_starts(text: str) -> list[int]:
    """The starts of the _clauses(text) spans, found without their ends: the end of each run
    of clause ends (and 0) starts a clause, unless it ends the text or lies inside a quote."""
    starts = [0]
    starts += [m.end() for m in CLAUSE_END_RUN.finditer(text)]
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()  # the text ends with clause ends
    if len(starts) > 1 and text[0] in CLAUSE_END_CHARS:
        del starts[0]  # the text starts with one
    for a, b in _quoted(text):
        # a clause end inside the quote ends no clause: the run after it starts none
        del starts[bisect_right(starts, a): bisect_left(starts, b)]
    return starts


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans; a clause does not end inside a quote (“百年再出发,迈向…”为主题的…).

    The runs between clause ends (one scan), with the runs a quote spans joined: the same
    as cutting at every clause end outside the quotes and dropping the empty pieces.
    """
    runs = [m.span() for m in CLAUSE_RUN.finditer(text)]
    quotes = _quoted(text)
    if quotes and runs:
        starts = [a for a, _ in runs]
        # from the last quote back, so that joining runs leaves the earlier indexes as they are
        for a, b in reversed(quotes):
            # the quote marks are no clause ends: both lie in runs
            i = bisect_right(starts, a) - 1
            j = bisect_right(starts, b - 1) - 1
            if j > i:
                runs[i:j + 1] = [(runs[i][0], runs[j][1])]
                del starts[i + 1:j + 1]
    return runs or [(0, len(text))]


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans of QUOTED.finditer(text). A text holding one kind of quote mark only (the usual
    case) is scanned for that kind alone: the other alternative could never match."""
    curly, straight = "“" in text, '"' in text
    if curly and straight:
        return [m.span() for m in QUOTED.finditer(text)]
    if curly:
        return [m.span() for m in CURLY_QUOTED.finditer(text)]
    if straight:
        return [m.span() for m in STRAIGHT_QUOTED.finditer(text)]
    return []


def _level(marker: str) -> int:
    if marker[0] in "(（":
        return 2 if not marker[1].isdigit() else 4
    if marker[0] in "①②③④⑤⑥⑦⑧⑨⑩":
        return 5
    return 3 if marker[0].isdigit() else 1


# --- merging ------------------------------------------------------------------

@dataclass(frozen=True)
class _Name:
    text: str
    core: str
    ordinal: str | None
    placed: bool
    flat: str = ""  # text without punctuation and leading year

    def __hash__(self) -> int:
        # the other fields follow from text (see _parse); a str caches its own hash, a tuple
        # of four fields would be hashed anew at every same_event lookup
        return hash(self.text)


ORDINAL_LEAD = re.compile(r"^(?:第[一二三四五六七八九十百零〇两\d]{1,5}(?:届|次)|首届)")
ORG_BEFORE_ORDINAL = re.compile(r"^(?:[xX]{2}|某某)?\p{Han}{0,8}?(?:科学技术协会|科协)(?=第)")
PARTS = re.compile(r"[、,，]")


@lru_cache(maxsize=4096)
def _parse(name: str) -> _Name:
    flat = PUNCT.sub("", name)
    flat = YEAR_LEAD.sub("", flat)
    placed = bool(PLACE_LEAD.match(flat)) and not flat.startswith("全国")
    om = ORDINAL.search(flat)
    ordinal = om.group(0) if om and om.group(0) != "首届" else None
    core = flat
    for _ in range(3):  # place, year and ordinal prefixes in any order
        core = YEAR_LEAD.sub("", PLACE_LEAD.sub("", core))
        core = ORG_BEFORE_ORDINAL.sub("", ORDINAL_LEAD.sub("", core))
    return _Name(name, core or flat, ordinal, placed, flat)


def _abbreviates(short: str, long: str) -> bool:
    """科普周 ⊂ 科普宣传周 (same first and last character, in order); 讲、比 ⊂ 讲理想、比贡献."""
    if len(short) < 3 or len(short) * 2 < len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def _parts_abbreviate(a: str, b: str) -> bool:
    pa, pb = PARTS.split(a), PARTS.split(b)
    if len(pa) != len(pb) or len(pa) < 2:
        return False
    short, long = (pa, pb) if len(a) <= len(b) else (pb, pa)
    return all(x and y.startswith(x) for x, y in zip(short, long)) and a != b


def same_event(x: _Name, y: _Name) -> bool:
    """Whether two parsed names refer to one event of an article."""
    return _same_names(x.text, y.text)


@lru_cache(maxsize=8192)
def _same_names(x_text: str, y_text: str) -> bool:
    """same_event of two names, cached by the names themselves: a pair of strings is hashed
    from the strings' cached hashes, a pair of _Name objects by two Python-level calls."""
    x, y = _parse(x_text), _parse(y_text)
    if x.ordinal and y.ordinal and x.ordinal != y.ordinal:
        return False
    a, b = sorted((x.core, y.core), key=len)
    if a == b:
        return True
    if x.ordinal and y.ordinal and a[-1:] == b[-1:] and len(a) >= 2:
        return True  # 第八届论文评选 / 第八届自然科学优秀论文评选
    if len(a) >= 3 and b.endswith(a):
        return True
    if len(a) >= 2 and b.startswith(a) and not HEADS.search(a):
        return True
    if _abbreviates(a, b):
        return True
    return _parts_abbreviate(x.text, y.text)


def merge_events(events: list[EventMention]) -> list[list[int]]:
    """Groups of mention indexes naming one event, each in text order, groups by first mention."""
    names = [e.name for e in events]
    parsed = [_parse(n) for n in names]
    order = sorted(range(len(events)), key=lambda i: (-(parsed[i].ordinal is not None), -len(parsed[i].core), i))
    groups: list[list[int]] = []
    # a name met again goes to the group it went to before: the groups before that one did
    # not take it, and their first names do not change
    group_of_name: dict[str, list[int]] = {}
    for i in order:
        name = names[i]
        group = group_of_name.get(name)
        if group is None:
            group = next((g for g in groups if _same_names(names[g[0]], name)), None)
            if group is None:
                group = []
                groups.append(group)
            group_of_name[name] = group
        group.append(i)
    for g in groups:
        g.sort()
    groups.sort(key=lambda g: events[g[0]].span_start)
    return groups


def canonical_name(events: list[EventMention], group: list[int], text: str | None = None) -> str:
    """The most specific name the text uses for the event."""
    names = [events[i].name for i in group]
    unique = list(dict.fromkeys(names))
    if len(unique) == 1:
        return unique[0]  # nothing to choose
    parsed = {n: _parse(n) for n in unique}
    counts = {n: names.count(n) for n in unique}
    # (sets: whether any of them ends a name does not depend on how often each occurs)
    cores = {parsed[n].core for n in unique}
    # the second part of a joint name (全国科技活动周暨县第二十六届科普宣传周) is not how the
    # text names the event on its own
    joint = {events[i].name for i in group if text is not None and _after_joint(text, events[i].span_start)}
    unplaced = {parsed[n].flat for n in unique if not parsed[n].placed}

    def score(n: str):
        p = parsed[n]
        f = p.flat
        bare_suffix = any(c != p.core and c.endswith(p.core) for c in cores) or any(
            o != f and o.endswith(f) for o in unplaced
        )
        return (p.ordinal is not None, not bare_suffix and not p.placed, n not in joint, counts[n], len(n))

    return max(unique, key=score)


def _after_joint(text: str, start: int) -> bool:
    """JOINT_BEFORE in the four characters before start (暨 and up to three Han)."""
    lo = max(0, start - 4)
    return text.find("暨", lo, start) >= 0 and bool(JOINT_BEFORE.search(text[lo:start]))


# --- linking ------------------------------------------------------------------

class _Linker:
    """Links dates and counts to event groups. Everything `link` asks of events, sentences and
    clauses is worked out once here, per article."""

    def __init__(self, text: str, events: list[EventMention], groups: list[list[int]], counts: list[CountMention]):
        self.text = text
        self.layout = lay = _Layout(text)
        self.events = events
        self.starts = starts = [ev.span_start for ev in events]  # events come sorted by start
        self.group_of = group_of = [0] * len(events)
        for gi, g in enumerate(groups):
            for i in g:
                group_of[i] = gi
        frames = [m.span() for m in FRAME.finditer(text)]
        framed = {i for i, s in enumerate(starts) if any(a <= s < f for a, f in frames)} if frames else set()
        self.framed = framed
        self.ev_clause = _indexes_of(lay.clause_starts, starts)
        self.ev_sent = _indexes_of(lay.sent_starts, starts)
        self.by_clause: dict[int, list[int]] = {}
        self.by_sent: dict[int, list[int]] = {}
        for i, (ci, si) in enumerate(zip(self.ev_clause, self.ev_sent)):
            self.by_clause.setdefault(ci, []).append(i)
            self.by_sent.setdefault(si, []).append(i)
        self.count_clauses = set(_indexes_of(lay.clause_starts, [c.span_start for c in counts]))
        self.cumulative = self._cumulative_clauses()
        # per sentence naming events: the groups of its events outside 以…为目标 frames
        self.sent_groups = {si: {group_of[i] for i in ids if i not in framed} for si, ids in self.by_sent.items()}
        self.named_sents = sorted(si for si, groups in self.sent_groups.items() if groups)
        self.heading_topic = self._heading_topics()
        self.heading_starts = [h[0] for h in self.heading_topic]

    def _cumulative_clauses(self) -> set[int]:
        """Indexes of the clauses CUMULATIVE matches (截至…), found from the words it needs."""
        lay, text = self.layout, self.text
        out = set()
        if "截" in text:
            for m in CUMULATIVE_WORD.finditer(text):
                ci = lay.clause_of(m.start())
                cs = lay.clause_starts[ci]
                hit = CUMULATIVE.match(text, cs)
                # CUMULATIVE.match(text, clause start, clause end): of the characters a match
                # holds (whitespace, 截至), only a newline can end the clause (none is inside a
                # quote), so the match fits in the clause when it holds no newline
                if hit and text.find("\n", cs, hit.end()) < 0:
                    out.add(ci)
        return out

    def sentence_topic(self, si: int) -> int | None:
        """The one event group sentence si names, else the topic carried on from the last
        sentence naming one: at most MAX_CARRY sentences back, in the same block, and only
        when that sentence named exactly one (None where a sentence names two or more)."""
        groups = self.sent_groups.get(si)
        if groups:
            return next(iter(groups)) if len(groups) == 1 else None
        j = bisect_left(self.named_sents, si) - 1
        if j < 0:
            return None
        k = self.named_sents[j]
        groups = self.sent_groups[k]
        if si - k > MAX_CARRY or len(groups) != 1:
            return None
        lay = self.layout
        if lay.block_of(lay.sent_starts[si]) != lay.block_of(lay.sent_starts[k]):
            return None
        return next(iter(groups))

    def _heading_topics(self) -> list[tuple[int, int | None]]:
        """(start, topic) per heading line: its own event, else the nearest enclosing heading's."""
        out = []
        # level, and the topic: the heading's own event, else that of the entry below it
        stack: list[tuple[int, int | None]] = []
        for s, e, level in self.layout.headings:
            while stack and stack[-1][0] >= level:
                stack.pop()
            lo = bisect_left(self.starts, s)
            hi = bisect_left(self.starts, e, lo)
            topic = None
            if hi > lo:
                groups = {self.group_of[i] for i in range(lo, hi)}
                if len(groups) == 1 and self.text.find("等", s, e) < 0:
                    topic = next(iter(groups))
            if topic is None and stack:
                topic = stack[-1][1]
            stack.append((level, topic))
            out.append((s, topic))
        return out

    def link(self, start: int, end: int, is_date: bool = False) -> int | None:
        """The event group a date or count at [start, end) belongs to, or None."""
        lay, text, starts, group_of = self.layout, self.text, self.starts, self.group_of
        ci = lay.clause_of(start)
        if ci in self.cumulative:
            return None
        cs = lay.clause_starts[ci]
        clause_ids = self.by_clause.get(ci, ())
        if clause_ids:
            if start > cs and text[start - 1] == "等" and len({group_of[i] for i in clause_ids}) >= 2:
                return None
            # an event of the clause before the mention (the first one), else the first after it
            if starts[clause_ids[0]] < start:
                return group_of[clause_ids[0]]
            for i in clause_ids:
                if starts[i] >= end:
                    return group_of[i]
        si = lay.sent_of(start)
        sent_ids = self.by_sent.get(si, ())
        ss, se = lay.sents[si] if lay.sents else (0, len(text))
        if sent_ids:
            first_clause = lay.clause_of(ss)
            for i in sent_ids:
                s = starts[i]
                if s >= cs:
                    break
                if i in self.framed or s < ss:
                    continue
                # An event whose clause has counts of its own is one item of a list
                # (…,送科技下乡15场次,参与群众达…) unless it opens the sentence
                # (开展“科普进校园”活动6场,覆盖学生3000余名): then the sentence is about it.
                ei = self.ev_clause[i]
                if ei not in self.count_clauses or ei == first_clause:
                    return group_of[i]
            if is_date:
                # a date leading its sentence dates the event the sentence goes on to name
                for i in sent_ids:
                    s = starts[i]
                    if end <= s < se and i not in self.framed and self.ev_clause[i] not in self.count_clauses:
                        return group_of[i]
        block = lay.block_of(start)
        if si > 0 and lay.block_of(lay.sent_starts[si - 1]) == block:
            topic = self.sentence_topic(si - 1)
            if topic is not None:
                return topic
        bi = lay.sent_of(block)
        if bi != si or block <= start:
            groups = self.sent_groups.get(bi, ())
            if len(groups) == 1 and lay.sents and lay.sents[bi][0] >= block:
                return next(iter(groups))
        hi = bisect_right(self.heading_starts, start) - 1
        if hi >= 0:
            return self.heading_topic[hi][1]
        return None


# --- assembling ---------------------------------------------------------------

def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _iso_key(iso: str) -> str:
    return ("9999" + iso[4:]) if iso.startswith("XXXX") else iso


def _organizer(piece: str):
    """ORGANIZER.search(piece), trying only the positions where a match can start.

    A match starts with an ORG: up to four characters, a level word (ORG_LEVEL), then within
    eight more a body word. So it starts at most four characters before a level word that
    begins an ORG_CORE, at 0 or after whitespace or one of ORGANIZER_START_CHARS, and a
    verb follows before the next ,，。;；.
    """
    core = ORG_CORE.search(piece)
    if not core or not ORGANIZER_VERB.search(piece, core.start()):
        return None
    tried = -1
    # ORG_LEVEL's words never overlap one another, so its matches are all its occurrences;
    # none before the first ORG_CORE begins one.
    for lv in ORG_LEVEL.finditer(piece, core.start()):
        at = lv.start()
        if not ORG_CORE.match(piece, at):
            continue
        for pos in range(max(at - 4, tried + 1), at + 1):
            # ORGANIZER's lookbehind decides; this only skips positions it would refuse
            # (isspace takes every \s of the regex module, and a few more)
            can_start = pos == 0 or piece[pos - 1] in ORGANIZER_START_CHARS or piece[pos - 1].isspace()
            if can_start and _verb_ahead(piece, pos):
                m = ORGANIZER.match(piece, pos)
                if m:
                    return m
        tried = at
    return None


def _verb_ahead(piece: str, pos: int) -> bool:
    """Whether a verb ORGANIZER can end with follows pos before any ,，。;；: from its start to
    its verb a match holds none (its names, their joins and 在… exclude them)."""
    stop = CLAUSE_PUNCT.search(piece, pos)
    return bool(ORGANIZER_VERB.search(piece, pos, stop.start() if stop else len(piece)))


def _where_who(text: str, spans: list[tuple[int, int]], memo: "_Places | None" = None) -> tuple[str | None, str | None]:
    """The location and organizer of an activity: the first its sentences (spans) name."""
    memo = memo or _Places(text)
    loc = org = None
    for s, e in spans:
        if loc is None:
            loc = memo.location(s, e)
        if org is None:
            org = memo.organizer(s, e)
        if loc and org:
            break
    return loc, org


class _Places:
    """Location and organizer named in a span of one article's text, each read once per span:
    activities of one article share sentences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.locations: dict[tuple[int, int], str | None] = {}
        self.organizers: dict[tuple[int, int], str | None] = {}

    def location(self, s: int, e: int) -> str | None:
        key = (s, e)
        if key in self.locations:
            return self.locations[key]
        loc = None
        if self.text.find("在", s, e) >= 0:  # LOCATION starts with 在
            piece = self.text[s:e]
            m = LOCATION.search(piece)
            if m:
                loc = m.group("loc")
                more = LOCATION_MORE.match(piece, m.end())
                if more:
                    loc += more.group(0)
        self.locations[key] = loc
        return loc

    def organizer(self, s: int, e: int) -> str | None:
        key = (s, e)
        if key in self.organizers:
            return self.organizers[key]
        org = None
        m = _organizer(self.text[s:e])
        if m:
            o = ORG_LEAD.sub("", m.group("org"))
            if len(o) >= 2:
                org = o + (m.group("how") or "")
        self.organizers[key] = org
        return org


def assemble(
    text: str, dates: list[DateMention], counts: list[CountMention], events: list[EventMention]
) -> list[Activity]:
    """Activities of one article: one per distinct event (mentions of the same event merged)
    and one per unnamed but dated activity. Each date and count index is put in at most one
    activity's `dates`/`counts`; start/end come from its dates; evidence is the sentence it
    was read from (text[span_start:span_end] == evidence); location and organizer where the
    text names them."""
    events = sorted(events, key=lambda e: e.span_start)
    groups = merge_events(events)
    linker = _Linker(text, events, groups, counts)
    lay = linker.layout
    sents = lay.sents
    link = linker.link
    g_dates: dict[int, list[int]] = {}
    g_counts: dict[int, list[int]] = {}
    loose_dates: dict[int, list[int]] = {}
    for i, d in enumerate(dates):
        g = link(d.span_start, d.span_end, True)
        if g is not None:
            g_dates.setdefault(g, []).append(i)
        else:
            si = lay.sent_of(d.span_start)
            s, e = sents[si] if sents else (0, len(text))
            if ACTIVITY_VERB.search(text, s, e):
                loose_dates.setdefault(si, []).append(i)
    loose_counts: dict[int, list[int]] = {}
    for i, c in enumerate(counts):
        g = link(c.span_start, c.span_end)
        if g is not None:
            g_counts.setdefault(g, []).append(i)
        elif sents and loose_dates:
            si = lay.sent_of(c.span_start)
            if si in loose_dates:
                loose_counts.setdefault(si, []).append(i)

    acts: list[tuple[int, Activity]] = []
    ev_sent = linker.ev_sent
    places = _Places(text)
    for gi, group in enumerate(groups):
        di, ci = g_dates.get(gi, []), g_counts.get(gi, [])
        sent_ids = [ev_sent[i] for i in group]
        if sents:
            # the first sentence of the event's that holds one of its dates, else its first
            main = sent_ids[0]
            if di:
                dated = {lay.sent_of(dates[j].span_start) for j in di}
                main = next((x for x in sent_ids if x in dated), main)
            s, e = _trimmed(text, *sents[main])
            spans = [sents[x] for x in list(dict.fromkeys([main, *sent_ids]))[:3]]
        else:
            s, e, spans = 0, 0, []
        theme = next((events[i].theme for i in group if events[i].theme), None)
        loc, org = _where_who(text, spans, places)
        act = Activity(canonical_name(events, group, text), s, e, text[s:e], theme,
                       location=loc, organizer=org, dates=di, counts=ci)
        if di:
            _set_range(act, dates)
        acts.append((events[group[0]].span_start, act))
    for si, di in loose_dates.items():
        s, e = _trimmed(text, *sents[si])
        loc, org = _where_who(text, [(s, e)], places)
        act = Activity(None, s, e, text[s:e], location=loc, organizer=org, dates=di,
                       counts=loose_counts.get(si, []))
        _set_range(act, dates)
        acts.append((s, act))
    acts.sort(key=lambda a: a[0])
    return [a for _, a in acts]


def _set_range(act: Activity, dates: list[DateMention]) -> None:
    if act.dates:
        act.start = min((dates[i].start for i in act.dates), key=_iso_key)
        act.end = max((dates[i].end for i in act.dates), key=_iso_key)
