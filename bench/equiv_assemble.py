"""Equivalence check for the events and assemble stages.

    PYTHONPATH=. python bench/equiv_assemble.py save      # /tmp/equiv-assemble-before.pkl
    PYTHONPATH=. python bench/equiv_assemble.py check     # compare with it, field by field
    PYTHONPATH=. python bench/equiv_assemble.py fuzz [N]  # against the modules of BASE, on mixed text

Runs the stages on every page of bench/out/pages-1000 and data/raw, and keeps every
EventMention of find_events and every Activity of assemble (all fields, with the date and count
indexes each activity links), per article. The upstream stages (dates, counts) are run too,
since assemble reads them.
"""
from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
import time
import types
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

CORPUS = Path(os.environ.get("EQUIV_CORPUS", ROOT / "bench" / "out" / "pages-1000"))
INPUTS = [CORPUS, ROOT / "data" / "raw"]
PICKLE = "/tmp/equiv-assemble-{}.pkl"
BASE = "eb57ce9"  # the commit before the speed work on these stages


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


def base_module(path: str, name: str) -> types.ModuleType:
    """The module at `path` as it was at BASE."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASE}:{path}"], check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(name)
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(source, f"{BASE}:{path}", "exec"), module.__dict__)
    return module


def mixed_texts(n: int, seed: int = 1) -> list[str]:
    """Texts made of the sentences of data/raw, shuffled, with whitespace, quote marks and list
    markers varied: cases the near-duplicate corpus does not hold."""
    rng = random.Random(seed)
    sentences = []
    for path in sorted((ROOT / "data" / "raw").iterdir()):
        for article in clean_page(read_page(path.read_bytes(), str(path))):
            convert_article(article)
            sentences += [s for s in article.text.replace("\n", "。\n").split("。") if s]
    swaps = [("“", "「"), ("”", "」"), ("“", '"'), ("”", '"'), ("，", ","), ("、", " 、"), ("\n", "\n\u3000"),
             ("。", "！"), ("二、", "（二）"), ("1.", "1、"), ("科协", "科学技术协会")]
    out = []
    for _ in range(n):
        text = "。".join(rng.choice(sentences) for _ in range(rng.randint(1, 30))) + "。"
        for a, b in rng.sample(swaps, rng.randint(0, 4)):
            text = text.replace(a, b)
        out.append(text)
    return out


def fuzz(n: int) -> int:
    """find_events and assemble against their BASE versions on mixed texts."""
    old_events = base_module("pipeline/extract/events.py", "base_events")
    old_assemble = base_module("pipeline/assemble.py", "base_assemble")
    bad = 0
    for i, text in enumerate(mixed_texts(n)):
        dates = find_dates(text, 2021)
        counts = find_counts(text, exclude=[(d.span_start, d.span_end) for d in dates])
        new, old = find_events(text), old_events.find_events(text)
        acts_new, acts_old = assemble(text, dates, counts, new), old_assemble.assemble(text, dates, counts, old)
        if [asdict(e) for e in new] != [asdict(e) for e in old] or \
                [asdict(a) for a in acts_new] != [asdict(a) for a in acts_old]:
            bad += 1
            if bad <= 5:
                print("DIFF on mixed text", i, repr(text[:80]))
    print(f"{n} mixed texts: " + ("IDENTICAL" if not bad else f"{bad} differ"))
    return 1 if bad else 0


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    if mode == "fuzz":
        return fuzz(int(sys.argv[2]) if len(sys.argv) > 2 else 500)
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
