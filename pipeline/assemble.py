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

import bisect
import re as stdre
from dataclasses import dataclass, field
from functools import lru_cache

import regex as re

from pipeline.model import Activity, CountMention, DateMention, EventMention

SENTENCE = re.compile(r"[^\s。!！?？][^。!！?？\n]*[。!！?？]?")
# Plain character classes: the standard engine scans them faster and reads them alike.
CLAUSE_END = stdre.compile(r"[,，;；:：。!！?？\n]")
QUOTED = stdre.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"")
JOINT_BEFORE = re.compile(r"暨\p{Han}{0,3}$")
MAX_CARRY = 2
LINE = re.compile(r"[^\n]+")
MARKER = r"(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
HEADING = re.compile(rf"^\s*{MARKER}")
# A block starts at a list marker right after a sentence end (group 1 is the marker). The end
# mark is matched, not looked behind at: a lookbehind is tried at every position of the text.
BLOCK_START = re.compile(rf"[。!！?？]\s*({MARKER})")
FRAME = re.compile(r"以[^,，。;；!！?？\n]{1,40}?为(?:目标|契机|载体|抓手|主线|宗旨|核心|重点|指导|引领)")
CUMULATIVE = re.compile(r"^\s*(?:截至|截止)")
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
# Where an ORGANIZER match can start (its lookbehind), and the level word its ORG holds within
# its first six characters: positions without one are not tried.
ORGANIZER_START = re.compile(r"[,，;；:：。、\s由]")
ORG_LEVEL = stdre.compile(r"省|市|县|区|镇|乡|街道|中国|团")
ORG_LEAD = re.compile(r"^(?:由|是|了|在|和|与|及|为|将)+")


