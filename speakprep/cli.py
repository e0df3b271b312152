"""Command line: ``speakprep analyze FILE... [--text] [--json] ...`` (design.md §4).

Also the saved takes: ``analyze --save`` stores a take in the library, ``history`` lists
them and ``export`` writes one as HTML, Markdown or JSON. ``--data-dir`` chooses the data
folder, before or after the command.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from speakprep import __version__, cli_batch, cli_models
from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.cli_messages import complain
from speakprep.fsutil import os_reason, path_line
from speakprep.output import GuardedOutput, OutputError, silence_stdout
from speakprep.render import accepted_formats, format_for_name, format_named

if TYPE_CHECKING:
    from speakprep.core.settings import AnalysisSettings
    from speakprep.paths import AppPaths
    from speakprep.services.analyze import Context, Engine
    from speakprep.storage.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


DATA_DIR_HELP = "where takes and settings live (default: your user data folder)"
# An empty history says how a take gets into it: `analyze` alone saves nothing, and a new user
# who had analysed four files was told only "No saved takes.".
NO_TAKES = (
    "No saved takes yet: the app keeps each take you record or import, and "
    "`speakprep analyze --save FILE` keeps one from here."
)
_RECORDING_ENDINGS = ", ".join(suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES)
"""The recording endings the help names: the ones load_audio reads, never a second list."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="speakprep",
        description="Rehearse spoken interview answers, offline.",
    )
    parser.add_argument("--version", action="version", version=f"speakprep {__version__}")
    parser.add_argument("--data-dir", metavar="FOLDER", help=DATA_DIR_HELP)
    # The same option on every command, so it may also follow the command. SUPPRESS: when
    # it is not given there, the value given before the command stays.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="FOLDER", default=argparse.SUPPRESS, help=DATA_DIR_HELP
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "app", parents=[common], help="open the desktop app (the default with no command)"
    )

    analyze = commands.add_parser(
        "analyze",
        parents=[common],
        help="analyse recordings or transcripts and print the practice report",
        description=f"Analyse answers: recordings ({_RECORDING_ENDINGS}) or, with --text, "
        "transcripts. Several files give one report each, in order.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE")
    analyze.add_argument(
        "--text",
        action="store_true",
        help="the files are transcripts (UTF-8, or UTF-16 with a BOM)",
    )
    analyze.add_argument("--json", action="store_true", help="one JSON object per file per line")
    analyze.add_argument("--question", metavar="ID_OR_TEXT", help="question id or its text")
    analyze.add_argument("--company", metavar="NAME", help="the company you interview with")
    analyze.add_argument("--role", metavar="TITLE", help="the role you interview for")
    analyze.add_argument(
        "--model", metavar="PATH_OR_NAME", help="a faster-whisper model folder (default: tiny.en)"
    )
    analyze.add_argument(
        "--max-minutes",
        type=_minutes,
        default=15.0,
        metavar="N",
        help="refuse recordings longer than this (default 15)",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress on stderr")
    analyze.add_argument(
        "--save",
        action="store_true",
        help="keep each take in the library (audio copied in) and print its id",
    )
    cli_batch.add_arguments(analyze)

    commands.add_parser("questions", parents=[common], help="list the question bank")
    cli_models.add_parser(commands, common)

    history = commands.add_parser(
        "history",
        parents=[common],
        help="list the saved takes, newest first",
        description="List the saved takes, newest first: id, date, question, speaking time, "
        "score, fillers per minute and checks met.",
    )
    history.add_argument("--json", action="store_true", help="a JSON array of the takes")
    history.add_argument("--question", metavar="ID_OR_TEXT", help="only takes of this question")
    history.add_argument("--search", metavar="TEXT", help="only takes whose transcript has TEXT")

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write a saved take as HTML, Markdown or JSON",
        description="Write a saved take's report: a self-contained HTML page (scorecard, "
        "timeline, checks, transcript), Markdown, or the JSON report. HTML and Markdown "
        "judge the figures by the bands set in the app's Settings, as the app's export does.",
    )
    export.add_argument("take_id", type=_take_id, metavar="ID", help="the take's id (see history)")
    export.add_argument(
        "--format",
        type=_format,
        metavar="FORMAT",
        help=f"{accepted_formats()}; default: from the -o file name, else html",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    return parser


def _take_id(text: str) -> int:
    """A take id: a whole number from 1 that SQLite can hold (a larger one was an
    OverflowError traceback from the query)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a take id: {text!r} (see history)") from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"no take has the id {text} (see history)")
    return value


def _format(text: str) -> str:
    """``--format``: a format's name or its alias ("markdown" for md)."""
    try:
        return format_named(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _minutes(text: str) -> float:
    """``--max-minutes``: a finite number above 0 (``nan`` and ``inf`` parse as floats)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number of minutes above 0, not {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "app"):
        return _app(args)
    guarded = GuardedOutput(sys.stdout)
    sys.stdout = guarded  # type: ignore[assignment]
    try:
        code = _run(parser, args)
        sys.stdout.flush()  # here, not at exit, so a failure is reported as one line
        return code
    except KeyboardInterrupt:
        complain("interrupted")
        return 130
    except OutputError as exc:
        # The reader went away (`speakprep history | head`) or stdout is on a full disk:
        # say so in one line (quietly for a closed pipe), and keep Python from failing
        # again when it flushes stdout at exit.
        silence_stdout(guarded.inner)
        if not isinstance(exc.error, BrokenPipeError):
            complain(f"cannot write the output: {os_reason(exc.error)}")
        return EXIT_FAILED
    finally:
        sys.stdout = guarded.inner


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "questions":
        return _questions()
    if args.command == "models":
        return cli_models.run(args)
    if args.command == "history":
        return _history(args)
    if args.command == "export":
        return _export(args)
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _app(args: argparse.Namespace) -> int:
    if _no_display():
        complain(
            "no graphical display found, so the desktop app cannot open: run it in a desktop "
            "session, or analyse a recording here with `speakprep analyze FILE`"
        )
        return EXIT_FAILED
    try:
        from speakprep.app import main as app_main
    except ImportError as exc:  # Qt's system libraries missing (e.g. libEGL on a server)
        complain(
            f"the desktop app cannot start ({exc}): run `bash packaging/bootstrap.sh` to "
            "install what it needs, or use `speakprep analyze FILE` on the command line"
        )
        return EXIT_FAILED
    return app_main(["--data-dir", args.data_dir] if args.data_dir else [])


def _no_display() -> bool:
    """On Linux and the BSDs Qt needs X11 or Wayland (or an explicit platform such as
    offscreen); without one it aborts with a message few people can act on."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def _engine(args: argparse.Namespace):
    from speakprep.paths import AppPaths
    from speakprep.services.analyze import Engine
    from speakprep.services.models import model_argument

    # A model downloaded with `speakprep models download` is named, not a path.
    args.model = model_argument(args.model, AppPaths.resolve(args.data_dir))

    return Engine(model=args.model, max_duration_s=args.max_minutes * 60.0)


def _analyze(args: argparse.Namespace) -> int:
    from speakprep.core.rubric import RubricError
    from speakprep.core.settings import SettingsError
    from speakprep.services.analyze import Context

    if args.text and cli_batch.options_given(args):
        # Silently ignored, -o would leave the file the user expects unwritten.
        complain(
            "--jobs, --output, --csv, --resume and --progress are for recordings; "
            "with --text the reports go to stdout (redirect it: > reports.txt)"
        )
        return EXIT_USAGE
    try:
        engine = _engine(args)
        context = Context(question=args.question, company=args.company, role=args.role)
        engine.question(context)  # a bad rubric file fails here, once, not per input
    except (RubricError, SettingsError, ValueError) as exc:
        complain(str(exc))
        return EXIT_FAILED
    plan = cli_batch.plan_batch(args) if cli_batch.wanted(args) else None
    if isinstance(plan, int):
        return plan
    library = _library_to_save_in(args)
    try:
        if plan is not None:
            code = cli_batch.analyze_batch(args, engine, context, plan, library)
        else:
            code = _analyze_files(args, engine, context, library)
    finally:
        if library is not None:
            library.close()
    return EXIT_FAILED if args.save and library is None else code


def _library_to_save_in(args: argparse.Namespace) -> Library | None:
    """The library ``--save`` stores in (None: not asked for, or it cannot be opened).

    A history that cannot be opened (damaged, newer, unwritable) no longer stops the
    analysis: the reports are printed all the same and one line says they are not saved;
    the exit code is 1, as for a take that fails to save.
    """
    if not args.save:
        return None
    from speakprep.storage.library import LibraryError

    try:
        return _open_library(args)
    except LibraryError as exc:
        complain(f"the takes cannot be saved, only analysed: {exc}")
        return None


def _analyze_files(
    args: argparse.Namespace, engine: Engine, context: Context, library: Library | None
) -> int:
    from speakprep.audio.files import AudioLoadError
    from speakprep.core.report import report_to_dict
    from speakprep.render.text import render_report
    from speakprep.services.analyze import NoSpeechError, TextInputError
    from speakprep.services.batch import error_line
    from speakprep.services.takes import TakeJob, analyse_take, save_take
    from speakprep.storage.library import LibraryError
    from speakprep.transcription.model import ModelLoadError

    failures = 0
    for index, name in enumerate(args.files):
        job = TakeJob("imported", context, audio=None if args.text else Path(name))
        try:
            if args.text:
                report = engine.analyze_text(_read_text(name), context, source=name)
            else:
                progress = None if args.quiet or args.json else _Progress(name)
                report = analyse_take(engine, job, progress=progress)
                if progress:
                    progress.done()
        except ModelLoadError as exc:
            complain(str(exc))
            return EXIT_FAILED  # the same for every other file: stop here
        except (AudioLoadError, TextInputError, NoSpeechError) as exc:
            complain(error_line(exc))
            failures += 1
            continue
        take_id = None
        if library is not None:
            try:
                take_id = save_take(library, job, report).id
            except LibraryError as exc:
                complain(f"{path_line(name)}: not saved: {exc}")
                failures += 1
        if args.json:
            out = report_to_dict(report)
            if take_id is not None:
                out["take_id"] = take_id  # only in this output: the stored report has no id
            print(json.dumps(out, ensure_ascii=False), flush=True)
        else:
            if index:
                print()
            print(render_report(report), flush=True)
            if take_id is not None:
                print(f"Saved as take {take_id}.", flush=True)
    return EXIT_FAILED if failures else EXIT_OK


def _read_text(name: str) -> str:
    from speakprep.inputs import InputFileError, read_text_input
    from speakprep.services.analyze import TextInputError

    try:
        return read_text_input(name)
    except InputFileError as exc:
        raise TextInputError(str(exc)) from None


def _questions() -> int:
    from speakprep.core.rubric import load_rubric

    for q in load_rubric().questions:
        print(f"{q.id:<20} {q.text}")
    return EXIT_OK


def _open_library(args: argparse.Namespace) -> Library:
    from speakprep.paths import AppPaths
    from speakprep.storage.library import Library

    return Library.open(AppPaths.resolve(args.data_dir))


def _history(args: argparse.Namespace) -> int:
    from speakprep.services.library import UnknownQuestion, take_to_dict, takes_answering
    from speakprep.storage.library import LibraryError

    try:
        library = _open_library(args)
        try:
            if args.question is None:
                takes = library.takes(search=args.search)
            else:
                takes = takes_answering(library, args.question, search=args.search)
        finally:
            library.close()
    except (LibraryError, UnknownQuestion) as exc:  # as a take id not in the history: 1
        complain(str(exc))
        return EXIT_FAILED
    if args.json:
        print(json.dumps([take_to_dict(t) for t in takes], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not takes:
        print(NO_TAKES if not (args.question or args.search) else "No matching takes.")
        return EXIT_OK
    from speakprep.core.settings import packaged_settings
    from speakprep.core.units import clock_text

    bands = packaged_settings().speaking_time
    print(
        f"{'ID':>4}  {'Date':<16}  {'Question':<44}  {'Time':>5}  {'Score':>5}  "
        f"{'Fillers/min':>11}  Checks"
    )
    for t in takes:
        title = t.title or t.question_text
        title = title if len(title) <= 44 else title[:43] + "…"
        rate = bands.rate_shown(t.fillers_per_minute, t.speaking_s)  # none: too short, or text
        fillers = "-" if rate is None else f"{rate:.1f}"
        speaking = "-" if t.speaking_s is None else clock_text(t.speaking_s)
        flag = "  (audio missing)" if t.audio_missing else ""
        print(
            f"{t.id:>4}  {t.created_at:%Y-%m-%d %H:%M}  {title:<44}  {speaking:>5}  "
            f"{t.score:>5}  {fillers:>11}  {t.tally.text}{flag}"
        )
    return EXIT_OK


def _user_bands(paths: AppPaths) -> AnalysisSettings:
    """The bands the app judges stored takes by: the packaged ones with the user's own
    target, pace band and filler limit from Settings, so an export from here reads as the
    app's export of the same take. Read only: a bad settings file is reported, left alone.

    Raises:
        SettingsError: the packaged analysis settings cannot be read.
    """
    from speakprep.core.settings import load_settings
    from speakprep.preferences import PreferencesStore

    store = PreferencesStore(paths.preferences)
    prefs = store.load(read_only=True)
    if store.problem:
        complain(store.problem)
    return prefs.analysis_settings(load_settings())


def _export(args: argparse.Namespace) -> int:
    from speakprep.core.settings import SettingsError
    from speakprep.paths import AppPaths
    from speakprep.services.library import OutputRefused, export_take, export_target, write_export
    from speakprep.storage.library import Library, LibraryError

    output = Path(args.output) if args.output else None
    fmt = args.format
    if fmt is None:
        try:
            fmt = format_for_name(output.name) if output else "html"
        except ValueError as exc:
            complain(f"{exc} (or give --format)")
            return EXIT_FAILED
    paths = AppPaths.resolve(args.data_dir)
    target = None
    try:
        if output is not None:  # before the take is rendered, as a batch refuses its outputs
            target = export_target(output, paths)
    except OutputRefused as exc:
        complain(f"cannot write {output}: {exc.strerror}")
        return EXIT_FAILED
    try:
        bands = _user_bands(paths)
        library = Library.open(paths)
        try:
            text = export_take(library, args.take_id, fmt, bands=bands)
        finally:
            library.close()
    except (LibraryError, SettingsError) as exc:
        complain(str(exc))
        return EXIT_FAILED
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_export(target, text)
    except OSError as exc:
        complain(f"cannot write {output}: {os_reason(exc)}")
        return EXIT_FAILED
    return EXIT_OK


class _Progress:
    """One line on stderr, redrawn in place on a terminal, stage by stage otherwise."""

    _STAGES: ClassVar[dict[str, str]] = {
        "loading": "reading audio",
        "transcribing": "transcribing",
        "analysing": "analysing",
    }

    def __init__(self, name: str) -> None:
        self.name = path_line(name)
        self.tty = sys.stderr.isatty()
        self.stage: str | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        label = self._STAGES.get(stage, stage)
        if self.tty:
            bar = "#" * int(fraction * 20)
            sys.stderr.write(f"\r{self.name}: {label:<13} [{bar:<20}] {fraction:4.0%}")
            sys.stderr.flush()
        elif stage != self.stage:
            print(f"{self.name}: {label}...", file=sys.stderr, flush=True)
        self.stage = stage

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\r" + " " * 70 + "\r")
            sys.stderr.flush()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
