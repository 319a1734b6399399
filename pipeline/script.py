"""Script stage: traditional → simplified that undoes what converters and spinners did.

A page reaches us in one of these states:
  * simplified, untouched            → passed through byte-identical;
  * simplified but "spun" (a site swapped words to dodge duplicate detection: 效劳 for 服务,
    〞 for ”, 食品平安 for 食品安全 …)   → only the unambiguous swaps are undone;
  * traditional made character by character (OpenCC s2t and alike)   → OpenCC back;
  * traditional with Taiwan vocabulary (s2twp: 社群, 專案, 資訊 …)      → OpenCC back, then the
    reverse phrase table (derived by tools/build_phrase_table.py from OpenCC's own forward tables);
  * traditional with Hong Kong variants / phrases (s2hk, s2hkp)        → HK variants first, then as above.

The reverse tables live in resources/script/ as TSV (`key<TAB>candidate<TAB>jieba freq`), keys in
the simplified form that OpenCC's character step leaves. Several candidates for one key are
resolved by context rules (resources/script/context.tsv), then by word frequency.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from pipeline.resources_path import resource

SCRIPT_DIR = "script"

# A text is traditional when at least this share of its Han characters are ones t2s changes.
TRAD_SHARE = 0.04
# Taiwan / HK vocabulary is undone only when the text shows enough unmistakable converter words:
# at least MIN_HITS of them and at least HITS_PER_1000 per thousand Han characters.
MIN_HITS = 2
HITS_PER_1000 = 0.4
# HK variant characters (衞 綫 裏 …) per thousand Han characters that mark HK-made text.
HK_PER_1000 = 0.5

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class ScriptResult:
    text: str  # simplified, mainland vocabulary
    source_script: str  # 'simplified' | 'traditional'
    variant: str | None  # None for simplified; 'chars' | 'tw' | 'hk'
    fixes: list[str] = field(default_factory=list)  # e.g. ['社群→社区 ×4', '效劳→服务 ×12']


# ---------------------------------------------------------------- OpenCC and character classes


@lru_cache(maxsize=None)
def cc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _han_chars() -> str:
    return "".join(chr(c) for c in range(0x4E00, 0xA000)) + "".join(chr(c) for c in range(0x3400, 0x4DC0))


def _char_class(chars: set[str]) -> re.Pattern:
    body = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"[{body}]") if body else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def char_classes() -> tuple[re.Pattern, re.Pattern]:
    """(characters t2s changes, characters only HK conversion produces), computed once from OpenCC."""
    han = _han_chars()
    simp = cc("t2s").convert(han)
    trad = {a for a, b in zip(han, simp) if a != b} if len(simp) == len(han) else set()
    s2t, s2hk, s2tw = cc("s2t").convert(han), cc("s2hk").convert(han), cc("s2tw").convert(han)
    hk = set()
    if len(s2t) == len(s2hk) == len(s2tw) == len(han):
        # characters HK conversion writes where s2t writes another, and which are not simplified
        # forms kept as they are (台 才 温 occur in any traditional text)
        simple = [i for i, (c, s) in enumerate(zip(han, simp)) if c == s]
        hk = {s2hk[i] for i in simple if s2hk[i] not in (han[i], s2t[i], s2tw[i])}
        # a character that s2t or s2tw also writes for some simplified one proves nothing (為 眾)
        hk -= {s2t[i] for i in simple if s2t[i] != han[i]} | {s2tw[i] for i in simple if s2tw[i] != han[i]}
    return _char_class(trad), _char_class(hk)


def char_back(text: str, hk: bool, tw: bool) -> str:
    """Characters back to simplified: HK variants to standard first; tw2s also undoes 著→着 for particles."""
    if hk:
        text = cc("hk2t").convert(text)
    return cc("tw2s" if tw else "t2s").convert(text)


# ---------------------------------------------------------------- phrase tables and matching


@dataclass
class PhraseTable:
    """Longest-match table: key → candidates with frequencies, and one trie regex over the keys."""

    candidates: dict[str, list[tuple[str, int]]]
    pattern: re.Pattern
    distinctive: frozenset[str]  # keys whose presence shows converter vocabulary (not mainland words)

    def default(self, key: str) -> str:
        return max(self.candidates[key], key=lambda c: c[1])[0]


def trie_regex(words) -> re.Pattern:
    """One regex that matches the longest word at each position (greedy trie, linear in the text)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return re.compile(build(trie) or r"(?!)")


