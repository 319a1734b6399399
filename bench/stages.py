"""Per-stage profiler: CPU time of each stage of one worker over a corpus of pages.

    .venv/bin/python bench/stages.py                         # data/raw ×20
    .venv/bin/python bench/stages.py /tmp/corpus --repeat 1  # any folders or files
    .venv/bin/python bench/stages.py --cprofile counts       # where one stage spends its time

Every stage is called directly, in the order `pipeline.process` calls them, and timed with
`time.process_time` (CPU time of this process), so other load on a shared machine does not
count. Printed: MB/s of each stage (input bytes / that stage's CPU seconds), its share of the
whole, the whole pipeline's MB/s, and the MB/s of a plain `jieba.lcut` pass and a plain
`rjieba.cut` pass over the same decoded text, for comparison with the issue's target
(the whole pipeline at least 3× `jieba.lcut`).
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's pipeline package, however it is installed

from pipeline.assemble import assemble  # noqa: E402
from pipeline.clean import clean_page  # noqa: E402
from pipeline.extract.counts import find_counts  # noqa: E402
from pipeline.extract.dates import find_dates, reference_year  # noqa: E402
from pipeline.extract.events import find_events  # noqa: E402
from pipeline.model import ArticleResult, Extraction, PageResult  # noqa: E402
from pipeline.process import convert_article  # noqa: E402
from pipeline.read import read_page  # noqa: E402
from pipeline.segment import default_backend, segment  # noqa: E402
from pipeline.tables import page_rows  # noqa: E402

STAGES = ("read", "clean", "script", "segment", "dates", "counts", "events", "assemble", "tables")


def load(inputs: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file below the inputs, sorted."""
    out = []
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")) if path.is_dir() else [path]
        out += [(str(p), p.read_bytes()) for p in files]
    return out


def run_page(name: str, data: bytes, times: dict[str, float], segmenter: str) -> None:
    """One page through every stage, adding each stage's CPU seconds to `times`."""
    clock = time.process_time
    t = clock()

    def lap(stage: str) -> None:
        nonlocal t
        now = clock()
        times[stage] += now - t
        t = now

    result = PageResult(page=name, n_bytes=len(data))
    try:
        page = read_page(data, name)
    except Exception:  # a bad page costs its read time, as in a batch, and is skipped
        lap("read")
        return
    result.encoding = page.encoding
    lap("read")
    articles = clean_page(page)
    lap("clean")
    for article in articles:
        convert_article(article)
        lap("script")
        text = article.text
        article.tokens = segment(text, segmenter)
        lap("segment")
        article.reference_year = reference_year(article.title, text, article.published)
        dates = find_dates(text, article.reference_year)
        lap("dates")
        counts = find_counts(text, exclude=[(d.span_start, d.span_end) for d in dates])
        lap("counts")
        events = find_events(text)
        lap("events")
        activities = assemble(text, dates, counts, events)
        lap("assemble")
        result.articles.append(ArticleResult(article, Extraction(dates, counts, events, activities)))
    page_rows(result)
    lap("tables")


def decoded(data: bytes) -> str:
    """What a quick script would read: UTF-8, else GBK."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gbk", errors="replace")


def plain_passes(texts: list[str]) -> dict[str, float]:
    """CPU seconds of a bare jieba.lcut and rjieba.cut over every text."""
    import jieba
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    jieba.lcut("预热")
    rjieba.cut("预热")
    out = {}
    for name, cut in (("jieba.lcut", jieba.lcut), ("rjieba.cut", rjieba.cut)):
        t0 = time.process_time()
        for text in texts:
            cut(text)
        out[name] = time.process_time() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "raw")], help="folders or files [data/raw]")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the corpus [20]")
    ap.add_argument("--segmenter", default=None, help="rjieba or jieba [the default backend]")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain jieba / rjieba passes")
    ap.add_argument("--cprofile", metavar="STAGE|all", help="profile the run with cProfile and print the top functions")
    ap.add_argument("--top", type=int, default=30, help="functions shown with --cprofile [30]")
    args = ap.parse_args(argv)

    pages = load(args.inputs)
    if not pages:
        print("no pages", file=sys.stderr)
        return 2
    segmenter = args.segmenter or default_backend()
    mb = sum(len(d) for _, d in pages) * args.repeat / 1e6
    run_page("warm.txt", "2021年5月17日，县科协举办科普讲座3场，发放资料500余份。".encode(), dict.fromkeys(STAGES, 0.0), segmenter)
    for name, data in pages:  # warm every cache a page fills once per process
        run_page(name, data, dict.fromkeys(STAGES, 0.0), segmenter)

    times = dict.fromkeys(STAGES, 0.0)
    prof = cProfile.Profile() if args.cprofile else None
    if prof:
        prof.enable()
    for _ in range(args.repeat):
        for name, data in pages:
            run_page(name, data, times, segmenter)
    if prof:
        prof.disable()

    total = sum(times.values())
    print(f"{len(pages)} pages × {args.repeat} = {mb:.2f} MB, segmenter {segmenter}, CPU time (process_time)")
    print(f"{'stage':<10}{'CPU s':>9}{'MB/s':>10}{'share':>8}")
    for stage in STAGES:
        s = times[stage]
        print(f"{stage:<10}{s:9.3f}{(mb / s if s else float('inf')):10.2f}{100 * s / total:7.1f}%")
    print(f"{'pipeline':<10}{total:9.3f}{mb / total:10.2f}{100.0:7.1f}%")
    if not args.no_plain:
        texts = [decoded(d) for _, d in pages] * args.repeat
        plain = plain_passes(texts)
        for name, s in plain.items():
            print(f"{name:<10}{s:9.3f}{mb / s:10.2f}   pipeline = {s / total:.2f}× {name}")

    if prof:
        stats = pstats.Stats(prof).sort_stats("cumulative")
        if args.cprofile != "all":
            fn = {"script": "convert_article", "dates": "find_dates", "counts": "find_counts", "events": "find_events",
                  "assemble": "assemble", "segment": "segment", "clean": "clean_page", "read": "read_page",
                  "tables": "page_rows"}.get(args.cprofile, args.cprofile)
            stats.print_callees(fn)
        stats.print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
