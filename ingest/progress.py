"""Progress of long commands (``budgetwh parse`` over a folder, ``budgetwh run``): done of total, the
file being read, elapsed time.

On a terminal the report is one status line rewritten in place; piped, redirected or in an Airflow
task log (not a terminal) it is plain lines, one per file, that read well in a log. It always goes
to standard error, so ``--json`` output on standard output stays clean JSON Lines.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import IO, Any

from ingest.escape import terminal

REDRAW_SECONDS = 0.1  # at most ten redraws a second on a terminal


def is_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is an interactive terminal that understands carriage returns."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


def elapsed_text(seconds: float) -> str:
    """3.2 → ``0:03``; 3725 → ``1:02:05``."""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Report ``done`` of ``total`` items of ``unit`` (files, documents), the current one and the time.

    ``update(done, total, current)`` matches the ``progress`` callback of
    :func:`ingest.reading.parse.parse_paths`; ``step(name)`` reports a stage without a count (load, validate).
    """

    def __init__(self, label: str, *, unit: str = "files", stream: IO[str] | None = None,
                 interactive: bool | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = is_terminal(self.stream) if interactive is None else interactive
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total: int | None = None
        self.current: str | None = None
        self._drawn_at = float("-inf")
        self._width = 0

    def elapsed(self) -> str:
        return elapsed_text(self.clock() - self.started)

    def line(self) -> str:
        count = f"{self.done}/{self.total} {self.unit}" if self.total is not None else f"{self.done} {self.unit}"
        current = f" · {terminal(self.current)}" if self.current else ""  # a file's name, escaped
        return f"{self.label}: {count}{current} · {self.elapsed()}"

    def update(self, done: int, total: int | None = None, current: str | None = None) -> None:
        self.done, self.current = done, current
        if total is not None:
            self.total = total
        if self.interactive:
            now = self.clock()
            final = self.total is not None and done >= self.total
            if final or now - self._drawn_at >= REDRAW_SECONDS:
                self._drawn_at = now
                self._redraw(self.line())
        elif current is not None:
            self._print(self.line())

    def step(self, name: str) -> None:
        """A stage without a count (``load raw``, ``dbt build``): shown as the current item."""
        self.current = name
        if self.interactive:
            self._redraw(self.line())
        else:
            self._print(f"{self.label}: {name} · {self.elapsed()}")

    def finish(self, summary: str | None = None) -> None:
        """End the report: the final count (and ``summary``) on a line of its own."""
        self.current = None
        text = self.line() + (f" · {summary}" if summary else "")
        if self.interactive:
            self._redraw(text)
            self.stream.write("\n")
        else:
            self._print(text)
        self.stream.flush()

    def _redraw(self, text: str) -> None:
        columns = _columns()
        if len(text) > columns - 1:
            text = text[: columns - 2] + "…"
        self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
        self._width = len(text)
        self.stream.flush()

    def _print(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 120


@contextlib.contextmanager
def pipeline_progress(progress: Progress, total: int) -> Iterator[Progress]:
    """Report the in-process nightly run (``budgetwh run``): each parsed file, then each later step.

    ``dag.test()`` runs every task in this process and each task calls its stage function (a module
    of ``ingest.pipeline``) at run time, so wrapping those functions for the duration of the run
    observes the run without changing the DAG or the pipeline; the originals are restored afterwards.
    """
    from ingest.pipeline import load, marts, parse, summary, validate

    steps = {(parse, "parse_pair"): "read paired halves", (load, "load_raw"): "load raw",
             (validate, "validate"): "validate (GX)", (marts, "build_marts"): "dbt build",
             (marts, "validate_marts"): "validate marts", (summary, "summarise"): "summary"}
    originals: dict[tuple[Any, str], Any] = {}
    progress.update(0, total, None)
    parsed = 0

    def parse_wrapper(original):
        def wrapped(paths, *args, **kwargs):
            nonlocal parsed
            progress.update(parsed, total, " + ".join(os.path.basename(str(p)) for p in paths))
            try:
                return original(paths, *args, **kwargs)
            finally:
                parsed += len(paths)
                progress.done = parsed
        return wrapped

    def step_wrapper(original, name):
        def wrapped(*args, **kwargs):
            progress.step(name)
            return original(*args, **kwargs)
        return wrapped

    originals[(parse, "parse_group")] = parse.parse_group
    parse.parse_group = parse_wrapper(parse.parse_group)
    for (module, attribute), name in steps.items():
        originals[(module, attribute)] = getattr(module, attribute)
        setattr(module, attribute, step_wrapper(originals[(module, attribute)], name))
    try:
        yield progress
    finally:
        for (module, attribute), original in originals.items():
            setattr(module, attribute, original)
