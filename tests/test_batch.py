"""Batch runs: finding pages, fault isolation, cache and resume, identical outputs, Dask.

Fault tests that concern the batch machinery (time limit, crashed worker, size
limit) use a fake page function injected with `page_fn`, so they do not depend on
the stages; the others run the real pipeline on the sample pages plus bad pages
written here.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.batch import PageTimeout, WriteError, find_pages, iter_pages, process_folder, run_batch, time_limit
from pipeline.cache import PageCache, page_key
from pipeline.model import Article, ArticleResult, CountMention, Extraction, PageResult
from pipeline.tables import TABLES, build_tables, read_tables, write_tables

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TESTS = Path(__file__).resolve().parent
NUMBER = re.compile(r"\d+")
FILES = [f"{name}.{ext}" for name in TABLES for ext in ("parquet", "csv")]


# ---------------------------------------------------------------- a fake page function

def fake_page(data: bytes, path: str, segmenter: str | None = None) -> PageResult:
    """Stands in for process_page; some words in the page make it misbehave on purpose."""
    result = PageResult(page=path, n_bytes=len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.error = "cannot decode the page"
        return result
    if "CRASH" in text:
        os._exit(7)  # like a segfault: the worker process is gone
    if "HANG" in text:
        while True:  # pure Python: the worker's alarm stops it
            pass
    if "STUCK" in text:  # deaf to the alarm, like code stuck in C: the parent must kill it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)
    if "SLOW" in text:
        time.sleep(0.1)
    if not text.strip():
        result.error = "empty page"
        return result
    counts = [CountMention(m.group(), m.start(), m.end(), float(m.group()), "人", None)
              for m in NUMBER.finditer(text)]
    article = Article(index=0, text=text.strip(), title=text.split("\n")[0][:20], tokens=list(text.strip()))
    result.articles = [ArticleResult(article, Extraction(counts=counts))]
    return result


def slow_page(data: bytes, path: str, segmenter: str | None = None) -> PageResult:
    time.sleep(0.05)
    return fake_page(data, path, segmenter)


def good_pages(folder: Path, n: int) -> None:
    for i in range(n):
        sub = folder / f"d{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{i:03d}.txt").write_text(f"第{i}期科普讲座\n参加{i * 7 + 3}人，发放资料{i * 40}份。\n",
                                          encoding="utf-8")


def docs_by_page(out: Path) -> dict[str, dict]:
    docs = pd.read_parquet(out / "documents.parquet")
    return {r["page"]: r for r in docs.to_dict("records")}


def same_bytes(a: Path, b: Path) -> list[str]:
    """Names of table files that differ between two output folders."""
    return [f for f in FILES if (a / f).read_bytes() != (b / f).read_bytes()]


# ---------------------------------------------------------------- finding pages

def test_pages_are_found_recursively_sorted_with_relative_paths(tmp_path):
    for rel in ["b.txt", "a/x.txt", "a-b.txt", "a.txt", ".hidden.txt", ".git/c.txt", "a/deep/y.html"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    rels = [rel for _, rel in iter_pages(tmp_path)]
    assert rels == sorted(rels)  # the string order, which the tables use
    assert set(rels) == {"b.txt", "a/x.txt", "a-b.txt", "a.txt", "a/deep/y.html"}


def test_globs_include_exclude_and_several_inputs(tmp_path):
    for rel in ["s1/a.txt", "s1/b.html", "s1/drafts/c.txt", "s2/d.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [r for _, r in iter_pages(str(tmp_path / "s1" / "*.txt"))] == ["a.txt"]
    assert [r for _, r in iter_pages(str(tmp_path / "*" / "**" / "*.txt"))] == [
        "s1/a.txt", "s1/drafts/c.txt", "s2/d.txt"]
    assert [r for _, r in iter_pages(tmp_path, include=["*.txt"], exclude=["drafts"])] == [
        "s1/a.txt", "s2/d.txt"]
    assert [r for _, r in iter_pages(tmp_path, exclude=["s1/*"])] == ["s2/d.txt"]
    both = [r for _, r in iter_pages([tmp_path / "s2", tmp_path / "s1"])]
    assert both == ["a.txt", "b.html", "d.txt", "drafts/c.txt"]
    assert [r for _, r in find_pages(tmp_path / "s1" / "a.txt")] == ["a.txt"]
    with pytest.raises(FileNotFoundError):
        list(iter_pages(tmp_path / "nothing-here"))


# ---------------------------------------------------------------- fault isolation (fake pages)

def test_each_kind_of_failure_costs_only_its_page(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 6)
    bad = {"crash.txt": "CRASH", "hang.txt": "HANG", "stuck.txt": "STUCK", "big.txt": "科" * 400,
           "binary.bin": b"\x00\xff\xfe\x00" * 10, "empty.txt": ""}
    for name, content in bad.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (src / name).write_bytes(data)
    res = run_batch(src, tmp_path / "out", workers=2, page_fn=fake_page, time_limit=0.5,
                    kill_grace=0.5, max_bytes=1000)
    docs = docs_by_page(tmp_path / "out")
    reasons = {
        "crash.txt": "worker process crashed", "hang.txt": "timeout", "stuck.txt": "worker killed",
        "big.txt": "file too large", "binary.bin": "cannot decode", "empty.txt": "empty page",
    }
    for page, reason in reasons.items():
        assert docs[page]["status"] == "error", page
        assert reason in docs[page]["error"], (page, docs[page]["error"])
        assert "\n" not in docs[page]["error"]
    good = [p for p in docs if p.startswith("d")]
    assert len(good) == 6 and all(docs[p]["status"] == "ok" for p in good)
    assert res.n_errors == len(bad) and res.n_pages == 12
    counts = pd.read_parquet(tmp_path / "out" / "counts.parquet")
    assert len(counts) == 18  # three numbers in each good page


def test_inline_engine_stops_a_page_at_the_time_limit(tmp_path):
    good_pages(tmp_path / "in", 2)
    (tmp_path / "in" / "hang.txt").write_text("HANG")
    res = process_folder(tmp_path / "in", workers=0, page_fn=fake_page, time_limit=0.5)
    docs = res.documents.set_index("page")
    assert docs.loc["hang.txt", "status"] == "error"
    assert (docs["status"] == "ok").sum() == 2


def test_time_limit_also_works_off_the_main_thread():
    import threading

    caught = []

    def busy():
        try:
            with time_limit(0.2):
                while True:
                    pass
        except PageTimeout:
            caught.append(True)

    t = threading.Thread(target=busy)
    t.start()
    t.join(10)
    assert caught == [True]


# ---------------------------------------------------------------- cache, resume, identical outputs

def test_cache_skips_unchanged_pages_and_force_redoes_them(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    good_pages(src, 5)
    first = run_batch(src, out, workers=0, page_fn=fake_page)
    assert (first.n_done, first.n_cached) == (5, 0)
    again = run_batch(src, out, workers=0, page_fn=fake_page)
    assert (again.n_done, again.n_cached) == (0, 5)
    (src / "d0" / "p000.txt").write_text("改过的页面 12人", encoding="utf-8")
    edited = run_batch(src, out, workers=0, page_fn=fake_page)
    assert (edited.n_done, edited.n_cached) == (1, 4)
    assert docs_by_page(out)["d0/p000.txt"]["clean_text"] == "改过的页面 12人"
    forced = run_batch(src, out, workers=0, page_fn=fake_page, force=True)
    assert (forced.n_done, forced.n_cached) == (5, 0)


def test_cache_key_depends_on_content_path_segmenter_and_version(tmp_path):
    base = page_key(b"abc", "a.txt", "rjieba", "v1")
    assert base == page_key(b"abc", "a.txt", "rjieba", "v1")
    others = {page_key(b"abd", "a.txt", "rjieba", "v1"), page_key(b"abc", "b.txt", "rjieba", "v1"),
              page_key(b"abc", "a.txt", "jieba", "v1"), page_key(b"abc", "a.txt", "rjieba", "v2")}
    assert base not in others and len(others) == 4
    with PageCache(tmp_path) as cache:
        cache.put(base, {"rows": 1})
        assert base in cache and cache.get(base) == {"rows": 1}
        assert others.isdisjoint(k for k in others if k in cache)
    with PageCache(tmp_path) as cache:  # a new opening sees what the first one stored
        assert cache.get(base) == {"rows": 1} and len(cache) == 1


def test_a_damaged_cache_is_moved_aside_with_a_warning_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 3)
    env = tmp_path / "cache" / "pages.lmdb"
    env.mkdir(parents=True)
    (env / "data.mdb").write_bytes(b"\x00not an LMDB file" * 5000)
    with pytest.warns(RuntimeWarning, match="damaged"):
        res = run_batch(src, tmp_path / "out", workers=0, page_fn=fake_page, cache_dir=tmp_path / "cache")
    assert res.n_done == 3 and res.n_errors == 0
    assert [p.name.startswith("pages.lmdb.damaged-") for p in (tmp_path / "cache").iterdir()].count(True) == 1
    again = run_batch(src, tmp_path / "out", workers=0, page_fn=fake_page, cache_dir=tmp_path / "cache")
    assert again.n_cached == 3  # the new cache works


def test_cache_is_shared_by_processes_and_survives_a_killed_writer(tmp_path):
    """Two processes write entries at once; one is killed mid-run; every entry it committed
    is whole, and the other process's entries are all there."""
    script = ("import sys, os\n"
              "from pipeline.cache import PageCache\n"
              "c = PageCache(sys.argv[1])\n"
              "for i in range(int(sys.argv[3])):\n"
              "    c.put(f'{sys.argv[2]}{i}', {'i': i, 'blob': os.urandom(50000)})\n"
              "    if i == 20 and sys.argv[2] == 'k': os.kill(os.getpid(), 9)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), tag, "200"], cwd=ROOT)
             for tag in ("a", "k")]
    codes = [p.wait(timeout=60) for p in procs]
    assert codes[0] == 0 and codes[1] == -signal.SIGKILL
    with PageCache(tmp_path) as cache:
        assert len(cache) == 200 + 21
        assert all(cache.get(f"a{i}")["i"] == i for i in range(200))
        assert [cache.get(f"k{i}")["i"] for i in range(21)] == list(range(21))
        assert "k21" not in cache


