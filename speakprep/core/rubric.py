"""The rubric and the question bank, loaded from ``assets/rubric.toml`` and ``questions.toml``.

Both files are data: checks, their advice, weights and cue words, and the questions with the
checks that apply to each. :func:`load_rubric` validates them and compiles the cue lists;
a malformed file raises :class:`RubricError` naming the file and the problem.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from speakprep.core.cues import (
    CueSet,
    HorizonCues,
    LanguageCues,
    Negation,
    SentenceCues,
    compile_anchored,
    duration_pattern,
    normalize,
)
from speakprep.core.datafile import DataFileError, load_toml
from speakprep.core.models import Question

# The checks of design.md section 3, in report order. The code implements exactly these; the
# rubric file supplies their titles, weights, advice and cue words.
KNOWN_CHECKS: tuple[str, ...] = (
    "short_term_goal",
    "long_term_goal",
    "plan",
    "employer_link",
    "specific",
    "money_focus",
    "title_focus",
    "unrealistic_ambition",
    "off_topic_personal",
    "non_answer",
    "within_target",
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# A rubric or question file is missing or malformed.
RubricError = DataFileError


@dataclass(frozen=True, slots=True)
class RubricSettings:
    target_s: float = 90.0
    estimate_wpm: float = 150.0
    short_term_max_years: float = 3.5
    advice_not_applicable: str = "Not required for this question."
    absorb_other_max_words: int = 3
    advice_no_goal: str = "Nothing to judge yet: the answer states no goal."
    advice_goal_is_pitfall: str = (
        "You state a goal, but the interviewer hears it as {pitfall}: name one about the work."
    )
    advice_goal_lost: str = (
        "A goal is in there, but run together with the hedging it reads as no answer: "
        "say it on its own, what you want to do and by when."
    )


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check as the rubric defines it."""

    id: str
    title: str
    pitfall: bool
    weight: float
    advice_ok: str
    advice_not_ok: str
    secondary: bool = False
    cues: Mapping[str, CueSet] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)

    def cue(self, name: str) -> CueSet:
        """The cue list ``name`` of this check (an empty one if the rubric has none)."""
        return self.cues.get(name) or CueSet(name, (), None)


@dataclass(frozen=True)
class Rubric:
    """Checks, cues, settings and the question bank."""

    questions: tuple[Question, ...]
    check_ids: tuple[str, ...]
    checks: tuple[CheckSpec, ...] = ()
    settings: RubricSettings = RubricSettings()
    sentences: SentenceCues | None = None
    language: LanguageCues | None = None
    horizon: HorizonCues | None = None
    default_question_id: str = "career_goals"
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    match_threshold: float = 0.8

    def check(self, check_id: str) -> CheckSpec:
        for spec in self.checks:
            if spec.id == check_id:
                return spec
        raise KeyError(check_id)

    def question(self, id_or_text: str | None) -> Question:
        """The bank question for an id or a question text; a custom question otherwise.

        ``None`` gives the default question. Text is compared after normalising case and
        punctuation, to the bank texts and aliases, tolerating small differences.
        """
        by_id = {q.id: q for q in self.questions}
        default = by_id[self.default_question_id]
        if id_or_text is None or not id_or_text.strip():
            return default
        if id_or_text.strip() in by_id:
            return by_id[id_or_text.strip()]
        best, best_ratio = None, 0.0
        for q in self.questions:
            for candidate in (q.id, q.text, *self.aliases.get(q.id, ())):
                ratio = question_closeness(id_or_text, candidate)
                if ratio > best_ratio:
                    best, best_ratio = q, ratio
        if best is not None and best_ratio >= self.match_threshold:
            return best
        return Question(
            id="custom",
            text=id_or_text.strip(),
            checks=default.checks,
            focus=default.focus,
            custom=True,
        )


@cache
def default_rubric() -> Rubric:
    """The packaged rubric, loaded on first use and shared afterwards (it is immutable)."""
    return load_rubric()


def question_closeness(a: str, b: str) -> float:
    """How alike two question texts (or ids) read, 0-1, case and punctuation aside: what
    :meth:`Rubric.question` matches by, against ``match_threshold``."""
    key_a, key_b = _match_key(a), _match_key(b)
    return 1.0 if key_a == key_b else difflib.SequenceMatcher(None, key_a, key_b).ratio()


def _match_key(text: str) -> str:
    return _NON_ALNUM.sub(" ", normalize(text).replace("'", "")).strip()


