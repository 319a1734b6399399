"""Score output tables against gold files (the format of spec/extraction.md).

Figures are pooled per page, so they do not depend on how a page was split into
articles; the split itself is scored on its own (article count per page).
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.tables import Tables, read_tables

_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》〈〉()（）\[\]【】·•,，.。、:：;；!！?？\-—~～]+")
_YEAR = re.compile(r"^(?:(?:19|20)(?:\d\d|xx|XX|__)|[一二〇零○]{4})年度?")


def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def blank(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or str(x).strip() == ""


def squash(text) -> str:
    return "" if blank(text) else _WS.sub("", str(text))


def event_key(name: str, t2s) -> str:
    return _YEAR.sub("", _PUNCT.sub("", t2s(name or "")))


def same_event(gold: str, system: str, t2s) -> bool:
    """Names match when one contains the other and the shorter is at least half as long."""
    g, s = event_key(gold, t2s), event_key(system, t2s)
    if not g or not s or not (g in s or s in g):
        return False
    short, long_ = sorted((g, s), key=len)
    return len(short) >= 2 and len(short) / len(long_) >= 0.5


def count_key(value, unit) -> tuple:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    return (None if math.isnan(v) else round(v, 2), "" if blank(unit) else str(unit).strip())


def prf(tp: int, n_sys: int, n_gold: int) -> dict:
    p = tp / n_sys if n_sys else float(not n_gold)
    r = tp / n_gold if n_gold else 1.0
    return {"tp": tp, "sys": n_sys, "gold": n_gold, "p": p, "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass
class Tally:
    n: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def multiset(gold: list, system: list) -> tuple[int, list, list]:
    g, s = Counter(gold), Counter(system)
    both = g & s
    return sum(both.values()), list((g - both).elements()), list((s - both).elements())


def score_page(gold: dict, tables: Tables, event_of: dict, t2s, tally: Tally) -> None:
    page, arts, n = gold["page"], gold["articles"], tally.n
    docs = tables.documents[tables.documents["page"].map(lambda p: Path(str(p)).name) == page]
    ids = set(docs["doc_id"])
    n["pages"] += 1
    n["articles_exact"] += int(len(docs) == len(arts))
    n["pages_ok"] += int(len(docs) > 0 and bool((docs["status"] == "ok").all()))
    miss = tally.misses.append

    gold_dates = [(d["start"], d["end"]) for a in arts for d in a.get("dates", [])]
    sys_dates = tables.dates[tables.dates["doc_id"].isin(ids)]
    tp, lost, extra = multiset(gold_dates, [(str(s), str(e)) for s, e in zip(sys_dates["start"], sys_dates["end"])])
    n.update(dates_tp=tp, dates_gold=len(gold_dates), dates_sys=len(sys_dates))
    for m in lost:
        miss(f"{page}\tdate missed\t{m}")
    for m in extra:
        miss(f"{page}\tdate extra\t{m}")

    gold_counts = [c for a in arts for c in a.get("counts", [])]
    sys_counts = tables.counts[tables.counts["doc_id"].isin(ids)]
    tp, lost, extra = multiset([count_key(c["value"], c["unit"]) for c in gold_counts],
                               [count_key(v, u) for v, u in zip(sys_counts["value"], sys_counts["unit"])])
    n.update(counts_tp=tp, counts_gold=len(gold_counts), counts_sys=len(sys_counts))
    for m in lost:
        miss(f"{page}\tcount missed\t{m}")
    for m in extra:
        miss(f"{page}\tcount extra\t{m}")
    score_count_fields(page, gold_counts, sys_counts, event_of, t2s, tally)

    gold_events = list(dict.fromkeys(e["name"] for a in arts for e in a.get("events", [])))
    acts = tables.activities[tables.activities["doc_id"].isin(ids)]
    sys_events = sorted({str(x) for x in acts["event_name"] if not blank(x)})
    used: set[int] = set()
    for g in gold_events:
        hit = next((i for i, s in enumerate(sys_events) if i not in used and same_event(g, s, t2s)), None)
        if hit is None:
            miss(f"{page}\tevent missed\t{g}")
        else:
            used.add(hit)
    for i, s in enumerate(sys_events):
        if i not in used:
            miss(f"{page}\tevent extra\t{s}")
    n.update(events_tp=len(used), events_gold=len(gold_events), events_sys=len(sys_events))

    score_text(page, arts, docs, t2s, tally)


def score_count_fields(page, gold_counts, sys_counts, event_of, t2s, tally: Tally) -> None:
    """Approx, object and event link, on gold counts matched to a system count of the same value and unit."""
    n = tally.n
    pool: dict[tuple, list] = {}
    for row in sys_counts.itertuples(index=False):
        pool.setdefault(count_key(row.value, row.unit), []).append(row)
    for c in gold_counts:
        found = pool.get(count_key(c["value"], c["unit"]))
        linked = bool(c.get("event"))
        n["link_n"] += int(linked)
        if not found:
            continue
        row = found.pop(0)
        n["approx_n"] += 1
        n["approx_ok"] += int((None if blank(row.approx) else str(row.approx)) == c.get("approx"))
        if c.get("object"):
            so, go = squash(row.object), squash(c["object"])
            n["object_n"] += 1
            ok = bool(so) and (go in so or so in go)
            n["object_ok"] += int(ok)
            if not ok:
                tally.misses.append(f"{page}\tcount object\t{c['text']} -> gold {c['object']!r}, system {row.object!r}")
        if linked:
            ev = event_of.get(row.activity_id)
            good = bool(ev) and same_event(c["event"], ev, t2s)
            n["link_ok"] += int(good)
            if not good:
                tally.misses.append(f"{page}\tcount link\t{c['text']} -> gold {c['event']!r}, system {ev!r}")


def score_text(page, arts, docs, t2s, tally: Tally) -> None:
    """Boilerplate that leaked into the clean text, and content that survived."""
    n = tally.n
    clean = "".join(squash(t) for t in docs["clean_text"])
    for a in arts:
        for b in a.get("boilerplate", []):
            forms = {squash(b), squash(t2s(b))}
            leaked = bool(clean) and any(len(f) >= 4 and f in clean for f in forms)
            n["boiler_n"] += 1
            n["boiler_leaked"] += int(leaked)
            if leaked:
                tally.misses.append(f"{page}\tboilerplate kept\t{b}")
        for c in a.get("content", []):
            kept = squash(c) in clean
            n["content_n"] += 1
            n["content_kept"] += int(kept)
            if not kept:
                tally.misses.append(f"{page}\tcontent lost\t{c}")


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate(gold_dir: str | Path, tables: Tables | str | Path) -> dict:
    """The scoreboard (and every miss) of tables, or of the tables in an output folder."""
    if not isinstance(tables, Tables):
        tables = read_tables(tables)
    t2s = _t2s()
    acts = tables.activities
    event_of = {a: (None if blank(e) else str(e)) for a, e in zip(acts["activity_id"], acts["event_name"])}
    tally = Tally()
    for path in sorted(Path(gold_dir).glob("*.json")):
        score_page(json.loads(path.read_text(encoding="utf-8")), tables, event_of, t2s, tally)
    n = tally.n
    return {
        "pages": n["pages"], "pages_ok": n["pages_ok"], "articles_exact": n["articles_exact"],
        "dates": prf(n["dates_tp"], n["dates_sys"], n["dates_gold"]),
        "counts": prf(n["counts_tp"], n["counts_sys"], n["counts_gold"]),
        "events": prf(n["events_tp"], n["events_sys"], n["events_gold"]),
        "approx_acc": ratio(n["approx_ok"], n["approx_n"]),
        "object_acc": ratio(n["object_ok"], n["object_n"]),
        "count_link_acc": ratio(n["link_ok"], n["link_n"]),
        "boilerplate_leak": ratio(n["boiler_leaked"], n["boiler_n"]),
        "content_kept": ratio(n["content_kept"], n["content_n"]),
        "misses": tally.misses,
    }


def fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.3f}"


def scoreboard(s: dict) -> str:
    lines = [f"pages {s['pages']}  ok {s['pages_ok']}  article split exact {s['articles_exact']}/{s['pages']}"]
    for k in ("dates", "counts", "events"):
        v = s[k]
        lines.append(f"{k:7s} P {fmt(v['p'])}  R {fmt(v['r'])}  F1 {fmt(v['f1'])}   "
                     f"(tp {v['tp']}, system {v['sys']}, gold {v['gold']})")
    lines.append(f"count approx acc {fmt(s['approx_acc'])}  object acc {fmt(s['object_acc'])}  "
                 f"count->event link acc {fmt(s['count_link_acc'])}")
    lines.append(f"boilerplate leaked {fmt(s['boilerplate_leak'])}  content kept {fmt(s['content_kept'])}")
    return "\n".join(lines)
