"""The fast paths of the read and clean stages give what the plain ones give.

Each shortcut (streamed HTML instead of a BeautifulSoup tree, one OpenCC call per page,
cheap tests before patterns, "at least n" patterns instead of counting) is checked here
against the straightforward computation it replaces, on text written for these tests and
on the sample pages, in simplified and traditional script.
"""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from pipeline import read as read_mod
from pipeline.clean import chrome, repair, text

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"
S2T = opencc.OpenCC("s2t").convert
S2HK = opencc.OpenCC("s2hk").convert
S2TWP = opencc.OpenCC("s2twp").convert

HTML_CASES = [
    "<html><body><p>县科协<!-- 广告 -->开展  \n 科普活动。</p><p>  </p><p>\n\n</p></body></html>",
    "<html><body><pre>一、基本情况\n\n  全年举办讲座12场\n</pre><textarea>\n\n</textarea><p>二</p></body></html>",
    "<html><body><p>科<ruby>协<rt>xie</rt><rp>(</rp></ruby>工作<rt><b>注</b></rt></p></body></html>",
    "<html><head><title><!--站点--></title></head><body><p>正文</p></body></html>",
    "<html><head><title>总结<!--c-->二</title><title>第二个</title></head><body><p>x</p></body></html>",
    "<html><head><title><b>工作总结</b></title></head><body><p>x</p></body></html>",
    "<html><head><title></title></head><body><p>x</p><title>正文里的标题</title></body></html>",
    "<html><body><div class='nav'><meta name='pubdate' content='2021-3-4'></div>"
    "<meta property='og:site_name' content='某某网'><p>正文</p></body></html>",
    "<html><body><div hidden>隐藏</div><div style='display:none'>无</div><p class='hot news'>热</p>"
    "<p id='footer'>页脚</p><p class=''>空</p><p class='  article-body  '>正文</p></body></html>",
    "<html><body><table><tr><td>项目</td><td>场次<br>人数</td></tr><tr><th>合计</th></tr></table><br/>尾</body></html>",
    "<html><body><template><p>模板</p></template><p>正文</p><script>var a='<p>';</script></body></html>",
    "<html><body><p>&nbsp;甲&amp;乙&lt;丙&#12288;丁&#x4e00;</p><?php echo 1 ?><p>戊</p></body></html>",
    '<?xml version="1.0" encoding="utf-8"?><html xmlns:o="urn:x"><body><o:p>甲</o:p><p xml:lang="zh">乙</p></body></html>',
    "前言<html><body><p>甲</p></body></html>尾巴<p>再</p>",
    "<html><body><p>甲<p>乙<div>丙</p>丁</div></body></html>",
    "\ufeff<!DOCTYPE html><html><body><p>甲</p></body></html>",
    "<html><head><title>工作</title></head><body><p>开展活动",
    "<html><body>" + "<div><span>层</span>" * 3000 + "科协工作总结,开展活动。" + "</div>" * 3000 + "</body></html>",
]


def html_pages() -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html"))]
    return HTML_CASES + pages + [S2T(p) for p in pages]


@pytest.mark.parametrize("html", html_pages())
def test_streamed_html_equals_the_tree_walk(html):
    assert read_mod.html_to_text(html) == read_mod.html_to_text_bs4(html)


def test_streamed_html_leaves_unusual_input_to_the_tree_walk(monkeypatch):
    def unsure(html):
        raise read_mod.NotFlat("unsure")

    html = HTML_CASES[0]
    expected = read_mod.html_to_text_bs4(html)
    monkeypatch.setattr(read_mod, "html_to_text_fast", unsure)
    assert read_mod.html_to_text(html) == expected


def sample_lines() -> list[str]:
    raw = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    raw += [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
    lines = [line.strip() for page in raw for line in page.split("\n") if line.strip()]
    return lines + [conv(line) for conv in (S2T, S2HK, S2TWP) for line in lines[::3]]


LINES = sample_lines()
MADE_UP = [
    "第 3 页 / 共 12 页", "共5页", "1 / 3", "1 2 3 4 5 6", "12 34 567 8", "县科协工作总结.docx_第2页",
    "当前位置:首页 > 工作总结 > 科协", "首页/范文", "Copyright © 2021 某某网", "京ICP备12345678号",
    "(C) 2020 all rights reserved", "ALL RIGHTS RESERVED", "版权所有 某某文库", "【工作总结】", "(县科协工作总结范文)",
    "温馨提示:", "相关文档", "一、", "①", "a b", "12", "", " ", "１２ ３４ ５６",
]


def test_one_opencc_call_per_page_equals_line_by_line():
    lines = LINES + ["乾隆年間的著作", "這裡著重說明", "後來發現了頭髮"]
    assert text.simplified_lines(lines) == [text.simplified(line) for line in lines]


@pytest.mark.parametrize("n", [0, 1, 2, 8, 10, 15, 30])
def test_has_cjk_counts_like_n_cjk(n):
    for s in LINES + MADE_UP:
        assert text.has_cjk(s, n) == (len(text.CJK.findall(s)) >= n)
        assert text.n_cjk(s) == len(text.CJK.findall(s))


def test_width_and_is_body_equal_their_definitions():
    for s in LINES + MADE_UP + ["ab中文", "\u00e9x"]:
        assert text.width(s) == sum(0.5 if ord(ch) < 128 else 1.0 for ch in s)
        assert text.is_body(s) == (len(text.CJK.findall(s)) >= 30 and len(text.SENT_PUNCT.findall(s)) >= 2)


def test_cheap_tests_never_reject_a_match():
    for s in LINES + MADE_UP:
        assert chrome.may_be_pager(s) or not chrome.PAGER.search(s), s
        assert chrome.may_be_crumb(s) or not chrome.CRUMB.search(s), s
        assert chrome.may_be_footer(s) or not chrome.FOOTER.search(s), s
        assert repair.may_be_link_title(s) or not repair.LINK_TITLE.search(s), s


def test_bare_checks_equal_the_substitution():
    for s in LINES + MADE_UP + list(chrome.NOTICE) + list(chrome.TRAILER):
        bare = chrome.LEFTOVER.sub("", s)
        assert (not chrome.MORE_THAN_2.match(s)) == (len(bare) <= 2), s
        assert chrome.bare_in(s, chrome.NOTICE, chrome.NOTICE_LONGER) == (bare in chrome.NOTICE), s
        assert chrome.bare_in(s, chrome.TRAILER, chrome.TRAILER_LONGER) == (bare in chrome.TRAILER), s
