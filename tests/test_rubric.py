"""The rubric and question bank: loading, validation, question matching."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from speakprep.core.rubric import KNOWN_CHECKS, RubricError, load_rubric
from speakprep.core.text import transcript_from_text

ASSETS = Path(__file__).resolve().parents[1] / "assets"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def test_default_rubric_has_all_checks_in_design_order(rubric) -> None:
    assert rubric.check_ids == KNOWN_CHECKS
    assert len(rubric.check_ids) == 11
    for spec in rubric.checks:
        assert spec.title and spec.advice_ok and spec.advice_not_ok
        assert spec.advice_ok != spec.advice_not_ok
        assert spec.weight >= 0
    pitfalls = {s.id for s in rubric.checks if s.pitfall}
    assert pitfalls == {
        "money_focus",
        "title_focus",
        "unrealistic_ambition",
        "off_topic_personal",
        "non_answer",
    }


def test_question_bank_has_the_nine_questions(rubric) -> None:
    ids = [q.id for q in rubric.questions]
    assert ids == [
        "career_goals",
        "goals_in_career",
        "career_direction",
        "career_accomplish",
        "retirement_party",
        "plan_to_achieve",
        "five_years",
        "long_term_goals",
        "short_term_goals",
    ]
    by_id = {q.id: q for q in rubric.questions}
    assert "long_term_goal" not in by_id["short_term_goals"].checks
    assert "short_term_goal" not in by_id["long_term_goals"].checks
    assert by_id["plan_to_achieve"].focus[0] == "plan"
    for q in rubric.questions:
        # Checks keep the rubric's order.
        assert list(q.checks) == [c for c in rubric.check_ids if c in q.checks]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        (None, "career_goals"),
        ("", "career_goals"),
        ("five_years", "five_years"),
        ("What are your career goals?", "career_goals"),
        ("what are your career goals", "career_goals"),
        ("Where do you see yourself in 5 years?", "five_years"),
        ("where do you see yourself in five years", "five_years"),
        ("What are your long term goals?", "long_term_goals"),
        ("What are your short-term goals", "short_term_goals"),
        ("How do you plan to achieve your career goals", "plan_to_achieve"),
        ("What would you like to have said about you at your retirement party", "retirement_party"),
    ],
)
def test_question_matching(rubric, asked, expected) -> None:
    q = rubric.question(asked)
    assert q.id == expected
    assert not q.custom


def test_unmatched_question_is_custom_with_career_goals_checks(rubric) -> None:
    q = rubric.question("Tell me about a time you failed.")
    assert q.custom
    assert q.id == "custom"
    assert q.text == "Tell me about a time you failed."
    assert q.checks == rubric.question("career_goals").checks


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_question_needs_no_code_change(tmp_path: Path) -> None:
    base = (ASSETS / "questions.toml").read_text(encoding="utf-8")
    extra = """
[[questions]]
id = "ten_years"
text = "Where do you see yourself in ten years?"
checks = ["long_term_goal", "plan", "money_focus", "non_answer"]
focus = ["long_term_goal"]
"""
    questions = _write(tmp_path, "questions.toml", base + extra)
    rubric = load_rubric(questions_path=questions)
    q = rubric.question("where do you see yourself in ten years")
    assert q.id == "ten_years"
    assert q.checks == ("long_term_goal", "plan", "money_focus", "non_answer")


def test_rubric_advice_comes_from_the_file(tmp_path: Path) -> None:
    from speakprep.core.content import analyze_content

    text = (ASSETS / "rubric.toml").read_text(encoding="utf-8")
    changed = text.replace(
        'advice_not_ok = "Add a long-term goal,',
        'advice_not_ok = "CUSTOM LONG ADVICE. Add a long-term goal,',
    )
    assert changed != text
    rubric = load_rubric(rubric_path=_write(tmp_path, "rubric.toml", changed))
    result = analyze_content(
        transcript_from_text("In the next year I want to learn the billing system."),
        rubric=rubric,
        question=rubric.question(None),
    )
    long_term = next(c for c in result.checks if c.id == "long_term_goal")
    assert long_term.advice.startswith("CUSTOM LONG ADVICE.")


@pytest.mark.parametrize(
    ("which", "content", "message"),
    [
        ("rubric", "this is = not [valid toml", "not valid TOML"),
        ("rubric", "version = 1\n[settings]\ntarget_s = 90\n", "missing [[checks]]"),
        ("questions", "default = 'career_goals'\n", "missing [[questions]]"),
        (
            "questions",
            '[[questions]]\nid = "x"\ntext = "X?"\nchecks = ["no_such_check"]\n',
            "unknown checks",
        ),
        (
            "questions",
            '[[questions]]\nid = "x"\ntext = "X?"\nchecks = ["plan"]\nframe = "medium"\n',
            "frame must be",
        ),
    ],
)
def test_malformed_files_raise_rubric_error(tmp_path, which, content, message) -> None:
    path = _write(tmp_path, f"{which}.toml", content)
    kwargs = {"rubric_path": path} if which == "rubric" else {"questions_path": path}
    with pytest.raises(RubricError) as info:
        load_rubric(**kwargs)
    text = str(info.value)
    assert message in text
    assert str(path) in text
    assert "\n" not in text
    assert isinstance(info.value, ValueError)


def test_bad_regex_in_cues_names_the_list(tmp_path: Path) -> None:
    text = (ASSETS / "rubric.toml").read_text(encoding="utf-8")
    broken = text.replace('"stop-?gap", "pay the bills"', '"stop-?gap(", "pay the bills"', 1)
    assert broken != text
    with pytest.raises(RubricError, match="stop_gap"):
        load_rubric(rubric_path=_write(tmp_path, "rubric.toml", broken))


def test_missing_file_raises_rubric_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="file not found"):
        load_rubric(rubric_path=tmp_path / "nope.toml")


def test_import_is_lazy_and_pure() -> None:
    """Importing the content modules loads no data and pulls in no UI, audio or ASR library."""
    code = (
        "import sys\n"
        "import speakprep.core.content, speakprep.core.segments\n"
        "from speakprep.core import rubric\n"
        "assert rubric.default_rubric.cache_info().currsize == 0\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'PyQt6', 'sqlite3', 'sounddevice', 'faster_whisper')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