def read_table(name: str) -> tuple[dict[str, list[tuple[str, int]]], set[str]]:
    """Rows `key<TAB>candidate<TAB>freq[<TAB>evidence]` of resources/script/NAME (missing file → empty).

    Returns the candidates per key and the keys flagged as evidence (1) of converter vocabulary.
    """
    path = resource(f"{SCRIPT_DIR}/{name}")
    table: dict[str, list[tuple[str, int]]] = defaultdict(list)
    evidence: set[str] = set()
    if not path.exists():
        return table, evidence
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        freq = int(parts[2]) if len(parts) > 2 and parts[2].strip() else 1
        if (parts[1], freq) not in table[parts[0]]:
            table[parts[0]].append((parts[1], freq))
        if len(parts) > 3 and parts[3].strip() == "1":
            evidence.add(parts[0])
    return table, evidence


def make_table(candidates: dict[str, list[tuple[str, int]]], evidence=()) -> PhraseTable:
    return PhraseTable(dict(candidates), trie_regex(candidates), frozenset(evidence))


@lru_cache(maxsize=None)
def phrase_table(kind: str) -> PhraseTable:
    """'tw' or 'hk': the derived table merged with hand-kept extras (extras win on equal keys)."""
    merged, evidence = read_table(f"{kind}_phrases.tsv")
    extra, extra_evidence = read_table(f"{kind}_extra.tsv")
    for key, cands in extra.items():
        merged[key] = cands
        evidence.discard(key)
    return make_table(merged, evidence | extra_evidence)


