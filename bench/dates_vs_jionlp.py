"""Dates: our parser against JioNLP's `jio.ner.extract_time` on the development pages.

Usage:  .venv/bin/python bench/dates_vs_jionlp.py [--repeat N] [--misses]

Both parsers read the same texts: each raw page in data/raw/, converted with OpenCC t2s,
split into its articles at the gold titles (multi-article pages), with the gold
`boilerplate` strings removed (the cleaner removes them in the pipeline). Each article is
scored as the multiset of (start, end) against its gold dates, pooled over all articles.
JioNLP needs `.venv/bin/pip install jionlp` (the `bench` extra); the package never imports it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract.dates import find_dates  # noqa: E402

SENTINEL_YEAR = 1901  # JioNLP's base year for articles whose year is unknown; read back as XXXX


def dev_articles(root: Path = ROOT):
    """(page, text, reference_year, gold (start, end) list) for every gold article."""
    import opencc

    t2s = opencc.OpenCC("t2s").convert
    out = []
    for gold_path in sorted((root / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = t2s((root / "data" / "raw" / gold["page"]).read_text(encoding="utf-8"))
        arts = gold["articles"]
        cuts = _title_cuts(raw, [a["title"] for a in arts]) if len(arts) > 1 else [0]
        for k, art in enumerate(arts):
            text = raw[cuts[k]: cuts[k + 1] if k + 1 < len(cuts) else len(raw)]
            for chrome in art["boilerplate"]:
                text = _loose(t2s(chrome)).sub("\n", text)
            pairs = [(d["start"], d["end"]) for d in art["dates"]]
            out.append((gold["page"], text, art["reference_year"], pairs))
    return out


def _loose(s: str) -> re.Pattern:
    """A pattern for s in which any run of whitespace (spaces, NBSP, tabs) matches any other."""
    return re.compile(r"\s+".join(re.escape(part) for part in s.split()))


def _title_cuts(raw: str, titles: list[str]) -> list[int]:
    """Where each article starts: its title standing on a line of its own, in page order."""
    cuts, pos = [], 0
    for title in titles:
        i = raw.find("\n" + title + "\n", pos)
        i = raw.find(title, pos) if i < 0 else i + 1
        cuts.append(max(i, pos))
        pos = cuts[-1] + len(title)
    cuts[0] = 0
    return cuts


# ---------------------------------------------------------------- the two parsers

def ours(text: str, ref: int | None) -> list[tuple[str, str]]:
    return [(d.start, d.end) for d in find_dates(text, ref)]


def jionlp_dates(jio, text: str, ref: int | None) -> list[tuple[str, str]]:
    """JioNLP's points and spans as ISO partials; year-only results dropped as the spec does."""
    base_year = ref or SENTINEL_YEAR
    base = time.mktime((base_year, 6, 1, 0, 0, 0, 0, 0, -1))
    out = []
    for item in jio.ner.extract_time(text, time_base=base, with_parsing=True):
        detail = item.get("detail") or {}
        if detail.get("type") not in ("time_point", "time_span"):
            continue  # durations (time_delta) and recurrences (time_period) are no dates
        times = detail.get("time")
        if not isinstance(times, list) or len(times) != 2 or not all(isinstance(t, str) for t in times):
            continue
        pair = _to_partial(times[0], times[1])
        if pair:
            out.append(tuple(p.replace(f"{SENTINEL_YEAR:04d}", "XXXX") for p in pair))
    return out


def _to_partial(a: str, b: str) -> tuple[str, str] | None:
    """'2021-05-01 00:00:00'..'2021-05-31 23:59:59' -> ('2021-05', '2021-05'); None for whole years."""
    import calendar

    if not (a[:4].isdigit() and b[:4].isdigit()):
        return None  # open-ended ('inf'): no calendar date
    ya, ma, da = int(a[:4]), int(a[5:7]), int(a[8:10])
    yb, mb, db = int(b[:4]), int(b[5:7]), int(b[8:10])
    whole_months = da == 1 and db == calendar.monthrange(yb, mb)[1] and a[11:] == "00:00:00" and b[11:16] == "23:59"
    if whole_months and ma == 1 and mb == 12:
        return None  # a year or years: not a date here
    if whole_months:
        return f"{ya:04d}-{ma:02d}", f"{yb:04d}-{mb:02d}"
    return a[:10], b[:10]


# ---------------------------------------------------------------- scoring

def score(found: list[list[tuple]], gold: list[list[tuple]]) -> dict:
    tp = n_sys = n_gold = 0
    for f, g in zip(found, gold):
        tp += sum((Counter(f) & Counter(g)).values())
        n_sys, n_gold = n_sys + len(f), n_gold + len(g)
    p = tp / n_sys if n_sys else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "sys": n_sys, "gold": n_gold, "p": p, "r": r, "f1": f1}


def run(parser, arts, repeat: int):
    t0 = time.perf_counter()
    for _ in range(repeat):
        found = [parser(text, ref) for _, text, ref, _ in arts]
    elapsed = time.perf_counter() - t0
    chars = sum(len(text) for _, text, _, _ in arts) * repeat
    return found, chars / elapsed


def misses(name, arts, found):
    for (page, _, _, gold), f in zip(arts, found):
        extra, missed = Counter(f) - Counter(gold), Counter(gold) - Counter(f)
        for pair in missed.elements():
            print(f"  {name}\t{page}\tmissed\t{pair}")
        for pair in extra.elements():
            print(f"  {name}\t{page}\textra\t{pair}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="passes over the texts for our throughput")
    ap.add_argument("--misses", action="store_true", help="list each parser's misses and extras")
    ap.add_argument("--no-jionlp", action="store_true")
    args = ap.parse_args(argv)
    arts = dev_articles()
    gold = [g for *_, g in arts]
    rows = [("ours", *run(ours, arts, args.repeat))]
    if not args.no_jionlp:
        import logging

        import jionlp as jio

        logging.disable(logging.ERROR)  # JioNLP logs a traceback for each phrase it cannot parse
        jio.ner.extract_time("2021年5月1日")  # load its dictionaries outside the timing
        rows.append(("jionlp", *run(lambda t, r: jionlp_dates(jio, t, r), arts, 1)))
    n_chars = sum(len(t) for _, t, _, _ in arts)
    print(f"dev set: {len(arts)} articles, {n_chars} chars, {sum(map(len, gold))} gold dates")
    print(f"{'parser':<8} {'tp':>4} {'sys':>4} {'gold':>4} {'P':>6} {'R':>6} {'F1':>6} {'chars/s':>12}")
    for name, found, speed in rows:
        s = score(found, gold)
        print(f"{name:<8} {s['tp']:>4} {s['sys']:>4} {s['gold']:>4} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {speed:>12,.0f}")
    if len(rows) == 2:
        print(f"speed-up: {rows[0][2] / rows[1][2]:.0f}x")
    if args.misses:
        for name, found, _ in rows:
            misses(name, arts, found)


if __name__ == "__main__":
    main()
