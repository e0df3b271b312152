"""``speakprep analyze`` over many recordings: ``--jobs``, ``--output``, ``--csv``, ``--resume``.

The command-line side of :mod:`speakprep.services.batch`: it prints or writes each report
as soon as it and every earlier file are done (so a killed run loses only the files in
flight, and ``--resume`` picks up from there), one line on stderr per bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.cli_messages import complain
from speakprep.fsutil import os_reason, path_line

if TYPE_CHECKING:
    from speakprep.paths import AppPaths
    from speakprep.services.analyze import Context, Engine
    from speakprep.services.batch import Outcome
    from speakprep.storage.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_arguments(analyze: argparse.ArgumentParser) -> None:
    """The batch options of ``analyze``."""
    analyze.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="analyse N recordings at a time, one process each (default 1)",
    )
    analyze.add_argument(
        "-o", "--output", metavar="FILE", help="write the JSON Lines reports to FILE"
    )
    analyze.add_argument(
        "--csv",
        metavar="FILE",
        help="also write one summary row per file (speaking time, pace, fillers, checks, "
        "pitfalls, score)",
    )
    analyze.add_argument(
        "--resume",
        action="store_true",
        help="skip files already in --output/--csv and append to them",
    )
    analyze.add_argument(
        "--progress", action="store_true", help="draw the progress bar even when not a terminal"
    )


def wanted(args: argparse.Namespace) -> bool:
    """Whether this ``analyze`` run is a batch (any batch option, or a folder given)."""
    if args.text:
        return False
    return options_given(args) or any(Path(name).is_dir() for name in args.files)


def options_given(args: argparse.Namespace) -> bool:
    """Whether any batch option was given (they are for recordings, not ``--text``)."""
    return bool(args.jobs != 1 or args.output or args.csv or args.resume or args.progress)


@dataclass(frozen=True)
class BatchPlan:
    """The recordings a batch will analyse and where its reports go."""

    names: list[str]
    output: Path | None
    csv_path: Path | None
    csv_columns: tuple[str, ...]  # an older summary resumed keeps its own


def plan_batch(args: argparse.Namespace) -> BatchPlan | int:
    """What the batch the arguments describe will do, or its exit code when it is asked
    wrongly (2) or has nothing to do. Checked before ``--save`` opens the history: opened
    first, a damaged one turned a usage error's 2 into 1 under a long "cannot be saved"."""
    from speakprep.paths import AppPaths
    from speakprep.services.batch import (
        CSV_COLUMNS,
        SummaryLayoutError,
        done_sources,
        expand_inputs,
        forget_sources,
        source_key,
        summary_columns,
    )

    if args.jobs < 1:
        complain("--jobs must be 1 or more")
        return EXIT_USAGE
    output = Path(args.output) if args.output else None
    csv_path = Path(args.csv) if args.csv else None
    if args.resume and output is None and csv_path is None:
        complain("--resume needs --output or --csv (what is already done)")
        return EXIT_USAGE
    names = expand_inputs(args.files)
    problem = _output_problem(output, csv_path, names, AppPaths.resolve(args.data_dir))
    if problem:
        complain(problem)
        return EXIT_USAGE
    columns: tuple[str, ...] = CSV_COLUMNS
    if args.resume and csv_path is not None:
        try:
            columns = summary_columns(csv_path)
        except SummaryLayoutError as exc:
            complain(str(exc))
            return EXIT_USAGE
        except OSError as exc:
            complain(f"cannot read {csv_path.name}: {os_reason(exc)}")
            return EXIT_FAILED
        lacking = [c for c in CSV_COLUMNS if c not in columns]
        if lacking and not args.quiet:
            complain(
                f"{csv_path.name} has the columns of an older speakprep "
                f"(no {', '.join(lacking)}); its new rows keep them"
            )
    if args.resume:
        done = done_sources(output, csv_path)
        todo = [n for n in names if source_key(n) not in done]
        if len(todo) < len(names) and not args.quiet:
            complain(f"{len(names) - len(todo)} already done, skipped")
        try:
            forget_sources(output, csv_path, {source_key(n) for n in todo})
        except OSError as exc:
            complain(f"cannot update the outputs: {os_reason(exc)}")
            return EXIT_FAILED
        names = todo
    if not names:
        if not args.resume:
            kinds = ", ".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
            given = ", ".join(args.files)
            complain(f"no recordings found in {given} ({kinds})")
        return EXIT_OK if args.resume else EXIT_FAILED
    return BatchPlan(names, output, csv_path, columns)


