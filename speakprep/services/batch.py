"""Many recordings at once: one function, :func:`analyze_one`, mapped over files.

``speakprep analyze FOLDER --jobs N`` runs it in N worker processes (spawned, so nothing
of the parent's threads or loaded model is copied), each of which loads the speech model
once and gives CTranslate2 its share of the cores, so N workers do not fight over them.
Results come back in input order whatever order they finish in. A file that cannot be
analysed is an :class:`Outcome` with an ``error``; only a model that cannot load stops
the batch (it would fail the same way for every file).

The batch is a map over files with no shared state, which is also how it would run on a
cluster: see the README (Ray or Dask map :func:`analyze_one` across machines).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, TextIO

from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.core.models import Report
from speakprep.core.score import found_pitfalls
from speakprep.core.units import counted
from speakprep.cpu import usable_cores
from speakprep.fsutil import atomic_write_bytes, display_name, path_line, path_text
from speakprep.services.analyze import DEFAULT_MAX_DURATION_S, Context, Engine

__all__ = [
    "CSV_COLUMNS",
    "BatchOptions",
    "BatchProgress",
    "Outcome",
    "SummaryLayoutError",
    "WorkerLostError",
    "analyze_one",
    "done_sources",
    "error_line",
    "expand_inputs",
    "run_batch",
    "source_key",
    "summary_columns",
    "summary_row",
    "summary_writer",
    "threads_per_job",
]

CSV_COLUMNS = (
    "file",
    "speaking_s",
    "wpm",
    "fillers_per_minute",
    "checks_passed",
    "checks_total",
    "pitfalls",  # the ids of the pitfalls found, "; " between them
    "score",
    "error",
)

# progress(files_done, files_total, name_just_done)
BatchCallback = Callable[[int, int, str], None]


class WorkerLostError(RuntimeError):
    """A worker process died mid-batch: killed for memory, or a crash in native code.

    The pool cannot go on (every file in flight is lost with it); the reports already
    yielded are whole. ``str()`` is one line for a person.
    """

    def __init__(self, not_done: int) -> None:
        self.not_done = not_done
        super().__init__(
            "a worker process stopped unexpectedly (out of memory, or a crash) with "
            f"{counted(not_done, 'file')} not analysed; the reports before them are kept "
            "(with -o/--csv, --resume analyses the rest)"
        )


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What every file of a batch is analysed with."""

    model: str | None = None
    max_duration_s: float = DEFAULT_MAX_DURATION_S
    context: Context = Context()
    jobs: int = 1


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's result: a report, or a one-line error for a person."""

    index: int
    name: str
    report: Report | None = None
    error: str | None = None


def expand_inputs(names: Iterable[str]) -> list[str]:
    """Files as given; a folder becomes its recordings (supported suffixes), sorted by name.

    Folders are not searched below their first level: a coach's folder of takes is flat,
    and a recursive walk could pick up the backups or exports kept beside it.
    """
    out: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            out.extend(str(p) for p in found)
        else:
            out.append(name)
    return out


