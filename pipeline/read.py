"""Read stage: the bytes of one scraped file → a `Page` of text.

Encodings are found by cheap checks first (BOMs, strict UTF-8, which of GB18030 and
Big5 decodes at all) and by charset-normalizer only when both Chinese codecs decode.
HTML is recognised by content, not by file name, and flattened to text with one line
per block element; what the site wraps around the report (scripts, menus, headers,
footers, sidebars, hidden spam) is dropped here, and the rest is left to the clean stage.
"""
from __future__ import annotations

import re

from pipeline.model import Page

MAX_BYTES = 20 * 1024 * 1024  # a report page is tens of KB; 20 MB is not a page

BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# File signatures of formats that are not text pages.
MAGIC = (
    (b"%PDF", "pdf"), (b"PK\x03\x04", "zip/docx"), (b"\xd0\xcf\x11\xe0", "ole/doc"),
    (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"), (b"7z\xbc\xaf", "7z"), (b"\x7fELF", "elf"), (b"MZ", "exe"),
)

HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|br|table|span|script|a\s)[\s>/]",
    re.IGNORECASE,
)

# Elements whose whole content is never report text.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
             "canvas", "nav", "header", "footer", "aside", "form", "button", "select",
             "input", "textarea", "head")
# Tokens of class/id names that mark site chrome on sites without HTML5 tags.
CHROME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|sidebar|side|footer|foot|copyright|"
    r"related|relate|recommend|share|comments?|ads?|advert|banner|login|search|toolbar|"
    r"topbar|header|hot|tags?)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
BLOCK_TAGS = frozenset(
    "address article blockquote center dd details dialog dir div dl dt fieldset figcaption "
    "figure h1 h2 h3 h4 h5 h6 hr li main menu ol p pre section summary table tbody thead "
    "tfoot tr ul caption title".split()
)
CELL_TAGS = frozenset(("td", "th"))
BLOCK_END = "\x00block-end\x00"  # markers on the walk stack (plain str, not NavigableString)
CELL_END = "\x00cell-end\x00"
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, other than \t \n \v \f \r
SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
BLANKS = re.compile(r"\n{3,}")

DATE_IN_META = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
META_DATE_KEYS = ("article:published_time", "og:published_time", "og:release_date", "pubdate",
                  "publishdate", "publish_date", "publishtime", "date", "dc.date",
                  "dc.date.issued", "sailthru.date", "datepublished", "created")
META_SITE_KEYS = ("og:site_name", "application-name", "site_name", "sitename", "author")


class ReadError(Exception):
    """The page cannot be read as text; the message is a one-line reason."""


def read_page(data: bytes, path: str) -> Page:
    """Bytes → text. Encodings: UTF-8 (with/without BOM), GB18030/GBK, Big5, UTF-16 with BOM
    (charset-normalizer where the cheap checks fail). HTML (detected by content) → text with
    lxml (parser events streamed, as a bs4 tree walk would read them): script, style, nav,
    header, footer, aside, comments dropped; block elements
    become line breaks; <meta> publish date / site name into Page.meta ('published' ISO date,
    'site'). Raises ReadError for binary/empty/undecodable input."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"too large ({len(data) / 1024 / 1024:.1f} MB)")
    if not data.strip():
        raise ReadError("empty page")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page = Page(path=path, text=text, encoding=encoding)
    if looks_like_html(text):
        try:
            page.text, page.meta = html_to_text(text)
        except RecursionError:
            raise ReadError("HTML nested too deep") from None
        page.is_html = True
    if not page.text.strip():
        raise ReadError("empty page")
    return page


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or ReadError."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(f"undecodable ({codec} BOM but invalid bytes)") from None
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise ReadError(f"binary file ({kind})")
    if b"\x00" in data[:4096]:
        raise ReadError("binary file")
    try:
        return check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            candidates.append((codec, data.decode(codec)))
        except UnicodeDecodeError:
            pass
    if len(candidates) == 1:
        codec, text = candidates[0]
        return check_text(text), codec
    if len(candidates) == 2:
        return guess_chinese(data, dict(candidates))
    return lenient(data)


def guess_chinese(data: bytes, texts: dict[str, str]) -> tuple[str, str]:
    """Both GB18030 and Big5 decode: ask charset-normalizer which reads as language."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    codec = "big5" if best is not None and best.encoding in ("big5", "cp950", "big5hkscs") else "gb18030"
    return check_text(texts[codec]), codec