def analyze_batch(
    args: argparse.Namespace,
    engine: Engine,
    context: Context,
    plan: BatchPlan,
    library: Library | None,
) -> int:
    """Run the batch ``plan`` (:func:`plan_batch`); the exit code (1 if any file failed)."""
    from speakprep.services.batch import BatchOptions, BatchProgress, WorkerLostError
    from speakprep.transcription.model import ModelLoadError

    options = BatchOptions(
        model=args.model, max_duration_s=engine.max_duration_s, context=context, jobs=args.jobs
    )
    progress = None if args.quiet else BatchProgress(bar=True if args.progress else None)
    try:
        with ExitStack() as stack:
            sink = _Sink(args, stack, plan, library)
            from speakprep.services.batch import run_batch

            # Not the caller's engine: the batch sets its own threads (run_batch).
            for outcome in run_batch(plan.names, options, progress=progress):
                sink.add(outcome)
    except (ModelLoadError, WorkerLostError) as exc:
        complain(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        complain(f"cannot write {exc.filename}: {os_reason(exc)}")
        return EXIT_FAILED
    return EXIT_FAILED if sink.failures else EXIT_OK


def _output_problem(
    output: Path | None, csv_path: Path | None, names: list[str], paths: AppPaths
) -> str | None:
    """Why ``--output``/``--csv`` cannot be written, before anything is opened, or None.

    Either is opened for writing (emptied) before the first report: naming a recording or
    one of the data folder's own files (the history, the settings) there, by a
    slip of the shell, would destroy it, and one file for both outputs would interleave
    JSON and CSV.
    """
    from speakprep.services.library import refused_output, same_file

    given = [(flag, path) for flag, path in (("--output", output), ("--csv", csv_path)) if path]
    for flag, path in given:
        kind = refused_output(path, paths, names)
        if kind is not None:
            overwritten = ", which would be overwritten" if kind == "a recording" else ""
            return (
                f"{flag} {path.name}: that is {kind}{overwritten}; "
                "write the reports to a new file (e.g. reports.jsonl, summary.csv)"
            )
    if output and csv_path and same_file(output, str(csv_path)):
        return f"--output and --csv are the same file ({output.name}): give two file names"
    return None


@contextmanager
def _naming(name: str | None) -> Iterator[None]:
    """A failed write to the file ``name`` says which file (a write error carries no name;
    the message read "cannot write None: No space left on device"). Standard output
    (``name`` None) has its own one-line message in ``cli.main``."""
    try:
        yield
    except OSError as exc:
        if name is None or exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror, name) from exc


@contextmanager
def _output_file(path: Path, mode: str, newline: str | None = None) -> Iterator[IO[str]]:
    """An output file whose failures, the last flush at close included, name it; when
    something already failed, closing quietly keeps that first failure the one told."""
    f = path.open(mode, encoding="utf-8", newline=newline)
    try:
        yield f
    except BaseException:
        with suppress(OSError):
            f.close()
        raise
    with _naming(str(path)):
        f.close()


class _Sink:
    """Where each outcome goes: stdout or ``--output``, ``--csv``, the library, stderr."""

    def __init__(
        self,
        args: argparse.Namespace,
        stack: ExitStack,
        plan: BatchPlan,
        library: Library | None,
    ) -> None:
        from speakprep.services.batch import summary_writer

        output, csv_path = plan.output, plan.csv_path
        mode = "a" if args.resume else "w"
        self.args, self.library, self.failures, self.printed = args, library, 0, 0
        self.jsonl: IO[str] | None = None
        if output is not None:
            self.jsonl = stack.enter_context(_output_file(output, mode))
        elif args.json:
            self.jsonl = sys.stdout
        self.rows = None
        if csv_path is not None:
            fresh = mode == "w" or not csv_path.exists() or csv_path.stat().st_size == 0
            f = stack.enter_context(_output_file(csv_path, mode, newline=""))
            self.rows = summary_writer(f, plan.csv_columns)
            self._csv_file = f
            if fresh:
                self.rows.writeheader()

    def add(self, outcome: Outcome) -> None:
        from speakprep.core.report import report_to_dict
        from speakprep.services.batch import summary_row

        report = outcome.report
        if outcome.error is not None:  # set exactly when there is no report
            complain(outcome.error)
            self.failures += 1
        take_id = self._save(outcome) if report is not None else None
        if self.rows is not None:
            with _naming(self.args.csv):
                self.rows.writerow(summary_row(outcome.name, report, outcome.error))
                self._csv_file.flush()
        if report is None:
            return
        if self.jsonl is not None:
            out = report_to_dict(report)
            if take_id is not None:
                out["take_id"] = take_id
            with _naming(self.args.output):
                self.jsonl.write(json.dumps(out, ensure_ascii=False) + "\n")
                self.jsonl.flush()
        elif self.args.output is None:
            from speakprep.render.text import render_report

            if self.printed:
                print()
            print(render_report(report), flush=True)
            if take_id is not None:
                print(f"Saved as take {take_id}.", flush=True)
        self.printed += 1

    def _save(self, outcome: Outcome) -> int | None:
        if self.library is None or outcome.report is None:
            return None
        from speakprep.storage.library import LibraryError

        try:
            return self.library.add(outcome.report, Path(outcome.name), source="imported").id
        except LibraryError as exc:
            complain(f"{path_line(outcome.name)}: not saved: {exc}")
            self.failures += 1
            return None