@dataclass
class _Layout:
    """Sentences, clauses, blocks and heading lines of a text, as sorted span lists."""

    text: str
    sents: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    headings: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, level

    def __post_init__(self) -> None:
        t = self.text
        self.sents = [m.span() for m in SENTENCE.finditer(t)]
        self.clauses = _clauses(t)
        starts = {0}
        for m in LINE.finditer(t):
            starts.add(m.start())
            line = m.group(0)
            hm = HEADING.match(line)
            if hm and len(line.strip()) <= 60 and len(SENTENCE.findall(line.strip().rstrip("。"))) <= 1:
                self.headings.append((m.start(), m.end(), _level(hm.group(0).strip())))
        for m in BLOCK_START.finditer(t):
            starts.add(m.start(1))
        self.blocks = sorted(starts)
        self._sent_starts = [s for s, _ in self.sents]
        self._clause_starts = [s for s, _ in self.clauses]

    def sent_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return i if i > 0 else 0

    def clause_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._clause_starts, pos) - 1
        return i if i > 0 else 0

    def block_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.blocks, pos) - 1
        return self.blocks[i if i > 0 else 0]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans; a clause does not end inside a quote (“百年再出发,迈向…”为主题的…)."""
    ends = [m.start() for m in CLAUSE_END.finditer(text)]
    inside = [m.span() for m in QUOTED.finditer(text)]
    if inside:
        kept, qi = [], 0
        for pos in ends:
            while qi < len(inside) and inside[qi][1] <= pos:
                qi += 1
            if not (qi < len(inside) and inside[qi][0] < pos):
                kept.append(pos)
        ends = kept
    starts = [0] + [pos + 1 for pos in ends]
    ends.append(len(text))
    out = [(s, e) for s, e in zip(starts, ends) if e > s]
    return out or [(0, len(text))]


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
    return _Name(name, core or flat, ordinal, placed)


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


@lru_cache(maxsize=8192)
def same_event(x: _Name, y: _Name) -> bool:
    """Whether two parsed names refer to one event of an article."""
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
    parsed = [_parse(e.name) for e in events]
    order = sorted(range(len(events)), key=lambda i: (-(parsed[i].ordinal is not None), -len(parsed[i].core), i))
    groups: list[list[int]] = []
    for i in order:
        for g in groups:
            if same_event(parsed[g[0]], parsed[i]):
                g.append(i)
                break
        else:
            groups.append([i])
    for g in groups:
        g.sort()
    groups.sort(key=lambda g: events[g[0]].span_start)
    return groups


def canonical_name(events: list[EventMention], group: list[int], text: str | None = None) -> str:
    """The most specific name the text uses for the event."""
    names = [events[i].name for i in group]
    parsed = {n: _parse(n) for n in names}
    counts = {n: names.count(n) for n in names}
    cores = [parsed[n].core for n in names]
    # the second part of a joint name (全国科技活动周暨县第二十六届科普宣传周) is not how the
    # text names the event on its own
    joint = {events[i].name for i in group if text is not None and JOINT_BEFORE.search(text[max(0, events[i].span_start - 4):events[i].span_start])}

    flats = {n: YEAR_LEAD.sub("", PUNCT.sub("", n)) for n in names}
    unplaced = [flats[n] for n in names if not parsed[n].placed]

    def score(n: str):
        p = parsed[n]
        f = flats[n]
        bare_suffix = any(c != p.core and c.endswith(p.core) for c in cores) or any(
            o != f and o.endswith(f) for o in unplaced
        )
        return (p.ordinal is not None, not bare_suffix and not p.placed, n not in joint, counts[n], len(n))

    return max(dict.fromkeys(names), key=score)


# --- linking ------------------------------------------------------------------

class _Linker:
    def __init__(self, text: str, events: list[EventMention], groups: list[list[int]], counts: list[CountMention]):
        self.text = text
        self.layout = lay = _Layout(text)
        self.events = events
        self.starts = [ev.span_start for ev in events]  # events come sorted by start
        self.group_of = {i: gi for gi, g in enumerate(groups) for i in g}
        frames = [m.span() for m in FRAME.finditer(text)]
        self.framed = {i for i, e in enumerate(events) if any(s <= e.span_start < f for s, f in frames)}
        self.by_clause: dict[int, list[int]] = {}
        self.by_sent: dict[int, list[int]] = {}
        for i, e in enumerate(events):
            self.by_clause.setdefault(lay.clause_of(e.span_start), []).append(i)
            self.by_sent.setdefault(lay.sent_of(e.span_start), []).append(i)
        self.count_clauses = {lay.clause_of(c.span_start) for c in counts}
        self.sent_topic = self._sentence_topics()
        self.heading_topic = self._heading_topics()
        self.heading_starts = [h[0] for h in self.heading_topic]

    def _groups_in_sent(self, si: int) -> set[int]:
        return {self.group_of[i] for i in self.by_sent.get(si, []) if i not in self.framed}

    def _sentence_topics(self) -> list[int | None]:
        """Per sentence: the one event it names, else the carried topic of the one before
        in the same block (None where a sentence names two or more)."""
        lay = self.layout
        topics: list[int | None] = []
        age = 0
        prev_block = None
        for si, (s, _) in enumerate(lay.sents):
            block = lay.block_of(s)
            groups = self._groups_in_sent(si)
            if len(groups) == 1:
                topic, age = next(iter(groups)), 0
            elif groups:
                topic = None
            else:
                age += 1
                carry = topics and block == prev_block and age <= MAX_CARRY
                topic = topics[-1] if carry else None
            topics.append(topic)
            prev_block = block
        return topics

    def _heading_topics(self) -> list[tuple[int, int | None]]:
        """(start, topic) per heading line: its own event, else the nearest enclosing heading's."""
        out = []
        stack: list[tuple[int, int | None]] = []  # level, topic
        for s, e, level in self.layout.headings:
            while stack and stack[-1][0] >= level:
                stack.pop()
            line = self.text[s:e]
            ids = range(bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e))
            groups = {self.group_of[i] for i in ids}
            own = next(iter(groups)) if len(groups) == 1 and "等" not in line else None
            stack.append((level, own))
            topic = next((t for _, t in reversed(stack) if t is not None), None)
            out.append((s, topic))
        return out

    def link(self, start: int, end: int, is_date: bool = False) -> int | None:
        """The event group a date or count at [start, end) belongs to, or None."""
        lay, text = self.layout, self.text
        ci = lay.clause_of(start)
        cs, ce = lay.clauses[ci] if lay.clauses else (0, len(text))
        clause_ids = [i for i in self.by_clause.get(ci, [])]
        if CUMULATIVE.match(text[cs:ce]):
            return None
        if text[max(cs, start - 1):start] == "等" and len({self.group_of[i] for i in clause_ids}) >= 2:
            return None
        before = [i for i in clause_ids if self.events[i].span_start < start]
        after = [i for i in clause_ids if self.events[i].span_start >= end]
        if before:
            return self.group_of[before[0]]
        if after:
            return self.group_of[after[0]]
        si = lay.sent_of(start)
        ss = lay.sents[si][0] if lay.sents else 0
        first_clause = lay.clause_of(ss)
        for i in self.by_sent.get(si, []):
            e = self.events[i]
            if e.span_start >= cs:
                break
            if i in self.framed or e.span_start < ss:
                continue
            # An event whose clause has counts of its own is one item of a list
            # (…,送科技下乡15场次,参与群众达…) unless it opens the sentence
            # (开展“科普进校园”活动6场,覆盖学生3000余名): then the sentence is about it.
            ei = lay.clause_of(e.span_start)
            if ei not in self.count_clauses or ei == first_clause:
                return self.group_of[i]
        if is_date:
            # a date leading its sentence dates the event the sentence goes on to name
            se = lay.sents[si][1] if lay.sents else len(text)
            for i in self.by_sent.get(si, []):
                e = self.events[i]
                if e.span_start >= end and e.span_start < se and i not in self.framed:
                    if lay.clause_of(e.span_start) not in self.count_clauses:
                        return self.group_of[i]
        if si > 0 and lay.block_of(lay.sents[si - 1][0]) == lay.block_of(start):
            if self.sent_topic[si - 1] is not None:
                return self.sent_topic[si - 1]
        block = lay.block_of(start)
        bi = lay.sent_of(block)
        if bi != si or block <= start:
            groups = self._groups_in_sent(bi)
            if len(groups) == 1 and lay.sents and lay.sents[bi][0] >= block:
                return next(iter(groups))
        hi = bisect.bisect_right(self.heading_starts, start) - 1
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
    """ORGANIZER.search(piece), trying only the positions where a match can start."""
    for pos in [0] + [m.end() for m in ORGANIZER_START.finditer(piece)]:
        if ORG_LEVEL.search(piece, pos, pos + 6):
            m = ORGANIZER.match(piece, pos)
            if m:
                return m
    return None


