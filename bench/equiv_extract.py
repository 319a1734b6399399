"""Equivalence check for the dates and counts stages: every field of every mention, on every page.

    PYTHONPATH=. .venv/bin/python bench/equiv_extract.py --save /tmp/equiv-extract-before.pkl
    PYTHONPATH=. .venv/bin/python bench/equiv_extract.py --compare /tmp/equiv-extract-before.pkl

Runs read → clean → script → reference year → find_dates → find_counts (as `pipeline.process`
calls them) over bench/out/pages-1000 and data/raw, and keeps, per article, every
DateMention and CountMention as a tuple of all its fields. With --compare, prints the first
differences against a saved run and exits 1 when there is any.
With --time N, also prints the CPU time of find_dates and find_counts alone over the same texts
(best of N passes, after one warm pass); with --profile, a cProfile of one pass of each.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import sys
import time
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_page  # noqa: E402
from pipeline.extract.counts import find_counts  # noqa: E402
from pipeline.extract.dates import find_dates, reference_year  # noqa: E402
from pipeline.model import CountMention, DateMention  # noqa: E402
from pipeline.process import convert_article  # noqa: E402
from pipeline.read import read_page  # noqa: E402

CORPUS = Path(os.environ.get("EQUIV_CORPUS", ROOT / "bench" / "out" / "pages-1000"))
INPUTS = [CORPUS, ROOT / "data" / "raw"]
DATE_FIELDS = [f.name for f in fields(DateMention)]
COUNT_FIELDS = [f.name for f in fields(CountMention)]


def files() -> list[Path]:
    out = []
    for root in INPUTS:
        out += sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    return out


def page_output(path: Path) -> list:
    """[(reference year, dates, counts)] for each article of one page; a string when it fails."""
    try:
        page = read_page(path.read_bytes(), path.name)
    except Exception as exc:  # the same pages fail before and after
        return f"read error: {type(exc).__name__}"
    out = []
    for article in clean_page(page):
        convert_article(article)
        text = article.text
        ref = reference_year(article.title, text, article.published)
        dates = find_dates(text, ref)
        counts = find_counts(text, exclude=[(d.span_start, d.span_end) for d in dates])
        out.append((ref,
                    [tuple(getattr(d, f) for f in DATE_FIELDS) for d in dates],
                    [tuple(getattr(c, f) for f in COUNT_FIELDS) for c in counts]))
    return out


def run() -> dict[str, list]:
    return {str(p): page_output(p) for p in files()}


def compare(before: dict, after: dict, limit: int = 20) -> int:
    """Print up to `limit` differences; return how many pages differ."""
    shown = bad = 0
    for page in sorted(set(before) | set(after)):
        b, a = before.get(page), after.get(page)
        if b == a:
            continue
        bad += 1
        if shown >= limit:
            continue
        shown += 1
        print(f"DIFF {page}")
        if not isinstance(b, list) or not isinstance(a, list) or len(a) != len(b):
            print(f"  before: {str(b)[:300]}\n  after:  {str(a)[:300]}")
            continue
        for k, (ab, aa) in enumerate(zip(b, a)):
            for name, i, names in (("ref", 0, None), ("dates", 1, DATE_FIELDS), ("counts", 2, COUNT_FIELDS)):
                if ab[i] == aa[i]:
                    continue
                if names is None:
                    print(f"  article {k} reference year {ab[i]} -> {aa[i]}")
                    continue
                print(f"  article {k} {name}: {len(ab[i])} -> {len(aa[i])}")
                for j, (x, y) in enumerate(zip(ab[i], aa[i])):
                    if x != y:
                        print(f"    #{j} before {dict(zip(names, x))}\n       after  {dict(zip(names, y))}")
                        break
                else:
                    extra = ab[i][len(aa[i]):] or aa[i][len(ab[i]):]
                    print(f"    first extra: {extra[0]}")
    return bad


def texts() -> list[tuple[str, int | None, list, str | None, str | None]]:
    """(text, reference year, date spans, title, published) of every article, prepared once."""
    out = []
    for path in files():
        try:
            page = read_page(path.read_bytes(), path.name)
        except Exception:
            continue
        for article in clean_page(page):
            convert_article(article)
            ref = reference_year(article.title, article.text, article.published)
            spans = [(d.span_start, d.span_end) for d in find_dates(article.text, ref)]
            out.append((article.text, ref, spans, article.title, article.published))
    return out


def timing(repeat: int, profile: bool) -> None:
    """Best-of-`repeat` CPU seconds of each stage over the prepared texts."""
    items = texts()
    mb = sum(len(t.encode()) for t, *_ in items) / 1e6
    stages = {  # as bench/stages.py times them: the reference year is part of the dates stage
        "dates": lambda: [find_dates(t, reference_year(title, t, pub)) for t, _, _, title, pub in items],
        "counts": lambda: [find_counts(t, exclude=spans) for t, _, spans, _, _ in items],
    }
    for name, fn in stages.items():
        fn()  # warm caches filled once per process
        best = min(_cpu(fn) for _ in range(repeat))
        print(f"{name:<8}{best:8.3f} s {mb / best:8.2f} MB/s  ({mb:.2f} MB)")
        if profile:
            prof = cProfile.Profile()
            prof.runcall(fn)
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def _cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", help="write this run's outputs here")
    ap.add_argument("--compare", help="compare this run with a saved one")
    ap.add_argument("--time", type=int, metavar="N", help="time each stage, best of N passes")
    ap.add_argument("--profile", action="store_true", help="with --time: cProfile one pass of each stage")
    args = ap.parse_args()
    if args.time:
        timing(args.time, args.profile)
        return 0
    result = run()
    n_dates = sum(len(a[1]) for v in result.values() if isinstance(v, list) for a in v)
    n_counts = sum(len(a[2]) for v in result.values() if isinstance(v, list) for a in v)
    print(f"{len(result)} pages, {n_dates} dates, {n_counts} counts")
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump(result, f)
    if args.compare:
        with open(args.compare, "rb") as f:
            before = pickle.load(f)
        bad = compare(before, result)
        print(f"{bad} pages differ" if bad else "IDENTICAL")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
