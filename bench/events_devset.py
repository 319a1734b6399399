"""Events and count/date→event links on the development set, before the full pipeline exists.

Each gold article's text is approximated from the raw page: converted with OpenCC t2s,
a few converter words put back in mainland form, and cut from its first to its last
`content` sample. Event names are matched as shared/tools/score.py does; for linking,
each gold count/date `text` is located in the article to build mentions, and the
assembler's activity for it is compared with the gold `event`.

usage: .venv/bin/python bench/events_devset.py [--show] [--page NAME]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.assemble import assemble  # noqa: E402
from pipeline.extract.events import find_events  # noqa: E402
from pipeline.model import CountMention, DateMention  # noqa: E402

T2S = opencc.OpenCC("t2s")
FIXES = {"社群": "社区", "中国小": "中小学", "国小": "小学", "资讯": "信息", "网路": "网络", "专案": "项目",
         "效劳": "服务", "奈米": "纳米", "视讯": "视频", "〞": "”", "硬体": "硬件", "回圈": "循环"}
PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》〈〉()（）\[\]【】·•,，.。、:：;；!！?？\-—~～]+")
YEAR_PREFIX = re.compile(r"^(?:(?:19|20)(?:\d\d|xx|XX|__)|[一二〇零○]{4})年度?")


def norm_event(name):
    return YEAR_PREFIX.sub("", PUNCT.sub("", T2S.convert(name or "")))


def events_match(gold, system):
    g, s = norm_event(gold), norm_event(system)
    if not g or not s:
        return False
    if g == s or g in s or s in g:
        shorter, longer = sorted((g, s), key=len)
        return len(shorter) >= 2 and len(shorter) / len(longer) >= 0.5
    return False


def greedy(gold, system):
    pairs, used = [], set()
    for g in gold:
        for i, s in enumerate(system):
            if i not in used and events_match(g, s):
                used.add(i)
                pairs.append((g, s))
                break
    return pairs


WRAP = re.compile(r"(?<=[^\s。!！?？;；:：])\n\s*\n(?=[^\s一二三四五六七八九十\d]|\d+(?![\d、.]))")
CHUNK = re.compile(r"(?<=[^\s。!！?？;；:：])\n\n\d{1,2}、")


def page_text(path: Path) -> str:
    """t2s text with converter words fixed and PDF line wraps joined (lines of 35+ chars)."""
    text = T2S.convert(path.read_text(encoding="utf-8"))
    for a, b in FIXES.items():
        text = text.replace(a, b)
    text = CHUNK.sub("", text)  # a chunk number cutting a sentence ("科技工\n\n3、作者")
    out, pos = [], 0
    for m in WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start >= 35:
            out.append(text[pos:m.start()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def article_texts(text: str, arts: list[dict]) -> list[str]:
    """Cut each article from its first content sample to the next article's first (the last
    one to its last content sample)."""
    firsts, pos = [], 0
    for a in arts:
        samples = [c for c in a.get("content", []) if len(c) >= 4]
        i = text.find(samples[0], pos) if samples else -1
        firsts.append(i)
        if i >= 0:
            pos = i + 1
    out, pos = [], 0
    for k, a in enumerate(arts):
        samples = [c for c in a.get("content", []) if len(c) >= 4]
        first = text.find(samples[0], pos) if samples else -1
        if first < 0:
            first = pos
        end, cur = first, first
        for c in samples:
            i = text.find(c, cur)
            if i >= 0:
                cur = i
                end = max(end, i + len(c))
        nxt = firsts[k + 1] if k + 1 < len(firsts) and firsts[k + 1] > end else end
        out.append(text[first:nxt])
        pos = nxt
    return out


def locate(text: str, items: list[dict]):
    """Spans of gold count/date texts, searched forward in text order (fallback: anywhere)."""
    spans, pos = [], 0
    for it in items:
        t = it["text"]
        i = text.find(t, pos)
        if i < 0:
            i = text.find(t)
        spans.append(None if i < 0 else (i, i + len(t)))
        if i >= 0:
            pos = i + len(t)
    return spans


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--page")
    args = ap.parse_args()
    tot = dict(ev_tp=0, ev_sys=0, ev_gold=0, c_ok=0, c_n=0, c_null_ok=0, c_null_n=0, d_ok=0, d_n=0, d_null_ok=0, d_null_n=0)
    t_events = 0.0
    n_chars = 0
    for gf in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        if args.page and args.page not in gold["page"]:
            continue
        text = page_text(ROOT / "data" / "raw" / gold["page"])
        arts = gold["articles"]
        ge, se = [], set()
        for a, atext in zip(arts, article_texts(text, arts)):
            for e in a["events"]:
                if e["name"] not in ge:
                    ge.append(e["name"])
            t0 = time.perf_counter()
            evs = find_events(atext)
            t_events += time.perf_counter() - t0
            n_chars += len(atext)
            cspans = locate(atext, a["counts"])
            dspans = locate(atext, a["dates"])
            counts = [CountMention(c["text"], s[0], s[1], float(c["value"] or 0), c["unit"], c["approx"]) for c, s in zip(a["counts"], cspans) if s]
            cgold = [c for c, s in zip(a["counts"], cspans) if s]
            dates = [DateMention(d["text"], s[0], s[1], d["start"], d["end"], "day") for d, s in zip(a["dates"], dspans) if s]
            dgold = [d for d, s in zip(a["dates"], dspans) if s]
            acts = assemble(atext, dates, counts, evs)
            for act in acts:
                if act.event_name:
                    se.add(act.event_name)
            for kind, golds, key in (("count", cgold, "counts"), ("date", dgold, "dates")):
                owner = {}
                for act in acts:
                    for i in getattr(act, key):
                        owner[i] = act.event_name
                for i, g in enumerate(golds):
                    sys_ev = owner.get(i)
                    pre = "c" if kind == "count" else "d"
                    if g["event"]:
                        ok = bool(sys_ev) and events_match(g["event"], sys_ev)
                        tot[f"{pre}_n"] += 1
                        tot[f"{pre}_ok"] += ok
                    else:
                        ok = not sys_ev
                        tot[f"{pre}_null_n"] += 1
                        tot[f"{pre}_null_ok"] += ok
                    if args.show and not ok:
                        print(f"{gold['page'][:3]}\t{kind} link\t{g['text']} -> gold {g['event']!r}, system {sys_ev!r}")
        se = sorted(se)
        pairs = greedy(ge, se)
        tot["ev_tp"] += len(pairs)
        tot["ev_sys"] += len(se)
        tot["ev_gold"] += len(ge)
        if args.show:
            got_g = {g for g, _ in pairs}
            got_s = {s for _, s in pairs}
            for g in ge:
                if g not in got_g:
                    print(f"{gold['page'][:3]}\tevent missed\t{g}")
            for s in se:
                if s not in got_s:
                    print(f"{gold['page'][:3]}\tevent extra\t{s}")
    p = tot["ev_tp"] / tot["ev_sys"] if tot["ev_sys"] else 0
    r = tot["ev_tp"] / tot["ev_gold"] if tot["ev_gold"] else 0
    f = 2 * p * r / (p + r) if p + r else 0
    print(f"events P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tot['ev_tp']}, system {tot['ev_sys']}, gold {tot['ev_gold']})")
    for pre, name in (("c", "count"), ("d", "date")):
        n, nn = tot[f"{pre}_n"], tot[f"{pre}_null_n"]
        print(f"{name}->event link acc {tot[f'{pre}_ok'] / max(n, 1):.3f} ({tot[f'{pre}_ok']}/{n})   "
              f"null kept {tot[f'{pre}_null_ok'] / max(nn, 1):.3f} ({tot[f'{pre}_null_ok']}/{nn})")
    print(f"find_events speed {n_chars / max(t_events, 1e-9) / 1e6:.2f} M chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
