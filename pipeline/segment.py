"""Word segmentation with two interchangeable backends fed by one user dictionary.

`jieba` is the reference implementation; `rjieba` (jieba-rs, same dictionary, same
algorithm) gives the same tokens 25-30x faster and is the default when installed.
`--segmenter jieba` (or `segmenter="jieba"`) picks the reference.

Accepted difference (tested on the sample pages): inside a run of ASCII letters and
digits joined by '-', '.' or '_', jieba splits at the joiners and at a letter/digit
change while jieba-rs keeps the run whole: '2022-05-19', '1-5', '18.46KB',
'www.taowenge.com', '00-18' are one token in rjieba and several in jieba. Chinese
text gives identical tokens; `ascii_split` maps both to the same sequence.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from itertools import filterfalse
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
    """rjieba when it is installed. Found, not imported: importing it loads its dictionary
    (0.2 s), which the process that hands out pages never needs."""
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


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
    # Whitespace comes out as tokens of its own: both backends cut only runs of CJK, ASCII
    # letters, digits and +#&._%- into words, and give every other character (or '\r\n')
    # alone, so a token is all whitespace or has none. filterfalse drops the former at C speed.
    return list(filterfalse(str.isspace, get_segmenter(backend).cut(text)))


_ASCII_PIECES = re.compile(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]")


def ascii_split(tokens: list[str]) -> list[str]:
    """Tokens with every ASCII run cut into letters, digits and single other characters.

    The two backends differ only in how they keep ASCII runs together, so after this
    they give the same sequence; used to test that they agree.
    """
    out: list[str] = []
    for tok in tokens:
        out += _ASCII_PIECES.findall(tok) if tok.isascii() else [tok]
    return out