def test_rerun_gives_byte_identical_tables_and_parquet_has_no_run_metadata(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 9)
    (src / "empty.txt").write_text("")
    run_batch(src, tmp_path / "a", workers=2, page_fn=fake_page, chunk_pages=4)
    run_batch(src, tmp_path / "b", workers=0, page_fn=fake_page, chunk_pages=4)
    assert same_bytes(tmp_path / "a", tmp_path / "b") == []
    before = {f: (tmp_path / "a" / f).read_bytes() for f in FILES}
    run_batch(src, tmp_path / "a", workers=1, page_fn=fake_page, chunk_pages=4)  # from the cache
    assert {f: (tmp_path / "a" / f).read_bytes() for f in FILES} == before
    meta = json.loads(pq.read_schema(tmp_path / "a" / "documents.parquet").metadata[b"pandas"])
    assert meta["index_columns"] == []
    assert str(tmp_path) not in json.dumps(meta)


def test_streamed_tables_equal_the_in_memory_tables(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 7)
    (src / "empty.txt").write_text("")
    memory = process_folder(src, workers=0, page_fn=fake_page)
    run_batch(src, tmp_path / "streamed", workers=0, page_fn=fake_page, chunk_pages=3)
    streamed = read_tables(tmp_path / "streamed")
    write_tables(memory, tmp_path / "memory")
    for name in TABLES:
        pd.testing.assert_frame_equal(streamed[name], memory[name], check_dtype=True)
        assert (tmp_path / "streamed" / f"{name}.csv").read_bytes() == \
            (tmp_path / "memory" / f"{name}.csv").read_bytes()
    results = [fake_page((src / rel).read_bytes(), rel) for _, rel in iter_pages(src)]
    pd.testing.assert_frame_equal(build_tables(results).counts, memory.counts)


