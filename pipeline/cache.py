"""A cache of per-page results on disk, so a re-run skips pages it has already done.

An entry holds the table rows one page gave. Its key is a hash of the page's bytes,
its path relative to the input root (the rows carry it in `doc_id`), the segmenter
and the pipeline's code fingerprint, so any change to a page, a rule, a vocabulary
file or the version makes a new key and the page is done again.

The entries live in one LMDB environment (DIR/pages.lmdb): each page is one committed
transaction, so a run killed at any moment leaves whole entries or none, and a killed run
is resumed simply by running again. One file per page cost a file creation per page,
which is slow on many disks (0.9 ms here, a tenth of a page's work); an LMDB commit
costs a few hundredths of that. Worker processes write concurrently (LMDB serialises the
writers with its lock file); keep the cache on a local disk, not a network file system.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import threading
import time
import warnings
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CACHE_FORMAT = "3"  # 2: rows packed by column (pipeline.rows.pack); 3: in LMDB
ENV_NAME = "pages.lmdb"
# Address space to reserve, largest first: the file grows only as entries are written (sparse),
# but a ulimit on virtual memory or a 32-bit build may refuse a large map.
MAP_SIZES = (1 << 40, 1 << 36, 1 << 32, 1 << 30) if sys.maxsize > 2**32 else (1 << 30,)
MAX_READERS = 1024  # processes and threads reading at once, across every worker
REMAP_BYTES = 4 << 20  # read or written through the memory map before it is made anew (see _Shared)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package version and every source and resource file of the pipeline.

    Editing a rule or a vocabulary therefore invalidates the cache by itself;
    nobody has to remember to bump a version. PIPELINE_CODE_VERSION in the
    environment replaces it (tests use it while the source tree is being edited).
    """
    from pipeline import __version__

    pinned = os.environ.get("PIPELINE_CODE_VERSION")
    if pinned:
        return pinned

    h = hashlib.blake2b(f"{__version__}|{CACHE_FORMAT}".encode(), digest_size=16)
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.is_file() and "__pycache__" not in rel and not rel.endswith(".pyc"):
            h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def page_key(data: bytes, rel: str, segmenter: str, version: str | None = None) -> str:
    """Cache key of one page: content, path, segmenter and pipeline version."""
    h = hashlib.blake2b(digest_size=20)
    for part in (version or code_fingerprint(), segmenter, rel):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    h.update(data)
    return h.hexdigest()


class PageCache:
    """Pickled rows of pages, by key, in an LMDB environment under DIR.

    One environment is opened once per process (LMDB forbids opening it twice) and shared by
    every PageCache on the same folder; `close` releases it when the last one is done.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.shared = _acquire(self.root / ENV_NAME)
        self.env = self.shared.env
        self.closed = False

    def __contains__(self, key: str) -> bool:
        with self.shared.lock, self.env.begin(buffers=True) as txn:
            return txn.get(key.encode()) is not None

    def __len__(self) -> int:
        return self.env.stat()["entries"]

    def get(self, key: str):
        """The stored object, or None when the entry is missing or unreadable."""
        with self.shared.lock:
            with self.env.begin(buffers=True) as txn:
                data = txn.get(key.encode())
                size = 0 if data is None else len(data)
                try:
                    value = None if data is None else pickle.loads(data)
                except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
                    value = None
            self.shared.touched(size)  # the transaction is closed
            return value

    def put(self, key: str, value) -> bytes:
        """Store one entry (a transaction of its own); returns the pickled bytes."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with self.shared.lock:
            with self.env.begin(write=True) as txn:
                txn.put(key.encode(), data)
            self.shared.touched(len(data))
        return data

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            _release(self.root / ENV_NAME)

    def __enter__(self) -> PageCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Shared:
    """One process's environment on a folder, its users, and the lock its transactions take.

    LMDB reads through a memory map, and every page a process has read stays in its resident
    memory (clean file pages the system could drop, but counted; the kernel also maps
    neighbouring pages it already holds): a run whose writer reads 10,000 pages' rows from the
    cache would grow by their 400 MB. So after REMAP_BYTES read or written the map is made anew
    (set_mapsize to its own size, with no transaction open: hence the lock), which lets them go;
    that costs a fraction of a millisecond.
    """

    def __init__(self, env) -> None:
        self.env, self.users, self.lock, self.since_remap = env, 0, threading.Lock(), 0

    def touched(self, n: int) -> None:
        """Count n bytes gone through the map; called with the lock held, no transaction open."""
        self.since_remap += n
        if self.since_remap >= REMAP_BYTES:
            self.since_remap = 0
            self.env.set_mapsize(self.env.info()["map_size"])


_ENVS: dict[tuple[int, str], _Shared] = {}  # (pid, folder) -> the environment shared in this process
_ENVS_LOCK = threading.Lock()


def _acquire(folder: Path) -> _Shared:
    key = (os.getpid(), str(folder.resolve()))  # a forked child must open its own
    with _ENVS_LOCK:
        shared = _ENVS.get(key)
        if shared is None:
            shared = _ENVS[key] = _Shared(_open_env(folder))
        shared.users += 1
        return shared


def _release(folder: Path) -> None:
    key = (os.getpid(), str(folder.resolve()))
    with _ENVS_LOCK:
        shared = _ENVS.get(key)
        if shared is None:
            return
        shared.users -= 1
        if shared.users <= 0:
            del _ENVS[key]
            shared.env.close()


def _open_env(folder: Path):
    """The environment, made if need be; a damaged one (a machine crash can leave one, since
    commits are not flushed to disk) is moved aside with a warning and a new one made."""
    import lmdb

    try:
        return _open_sized(folder)
    except (lmdb.CorruptedError, lmdb.InvalidError, lmdb.VersionMismatchError, lmdb.PanicError) as exc:
        aside = folder.with_name(f"{folder.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.move(str(folder), str(aside))
        warnings.warn(f"page cache {folder} was damaged ({exc}); moved to {aside.name}, starting afresh",
                      RuntimeWarning, stacklevel=3)
        return _open_sized(folder)


def _open_sized(folder: Path):
    import lmdb

    def open_with(size: int):
        # sync=False: a commit is in the OS's hands at once (safe against a killed process),
        # not forced to disk; an fsync per page would cost more than the page.
        return lmdb.open(str(folder), map_size=size, subdir=True, sync=False, metasync=False,
                         readahead=False, max_readers=MAX_READERS, max_dbs=0)

    for size in MAP_SIZES[:-1]:
        try:
            return open_with(size)
        except lmdb.MemoryError:  # the address space was refused: try a smaller map
            pass
    return open_with(MAP_SIZES[-1])
