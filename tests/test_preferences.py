"""The settings file: typed values round-trip, and a bad file is kept aside, never lost."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from speakprep.core.settings import load_settings
from speakprep.preferences import Preferences, PreferencesStore

CUSTOM = Preferences(
    model="/home/me/models/faster-whisper-small.en",
    input_device="Blue Yeti USB Microphone",
    target_s=75.0,
    pace_good_min_wpm=110.0,
    pace_good_max_wpm=170.0,
    fillers_good_max_per_minute=2.5,
    live_caption=True,
    last_question="five_years",
    company="Acme Health",
    role="charge nurse",
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "preferences.json"


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def assert_moved_aside(path: Path, original: bytes, store: PreferencesStore) -> None:
    """The unusable file is kept byte for byte as ``.bad`` and the user is told so."""
    aside = path.with_name(path.name + ".bad")
    assert not path.exists()
    assert aside.read_bytes() == original
    assert store.problem is not None
    assert aside.name in store.problem


def test_round_trip(path: Path) -> None:
    store = PreferencesStore(path)
    store.save(CUSTOM)
    loaded = PreferencesStore(path).load()
    assert loaded == CUSTOM
    assert store.problem is None


def test_defaults_round_trip(path: Path) -> None:
    PreferencesStore(path).save(Preferences())
    assert PreferencesStore(path).load() == Preferences()


def test_the_file_holds_values_by_name(path: Path) -> None:
    """Plain JSON a person can read: the device is its name, None is null."""
    PreferencesStore(path).save(replace(CUSTOM, model=None))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["input_device"] == "Blue Yeti USB Microphone"
    assert data["model"] is None
    assert data["target_s"] == 75.0


def test_missing_file_gives_defaults(path: Path) -> None:
    store = PreferencesStore(path)
    assert store.load() == Preferences()
    assert store.problem is None
    assert not path.exists()  # loading never writes


@pytest.mark.parametrize(
    "raw",
    [
        b'{"target_s": 60,',  # cut off mid-write by an older, non-atomic writer
        b"",
        b"\x80\x81\x82 not text",  # not UTF-8 at all
        b"[1, 2, 3]",  # JSON, but not an object
        b"null",
    ],
    ids=["truncated", "empty", "binary", "list", "null"],
)
def test_corrupt_file_gives_defaults_and_is_kept_aside(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    store = PreferencesStore(path)
    assert store.load() == Preferences()
    assert_moved_aside(path, raw, store)


def test_saving_after_a_corrupt_file_keeps_the_bad_copy(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{oops")
    store = PreferencesStore(path)
    store.load()
    store.save(CUSTOM)
    assert PreferencesStore(path).load() == CUSTOM
    assert path.with_name("preferences.json.bad").read_bytes() == b"{oops"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("target_s", "90"),  # a number as text
        ("target_s", True),  # JSON true is not a number here, though bool is an int in Python
        ("pace_good_min_wpm", None),
        ("live_caption", "yes"),
        ("live_caption", 1),
        ("model", 5),
        ("input_device", ["Blue Yeti"]),
        ("company", None),
    ],
)
def test_wrong_types_are_rejected(path: Path, key: str, value: object) -> None:
    write_json(path, {"target_s": 60, key: value})
    original = path.read_bytes()
    store = PreferencesStore(path)
    assert store.load() == Preferences()
    assert_moved_aside(path, original, store)
    assert key in (store.problem or "")


def test_values_that_fail_validation_are_rejected(path: Path) -> None:
    write_json(path, {"pace_good_min_wpm": 170, "pace_good_max_wpm": 150})
    store = PreferencesStore(path)
    assert store.load() == Preferences()
    assert "pace band" in (store.problem or "")
    assert path.with_name("preferences.json.bad").exists()


def test_unknown_keys_are_ignored(path: Path) -> None:
    """A file written by a newer version still loads; its new keys are not an error."""
    write_json(path, {"target_s": 60, "theme": "dark", "future": {"nested": [1]}})
    store = PreferencesStore(path)
    assert store.load() == Preferences(target_s=60.0)
    assert store.problem is None
    assert path.exists()


def test_whole_numbers_load_as_floats(path: Path) -> None:
    write_json(path, {"target_s": 60, "fillers_good_max_per_minute": 4})
    prefs = PreferencesStore(path).load()
    assert isinstance(prefs.target_s, float)
    assert isinstance(prefs.fillers_good_max_per_minute, float)


def test_unreadable_file_gives_defaults_and_is_left_alone(path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be: reading raises OSError
    store = PreferencesStore(path)
    assert store.load() == Preferences()
    assert store.problem is not None
    assert "defaults" in store.problem
    assert path.is_dir()


def test_save_is_atomic_and_leaves_no_temporary_files(path: Path) -> None:
    store = PreferencesStore(path)
    store.save(Preferences())
    store.save(CUSTOM)
    assert sorted(p.name for p in path.parent.iterdir()) == ["preferences.json"]
    assert store.load() == CUSTOM


def test_failed_save_keeps_the_old_file_and_no_temporary_files(path: Path) -> None:
    store = PreferencesStore(path)
    store.save(CUSTOM)
    before = path.read_bytes()
    # Valid by validated(), but not JSON-serialisable: json.dump fails halfway through the
    # temporary file, after it was created.
    unwritable = replace(CUSTOM, model=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.save(unwritable)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["preferences.json"]


def test_invalid_preferences_are_not_saved(path: Path) -> None:
    store = PreferencesStore(path)
    with pytest.raises(ValueError, match="target"):
        store.save(Preferences(target_s=5.0))
    assert not path.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"target_s": 9.0}, "target"),
        ({"target_s": 901.0}, "target"),
        ({"pace_good_min_wpm": 165.0}, "pace band"),  # equal to the upper bound
        ({"pace_good_min_wpm": 30.0}, "pace band"),
        ({"pace_good_max_wpm": 301.0}, "pace band"),
        ({"fillers_good_max_per_minute": -1.0}, "filler"),
        ({"fillers_good_max_per_minute": 31.0}, "filler"),
        ({"target_s": float("nan")}, "target"),
    ],
)
def test_validated_explains_what_is_wrong(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        replace(Preferences(), **changes).validated()


def test_validated_accepts_the_edges() -> None:
    edges = Preferences(
        target_s=10.0,
        pace_good_min_wpm=40.0,
        pace_good_max_wpm=300.0,
        fillers_good_max_per_minute=0,
    )
    assert edges.validated() is edges


def test_analysis_settings_carry_the_users_bands() -> None:
    settings = CUSTOM.analysis_settings(load_settings())
    assert settings.speaking_time.target_s == 75.0
    assert (settings.pace.good_min_wpm, settings.pace.good_max_wpm) == (110.0, 170.0)
    assert settings.fillers.good_max_per_minute == 2.5