def lenient(data: bytes) -> tuple[str, str]:
    """Nothing decodes strictly: accept a codec that fails on very few bytes (scraped pages
    often carry a stray broken byte), else ask charset-normalizer, else give up."""
    for codec in ("utf-8", "gb18030", "big5"):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):
            return check_text(text), codec
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("undecodable")
    return check_text(str(best)), best.encoding


def check_text(text: str) -> str:
    """Control characters in quantity mean the bytes were not text after all."""
    sample = text[:20000]
    controls = len(CONTROLS.findall(sample))
    if sample and controls > max(3, len(sample) // 100):
        raise ReadError("binary file")
    return text


def looks_like_html(text: str) -> bool:
    """HTML by content: a doctype or two or more tags in the first 4 KB."""
    head = text[:4096].encode("utf-8", errors="ignore")
    return len(HTML_SNIFF.findall(head)) >= 2 or head.lstrip().lower().startswith(b"<!doctype html")


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Flatten HTML to text, one line per block; meta date and site name into a dict.
    Streams lxml's parser events (`FlatTarget`); HTML it is not sure to read exactly as
    the BeautifulSoup walk does goes to that walk (`html_to_text_bs4`), so both give the
    same text. Neither recurses, so deep nesting stays linear."""
    try:
        return html_to_text_fast(html)
    except NotFlat:
        return html_to_text_bs4(html)


def html_to_text_bs4(html: str) -> tuple[str, dict[str, str]]:
    """The reference: a BeautifulSoup (lxml) tree, walked iteratively without editing it."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "lxml")
    meta = read_meta(soup)
    parts: list[str] = []
    stack: list = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # a closing marker pushed below, or text
            if type(node) is NavigableString:
                parts.append(SPACES.sub(" ", node.replace("\n", " ")))
            elif node is BLOCK_END:
                parts.append("\n")
            elif node is CELL_END:
                parts.append(" ")
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in DROP_TAGS or (node is not soup and is_chrome_tag(node)):
            continue
        if name == "br":
            parts.append("\n")
            continue
        if name in BLOCK_TAGS:
            parts.append("\n")
            stack.append(BLOCK_END)
        elif name in CELL_TAGS:
            stack.append(CELL_END)
        stack.extend(reversed(node.contents))
    return flat_text(parts), meta


def flat_text(parts: list[str]) -> str:
    lines = (line.strip() for line in "".join(parts).split("\n"))
    text = "\n".join(lines)
    return BLANKS.sub("\n\n", text).strip()


class NotFlat(Exception):
    """The streaming reader met HTML it leaves to the BeautifulSoup walk."""


ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"
STRING_CONTAINERS = frozenset(("rt", "rp", "style", "script", "template"))  # bs4: not plain strings
PRESERVE_SPACE_TAGS = frozenset(("pre", "textarea"))
CLASS_WORDS = re.compile(r"\S+")


class FlatTarget:
    """lxml parser target that writes what `html_to_text_bs4` would: the events BeautifulSoup
    builds its tree from, with its rules for strings (text runs merged until the next
    tag, comment or declaration; runs of ASCII blanks made one space or newline; text
    under rt/rp/style/script/template is not a plain string), read in document order.
    Also keeps the attributes of every <meta> and a small tree of the first <title>."""

    def __init__(self):
        self.parts: list[str] = []
        self.open: list[tuple[str, str | None]] = []  # (name, end marker) of open tags
        self.skip_depth = 0  # > 0 inside a dropped element
        self.containers = 0  # open string-container tags
        self.preserve = 0  # open pre/textarea
        self.pending: list[str] = []  # text not yet made a string
        self.metas: list[dict] = []
        self.title: list | None = None  # first <title>: nested lists of children
        self.title_stack: list[list] = []  # open nodes of it
        self.title_done = False

    def flush(self, plain: bool = True) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending = []
        if not self.preserve and not text.strip(ASCII_SPACES):  # only ASCII blanks (or empty)
            text = "\n" if "\n" in text else " "
        if self.title_stack:
            self.title_stack[-1].append(text)
        if plain and not self.skip_depth and not self.containers:
            self.parts.append(SPACES.sub(" ", text.replace("\n", " ")))

    def start(self, name, attrs):
        self.flush()
        if not isinstance(name, str) or name.startswith("{") or any(k.startswith("{") for k in attrs):
            raise NotFlat(name)
        attrs = dict(attrs)
        if name == "meta":
            self.metas.append(attrs)
        if self.title_stack:
            node: list = []
            self.title_stack[-1].append(node)
            self.title_stack.append(node)
        elif name == "title" and not self.title_done:
            self.title = []
            self.title_stack.append(self.title)
        if name in STRING_CONTAINERS:
            self.containers += 1
        if name in PRESERVE_SPACE_TAGS:
            self.preserve += 1
        end = None
        if self.skip_depth:
            self.skip_depth += 1
        elif name in DROP_TAGS or is_chrome(name, attrs):
            self.skip_depth = 1
        elif name == "br":  # a line break; whatever it holds is not walked
            self.parts.append("\n")
            self.skip_depth = 1
        elif name in BLOCK_TAGS:
            self.parts.append("\n")
            end = "\n"
        elif name in CELL_TAGS:
            end = " "
        self.open.append((name, end))

    def end(self, name):
        self.flush()
        if not self.open or self.open[-1][0] != name:
            raise NotFlat(f"unbalanced </{name}>")
        self.close_top()

    def close_top(self) -> None:
        name, end = self.open.pop()
        if self.title_stack:
            self.title_stack.pop()
            if not self.title_stack:
                self.title_done = True
        if name in STRING_CONTAINERS:
            self.containers -= 1
        if name in PRESERVE_SPACE_TAGS:
            self.preserve -= 1
        if self.skip_depth:
            self.skip_depth -= 1
        elif end:
            self.parts.append(end)

    def data(self, text):
        self.pending.append(text)

    def comment(self, text):
        self.flush()
        self.pending.append(text)
        self.flush(plain=False)

    def pi(self, target, text):
        self.flush()
        self.pending.append(target + " " + text)
        self.flush(plain=False)

    def doctype(self, *args):
        self.flush()
        if self.title_stack:  # a declaration string inside <title>: leave it to bs4
            raise NotFlat("doctype in title")

    def close(self):
        self.flush()
        while self.open:
            self.close_top()
def html_to_text_fast(html: str) -> tuple[str, dict[str, str]]:
    """`html_to_text_bs4` without building a tree (see FlatTarget); NotFlat when unsure."""
    from lxml import etree

    if html[:1] == "\ufeff":  # bs4 drops a leading BOM before lxml sees the text
        html = html[1:]
    target = FlatTarget()
    parser = etree.HTMLParser(target=target, recover=True, huge_tree=False, encoding=None)
    try:
        parser.feed(html)
        parser.close()
    except (UnicodeDecodeError, LookupError, etree.ParserError) as exc:
        raise NotFlat(str(exc)) from exc
    return flat_text(target.parts), meta_from(target.metas, title_string(target.title))


def title_string(node):
    """bs4's Tag.string for the small <title> tree: the one string of a chain of only children."""
    while isinstance(node, list):
        if len(node) != 1:
            return None
        node = node[0]
    return node


def is_chrome(name: str, attrs: dict) -> bool:
    """`is_chrome_tag` on a tag's name and raw attributes (class as one string)."""
    if name in ("html", "body", "main", "article"):
        return False
    if "hidden" in attrs or HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    names = " ".join(CLASS_WORDS.findall(attrs["class"])) if "class" in attrs else ""
    names += " " + str(attrs.get("id", ""))
    return bool(names.strip()) and bool(CHROME_CLASS.search(names))


def is_chrome_tag(tag) -> bool:
    """Hidden elements (spam is often hidden) and elements named as site chrome."""
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = tag.attrs or {}
    if "hidden" in attrs or HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    names = " ".join(attrs.get("class", []) if isinstance(attrs.get("class"), list) else [str(attrs.get("class", ""))])
    names += " " + str(attrs.get("id", ""))
    return bool(names.strip()) and bool(CHROME_CLASS.search(names))


def read_meta(soup) -> dict[str, str]:
    """'published' (ISO date), 'site' and 'title' from <meta> and <title>."""
    title = soup.title.string if soup.title else None
    return meta_from([tag.attrs for tag in soup.find_all("meta")], title)


def meta_from(metas: list[dict], title) -> dict[str, str]:
    """'published', 'site' and 'title' from the attributes of the <meta> tags and the title string."""
    meta: dict[str, str] = {}
    for tag in metas:
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = str(tag.get("content") or "").strip()
        if not key or not value:
            continue
        if key in META_DATE_KEYS and "published" not in meta:
            iso = iso_date(value)
            if iso:
                meta["published"] = iso
        elif key in META_SITE_KEYS and "site" not in meta and key != "author":
            meta["site"] = value
    if title:
        meta["title"] = SPACES.sub(" ", str(title)).strip()
    return meta


def iso_date(value: str) -> str | None:
    m = DATE_IN_META.search(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None
