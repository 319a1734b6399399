"""Read stage: encodings, binary/empty input, HTML to text, deep nesting."""
from __future__ import annotations

import pytest

from pipeline import read as read_mod
from pipeline.read import ReadError, read_page

TEXT = "县科协工作总结\n2021年5月17日,县科协举办科普讲座3场,发放资料1万余份。"
TRAD = "縣科協工作總結\n2021年5月17日,縣科協舉辦科普講座3場,發放資料1萬餘份。"


@pytest.mark.parametrize("data, encoding, expected", [
    (TEXT.encode("utf-8"), "utf-8", TEXT),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", TEXT),
    (TEXT.encode("gbk"), "gb18030", TEXT),
    (TEXT.encode("gb18030"), "gb18030", TEXT),
    (TRAD.encode("big5"), "big5", TRAD),
    (TEXT.encode("utf-16"), "utf-16", TEXT),  # Python writes a BOM
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16", TEXT),
    (b"\xff\xfe" + TRAD.encode("utf-16-le"), "utf-16", TRAD),
])
def test_encodings(data, encoding, expected):
    page = read_page(data, "p.txt")
    assert page.text == expected
    assert page.encoding == encoding
    assert not page.is_html


def test_long_big5_page_is_not_read_as_gbk():
    body = (TRAD + "\n") * 40
    page = read_page(body.encode("big5"), "p.txt")
    assert page.encoding == "big5" and "科協" in page.text


def test_crlf_becomes_newline():
    page = read_page(TEXT.replace("\n", "\r\n").encode("utf-8"), "p.txt")
    assert "\r" not in page.text and page.text == TEXT


def test_one_broken_byte_in_gbk_is_tolerated():
    data = TEXT.encode("gbk") * 20 + b"\xff" + TEXT.encode("gbk")
    page = read_page(data, "p.txt")
    assert "县科协工作总结" in page.text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty page"),
    (b" \n\r\n\t ", "empty page"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary file"),
    (b"%PDF-1.7\n" + bytes(range(256)), "binary file"),
    (b"PK\x03\x04" + bytes(range(256)), "binary file"),
    (bytes(range(256)) * 8, "binary file"),
])
def test_unreadable_input(data, reason):
    with pytest.raises(ReadError) as err:
        read_page(data, "p.bin")
    assert str(err.value).startswith(reason)
    assert "\n" not in str(err.value)


def test_too_large(monkeypatch):
    monkeypatch.setattr(read_mod, "MAX_BYTES", 1000)
    with pytest.raises(ReadError, match=r"too large \(.* MB\)"):
        read_page(TEXT.encode("utf-8") * 100, "p.txt")


HTML = """<!DOCTYPE html>
<html><head><title>社区科普工作总结_某某范文网</title>
<meta property="article:published_time" content="2022-03-08T09:00:00+08:00">
<meta property="og:site_name" content="某某范文网">
<style>.a{color:red}</style><script>var x = "脚本里的字";</script></head>
<body>
<header><a href="/">网站首页</a></header>
<nav>首页 | 工作总结 | 工作计划</nav>
<div class="breadcrumb">当前位置:首页 &gt; 总结</div>
<article><h1>社区科普工作总结</h1>
<p>今年以来,社区围绕居民需求开展科普活动。<br>5月20日举办科技活动周宣传活动。</p>
<!-- 注释里的字 -->
<p>发放宣传资料800余份,<b>接受咨询</b>300余人次。</p>
<div style="display:none">总之,半年来,我院隐藏的垃圾句子。</div>
<table><tr><td>讲座</td><td>6场</td></tr></table>
</article>
<aside><ul><li>相关文章一</li></ul></aside>
<footer>京ICP备12345678号</footer>
</body></html>"""


def test_html_to_text():
    page = read_page(HTML.encode("utf-8"), "page.txt")  # detected by content, not by name
    assert page.is_html
    text = page.text
    for gone in ("脚本里的字", "color:red", "网站首页", "工作计划", "当前位置", "注释里的字",
                 "隐藏的垃圾句子", "相关文章一", "ICP备"):
        assert gone not in text
    lines = text.split("\n")
    assert "社区科普工作总结" in lines
    assert "今年以来,社区围绕居民需求开展科普活动。" in lines  # <br> is a line break
    assert "发放宣传资料800余份,接受咨询300余人次。" in lines  # inline <b> stays in the line
    assert any("讲座" in line and "6场" in line for line in lines)  # table row on one line
    assert page.meta["published"] == "2022-03-08"
    assert page.meta["site"] == "某某范文网"
    assert page.meta["title"] == "社区科普工作总结_某某范文网"


def test_html_in_gbk():
    page = read_page(HTML.replace("<head>", '<head><meta charset="gbk">').encode("gbk"), "p.html")
    assert page.is_html and "今年以来" in page.text


def test_plain_text_with_angle_brackets_is_not_html():
    text = "工作总结\n温度>30度时<停止>作业。"
    page = read_page(text.encode("utf-8"), "p.txt")
    assert not page.is_html and page.text == text


def test_deeply_nested_html_does_not_crash():
    n = 20000
    html = "<html><body>" + "<div>" * n + "科协工作总结,开展活动。" + "</div>" * n + "</body></html>"
    try:
        page = read_page(html.encode("utf-8"), "deep.html")
    except ReadError:
        return
    assert "开展活动" in page.text


def test_recursion_error_becomes_read_error(monkeypatch):
    def explode(html):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(read_mod, "html_to_text", explode)
    with pytest.raises(ReadError, match="nested too deep"):
        read_page(HTML.encode("utf-8"), "p.html")


def test_html_with_no_text_is_empty():
    with pytest.raises(ReadError, match="empty page"):
        read_page(b"<html><head><script>var a=1;</script></head><body><nav>menu</nav></body></html>", "p.html")
