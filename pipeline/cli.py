"""Command line: `python -m pipeline run|clean|evaluate|report`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.segment import BACKENDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn scraped Chinese report pages into activity tables (documents, activities, dates, counts)."""


@main.command()
@click.argument("in_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the tables (NAME.parquet and NAME.csv).")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--segmenter", type=click.Choice(BACKENDS), default=None,
              help="Segmenter backend [default: rjieba when installed, else jieba].")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def run(in_dir: Path, out_dir: Path, workers: int, segmenter: str | None, quiet: bool) -> None:
    """Read every page below IN_DIR and write the four tables into --out.

    Exit status 0 when every page was read, 3 when some pages failed (their
    documents rows say why), 2 for bad arguments.
    """
    from pipeline.batch import process_folder

    progress = not quiet and sys.stderr.isatty()
    tables = process_folder(in_dir, workers=workers, segmenter=segmenter, progress=progress)
    tables.write(out_dir)
    errors = int((tables.documents["status"] == "error").sum())
    if not quiet:
        click.echo(f"{tables.summary()} -> {out_dir}")
    sys.exit(3 if errors else 0)


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
@click.option("--show-misses", is_flag=True, help="List every miss and extra.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Also write the result as JSON.")
def evaluate(gold_dir: Path, out_dir: Path, show_misses: bool, json_path: Path | None) -> None:
    """Score the tables in OUT_DIR against the gold files in GOLD_DIR."""
    from pipeline.evaluate import evaluate as score, scoreboard

    result = score(gold_dir, out_dir)
    if show_misses:
        click.echo("\n".join(result["misses"]))
    click.echo(scoreboard(result))
    if json_path:
        json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