def threads_per_job(jobs: int, cores: int | None = None) -> int:
    """CTranslate2 threads for each of ``jobs`` workers: the cores (default: those this
    process may run on, :func:`~speakprep.cpu.usable_cores`) shared out, at least 1."""
    cores = cores or usable_cores()
    return max(1, cores // max(1, jobs))


def analyze_one(engine: Engine, name: str, context: Context) -> Report | str:
    """Analyse one file: its report, or the one-line reason it could not be analysed.

    ``ModelLoadError`` is raised, not returned: it is not about this file. A file with no
    speech in it (music, a tone, another language) is this file's problem like any other.
    """
    from speakprep.audio.files import AudioLoadError
    from speakprep.services.analyze import NoSpeechError, TextInputError

    try:
        return engine.analyze_file(name, context)
    except (AudioLoadError, TextInputError, NoSpeechError) as exc:
        return error_line(exc)


# Files that hold a written answer, not a recording: a person who gives one to ``analyze``
# is told about ``--text``.
WRITTEN_ANSWER_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def error_line(exc: Exception) -> str:
    """The command line's one line for a file it could not analyse: the reason, and for a
    recording over the limit the flag that moves it (the app, which has no flag, says other),
    for one with no speech what to pass instead (the app says what to import), for a written
    answer the flag that reads it."""
    from speakprep.audio.files import AudioLoadError
    from speakprep.services.analyze import NoSpeechError

    if isinstance(exc, AudioLoadError) and exc.kind == "too_long":
        return f"{exc} (change it with --max-minutes)"
    if isinstance(exc, AudioLoadError) and exc.path.suffix.lower() in WRITTEN_ANSWER_SUFFIXES:
        return f"{exc}; a written answer is read with --text"
    if isinstance(exc, NoSpeechError) and not exc.file_problem:  # the app's "import a..."
        return f"{exc.what}; pass a recording of a spoken answer in English"
    return str(exc)


def summary_row(name: str, report: Report | None, error: str | None = None) -> dict[str, Any]:
    """The CSV row of one file: its figures rounded for reading, or its error."""
    if report is None:
        blank = {column: "" for column in CSV_COLUMNS}
        return blank | {"file": path_text(name), "error": path_text(error or "")}
    from speakprep.storage.takes import report_columns

    cols = report_columns(report)

    def rounded(value: float | None, digits: int) -> str:
        return "" if value is None else f"{value:.{digits}f}"

    return {
        "file": path_text(name),
        "speaking_s": rounded(cols["speaking_s"], 1),
        "wpm": rounded(cols["wpm"], 0),
        "fillers_per_minute": rounded(cols["fillers_per_minute"], 1),
        "checks_passed": cols["checks_passed"],
        "checks_total": cols["checks_total"],
        "pitfalls": "; ".join(c.id for c in found_pitfalls(report.content.checks)),
        "score": cols["score"],
        "error": "",
    }


def summary_writer(f: IO[str], columns: tuple[str, ...]) -> csv.DictWriter[str]:
    """A writer of :func:`summary_row` rows to ``f`` under ``columns``. An older summary's
    layout (:func:`summary_columns`) leaves out the columns it has not got; under
    :data:`CSV_COLUMNS` a row that does not fit raises ``ValueError`` rather than lose a column."""
    if columns == CSV_COLUMNS:
        return csv.DictWriter(f, fieldnames=columns, extrasaction="raise")
    return csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")


class SummaryLayoutError(ValueError):
    """A CSV to append to is not a speakprep summary; ``str()`` is one line for a person."""


def summary_columns(csv_file: Path) -> tuple[str, ...]:
    """The columns to append rows to ``csv_file`` with: :data:`CSV_COLUMNS` for a new or
    empty file, the file's own header when an older speakprep wrote it (fewer columns: its
    new rows leave out the ones it lacks rather than fall out of line with its header).

    Raises:
        SummaryLayoutError: the header is not one speakprep writes.
        OSError: the file cannot be read.
    """
    if not csv_file.exists():
        return CSV_COLUMNS
    with csv_file.open(encoding="utf-8", errors="replace", newline="") as f:
        header = next(csv.reader(f), [])
    if not header:
        return CSV_COLUMNS
    ours = set(header) <= set(CSV_COLUMNS) and len(set(header)) == len(header)
    if not ours or not {"file", "error"} <= set(header):
        raise SummaryLayoutError(
            f"--csv {csv_file.name}: not a speakprep summary (its columns are "
            f"{', '.join(header)}); give a new file name, or leave out --resume to replace it"
        )
    return tuple(header)


def source_key(name: str) -> str:
    """What a file given on the command line and its name in an output compare by: the
    absolute path, as text (:func:`~speakprep.fsutil.path_text`, as outputs write it)."""
    return os.path.normcase(os.path.abspath(path_text(name)))


def done_sources(jsonl: Path | None, csv_file: Path | None) -> set[str]:
    """The files (absolute paths) already analysed according to these outputs.

    With both, a file counts as done only if it is in both (so neither misses a row);
    a CSV row with an error is not done. Unreadable lines (a run killed mid-write) are
    skipped, so that file is simply done again.
    """
    sets: list[set[str]] = []
    if jsonl is not None and jsonl.exists():
        found = set()
        for line in jsonl.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                source = json.loads(line).get("source")
            except (ValueError, AttributeError):
                continue
            if isinstance(source, str):
                found.add(source_key(source))
        sets.append(found)
    elif jsonl is not None:
        sets.append(set())
    if csv_file is not None and csv_file.exists():
        with csv_file.open(encoding="utf-8", errors="replace", newline="") as f:
            sets.append(
                {
                    source_key(r["file"])
                    for r in csv.DictReader(f)
                    if r.get("file") and not r.get("error")
                }
            )
    elif csv_file is not None:
        sets.append(set())
    return set.intersection(*sets) if sets else set()


def forget_sources(jsonl: Path | None, csv_file: Path | None, keys: Collection[str]) -> None:
    """Take the reports and rows of the files ``keys`` (:func:`source_key`) out of these
    outputs, before a resumed run writes theirs: each resume appended a failed file's error
    row again (three rows for one file after two resumes), and a file whose report a stopped
    run wrote without its row got a second report. Every other line is kept byte for byte;
    a file with nothing to take out is not written.

    Raises:
        OSError: an output cannot be read or written.
    """
    if not keys:
        return
    if jsonl is not None and jsonl.exists():
        _drop_records(jsonl, _jsonl_records, keys)
    if csv_file is not None and csv_file.exists():
        _drop_records(csv_file, _csv_records, keys)


# (the source a record is of, or None for one to keep whatever it says; its lines as read)
_Records = Callable[[list[str]], Iterator[tuple[str | None, list[str]]]]


def _drop_records(path: Path, records: _Records, keys: Collection[str]) -> None:
    # surrogateescape both ways: a row saved in another encoding goes back as it came.
    lines = path.read_bytes().decode("utf-8", "surrogateescape").splitlines(keepends=True)
    kept: list[str] = []
    dropped = False
    for source, record in records(lines):
        if source is not None and source_key(source) in keys:
            dropped = True
        else:
            kept.extend(record)
    if dropped:
        atomic_write_bytes(path, "".join(kept).encode("utf-8", "surrogateescape"))


def _jsonl_records(lines: list[str]) -> Iterator[tuple[str | None, list[str]]]:
    for line in lines:
        try:
            source = json.loads(line).get("source")
        except (ValueError, AttributeError):
            source = None
        yield (source if isinstance(source, str) else None), [line]


def _csv_records(lines: list[str]) -> Iterator[tuple[str | None, list[str]]]:
    """The header, then each row; a row may span lines (a quoted name with a line break)."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return
    yield None, lines[: reader.line_num]
    column = header.index("file") if "file" in header else None
    start = reader.line_num
    for row in reader:
        source = row[column] if column is not None and column < len(row) else None
        yield source or None, lines[start : reader.line_num]
        start = reader.line_num


def run_batch(
    names: Sequence[str],
    options: BatchOptions,
    *,
    engine: Engine | None = None,
    progress: BatchCallback | None = None,
) -> Iterator[Outcome]:
    """Analyse ``names`` and yield one ``Outcome`` per file, in input order.

    ``jobs`` 1 runs here, on ``engine`` if given (else one with a thread per core); more
    runs that many worker processes.

    Raises:
        ModelLoadError: the speech model cannot be loaded (checked before any file).
        WorkerLostError: a worker process died (more than one job only).
    """
    if options.jobs <= 1 or len(names) <= 1:
        # All the cores for the one model, and no more: CTranslate2's default is 4 threads,
        # which on 2 cores makes its OpenMP threads wait on each other.
        engine = engine or _engine(options, cpu_threads=threads_per_job(1))
        for index, name in enumerate(names):
            result = analyze_one(engine, name, options.context)
            if progress:
                progress(index + 1, len(names), name)
            yield _outcome(index, name, result)
        return
    yield from _run_pool(names, options, progress)


def _outcome(index: int, name: str, result: Report | str) -> Outcome:
    if isinstance(result, str):
        return Outcome(index, name, error=result)
    return Outcome(index, name, report=result)


def _engine(options: BatchOptions, *, cpu_threads: int) -> Engine:
    return Engine(
        model=options.model, max_duration_s=options.max_duration_s, cpu_threads=cpu_threads
    )


def _run_pool(
    names: Sequence[str], options: BatchOptions, progress: BatchCallback | None
) -> Iterator[Outcome]:
    from speakprep.transcription.model import resolve_model

    resolve_model(options.model)  # a missing folder fails here, before any worker starts
    jobs = min(options.jobs, len(names))
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(options, threads_per_job(jobs)),
    )
    finished = False
    try:
        # Longest first, so that no worker is left with a long file while the others
        # idle at the end; the results are put back in input order below.
        order = sorted(range(len(names)), key=lambda i: -_size(names[i]))
        # The workers start on the first submit and inherit the environment: one BLAS /
        # OpenMP thread pool per worker the size of its CTranslate2 share, not one per core.
        with _thread_env(threads_per_job(jobs)):
            pending: dict[Future[Report | str], int] = {
                pool.submit(_work, names[i], options.context): i for i in order
            }
        ready: dict[int, Outcome] = {}
        next_index, completed = 0, 0
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    raise WorkerLostError(1 + len(pending) + len(ready)) from None
                ready[index] = _outcome(index, names[index], result)
                completed += 1
                if progress:
                    progress(completed, len(names), names[index])
            while next_index in ready:
                yield ready.pop(next_index)
                next_index += 1
        finished = True
    finally:
        _stop(pool, finished=finished)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


@contextlib.contextmanager
def _thread_env(threads: int) -> Iterator[None]:
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: str(threads) for name in names})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _stop(pool: ProcessPoolExecutor, *, finished: bool) -> None:
    """Let idle workers exit; on an interrupt or error, do not wait for files in flight."""
    # The pool keeps its processes privately; ending them is the only way not to wait for
    # a long file after Ctrl-C or a model error.
    processes = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=finished, cancel_futures=True)
    if not finished:
        for process in processes.values():
            if process.is_alive():
                process.terminate()


# -- in the worker processes -----------------------------------------------------------------

_worker_engine: Engine | None = None


def _start_worker(options: BatchOptions, cpu_threads: int) -> None:
    """Load the model once per worker; Ctrl-C is the parent's to handle."""
    global _worker_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_engine = _engine(options, cpu_threads=cpu_threads)
    # Load now, not inside the first file's time. A failure is raised again, by the
    # first file, as the ModelLoadError that stops the batch.
    with contextlib.suppress(Exception):
        _worker_engine.transcriber  # noqa: B018


def _work(name: str, context: Context) -> Report | str:
    assert _worker_engine is not None, "worker not started"
    return analyze_one(_worker_engine, name, context)


class BatchProgress:
    """One progress bar on a terminal (or when forced), one plain line per file otherwise."""

    def __init__(self, stream: TextIO | None = None, *, bar: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar:
            filled = "#" * (done * 30 // max(1, total))
            self.stream.write(f"\r[{filled:<30}] {done}/{total} {display_name(name)[:30]:<30}")
            if done == total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{done}/{total}] {path_line(name)}\n")
        self.stream.flush()
