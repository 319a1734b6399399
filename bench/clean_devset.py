"""Dev-set figures for read + clean, computed as shared/tools/score.py computes them.

usage: python bench/clean_devset.py [--show] [--variant s2t|s2twp|s2hk] [--dump DIR]

Boilerplate leaked and content kept are pooled per page over whitespace-squashed
clean text; the clean text is made simplified with OpenCC t2s here (the script stage
does more: Taiwan vocabulary), so a few content misses on page 003 can be vocabulary.
With --variant the raw pages are first converted to that traditional script.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_page  # noqa: E402
from pipeline.read import read_page  # noqa: E402

T2S = opencc.OpenCC("t2s")
try:  # the script stage, when it exists, also repairs Taiwan vocabulary (社群→社区)
    from pipeline.script import to_simplified as _script

    def to_simple(text: str) -> str:
        return _script(text).text
except Exception:  # not written yet: t2s only
    to_simple = T2S.convert
TW2SP = opencc.OpenCC("tw2sp")
SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return SPACE.sub("", text or "")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--variant", choices=["s2t", "s2twp", "s2hk"])
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args()
    conv = opencc.OpenCC(args.variant).convert if args.variant else (lambda t: t)
    tot = {"bn": 0, "bl": 0, "cn": 0, "ck": 0, "exact": 0, "pages": 0}
    for gold_file in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = (ROOT / "data" / "raw" / gold["page"]).read_bytes()
        if args.variant:
            raw = conv(raw.decode("utf-8")).encode("utf-8")
        arts = clean_page(read_page(raw, gold["page"]))
        texts = [to_simple(a.text) for a in arts]
        clean = "".join(squash(t) for t in texts)
        clean_tw = "".join(squash(TW2SP.convert(a.text)) for a in arts)
        g = gold["articles"]
        row = {"bn": 0, "bl": 0, "cn": 0, "ck": 0}
        misses = []
        for a in g:
            for b in a["boilerplate"]:
                b1, b2 = squash(b), squash(T2S.convert(b))
                leaked = (len(b1) >= 4 and b1 in clean) or (len(b2) >= 4 and b2 in clean)
                row["bn"] += 1
                row["bl"] += leaked
                if leaked:
                    misses.append(f"  LEAK  {b[:70]}")
            for c in a["content"]:
                row["cn"] += 1
                kept = squash(c) in clean or squash(c) in clean_tw
                row["ck"] += kept
                if not kept:
                    misses.append(f"  LOST  {c}")
        exact = len(arts) == len(g)
        titles = [T2S.convert(a.title or "") for a in arts]
        gold_titles = [a["title"] for a in g]
        print(f"{gold['page']}: articles {len(arts)}/{len(g)}  leak {row['bl']}/{row['bn']}  kept {row['ck']}/{row['cn']}"
              f"  titles {'ok' if titles == gold_titles else titles}  published {arts[0].published if arts else None}"
              f"  site {arts[0].site if arts else None}")
        if args.show:
            print("\n".join(misses))
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            out = "\n\n".join(f"===== {a.index} {a.title}\n{a.text}" for a in arts)
            (args.dump / (gold["page"] + ".clean.txt")).write_text(out, encoding="utf-8")
        for k in row:
            tot[k] += row[k]
        tot["exact"] += exact
        tot["pages"] += 1
    leak = tot["bl"] / tot["bn"] if tot["bn"] else 0.0
    kept = tot["ck"] / tot["cn"] if tot["cn"] else 0.0
    print(f"boilerplate leaked {leak:.3f}  content kept {kept:.3f}  article split exact {tot['exact']}/{tot['pages']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