@pytest.fixture
def pinned_version(monkeypatch):
    """One code version for this process and its subprocesses, even while files are edited."""
    from pipeline.cache import code_fingerprint

    monkeypatch.setenv("PIPELINE_CODE_VERSION", "test-pinned")
    code_fingerprint.cache_clear()
    yield
    code_fingerprint.cache_clear()


def test_a_run_killed_half_way_resumes_to_the_same_tables(tmp_path, pinned_version):
    src = tmp_path / "in"
    good_pages(src, 24)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "killed"),
           "--workers", "1", "--quiet", "--page-fn", "test_batch:slow_page"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    cache_dir = tmp_path / "killed" / ".cache"
    deadline = time.monotonic() + 60
    while not (cache_dir / "pages.lmdb").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    with PageCache(cache_dir) as cache:
        while len(cache) < 6 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        done_before = len(cache)
    assert 6 <= done_before < 24
    assert not [f for f in FILES if (tmp_path / "killed" / f).exists()]  # no half-written table
    resumed = run_batch(src, tmp_path / "killed", workers=1, page_fn=slow_page)
    assert resumed.n_cached == done_before and resumed.n_done == 24 - done_before
    run_batch(src, tmp_path / "whole", workers=0, page_fn=fake_page)
    assert same_bytes(tmp_path / "killed", tmp_path / "whole") == []


