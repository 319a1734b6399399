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

import json
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from importlib.util import find_spec
from pathlib import Path

import numpy as np
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
# Runs, not characters: counting by run lengths makes a few list items instead of one per character.
HAN_RUN = re.compile(HAN.pattern + "+")
HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))  # those of HAN, end excluded
# Bits of char_flags: a Han character, one that t2s changes, one that only HK conversion writes.
IS_HAN, IS_TRAD, IS_HK = 1, 2, 4


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


def count_chars(text: str, cls: re.Pattern) -> int:
    """How many characters of text the one-character class matches, counted run by run."""
    if cls.search(text) is None:  # the common case for simplified text: no list at all
        return 0
    return sum(map(len, _runs(cls).findall(text)))


@lru_cache(maxsize=8)
def _runs(cls: re.Pattern) -> re.Pattern:
    return re.compile(cls.pattern + "+")


def han_count(text: str) -> int:
    """Number of Han characters in text."""
    return sum(map(len, HAN_RUN.findall(text)))


@lru_cache(maxsize=1)
def char_classes() -> tuple[re.Pattern, re.Pattern]:
    """(characters t2s changes, characters only HK conversion produces), computed once from OpenCC."""
    trad, hk = class_sets()
    return _char_class(trad), _char_class(hk)


@lru_cache(maxsize=1)
def char_flags() -> np.ndarray:
    """IS_HAN | IS_TRAD | IS_HK for every code point (1.1 MB), for HAN and the two sets of char_classes."""
    trad, hk = class_sets()
    flags = np.zeros(0x110000, dtype=np.uint8)
    for lo, hi in HAN_RANGES:
        flags[lo:hi] |= IS_HAN
    for chars, bit in ((trad, IS_TRAD), (hk, IS_HK)):
        flags[np.fromiter(map(ord, chars), dtype=np.int64, count=len(chars))] |= bit
    return flags