def load_rubric(rubric_path: Path | None = None, questions_path: Path | None = None) -> Rubric:
    """Load and validate the rubric and question bank (the packaged files by default)."""
    rubric_data, rubric_name = load_toml(rubric_path, "rubric.toml")
    questions_data, questions_name = load_toml(questions_path, "questions.toml")
    try:
        checks = _checks(rubric_data)
        settings = _settings(rubric_data)
        sentences = _sentence_cues(_table(rubric_data, "sentences"))
        language = _language_cues(_table(rubric_data, "language"))
        horizon = _horizon_cues(_table(rubric_data, "horizon"))
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RubricError(f"{rubric_name}: {_message(exc)}") from exc
    try:
        questions, aliases, default_id, threshold = _questions(questions_data, checks)
    except (KeyError, TypeError, ValueError) as exc:
        raise RubricError(f"{questions_name}: {_message(exc)}") from exc
    return Rubric(
        questions=questions,
        check_ids=tuple(c.id for c in checks),
        checks=checks,
        settings=settings,
        sentences=sentences,
        language=language,
        horizon=horizon,
        default_question_id=default_id,
        aliases=aliases,
        match_threshold=threshold,
    )


def _message(exc: BaseException) -> str:
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    if isinstance(exc, KeyError):
        return f"missing key {text}"
    return text.splitlines()[0] if text else type(exc).__name__


