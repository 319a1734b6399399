#!/usr/bin/env python3
"""Derive the reverse phrase tables pipeline/resources/script/{tw,hk}_phrases.tsv.

Every simplified word of jieba's dictionary is run through OpenCC's forward conversion with
regional phrases (s2twp for Taiwan, s2hkp for Hong Kong) and back through the same character
step the pipeline uses (pipeline.script.char_back). A word that does not come back as itself
gives a reverse entry `key<TAB>word<TAB>jieba freq` (社群 → 社区). Then, to keep the file small
and the choices sound:
  * words that survive their own round trip are added as candidates of their own key
    (建立 stays a candidate of 建立 beside 创建), so frequency can choose between them;
  * chains are kept (文件 ← 文档 while 文件 itself becomes 檔案): in s2twp text the key word can
    only come from the source word;
  * longer words that keep a key inside them unchanged (档案馆, 联络员) are kept as protectors,
    longer entries are kept only where the short entries alone would get them wrong.

usage: python tools/build_phrase_table.py [--min-freq N]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from pipeline import script  # noqa: E402

OUT = ROOT / "pipeline" / "resources" / "script"
HAN = script.HAN
# a key is evidence of converter vocabulary when its own jieba frequency is below this share of its best source
EVIDENCE_RATIO = 0.1


def jieba_words() -> dict[str, int]:
    path = Path(jieba.__file__).parent / "dict.txt"
    words = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            words[parts[0]] = int(parts[1])
    return words


def convert_all(config_or_fn, words: list[str]) -> list[str]:
    """Convert many words in one OpenCC call (newlines never join a phrase)."""
    joined = "\n".join(words)
    out = config_or_fn(joined) if callable(config_or_fn) else script.cc(config_or_fn).convert(joined)
    parts = out.split("\n")
    assert len(parts) == len(words)
    return parts


def derive(kind: str, words: dict[str, int], min_freq: int) -> dict[str, list[tuple[str, int]]]:
    simp = [w for w in words if "\n" not in w and len(w) >= 2 and HAN.search(w)]
    simp = [w for w, s in zip(simp, convert_all("t2s", simp)) if s == w]
    if kind == "tw":
        fwd = convert_all("s2twp", simp)
        keys = convert_all(lambda t: script.char_back(t, hk=False, tw=True), fwd)
    else:
        fwd = convert_all("s2hkp", simp)
        keys = convert_all(lambda t: script.char_back(t, hk=True, tw=False), fwd)
    key_of = dict(zip(simp, keys))

    cands: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for w, k in key_of.items():
        f = words[w]
        if k == w or f < min_freq:
            continue
        cands[k].append((w, f))
    for k in list(cands):
        if key_of.get(k) == k and words.get(k, 0) >= min_freq:
            cands[k].append((k, words[k]))

    # drop long entries the short ones already get right; add protectors where they get it wrong
    short = {k: v for k, v in cands.items() if len(k) <= 2}
    short_table = script.make_table(short)
    kept = dict(short)
    for k, v in cands.items():
        if len(k) <= 2:
            continue
        best = max(v, key=lambda c: c[1])[0]
        if script.apply_table(short_table, k, Counter()) != best or len(v) > 1:
            kept[k] = v
    for w, k in key_of.items():
        if k == w and len(w) >= 3 and words[w] >= min_freq and w not in kept:
            if script.apply_table(short_table, w, Counter()) != w:
                kept[w] = [(w, words[w])]
    return kept


def is_evidence(key: str, cands: list[tuple[str, int]], words: dict[str, int]) -> bool:
    """A key proves converter vocabulary only if mainland text rarely writes it (网路 yes, 文件 no)."""
    best = max(f for c, f in cands)
    return words.get(key, 0) < EVIDENCE_RATIO * best


def write(kind: str, table: dict[str, list[tuple[str, int]]], words: dict[str, int]) -> Path:
    path = OUT / f"{kind}_phrases.tsv"
    lines = [
        f"# Derived by tools/build_phrase_table.py from OpenCC {'s2twp' if kind == 'tw' else 's2hkp'} "
        "over jieba's dictionary. Do not edit: put hand entries in "
        f"{kind}_extra.tsv.",
        "# key (as the character step leaves it)\tsimplified candidate\tjieba frequency\tevidence (1: the key"
        " is rare in mainland text, so its presence shows converter vocabulary)",
    ]
    for key in sorted(table):
        for cand, freq in sorted(table[key], key=lambda c: -c[1]):
            lines.append(f"{key}\t{cand}\t{freq}\t{int(is_evidence(key, table[key], words))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-freq", type=int, default=5, help="ignore jieba words rarer than this")
    args = ap.parse_args(argv)
    words = jieba_words()
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("tw", "hk"):
        table = derive(kind, words, args.min_freq)
        path = write(kind, table, words)
        print(f"{path.relative_to(ROOT)}: {len(table)} keys, {sum(map(len, table.values()))} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
