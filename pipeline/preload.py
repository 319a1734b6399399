"""Imported once by the fork server that starts the worker processes: every stage's resources
(segmenter dictionary, OpenCC converters, phrase tables, compiled patterns) are loaded there,
before any worker is forked.

So a run loads them once, not once per worker: a second worker starts at once instead of
competing with the first for a core while both load, and the forked workers share those
memory pages. The default segmenter is loaded; a worker asked for another one loads it itself.
"""
from pipeline.batch import Settings, warm
from pipeline.segment import default_backend

try:
    warm(Settings(segmenter=default_backend()))
except Exception:  # noqa: BLE001 - a worker that needs what failed loads it itself and reports why
    pass