def _table(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if not isinstance(value, Mapping):
        raise ValueError(f"missing table [{name}]")
    return value


def _strings(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}.{key} must be a list of strings")
    return value


# The verb endings a subject takes in speech: "we'll", "they're", "it'd".
_VERB_CLITICS = ("'m", "'re", "'s", "'ll", "'ve", "'d")


def _with_contractions(words: list[str]) -> frozenset[str]:
    """``words`` and each of their bases ("we", "it" of "it's") with every verb ending.

    A subject keeps its role contracted; a list naming each form missed "we'll", so "We'll
    expand the training programme." read as a fragment and joined the sentence before it.
    Forms no one says ("my'll") are never heard, so they cost nothing.
    """
    bases = {word.split("'")[0] for word in words}
    return frozenset(words) | {base + ending for base in bases for ending in _VERB_CLITICS}


def _cues(table: Mapping[str, Any], key: str, where: str) -> CueSet:
    return CueSet.compile(f"{where}.{key}", _strings(table, key, where))


def _number(table: Mapping[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}.{key} must be a number")
    return float(value)


def _settings(data: Mapping[str, Any]) -> RubricSettings:
    table = _table(data, "settings")
    settings = RubricSettings(
        target_s=_number(table, "target_s", "settings"),
        estimate_wpm=_number(table, "estimate_wpm", "settings"),
        short_term_max_years=_number(table, "short_term_max_years", "settings"),
        advice_not_applicable=str(
            table.get("advice_not_applicable", "Not required for this question.")
        ),
        absorb_other_max_words=int(_number(table, "absorb_other_max_words", "settings", 3)),
        advice_no_goal=str(table.get("advice_no_goal", RubricSettings().advice_no_goal)),
        advice_goal_is_pitfall=str(
            table.get("advice_goal_is_pitfall", RubricSettings().advice_goal_is_pitfall)
        ),
        advice_goal_lost=str(table.get("advice_goal_lost", RubricSettings().advice_goal_lost)),
    )
    if settings.target_s <= 0 or settings.estimate_wpm <= 0:
        raise ValueError("settings.target_s and settings.estimate_wpm must be positive")
    return settings


def _checks(data: Mapping[str, Any]) -> tuple[CheckSpec, ...]:
    raw = data.get("checks")
    if not isinstance(raw, list) or not raw:
        raise ValueError("missing [[checks]]")
    specs: list[CheckSpec] = []
    for entry in raw:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            raise ValueError("every [[checks]] entry needs an id")
        cid = entry["id"]
        if cid not in KNOWN_CHECKS:
            raise ValueError(f"unknown check id {cid!r} (known: {', '.join(KNOWN_CHECKS)})")
        where = f"checks.{cid}"
        cues = {}
        params = {}
        for key, value in entry.items():
            if isinstance(value, list):
                cues[key] = _cues(entry, key, where)
            elif key not in ("id", "title", "pitfall", "weight", "secondary") and not (
                key.startswith("advice")
            ):
                params[key] = value
        for key in ("title", "advice_ok", "advice_not_ok"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{where}.{key} must be a non-empty string")
        if not isinstance(entry.get("pitfall"), bool):
            raise ValueError(f"{where}.pitfall must be true or false")
        specs.append(
            CheckSpec(
                id=cid,
                title=entry["title"],
                pitfall=entry["pitfall"],
                weight=_number(entry, "weight", where),
                advice_ok=entry["advice_ok"],
                advice_not_ok=entry["advice_not_ok"],
                secondary=bool(entry.get("secondary", False)),
                cues=cues,
                params=params,
            )
        )
    ids = [s.id for s in specs]
    missing = [c for c in KNOWN_CHECKS if c not in ids]
    if missing:
        raise ValueError(f"missing checks: {', '.join(missing)}")
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate check ids")
    return tuple(specs)


def _sentence_cues(t: Mapping[str, Any]) -> SentenceCues:
    w = "sentences"
    return SentenceCues(
        language=str(t.get("language", "en")),
        runon_min_words=int(_number(t, "runon_min_words", w)),
        unpunctuated_min_words=int(_number(t, "unpunctuated_min_words", w)),
        timed_runon_min_words=int(_number(t, "timed_runon_min_words", w)),
        min_piece_words=int(_number(t, "min_piece_words", w)),
        split_pause_s=_number(t, "split_pause_s", w),
        abbreviations=_cues(t, "abbreviations", w),
        hard_fillers=_cues(t, "hard_fillers", w),
        split_cues=compile_anchored(f"{w}.split_cues", _strings(t, "split_cues", w), at="start"),
        split_blockers=frozenset(_strings(t, "split_blockers", w)),
        subject_words=_with_contractions(_strings(t, "subject_words", w)),
        open_endings=frozenset(_strings(t, "open_endings", w)),
        rare_endings=frozenset(_strings(t, "rare_endings", w)),
        min_fragment_words=int(_number(t, "min_fragment_words", w)),
        sentence_openers=frozenset(_strings(t, "sentence_openers", w)),
        fragment_stops=frozenset(_strings(t, "fragment_stops", w)),
        lowercase_abbreviations=frozenset(_strings(t, "lowercase_abbreviations", w)),
        company_suffixes=frozenset(s.lower() for s in _strings(t, "company_suffixes", w)),
        fronted_time=compile_anchored(
            f"{w}.fronted_time", _strings(t, "fronted_time", w), at="end"
        ),
        goal_words=frozenset(_strings(t, "goal_words", w)),
        wish_words=frozenset(_strings(t, "wish_words", w)),
        wish_after=frozenset(_strings(t, "wish_after", w)),
    )


def _anchored(t: Mapping[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    return compile_anchored(f"{where}.{key}", _strings(t, key, where), at="start")


def _language_cues(t: Mapping[str, Any]) -> LanguageCues:
    w = "language"
    breaks = "|".join(f"(?:{p})" for p in _strings(t, "clause_breaks", w)) or r"$^"
    return LanguageCues(
        negation=Negation(
            before=_cues(t, "negation_before", w),
            after=_cues(t, "negation_after", w),
            clause_breaks=re.compile(breaks),
            window_words=int(_number(t, "negation_window_words", w, 6)),
            put_offs=_cues(t, "negation_put_off", w),
            subject_openers=_cues(t, "negation_subject", w),
            declined_before=_cues(t, "negation_declined_before", w),
            declined_after=_cues(t, "negation_declined_after", w),
            declined_undone=_cues(t, "negation_declined_undone", w),
        ),
        question_end=re.compile(str(t.get("question_end", r"\?\s*$"))),
        summary_openers=_anchored(t, "summary_openers", w),
        elaboration_openers=_anchored(t, "elaboration_openers", w),
        more_of_the_goal=_anchored(t, "more_of_the_goal", w),
        hedge_turns=_anchored(t, "hedge_turns", w),
        past_tense=_cues(t, "past_tense", w),
        past_steps=_cues(t, "past_steps", w),
        past_facts=_cues(t, "past_facts", w),
        goal_verbs=_cues(t, "goal_verbs", w),
        plan_markers=_cues(t, "plan_markers", w),
        means=_cues(t, "means", w),
        credentials=_cues(t, "credentials", w),
        career_targets=_cues(t, "career_targets", w),
        role_itself=_cues(t, "role_itself", w),
        career_direction=_cues(t, "career_direction", w),
        also_markers=_cues(t, "also_markers", w),
        personal=_cues(t, "personal", w),
        non_career=_cues(t, "non_career", w),
        growth_talk_words=frozenset(_strings(t, "growth_talk_words", w)),
        stop_words=frozenset(_strings(t, "stop_words", w)),
        meta=_cues(t, "meta", w),
        means_exclusions=_cues(t, "means_exclusions", w),
        plan_context=_cues(t, "plan_context", w),
        echo_words=frozenset(_strings(t, "echo_words", w)),
        echo_max_words=int(_number(t, "echo_max_words", w, 0)),
        enrol=_cues(t, "enrol", w),
        past_wish=_cues(t, "past_wish", w),
        condition=_cues(t, "condition", w),
    )


def _horizon_cues(t: Mapping[str, Any]) -> HorizonCues:
    w = "horizon"
    numbers = t.get("number_words", {})
    units = t.get("unit_years", {})
    for name, table in (("number_words", numbers), ("unit_years", units)):
        if not isinstance(table, Mapping) or not table:
            raise ValueError(f"{w}.{name} must be a non-empty table")
        for key, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{w}.{name}.{key} must be a number")
    return HorizonCues(
        number_words=tuple((k.lower(), float(v)) for k, v in numbers.items()),
        vague_numbers=frozenset(_strings(t, "vague_numbers", w)),
        unit_years=tuple((k.lower(), float(v)) for k, v in units.items()),
        duration=duration_pattern(numbers.keys(), units.keys()),
        future_before=compile_anchored(
            f"{w}.future_before", _strings(t, "future_before", w), at="end"
        ),
        future_after=compile_anchored(
            f"{w}.future_after", _strings(t, "future_after", w), at="start"
        ),
        past_duration_before=compile_anchored(
            f"{w}.past_duration_before", _strings(t, "past_duration_before", w), at="end"
        ),
        after_offset_years=_number(t, "after_offset_years", w, 1.0),
        misleading=_cues(t, "misleading", w),
        short=_cues(t, "short", w),
        long=_cues(t, "long", w),
        later=compile_anchored(f"{w}.later", _strings(t, "later", w), at="start"),
        next_step=compile_anchored(f"{w}.next_step", _strings(t, "next_step", w), at="start"),
        time_lead=frozenset(_strings(t, "time_lead", w)),
        span_from_now=compile_anchored(
            f"{w}.span_from_now", _strings(t, "span_from_now", w), at="end"
        ),
        ongoing=_cues(t, "ongoing", w),
        lasted_before_duration=compile_anchored(
            f"{w}.lasted_before_duration", _strings(t, "lasted_before_duration", w), at="end"
        ),
        lasted_fronted=compile_anchored(
            f"{w}.lasted_fronted", _strings(t, "lasted_fronted", w), at="end"
        ),
        lasted_since=_cues(t, "lasted_since", w),
    )


def _questions(
    data: Mapping[str, Any], checks: tuple[CheckSpec, ...]
) -> tuple[tuple[Question, ...], dict[str, tuple[str, ...]], str, float]:
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise ValueError("missing [[questions]]")
    known = {c.id for c in checks}
    questions: list[Question] = []
    aliases: dict[str, tuple[str, ...]] = {}
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ValueError("every [[questions]] entry must be a table")
        qid, text = entry.get("id"), entry.get("text")
        if not isinstance(qid, str) or not qid or not isinstance(text, str) or not text:
            raise ValueError("every question needs an id and a text")
        if qid in aliases:
            raise ValueError(f"duplicate question id {qid!r}")
        where = f"questions.{qid}"
        q_checks = _strings(entry, "checks", where)
        focus = _strings(entry, "focus", where)
        unknown = [c for c in (*q_checks, *focus) if c not in known]
        if unknown:
            raise ValueError(f"{where} names unknown checks: {', '.join(unknown)}")
        if not q_checks:
            raise ValueError(f"{where}.checks must not be empty")
        # Checks keep the rubric's order whatever order the question lists them in.
        ordered = tuple(c.id for c in checks if c.id in q_checks)
        frame = entry.get("frame")
        if frame not in (None, "short", "long"):
            raise ValueError(f'{where}.frame must be "short" or "long"')
        questions.append(
            Question(id=qid, text=text, checks=ordered, focus=tuple(focus), frame=frame)
        )
        aliases[qid] = tuple(_strings(entry, "aliases", where))
    default_id = data.get("default", questions[0].id)
    if default_id not in aliases:
        raise ValueError(f"default question {default_id!r} is not in the bank")
    threshold = _number(data, "match_threshold", "questions", 0.8)
    return tuple(questions), aliases, default_id, threshold
