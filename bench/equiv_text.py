"""Equivalence check for the text stages (clean, script, segment) and the rows of a page.

    python bench/equiv_text.py save      # write /tmp/equiv-text-before.pkl
    python bench/equiv_text.py compare   # run again, compare field by field with the saved run

Runs read → clean_page → convert_article → segment on every page of the 1,000-page corpus
(bench/out/pages-1000, made by bench/batch.py; EQUIV_CORPUS=DIR for another),
data/raw, tests/pages, and traditional / Taiwan / Hong Kong / spun variants of data/raw
(made here with OpenCC's s2t, s2tw, s2twp, s2hk, s2hkp; one with NUL and ideographic
description sequences), and records every field of the
articles after clean, after convert_article, and the tokens; and the rows of each page as a
batch makes them (process_page → page_rows → pack: every table, column and value).
EQUIV_OUT=FILE saves to / compares with another file than /tmp/equiv-text-before.pkl.
"""
from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_page  # noqa: E402
from pipeline.model import Article  # noqa: E402
from pipeline.process import convert_article, process_page  # noqa: E402
from pipeline.read import read_page  # noqa: E402
from pipeline.rows import pack, page_rows  # noqa: E402
from pipeline.script import cc  # noqa: E402
from pipeline.segment import segment  # noqa: E402

CORPUS = Path(os.environ.get("EQUIV_CORPUS", ROOT / "bench" / "out" / "pages-1000"))  # made by bench/batch.py
OUT = Path(os.environ.get("EQUIV_OUT", "/tmp/equiv-text-before.pkl"))
FIELDS = [f for f in Article.__slots__]


def files() -> list[Path]:
    out = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    out += sorted(p for p in (ROOT / "data" / "raw").iterdir() if p.is_file())
    out += sorted(p for p in (ROOT / "tests" / "pages").iterdir() if p.is_file())
    return out


def label(path: Path) -> str:
    """The page's name in the results: relative to the corpus's folder or the checkout, so
    two checkouts reading one corpus compare."""
    for base in (CORPUS.parent, ROOT):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def inputs() -> list[tuple[str, bytes]]:
    """(name, bytes) of every page, plus converted variants of the real pages."""
    items = [(label(p), p.read_bytes()) for p in files()]
    raw = [(label(p), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "raw").iterdir())]
    spins = str.maketrans({"”": "〞"})
    for name, text in raw:
        for config in ("s2t", "s2tw", "s2twp", "s2hk", "s2hkp"):
            items.append((f"{name}#{config}", cc(config).convert(text).encode("utf-8")))
        spun = text.replace("服务", "效劳").replace("安全", "平安").replace("达到", "到达").translate(spins)
        items.append((f"{name}#spun", spun.encode("utf-8")))
        items.append((f"{name}#mixed", (text[: len(text) // 2] + cc("s2twp").convert(text[len(text) // 2:])).encode()))
        # characters OpenCC's table converter leaves to OpenCC itself (NUL, an ideographic
        # description sequence), in a traditional copy
        odd = cc("s2twp").convert(text).replace("。", "。\x00", 3).replace("，", "，⿰木木", 2)
        items.append((f"{name}#odd", odd.encode()))
    return items


def fields(article: Article) -> dict:
    return {f: (list(v) if isinstance(v := getattr(article, f), list) else v) for f in FIELDS}


def rows_of(name: str, data: bytes) -> tuple:
    """The page's rows, as dicts (page_rows) and packed (pack), as a batch makes them."""
    rows = page_rows(process_page(data, name))
    return rows, pack(rows)


def run() -> dict:
    results = {}
    for name, data in inputs():
        results[f"{name}#rows"] = rows_of(name, data)
        try:
            page = read_page(data, name)
        except Exception as exc:  # read is not ours: record and skip
            results[name] = ("read error", str(exc))
            continue
        try:
            articles = clean_page(page)
        except Exception as exc:
            results[name] = ("clean error", repr(exc))
            continue
        cleaned = [fields(a) for a in articles]
        converted = []
        for a in articles:
            convert_article(a)
            a.tokens = segment(a.text)
            converted.append(fields(a))
        results[name] = (cleaned, converted)
    return results


def first_diff(a, b, path="") -> str | None:
    if type(a) is not type(b):
        return f"{path}: type {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}.{k}: missing on one side"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        return None
    if a != b:
        return f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}"
    return None


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else "compare"
    results = run()
    if mode == "save":
        OUT.write_bytes(pickle.dumps(results))
        print(f"saved {len(results)} pages to {OUT}")
        return 0
    before = pickle.loads(OUT.read_bytes())
    bad = 0
    for name in sorted(set(before) | set(results)):
        d = first_diff(before.get(name), results.get(name), "")
        if d:
            bad += 1
            if bad <= 10:
                print(f"DIFF {name}{d}")
    n_articles = sum(len(v[1]) for v in results.values() if isinstance(v[0], list))
    print(f"{len(results)} pages, {n_articles} articles: {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
