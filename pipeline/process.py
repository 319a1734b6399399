"""The per-page function: bytes of one scraped file in, articles with their mentions out.

Everything a batch does is map `process_page` over files; it holds no state beyond
resources each stage loads once per process.
"""
from __future__ import annotations

from pipeline.assemble import assemble
from pipeline.clean import clean_page
from pipeline.extract.counts import find_counts
from pipeline.extract.dates import find_dates, reference_year
from pipeline.extract.events import find_events
from pipeline.model import Article, ArticleResult, Extraction, PageResult
from pipeline.read import ReadError, read_page
from pipeline.script import to_simplified
from pipeline.segment import segment


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, ReadError) else f"{type(exc).__name__}: {text}"[:300]


def convert_article(article: Article) -> None:
    """Script stage, in place: the text becomes final here."""
    # The title goes with the body so that it is undone the same way: a title alone is too
    # short to show the converter's vocabulary. Conversion never adds or removes a newline.
    title = (article.title or "").replace("\n", " ")
    result = to_simplified(f"{title}\n{article.text}")
    head, _, article.text = result.text.partition("\n")
    article.title = head or article.title
    article.source_script = result.source_script
    article.script_variant = result.variant
    article.script_fixes = list(result.fixes)


def extract_article(article: Article, segmenter: str | None = None) -> Extraction:
    """Segment and extract from an article whose text is final."""
    text = article.text
    article.reference_year = reference_year(article.title, text, article.published)
    article.tokens = segment(text, segmenter)
    dates = find_dates(text, article.reference_year)
    counts = find_counts(text, exclude=[(d.span_start, d.span_end) for d in dates])
    events = find_events(text)
    activities = assemble(text, dates, counts, events)
    return Extraction(dates=dates, counts=counts, events=events, activities=activities)


def process_article(article: Article, segmenter: str | None = None) -> ArticleResult:
    convert_article(article)
    return ArticleResult(article, extract_article(article, segmenter))


def process_page(data: bytes, path: str, segmenter: str | None = None) -> PageResult:
    """Run every stage on one page. Never raises for bad input: the reason goes in `error`."""
    result = PageResult(page=path, n_bytes=len(data))
    try:
        page = read_page(data, path)
        result.encoding = page.encoding
        articles = clean_page(page)
        if not articles:
            raise ReadError("no report text found on the page")
        result.articles = [process_article(a, segmenter) for a in articles]
    except RecursionError:
        result.articles, result.error = [], "RecursionError: structure nested too deep"
    except Exception as exc:  # one bad page must not stop a batch
        result.articles, result.error = [], one_line(exc)
    return result


def process_text(text: str, path: str = "text", segmenter: str | None = None) -> PageResult:
    return process_page(text.encode("utf-8"), path, segmenter)
