"""The objects that flow between stages.

A page is read into a `Page`, cleaned into `Article`s, each article's text is made
simplified, and the extractors return mentions whose spans count characters in
the article's final `text` (its `clean_text`). Rows of the output tables are built
from these objects only, never by searching the text again.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Page:
    """One scraped file as text."""

    path: str  # relative to the input root, '/'-separated
    text: str
    encoding: str = "utf-8"
    is_html: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # e.g. published, site (from HTML meta)


@dataclass(slots=True)
class Article:
    """One report of a page. `text` is final once the script stage has run."""

    index: int
    text: str
    title: str | None = None
    published: str | None = None  # ISO date the site says the page was published/uploaded
    site: str | None = None
    reference_year: int | None = None
    source_script: str = "simplified"  # simplified | traditional
    script_variant: str | None = None  # how the traditional text was made: chars | tw | hk
    script_fixes: list[str] = field(default_factory=list)  # e.g. "社群→社区 ×3", "效劳→服务 ×12"
    tokens: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DateMention:
    text: str
    span_start: int
    span_end: int
    start: str  # ISO partial: YYYY-MM-DD or YYYY-MM, XXXX for an unknown year
    end: str
    precision: str  # day | month


@dataclass(slots=True)
class CountMention:
    text: str
    span_start: int
    span_end: int
    value: float
    unit: str | None
    approx: str | None  # more | about | nearly | None
    object: str | None = None


@dataclass(slots=True)
class EventMention:
    name: str  # simplified, without quotes; ordinals and year prefixes as written
    span_start: int
    span_end: int
    theme: str | None = None


@dataclass(slots=True)
class Activity:
    """One thing that was held or done, with the mentions tied to it."""

    event_name: str | None
    span_start: int  # of the evidence
    span_end: int
    evidence: str
    theme: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    organizer: str | None = None
    dates: list[int] = field(default_factory=list)  # indexes into the article's date mentions
    counts: list[int] = field(default_factory=list)  # indexes into the article's count mentions


@dataclass(slots=True)
class Extraction:
    """Everything read from one article."""

    dates: list[DateMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass(slots=True)
class ArticleResult:
    article: Article
    extraction: Extraction


@dataclass(slots=True)
class PageResult:
    """What one page gave: its articles, or the one-line reason it gave none."""

    page: str
    articles: list[ArticleResult] = field(default_factory=list)
    error: str | None = None
    encoding: str | None = None
    n_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None