# ---------------------------------------------------------------- the real pipeline

def nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "2021年5月，县科协举办科普讲座3场。"
            + "</div>" * depth + "</body></html>")


def bad_real_pages(folder: Path) -> dict[str, bytes]:
    """Each kind of damage the issue lists, next to the real sample pages."""
    sample = (RAW / "000_b75bbcea601550d0.txt").read_bytes()
    pages = {
        "bad/binary.bin": bytes(range(256)) * 64,
        "bad/empty.txt": b"",
        "bad/undecodable.txt": b"\x81\x30\xfe\xff\xc0\x00\x9d" * 300,
        "bad/truncated.html": b"<html><head><title>\xe5\xb7\xa5\xe4\xbd\x9c</title></head><body><p>\xe5\xb9",
        "bad/too_large.txt": sample * 60,
        "bad/nested.html": nested_html(30000).encode("utf-8"),
        "bad/digits.txt": ("县科协工作总结\n" + "1" * 200_000 + "\n举办讲座3场。\n").encode("utf-8"),
    }
    for rel, data in pages.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return pages


@pytest.fixture(scope="module")
def real_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    for page in RAW.glob("*.txt"):
        (folder / page.name).write_bytes(page.read_bytes())
    bad_real_pages(folder)
    return folder


@pytest.fixture(scope="module")
def real_local(real_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("real-local")
    res = run_batch(real_folder, out, workers=2, max_bytes=400_000, time_limit=2)
    return res, out


def test_real_bad_pages_get_one_line_error_rows_and_good_pages_are_untouched(real_folder, real_local, tmp_path):
    res, out = real_local
    docs = docs_by_page(out)
    for rel in ["bad/binary.bin", "bad/empty.txt", "bad/undecodable.txt", "bad/too_large.txt"]:
        assert docs[rel]["status"] == "error", rel
        assert docs[rel]["error"] and "\n" not in docs[rel]["error"], rel
    for rel in ["bad/truncated.html", "bad/nested.html", "bad/digits.txt"]:
        assert rel in docs  # read what can be read, or an error with its reason
        if docs[rel]["status"] == "error":
            assert docs[rel]["error"] and "\n" not in docs[rel]["error"]
    assert res.n_errors == sum(d["status"] == "error" for d in docs.values())
    # the good pages give the same rows as a run without any bad page
    alone = tmp_path / "alone"
    run_batch(real_folder, alone, workers=0, exclude=["bad"])
    for name in TABLES:
        df = pd.read_parquet(out / f"{name}.parquet")
        df = df[~df["doc_id"].str.startswith("bad/")].reset_index(drop=True)
        pd.testing.assert_frame_equal(df, pd.read_parquet(alone / f"{name}.parquet"))


def test_real_rerun_without_cache_is_byte_identical(real_folder, real_local, tmp_path):
    _, out = real_local
    run_batch(real_folder, tmp_path / "again", workers=1, max_bytes=400_000, time_limit=2)
    assert same_bytes(out, tmp_path / "again") == []


def test_dask_gives_the_same_tables_as_a_local_run(real_folder, real_local, tmp_path):
    import distributed  # in the dev extra: `make test` must run this test, not skip it
    _, out = real_local
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        res = run_batch(real_folder, tmp_path / "dask", engine="dask", scheduler=client,
                        max_bytes=400_000, time_limit=2)
    assert res.n_pages == len(docs_by_page(out))
    assert same_bytes(out, tmp_path / "dask") == []


def test_both_segmenters_give_the_same_tables_on_chinese_text(real_folder, tmp_path):
    """Only the tokens of ASCII runs may differ (see pipeline.segment); every other column is equal."""
    runs = {seg: process_folder(RAW, workers=0, segmenter=seg) for seg in ("jieba", "rjieba")}
    from pipeline.segment import ascii_split

    a, b = runs["jieba"], runs["rjieba"]
    for name in TABLES:
        left, right = a[name], b[name]
        if name == "documents":
            for x, y in zip(left["tokens"].fillna(""), right["tokens"].fillna("")):
                assert ascii_split(x.split(" ")) == ascii_split(y.split(" "))
            left, right = left.drop(columns="tokens"), right.drop(columns="tokens")
        pd.testing.assert_frame_equal(left, right)


# ---------------------------------------------------------------- writing while the workers work

def test_pages_finishing_out_of_order_are_written_in_input_order(tmp_path):
    """Slow pages finish after later fast ones; the tables keep the input order, and rows that
    could not wait in memory (held=0) are read back from the cache with the same result."""
    import pipeline.batch as batch

    src = tmp_path / "in"
    good_pages(src, 9)
    for i in (0, 4):
        (src / f"d{i % 3}" / f"p{i:03d}.txt").write_text(f"SLOW 第{i}期\n参加{i}人。\n", encoding="utf-8")
    run_batch(src, tmp_path / "plain", workers=0, page_fn=fake_page)
    run_batch(src, tmp_path / "pool", workers=2, page_fn=fake_page)
    old = batch.HELD_PAGES, batch.PLAN_IN_MEMORY
    try:
        batch.HELD_PAGES, batch.PLAN_IN_MEMORY = 0, 2  # nothing held, the plan spills to its file
        run_batch(src, tmp_path / "reread", workers=2, page_fn=fake_page)
    finally:
        batch.HELD_PAGES, batch.PLAN_IN_MEMORY = old
    pages = pd.read_parquet(tmp_path / "pool" / "documents.parquet")["page"].tolist()
    assert pages == sorted(pages) and len(pages) == 9
    assert same_bytes(tmp_path / "plain", tmp_path / "pool") == []
    assert same_bytes(tmp_path / "plain", tmp_path / "reread") == []


def test_spill_queue_keeps_order_across_memory_and_file_between_two_threads(tmp_path):
    import threading

    from pipeline.batch import SpillQueue

    q = SpillQueue(tmp_path, limit=16)
    records = [(f"页{i}.txt", None if i % 3 else f"k{i}", None, bool(i % 2)) for i in range(5000)]

    def produce():
        for r in records:
            q.put(r)

    thread = threading.Thread(target=produce)
    thread.start()
    got = []
    while len(got) < len(records):
        if q.peek() is not None:
            got.append(q.pop())
    thread.join()
    assert got == records and q.peek() is None and len(q) == 0
    assert q.file is not None and q.file.seek(0, 2) == 0  # it spilled, and the file started over
    q.put(records[0])
    assert q.peek() == records[0]
    q.close()


def test_pages_queued_behind_a_crash_are_done_by_the_next_worker(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 8)
    (src / "d0" / "p000.txt").write_text("CRASH", encoding="utf-8")
    res = run_batch(src, tmp_path / "out", workers=1, page_fn=fake_page)
    docs = docs_by_page(tmp_path / "out")
    assert docs["d0/p000.txt"]["status"] == "error"
    assert "crashed" in docs["d0/p000.txt"]["error"]
    assert [p for p, d in docs.items() if d["status"] != "ok"] == ["d0/p000.txt"]
    assert res.n_pages == 8 and res.n_errors == 1


def test_a_fully_cached_rerun_starts_no_worker_processes(tmp_path, monkeypatch):
    import pipeline.batch as batch

    src = tmp_path / "in"
    good_pages(src, 4)
    run_batch(src, tmp_path / "out", workers=2, page_fn=fake_page)

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started although every page was cached")

    monkeypatch.setattr(batch, "LocalPool", no_pool)
    res = run_batch(src, tmp_path / "out", workers=2, page_fn=fake_page)
    assert res.n_cached == 4 and res.n_done == 0


def test_a_writer_that_cannot_write_fails_the_run_with_its_reason(tmp_path):
    src = tmp_path / "in"
    good_pages(src, 3)
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be")
    with pytest.raises(WriteError, match="writing the tables failed"):
        run_batch(src, blocked, workers=0, page_fn=fake_page, cache_dir=tmp_path / "cache")
    assert blocked.read_text().startswith("a file")


def test_the_fork_server_preload_leaves_nothing_for_a_worker_to_load():
    """What pipeline.preload loads is what a worker's warm-up needs: after it, warming up builds
    no segmenter and converts with converters already made (so forked workers start at once)."""
    script = (
        "import pipeline.preload\n"
        "from pipeline import segment, script\n"
        "from pipeline.batch import Settings, warm\n"
        "built = segment.get_segmenter.cache_info().currsize, script.cc.cache_info().currsize\n"
        "def refuse(*a, **k): raise AssertionError('a resource was loaded after the preload')\n"
        "segment.RjiebaSegmenter.__init__ = segment.JiebaSegmenter.__init__ = refuse\n"
        "import opencc; opencc.OpenCC.__init__ = refuse\n"
        "warm(Settings(segmenter=segment.default_backend()))\n"
        "print(built)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    n_segmenters, n_converters = eval(out.stdout.strip().splitlines()[-1])
    assert n_segmenters == 1 and n_converters >= 1


def test_read_file_reads_whole_files_and_refuses_large_ones(tmp_path):
    from pipeline.batch import read_file

    page = tmp_path / "p.txt"
    page.write_bytes("县科协举办科普讲座。".encode() * 5000)
    assert read_file(str(page), 10**6) == (page.read_bytes(), page.stat().st_size)
    assert read_file(str(page), 1000) == (None, page.stat().st_size)
    (tmp_path / "empty.txt").write_bytes(b"")
    assert read_file(str(tmp_path / "empty.txt"), 1000) == (b"", 0)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'wb').write(b'x' * 200000)"])
    assert read_file(str(fifo), 10**6) == (b"x" * 200000, 200000)  # no size known: read to the end
    writer.wait(timeout=30)
    with pytest.raises(OSError):
        read_file(str(tmp_path / "missing.txt"), 1000)


def test_the_cache_lets_go_of_the_pages_it_has_read(tmp_path, monkeypatch):
    """LMDB reads through a memory map; after REMAP_BYTES the map is made anew, so reading
    a large cache back does not keep it all resident in the process."""
    import pipeline.cache as cache_mod

    def mapped_mb() -> float:
        with open("/proc/self/smaps") as f:
            text = f.read()
        total, inside = 0, False
        for line in text.splitlines():
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                inside = line.rstrip().endswith("data.mdb")
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
        return total / 1024

    monkeypatch.setattr(cache_mod, "REMAP_BYTES", 8 << 20)
    with PageCache(tmp_path) as cache:
        for i in range(300):
            cache.put(f"k{i}", os.urandom(100_000))
        assert all(len(cache.get(f"k{i}")) == 100_000 for i in range(300))  # 30 MB read back
        assert mapped_mb() < 12


def test_messages_on_a_pool_pipe_survive_being_cut_and_bunched():
    """The parent reads whatever the pipe holds: several messages in one read, a message cut
    in two across reads, a message larger than the pipe, and the end of the pipe."""
    import threading

    from pipeline.batch import MessageReader, receive_message, send_message

    r, w = os.pipe()
    reader = MessageReader(r)
    try:
        send_message(w, ("done", 1))
        send_message(w, ("done", 2))
        assert reader.read() == [("done", 1), ("done", 2)]

        whole = os.pipe()  # one message's bytes, to hand over in two pieces
        send_message(whole[1], {"页": "县科协" * 10})
        data = os.read(whole[0], 1 << 16)
        os.close(whole[0]), os.close(whole[1])
        os.write(w, data[:7])
        assert reader.read() == []
        os.write(w, data[7:])
        assert reader.read() == [{"页": "县科协" * 10}]

        big = os.urandom(1 << 20)  # far more than a pipe holds: the writer blocks until it is read
        writer = threading.Thread(target=send_message, args=(w, ("job", big)))
        writer.start()
        assert receive_message(r) == ("job", big)
        writer.join()
    finally:
        os.close(w)
    assert reader.read() is None  # the other end has gone
    with pytest.raises(EOFError):
        receive_message(r)
    os.close(r)


def test_the_parent_pauses_for_results_only_as_long_as_workers_have_pages_queued():
    """Reading several results per wake-up is cheaper than waking for each page, but the
    pause must end before a worker runs out of the pages waiting in its pipe, even when the
    next pages are three times quicker than the average."""
    from collections import deque

    import pipeline.batch as batch

    def pool(page_seconds, *held):
        p = batch.LocalPool.__new__(batch.LocalPool)  # only the pause arithmetic is under test
        p.page_seconds = page_seconds
        p.workers = [batch._Worker(None, None, jobs=deque(range(n))) for n in held]
        return p

    assert pool(0.0, 8, 8)._pause() == 0.0  # no page seen yet
    assert pool(0.009, 1, 8)._pause() == 0.0  # a worker with no page waiting: read at once
    assert pool(0.002, 8, 8)._pause() == pytest.approx(0.002 * 7 / 3)
    assert pool(0.002, 8, 3)._pause() == pytest.approx(0.002 * 2 / 3)  # the worker holding least decides
    assert pool(5.0, 8, 8)._pause() == batch.MAX_PAUSE


def test_workers_hold_pages_ahead_up_to_a_count_and_a_size(tmp_path):
    """A worker holds at least two pages, and more while they are few and small: past the
    pipe's buffer a send would stall the parent until that worker reads."""
    from collections import deque

    import pipeline.batch as batch

    from types import SimpleNamespace

    alive = SimpleNamespace(is_alive=lambda: True)
    p = batch.LocalPool.__new__(batch.LocalPool)
    p.retry, p.workers = deque(), [batch._Worker(alive, None)]
    sent = []
    p._send = lambda w, job: (w.jobs.append(job), setattr(w, "held_bytes", w.held_bytes + len(job.data)),
                              sent.append(job))
    small = (batch.Job("p", f"s{i}", "k", b"x" * 1000) for i in range(100))
    assert p._fill(small) and len(sent) == batch.AHEAD
    p.workers, sent[:] = [batch._Worker(alive, None)], []
    big = (batch.Job("p", f"b{i}", "k", b"x" * batch.AHEAD_BYTES) for i in range(100))
    assert p._fill(big) and len(sent) == 2
