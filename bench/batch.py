"""Batch benchmark: generated folders of 1,000 and 10,000 pages, 1 and 2 workers.

    .venv/bin/python bench/batch.py                 # everything (several minutes)
    .venv/bin/python bench/batch.py --sizes 1000    # quicker
    .venv/bin/python bench/batch.py --repeat 3      # three rounds, the fastest shown (this machine is noisy)

Pages are the sample pages of data/raw with their numbers and dates varied, a few
converted to traditional characters (OpenCC s2t) and a few saved as GBK. Each run is
a fresh subprocess with its own empty cache, so nothing is reused between runs; its
process tree's RSS is sampled to get the peak. Printed in one go: pages/s, MB/s,
peak RSS (the largest process and the whole tree), the share of worker time per
stage, and the MB/s of a plain `jieba.lcut` pass and a plain `rjieba.cut` pass over
the same text, with the issue's targets checked at the end.

The machine may slow down for minutes at a time (a shared host), so `--repeat N` runs in
rounds: each round makes a plain pass and runs every size and worker count once. The fastest
round of each is what the targets are checked on, against the fastest plain pass, and each
round's own ratios are printed too, to show the spread.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's pipeline package, however it is installed
RAW = ROOT / "data" / "raw"
OUT = ROOT / "bench" / "out"
NUMBER = re.compile(r"\d+")
YEAR = re.compile(r"20[12]\d")


def vary(text: str, rng: random.Random) -> str:
    """The same page with other years and other numbers (same number of digits)."""
    shift = rng.randint(-4, 2)
    text = YEAR.sub(lambda m: str(int(m.group()) + shift), text)
    return NUMBER.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                10 ** len(m.group()) - 1)) if len(m.group()) < 4 else m.group(),
                      text)


def generate(folder: Path, n: int, seed: int = 11) -> Path:
    """n pages below folder (100 per sub-folder); kept between runs of the benchmark."""
    marker = folder / ".complete"
    if marker.exists():
        return folder
    import opencc

    s2t = opencc.OpenCC("s2t")
    samples = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    rng = random.Random(seed)
    for i in range(n):
        text = vary(samples[i % len(samples)], rng)
        kind = rng.random()
        if kind < 0.03:
            data = s2t.convert(text).encode("utf-8")
        elif kind < 0.06:
            data = text.encode("gbk", errors="replace")
        else:
            data = text.encode("utf-8")
        path = folder / f"{i // 100:03d}" / f"p{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    marker.write_text("ok")
    return folder


def folder_text(folder: Path) -> list[str]:
    """What a quick script would read: each file decoded (UTF-8, else GBK)."""
    texts = []
    for path in sorted(folder.rglob("*.txt")):
        data = path.read_bytes()
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(data.decode("gbk", errors="replace"))
    return texts


def plain_passes(texts: list[str]) -> dict[str, float]:
    """MB/s (of UTF-8 text) of one bare jieba.lcut pass and one rjieba.cut pass over every page."""
    import logging

    import jieba
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    jieba.lcut("预热")
    rjieba.cut("预热")
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    speeds = {}
    for name, cut in (("jieba.lcut", jieba.lcut), ("rjieba.cut", rjieba.cut)):
        t0 = time.perf_counter()
        for text in texts:
            cut(text)
        speeds[name] = mb / (time.perf_counter() - t0)
    return speeds


def precompile() -> None:
    """Byte-compile the pipeline's own modules, as `pip install` does for an installed package.

    An editable checkout under PYTHONDONTWRITEBYTECODE=1 (as on this machine) never gets its
    .pyc files, so every process of every run would compile ~20 modules from source (0.1 s
    at each start); jieba and rjieba, in site-packages, were compiled when installed.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "pipeline"), quiet=1)


def child(args) -> None:
    """One run, in its own process; prints its figures as JSON."""
    from pipeline.batch import run_batch

    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        res = run_batch(args.folder, args.out, workers=args.workers, cache_dir=cache, force=True,
                        engine=args.engine)
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "pages": res.n_pages, "errors": res.n_errors, "bytes": res.n_bytes, "seconds": res.seconds,
        "first_page": res.first_page_seconds,
        "assemble": res.assemble_seconds, "shares": res.stage_shares(),
        "parent_cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "worker_busy": res.stage_seconds.get("total", 0.0),
    }))


def measure(folder: Path, workers: int, engine: str = "local") -> dict:
    """Run the child; sample its process tree's RSS every 0.2 s and PSS every second."""
    import psutil

    out = OUT / f"tables-{folder.name}-{workers}"
    cmd = [sys.executable, __file__, "--child", "--folder", str(folder), "--out", str(out),
           "--workers", str(workers), "--engine", engine]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT, text=True)
    root = psutil.Process(proc.pid)
    peak_tree = peak_one = 0
    last_pss = 0.0
    while proc.poll() is None:
        try:
            procs = [root] + root.children(recursive=True)
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                except psutil.Error:
                    pass
            peak_one = max(peak_one, max(rss, default=0))
            if time.monotonic() - last_pss >= 1.0:  # PSS reads smaps: costly, so once a second
                last_pss = time.monotonic()
                pss = []
                for p in procs:
                    try:
                        info = p.memory_full_info()  # PSS counts pages shared with the forkserver once
                        pss.append(getattr(info, "pss", info.rss))
                    except psutil.Error:
                        pass
                peak_tree = max(peak_tree, sum(pss))
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"run failed ({proc.returncode}): {stdout[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result |= {"workers": workers, "peak_tree_mb": peak_tree / 2**20, "peak_one_mb": peak_one / 2**20}
    return result


