"""Word segmentation with two interchangeable backends fed by one user dictionary.

`jieba` is the reference implementation; `rjieba` (jieba-rs) gives the same tokens
many times faster and is the default when installed.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from pipeline.resources_path import read_lines

BACKENDS = ("rjieba", "jieba")


class Segmenter(Protocol):
    name: str

    def cut(self, text: str) -> list[str]: ...


def user_words() -> list[tuple[str, str | None]]:
    """(word, part of speech) pairs from resources/userdict.txt."""
    words = []
    for line in read_lines("userdict.txt"):
        parts = line.split()
        words.append((parts[0], parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None))
    return words


class JiebaSegmenter:
    name = "jieba"

    def __init__(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tk = jieba.Tokenizer()
        for word, tag in user_words():
            self._tk.add_word(word, None, tag)

    def cut(self, text: str) -> list[str]:
        return self._tk.lcut(text)


class RjiebaSegmenter:
    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self._jb = rjieba.Jieba()
        for word, tag in user_words():
            self._jb.add_word(word, None, tag)

    def cut(self, text: str) -> list[str]:
        return self._jb.cut(text)


def default_backend() -> str:
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return "jieba"
    return "rjieba"


@lru_cache(maxsize=None)
def get_segmenter(name: str | None = None) -> Segmenter:
    """The segmenter of that name, built once per process."""
    name = name or default_backend()
    if name == "rjieba":
        return RjiebaSegmenter()
    if name == "jieba":
        return JiebaSegmenter()
    raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(BACKENDS)}")


def segment(text: str, backend: str | None = None) -> list[str]:
    """Tokens of text, whitespace tokens dropped."""
    return [t for t in get_segmenter(backend).cut(text) if not t.isspace()]