@lru_cache(maxsize=1)
def context_rules() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """key → [(candidate, side L/R, context strings)]: pick the candidate when a context word touches it."""
    rules: dict[str, list] = defaultdict(list)
    path = resource(f"{SCRIPT_DIR}/context.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, cand, side, words = line.split("\t")[:4]
        rules[key].append((cand, side.strip().upper(), tuple(words.split())))
    return rules


def choose(table: PhraseTable, key: str, text: str, start: int, end: int) -> str:
    """The candidate for `key` at text[start:end]: a context rule if one fires, else the most frequent."""
    cands = table.candidates[key]
    if len(cands) == 1:
        return cands[0][0]
    for cand, side, words in context_rules().get(key, ()):
        if side == "L" and any(text.startswith(w, start - len(w)) and start >= len(w) for w in words):
            return cand
        if side == "R" and any(text.startswith(w, end) for w in words):
            return cand
    return table.default(key)


def count_hits(table: PhraseTable, matches: list[re.Match]) -> int:
    distinct = table.distinctive
    return sum(1 for m in matches if m.group() in distinct)


def apply_table(table: PhraseTable, text: str, fixes: Counter, matches: list[re.Match] | None = None) -> str:
    """Replace every longest key match by its chosen candidate; count the changes in `fixes`."""
    out, last = [], 0
    for m in table.pattern.finditer(text) if matches is None else matches:
        key = m.group()
        value = choose(table, key, text, m.start(), m.end())
        if value != key:
            out.append(text[last:m.start()])
            out.append(value)
            last = m.end()
            fixes[f"{key}→{value}"] += 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------- spinning


@lru_cache(maxsize=1)
def spun_table() -> tuple[dict[str, str], set[str], re.Pattern]:
    """(spun form → real form, marker forms, trie regex) from resources/script/spun.tsv."""
    pairs: dict[str, str] = {}
    markers: set[str] = set()
    for line in resource(f"{SCRIPT_DIR}/spun.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        pairs[parts[0]] = parts[1]
        if len(parts) > 2 and parts[2].strip() == "marker":
            markers.add(parts[0])
    return pairs, markers, trie_regex(pairs)


# A spinner's 〞 closes a quote opened by “ (a genuine 〞 closes 〝); bounded so it stays linear.
SPUN_QUOTE = re.compile(r"“([^“”〝〞\n]{0,80})〞")
# 达到 spun as 到达 before a quantity: 比例到达95%.
SPUN_REACH = re.compile(r"到达(?=[0-9０-９一二三四五六七八九十百千万]{1,12}[%％个万亿多余])")
SPIN_MIN_MARKERS = 3
SPIN_PER_1000 = 0.5


def spin_markers(text: str) -> int:
    pairs, markers, pattern = spun_table()
    n = sum(1 for m in pattern.finditer(text) if m.group() in markers)
    return n + len(SPUN_QUOTE.findall(text))


def repair_spinning(text: str, fixes: Counter, han: int) -> str:
    """Undo spun words if the text is spun (enough markers); only compounds listed in spun.tsv change."""
    han = han or 1
    n = spin_markers(text)
    if n < SPIN_MIN_MARKERS or n * 1000 / han < SPIN_PER_1000:
        return text
    pairs, _, pattern = spun_table()

    def swap(m: re.Match) -> str:
        real = pairs[m.group()]
        fixes[f"{m.group()}→{real}"] += 1
        return real

    text = pattern.sub(swap, text)
    n_quote = len(SPUN_QUOTE.findall(text))
    if n_quote:
        text = SPUN_QUOTE.sub(r"“\1”", text)
        fixes["〞→”"] += n_quote
    n_reach = len(SPUN_REACH.findall(text))
    if n_reach:
        text = SPUN_REACH.sub("达到", text)
        fixes["到达→达到"] += n_reach
    return text


# ---------------------------------------------------------------- the stage


def detect(text: str, han: int) -> tuple[str, str | None]:
    """(source_script, variant) from the characters: simplified, or traditional made 'chars' / 'hk'."""
    trad_rx, hk_rx = char_classes()
    if not han:
        return "simplified", None
    n_trad = len(trad_rx.findall(text))
    if n_trad < 2 or n_trad < TRAD_SHARE * han:
        return "simplified", None
    hk = len(hk_rx.findall(text)) * 1000 / han >= HK_PER_1000
    return "traditional", "hk" if hk else "chars"


def enough_hits(table: PhraseTable, matches: list[re.Match], han: int) -> bool:
    """Whether the text shows enough unmistakable converter words to undo the vocabulary."""
    n = count_hits(table, matches)
    return n >= MIN_HITS and n * 1000 / max(han, 1) >= HITS_PER_1000


def format_fixes(fixes: Counter) -> list[str]:
    return [f"{k} ×{n}" for k, n in sorted(fixes.items(), key=lambda kv: (-kv[1], kv[0]))]


def to_simplified(text: str) -> ScriptResult:
    """Decide how the text was made and undo exactly that.

    Simplified text without spinning passes through byte-identical. Traditional text is converted
    by characters; Taiwan / Hong Kong vocabulary is reversed only when the text shows it; spun
    wording is repaired only in texts dense with spinner markers. Every repair is listed in `fixes`.
    """
    fixes: Counter = Counter()
    han = len(HAN.findall(text))
    script, variant = detect(text, han)
    out = text
    if script == "traditional":
        hk = variant == "hk"
        # Judge Taiwan vocabulary on the tw2s view (its keys are spelled there); if there is none,
        # convert plainly, since tw2s would also turn every 著 of plain traditional text into 着.
        table = phrase_table("tw")
        out = char_back(text, hk, tw=True)
        matches = list(table.pattern.finditer(out))
        if enough_hits(table, matches, han):
            out = apply_table(table, out, fixes, matches)
            variant = variant if hk else "tw"
        else:
            out = char_back(text, hk, tw=False)
        if hk:
            hk_table = phrase_table("hk")
            hk_matches = list(hk_table.pattern.finditer(out))
            if enough_hits(hk_table, hk_matches, han):
                out = apply_table(hk_table, out, fixes, hk_matches)
    out = repair_spinning(out, fixes, han)
    return ScriptResult(out, script, variant, format_fixes(fixes))