def report(r: dict, plain: dict[str, float]) -> None:
    """One run's figures, in a few lines."""
    w = r["workers"]
    mbps = r["bytes"] / 1e6 / r["seconds"]
    print(f"{r['size']:>6} pages  {w} worker{'s' if w > 1 else ' '}  {r['pages'] / r['seconds']:7.1f} pages/s  "
          f"{mbps:6.2f} MB/s  ({mbps / plain['jieba.lcut']:.1f}x jieba.lcut)  "
          f"peak RSS {r['peak_one_mb']:.0f} MB largest process, PSS {r['peak_tree_mb']:.0f} MB all processes  "
          f"{r['errors']} errors  {r['seconds']:.1f} s (writing tables {r['assemble']:.1f} s)")
    print("        stage share: " + ", ".join(f"{k} {v:.0%}" for k, v in r["shares"].items()))
    print(f"        parent process CPU {1000 * r['parent_cpu'] / r['pages']:.2f} ms/page; workers busy "
          f"{r['worker_busy'] / (w * r['seconds']):.0%} of the run; first page back after "
          f"{r['first_page']:.2f} s")


def check_targets(by: dict, plain: dict[str, float], sizes: list[int], workers: list[int]) -> None:
    """The issue's targets on the best runs (by: (size, workers) -> run)."""
    print("targets:")
    for n in sizes:
        one, two = by.get((n, 1)), by.get((n, 2))
        if one:
            ratio = one["bytes"] / 1e6 / one["seconds"] / plain["jieba.lcut"]
            print(f"  {n}: one worker {ratio:.1f}x jieba.lcut (target >= 3)  {'ok' if ratio >= 3 else 'MISSED'}")
        if one and two:
            speedup = one["seconds"] / two["seconds"]
            print(f"  {n}: two workers {speedup:.2f}x one (target >= 1.8)  {'ok' if speedup >= 1.8 else 'MISSED'}")
    peak = max(r["peak_one_mb"] for r in by.values())
    print(f"  peak RSS of any process {peak:.0f} MB (target < 300)  {'ok' if peak < 300 else 'MISSED'}")
    if len(sizes) > 1:
        small, big = min(sizes), max(sizes)
        for w in workers:
            a, b = by[(small, w)]["peak_tree_mb"], by[(big, w)]["peak_tree_mb"]
            print(f"  {w} worker(s): peak PSS of all processes {a:.0f} MB for {small}, {b:.0f} MB for {big} "
                  f"(target: not higher, within 5%)  {'ok' if b <= a * 1.05 else 'MISSED'}")


def print_rounds(rounds: list[dict], sizes: list[int]) -> None:
    """Each round's ratios, each against the plain pass of its own round: the spread a noisy
    machine gives."""
    print("round by round (each against its own round's plain pass):")
    for i, rnd in enumerate(rounds, 1):
        parts = []
        for n in sizes:
            one, two = rnd["runs"].get((n, 1)), rnd["runs"].get((n, 2))
            if one:
                parts.append(f"{n}: 1w {one['bytes'] / 1e6 / one['seconds'] / rnd['plain']['jieba.lcut']:.1f}x jieba")
            if one and two:
                parts.append(f"2w {one['seconds'] / two['seconds']:.2f}x 1w")
        print(f"  round {i}: jieba.lcut {rnd['plain']['jieba.lcut']:.2f} MB/s; " + ", ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", default="local")
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds; each round runs the plain passes and every size and worker count once, "
                         "and the fastest of the rounds is shown, with the highest memory of all")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        args.workers = args.workers[0]
        return child(args)

    OUT.mkdir(parents=True, exist_ok=True)
    precompile()
    folders = {n: generate(OUT / f"pages-{n}", n) for n in args.sizes}
    texts = folder_text(folders[min(args.sizes)])
    mb = sum(len(t.encode()) for t in texts) / 1e6
    rounds = []
    for i in range(max(1, args.repeat)):
        # Rounds, not each configuration N times in a row: when the machine slows down for a
        # while, every configuration and the plain pass get their share of it.
        plain = plain_passes(texts)
        print(f"round {i + 1}: plain passes over the {min(args.sizes)}-page text ({mb:.1f} MB):"
              f"  jieba.lcut {plain['jieba.lcut']:.2f} MB/s   rjieba.cut {plain['rjieba.cut']:.2f} MB/s")
        runs = {}
        for n, folder in folders.items():
            for w in args.workers:
                runs[(n, w)] = measure(folder, w, args.engine) | {"size": n}
                report(runs[(n, w)], plain)
        rounds.append({"plain": plain, "runs": runs})
    best_plain = {name: max(r["plain"][name] for r in rounds) for name in rounds[0]["plain"]}
    best = {}
    for key in rounds[0]["runs"]:
        tries = [r["runs"][key] for r in rounds]
        best[key] = min(tries, key=lambda t: t["seconds"]) | {
            k: max(t[k] for t in tries) for k in ("peak_one_mb", "peak_tree_mb")}
    if len(rounds) > 1:
        print(f"fastest of {len(rounds)} rounds (plain passes: jieba.lcut {best_plain['jieba.lcut']:.2f} MB/s, "
              f"rjieba.cut {best_plain['rjieba.cut']:.2f} MB/s), with the highest memory of all rounds:")
        for r in best.values():
            report(r, best_plain)
        print_rounds(rounds, args.sizes)
    check_targets(best, best_plain, args.sizes, args.workers)


if __name__ == "__main__":
    main()