def char_counts(text: str) -> tuple[int, int, int]:
    """(han_count, count_chars of the t2s class, count_chars of the HK class) of text, in one
    vectorised pass over its code points instead of three regex scans."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    n = np.bincount(char_flags()[codes], minlength=8).tolist()  # characters per combination of bits
    return tuple(sum(n[v] for v in range(8) if v & bit) for bit in (IS_HAN, IS_TRAD, IS_HK))


CHAR_CLASSES = "script/char_classes.txt"  # class_sets() as computed with the OpenCC it names


@lru_cache(maxsize=1)
def class_sets() -> tuple[set[str], set[str]]:
    """The character sets of char_classes.

    Computing them converts every Han character four ways (0.2 s, at the start of every
    process), so they are kept in resources/script/char_classes.txt with the version of
    OpenCC they came from; with another OpenCC installed they are computed.
    """
    stored = stored_class_sets()
    return stored if stored is not None else compute_class_sets()


def _opencc_stamp() -> str:
    return f"opencc {getattr(opencc, '__version__', 'unknown')}"


def stored_class_sets() -> tuple[set[str], set[str]] | None:
    """The sets from the resource file, or None when it is missing or from another OpenCC."""
    try:
        stamp, trad, hk = resource(CHAR_CLASSES).read_text(encoding="utf-8").split("\n")[:3]
    except (OSError, ValueError):
        return None
    return (set(trad), set(hk)) if stamp == _opencc_stamp() and "unknown" not in stamp else None


def write_char_classes() -> None:
    """Store compute_class_sets() for the installed OpenCC (run after upgrading OpenCC):
    python -c "from pipeline.script import write_char_classes; write_char_classes()" """
    trad, hk = compute_class_sets()
    text = "\n".join([_opencc_stamp(), "".join(sorted(trad)), "".join(sorted(hk))]) + "\n"
    resource(CHAR_CLASSES).write_text(text, encoding="utf-8")


def compute_class_sets() -> tuple[set[str], set[str]]:
    """The sets of char_classes, from OpenCC itself."""
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
    return trad, hk


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
    scanner: re.Pattern | None = None  # scan_regex of the same keys; finds what pattern.finditer finds
    marker: KeyMarker | None = None  # the same, by OpenCC (faster still)
    defaults: dict[str, str] = field(init=False, repr=False)  # key → its most frequent candidate
    fixed: dict[str, str] = field(init=False, repr=False)  # key → what choose() gives whatever the context

    def __post_init__(self) -> None:
        self.defaults = {key: max(cands, key=lambda c: c[1])[0] for key, cands in self.candidates.items()}
        # one candidate, or no context rule for the key: choose() returns the default
        rules = context_rules()
        self.fixed = {key: self.defaults[key] for key, cands in self.candidates.items()
                      if len(cands) == 1 or key not in rules}

    def default(self, key: str) -> str:
        return self.defaults[key]

    def find(self, text: str) -> list[Hit]:
        """(start, end, key) of every longest, leftmost, non-overlapping key match, in order."""
        hits = self.marker.find(text) if self.marker else None
        return find_keys(self.scanner or self.pattern, text) if hits is None else hits


Hit = tuple[int, int, str]


class KeyMarker:
    """Finds what trie_regex(words).finditer finds, with OpenCC doing the matching in C++.

    OpenCC converts by maximum matching, as trie_regex matches: at each position the longest key,
    else one character, and on after it. Given a dictionary that maps each key to itself between
    two control marks, it returns the text with every match marked, and the marks give the spans.
    A text that holds a mark, or NUL (which OpenCC drops), or cannot be encoded is left to the regex.
    """

    OPEN, CLOSE = "\x02", "\x03"
    UNSAFE = re.compile("[\x00\x02\x03]")

    def __init__(self, converter: opencc.OpenCC) -> None:
        self._cc = converter

    @classmethod
    def build(cls, words) -> KeyMarker | None:
        """The marker for these keys, or None when a key cannot go in an OpenCC text dictionary
        or the built marker does not find each key on a line of its own as trie_regex does."""
        words = sorted(words)
        if not words or not all(w.isprintable() and not any(c.isspace() for c in w) for w in words):
            return None
        entries = "".join(f"{w}\t{cls.OPEN}{w}{cls.CLOSE}\n" for w in words)
        keys = {"type": "text", "file": "keys.txt"}
        # No segmentation step: the one conversion already matches maximally over the whole text
        # (as t2s.json does), and a maximal-match segmentation by the same keys before it would
        # only cut the text where that conversion matches anyway, at twice the cost.
        config = {"name": "mark keys", "conversion_chain": [{"dict": keys}]}
        try:
            with tempfile.TemporaryDirectory() as tmp:  # OpenCC reads both files when it is built
                Path(tmp, "keys.txt").write_text(entries, encoding="utf-8")
                Path(tmp, "mark.json").write_text(json.dumps(config), encoding="utf-8")
                marker = cls(opencc.OpenCC(str(Path(tmp, "mark.json"))))
        except Exception:  # no temporary folder, or an OpenCC that reads no text dictionary
            return None
        probe = "\n".join(words)
        return marker if marker.find(probe) == find_keys(trie_regex(words), probe) else None

    def find(self, text: str) -> list[Hit] | None:
        """Key matches as (start, end, key), or None when the text is not safe to mark."""
        if "\x00" in text or self.OPEN in text or self.CLOSE in text:  # UNSAFE, by three fast scans
            return None
        try:
            marked = self._cc.convert(text)
        except UnicodeError:
            return None
        if self.OPEN not in marked:
            return []
        # 'text OPEN key CLOSE text OPEN key CLOSE text': split at both marks (str methods are
        # faster than a regex split), the keys are the odd pieces, and a key starts where the
        # lengths of the pieces before it add up to.
        pieces = marked.replace(self.CLOSE, self.OPEN).split(self.OPEN)
        ends = list(accumulate(map(len, pieces)))
        keys = pieces[1::2]
        return list(zip(ends[0::2], ends[1::2], keys))


def find_keys(pattern: re.Pattern, text: str) -> list[Hit]:
    """Key matches of a trie_regex or a scan_regex (whose key is group 1) as (start, end, key)."""
    if pattern.groups:
        return [(m.start(1), m.end(1), m.group(1)) for m in pattern.finditer(text) if m.lastindex]
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def _trie(words) -> dict:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return trie


def _trie_body(node: dict) -> str:
    """Regex of a trie node: the longest continuation wins (greedy), "" when the node is a leaf."""
    end = "" in node
    alts = [re.escape(ch) + _trie_body(sub) for ch, sub in sorted(node.items()) if ch != ""]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if end:
        body = "(?:" + body + ")?"
    return body


def trie_pattern(words) -> str:
    """Regex source (no groups) matching the longest word at each position: what the alternation
    of the words, longest first, matches, also inside a longer pattern (it backtracks to shorter
    words in the same order), with one branch tried per character instead of one per word."""
    return _trie_body(_trie(words)) or r"(?!)"


def trie_regex(words) -> re.Pattern:
    """One regex that matches the longest word at each position (greedy trie, linear in the text)."""
    return re.compile(trie_pattern(words))


@lru_cache(maxsize=1)
def char_rank() -> dict[str, int]:
    """Frequency of single characters in jieba's dictionary (empty when it cannot be found).

    Only used to order alternatives in scan_regex, which changes its speed, never its matches.
    """
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    # lines 'word freq tag'; one regex pass over the file, not a Python loop over its 350k lines
    return {ch: int(freq) for ch, freq in _ONE_CHAR_ENTRY.findall(content)}


_ONE_CHAR_ENTRY = re.compile(r"^(\S) (\d+)", re.M)


def scan_regex(words) -> re.Pattern:
    """A regex whose matches' group 1 are exactly the matches of trie_regex(words), found faster.

    Python's regex engine, at each position where a key's first character stands, tries the
    trie's first-level alternatives one after another and, when the rest of the key fails, all
    the others too: hundreds of tries per position. Here one match walks over the text itself:
    characters that start no key in one possessive run, a key's first character after which
    none of its keys follows one at a time (alternatives ordered with the commonest characters
    first, so the walk finds its branch early), and stops where a key starts, which group 1 then
    reads as trie_regex would. A match also ends at the end of the text, with no group 1.
    Linear: every repeat is possessive and every lookahead is bounded by the longest key.
    """
    trie = _trie(words)
    rank = char_rank()
    firsts = sorted((ch for ch in trie if ch != ""), key=lambda ch: (-rank.get(ch, 0), ch))
    if not firsts:
        return re.compile(r"(?!)")
    cls = "".join(re.escape(ch) for ch in sorted(firsts))
    walk = [f"[^{cls}]++"] + [re.escape(ch) + "(?!" + _trie_body(trie[ch]) + ")" for ch in firsts]
    return re.compile("(?:" + "|".join(walk) + ")*+(?:(" + _trie_body(trie) + r")|\Z)")


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


def make_table(candidates: dict[str, list[tuple[str, int]]], evidence=(), fast: bool = False) -> PhraseTable:
    """The table; `fast` also builds the marker, or when it cannot be built the scanner (slower to
    build, faster on long texts). With a marker the few texts it cannot mark go to the plain trie:
    building the scanner (and char_rank, which reads jieba's dictionary) would cost a worker's
    start-up more than it saves on them."""
    marker = KeyMarker.build(candidates) if fast else None
    scanner = scan_regex(candidates) if fast and marker is None else None
    return PhraseTable(dict(candidates), trie_regex(candidates), frozenset(evidence), scanner, marker)


@lru_cache(maxsize=None)
def phrase_table(kind: str) -> PhraseTable:
    """'tw' or 'hk': the derived table merged with hand-kept extras (extras win on equal keys)."""
    merged, evidence = read_table(f"{kind}_phrases.tsv")
    extra, extra_evidence = read_table(f"{kind}_extra.tsv")
    for key, cands in extra.items():
        merged[key] = cands
        evidence.discard(key)
    return make_table(merged, evidence | extra_evidence, fast=True)


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
    # str.endswith / startswith take the tuple of context words at once; text[:start] ends with
    # a word exactly when that word stands right before the key.
    for cand, side, words in context_rules().get(key, ()):
        if side == "L" and text.endswith(words, 0, start):
            return cand
        if side == "R" and text.startswith(words, end):
            return cand
    return table.defaults[key]


def count_hits(table: PhraseTable, matches: list[Hit]) -> int:
    distinct = table.distinctive
    return sum(1 for _, _, key in matches if key in distinct)


def apply_table(table: PhraseTable, text: str, fixes: Counter, matches: list[Hit] | None = None) -> str:
    """Replace every longest key match by its chosen candidate; count the changes in `fixes`."""
    out, last = [], 0
    fixed = table.fixed
    for start, end, key in table.find(text) if matches is None else matches:
        value = fixed.get(key) or choose(table, key, text, start, end)  # choose() only when there is a choice
        if value != key:
            out.append(text[last:start])
            out.append(value)
            last = end
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
    return pairs, markers, trie_regex(pairs)  # few keys: the plain trie is the faster here


@lru_cache(maxsize=1)
def spun_marker_regex() -> re.Pattern:
    """A regex that finds any marker form of spun_table (a text without one has no spin markers)."""
    return trie_regex(spun_table()[1])


# A spinner's 〞 closes a quote opened by “ (a genuine 〞 closes 〝); bounded so it stays linear.
SPUN_QUOTE = re.compile(r"“([^“”〝〞\n]{0,80})〞")
# 达到 spun as 到达 before a quantity: 比例到达95%.
SPUN_REACH = re.compile(r"到达(?=[0-9０-９一二三四五六七八九十百千万]{1,12}[%％个万亿多余])")
SPIN_MIN_MARKERS = 3
SPIN_PER_1000 = 0.5


def spin_markers(text: str, hits: list[Hit] | None = None) -> int:
    pairs, markers, pattern = spun_table()
    n = sum(1 for _, _, key in (find_keys(pattern, text) if hits is None else hits) if key in markers)
    return n + n_spun_quotes(text)


def n_spun_quotes(text: str) -> int:
    return len(SPUN_QUOTE.findall(text)) if "〞" in text else 0  # every match holds a 〞


def repair_spinning(text: str, fixes: Counter, han: int | None = None) -> str:
    """Undo spun words if the text is spun (enough markers); only compounds listed in spun.tsv change.

    `han`: Han characters of the text as it came (None: counted here, only if needed).
    """
    if "〞" not in text and not spun_marker_regex().search(text):
        return text  # no marker at all (most texts): one search instead of listing every spun key
    pairs, _, pattern = spun_table()
    hits = find_keys(pattern, text)
    n = spin_markers(text, hits)
    if n < SPIN_MIN_MARKERS:
        return text
    han = (han_count(text) if han is None else han) or 1
    if n * 1000 / han < SPIN_PER_1000:
        return text
    out, last = [], 0
    for start, end, key in hits:
        real = pairs[key]
        fixes[f"{key}→{real}"] += 1
        out += (text[last:start], real)
        last = end
    text = "".join(out) + text[last:]
    n_quote = n_spun_quotes(text)
    if n_quote:
        text = SPUN_QUOTE.sub(r"“\1”", text)
        fixes["〞→”"] += n_quote
    n_reach = len(SPUN_REACH.findall(text)) if "到达" in text else 0
    if n_reach:
        text = SPUN_REACH.sub("达到", text)
        fixes["到达→达到"] += n_reach
    return text


# ---------------------------------------------------------------- the stage


def detect(text: str, han: int | None = None, n_trad: int | None = None,
           n_hk: int | None = None) -> tuple[str, str | None]:
    """(source_script, variant) from the characters: simplified, or traditional made 'chars' / 'hk'.

    `han` (Han characters), `n_trad` (characters t2s changes) and `n_hk` (characters only HK
    conversion writes) are counted here when not given.
    """
    trad_rx, hk_rx = char_classes()
    if n_trad is None:
        n_trad = count_chars(text, trad_rx)
    if n_trad < 2:  # also covers a text without Han characters
        return "simplified", None
    if han is None:
        han = han_count(text)
    if not han or n_trad < TRAD_SHARE * han:
        return "simplified", None
    if n_hk is None:
        n_hk = count_chars(text, hk_rx)
    hk = n_hk * 1000 / han >= HK_PER_1000
    return "traditional", "hk" if hk else "chars"


def enough_hits(table: PhraseTable, matches: list[Hit], han: int) -> bool:
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
    han, n_trad, n_hk = char_counts(text)
    script, variant = detect(text, han, n_trad, n_hk)
    out = text
    if script == "traditional":
        hk = variant == "hk"
        # Judge Taiwan vocabulary on the tw2s view (its keys are spelled there); if there is none,
        # convert plainly, since tw2s would also turn every 著 of plain traditional text into 着.
        table = phrase_table("tw")
        base = cc("hk2t").convert(text) if hk else text  # char_back's first step, done once for both views
        out = char_back(base, False, tw=True)
        matches = table.find(out)
        if enough_hits(table, matches, han):
            out = apply_table(table, out, fixes, matches)
            variant = variant if hk else "tw"
        else:
            out = char_back(base, False, tw=False)
        if hk:
            hk_table = phrase_table("hk")
            hk_matches = hk_table.find(out)
            if enough_hits(hk_table, hk_matches, han):
                out = apply_table(hk_table, out, fixes, hk_matches)
    out = repair_spinning(out, fixes, han)
    return ScriptResult(out, script, variant, format_fixes(fixes))
