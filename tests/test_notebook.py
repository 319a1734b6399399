"""The analyst notebook: stored without outputs, and runs top to bottom on full, empty and absent tables.

Each run starts a real kernel (the interpreter running the tests) in notebooks/, so the
notebook finds the repository and the data the way an analyst's Jupyter would.
"""
import json
import sys
from pathlib import Path

import nbformat
import pytest

from pipeline.model import (Activity, Article, ArticleResult, CountMention, DateMention, Extraction,
                            PageResult)
from pipeline.tables import build_tables

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "activity_table.ipynb"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def page(path: str, text: str, events: list[tuple[str, str, str]], numbers: list[tuple[str, float, str, str]]
         ) -> PageResult:
    """A page of one article; events are (name, date text, ISO start), numbers (text, value, unit, object).

    Sentence i holds event i; each number is tied to the event of its sentence, or to none.
    """
    dates, counts, acts = [], [], []
    for name, when, iso in events:
        s, e = span(text, when)
        dates.append(DateMention(when, s, e, iso, iso, "day" if len(iso) == 10 else "month"))
        first = text.rfind("。", 0, s) + 1
        last = text.index("。", e) + 1
        acts.append(Activity(name, first, last, text[first:last], start=iso, end=iso, dates=[len(dates) - 1]))
    for words, value, unit, obj in numbers:
        s, e = span(text, words)
        counts.append(CountMention(words, s, e, value, unit, "more" if "余" in words else None, obj))
        owner = next((a for a in acts if a.span_start <= s < a.span_end), None)
        if owner:
            owner.counts.append(len(counts) - 1)
    art = Article(index=0, text=text, title=text[:text.index("。")], reference_year=2021)
    return PageResult(page=path, articles=[ArticleResult(art, Extraction(dates, counts, [], acts))])


TEXT_A = ("2021年科协工作总结。5月17日，县科协举办第二十六届科普周，发放科普资料1万余份，参与群众8000余人次。"
          "9月18日，全国科普日活动吸引市民3000人参加。全年投入科普经费32.5万元。")
TEXT_B = ("社区科普活动总结。6月12日举办青少年科技创新大赛，展出展板120块。"
          "10月举办科普讲座，听众约500人。")


def sample_pages() -> list[PageResult]:
    return [
        page("site/a.txt", TEXT_A, [("第二十六届科普周", "5月17日", "2021-05-17"),
                                    ("全国科普日", "9月18日", "2021-09-18")],
             [("1万余份", 10000, "份", "科普资料"), ("8000余人次", 8000, "人次", "群众"),
              ("3000人", 3000, "人", "市民"), ("32.5万元", 325000, "元", "科普经费")]),
        page("site/b.txt", TEXT_B, [("青少年科技创新大赛", "6月12日", "2021-06-12"), ("科普讲座", "10月", "2021-10")],
             [("120块", 120, "块", "展板"), ("500人", 500, "人", "听众")]),
        PageResult(page="site/broken.bin", error="binary file, not a text page"),
    ]


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory):
    """A `python3` kernel spec that runs this interpreter, found before any other python3 spec.

    An analyst's machine may have a user-wide python3 kernel from another Python without this
    package; JUPYTER_PATH is searched first, so the notebook runs where the tests run.
    """
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)", "language": "python",
    }), encoding="utf-8")
    return spec.parent.parent


def execute(monkeypatch, kernel_path: Path, tables_dir: Path, raw_dir: Path | None = None):
    """Run the notebook in notebooks/ on a tables folder; returns the executed notebook."""
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    monkeypatch.setenv("PIPELINE_TABLES", str(tables_dir))
    if raw_dir is not None:
        monkeypatch.setenv("PIPELINE_RAW", str(raw_dir))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError when a cell raises
    return nb


def outputs(nb) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def text_of(nb) -> str:
    """Everything the notebook printed or displayed as text or HTML."""
    parts = []
    for out in outputs(nb):
        if "text" in out:
            parts.append(out["text"])
        for kind in ("text/plain", "text/html"):
            if kind in out.get("data", {}):
                parts.append(out["data"][kind])
    return "\n".join(parts)


def charts(nb) -> list[str]:
    """The altair charts displayed, as the text of their spec (HTML embed or Vega-Lite mimetype)."""
    found = []
    for out in outputs(nb):
        data = out.get("data", {})
        spec = [json.dumps(v) for k, v in data.items() if k.startswith("application/vnd.vegalite")]
        if spec or "vegaEmbed" in data.get("text/html", ""):
            found.append(spec[0] if spec else data["text/html"])
    return found


def escaped(text: str) -> str:
    """Chinese text as it stands in a JSON spec (escaped as \\uXXXX)."""
    return json.dumps(text)[1:-1]


def test_the_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_notebook_runs_on_written_tables(monkeypatch, kernel_path, tmp_path):
    tables = build_tables(sample_pages())
    tables.write(tmp_path)
    nb = execute(monkeypatch, kernel_path, tmp_path)
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    shown = text_of(nb)
    assert f"read the tables in {tmp_path}" in shown
    assert "3 articles (1 failed), 4 activities, 4 dates, 6 counts" in shown
    assert "schema: ok" in shown
    assert "4 activities, 4 dated" in shown
    assert "5 of 6 counts (83%) are tied to an activity" in shown
    # the by-type table reads the head of each name
    for kind in ("week", "day", "contest", "lecture"):
        assert kind in shown
    # the largest count comes with its sentence, the count marked
    assert "全年投入科普经费【32.5万元】。" in shown
    # the article with most counts is shown with its marked text
    assert "site/a.txt#0: 2021年科协工作总结 - 2 activities, 2 dates, 4 counts" in shown
    assert '<mark style="background:#b7eb8f" title="10,000 份 more">1万余份</mark>' in shown
    drawn = charts(nb)
    assert len(drawn) == 3  # by month, by type, totals by unit
    assert escaped("青少年科技创新大赛") in drawn[1]  # Chinese labels travel to the browser as data


def test_the_notebook_runs_on_empty_tables(monkeypatch, kernel_path, tmp_path):
    build_tables([PageResult(page="broken.bin", error="binary file")]).write(tmp_path)
    nb = execute(monkeypatch, kernel_path, tmp_path)
    shown = text_of(nb)
    assert "1 articles (1 failed), 0 activities, 0 dates, 0 counts" in shown
    assert "no activities to chart" in shown and "no article to show" in shown
    assert charts(nb) == []


def test_the_notebook_runs_the_pipeline_when_no_tables_are_there(monkeypatch, kernel_path, tmp_path,
                                                                 sample_tables):
    nb = execute(monkeypatch, kernel_path, tmp_path / "absent", ROOT / "data" / "raw")
    shown = text_of(nb)
    assert "ran the pipeline on" in shown
    assert f"{len(sample_tables.activities)} activities, {len(sample_tables.dates)} dates" in shown
    assert "schema: ok" in shown
