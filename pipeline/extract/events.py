"""Event mentions: named activities in simplified clean text.

An event is named in one of these ways, tried in this order (an earlier kind wins
where two overlap):

1. a quoted name (“”, "", 「」, 『』, 〝〞) that the context makes an activity: it
   ends in an activity head word (“全国科普日”), or a short descriptor ending in
   one follows it (“金钥匙”科技竞赛, “三百”活动), or an activity verb precedes it
   (开展贵阳农业信息化“村村通”); quotes that are themes, slogans, goals, documents,
   organisations or sites are not events (themes are kept as `theme`);
2. a programme in 《》 followed by 活动/项目/专案/工程 (《科技致富“二传手”培训工程》专案);
3. a standard campaign name from resources/events/campaigns.txt, with its year
   prefix or ordinal (2021年全国科普日, 第二十六届科普宣传周);
4. an ordinal edition ending in an activity head (县科学技术协会第五次代表大会,
   第七次中国公民科学素质调查);
5. an unquoted name ending in a strong head (青少年科技创新大赛, 2022年中国科协年会,
   科普教育基地开放日), or a meeting whose name starts with a place (贵州制造业信息化会议);
6. the items of a list that ends in 等…活动 when one item is clearly an event
   (区中小学生科技节、科技夏令营、青少年科技考察体验等活动);
7. an unquoted campaign year/month (开展作风建设年活动).

Mentions inside document titles (《…方案》, “关于…的通知”) and inside 各类…等 lists
are dropped. A joint name (A暨B) gives one mention, the part with an ordinal.
"""
from __future__ import annotations

import bisect
import re as stdre
from functools import cached_property, lru_cache

import regex as re

from pipeline.model import EventMention
from pipeline.resources_path import read_lines

HAN = r"\p{Han}"
NUM = r"[一二三四五六七八九十百零〇两\d]"
YEAR = r"(?:(?:19|20)\d\d|20[xX×]{2}|[xX]{2}|某某|[一二〇零○]{4})年度?"
ORDINAL = rf"(?:第{NUM}{{1,5}}(?:届|次)|首届)"
MAX_QUOTE = 40
# strong heads of an unquoted name, and the meeting words of a place-led one
STRONG_WORDS = ("年会", "代表大会", "大赛", "大赛作品展", "大赛成果展", "开放日", "科技节", "文化节", "艺术节", "创客节",
                "读书节", "博览会", "交易会", "运动会", "夏令营", "冬令营")
MEETING_WORDS = ("会议", "论坛", "研讨会")
# what makes a 《》 title a programme when it follows: 《科技致富“二传手”培训工程》专案
PROGRAMME_WORDS = ("系列活动", "主题活动", "活动", "专案", "项目", "工程")
# the verbs a list of activities follows: 开展了A、B、C等活动
LEAD_VERBS = ("参加", "参与", "开展", "举办", "组织", "办好", "承办")
QUOTE_OPENERS = ("“", "〝", "「", "『", '"')
# a name starting with one of these is not a name of its own (全市…, 本次…, 各类…)
BAD_FIRST = ("全", "本", "我", "该", "各", "每", "此", "这", "其")
# words ending a would-be campaign year or month that are only time words
YEAR_CAMPAIGN_BAD = ("今年", "全年", "去年", "明年", "每年", "当年", "近年", "多年", "新年", "周年", "个月", "每月",
                     "本月", "当月", "上月", "下月", "同月", "年月", "岁月", "半年")
# a quoted name ending in one of these walks or names a time, not an event
BAD_WALK = ("银行", "进行", "执行", "运行", "可行", "流行", "发行", "施行", "实行", "推行", "举行",
            "平日", "节日", "假日", "每日", "每周", "每月", "岁月")
# words after a descriptor that make the whole a document or a body: “科普中国”湖南行动实施方案
# the heads of a campaign name besides the activity heads
CAMPAIGN_HEADS = ("日", "周", "月", "节", "下乡", "计划", "工程", "联创", "创建")
# the heads of an ordinal edition
ORD_HEADS = (
    r"会员代表大会|代表大会|大会|年会|会议|科普宣传周|宣传周|活动周|科普周|科技周|"
    r"运动会|博览会|交易会|展览会|论坛|大赛|比赛|竞赛|评选|调查|文化节|艺术节|科技节|节|周|月|日"
)
DOC_WORDS = ("实施方案", "工作方案", "方案", "实施意见", "意见", "通知", "办法", "细则", "工作要点", "要点",
             "计划", "规划", "领导小组", "小组", "办公室", "纲要")


