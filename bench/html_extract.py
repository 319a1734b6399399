"""HTML main-content extraction: trafilatura vs this pipeline's read + clean.

usage: python bench/html_extract.py [--write-pages]

Three sample pages are wrapped in realistic site templates (a document site with a
sidebar and ICP footer, a table-layout government site without HTML5 tags, an essay
site holding a multi-report page with comments) and both extractors run on them.
Figures, pooled per page as shared/tools/score.py pools them:
  leak  share of chrome strings (the template's and the gold boilerplate) that survive
  kept  share of gold content strings that survive (t2s; the script stage is not run)
With --write-pages the pages are written to tests/pages/html_*.html (test fixtures).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_page  # noqa: E402
from pipeline.read import read_page  # noqa: E402

T2S = opencc.OpenCC("t2s").convert
try:  # the script stage, when present, also repairs Taiwan vocabulary (社群→社区)
    from pipeline.script import to_simplified as _script

    def simple(text: str) -> str:
        return _script(text).text
except Exception:
    simple = T2S
SPACE = re.compile(r"\s+")
VERBOSE = "-v" in sys.argv

SIDEBAR = ["2021年社区工作总结范文", "科协年度工作计划(精选5篇)", "街道办述职报告", "学校安全工作总结"]
NAV = ["网站首页", "工作总结", "工作计划", "心得体会", "述职报告", "演讲稿"]
FOOTER = ["Copyright © 2012-2023 某某范文网 版权所有", "京ICP备12345678号-1", "联系我们 | 关于我们 | 网站地图"]
SCRIPT_TEXT = "var _hmt = _hmt || []; document.write('广告位招租');"
HIDDEN = "总之,半年来,我院在安全生产中虽然取得了一定成绩。"
COMMENTS = ["网友评论", "写得很好,学习了!", "请问有完整版吗?"]


def squash(text: str) -> str:
    return SPACE.sub("", text or "")


def paragraphs(raw: str) -> list[str]:
    return [html.escape(line.strip()) for line in raw.split("\n") if line.strip()]


def doc_site(title: str, raw: str) -> str:
    """HTML5 document site: header, nav, crumb, article, sidebar, footer, scripts."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs(raw))
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_某某文库网</title>
<meta property="og:site_name" content="某某文库网"><meta name="pubdate" content="2022-05-19">
<script>{SCRIPT_TEXT}</script><style>body{{font-size:14px}}</style></head><body>
<header class="top"><div class="logo">某某文库网</div><nav>{' | '.join(f'<a href="#">{n}</a>' for n in NAV)}</nav></header>
<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="#">工作总结</a> &gt; 正文</div>
<main><article><h1>{html.escape(title)}</h1>
<div class="content">{body}</div>
<div style="display:none">{HIDDEN}</div></article>
<aside class="sidebar"><h3>相关推荐</h3><ul>{''.join(f'<li><a href="#">{s}</a></li>' for s in SIDEBAR)}</ul></aside></main>
<footer>{''.join(f'<p>{f}</p>' for f in FOOTER)}</footer>
<script>window.onload=function(){{}}</script></body></html>"""


def gov_site(title: str, raw: str) -> str:
    """Table layout, no HTML5 tags, class names only; date/source line above the text."""
    body = "\n".join(f'<p style="text-indent:2em">{p}</p>' for p in paragraphs(raw))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)}</title></head><body>
<table width="100%"><tr><td class="menu">{''.join(f'<a href="#">{n}</a> ' for n in NAV)}</td></tr>
<tr><td><table><tr><td width="70%">
<div class="title">{html.escape(title)}</div>
<div class="info">发布日期:2022-01-18 来源:区科协 字体:[大 中 小]</div>
<div id="zoom">{body}</div>
<div class="relate">相关链接:{''.join(f'<a href="#">{s}</a> ' for s in SIDEBAR)}</div>
</td><td width="30%" class="right"><div>热点信息</div>{''.join(f'<div><a href="#">{s}</a></div>' for s in SIDEBAR)}</td></tr></table></td></tr>
<tr><td class="bottom" align="center">{'<br>'.join(FOOTER)}</td></tr></table>
<script type="text/javascript">{SCRIPT_TEXT}</script></body></html>"""


def essay_site(title: str, raw: str) -> str:
    """HTML5 essay site, multi-report page, headings as <h2>, comments below."""
    parts = []
    for p in paragraphs(raw):
        tag = "h2" if re.search(r"篇\d$", p) else "p"
        parts.append(f"<{tag}>{p}</{tag}>")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)} - 某某简历网</title>
