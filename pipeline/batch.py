"""Folders of pages: find the files, map the per-page function over them, write the tables.

It knows nothing of Chinese; every language decision lives in the stages.

How a run goes (`run_batch`):

1. Pages are found lazily, in the order of their path relative to the input root.
2. The parent reads and hashes each page (content + path + segmenter + code fingerprint).
   A page whose key is in the cache is not done again; the others go, bytes and all
   (a worker never reads a file, so what it does is what was hashed), to an engine:
   `inline` (this process, `workers=0`), `local` (a pool of worker processes, the
   default) or `dask` (dask.distributed). Each result is stored in the cache as soon
   as it is made, so a killed run resumes where it stopped.
3. The tables are assembled by streaming the cached rows in page order into
   Parquet and CSV files under a temporary folder, renamed into place at the end.

Fault isolation: a page over `max_bytes`, a page that runs past `time_limit`, a page
that kills its worker process, all get a documents row with status=error and a
one-line reason; the run goes on. Failures that depend on the machine rather than on
the page (time limit, crash, unreadable file) are not cached, so the next run tries again.
"""
from __future__ import annotations

import ctypes
import glob
import heapq
import itertools
import json
import multiprocessing as mp
import os
import pickle
import queue
import selectors
import shutil
import signal
import struct
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cache import PageCache, code_fingerprint, page_key
from pipeline.model import PageResult
from pipeline.rows import COLUMNS, TABLES, Packed, n_rows, pack, page_rows

if TYPE_CHECKING:
    from pipeline.tables import Tables

MAX_PAGE_BYTES = 10 * 1024 * 1024  # larger files are not scraped report pages
TIME_LIMIT = 60.0  # seconds one page may take in a worker
KILL_GRACE = 10.0  # seconds past the limit before a stuck worker process is killed
CHUNK_PAGES = 128  # pages per Parquet row group / CSV write; bounds the writer's memory (~5 MB of rows)
AHEAD = 8  # pages a worker holds at most: the one it is on and those waiting in its pipe
AHEAD_BYTES = 96 << 10  # ... and bytes of pages, past two pages: a full pipe would stall the parent's send
MAX_PAUSE = 0.02  # seconds the parent lets finished pages gather before it reads them
HELD_PAGES = 512  # rows of pages done out of turn kept in memory; later ones are re-read from the cache
HANDOVER = 8  # finished pages handed to the writer thread at a time
PLAN_IN_MEMORY = 4096  # planned pages not written yet kept in memory; the rest wait in a file
GLOB_CHARS = frozenset("*?[")

PageFn = Callable[[bytes, str, str | None], PageResult]


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---------------------------------------------------------------- finding pages

def _walk(folder: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, rel) of every non-hidden file below folder, in the order of rel as a string.

    Siblings sort by name, with '/' after a folder's name, which is exactly the order
    of the full relative paths; so pages come out sorted without holding them all.
    Symlinked folders are not followed (no loops).
    """
    try:
        with os.scandir(folder) as it:
            entries = [(e.name + ("/" if e.is_dir(follow_symlinks=False) else ""), e)
                       for e in it if not e.name.startswith(".")]
    except OSError:
        return
    for key, entry in sorted(entries, key=lambda t: t[0]):
        rel = prefix + entry.name
        if key.endswith("/"):
            yield from _walk(entry.path, rel + "/")
        elif entry.is_file():
            yield entry.path, rel


def _glob_root(pattern: str) -> str:
    """The folder part of a glob before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def _one_input(spec: str | os.PathLike) -> Iterator[tuple[str, str]]:
    path = Path(spec)
    if path.is_dir():
        yield from _walk(str(path))
    elif path.is_file():
        yield str(path), path.name
    elif GLOB_CHARS & set(str(spec)):
        root = _glob_root(str(spec))
        found = []
        for match in glob.iglob(str(spec), recursive=True):
            rel = Path(os.path.relpath(match, root)).as_posix()
            if os.path.isdir(match):
                found += _walk(match, rel + "/")
            elif os.path.isfile(match):
                found.append((match, rel))
        yield from sorted(set(found), key=lambda t: t[1])
    else:
        raise FileNotFoundError(f"no such file, folder or glob match: {spec}")