# The whitespace of the `regex` module's \s (Python's str.isspace also takes \x1c-\x1f), for
# str.lstrip and the standard engine; tests/test_events_speed.py checks the two agree.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _alt(words) -> str:
    """Regex alternation, longest first so that the longest word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie_regex(words) -> str:
    """A regex matching, at each position, the longest of the words that starts there (what
    _alt(words) matches), spelled as a trie: one branch per first character, and so on."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def body(node: dict) -> str:
        alts = [stdre.escape(ch) + body(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        inner = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # a word ends here: the longer ones are tried first, greedily
        return f"(?:{inner})?" if "" in node else inner

    return body(trie) or "(?!)"


def _by_last(words) -> dict[str, tuple[str, ...]]:
    """Words grouped by their last character: s.endswith(d.get(s[-1:], ())) answers
    s.endswith(tuple(words)) trying only the few words that could match."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[-1], []).append(w)
    return {ch: tuple(ws) for ch, ws in out.items()}


def _by_first(words) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first character, for s.startswith(d.get(s[:1], ()))."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[0], []).append(w)
    return {ch: tuple(ws) for ch, ws in out.items()}


def _words(name: str) -> list[str]:
    return read_lines(f"events/{name}")


class _Patterns:
    """All patterns, compiled once per process from the data files."""

    def __init__(self) -> None:
        heads = _words("heads.txt")
        singles = _words("single_heads.txt")
        generic = _words("generic_suffixes.txt")
        not_heads = _words("not_event_heads.txt")
        followers = _words("not_event_followers.txt")
        places = _words("places.txt")
        self.campaigns = _words("campaigns.txt")
        # kept for the reference patterns (see _ReferencePatterns)
        self.heads, self.singles, self.generic = heads, singles, generic
        self.not_heads, self.followers, self.places = not_heads, followers, places

        head_alt = _alt(heads)
        # The tests of the reference patterns generic_suffix, suffix, ends_head, bad_walk,
        # not_head and not_follow on the literal words, for the quote classifier: str.endswith
        # and str.startswith with a tuple, and one search for the leftmost head word, answer what
        # the alternations answer, without trying them at every position.
        # (grouped by the character they end or start with: see _by_last)
        self.generic_words = _by_last(generic)
        self.head_words = _by_last(heads)
        self.single_heads = _by_last(singles)
        self.bad_walk_words = _by_last(BAD_WALK)
        self.not_head_words = _by_last(not_heads)
        self.follower_words = _by_first(followers)
        self.head_any = stdre.compile(head_alt)
        self.descriptor = re.compile(rf"[{HAN}A-Za-z0-9·]*")  # what may come before the head
        self.two_han = re.compile(rf"{HAN}{{2}}")
        self.ceremony = re.compile(r"(?:活动)?(?:启动仪式|开幕仪式|闭幕仪式|颁奖仪式|颁奖典礼|开幕式|闭幕式|启动式|仪式)$")

        # theme / slogan context
        self.theme_before = re.compile(r"(?:主题(?:是|为|词)?|题为|口号(?:是|为)?|标语(?:是|为)?)\s*[:：]?\s*$")
        self.frame_after = re.compile(r"^\s*为(主题|主线|内容|宗旨|目标|抓手|契机|载体|核心|重点|指导|引领)")
        self.theme_after = re.compile(rf"^\s*(?:活动|{HAN}{{0,4}}?(?:日|周|月|节))?主题(?=[,，。;；、\s)）]|的|$)")
        self.doc_words = _by_first(DOC_WORDS)
        # an enumeration in quotes is not a name: “五类”重点人群
        self.enumeration = re.compile(r"^[一二三四五六七八九十两\d]{1,3}[类个项种大条批]$")
        self.verb_before = re.compile(
            rf"(?:举办|举行|开展|组织|启动|开办|承办|主办|参加|参与|参观)(?:了|好|起)?{HAN}{{0,8}}\s*$"
        )
        self.slogan_chars = re.compile(r"[,，、\s!！?？;；]")
        # words theme_before and verb_before cannot match without
        self.theme_words = stdre.compile(r"主题|题为|口号|标语")
        self.verb_words = stdre.compile(r"举办|举行|开展|组织|启动|开办|承办|主办|参加|参与|参观")

        # quotes and 《》
        # Patterns of literals and plain character classes use the standard engine, which
        # scans for them several times faster than `regex` and matches them alike.
        self.quote = stdre.compile(
            r"(?:“|〝|「|『|\")([^“”\"「」『』〝〞\n]{1,%d})(?:”|〞|」|』|\")" % MAX_QUOTE
        )
        # the same led by each opening mark alone: a pattern led by one literal character is
        # scanned for it by a fast search, one led by a choice is tried at every position
        self.quote_after = {
            mark: stdre.compile(
                r"%s([^“”\"「」『』〝〞\n]{1,%d})(?:”|〞|」|』|\")" % (stdre.escape(mark), MAX_QUOTE)
            )
            for mark in QUOTE_OPENERS
        }
        self.chain_gap_full = re.compile(r"\s*(?:、|,|，|和|及|与)?\s*")
        self.book = re.compile(r"《([^《》\n]{1,80})》")
        self.book_lead = re.compile(r"^关于(?:开展|举办|组织|实施|启动)?")

        # standard campaigns with year / ordinal prefixes
        # spelled as a trie: the same matches as _alt(campaigns), found faster (fewer branches
        # are tried where a campaign's first character stands but no campaign follows)
        self.campaign = stdre.compile(_trie_regex(self.campaigns))
        # the characters a non-empty campaign_prefix can end with (年度 届次 and the places');
        # before any other character it can only match empty, so it need not be searched
        self.prefix_last = frozenset("年度届次" + "".join(w[-1] for w in places if w))
        # ... and the characters it can start with (a place's, a year's, an ordinal's)
        self.prefix_first = frozenset("12xX某一二〇零○第首" + "".join(w[0] for w in places if w))
        self.campaign_prefix_full = re.compile(rf"(?:{_alt(places)})?(?:{YEAR})?(?:{ORDINAL})?")
        self.campaign_head_words = _by_last(tuple(heads) + CAMPAIGN_HEADS)
        self.campaign_ext = re.compile(rf"^{HAN}{{2,10}}?活动")
        self.ext_stop = re.compile(r"[的了和与及、]|开展|组织|举办")

        # ordinal editions
        # ordinal (below), without 首届, for a text without it: led by the literal 第, scanned faster
        self.ordinal_di = re.compile(rf"第{NUM}{{1,5}}(?:届|次)(?:[\p{{Han}}xX]{{1,16}}?)(?:{ORD_HEADS})(?!会)")
        self.org_tail = re.compile(r"^(?:[xX]{2}|某某)?\p{Han}{0,8}?(?:科学技术协会|科协|协会|学会|委员会|[省市县区镇])$")
        self.prefix_stop = re.compile(
            r"(?:召开|举办|举行|开展|关于|筹备|参加|组织|启动|实施|布置|做好|办好|完成|[了的好并和及与暨、,，。;；:：\s\d“”\"《》()（）])"
        )

        # unquoted strong heads, and place-led meetings
        strong = _alt(STRONG_WORDS)
        self.strong = stdre.compile(rf"(?:{strong})")
        self.meeting = stdre.compile(rf"(?:{'|'.join(MEETING_WORDS)})")
        self.place_start = re.compile(rf"^(?:{_alt(places)}|\p{{Han}}{{2,3}}[省市县区])")
        # (on the standard engine, which splits short windows faster; \s spelled as the regex
        # module reads it)
        self.walk_stop = stdre.compile(
            r"(?:参加|参与|举办|举行|开展|组织|召开|完成|推荐|承办|主办|协办|筹备|启动|办好|做好|参观|观摩|出席|获得|荣获|"
            r"[在的了和与及等为向对将是由于从到至有、,，。;；:：!！?？%s“”\"《》()（）\[\]【】·])" % WHITESPACE
        )
        self.bad_first = frozenset(BAD_FIRST)  # bad_name_start's test: name[:1] in bad_first

        # lists ending in 等…活动
        self.list_ = re.compile(
            rf"(?:开展|举办|参加|参与|承办|办好|组织)了?(?P<items>[^。;；:：\n]{{3,90}}?)等(?:系列|一系列|各类)?{HAN}{{0,6}}?(?:活动|赛事)"
        )
        self.list_split = re.compile(r"[、,，]")
        # the end every list_ match has
        self.list_end = re.compile(rf"等(?:系列|一系列|各类)?{HAN}{{0,6}}?(?:活动|赛事)")
        self.generic_list = re.compile(rf"(?:各类|各种|多种|各项|一系列)[^。;；\n]{{0,80}}?等")
        self.item_verb = re.compile(r"^(?:走访|慰问|开展|组织|举办|推进|加强|做好|参加|深化|宣传|学习|召开|实施|提高|完善)")
        # list_strong's words: strong's alternatives spelled out, and the single heads after three Han
        self.strong_words = _by_last(STRONG_WORDS)
        self.year_campaign_bad_words = _by_last(YEAR_CAMPAIGN_BAD)
        self.three_han = re.compile(rf"{HAN}{{3}}")
        self.item_lead = re.compile(r"^(?:还有|有|并|以及|及|和)")
        self.item_ok = re.compile(rf"^[\p{{Han}}·]{{3,14}}$")

        # campaign years / months: 开展作风建设年活动
        self.year_campaign = re.compile(rf"(?<={HAN})[年月](?:系列|主题)?活动")
        self.year_stop = re.compile(
            r"(?:按照|根据|围绕|结合|通过|关于|县委|市委|省委|区委|党委|全县|全市|全区|全省|开展|组织|参加|举办|深化|推进|"
            r"[在的了和与及等为向对将是由于从到至、,，。;；:：\s“”\"《》()（）\d])"
        )

        # unquoted themes: 以科技创新为主题
        self.theme_plain = re.compile(r"以(?P<t>[^,，。;；“”\"《》\n]{2,30}?)为主题")
        self.joint = re.compile(r"^\s*暨\p{Han}{0,3}$")

    @cached_property
    def ordinal(self):
        # an ordinal edition ending in an activity head; compiled when first asked for, since
        # only a text holding 首届 needs it (ordinal_di finds the others)
        return re.compile(rf"{ORDINAL}(?:[\p{{Han}}xX]{{1,16}}?)(?:{ORD_HEADS})(?!会)")


class _ReferencePatterns(_Patterns):
    """The patterns whose tests find_events makes in plain Python (on the words, or with a
    pattern that finds the same for less): tests/test_events_speed.py checks the two agree.
    Each is compiled when first asked for, so that a process running find_events does not
    compile them at all."""

    @cached_property
    def generic_suffix(self):
        return re.compile(rf"(?:{_alt(self.generic)})$")

    @cached_property
    def suffix(self):
        # a quote followed by a short descriptor ending in a head word
        return re.compile(rf"^(?:的|{HAN}|[A-Za-z0-9·]){{0,10}}?(?:{_alt(self.heads)})")

    @cached_property
    def ends_head(self):
        # a quoted text that itself ends in a head word
        return re.compile(rf"(?:{_alt(self.heads)}|(?<={HAN}{{2}})(?:{_alt(self.singles)}))$")

    @cached_property
    def bad_walk(self):
        return re.compile(rf"(?:{'|'.join(BAD_WALK)})$")

    @cached_property
    def not_head(self):
        return re.compile(rf"(?:{_alt(self.not_heads)})$")

    @cached_property
    def not_follow(self):
        return re.compile(rf"^\s*(?:{_alt(self.followers)})")

    @cached_property
    def doc_after(self):
        return re.compile(rf"^(?:{'|'.join(DOC_WORDS)})")

    @cached_property
    def chain_gap(self):
        return re.compile(r"^\s*(?:、|,|，|和|及|与)?\s*$")

    @cached_property
    def programme_after(self):
        return re.compile(rf"^(?:{'|'.join(PROGRAMME_WORDS)})")

    @cached_property
    def campaign_prefix(self):
        return re.compile(rf"(?:{_alt(self.places)})?(?:{YEAR})?(?:{ORDINAL})?$")

    @cached_property
    def campaign_heads(self):
        return re.compile(rf"(?:{_alt(self.heads)}|{'|'.join(CAMPAIGN_HEADS)})$")

    @cached_property
    def bad_name_start(self):
        return re.compile(rf"^(?:{'|'.join(BAD_FIRST)})")

    @cached_property
    def lead_verbs(self):
        return re.compile(rf"^.*(?:{'|'.join(LEAD_VERBS)})")

    @cached_property
    def list_strong(self):
        return re.compile(rf"(?:{_alt(STRONG_WORDS)}|(?<={HAN}{{3}})(?:日|周|月|节))$")

    @cached_property
    def year_campaign_bad(self):
        return re.compile(rf"(?:{'|'.join(YEAR_CAMPAIGN_BAD)})$")


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    return _ReferencePatterns()


class _Overlap:
    """Claimed spans of one text, which may overlap one another: a mask of the characters
    they cover, so that whether a span overlaps any of them is one scan of the mask in C.
    (Spans are never empty here: an empty span would cover nothing.)"""

    def __init__(self, text: str) -> None:
        self.mask = bytearray(len(text))

    def add(self, s: int, e: int) -> None:
        self.mask[s:e] = b"\x01" * (e - s)

    def hits(self, s: int, e: int) -> bool:
        return self.mask.find(1, s, e) >= 0


def find_events(text: str) -> list[EventMention]:
    """Every event mention in simplified clean text, in text order.

    name: simplified, without the outer quotes/brackets, ordinals and year prefixes
    kept as written; span: of the name in text; theme: a slogan or 以…为主题 text tied
    to it, else None. The same event named twice gives two mentions (the assembler
    merges them).
    """
    p = patterns()
    blocked = _Overlap(text)  # documents and non-event quotes: nothing inside is an event
    claimed = _Overlap(text)  # spans already giving a mention
    found: list[tuple[int, int, str]] = []
    themes: list[tuple[int, int, str, int]] = []  # start, end, text, priority

    _books(text, p, blocked, claimed, found)
    own_themes: dict[int, str] = {}
    _quotes(text, p, blocked, claimed, found, themes, own_themes)
    # inside 各类…等 lists nothing is an event either: blocked from here on
    for m in p.generic_list.finditer(text):
        blocked.add(m.start(), m.end())

    extra: list[tuple[int, int, str]] = []
    extra += _campaigns(text, p)
    extra += _ordinals(text, p)
    extra += _strong(text, p)
    extra += _year_campaigns(text, p)
    extra += _lists(text, p)
    # longer candidates first where they overlap
    # (the name is text[s:e] for every kind, so equal keys are equal candidates)
    for _, s, e, name in sorted([(s - e, s, e, name) for s, e, name in extra]):
        if blocked.hits(s, e) or claimed.hits(s, e):
            continue
        claimed.add(s, e)
        found.append((s, e, name))

    found.sort()
    found = _drop_joint_partners(text, p, found)
    for m in p.theme_plain.finditer(text):
        themes.append((m.start("t"), m.end("t"), m.group("t").strip(), 1))
    mentions = [EventMention(n, s, e, own_themes.get(s)) for s, e, n in found]  # name, span, theme
    _attach_themes(text, [m for m in mentions if m.theme is None], themes)
    return mentions


# --- 《》 ---------------------------------------------------------------------

def _books(text, p, blocked, claimed, found) -> None:
    """《X》 followed by 活动/项目/专案/工程 is a programme; any other 《》 is a title."""
    for m in p.book.finditer(text):
        ms, me = m.span()
        inner = m.group(1)
        # p.programme_after and p.not_head, on the words themselves
        if text.startswith(PROGRAMME_WORDS, me) and not inner.endswith(p.not_head_words.get(inner[-1], ())):
            name = p.book_lead.sub("", inner).strip()
            if len(name) >= 2:
                s = ms + 1 + inner.find(name)  # after the 《
                found.append((s, s + len(name), name))
                claimed.add(ms, me)
                continue
        blocked.add(ms, me)


# --- quotes -------------------------------------------------------------------

# what a gap joining two quotes of a chain can start with, besides whitespace (p.chain_gap)
CHAIN_CHARS = frozenset("、,，和及与")


def _quote_chains(text, p):
    """Quotes in text order, grouped into chains (“A”、“B”等…) that share one after-context."""
    chains: list[list] = []
    prev_end = -1
    for m in _quote_matches(text, p):
        start = m.start()
        # p.chain_gap on the gap, read in place, tried only where the gap can start as it needs
        if chains and (prev_end == start or (
            (text[prev_end] in CHAIN_CHARS or text[prev_end].isspace())
            and p.chain_gap_full.fullmatch(text, prev_end, start)
        )):
            chains[-1].append(m)
        else:
            chains.append([m])
        prev_end = m.end()
    return chains


def _quote_matches(text: str, p):
    """p.quote.finditer(text); a text with one kind of opening mark is scanned for it alone
    (a match starts with an opening mark, so the others could never start one)."""
    marks = [mark for mark in QUOTE_OPENERS if mark in text]
    if len(marks) == 1:
        return p.quote_after[marks[0]].finditer(text)
    return p.quote.finditer(text)


def _quotes(text, p, blocked, claimed, found, themes, own_themes) -> None:
    names: set[str] = set()
    rejected = []
    # the masks of the two overlap sets, read in place (see _Overlap): called once per quote
    blocked_mask, claimed_mask = blocked.mask, claimed.mask
    for chain in _quote_chains(text, p):
        first, last = chain[0], chain[-1]
        chain_start, chain_end = first.start(), last.end()
        before = text[max(0, chain_start - 14): chain_start]
        after = text[chain_end: chain_end + 18]
        # an item list after the chain (“A”、“B”等科普宣传行动): the 等 is not part of a name
        skip = 1 if after.startswith("等") else 0
        for m in chain:
            ms, me = m.span()
            if claimed_mask.find(1, ms, me) >= 0 or blocked_mask.find(1, ms, me) >= 0:
                continue
            raw = m.group(1)
            q = raw.strip()
            s = ms + 1 + raw.find(q)  # the quote mark is one character
            own_after = after[skip:] if m is last else ""
            own_before = before if m is first else ""
            kind, name, tail, prio = _classify_quote(q, own_before, own_after, p)
            if kind == "event":
                e = chain_end + skip + tail if tail else s + len(name)
                found.append((s, e, name))
                claimed.add(ms, max(me, e))
                names.add(name)
                names.add(q)
                if prio is not None:
                    own_themes[s] = q
            elif kind == "theme":
                themes.append((s, s + len(q), q, prio))
                blocked.add(ms, me)
            else:
                rejected.append((ms, me, q, s))
    # a quote repeating an event's name elsewhere is a mention of it (“食全就美”是…)
    for ms, me, q, s in rejected:
        if q in names and claimed_mask.find(1, ms, me) < 0:
            found.append((s, s + len(q), q))
            claimed.add(ms, me)
        else:
            blocked.add(ms, me)


def _classify_quote(q: str, before: str, after: str, p):
    """(kind, name, length of the descriptor taken after the quote, theme priority).

    kind is 'event', 'theme' or 'none'; a theme of priority 0 is stated as one
    (以“…”为主题, “…”活动主题), priority 2 only described (主题是“…”).
    Each pattern is tried only where the words it needs are present.
    """
    if len(q) < 2:
        return "none", None, 0, None
    tb = p.theme_before.search(before) if before and p.theme_words.search(before) else None
    if tb:
        return ("theme", None, 0, 2) if "主题" in tb.group(0) else ("none", None, 0, None)
    frame = p.frame_after.match(after) if "为" in after else None
    if frame:
        return ("theme", None, 0, 0) if frame.group(1) == "主题" else ("none", None, 0, None)
    if "主题" in after and p.theme_after.match(after):
        return "theme", None, 0, 0
    if after:
        lead = after.lstrip(WHITESPACE)
        if lead.startswith(p.follower_words.get(lead[:1], ())):  # p.not_follow
            return "none", None, 0, None
    if len(q) <= 4 and p.enumeration.match(q):
        return "none", None, 0, None
    suf_end = _suffix_end(after, p) if after else None
    if suf_end and after.startswith(p.doc_words.get(after[suf_end:suf_end + 1], ()), suf_end):  # p.doc_after
        return "none", None, 0, None
    if suf_end:
        tail = after[:suf_end]
        # the longest generic word ending the tail (p.generic_suffix)
        words = p.generic_words.get(tail[-1], ())
        generic = max(len(w) for w in words if tail.endswith(w)) if tail.endswith(words) else 0
        if generic and len(tail) - generic > 7:
            return "none", None, 0, None  # a long descriptor: the quote is a modifier, not a name
        if generic or tail.startswith("的"):
            return "event", _strip_ceremony(q, p), 0, None
        # “科技创新创业”主题培训班: the quoted part is also the event's theme
        return "event", q + tail, len(tail), (0 if tail.startswith("主题") else None)
    if q.endswith(p.not_head_words.get(q[-1], ())):  # p.not_head
        return "none", None, 0, None
    if _ends_in_head(q, p) and not q.endswith(p.bad_walk_words.get(q[-1], ())):
        return "event", _strip_ceremony(q, p), 0, None
    if before and p.verb_words.search(before) and p.verb_before.search(before) and not p.slogan_chars.search(q):
        return "event", q, 0, None
    return "none", None, 0, None


def _suffix_end(after: str, p) -> int | None:
    """End of p.suffix.match(after): a descriptor of up to ten Han, Latin letters or digits,
    then the first head word. The leftmost head word is the one the lazy pattern stops at;
    if anything else stands before it, no later one can be reached either."""
    m = p.head_any.search(after)
    if m and m.start() <= 10 and p.descriptor.fullmatch(after, 0, m.start()):
        return m.end()
    return None


def _ends_in_head(q: str, p) -> bool:
    """p.ends_head.search(q): q ends in a head word, or in a single head after two Han."""
    last = q[-1]
    if q.endswith(p.head_words.get(last, ())):
        return True
    singles = p.single_heads.get(last, ())
    if not q.endswith(singles):
        return False
    return any(q.endswith(w) and p.two_han.fullmatch(q, len(q) - len(w) - 2, len(q) - len(w))
               for w in singles if len(q) - len(w) >= 2)


def _strip_ceremony(name: str, p) -> str:
    """A launch or opening ceremony is folded into its campaign: …科普日活动启动仪式 → …科普日."""
    if not name.endswith(("式", "典礼")):  # what every ceremony word ends with
        return name
    short = p.ceremony.sub("", name)
    return short if len(short) >= 2 else name


# --- unquoted kinds -----------------------------------------------------------

def _campaigns(text, p):
    out = []
    for m in p.campaign.finditer(text):
        s, e = m.span()
        if s and text[s - 1] in p.prefix_last:
            s = _prefix_start(text, s, p)
        name = text[s:e]
        # p.campaign_heads.search(name); campaign_ext needs 活动 two to ten characters on
        if not name.endswith(p.campaign_head_words.get(name[-1], ())) and text.find("活动", e + 2, e + 14) >= 0:
            ext = p.campaign_ext.match(text[e: e + 14])
            if ext and not p.ext_stop.search(ext.group(0)[:-2]):
                name = name + ext.group(0)[:-2] + "活动"
                e = e + len(ext.group(0))
        out.append((s, e, name))
    return out


def _prefix_start(text: str, s: int, p) -> int:
    """Start of p.campaign_prefix.search(text, s - 16, s): the leftmost position from which a
    place, year and ordinal prefix runs up to s, tried only where one of them can begin."""
    first = p.prefix_first
    for i in range(max(0, s - 16), s):
        if text[i] in first and p.campaign_prefix_full.fullmatch(text, i, s):
            return i
    return s


def _org_prefix(text: str, start: int, p) -> int:
    """Start of an organisation/place prefix before an ordinal (县科学技术协会|第五次代表大会)."""
    window = text[max(0, start - 14): start]
    cut = _after_last(p.prefix_stop, window)
    tail = window[cut:]
    if len(tail) >= 2 and p.org_tail.match(tail):
        return start - len(tail)
    return start


def _after_last(stop, window: str) -> int:
    """End of the last match of stop in window (0 if none), as a loop over stop.finditer
    would give: split cuts at the same matches, and its last piece is what follows them."""
    return len(window) - len(stop.split(window)[-1])


def _ordinals(text, p):
    out = []
    if "首届" in text:
        ordinal = p.ordinal
    elif "第" in text:
        ordinal = p.ordinal_di  # see ordinal_di
    else:
        return out  # an ordinal starts with 第 or 首届
    for m in ordinal.finditer(text):
        s = _org_prefix(text, m.start(), p)
        out.append((s, m.end(), text[s: m.end()]))
    return out


def _walk_back(text: str, head_start: int, p, limit: int = 16) -> int:
    """Start of the name ending at head_start: back to the last punctuation or verb."""
    lo = max(0, head_start - limit)
    cut = _after_last(p.walk_stop, text[lo:head_start])
    return lo + cut


def _strong(text, p):
    out = []
    for m in p.strong.finditer(text):
        s = _walk_back(text, m.start(), p)
        name = text[s: m.end()]
        if m.start() - s >= 2 and name[:1] not in p.bad_first:
            out.append((s, m.end(), name))
    for m in p.meeting.finditer(text):
        s = _walk_back(text, m.start(), p)
        name = text[s: m.end()]
        if m.start() - s >= 4 and p.place_start.match(name) and name[:1] not in p.bad_first:
            out.append((s, m.end(), name))
    return out


def _year_campaigns(text, p):
    """开展作风建设年活动 → 作风建设年; 科普宣传月活动 → 科普宣传月."""
    out = []
    # every match holds one of these: without them the scan is not made
    if not ("年活动" in text or "月活动" in text or "系列活动" in text or "主题活动" in text):
        return out
    for m in p.year_campaign.finditer(text):
        head_end = m.start() + 1
        lo = max(0, head_end - 10)
        window = text[lo:head_end]
        cut = _after_last(p.year_stop, window)
        n = window[cut:]
        if len(n) >= 3 and not n.endswith(p.year_campaign_bad_words.get(n[-1], ())) and n[0] not in p.bad_first:
            out.append((lo + cut, head_end, n))
    return out


def _lists(text, p):
    """Items of 'A、B、C等活动' when one item is clearly an event."""
    out = []
    if not p.list_end.search(text):  # (led by the literal 等, found faster than a list_ scan)
        return out
    for m in p.list_.finditer(text):
        items_text = m.group("items")
        base = m.start("items")
        # p.lead_verbs: just after the last lead verb (all are two characters long)
        pos = max(items_text.rfind(v) for v in LEAD_VERBS) + 2
        if pos < 2:
            pos = 0
        parts = []
        for piece in p.list_split.split(items_text[pos:]):
            parts.append((base + pos, piece))
            pos += len(piece) + 1
        if not any(_ends_strong(x.strip(), p) for _, x in parts):
            continue
        for s, piece in parts:
            item = p.item_lead.sub("", piece.strip())
            if not p.item_ok.match(item) or p.item_verb.match(item) or item[:1] in p.bad_first:
                continue
            s += piece.find(item)
            out.append((s, s + len(item), item))
    return out


def _ends_strong(x: str, p) -> bool:
    """p.list_strong.search(x): x ends in a strong head, or in 日/周/月/节 after three Han."""
    if x.endswith(p.strong_words.get(x[-1:], ())):
        return True
    return x.endswith(("日", "周", "月", "节")) and len(x) >= 4 and bool(p.three_han.fullmatch(x, len(x) - 4, len(x) - 1))


def _drop_joint_partners(text, p, found):
    """'A暨B' is one event: keep the part with an ordinal, else the first."""
    if "暨" not in text:
        return found
    drop = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        # p.joint needs a 暨 between the two; looking for it first spares copying long gaps
        if text.find("暨", a[1], b[0]) >= 0 and p.joint.match(text[a[1]: b[0]]):
            a_ord = bool(re.search(ORDINAL, a[2]))
            b_ord = bool(re.search(ORDINAL, b[2]))
            drop.add(i if (b_ord and not a_ord) else i + 1)
    return [f for i, f in enumerate(found) if i not in drop]


# --- themes -------------------------------------------------------------------

SENT_END = re.compile(r"[。!！?？\n]")
SENT_END_CHARS = "。!！?？\n"
ANAPHOR = re.compile(r"本次|此次|本届|该|这次|今年")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around pos, at most 400 characters either side."""
    lo = max(0, pos - 400)
    # the walk back stops after the last end mark before pos, or 400 characters back
    s = max(lo, max(text.rfind(c, lo, pos) for c in SENT_END_CHARS) + 1)
    m = SENT_END.search(text, pos)
    e = m.start() if m and m.start() - pos < 400 else min(len(text), pos + 400)
    return s, e


def _attach_themes(text: str, mentions: list[EventMention], themes) -> None:
    """Each theme goes to one mention: a stated theme (以“…”为主题的…) to the mention right
    after it, else the nearest mention in its sentence, else (after 本次/此次…) the previous
    mention. A mention keeps the theme of highest priority, first in text; a theme text is
    given once."""
    if not mentions or not themes:
        return
    starts = [m.span_start for m in mentions]
    best: dict[int, tuple[int, int]] = {}
    given: set[str] = set()
    for ts, te, ttext, prio in sorted(themes, key=lambda t: (t[3], t[0])):
        if ttext in given:
            continue
        ss, se = _sentence_bounds(text, ts)
        cands = [i for i, m in enumerate(mentions) if ss <= m.span_start < se and not (m.span_start <= ts < m.span_end)]
        target = None
        following = [i for i in cands if te <= mentions[i].span_start <= te + 20]
        if following and prio <= 1:
            target = following[0]
        elif cands:
            target = min(cands, key=lambda i: min(abs(mentions[i].span_start - te), abs(ts - mentions[i].span_end)))
        elif ANAPHOR.search(text, ss, ts):
            i = bisect.bisect_left(starts, ts) - 1
            if i >= 0 and ts - mentions[i].span_end < 600:
                target = i
        if target is None:
            continue
        if target not in best or (prio, ts) < best[target]:
            best[target] = (prio, ts)
            mentions[target].theme = ttext
            given.add(ttext)