<meta property="article:published_time" content="2023-06-01T08:00:00+08:00"></head><body>
<div id="header"><div class="nav">{''.join(f'<a>{n}</a>' for n in NAV)}</div></div>
<div class="breadcrumbs">位置:首页 &gt; 职场 &gt; 工作总结</div>
<div class="article">{''.join(parts)}</div>
<div class="comments"><h4>{COMMENTS[0]}</h4>{''.join(f'<p>{c}</p>' for c in COMMENTS[1:])}</div>
<aside>{''.join(f'<a>{s}</a>' for s in SIDEBAR)}</aside>
<div class="footer">{''.join(f'<p>{f}</p>' for f in FOOTER)}</div></body></html>"""


CASES = [  # (sample page, template, title)
    ("002_999f741bb3b2a30e.txt", gov_site, "雨花区科协2021年工作总结"),
    ("000_b75bbcea601550d0.txt", doc_site, "2021年科协工作总结"),
    ("003_b3144d7f3f77db4f.txt", essay_site, "县科协科普工作总结7篇"),
    ("004_658eec854319bb60.txt", doc_site, "2020科技活动周工作总结"),
]


def build_pages() -> list[tuple[str, str, dict]]:
    pages = []
    for name, template, title in CASES:
        raw = (ROOT / "data" / "raw" / name).read_text(encoding="utf-8")
        gold = json.loads((ROOT / "tests" / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        pages.append((f"html_{template.__name__}_{name[:3]}.html", template(title, raw), gold, raw))
    return pages


def ours(page_html: str, name: str) -> str:
    arts = clean_page(read_page(page_html.encode("utf-8"), name))
    return "".join(squash(simple(a.text)) for a in arts)


def trafilatura_text(page_html: str) -> str:
    import trafilatura

    text = trafilatura.extract(page_html, include_comments=False, include_tables=True, favor_recall=True) or ""
    return squash(simple(text))


def trafilatura_then_clean(page_html: str) -> str:
    """trafilatura as the HTML front end, then this pipeline's text cleaning."""
    import trafilatura

    from pipeline.model import Page

    text = trafilatura.extract(page_html, include_comments=False, include_tables=True, favor_recall=True) or ""
    return "".join(squash(simple(a.text)) for a in clean_page(Page(path="t.html", text=text)))


def figures(text: str, gold: dict, raw: str) -> tuple[float, float]:
    # template words that are also words of the report ('工作总结') cannot be told apart
    body = squash(T2S(raw))
    chrome = [c for c in SIDEBAR + NAV + FOOTER + [HIDDEN, "广告位招租"] + COMMENTS[1:] if squash(c) not in body]
    chrome += [b for a in gold["articles"] for b in a["boilerplate"]]
    leaked = sum(1 for b in chrome if len(squash(b)) >= 4 and (squash(b) in text or squash(T2S(b)) in text))
    content = [c for a in gold["articles"] for c in a["content"]]
    kept = sum(1 for c in content if squash(c) in text)
    if VERBOSE:
        print("   leaked:", [b[:30] for b in chrome if len(squash(b)) >= 4 and (squash(b) in text or squash(T2S(b)) in text)])
    return leaked / len(chrome), kept / len(content)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-pages", action="store_true")
    ap.add_argument("-v", action="store_true", help="list the chrome strings that leaked")
    args = ap.parse_args()
    totals = {"ours": [0.0, 0.0], "trafilatura": [0.0, 0.0], "traf+clean": [0.0, 0.0]}
    pages = build_pages()
    for name, page_html, gold, raw in pages:
        if args.write_pages:
            (ROOT / "tests" / "pages" / name).write_text(page_html, encoding="utf-8")
        row = []
        for label, fn in (("ours", lambda h: ours(h, name)), ("trafilatura", trafilatura_text),
                          ("traf+clean", trafilatura_then_clean)):
            leak, kept = figures(fn(page_html), gold, raw)
            totals[label][0] += leak
            totals[label][1] += kept
            row.append(f"{label} leak {leak:.3f} kept {kept:.3f}")
        print(f"{name:28s} " + "  ".join(row))
    n = len(pages)
    for label, (leak, kept) in totals.items():
        print(f"mean {label:12s} leak {leak / n:.3f}  kept {kept / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