def check_inputs(inputs) -> None:
    """Raise FileNotFoundError for an input that is neither a file, a folder nor a glob."""
    for spec in [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs:
        if not os.path.exists(spec) and not GLOB_CHARS & set(str(spec)):
            raise FileNotFoundError(f"no such file, folder or glob: {spec}")


def _matches(rel: str, pattern: str) -> bool:
    """A pattern with '/' matches the relative path ('*' crosses folders); without, the file name."""
    if "/" in pattern:
        return fnmatchcase(rel, pattern.lstrip("/"))
    return fnmatchcase(rel.rsplit("/", 1)[-1], pattern) or any(
        fnmatchcase(part, pattern) for part in rel.split("/")[:-1])


def iter_pages(inputs: str | os.PathLike | Sequence[str | os.PathLike],
               include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """(path, rel) for every page of the inputs (folders, files or globs), sorted by rel.

    rel is the path relative to the input's root (a folder, the folder of a file, or
    the fixed part of a glob), '/'-separated; it becomes the `page` column. With
    several inputs, a rel that occurs twice is kept once (the first input wins).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    streams = [_one_input(spec) for spec in inputs]
    last = None
    for path, rel in heapq.merge(*streams, key=lambda t: t[1]):
        if rel == last:
            continue
        last = rel
        if include and not any(_matches(rel, p) for p in include):
            continue
        if any(_matches(rel, p) for p in exclude):
            continue
        yield path, rel


def find_pages(root, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[tuple[Path, str]]:
    """(file, rel) for every page below root, sorted; hidden files skipped."""
    return [(Path(p), rel) for p, rel in iter_pages(root, include, exclude)]


def read_file(path: str, max_bytes: int) -> tuple[bytes | None, int]:
    """(bytes, size) of a file, or (None, size) when it is over max_bytes.

    Plain os calls: open() adds a terminal check and buffering, which cost more than the read
    itself on a page of a few kB, and the parent reads every page of the run.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            return None, size
        if size:
            return os.read(fd, size), size
        # empty, or a file that does not know its size (a pipe, /proc): read to the end
        data = b""
        while len(data) <= max_bytes and (chunk := os.read(fd, 1 << 16)):
            data += chunk
        return (data, len(data)) if len(data) <= max_bytes else (None, len(data))
    finally:
        os.close(fd)


# ---------------------------------------------------------------- one page (runs in workers)

class PageTimeout(BaseException):
    """Raised inside a page that ran past the time limit (BaseException: stages must not catch it)."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise PageTimeout in this thread after `seconds`.

    On the main thread a SIGALRM timer interrupts the page; on other threads (Dask)
    the exception is injected into the thread. Both fire between Python bytecodes,
    so code stuck inside one C call is stopped by the parent's kill instead.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise PageTimeout()

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    tid, lock, state = threading.get_ident(), threading.Lock(), {"done": False, "fired": False}

    def fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(PageTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:  # clear it if it has not been raised yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


# Stage functions as named in pipeline.process; timed per call when the worker starts.
STAGE_NAMES = {
    "read_page": "read", "clean_page": "clean", "to_simplified": "script",
    "reference_year": "dates", "segment": "segment", "find_dates": "dates",
    "find_counts": "counts", "find_events": "events", "assemble": "assemble",
}
_TLS = threading.local()  # stage times of the page this thread is doing


def stage_times() -> dict[str, float]:
    times = getattr(_TLS, "times", None)
    if times is None:
        times = _TLS.times = {}
    return times


def _timed(stage: str, fn: Callable) -> Callable:
    clock = time.perf_counter

    def wrapper(*args, **kwargs):
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            times = stage_times()
            times[stage] = times.get(stage, 0.0) + clock() - t0

    wrapper.__wrapped__ = fn
    return wrapper


def install_stage_timers() -> None:
    """Wrap the stage functions pipeline.process calls, to time each stage (once per process)."""
    import pipeline.process as proc

    for name, stage in STAGE_NAMES.items():
        fn = getattr(proc, name, None)
        if fn is not None and not hasattr(fn, "__wrapped__"):
            setattr(proc, name, _timed(stage, fn))


@dataclass(frozen=True)
class Settings:
    """What every worker needs to do a page; picklable."""

    segmenter: str
    time_limit: float | None = TIME_LIMIT
    max_bytes: int = MAX_PAGE_BYTES
    page_fn: PageFn | None = None  # default pipeline.process.process_page; tests inject fakes
    cache_dir: str | None = None
    version: str = ""  # code fingerprint, taken once by the parent so every worker keys alike


@dataclass
class Outcome:
    """One page done: its rows, or a reason; `cacheable` when the result depends on the page alone."""

    rel: str
    key: str | None
    rows: Packed | None = None  # the page's rows, packed (pipeline.rows.pack)
    error: str | None = None
    cacheable: bool = True
    stored: bool = False  # already put in the cache by the worker (rows is then None)
    n_bytes: int = 0
    times: dict[str, float] = field(default_factory=dict)
    seq: int = -1  # the page's place in the run, set by the engine from its Job


def error_rows(rel: str, reason: str, n_bytes: int = 0) -> Packed:
    return pack(page_rows(PageResult(page=rel, error=reason, n_bytes=n_bytes)))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:300]


# Small pages that take every path of the stages, so that warming loads every resource: the
# script stage loads its converters and phrase tables only for traditional (Taiwan, HK) text.
WARM_PAGES = (
    "2021年5月17日，县科协举办科普讲座3场，发放资料500余份。",
    "2021年5月17日，縣科協在社群舉辦科普講座3場，發放資料500餘份，提升軟體應用。",
    "2021年5月17日，縣科協舉辦科普講座3場，閲覽資料500餘份，説明活動。",
)


def warm(settings: Settings) -> None:
    """Load the segmenter and every stage's resources once, by running a few small pages."""
    from pipeline.segment import get_segmenter

    get_segmenter(settings.segmenter).cut("县科协举办科普讲座")
    if settings.page_fn is None:
        from pipeline.process import process_page

        install_stage_timers()

        for i, text in enumerate(WARM_PAGES):
            process_page(text.encode(), f"warm{i}.txt", settings.segmenter)
    stage_times().clear()


def compute_page(data: bytes, rel: str, key: str | None, settings: Settings) -> Outcome:
    """Run the page function on one page under the time limit; never raises for the page's sake."""
    out = Outcome(rel=rel, key=key, n_bytes=len(data))
    if len(data) > settings.max_bytes:
        out.error = f"file too large: {len(data)} bytes (limit {settings.max_bytes})"
        out.rows = error_rows(rel, out.error, len(data))
        return out
    fn = settings.page_fn
    if fn is None:
        from pipeline.process import process_page as fn
    stage_times().clear()
    t0 = time.perf_counter()
    try:
        with time_limit(settings.time_limit):
            result = fn(data, rel, settings.segmenter)
            out.rows = pack(page_rows(result))
        out.error = result.error
    except PageTimeout:
        out.rows, out.cacheable = None, False
        out.error = f"timeout: page took longer than the {settings.time_limit:g} s limit"
    except RecursionError:
        out.error = "RecursionError: structure nested too deep"
        out.rows = error_rows(rel, out.error, len(data))
    except Exception as exc:  # a bug in a stage or in row building: this page only
        out.rows, out.cacheable, out.error = None, False, _one_line(exc)
    out.times = dict(stage_times())
    out.times["total"] = time.perf_counter() - t0
    return out


# ---------------------------------------------------------------- engines

@dataclass
class Job:
    path: str
    rel: str
    key: str
    data: bytes  # the bytes the key was made of: a worker never reads the file again
    seq: int = -1  # the page's place in the run; the tables keep this order


def run_inline(jobs: Iterable[Job], settings: Settings) -> Iterator[Outcome]:
    """Every page in this process (workers=0): no crash isolation, time limit by signal."""
    warm(settings)
    for job in jobs:
        out = compute_page(job.data, job.rel, job.key, settings)
        out.seq = job.seq
        yield out


# ---------------------------------------------------------------- pool workers and their pipes

_HEADER = struct.Struct("!I")  # a message on a pool pipe: its length, then its pickle


def send_message(fd: int, obj) -> None:
    """Write one message whole (blocking)."""
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            raise EOFError("pipe closed")
        buf += chunk
    return bytes(buf)


def receive_message(fd: int):
    """Read one message (blocking); EOFError when the other end has gone."""
    (n,) = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return pickle.loads(_read_exact(fd, n))


class MessageReader:
    """Messages arriving on a pipe, taken as they come: one read gives every message the
    pipe holds, and a message cut short waits for the next read.

    multiprocessing's Connection polls before each message with a selector made for the
    call; at a message per page that cost the parent more than the read itself.
    """

    def __init__(self, fd: int) -> None:
        self.fd, self.buf = fd, bytearray()

    def read(self) -> list | None:
        """The messages complete so far (call when the pipe is readable); None at end of file."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return None
        self.buf += chunk
        messages, at = [], 0
        while len(self.buf) - at >= _HEADER.size:
            (n,) = _HEADER.unpack_from(self.buf, at)
            if len(self.buf) - at - _HEADER.size < n:
                break
            at += _HEADER.size
            messages.append(pickle.loads(memoryview(self.buf)[at:at + n]))
            at += n
        del self.buf[:at]
        return messages


def _worker_main(conn, settings: Settings) -> None:
    """A pool worker: warm once, then do one page per message and store its rows in the cache."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    fd = conn.fileno()
    try:
        warm(settings)
        cache = PageCache(settings.cache_dir)
    except BaseException as exc:
        send_message(fd, ("init-error", _one_line(exc)))
        return
    send_message(fd, ("ready", os.getpid()))
    with cache:
        while True:
            try:
                job = receive_message(fd)
            except EOFError:
                return
            if job is None:
                return
            rel, key, data = job
            out = compute_page(data, rel, key, settings)
            rows, stored = out.rows, out.cacheable and out.rows is not None
            if stored:  # the parent reads them from the cache: they never go through the pipe
                cache.put(key, rows)
                rows = None
            send_message(fd, (out.error, out.cacheable, stored, out.n_bytes, out.times, rows))


class WorkerError(RuntimeError):
    """A worker could not start (e.g. a stage failed to import)."""


class WriteError(RuntimeError):
    """The tables could not be written (disk full, no permission); nothing was put in place."""


@dataclass(eq=False)  # hashed by identity: the run keeps sets of ready workers
class _Worker:
    proc: mp.Process
    conn: object  # the parent's end of the pipe (a multiprocessing Connection, read and written raw)
    reader: MessageReader | None = None
    jobs: deque = field(default_factory=deque)  # sent and not done; the first is being worked on
    held_bytes: int = 0  # bytes of the pages in jobs
    deadline: float = 0.0  # when the first job passes the hard limit


class LocalPool:
    """N worker processes; each does its pages one at a time, so a crash or hang is tied to its page.

    Each worker has its next pages waiting in its pipe (up to AHEAD pages), so it never
    waits for the parent between pages. A worker stores a page's rows in the cache and sends
    back only a few words (error, times); the writer reads the rows from the cache. The
    parent reads the pipes a few pages at a time (see `_pause`). A worker that dies
    (segfault, os._exit, out of memory) or passes the hard deadline (time limit + grace) is
    replaced: the page it was on gets an error, the pages queued behind it go to the next
    free worker.
    """

    def __init__(self, workers: int, settings: Settings, kill_grace: float = KILL_GRACE) -> None:
        self.settings, self.kill_grace = settings, kill_grace
        self.hard_limit = (settings.time_limit + kill_grace) if settings.time_limit else None
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        self.ctx = mp.get_context(method)
        if method == "forkserver":  # takes effect when the server starts (once per process)
            self.ctx.set_forkserver_preload(["pipeline.batch", "pipeline.preload"])
        self.workers: list[_Worker] = []
        self.retry: deque[Job] = deque()  # queued behind a page that took its worker down
        self.page_seconds = 0.0  # a moving average of the time a worker takes for a page
        # one selector for the whole run: building one per wait cost the parent more than the wait
        self.selector = selectors.DefaultSelector()
        try:
            for _ in range(max(1, workers)):
                self.workers.append(self._start())
            for w in self.workers:
                self._await_ready(w)
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.settings), daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent, MessageReader(parent.fileno()))
        self.selector.register(parent, selectors.EVENT_READ, w)
        self.selector.register(proc.sentinel, selectors.EVENT_READ, w)
        return w

    def _unwatch(self, w: _Worker) -> None:
        for fileobj in (w.conn, w.proc.sentinel):
            try:
                self.selector.unregister(fileobj)
            except (KeyError, ValueError):  # already unwatched, or closed
                pass

    def _await_ready(self, w: _Worker) -> None:
        try:
            msg = receive_message(w.conn.fileno())
        except (EOFError, OSError):
            w.proc.join()
            raise WorkerError(f"a worker process died while starting (exit code {w.proc.exitcode})")
        if msg[0] != "ready":
            raise WorkerError(f"a worker could not start: {msg[1]}")

    def _replace(self, w: _Worker) -> Job | None:
        """A new process in w's place; returns the page w was on, its queued pages go to retry."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        self._unwatch(w)
        w.conn.close()
        lost = w.jobs.popleft() if w.jobs else None
        self.retry.extendleft(reversed(w.jobs))
        new = self._start()
        self.workers[self.workers.index(w)] = new
        self._await_ready(new)
        return lost

    def _start_clock(self, w: _Worker) -> None:
        w.deadline = time.monotonic() + self.hard_limit if self.hard_limit and w.jobs else float("inf")

    def _send(self, w: _Worker, job: Job) -> None:
        w.jobs.append(job)
        w.held_bytes += len(job.data)
        if len(w.jobs) == 1:
            self._start_clock(w)
        send_message(w.conn.fileno(), (job.rel, job.key, job.data))  # a tuple pickles faster than a Job

    def _lost(self, job: Job, reason: str) -> Outcome:
        return Outcome(job.rel, job.key, error=reason, cacheable=False, seq=job.seq)

    def _fill(self, jobs: Iterator[Job]) -> bool:
        """Give every worker its pages ahead; False once there are no more pages to give."""
        for i, w in enumerate(self.workers):
            while len(w.jobs) < 2 or (len(w.jobs) < AHEAD and w.held_bytes < AHEAD_BYTES):
                job = self.retry.popleft() if self.retry else next(jobs, None)
                if job is None:
                    return False
                if not w.jobs and not w.proc.is_alive():  # died after its last page
                    self._replace(w)
                    w = self.workers[i]
                self._send(w, job)
        return True

    def _receive(self, w: _Worker) -> Iterator[Outcome]:
        """Every page w has finished so far; the clock restarts for the page it goes on to."""
        try:
            messages = w.reader.read()
        except OSError:
            return
        for error, cacheable, stored, n_bytes, times, rows in messages or ():
            job = w.jobs.popleft()
            w.held_bytes -= len(job.data)
            self._start_clock(w)
            seconds = times.get("total", 0.0)
            self.page_seconds += (seconds - self.page_seconds) * (0.1 if self.page_seconds else 1.0)
            yield Outcome(job.rel, job.key, rows=rows, error=error, cacheable=cacheable, stored=stored,
                          n_bytes=n_bytes, times=times, seq=job.seq)

    def _pause(self) -> float:
        """How long finished pages may gather before the parent reads them. Waking for every
        page cost the parent more than reading the page's result. The pause must end before a
        worker runs out of pages; pages may run three times quicker than the average for a while
        (a series of short ones), so it counts on that."""
        held = min((len(w.jobs) for w in self.workers if w.jobs), default=0)
        return min(MAX_PAUSE, self.page_seconds * (held - 1) / 3) if held > 1 else 0.0

    def map(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Outcomes of the jobs, in the order they finish."""
        jobs = iter(jobs)
        more = True
        while True:
            if more or self.retry:
                more = self._fill(jobs) and more
            busy = [w for w in self.workers if w.jobs]
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            if pause := self._pause():
                time.sleep(min(pause, timeout))
            ready = self.selector.select(min(timeout, 3600))
            ended = {key.data for key, _ in ready if key.fileobj == key.data.proc.sentinel}
            sent = {key.data for key, _ in ready if key.fileobj is key.data.conn}  # pipes to read
            readable = ended | sent
            for w in readable.difference(busy):
                self._unwatch(w)  # an idle worker that died: _fill replaces it if pages come
            for w in busy:
                if w in readable:
                    if w in sent:  # only then: a read on a pipe with nothing in it would wait
                        yield from self._receive(w)
                    if w not in ended or not w.jobs:
                        continue
                    w.proc.join(5)
                    code = w.proc.exitcode
                    lost = self._replace(w)
                    yield self._lost(lost, f"worker process crashed on this page (exit code {code})")
                elif time.monotonic() >= w.deadline:
                    lost = self._replace(w)
                    yield self._lost(lost, f"timeout: page took longer than the "
                                           f"{self.settings.time_limit:g} s limit (worker killed)")

    def close(self) -> None:
        for w in self.workers:
            try:
                send_message(w.conn.fileno(), None)
            except (OSError, ValueError):
                pass
        for w in self.workers:
            w.proc.join(2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers = []
        self.selector.close()


def run_local(jobs: Iterable[Job], settings: Settings, workers: int,
              kill_grace: float = KILL_GRACE) -> Iterator[Outcome]:
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:  # every page cached or failed before reaching a worker: no pool to start
        return
    pool = LocalPool(workers, settings, kill_grace)
    try:
        yield from pool.map(itertools.chain([first], jobs))
    finally:
        pool.close()


_WARMED: set[Settings] = set()


def _dask_page(data: bytes, rel: str, key: str, settings: Settings) -> Outcome:
    """One page on a Dask worker; the first page on each worker loads the resources."""
    if settings not in _WARMED:
        warm(settings)
        _WARMED.add(settings)
    return compute_page(data, rel, key, settings)


def _dask_warm(settings: Settings) -> None:
    if settings not in _WARMED:
        warm(settings)
        _WARMED.add(settings)


def run_dask(jobs: Iterable[Job], settings: Settings, workers: int, scheduler=None) -> Iterator[Outcome]:
    """Pages as tasks on dask.distributed: a Client, a scheduler address, or a new LocalCluster.

    The parent reads each page and sends its bytes, so workers need no shared disk,
    only the pipeline installed; results come back and the parent caches them.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise WorkerError("--engine dask needs the dask extra: pip install 'report-pipeline[dask]'") from exc
    own_cluster = own_client = None
    if scheduler is None:
        own_cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        client = own_client = Client(own_cluster)
    elif isinstance(scheduler, str):
        client = own_client = Client(scheduler)
    else:
        client = scheduler
    try:
        client.run(_dask_warm, settings)  # workers that join later warm on their first page
        threads = max(1, sum(client.nthreads().values()))
        pending = as_completed()
        flying: dict[str, Job] = {}
        jobs = iter(jobs)
        more = True
        while True:
            while more and len(flying) < 2 * threads:
                job = next(jobs, None)
                if job is None:
                    more = False
                    break
                fut = client.submit(_dask_page, job.data, job.rel, job.key, settings,
                                    key=f"page-{job.seq}-{job.key}", pure=False, retries=0)
                flying[fut.key] = Job(job.path, job.rel, job.key, b"", seq=job.seq)  # bytes sent; not kept
                pending.add(fut)
            if not flying:
                return
            fut = next(pending)
            job = flying.pop(fut.key)
            try:
                out = fut.result()
            except Exception as exc:  # KilledWorker when the page took its worker down
                reason = ("worker process died on this page (KilledWorker)"
                          if type(exc).__name__ == "KilledWorker" else f"worker failed: {_one_line(exc)}")
                out = Outcome(job.rel, job.key, error=reason, cacheable=False)
            finally:
                fut.release()
            out.seq = job.seq
            yield out
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()


# ---------------------------------------------------------------- writing the tables

class StreamWriter:
    """The four tables written page by page into NAME.parquet and NAME.csv (UTF-8 with BOM).

    Pages are buffered CHUNK_PAGES at a time, turned into Arrow tables with the
    contract's schema and appended as one Parquet row group and one CSV block. Files
    grow in a temporary folder and are renamed into place on `commit`, so a killed
    run never leaves a truncated table. Nothing run-dependent (times, paths, index
    ranges) goes into the files, so equal rows give equal bytes.
    """

    def __init__(self, out_dir: str | os.PathLike, chunk_pages: int = CHUNK_PAGES) -> None:
        import pyarrow.parquet as pq

        from pipeline.tables import COMPRESSION, CSV_BOM, csv_header, dictionary_columns, schema

        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.out))
        self.chunk_pages = chunk_pages
        self.buffer = _empty_columns()
        self.n_buffered = 0
        self.counts = {name: 0 for name in TABLES}
        self.n_errors = 0
        self.parquet = {name: pq.ParquetWriter(self.tmp / f"{name}.parquet", schema(name), compression=COMPRESSION,
                                               use_dictionary=dictionary_columns(name)) for name in TABLES}
        self.csv = {name: open(self.tmp / f"{name}.csv", "wb") for name in TABLES}
        for name in TABLES:
            self.csv[name].write(CSV_BOM + csv_header(COLUMNS[name]))

    def add(self, packed: Packed) -> None:
        _extend(self.buffer, packed)
        for name in TABLES:
            self.counts[name] += n_rows(packed, name)
        self.n_errors += packed["documents"]["status"].count("error")
        self.n_buffered += 1
        if self.n_buffered >= self.chunk_pages:
            self.flush()

    def flush(self) -> None:
        from pipeline import tables

        for name in TABLES:
            if n_rows(self.buffer, name):
                table = tables.arrow_from_columns(name, self.buffer[name])
                self.parquet[name].write_table(table)
                tables.write_csv_rows(table, self.csv[name])
        self.buffer = _empty_columns()
        self.n_buffered = 0

    def commit(self) -> Path:
        self.flush()
        self._close()
        for f in sorted(self.tmp.iterdir()):
            os.replace(f, self.out / f.name)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.out

    def _close(self) -> None:
        for w in self.parquet.values():
            w.close()
        for f in self.csv.values():
            f.close()

    def abort(self) -> None:
        try:
            self._close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


class MemoryCollector:
    """The same rows gathered into a `Tables` in memory (for the Python API)."""

    def __init__(self) -> None:
        self.columns = _empty_columns()

    def add(self, packed: Packed) -> None:
        _extend(self.columns, packed)

    def tables(self) -> Tables:
        from pipeline.tables import Tables, frame_from_columns

        return Tables(**{name: frame_from_columns(name, self.columns[name]) for name in TABLES})


def _empty_columns() -> Packed:
    return {name: {c: [] for c in cols} for name, cols in COLUMNS.items()}


def _extend(into: Packed, packed: Packed) -> None:
    for name, columns in packed.items():
        target = into[name]
        for col, values in columns.items():
            target[col] += values


# ---------------------------------------------------------------- a run

class SpillQueue:
    """A first-in first-out queue of small records shared by two threads: the first `limit` in
    memory, the rest in a file, read back in order as the memory part empties.

    So the plan of a million pages costs a file, not RAM, while the usual run makes no system
    call per record (a file read and written per page cost more than the bookkeeping).
    """

    def __init__(self, folder: str | os.PathLike, limit: int = 4096) -> None:
        self.folder, self.limit = folder, limit
        self.memory: deque = deque()
        self.lock = threading.Lock()
        self.file = None  # opened at the first record that does not fit in memory
        self.n_spilled = 0  # records in the file not read back yet
        self.read_pos = 0

    def __len__(self) -> int:
        return len(self.memory) + self.n_spilled

    def put(self, record: tuple) -> None:
        with self.lock:
            if not self.n_spilled and len(self.memory) < self.limit:
                self.memory.append(record)
                return
            if self.file is None:
                self.file = tempfile.TemporaryFile(dir=self.folder)
            self.file.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
            self.n_spilled += 1

    def peek(self) -> tuple | None:
        """The first record, or None when the queue is empty."""
        with self.lock:
            if not self.memory and self.n_spilled:
                self._read_back()
            return self.memory[0] if self.memory else None

    def pop(self) -> tuple:
        with self.lock:
            return self.memory.popleft()

    def _read_back(self) -> None:
        end = self.file.tell()  # where writing goes on
        self.file.seek(self.read_pos)
        n = min(self.n_spilled, self.limit)
        self.memory.extend(tuple(json.loads(self.file.readline())) for _ in range(n))
        self.n_spilled -= n
        self.read_pos = self.file.tell()
        if self.n_spilled:
            self.file.seek(end)
        else:  # all read back: the file starts over
            self.file.seek(0)
            self.file.truncate()
            self.read_pos = 0

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class PageOrder:
    """Pages go to the sink in the order the run met them, each as soon as it and all before it are done.

    A thread of its own writes the tables while the workers still work, so the parent's
    share of the run overlaps theirs and never holds up handing out pages. The order is
    the run's, not the finishing order, so equal pages give equal bytes. The plan (a small
    record per page) waits in a SpillQueue; rows of pages that finished out of turn wait in
    memory, at most HELD_PAGES of them, and beyond that are read back from the cache when
    their turn comes. Finished pages are handed to the thread a few at a time (HANDOVER):
    waking it for each page cost more than the waking was worth.
    """

    def __init__(self, cache: PageCache, make_sink: Callable) -> None:
        self.cache, self.make_sink, self.held = cache, make_sink, HELD_PAGES
        self.sink = None  # made by the thread: importing Arrow overlaps the workers' start
        self.planned = SpillQueue(cache.root, PLAN_IN_MEMORY)
        self.n_planned = 0
        self.next_seq = 0
        self.done: dict[int, dict | None] = {}  # seq -> rows, or None: read them from the cache
        self.failed: dict[int, str] = {}  # seq -> reason, for pages with no cacheable result
        self.batch: list[Outcome] = []  # finished pages not yet handed to the thread
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="pipeline-writer", daemon=True)
        self.thread.start()

    def plan(self, rel: str, key: str | None, reason: str | None = None, todo: bool = False) -> int:
        """Record the next page: its key, or the reason it has none; `todo` when an engine will do it."""
        self.planned.put((rel, key, reason, todo))
        self.n_planned += 1
        if not todo and self.n_planned % 64 == 0:
            self.inbox.put([])  # wake the writer: pages that need no engine are written as they come
        return self.n_planned - 1

    def finish(self, out: Outcome) -> None:
        """A page is done (called by the run's thread); the writer takes it from here."""
        if self.error is not None:
            raise WriteError(f"writing the tables failed: {_one_line(self.error)}") from self.error
        self.batch.append(out)
        if len(self.batch) >= HANDOVER:
            self.inbox.put(self.batch)
            self.batch = []

    def close(self) -> None:
        """Write every page still waiting, then stop the thread; raises what the thread met."""
        self.inbox.put(self.batch)
        self.batch = []
        self.inbox.put(None)
        self.thread.join()
        self.planned.close()
        if self.error is not None:
            raise WriteError(f"writing the tables failed: {_one_line(self.error)}") from self.error

    def _run(self) -> None:
        try:
            self.sink = self.make_sink()
            while (outs := self.inbox.get()) is not None:
                for out in outs:
                    self._keep(out)
                self._drain()
            self._drain()
        except BaseException as exc:  # handed to the run's thread by finish/close
            self.error = exc
            while self.inbox.get() is not None:  # let close() return
                pass

    def _keep(self, out: Outcome) -> None:
        if out.stored or (out.rows is not None and out.cacheable):
            if not out.stored:
                self.cache.put(out.key, out.rows)
            # rows a worker stored are read from the cache when their turn comes (None)
            self.done[out.seq] = out.rows if len(self.done) < self.held else None
        else:
            self.failed[out.seq] = out.error or "failed"

    def _drain(self) -> None:
        """Hand the sink every page whose turn has come."""
        while (entry := self.planned.peek()) is not None:
            rel, key, reason, todo = entry
            seq = self.next_seq
            if todo and seq not in self.done and seq not in self.failed:
                return  # still with a worker
            self.planned.pop()
            self.next_seq += 1
            self.sink.add(self._rows(seq, rel, key, reason))

    def _rows(self, seq: int, rel: str, key: str | None, reason: str | None) -> dict:
        reason = reason or self.failed.pop(seq, None)
        if reason is not None:
            return error_rows(rel, reason)
        rows = self.done.pop(seq, None)
        if rows is None:
            rows = self.cache.get(key)
        if rows is None:
            return error_rows(rel, "result missing from the cache (was it deleted during the run?)")
        return rows


@dataclass
class BatchResult:
    """What a run did. `tables` is set only when no out_dir was given."""

    n_pages: int = 0
    n_done: int = 0  # pages processed in this run
    n_cached: int = 0  # pages taken from the cache
    n_errors: int = 0  # pages whose documents row has status=error
    n_bytes: int = 0  # bytes of the pages processed in this run
    seconds: float = 0.0
    first_page_seconds: float = 0.0  # from the start until the first processed page came back
    assemble_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    out_dir: Path | None = None
    tables: Tables | None = None

    def summary(self) -> str:
        c = self.counts
        return (f"{self.n_pages} pages ({self.n_done} processed, {self.n_cached} cached), "
                f"{self.n_errors} with errors; {c.get('documents', 0)} documents rows, "
                f"{c.get('activities', 0)} activities, {c.get('dates', 0)} dates, "
                f"{c.get('counts', 0)} counts; {self.seconds:.1f} s")

    def stage_shares(self) -> dict[str, float]:
        """Share of worker time per stage; 'other' is the page time outside the named stages."""
        total = self.stage_seconds.get("total", 0.0)
        if total <= 0:
            return {}
        named = {k: v for k, v in self.stage_seconds.items() if k != "total"}
        named["other"] = max(0.0, total - sum(named.values()))
        return {k: v / total for k, v in sorted(named.items(), key=lambda kv: -kv[1])}


def run_batch(inputs, out_dir: str | os.PathLike | None = None, *, workers: int | None = None,
              engine: str = "local", scheduler=None, segmenter: str | None = None,
              include: Sequence[str] = (), exclude: Sequence[str] = (),
              cache_dir: str | os.PathLike | None = None, force: bool = False,
              progress: bool = False, time_limit: float | None = TIME_LIMIT,
              max_bytes: int = MAX_PAGE_BYTES, kill_grace: float = KILL_GRACE,
              page_fn: PageFn | None = None, chunk_pages: int = CHUNK_PAGES) -> BatchResult:
    """Process every page of the inputs and write the tables into out_dir (or return them).

    engine: 'local' (worker processes; workers=0 runs in this process) or 'dask'
    (scheduler: None for a new LocalCluster, an address, or a distributed.Client).
    The cache defaults to OUT_DIR/.cache (a temporary folder without out_dir);
    `force` recomputes every page.
    """
    from pipeline.segment import default_backend

    start = time.perf_counter()
    check_inputs(inputs)
    workers = default_workers() if workers is None else workers
    settings_seg = segmenter or default_backend()
    temp_cache = None
    if cache_dir is None:
        if out_dir is not None:
            cache_dir = Path(out_dir) / ".cache"
        else:
            cache_dir = temp_cache = tempfile.mkdtemp(prefix="pipeline-cache-")
    cache = PageCache(cache_dir)
    settings = Settings(segmenter=settings_seg, time_limit=time_limit, max_bytes=max_bytes,
                        page_fn=page_fn, cache_dir=str(cache.root), version=code_fingerprint())
    result = BatchResult()
    bar = sink = order = None
    try:
        if progress:
            from tqdm import tqdm

            total = sum(1 for _ in iter_pages(inputs, include, exclude))
            bar = tqdm(total=total, unit="page", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
        order = PageOrder(cache, (lambda: StreamWriter(out_dir, chunk_pages)) if out_dir is not None
                          else MemoryCollector)

        def plan() -> Iterator[Job]:
            """Hash each page; record it in the order; yield the ones the cache lacks."""
            for path, rel in iter_pages(inputs, include, exclude):
                result.n_pages += 1
                try:
                    data, size = read_file(path, max_bytes)
                    if data is None:
                        order.plan(rel, None, f"file too large: {size} bytes (limit {max_bytes})")
                        _tick(bar, result, error=True)
                        continue
                except OSError as exc:
                    order.plan(rel, None, f"cannot read file: {exc.strerror or exc}")
                    _tick(bar, result, error=True)
                    continue
                key = page_key(data, rel, settings_seg, settings.version)
                if not force and key in cache:
                    order.plan(rel, key)
                    result.n_cached += 1
                    _tick(bar, result)
                    continue
                seq = order.plan(rel, key, todo=True)
                yield Job(path, rel, key, data, seq=seq)

        if engine == "dask":
            outcomes = run_dask(plan(), settings, workers, scheduler)
        elif engine == "local" and workers == 0:
            outcomes = run_inline(plan(), settings)
        elif engine == "local":
            outcomes = run_local(plan(), settings, workers, kill_grace)
        else:
            raise ValueError(f"unknown engine {engine!r}; choose local or dask")
        for out in outcomes:
            if not result.n_done:
                result.first_page_seconds = time.perf_counter() - start
            result.n_done += 1
            result.n_bytes += out.n_bytes
            for stage, sec in out.times.items():
                result.stage_seconds[stage] = result.stage_seconds.get(stage, 0.0) + sec
            order.finish(out)
            _tick(bar, result, error=bool(out.error))
        if bar is not None:
            bar.close()
            bar = None
        t_tail = time.perf_counter()
        closing, order = order, None
        closing.close()
        sink = closing.sink
        if isinstance(sink, StreamWriter):
            result.out_dir = sink.commit()
            result.counts, result.n_errors = dict(sink.counts), sink.n_errors
        else:
            result.tables = sink.tables()
            docs = result.tables.documents
            result.counts = {name: len(df) for name, df in result.tables.items()}
            result.n_errors = int((docs["status"] == "error").sum())
        result.assemble_seconds = time.perf_counter() - t_tail
    except BaseException:
        if order is not None:
            try:
                order.close()
            except Exception:
                pass  # the first error is the one to report
            sink = order.sink
        if isinstance(sink, StreamWriter):
            sink.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
        cache.close()
        if temp_cache is not None:
            shutil.rmtree(temp_cache, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


def _tick(bar, result: BatchResult, error: bool = False) -> None:
    if error:
        result.n_errors += 1  # provisional; the assembled tables give the final count
    if bar is not None:
        bar.update(1)
        bar.set_postfix(errors=result.n_errors, cached=result.n_cached, refresh=False)


def process_folder(root, workers: int = 1, segmenter: str | None = None, progress: bool = False,
                   **options) -> Tables:
    """Tables for every page below root (a folder, a file, a glob or a list of them).

    workers=0 runs in this process; options are those of `run_batch` (engine,
    scheduler, include, exclude, cache_dir, force, time_limit, max_bytes, ...).
    """
    res = run_batch(root, None, workers=workers, segmenter=segmenter, progress=progress, **options)
    return res.tables
