"""Equivalence check for the events and assemble stages.

    PYTHONPATH=. python bench/equiv_assemble.py save      # /tmp/equiv-assemble-before.pkl
    PYTHONPATH=. python bench/equiv_assemble.py check     # compare with it, field by field

Runs the stages on every page of /work/main/bench/out/pages-1000 and data/raw, and keeps every
EventMention of find_events and every Activity of assemble (all fields, with the date and count
indexes each activity links), per article. The upstream stages (dates, counts) are run too,
since assemble reads them.
"""
from __future__ import annotations

import pickle
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.assemble import assemble  # noqa: E402
from pipeline.clean import clean_page  # noqa: E402
from pipeline.extract.counts import find_counts  # noqa: E402
from pipeline.extract.dates import find_dates, reference_year  # noqa: E402
from pipeline.extract.events import find_events  # noqa: E402
from pipeline.process import convert_article  # noqa: E402
from pipeline.read import read_page  # noqa: E402

INPUTS = [Path("/work/main/bench/out/pages-1000"), ROOT / "data" / "raw"]
PICKLE = "/tmp/equiv-assemble-{}.pkl"


def files() -> list[Path]:
    out = []
    for root in INPUTS:
        out += sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    return out


def run() -> tuple[dict, float, float]:
    """{(file, article index): (events, activities)} and CPU seconds of events and assemble."""
    out = {}
    t_ev = t_as = 0.0
    for path in files():
        try:
            page = read_page(path.read_bytes(), str(path))
        except Exception:
            continue
        for article in clean_page(page):
            convert_article(article)
            text = article.text
            year = reference_year(article.title, text, article.published)
            dates = find_dates(text, year)
            counts = find_counts(text, exclude=[(d.span_start, d.span_end) for d in dates])
            t0 = time.process_time()
            events = find_events(text)
            t1 = time.process_time()
            acts = assemble(text, dates, counts, events)
            t2 = time.process_time()
            t_ev += t1 - t0
            t_as += t2 - t1
            out[(str(path), article.index)] = ([asdict(e) for e in events], [asdict(a) for a in acts])
    return out, t_ev, t_as


def compare(before: dict, after: dict, limit: int = 10) -> int:
    shown = 0
    for key in sorted(set(before) | set(after)):
        if before.get(key) == after.get(key):
            continue
        shown += 1
        if shown <= limit:
            print("DIFF", key)
            b, a = before.get(key), after.get(key)
            if b is None or a is None:
                print("  missing on one side")
                continue
            for label, xs, ys in (("events", b[0], a[0]), ("activities", b[1], a[1])):
                if len(xs) != len(ys):
                    print(f"  {label}: {len(xs)} before, {len(ys)} after")
                for i, (x, y) in enumerate(zip(xs, ys)):
                    for f in x:
                        if x[f] != y.get(f):
                            print(f"  {label}[{i}].{f}: {x[f]!r} -> {y.get(f)!r}")
    return shown


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    out, t_ev, t_as = run()
    n_ev = sum(len(v[0]) for v in out.values())
    n_act = sum(len(v[1]) for v in out.values())
    print(f"{len(out)} articles, {n_ev} events, {n_act} activities; CPU events {t_ev:.2f}s assemble {t_as:.2f}s")
    if mode == "save":
        with open(PICKLE.format("before"), "wb") as fh:
            pickle.dump(out, fh)
        print("saved", PICKLE.format("before"))
        return 0
    with open(PICKLE.format("before"), "rb") as fh:
        before = pickle.load(fh)
    bad = compare(before, out)
    print("IDENTICAL" if not bad else f"{bad} articles differ")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
