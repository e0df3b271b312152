"""Build the committed fixture databases, one per released schema version: ``vN.sqlite3``.

    python tests/data/db/make_fixtures.py            # write the missing ones
    python tests/data/db/make_fixtures.py --force 2  # rebuild v2 (only before releasing it)

A released fixture is never rebuilt: it stands for the databases users already have, and
``tests/test_migrations.py`` upgrades each one to the latest schema. When a migration is
added, add a ``_fill_vN`` below for the new version and run this script once.

Each fixture holds four takes of two questions: a timed take whose audio file is missing
(the recordings folder is not part of the fixture), a text-only take, a custom question,
and (from v2) a renamed take with a note and a replaced report; from v3, each take's
pitfall counts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from speakprep.core.report import report_to_dict  # noqa: E402
from speakprep.services.analyze import Context, Engine  # noqa: E402
from speakprep.storage.migrations import SCHEMA_VERSION, migrate  # noqa: E402
from tests.reports import timed_report  # noqa: E402

TEXT_ANSWER = (
    "In the next two years I want to become a fully certified accountant. I have already "
    "passed two of the four CPA exams. In five years I would like to lead a small audit team."
)
CUSTOM_ANSWER = "I want to build tools people rely on, and I am learning Rust to get there."


def _reports() -> list[tuple[str, str, object, dict]]:
    """(created_at, source, audio_file, report dict) of the takes every version holds."""
    engine = Engine()
    timed = report_to_dict(timed_report())
    text = report_to_dict(engine.analyze_text(TEXT_ANSWER, Context(question="five_years")))
    custom = report_to_dict(
        engine.analyze_text(CUSTOM_ANSWER, Context(question="What keeps you motivated at work?"))
    )
    return [
        ("2024-03-01T09:15:00.000000+00:00", "recorded", "take-20240301-091500-000000.wav", timed),
        ("2024-03-02T18:40:00.000000+00:00", "imported", None, text),
        ("2024-03-03T07:05:30.250000+00:00", "imported", None, custom),
        ("2024-03-04T12:00:00.000000+00:00", "recorded", "take-20240304-120000-000000.wav", timed),
    ]


def _row(created_at: str, source: str, audio_file: object, d: dict) -> dict:
    delivery = d["delivery"]
    applying = [c for c in d["checks"] if c["applies"]]
    return {
        "created_at": created_at,
        "question_id": d["question_id"],
        "question_text": d["question"],
        "source": source,
        "audio_file": audio_file,
        "recording_s": d["recording_s"],
        "speaking_s": delivery and delivery["speaking_s"],
        "wpm": delivery and delivery["wpm"],
        "fillers_per_minute": delivery and delivery["fillers"]["per_minute"],
        "score": d["score"]["total"],
        "checks_passed": sum(1 for c in applying if c["ok"]),
        "checks_total": len(applying),
        "model": d["model"],
        "company": d["company"],
        "role": d["role"],
        "transcript": d["transcript"],
        "report": json.dumps(d, ensure_ascii=False),
    }


def _insert(conn: sqlite3.Connection, row: dict) -> None:
    names, marks = ", ".join(row), ", ".join("?" * len(row))
    conn.execute(f"INSERT INTO takes ({names}) VALUES ({marks})", [*row.values()])


def _fill_v1(conn: sqlite3.Connection) -> None:
    for take in _reports():
        _insert(conn, _row(*take))


def _rows_v2() -> list[dict]:
    """v1's takes and a renamed take with a note and a replaced report."""
    takes = _reports()
    renamed = _row(*takes[0])
    renamed.update(
        created_at="2024-03-05T08:30:00.000000+00:00",
        title="Second try <after> coaching & notes",
        note="Slower start.\nMention the CFA.",
        previous_report=renamed["report"],
        report_replaced_at="2024-03-05T09:00:00.000000+00:00",
    )
    return [*(_row(*take) for take in takes), renamed]


def _fill_v2(conn: sqlite3.Connection) -> None:
    for row in _rows_v2():
        _insert(conn, row)


def _fill_v3(conn: sqlite3.Connection) -> None:
    """v2's takes with their pitfall counts: found, of those the question looks for."""
    for row in _rows_v2():
        checks = json.loads(row["report"])["checks"]
        pitfalls = [c for c in checks if c["applies"] and c["pitfall"]]
        row.update(
            pitfalls_found=sum(1 for c in pitfalls if c["found"]), pitfalls_total=len(pitfalls)
        )
        _insert(conn, row)


FILLERS = {1: _fill_v1, 2: _fill_v2, 3: _fill_v3}


def build(version: int, target: Path) -> None:
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(str(target), isolation_level=None)
    try:
        migrate(conn, target=version)
        conn.execute("BEGIN")
        FILLERS[version](conn)
        conn.execute("COMMIT")
        conn.execute("VACUUM")  # one small self-contained file, no journal next to it
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*", type=int, help="versions to build (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild existing fixtures")
    args = parser.parse_args()
    if set(FILLERS) != set(range(1, SCHEMA_VERSION + 1)):
        parser.error(f"add a _fill_vN for every schema version up to {SCHEMA_VERSION}")
    for version in args.versions or sorted(FILLERS):
        target = HERE / f"v{version}.sqlite3"
        if target.exists() and not args.force:
            print(f"{target.name}: kept (released fixtures are not rebuilt; --force to override)")
            continue
        build(version, target)
        print(f"{target.name}: written ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
