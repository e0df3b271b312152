"""Command line: ``speakprep analyze FILE... [--text] [--json] ...`` (design.md §4)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from speakprep import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="speakprep",
        description="Rehearse spoken interview answers, offline.",
    )
    parser.add_argument("--version", action="version", version=f"speakprep {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="FOLDER",
        help="where takes and settings live (default: your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("app", help="open the desktop app (the default with no command)")

    analyze = commands.add_parser(
        "analyze",
        help="analyse recordings or transcripts and print the practice report",
        description="Analyse answers: recordings (wav, flac, mp3, m4a, ogg) or, with --text, "
        "transcripts. Several files give one report each, in order.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE")
    analyze.add_argument("--text", action="store_true", help="the files are transcripts (UTF-8)")
    analyze.add_argument("--json", action="store_true", help="one JSON object per file per line")
    analyze.add_argument("--question", metavar="ID_OR_TEXT", help="question id or its text")
    analyze.add_argument("--company", metavar="NAME", help="the company you interview with")
    analyze.add_argument("--role", metavar="TITLE", help="the role you interview for")
    analyze.add_argument(
        "--model", metavar="PATH_OR_NAME", help="a faster-whisper model folder (default: tiny.en)"
    )
    analyze.add_argument(
        "--max-minutes",
        type=float,
        default=15.0,
        metavar="N",
        help="refuse recordings longer than this (default 15)",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress on stderr")

    commands.add_parser("questions", help="list the question bank")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "app"):
        return _app(args)
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "questions":
            return _questions()
    except KeyboardInterrupt:
        print("speakprep: interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _app(args: argparse.Namespace) -> int:
    try:
        from speakprep.app import main as app_main
    except ImportError as exc:  # Qt's system libraries missing (e.g. libEGL on a server)
        print(
            f"speakprep: the desktop app cannot start ({exc}). Run "
            "`bash packaging/bootstrap.sh` to install what it needs, or use "
            "`speakprep analyze FILE` on the command line.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return app_main(["--data-dir", args.data_dir] if args.data_dir else [])


def _engine(args: argparse.Namespace):
    from speakprep.services.analyze import Engine

    return Engine(model=args.model, max_duration_s=args.max_minutes * 60.0)


def _analyze(args: argparse.Namespace) -> int:
    from speakprep.audio.files import AudioLoadError
    from speakprep.core.report import report_to_dict
    from speakprep.core.rubric import RubricError
    from speakprep.core.settings import SettingsError
    from speakprep.services.analyze import Context, TextInputError
    from speakprep.textreport import render_report
    from speakprep.transcription.model import ModelLoadError

    if args.max_minutes <= 0:
        print("speakprep: --max-minutes must be more than 0", file=sys.stderr)
        return EXIT_USAGE
    try:
        engine = _engine(args)
        context = Context(question=args.question, company=args.company, role=args.role)
        engine.question(context)  # a bad rubric file fails here, once, not per input
    except (RubricError, SettingsError, ValueError) as exc:
        print(f"speakprep: {exc}", file=sys.stderr)
        return EXIT_FAILED

    failures = 0
    for index, name in enumerate(args.files):
        try:
            if args.text:
                report = engine.analyze_text(_read_text(name), context, source=name)
            else:
                progress = None if args.quiet or args.json else _Progress(name)
                report = engine.analyze_file(name, context, progress=progress)
                if progress:
                    progress.done()
        except ModelLoadError as exc:
            print(f"speakprep: {exc}", file=sys.stderr)
            return EXIT_FAILED  # the same for every other file: stop here
        except (AudioLoadError, TextInputError) as exc:
            print(f"speakprep: {exc}", file=sys.stderr)
            failures += 1
            continue
        if args.json:
            print(json.dumps(report_to_dict(report), ensure_ascii=False), flush=True)
        else:
            if index:
                print()
            print(render_report(report), flush=True)
    return EXIT_FAILED if failures else EXIT_OK


def _read_text(name: str) -> str:
    from speakprep.services.analyze import TextInputError

    path = Path(name)
    if not path.exists():
        raise TextInputError(f"{name}: file not found")
    if path.is_dir():
        raise TextInputError(f"{name}: is a folder, not a transcript")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TextInputError(f"{name}: cannot read it ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:4096]:
        raise TextInputError(f"{name}: not a text file (use --text only for transcripts)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextInputError(f"{name}: not UTF-8 text (save it as UTF-8)") from exc
    if not text.strip():
        raise TextInputError(f"{name}: the transcript is empty")
    return text


def _questions() -> int:
    from speakprep.core.rubric import load_rubric

    for q in load_rubric().questions:
        print(f"{q.id:<20} {q.text}")
    return EXIT_OK


class _Progress:
    """One line on stderr, redrawn in place on a terminal, stage by stage otherwise."""

    _STAGES: ClassVar[dict[str, str]] = {
        "loading": "reading audio",
        "transcribing": "transcribing",
        "analysing": "analysing",
    }

    def __init__(self, name: str) -> None:
        self.name = name
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
