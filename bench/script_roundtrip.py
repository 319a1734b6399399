#!/usr/bin/env python3
"""Quick roundtrip measure of the script stage alone (no cleaning, whole raw pages).

For every page of PAGES_DIR the reference is to_simplified(page) (for simplified pages that is the
page itself, repaired if spun; for a traditional page it is our own conversion). Each reference is
converted with OpenCC s2t / s2twp / s2hk and brought back by to_simplified and, for comparison, by
plain OpenCC t2s and tw2sp; the character error rate is edits / reference characters.

usage: python bench/script_roundtrip.py [PAGES_DIR] [-v]
"""
from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.script import cc, to_simplified  # noqa: E402

VARIANTS = ("s2t", "s2twp", "s2hk")


def edits(a: str, b: str) -> tuple[int, list[tuple[str, str]]]:
    """Edit count (difflib alignment, close to Levenshtein for sparse changes) and the changed spots."""
    if a == b:
        return 0, []
    n, spots = 0, []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            n += max(i2 - i1, j2 - j1)
            spots.append((a[max(0, i1 - 4):i2 + 4], b[max(0, j1 - 4):j2 + 4]))
    return n, spots


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pages_dir", nargs="?", type=Path, default=ROOT / "data" / "raw")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the differing spots")
    args = ap.parse_args(argv)

    refs = {p.name: to_simplified(p.read_text(encoding="utf-8")).text
            for p in sorted(args.pages_dir.iterdir()) if p.is_file()}
    n_chars = sum(len(t) for t in refs.values())
    totals: dict[tuple[str, str], int] = {}
    t_ours, n_bytes = 0.0, 0
    for variant in VARIANTS:
        for name, ref in refs.items():
            conv = cc(variant).convert(ref)
            t0 = time.perf_counter()
            ours = to_simplified(conv).text
            t_ours += time.perf_counter() - t0
            n_bytes += len(conv.encode("utf-8"))
            for who, back in (("ours", ours), ("t2s", cc("t2s").convert(conv)), ("tw2sp", cc("tw2sp").convert(conv))):
                n, spots = edits(ref, back)
                totals[(variant, who)] = totals.get((variant, who), 0) + n
                if args.verbose and who == "ours" and n:
                    print(f"{variant} {name}: {n} edits", spots[:20])
    print(f"{len(refs)} pages, {n_chars} reference characters; to_simplified ran at "
          f"{n_bytes / max(t_ours, 1e-9) / 1e6:.1f} MB/s (first call includes loading)")
    print(f"{'made with':10s} {'ours':>12s} {'opencc t2s':>12s} {'opencc tw2sp':>12s}")
    for variant in VARIANTS:
        cells = [f"{totals[(variant, w)]:4d} {totals[(variant, w)] / n_chars:7.3%}" for w in ("ours", "t2s", "tw2sp")]
        print(f"{variant:10s} " + " ".join(f"{c:>12s}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
