"""Clean stage: a `Page` → one `Article` per report, site chrome out, broken text re-joined.

Order: lines → chrome lines marked (phrases and shape) → facts the chrome carries kept as
metadata → chunk numbers removed → page cut into reports → per report: header and tail
chrome, line wraps re-joined, injected text removed. The text kept is the page's own
script; every decision is taken on a simplified view, so both scripts clean alike.
"""
from __future__ import annotations

import re

from pipeline.clean.chrome import DOC_FILE, classify, learn_reasons, strong_hits
from pipeline.clean.repair import (
    DOC_WORDS, drop_injected, join_wraps, remove_inline, repair_chunks, split_inner_paragraphs, strip_title_copies,
)
from pipeline.clean.split import Part, split_parts
from pipeline.clean.text import (
    DATE_LIKE, ORG_END, SENT_PUNCT, Line, has_cjk, is_heading, simplified, to_lines,
)
from pipeline.model import Article, Page

__all__ = ["clean_page", "clean_text"]

PUBLISHED = re.compile(
    r"(?:上传时间|上传日期|发布日期|发布时间|更新时间|更新日期|发表时间|发表日期|时间|日期)\s?[:：]\s?"
    r"((?:19|20)\d\d)\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})"
)
SOURCE = re.compile(r"(?:来源|文章来源|信息来源)\s?[:：]\s?([\u4e00-\u9fffA-Za-z0-9]{2,20}?)(?=字体|字号|\s|$|[|｜])")
SITE_IN_TEXT = re.compile(
    r"(?:通知|联系|来到|访问|属于|^|[\s,，。:：!！|])([\u4e00-\u9fff]{2,6}(?:网|文库))(?=负责|$|\s|[!！,，。]|None)"
)
TITLE_SITE_SUFFIX = re.compile(r"\s?(?:[_|｜–—-]+|\s-\s).{1,20}$")
EXT = re.compile(r"\.(?:docx?|pdf|pptx?|txt|wps|xlsx?)\s?$", re.IGNORECASE)
YEAR_PREFIX = re.compile(r"^(?:19|20)(?:\d\d|xx|XX)年?度?")
NOT_SITE = ("互联网", "上网", "网")


def clean_page(page: Page) -> list[Article]:
    """Site chrome out, broken text re-joined, the page split into one Article per report.
    Each Article has index (0-based), title, text (the clean text, still in the page's own
    script: the script stage converts it later), published and site (document metadata read
    from chrome such as 上传时间:2022-05-19 / 发布日期: / 来源:, or from page.meta)."""
    lines = to_lines(page.text)
    known: dict[str, str | None] = {}  # line_reason per simplified line, for clean_part
    reasons = classify(lines, known)
    published, site = page_facts(lines, reasons, page.meta)
    page_title = find_title(lines, reasons, page.meta)
    kept = [line for line, why in zip(lines, reasons) if why is None]
    kept = split_inner_paragraphs(repair_chunks(kept))
    parts = split_parts(kept)
    if len(parts) == 1 and not parts[0].marked:
        parts[0].lines = drop_header(parts[0].lines)
    parts[-1].lines = drop_tail(parts[-1].lines)
    # the simplified view of each line as it was read: a title that is one of them needs no conversion
    views = {line.text: line.s for line in lines}
    articles = []
    for part in parts:
        title = part.title or page_title
        text = clean_part(part, title, known, views)
        if text:
            articles.append(Article(index=len(articles), text=text, title=title, published=published, site=site))
    return articles


def clean_text(text: str) -> str:
    """The clean text of a page given as plain text, its articles joined by blank lines."""
    return "\n\n".join(a.text for a in clean_page(Page(path="text", text=text)))


