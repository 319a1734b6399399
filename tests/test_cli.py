"""The command line: exit status, quiet output, inputs as globs, report, options."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import EXIT_OK, EXIT_PAGES_FAILED, EXIT_USAGE, main
from test_batch import good_pages  # noqa: E402  (tests/ is on sys.path under pytest)

FAKE = "test_batch:fake_page"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, ["run", *map(str, args)], catch_exceptions=False)


def test_all_good_pages_exit_0_and_print_a_summary(runner, tmp_path):
    good_pages(tmp_path / "in", 4)
    res = run(runner, tmp_path / "in", "--out", tmp_path / "out", "--workers", "0", "--page-fn", FAKE)
    assert res.exit_code == EXIT_OK, res.output
    assert "4 pages" in res.output and "0 with errors" in res.output
    assert "page/s" not in res.output  # no progress bar when not on a terminal
    assert (tmp_path / "out" / "documents.parquet").exists()


def test_failed_pages_exit_3_and_the_tables_are_still_written(runner, tmp_path):
    good_pages(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "hang.txt").write_text("HANG")
    res = run(runner, tmp_path / "in", "--out", tmp_path / "out", "--workers", "1", "--page-fn", FAKE,
              "--time-limit", "0.5")
    assert res.exit_code == EXIT_PAGES_FAILED, res.output
    assert "2 with errors" in res.output
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", encoding="utf-8-sig")
    assert sorted(docs.loc[docs["status"] == "error", "page"]) == ["empty.txt", "hang.txt"]


def test_quiet_prints_nothing(runner, tmp_path):
    good_pages(tmp_path / "in", 2)
    res = run(runner, tmp_path / "in", "--out", tmp_path / "out", "--workers", "0", "--page-fn", FAKE,
              "--quiet")
    assert res.exit_code == EXIT_OK and res.output == ""


def test_globs_include_exclude_and_relative_page_paths(runner, tmp_path):
    good_pages(tmp_path / "in", 6)  # d0/, d1/, d2/
    res = run(runner, str(tmp_path / "in" / "d*"), "--out", tmp_path / "out", "--workers", "0",
              "--page-fn", FAKE, "--exclude", "d1", "--include", "*.txt")
    assert res.exit_code == EXIT_OK, res.output
    pages = pd.read_parquet(tmp_path / "out" / "documents.parquet")["page"].tolist()
    assert pages == ["d0/p000.txt", "d0/p003.txt", "d2/p002.txt", "d2/p005.txt"]


def test_profile_prints_stage_shares(runner, tmp_path):
    good_pages(tmp_path / "in", 2)
    res = run(runner, tmp_path / "in", "--out", tmp_path / "out", "--workers", "0", "--page-fn", FAKE,
              "--profile")
    assert "stage time share:" in res.output


def test_bad_arguments_exit_2(runner, tmp_path):
    assert run(runner, tmp_path / "missing", "--out", tmp_path / "o").exit_code == EXIT_USAGE
    good_pages(tmp_path / "in", 1)
    assert run(runner, tmp_path / "in", "--out", tmp_path / "o", "--segmenter", "nope").exit_code == EXIT_USAGE
    assert run(runner, tmp_path / "in", "--out", tmp_path / "o", "--workers", "-1").exit_code == EXIT_USAGE


def test_report_command_and_run_report_call_write_report(runner, tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("pipeline.report")
    fake.write_report = lambda out_dir: calls.append(Path(out_dir)) or Path(out_dir) / "report.html"
    monkeypatch.setitem(sys.modules, "pipeline.report", fake)
    good_pages(tmp_path / "in", 2)
    res = run(runner, tmp_path / "in", "--out", tmp_path / "out", "--workers", "0", "--page-fn", FAKE,
              "--report")
    assert res.exit_code == EXIT_OK, res.output
    res = runner.invoke(main, ["report", str(tmp_path / "out")], catch_exceptions=False)
    assert res.exit_code == EXIT_OK, res.output
    assert calls == [tmp_path / "out", tmp_path / "out"]


def test_other_commands_are_still_there(runner):
    for command in ("clean", "evaluate", "report", "run"):
        res = runner.invoke(main, [command, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output


def test_check_command_passes_good_tables_and_fails_broken_ones(tmp_path):
    from click.testing import CliRunner

    import pipeline
    from pipeline.cli import main

    t = pipeline.process_text("2021年5月17日，县科协举办科普讲座3场，发放资料1万余份。")
    t.write(tmp_path)
    ok = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    t.counts.loc[0, "span_start"] += 1  # the span no longer quotes its text
    t.write(tmp_path)
    bad = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert bad.exit_code == 4 and "schema:" in bad.output
