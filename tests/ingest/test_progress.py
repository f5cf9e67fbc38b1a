"""Progress reports: one rewritten status line on a terminal, plain lines in a pipe or a log; always
on standard error; the nightly run observed without changing the pipeline."""

from __future__ import annotations

import io

from ingest.progress import Progress, elapsed_text, pipeline_progress


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_elapsed_text():
    assert (elapsed_text(3.2), elapsed_text(125), elapsed_text(3725)) == ("0:03", "2:05", "1:02:05")


def test_plain_lines_when_not_a_terminal():
    stream, clock = io.StringIO(), _Clock()
    progress = Progress("parse", stream=stream, interactive=False, clock=clock)
    progress.update(0, 2, "a.pdf")
    clock.now += 4
    progress.update(1, 2, "b.docx")
    progress.update(2, 2, None)  # the end of the files: no line of its own
    progress.finish("2 documents")
    assert stream.getvalue().splitlines() == [
        "parse: 0/2 files · a.pdf · 0:00",
        "parse: 1/2 files · b.docx · 0:04",
        "parse: 2/2 files · 0:04 · 2 documents",
    ]


def test_one_rewritten_line_on_a_terminal():
    stream, clock = io.StringIO(), _Clock()
    progress = Progress("parse", stream=stream, interactive=True, clock=clock)
    progress.update(0, 3, "a.pdf")
    progress.update(1, 3, "b.pdf")  # within a tenth of a second: not redrawn
    clock.now += 1
    progress.update(2, 3, "c.pdf")
    progress.finish()
    output = stream.getvalue()
    assert output.count("\n") == 1 and output.endswith("\n")
    frames = [f.rstrip() for f in output.rstrip("\n").split("\r") if f]
    assert frames == ["parse: 0/3 files · a.pdf · 0:00", "parse: 2/3 files · c.pdf · 0:01", "parse: 2/3 files · 0:01"]


def test_a_pipe_is_not_a_terminal():
    assert Progress("x", stream=io.StringIO()).interactive is False


def test_pipeline_progress_observes_and_restores(monkeypatch):
    from ingest.pipeline import load, parse

    calls = []
    monkeypatch.setattr(parse, "parse_group", lambda paths, staging=None: calls.append(paths) or [{"paths": paths}])
    monkeypatch.setattr(load, "load_raw", lambda *a, **k: "loaded")
    original_parse, original_load = parse.parse_group, load.load_raw
    stream = io.StringIO()
    progress = Progress("run", stream=stream, interactive=False)
    with pipeline_progress(progress, 3):
        assert parse.parse_group(["/inbox/a.pdf"]) == [{"paths": ["/inbox/a.pdf"]}]
        parse.parse_group(["/inbox/b_narrative.pdf", "/inbox/b_tables.pdf"])
        assert load.load_raw([], "load") == "loaded"
    progress.finish("success")
    assert calls == [["/inbox/a.pdf"], ["/inbox/b_narrative.pdf", "/inbox/b_tables.pdf"]]
    assert parse.parse_group is original_parse and load.load_raw is original_load
    lines = [line.rsplit(" · ", 1)[0] for line in stream.getvalue().splitlines()]
    assert lines == ["run: 0/3 files · a.pdf", "run: 1/3 files · b_narrative.pdf + b_tables.pdf", "run: load raw",
                     "run: 3/3 files · 0:00"]
