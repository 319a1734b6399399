"""A cache of per-page results on disk, so a re-run skips pages it has already done.

An entry holds the table rows one page gave. Its key is a hash of the page's bytes,
its path relative to the input root (the rows carry it in `doc_id`), the segmenter
and the pipeline's code fingerprint, so any change to a page, a rule, a vocabulary
file or the version makes a new key and the page is done again.

Entries are written to a temporary name and renamed, so a run killed at any moment
leaves whole entries or none; a killed run is resumed simply by running again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CACHE_FORMAT = "2"  # 2: rows packed by column (pipeline.rows.pack)


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
    """Entries under DIR/xx/KEY.pkl; each is the pickled rows of one page."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pkl"

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()

    def get(self, key: str):
        """The stored object, or None when the entry is missing or unreadable."""
        try:
            with open(self.path(key), "rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            return None

    def put(self, key: str, value) -> bytes:
        """Store atomically (a temporary file in the same folder, then os.replace); returns the
        pickled bytes, so a worker can hand them on without pickling twice."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        final = self.path(key)
        final.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=final.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, final)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return data
