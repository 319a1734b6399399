"""Count parser alone on the development set: F1 of (value, unit), approx and object accuracy.

    .venv/bin/python bench/counts_devset.py [-v]

Each raw page is made simplified (opencc t2s), site chrome is dropped crudely (lines with
chrome words; the real cleaner is another stage), chunk numbers and PDF line wraps are joined,
and `find_counts` runs over what is left. Scoring follows the project scorer: multiset of
(round(value, 2), unit); approx and object on matched pairs, object right when one contains
the other after removing whitespace.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import opencc

from pipeline.extract.counts import find_counts

ROOT = Path(__file__).resolve().parent.parent
CHROME = re.compile(
    r"上传|下载|页数|大小[:：]|格式[:：]|客服|QQ|备案|ICP|版权|收藏|举报|首页|第\s*\d+\s*页|扫一扫|打印本页"
    r"|发布日期|温馨提示|预览|文档编号|侵犯|相关文档|最新文档|相关资源|展开阅读|位置[:：]|ID[:：]|时间[:：]"
)
CHUNK = re.compile(r"(?<=[^。！？；：\s])\s*\n\s*\n\s*\d{1,2}、(?=\S)")
WRAP = re.compile(r"(?<=[\u4e00-\u9fff，、])[ \t]*\n\s*\n[ \t]*(?=[\u4e00-\u9fff0-9])")
T2S = opencc.OpenCC("t2s")
# Taiwan vocabulary the script stage turns into mainland words (crudely here)
TW_WORDS = {"社群": "社区", "专案": "项目", "资讯": "信息", "网际网路": "互联网", "网路": "网络", "奈米": "纳米",
            "中国小": "中小学", "国小": "小学", "档案": "文件", "视讯": "视频", "硬体": "硬件", "软体": "软件"}


def article_text(raw: str) -> str:
    text = T2S.convert(raw)
    if sum(a != b for a, b in zip(raw, text)) > len(raw) // 100:
        for tw, cn in TW_WORDS.items():
            text = text.replace(tw, cn)
    text = CHUNK.sub("", text)
    lines = [line for line in text.split("\n") if len(line) > 200 or not CHROME.search(line)]
    return WRAP.sub("", "\n".join(lines))


def key(value, unit) -> tuple:
    return (round(float(value), 2), unit or "")


def main(verbose: bool) -> None:
    tp = n_sys = n_gold = 0
    approx_ok = approx_n = obj_ok = obj_n = 0
    seconds = chars = 0
    for gold_file in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = (ROOT / "data" / "raw" / gold["page"]).read_text(encoding="utf-8", errors="replace")
        text = article_text(raw)
        find_counts(text)  # warm up (rjieba loads its dictionary on first use)
        t0 = time.perf_counter()
        found = find_counts(text)
        seconds += time.perf_counter() - t0
        chars += len(text)
        g = [c for a in gold["articles"] for c in a["counts"]]
        gk, sk = Counter(key(c["value"], c["unit"]) for c in g), Counter(key(c.value, c.unit) for c in found)
        page_tp = sum((gk & sk).values())
        tp, n_sys, n_gold = tp + page_tp, n_sys + len(found), n_gold + len(g)
        pool: dict[tuple, list] = {}
        for c in found:
            pool.setdefault(key(c.value, c.unit), []).append(c)
        print(f"{gold['page']}: gold {len(g)} system {len(found)} matched {page_tp}")
        for c in g:
            cands = pool.get(key(c["value"], c["unit"]))
            if not cands:
                if verbose:
                    print(f"   MISSED  {c['text']!r} {c['value']} {c['unit']}")
                continue
            s = cands.pop(0)
            approx_n += 1
            approx_ok += s.approx == c["approx"]
            if verbose and s.approx != c["approx"]:
                print(f"   APPROX  {c['text']!r} gold {c['approx']} system {s.approx} ({s.text!r})")
            if c["object"]:
                obj_n += 1
                go, so = re.sub(r"\s", "", c["object"]), re.sub(r"\s", "", s.object or "")
                ok = bool(so) and (go in so or so in go)
                obj_ok += ok
                if verbose and not ok:
                    print(f"   OBJECT  {c['text']!r} gold {c['object']!r} system {s.object!r}")
        if verbose:
            for rest in pool.values():
                for s in rest:
                    ctx = text[max(0, s.span_start - 12):s.span_end + 8].replace("\n", "⏎")
                    print(f"   EXTRA   {s.text!r} {s.value} {s.unit}  …{ctx}…")
    p, r = tp / n_sys if n_sys else 0, tp / n_gold if n_gold else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    print(f"counts P {p:.3f} R {r:.3f} F1 {f1:.3f}  (tp {tp}, system {n_sys}, gold {n_gold})")
    print(f"approx acc {approx_ok / approx_n:.3f} ({approx_ok}/{approx_n})  object acc {obj_ok / obj_n:.3f} ({obj_ok}/{obj_n})")
    print(f"speed {chars / seconds / 1e6:.2f} M chars/s over {chars} chars")


if __name__ == "__main__":
    main("-v" in sys.argv)
