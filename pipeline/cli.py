"""Command line: `python -m pipeline run|clean|evaluate|report`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.batch import MAX_PAGE_BYTES, TIME_LIMIT
from pipeline.segment import BACKENDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn scraped Chinese report pages into activity tables (documents, activities, dates, counts).

    \b
    Examples:
      python -m pipeline run data/raw --out data/processed --report
      python -m pipeline clean data/raw/000_b75bbcea601550d0.txt
      python -m pipeline evaluate tests/gold data/processed
      python -m pipeline check data/processed
    """


EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PAGES_FAILED, EXIT_SCHEMA = 0, 1, 2, 3, 4


def _load_page_fn(spec: str | None):
    """'module:function' -> the function (hidden option, used by tests to inject faults)."""
    if not spec:
        return None
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@main.command(short_help="Read pages and write the four tables (Parquet + CSV).")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the tables (NAME.parquet and NAME.csv).")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes [default: all cores]; 0 runs in this process.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a pool of worker processes; dask: dask.distributed.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies --engine dask) "
                   "[default: a LocalCluster on this machine].")
@click.option("--segmenter", type=click.Choice(BACKENDS), default=None,
              help="Segmenter backend [default: rjieba when installed, else jieba].")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only pages matching (repeatable). With '/' the pattern matches the relative "
                   "path, else the file or a folder name.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip pages matching (repeatable).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Per-page result cache [default: OUT/.cache].")
@click.option("--force", is_flag=True, help="Redo every page, ignoring the cache.")
@click.option("--time-limit", type=float, default=TIME_LIMIT, show_default=True,
              help="Seconds one page may take before it is stopped and marked as an error (0: none).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=MAX_PAGE_BYTES, show_default=True,
              help="Larger files are not read; they get an error row.")
@click.option("--profile", is_flag=True, help="Print the share of worker time per stage.")
@click.option("--report", "with_report", is_flag=True, help="Also write the report into OUT.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Check the written tables against the output contract (pipeline.schema).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--page-fn", hidden=True, default=None, help="module:function replacing process_page.")
def run(inputs: tuple[str, ...], out_dir: Path, workers: int | None, engine: str, scheduler: str | None,
        segmenter: str | None, include: tuple[str, ...], exclude: tuple[str, ...],
        cache_dir: Path | None, force: bool, time_limit: float, max_bytes: int, profile: bool,
        with_report: bool, check: bool, quiet: bool, page_fn: str | None) -> None:
    """Read every page of INPUTS (folders, files or globs, recursive) and write the four tables into --out.

    The `page` column is the path relative to the input's root. Pages already done
    with the same content and pipeline version are taken from the cache.

    Exit status: 0 every page was read; 3 the tables were written but some pages
    failed (their documents rows have status=error and the reason); 1 the run
    itself failed (no tables written); 2 bad arguments; 4 the tables were written
    but break the output contract (the problems are printed).
    """
    from pipeline.batch import WorkerError, WriteError, run_batch

    if scheduler:
        engine = "dask"
    progress = not quiet and sys.stderr.isatty()
    try:
        result = run_batch(list(inputs), out_dir, workers=workers, engine=engine, scheduler=scheduler,
                           segmenter=segmenter, include=include, exclude=exclude, cache_dir=cache_dir,
                           force=force, progress=progress, time_limit=time_limit or None,
                           max_bytes=max_bytes, page_fn=_load_page_fn(page_fn))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    except (WorkerError, WriteError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        click.echo(f"{result.summary()} -> {out_dir}")
    if profile:
        shares = result.stage_shares()
        click.echo("stage time share: " + (", ".join(f"{k} {v:.0%}" for k, v in shares.items())
                                           or "(no pages processed)"))
    if with_report:
        _write_report(out_dir, quiet)
    if check and _schema_problems(out_dir):
        sys.exit(EXIT_SCHEMA)
    sys.exit(EXIT_PAGES_FAILED if result.n_errors else EXIT_OK)


def _schema_problems(out_dir: Path) -> list[str]:
    """Problems of the tables in out_dir against the contract, printed to stderr."""
    from pipeline.schema import validate
    from pipeline.tables import read_tables

    problems = validate(read_tables(out_dir))
    for line in problems:
        click.echo(f"schema: {line}", err=True)
    return problems


@main.command(short_help="Check written tables against the output contract.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(out_dir: Path) -> None:
    """Check the tables in OUT_DIR against the output contract (columns, types, ids, spans).

    Exit status 0 when they keep it, 4 when not (each problem printed on stderr).
    """
    problems = _schema_problems(out_dir)
    if not problems:
        click.echo(f"{out_dir}: the tables keep the output contract")
    sys.exit(EXIT_SCHEMA if problems else EXIT_OK)


def _write_report(out_dir: Path, quiet: bool) -> None:
    try:
        from pipeline.report import write_report
    except ImportError as exc:
        raise click.ClickException(f"no report module: {exc}") from exc
    path = write_report(out_dir)
    if not quiet:
        click.echo(f"report -> {path}")


@main.command(short_help="Write report.html to review the tables in a browser.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Write OUT_DIR/report.html: one offline page to review the tables in OUT_DIR.

    Summary and errors, charts, a sortable activity table, and each article's clean
    text with every date, count and activity marked at its span (same as `run --report`).
    """
    _write_report(out_dir, quiet=False)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def clean(file: Path) -> None:
    """Print a page's clean text (simplified), article by article."""
    from pipeline.process import process_page

    result = process_page(file.read_bytes(), file.name)
    if not result.ok:
        raise click.ClickException(result.error)
    for res in result.articles:
        art = res.article
        click.echo(f"===== article {art.index}: {art.title or ''} (year {art.reference_year}, "
                   f"{art.source_script}) =====")
        click.echo(art.text)


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--show-misses", is_flag=True, help="List every miss and extra, and each matched count with a wrong object or event.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Also write the result as JSON.")
def evaluate(gold_dir: Path, out_dir: Path, show_misses: bool, json_path: Path | None) -> None:
    """Score the tables in OUT_DIR against the gold files in GOLD_DIR.

    Gold files are JSON, one per page (format: docs/spec/extraction.md, examples in
    tests/gold/). Prints precision/recall/F1 for dates, counts and events, count approx,
    object and event-link accuracy, boilerplate leaked, content kept and article split.
    """
    from pipeline.evaluate import evaluate as score, scoreboard

    result = score(gold_dir, out_dir)
    if show_misses:
        click.echo("\n".join(result["misses"]))
    click.echo(scoreboard(result))
    if json_path:
        json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