def clean_part(part: Part, title: str | None, known: dict[str, str | None] | None = None,
               views: dict[str, str] | None = None) -> str:
    """The clean text of one part. `known`: line_reason answers so far; `views`: simplified
    views of whole lines of the page, by their text."""
    known = {} if known is None else known
    lines = [line for line in (remove_inline(line) for line in part.lines) if line.text]
    learn_reasons(lines, known)  # the lines repairs made anew
    lines = [line for line in lines if known[line.s] is None or is_heading(line.s)]
    lines = join_wraps(lines)
    if lines and title:
        first = strip_title_copies(lines[0], title_variants(title, (views or {}).get(title)))
        lines = ([first] if first else []) + lines[1:]
    lines = drop_injected(lines)
    return "\n".join(line.text for line in lines)


def title_variants(title: str, s: str | None = None) -> list[str]:
    """The simplified title (`s` when known), and without a leading year if it has one."""
    s = simplified(title) if s is None else s
    out = [s]
    bare = YEAR_PREFIX.sub("", s)
    if bare != s:
        out.append(bare)
    return out


def drop_header(lines: list[Line]) -> list[Line]:
    """Before the first line of prose, keep only what reads as the report's own: section
    headings, full sentences and a salutation ('各位领导:'); titles, site names, tags and
    buttons go."""
    start = next((i for i, line in enumerate(lines) if line.body), None)
    if start is None:
        return lines
    head = [line for line in lines[:start] if is_heading(line.s) or is_salutation(line.s) or is_sentence(line.s)]
    return head + lines[start:]


def is_sentence(s: str) -> bool:
    """A short full sentence ('今年以来,我社区…取得了较好效果。'): the report's own opening."""
    return has_cjk(s, 8) and s[-1] in "。！？!?" and not strong_hits(s)


def is_salutation(s: str) -> bool:
    return len(s) <= 20 and s[-1] in ":：" and not strong_hits(s)


def drop_tail(lines: list[Line]) -> list[Line]:
    """After the last line of prose, keep headings, sign-off names and dates only."""
    # from the end: is_body is asked only of the lines after the last prose line
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].body), None)
    if last is None:
        return lines
    tail = [line for line in lines[last + 1:] if is_signoff(line.s) or (SENT_PUNCT.search(line.s) and has_cjk(line.s, 10))]
    return lines[: last + 1] + tail


def is_signoff(s: str) -> bool:
    return len(s) <= 40 and (bool(DATE_LIKE.search(s)) or bool(ORG_END.search(s)) or is_heading(s))


def page_facts(lines: list[Line], reasons: list, meta: dict) -> tuple[str | None, str | None]:
    """Publish/upload date and site name from chrome lines, else from the HTML meta."""
    published, site = meta.get("published"), meta.get("site")
    for line, why in zip(lines, reasons):
        s = line.s
        if not published and (why or len(s) <= 80) and ("时间" in s or "日期" in s):  # every key ends so
            m = PUBLISHED.search(s)
            if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
                published = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if not site and why:
            site = site_name(s, why)
    if not site:
        for line, why in zip(lines, reasons):
            m = SOURCE.search(line.s) if why else None
            if m:
                site = m.group(1)
                break
    return published, site


def site_name(s: str, why: str) -> str | None:
    if why == "site name":
        return s
    if why in ("footer", "site phrase", "notice"):
        m = SITE_IN_TEXT.search(s)
        if m and m.group(1) not in NOT_SITE:
            return m.group(1)
    return None


def find_title(lines: list[Line], reasons: list, meta: dict) -> str | None:
    """The document title: a file name or title-like line above the first prose line,
    else the HTML <title> without the site's suffix."""
    for line, why in zip(lines, reasons):
        s = line.s
        if line.body:
            break
        if DOC_FILE.search(s) and len(s) <= 80:
            return EXT.sub("", line.text).strip()
        if why is None and looks_like_title(s):
            return line.text.strip()
    title = meta.get("title")
    if title:
        return TITLE_SITE_SUFFIX.sub("", title).strip() or title
    return None


def looks_like_title(s: str) -> bool:
    return 4 <= len(s) <= 50 and not SENT_PUNCT.search(s) and not is_heading(s) \
        and any(s.endswith(w) or w in s for w in DOC_WORDS)
