"""Speed of the read and clean stages, and a guard that optimising them changes nothing.

    .venv/bin/python bench/clean_speed.py --build /tmp/cleancorpus      # make a varied corpus
    .venv/bin/python bench/clean_speed.py /tmp/cleancorpus --save ref.json
    .venv/bin/python bench/clean_speed.py /tmp/cleancorpus --check ref.json
    .venv/bin/python bench/clean_speed.py /tmp/cleancorpus               # MB/s + cProfile

MB/s = UTF-8 megabytes of page text / CPU seconds (time.process_time, so other load on a
shared machine does not count), for read_page and clean_page separately. The corpus built
by --build: the sample pages (data/raw, tests/pages), their OpenCC s2t/s2twp/s2hk copies,
GB18030 and Big5 encoded copies, copies wrapped in the HTML templates of tests/pages, and
copies with lines shuffled or duplicated (fixed seed, so the corpus is the same each time).
"""
from __future__ import annotations

import argparse
import cProfile
import html
import json
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_page  # noqa: E402
from pipeline.read import ReadError, read_page  # noqa: E402

SOURCES = (ROOT / "data" / "raw", ROOT / "tests" / "pages")
TEMPLATE_HEAD = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 某某范文网</title>'
                 '<meta name="pubdate" content="2022-03-0{n}"></head><body>'
                 '<div class="nav"><a>网站首页</a><a>工作总结</a><a>工作计划</a></div>'
                 '<div class="breadcrumbs">位置:首页 &gt; 工作总结</div><div class="article">')
TEMPLATE_TAIL = '</div><div class="footer">Copyright © 2022 某某范文网 版权所有 京ICP备12345678号</div></body></html>'


def source_files() -> list[Path]:
    return [p for d in SOURCES for p in sorted(d.iterdir()) if p.is_file()]


def build(out: Path) -> None:
    """Write the varied corpus (about 200 pages) into `out`."""
    import opencc

    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    convs = {name: opencc.OpenCC(name) for name in ("s2t", "s2twp", "s2hk")}
    n = 0

    def put(name: str, data: bytes) -> None:
        nonlocal n
        (out / f"{n:03d}_{name}").write_bytes(data)
        n += 1

    for path in source_files():
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        stem = path.stem
        put(path.name, raw)
        for cname, conv in convs.items():
            put(f"{stem}_{cname}{path.suffix}", conv.convert(text).encode("utf-8"))
        put(f"{stem}_gbk{path.suffix}", text.encode("gb18030", errors="replace"))
        put(f"{stem}_big5{path.suffix}", convs["s2t"].convert(text).encode("big5", errors="replace"))
        if path.suffix == ".html":
            continue
        lines = text.split("\n")
        for k in range(2):
            title = next((x for x in lines if x.strip()), "报告")[:30]
            body = "".join(f"<p>{html.escape(x)}</p>" for x in lines)
            if k:
                body = convs["s2t"].convert(body)
            page = TEMPLATE_HEAD.format(title=html.escape(title), n=k + 1) + body + TEMPLATE_TAIL
            put(f"{stem}_html{k}.html", page.encode("utf-8"))
        for k in range(3):
            shuffled = lines[:]
            rng.shuffle(shuffled)
            put(f"{stem}_shuf{k}.txt", "\n".join(shuffled).encode("utf-8"))
            dup = [x for x in lines for _ in range(rng.choice((1, 1, 2)))]
            put(f"{stem}_dup{k}.txt", "\n".join(dup).encode("utf-8"))
            cut = lines[rng.randrange(len(lines)):] + lines[: rng.randrange(len(lines))]
            put(f"{stem}_cut{k}.txt", convs[rng.choice(list(convs))].convert("\n".join(cut)).encode("utf-8"))
        # pages that run several reports together, some with CRLF line ends
        other = rng.choice(source_files()).read_bytes().decode("utf-8", errors="replace")
        joined = text + "\n" + other
        put(f"{stem}_join.txt", joined.replace("\n", "\r\n").encode("utf-8"))
        put(f"{stem}_tail.txt", ("\n".join(lines[len(lines) // 2:])).encode("utf-8"))
    print(f"wrote {n} pages to {out}")


def corpus(paths: list[str]) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for p in map(Path, paths or [str(d) for d in SOURCES]):
        files.extend(sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])
    return [(str(f), f.read_bytes()) for f in files]


def outputs(pages: list[tuple[str, bytes]]) -> dict:
    """The clean stage's output per page (or the read error's message)."""
    result = {}
    for name, data in pages:
        try:
            arts = clean_page(read_page(data, Path(name).name))
            result[name] = [[a.index, a.title, a.text, a.published, a.site] for a in arts]
        except ReadError as exc:
            result[name] = f"ReadError: {exc}"
    return result


def speed(pages: list[tuple[str, bytes]], repeat: int) -> None:
    read_cpu = clean_cpu = 0.0
    read_pages = []
    for name, data in pages:
        t = time.process_time()
        try:
            page = read_page(data, name)
        except ReadError:
            continue
        read_cpu += time.process_time() - t
        read_pages.append(page)
    mb = sum(len(p.text.encode("utf-8")) for p in read_pages) / 1e6
    for _ in range(repeat):
        for page in read_pages:
            t = time.process_time()
            clean_page(page)
            clean_cpu += time.process_time() - t
    print(f"{len(read_pages)} pages, {mb:.2f} MB of text")
    print(f"read : {mb / read_cpu:7.2f} MB/s  ({read_cpu:.2f} s CPU)")
    print(f"clean: {mb * repeat / clean_cpu:7.2f} MB/s  ({clean_cpu:.2f} s CPU, x{repeat})")
    prof = cProfile.Profile()
    prof.enable()
    for page in read_pages:
        clean_page(page)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(15)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="folders or files (default: data/raw and tests/pages)")
    ap.add_argument("--build", metavar="DIR", help="write the varied corpus into DIR and stop")
    ap.add_argument("--save", metavar="JSON", help="store the clean output as a reference")
    ap.add_argument("--check", metavar="JSON", help="compare the clean output with a reference")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.build:
        build(Path(args.build))
        return
    pages = corpus(args.paths)
    if args.save or args.check:
        got = outputs(pages)
        if args.save:
            Path(args.save).write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
            print(f"saved {len(got)} pages")
        if args.check:
            ref = json.loads(Path(args.check).read_text(encoding="utf-8"))
            diff = [k for k in ref.keys() | got.keys() if ref.get(k) != got.get(k)]
            print(f"{len(got)} pages, {len(diff)} differ" + "".join(f"\n  {k}" for k in sorted(diff)[:20]))
            sys.exit(1 if diff else 0)
        return
    speed(pages, args.repeat)


if __name__ == "__main__":
    main()