def _where_who(text: str, spans: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    loc = org = None
    for s, e in spans:
        piece = text[s:e]
        if loc is None and "在" in piece:  # LOCATION starts with 在
            m = LOCATION.search(piece)
            if m:
                loc = m.group("loc")
                more = LOCATION_MORE.match(piece, m.end())
                if more:
                    loc += more.group(0)
        if org is None and ORGANIZER_VERB.search(piece):  # ORGANIZER ends with one of these
            m = _organizer(piece)
            if m:
                o = ORG_LEAD.sub("", m.group("org"))
                if len(o) >= 2:
                    org = o + (m.group("how") or "")
        if loc and org:
            break
    return loc, org


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
    g_dates: dict[int, list[int]] = {}
    g_counts: dict[int, list[int]] = {}
    loose_dates: dict[int, list[int]] = {}
    for i, d in enumerate(dates):
        g = linker.link(d.span_start, d.span_end, is_date=True)
        if g is not None:
            g_dates.setdefault(g, []).append(i)
        else:
            si = lay.sent_of(d.span_start)
            s, e = lay.sents[si] if lay.sents else (0, len(text))
            if ACTIVITY_VERB.search(text, s, e):
                loose_dates.setdefault(si, []).append(i)
    loose_counts: dict[int, list[int]] = {}
    for i, c in enumerate(counts):
        g = linker.link(c.span_start, c.span_end)
        if g is not None:
            g_counts.setdefault(g, []).append(i)
        elif lay.sents and lay.sent_of(c.span_start) in loose_dates:
            loose_counts.setdefault(lay.sent_of(c.span_start), []).append(i)

    acts: list[tuple[int, Activity]] = []
    for gi, group in enumerate(groups):
        di, ci = g_dates.get(gi, []), g_counts.get(gi, [])
        sent_ids = [lay.sent_of(events[i].span_start) for i in group]
        dated = {lay.sent_of(dates[j].span_start) for j in di}
        main = next((s for s in sent_ids if s in dated), sent_ids[0]) if lay.sents else None
        s, e = _trimmed(text, *lay.sents[main]) if main is not None else (0, 0)
        theme = next((events[i].theme for i in group if events[i].theme), None)
        spans = [lay.sents[x] for x in list(dict.fromkeys([main] + sent_ids))[:3]] if lay.sents else []
        loc, org = _where_who(text, spans)
        act = Activity(
            event_name=canonical_name(events, group, text), span_start=s, span_end=e, evidence=text[s:e],
            theme=theme, location=loc, organizer=org, dates=di, counts=ci,
        )
        _set_range(act, dates)
        acts.append((events[group[0]].span_start, act))
    for si, di in loose_dates.items():
        s, e = _trimmed(text, *lay.sents[si])
        loc, org = _where_who(text, [(s, e)])
        act = Activity(event_name=None, span_start=s, span_end=e, evidence=text[s:e],
                       location=loc, organizer=org, dates=di, counts=loose_counts.get(si, []))
        _set_range(act, dates)
        acts.append((s, act))
    acts.sort(key=lambda a: a[0])
    return [a for _, a in acts]


def _set_range(act: Activity, dates: list[DateMention]) -> None:
    if act.dates:
        act.start = min((dates[i].start for i in act.dates), key=_iso_key)
        act.end = max((dates[i].end for i in act.dates), key=_iso_key)
