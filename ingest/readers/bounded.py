"""Reading a file in a child process under limits: one hostile file must not stop the night.

Why a child: a million-row sheet, a DOCX whose XML expands a hundredfold or a 3,000-page PDF would
hold the nightly run for minutes and take gigabytes; a parser stuck in a loop would hold it for
ever. Every file budgetwh reads (``budgetwh parse`` and the nightly's parse stage, both through
ingest/reading/parse.py ``parse_paths``) is read here: the cheap checks of ingest/readers/limits.py
first, then the format's reader, in a worker process (a fresh interpreter, not a fork) whose
address space is capped (``RLIMIT_AS``, ``BUDGETWH_READ_MEMORY_MB``) and whose answer is awaited at
most ``BUDGETWH_READ_TIMEOUT`` seconds before it is killed. A file over a limit becomes
UnreadableFile naming the limit and its variable; the next file gets a fresh worker when needed.

One worker serves many files (starting one costs about a second of imports; see :func:`read`): it
is replaced after a file it could not finish, and when its address space has once passed half its
memory limit (so a reading that fails near the limit is that file's, and named so). The blocks come back pickled; the Document is made from them in the caller, so what
``budgetwh parse`` prints is what it printed when readers ran in-process.
"""

from __future__ import annotations

import atexit
import os
import resource
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableFile
from ingest.readers.blocks import SourceBlocks
from ingest.settings import read_limits

MB = 1 << 20
_worker: Any = None  # (process, connection) of the running worker, or None
peak_kb: int | None = None  # the worker's peak resident memory (kB) when it answered last


class ReaderFailed(RuntimeError):
    """A reader raised something else than UnreadableFile: a reader bug, named with the file."""


def read(path: Path) -> SourceBlocks:
    """The blocks of ``path`` read by its format's reader in the worker; UnreadableFile when the file
    exceeds a limit or cannot be read, ReaderFailed when the reader broke on it."""
    global peak_kb
    path = Path(path)
    limits = read_limits()
    for attempt in (1, 2):
        fresh = _worker is None
        process, connection = _running()
        try:
            connection.send((str(path), limits, dict(os.environ)))  # the caller's settings, PATH, … now
            answer = connection.recv() if connection.poll(limits["BUDGETWH_READ_TIMEOUT"]) else None
        except (EOFError, OSError):
            answer = "died"
        if answer != "died" or fresh or attempt == 2:
            break
        stop()  # a reused worker gone before this file (killed from outside): once more with a fresh one
    if not isinstance(answer, tuple):
        stop(kill=answer is None)  # out of time: killed now, not asked
        from ingest.readers.limits import over

        if answer is None:
            raise UnreadableFile(path, f"reading it took longer than {over('BUDGETWH_READ_TIMEOUT', limits)}: "
                                       "stopped")
        code = process.poll()
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        raise UnreadableFile(path, f"its reader's process died ({how}), likely over "
                                   f"{over('BUDGETWH_READ_MEMORY_MB', limits)}")
    kind, value, peak_kb, retiring = answer
    if retiring:  # the worker ends after this answer: the next file gets another
        stop()
    if kind == "blocks":
        return value
    if kind == "unreadable":
        raise UnreadableFile(path, value)
    from ingest.readers.registry import format_name

    raise ReaderFailed(f"the {format_name(path)} reader broke on it ({value[:300]}): a reader bug, please report it")


def _running():
    """The worker, started when there is none alive: ``python -c`` running :func:`main`, talking over a
    socket pair (not multiprocessing's ``spawn``, which re-runs the caller's ``__main__`` script in the
    child and fails in scripts without a ``__main__`` guard; not ``fork``, which would copy a threaded
    Airflow task)."""
    global _worker
    if _worker is not None and _worker[0].poll() is None:
        return _worker
    stop()
    import socket
    import subprocess
    import sys
    from multiprocessing.connection import Connection

    from ingest.settings import PROJECT_ROOT

    ours, theirs = socket.socketpair()
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), environment.get("PYTHONPATH")) if p)
    process = subprocess.Popen(
        [sys.executable, "-c", f"from ingest.readers.bounded import main; main({theirs.fileno()})"],
        pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=environment, close_fds=True,
    )
    theirs.close()
    _worker = (process, Connection(ours.detach()))
    return _worker


def stop(kill: bool = False) -> None:
    """Stop the worker (the next :func:`read` starts another); ``kill``: at once, without asking."""
    global _worker
    if _worker is None:
        return
    process, connection = _worker
    _worker = None
    connection.close()  # the worker's recv() ends: it returns
    if kill:
        process.kill()
    try:
        process.wait(timeout=2)
    except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: a worker stuck in a file
        process.kill()
        process.wait()


atexit.register(stop)


def main(fd: int) -> None:
    """The worker process: serve the caller on the socket ``fd``."""
    from multiprocessing.connection import Connection

    serve(Connection(fd))


def serve(connection) -> None:
    """The worker's loop: read each path asked for under the limits sent with it, answer
    ``(kind, value, peak kB, retiring)``; return when the caller closes the pipe or after an answer
    saying it retires (out of memory, or its address space once past half the limit)."""
    from ingest.readers.limits import check, over
    from ingest.readers.registry import reader_for

    capped = None
    while True:
        try:
            path, limits, environment = connection.recv()
        except (EOFError, OSError):
            return
        os.environ.clear()  # the caller's environment as it is for this file (a reused worker's is older)
        os.environ.update(environment)
        os.environ.update({name: str(number) for name, number in limits.items()})
        memory = limits["BUDGETWH_READ_MEMORY_MB"] * MB
        if memory != capped:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard),
                                                    hard))
            capped = memory
        done = False
        try:
            check(Path(path), limits)
            answer: tuple[str, Any] = ("blocks", reader_for(path)(Path(path)))
        except UnreadableFile as exc:
            answer = ("unreadable", exc.reason)
        except MemoryError:
            answer = ("unreadable", "")
        except Exception as exc:  # noqa: BLE001 - the caller names the file and the bug
            answer = ("error", f"{type(exc).__name__}: {exc}")
        if answer[0] != "blocks" and (answer[1] == "" or _virtual_peak() > memory * 0.9):
            # out of memory, even where a library turned its MemoryError into a parse error
            answer, done = ("unreadable", f"reading it needs more memory than {over('BUDGETWH_READ_MEMORY_MB', limits)}"), True
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        retiring = done or _virtual_peak() > memory // 2  # a fresh worker for the next file: each starts low
        try:
            connection.send((*answer, peak, retiring))
        except MemoryError:
            answer = ("unreadable", f"its blocks need more memory than {over('BUDGETWH_READ_MEMORY_MB', limits)}")
            retiring = True
            connection.send((*answer, peak, retiring))
        del answer
        if retiring:
            return


def _virtual_peak() -> int:
    """This process's peak address space in bytes (VmPeak; 0 where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
