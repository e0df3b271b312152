"""``speakprep models list`` and ``speakprep models download NAME``.

The only commands that use the network, and only the Hugging Face Hub (``HF_ENDPOINT``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from speakprep.cli_messages import complain
from speakprep.paths import AppPaths

if TYPE_CHECKING:
    from speakprep.services.models import Catalog, ModelEntry

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """The ``models`` command and its two subcommands."""
    models = commands.add_parser(
        "models",
        parents=[common],
        help="list the speech models, or download a better one",
        description="The speech models speakprep can use. tiny.en ships with it; the others "
        "are downloaded from the Hugging Face Hub (HF_ENDPOINT), only when you ask.",
    )
    # No action lists them: the README's and the top-level help's `speakprep models` had
    # stopped at "the following arguments are required: ACTION".
    actions = models.add_subparsers(dest="models_command", metavar="ACTION")
    models.set_defaults(models_command="list")
    actions.add_parser(
        "list", parents=[common], help="the models, their size and speed here (the default)"
    )
    download = actions.add_parser(
        "download", parents=[common], help="download a model into the data folder"
    )
    download.add_argument("name", metavar="NAME", help="a model name from `speakprep models list`")


def run(args: argparse.Namespace) -> int:
    """Run ``models list`` or ``models download``; the exit code."""
    from speakprep.services.models import CatalogError, load_catalog

    paths = AppPaths.resolve(args.data_dir)
    try:
        catalog = load_catalog()
        if args.models_command == "list":
            return _list(catalog, paths)
        return _download(catalog.get(args.name), paths)
    except CatalogError as exc:
        complain(str(exc))
        return EXIT_FAILED


def _list(catalog: Catalog, paths: AppPaths) -> int:
    """The catalog as a table, its measures in the words of Settings' model table."""
    from speakprep.services.models import (
        MISTAKES_COLUMN,
        TIME_COLUMN,
        installed_path,
        mistakes_text,
        time_text,
    )

    rows = [("Name", "Size", TIME_COLUMN[0], MISTAKES_COLUMN[0], "Here", "About")]
    for entry in catalog.models:
        here = installed_path(entry, paths)
        state = "bundled" if entry.bundled else ("installed" if here else "-")
        seconds = catalog.seconds_per_minute(entry)
        size = f"{entry.size_mb:.0f} MB"
        rows.append(
            (
                entry.name,
                size,
                time_text(seconds),
                mistakes_text(entry.word_errors),
                state,
                entry.summary,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True))
        print("  ".join(cells) + "  " + row[5])
    print()
    for title, meaning in (TIME_COLUMN, MISTAKES_COLUMN):
        print(f"{title}: {meaning[0].lower()}{meaning[1:]}.")
    print("Mistaken words are approximate, from published figures.")
    return EXIT_OK


def _download(entry: ModelEntry, paths: AppPaths) -> int:
    from speakprep.services.hub_download import DownloadError, download_model, endpoint
    from speakprep.services.models import installed_path

    if entry.bundled:
        print(f"{entry.name} ships with speakprep; nothing to download.")
        return EXIT_OK
    here = installed_path(entry, paths)
    if here is not None:
        print(f"{entry.name} is already downloaded, in {here}")
        return EXIT_OK
    print(f"Downloading {entry.name} ({entry.size_mb:.0f} MB) from {endpoint()}", file=sys.stderr)
    progress = _Progress()
    try:
        folder = download_model(entry, paths, progress=progress)
    except KeyboardInterrupt:
        progress.end()
        complain("download interrupted; run it again to resume")
        return 130
    except DownloadError as exc:
        progress.end()
        complain(str(exc))
        return EXIT_FAILED
    progress.end()
    print(f"{entry.name} is ready in {folder}")
    print(f"Use it with `speakprep analyze FILE --model {entry.name}` or in Settings.")
    return EXIT_OK


class _Progress:
    """A bar redrawn in place on a terminal; a line every 10 % otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_tenth = -1
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if self.tty:
            bar = "#" * int(fraction * 30)
            mb = f"{done / 1e6:.0f}/{total / 1e6:.0f} MB"
            sys.stderr.write(f"\r[{bar:<30}] {fraction:4.0%} {mb}")
            self.drawn = True
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            sys.stderr.write(f"{fraction:4.0%} of {total / 1e6:.0f} MB\n")
        sys.stderr.flush()

    def end(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False
