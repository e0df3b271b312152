"""Content analysis of an answer: sentences, labels, timeline segments and rubric checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from speakprep.core.check_input import text_names_work
from speakprep.core.checks import CheckInput, evaluate_checks
from speakprep.core.cues import CueSet, HorizonCues, LanguageCues, is_hard_filler, normalize
from speakprep.core.judge import (
    Context,
    PitfallFinding,
    SentenceJudge,
    judge_answer,
    question_frame,
)
from speakprep.core.labels import Classified, SentenceFeatures, goal_after, label_sentences
from speakprep.core.models import ContentResult, Pause, Question, Sentence, Transcript
from speakprep.core.pause_context import noun_phrase_verb
from speakprep.core.rubric import Rubric
from speakprep.core.segments import build_segments
from speakprep.core.sentences import sentence_of, split_views
from speakprep.core.settings import SpeakingTimeBands
from speakprep.core.timeexpr import find_time_exprs


def analyze_content(
    transcript: Transcript,
    *,
    rubric: Rubric,
    question: Question,
    company: str | None = None,
    role: str | None = None,
    pauses: Sequence[Pause] = (),
    speaking_s: float | None = None,
    judge: SentenceJudge | None = None,
    speaking_status: str | None = None,
    speaking_bands: SpeakingTimeBands | None = None,
) -> ContentResult:
    """Split, label and check an answer against the rubric.

    ``company`` / ``role`` let employer_link recognise the employer by name. ``speaking_s``
    is the measured speaking time; in text mode (``None``) within_target estimates it from
    the number of non-filler words. ``judge`` is the learned sentence judgement (a sentence
    encoder and its trained head); without it the rules alone label the sentences.
    ``speaking_status`` is the delivery's speaking-time status, so within_target gives the
    same verdict as the speaking-time figure; ``speaking_bands`` are the bands it was judged
    by (the user's target), which within_target names and estimates text mode by.
    """
    sentences, as_said = split_views(transcript, pauses, rubric=rubric)
    sentences = cut_opening_echo(sentences, transcript, question, rubric)
    year = date.today().year
    known: Classified = {}  # the sentences classified, for both views
    read: ReadSentences = {}  # and read for the judgement
    labelled, features = label_sentences(
        sentences, transcript, rubric=rubric, current_year=year, known=known
    )
    learned: dict[str, PitfallFinding] = {}
    if judge is not None:
        labelled, features, learned = _judged(
            labelled, features, judge, rubric, question, year, read=read
        )
    assert rubric.sentences is not None
    fillers = rubric.sentences.hard_fillers
    word_count = sum(
        1
        for w in transcript.words
        if not w.filler and w.source != "audio" and not is_hard_filler(w.text, fillers)
    )
    inp = CheckInput(
        sentences=labelled,
        features=features,
        rubric=rubric,
        company=company,
        role=role,
        speaking_s=speaking_s,
        word_count=word_count,
        speaking_status=speaking_status,
        speaking_bands=speaking_bands,
        learned_pitfalls=learned,
    )
    whole = whole_view(transcript, as_said, labelled, judge, rubric, question, year, known, read)
    whole_inp = None
    if whole is not None:
        sentences_w, features_w, learned_w = whole
        whole_inp = replace(
            inp, sentences=sentences_w, features=features_w, learned_pitfalls=learned_w
        )
    checks = evaluate_checks(inp, question, whole_inp)
    segments = build_segments(
        labelled, transcript, absorb_max_words=rubric.settings.absorb_other_max_words
    )
    return ContentResult(tuple(labelled), tuple(segments), tuple(checks))


def _names_work_or_target(text: str, rubric: Rubric) -> bool:
    """Whether a sentence names the work, the employer, pay or a career target (a role, a
    skill, a credential): a goal without any of these may be personal life in career words."""
    lang = rubric.language
    assert lang is not None
    return text_names_work(rubric, text) or bool(
        lang.negation.positive_matches(lang.career_targets, text)
    )


# What the judgement reads of a sentence's own words (a :class:`Context` at index 0 of 1,
# with no question frame), by its text: for one answer (its question and rubric) only.
ReadSentences = dict[str, Context]


def sentence_contexts(
    texts: Sequence[str],
    question: Question,
    rubric: Rubric,
    current_year: int | None,
    read: ReadSentences | None = None,
) -> list[Context]:
    """What the learned judgement knows of each sentence of an answer (``texts``: the
    sentences normalised, as :class:`SentenceFeatures` holds them).

    ``read``: the sentences of this answer already read (by text), and filled with these:
    the run-ons as said (:func:`whole_view`) are mostly the cut view's sentences again, and
    reading one takes a dozen cue searches.
    """
    assert rubric.horizon is not None
    short_max = rubric.settings.short_term_max_years
    frame = question.frame or question_frame(
        find_time_exprs(normalize(question.text), rubric.horizon, current_year=current_year),
        short_max,
    )
    read = {} if read is None else read
    for text in texts:
        if text not in read:
            read[text] = _read_sentence(text, question, rubric)
    count = len(texts)
    return [
        replace(read[text], question_frame=frame, index=i, count=count)
        for i, text in enumerate(texts)
    ]


def _read_sentence(text: str, question: Question, rubric: Rubric) -> Context:
    """The facts of :class:`Context` that a sentence's own words decide."""
    assert rubric.language is not None
    spec = rubric.check("non_answer")
    hedges = (spec.cue("cues"), rubric.language.non_career)
    return Context(
        echo=echoes_question(text, question, rubric),
        # Only the turn to work of a sentence, not a run-on that drifts on from it.
        work_opened=bool(spec.cue("work_openers").search(text))
        and len(text.split()) <= WORK_OPENED_MAX_WORDS,
        hedged_goal=hedges_then_goal(text, hedges, rubric.language),
        hedge_only=only_hedges(text, hedges, question, rubric),
        workless=not _names_work_or_target(text, rubric),
        denial=denies_targets(text, rubric.language),
        about_others=about_others(text, rubric),
    )


# Words that name the speaker besides the rubric's subject words ("the programme gets me ...").
_SPEAKER_OBJECTS = frozenset({"me", "myself", "mine"})
# Subject words that name someone else or nothing ("they", "you", "it's"): no sign of the speaker.
_NOT_SPEAKER = frozenset({"they", "you", "it's", "that's", "there's"})


def about_others(text: str, rubric: Rubric) -> bool:
    """Whether a sentence is about the employer or someone else: it opens with a noun phrase
    subject and its -s verb (:func:`~speakprep.core.pause_context.noun_phrase_verb`: "your
    company helps clinics use their data", "The team runs the night audits"), that subject
    names the employer or someone else's (employer_link's cues: "your ...", "the firm", "the
    team"), and it names the speaker nowhere, no horizon and no career target. "The
    apprenticeship takes four years", "The certificate opens the door to the network team",
    "The long game means a senior caseworker post in five years" are the speaker's own steps
    and goals said impersonally (labelling.md rules 3, 6). Any case: the text is normalised.
    """
    assert rubric.sentences is not None and rubric.language is not None
    assert rubric.horizon is not None
    said = normalize(text)
    tokens = _TOKEN.findall(said)
    verb = noun_phrase_verb(tokens)
    if verb is None:
        return False
    speaker = (rubric.sentences.subject_words - _NOT_SPEAKER) | _SPEAKER_OBJECTS
    subject = " ".join(tokens[:verb])
    return (
        bool(rubric.check("employer_link").cue("cues").search(subject))
        and not any(t in speaker for t in tokens)
        and not rubric.language.career_targets.search(said)
        and not find_time_exprs(said, rubric.horizon, current_year=None)
    )


def denies_targets(text: str, lang: LanguageCues) -> bool:
    """Whether every career target a sentence names is denied ("I'm not chasing the title of
    educator", "what they end up calling that job, lead or manager, doesn't matter to me"):
    it says what the speaker does not want (labelling.md rule 9)."""
    named = list(lang.career_targets.finditer(text))
    return bool(named) and not lang.negation.positive_matches(lang.career_targets, text)


WORK_OPENED_MAX_WORDS = 25


def hedges_then_goal(text: str, hedges: Sequence[CueSet], lang: LanguageCues) -> bool:
    """Whether a sentence hedges in one clause and states a goal in a later one ("who knows
    with tech, but I'd love to be owning the search service by then"): its first hedge, a
    non_answer cue or a non-career phrase ("whatever happens"), and a goal after it."""
    found = [m for cues in hedges if (m := cues.search(text)) is not None]
    if not found:
        return False
    return goal_after(text, min(found, key=lambda m: m.start()), lang) is not None


def only_hedges(text: str, hedges: Sequence[CueSet], question: Question, rubric: Rubric) -> bool:
    """Whether a sentence is a hedge and nothing more: with its hedges ("hard to say", "who
    knows") cut out, what is left only repeats the question (:func:`echoes_question`) or is
    nothing. "Long term is honestly hard to say." names a horizon and no goal (labelling.md,
    non_answer); "I'm not sure yet, but I'd like to lead the desk" keeps a goal's words."""
    spans = [(m.start(), m.end()) for cues in hedges for m in cues.finditer(text)]
    if not spans:
        return False
    rest = "".join(" " if any(s <= i < e for s, e in spans) else c for i, c in enumerate(text))
    return not _TOKEN.search(rest) or echoes_question(rest, question, rubric)


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")


def echoes_question(text: str, question: Question, rubric: Rubric) -> bool:
    """Whether a sentence only repeats its question ("um, five years.", "long term.", "what do
    I want to accomplish."): a few words, every one of them a stop word, an echo word of
    ``[language]`` or a word of the question. Such an opener names no goal (rule 9)."""
    lang = rubric.language
    assert lang is not None
    words = _TOKEN.findall(text)
    if not words or len(words) > lang.echo_max_words:
        return False
    asked = _asked(question)
    return all(w in asked or w in lang.echo_words or w in lang.stop_words for w in words)


def _asked(question: Question) -> set[str]:
    """The words of ``question``, a hyphenated one also by its parts: "What are your
    long-term career goals?" is echoed as "um long term, okay"."""
    words = set(_TOKEN.findall(normalize(question.text)))
    return words | {part for w in words for part in w.split("-") if part}


def cut_opening_echo(
    sentences: Sequence[Sentence], transcript: Transcript, question: Question, rubric: Rubric
) -> list[Sentence]:
    """``sentences`` with an answer's opening echo of its question cut off the goal it runs
    into: "so um goals, yeah i wanna get bumped up to lead installer", "oh man retirement
    party okay i'd want them to say ..." open with an opener (labelling.md rule 9) that the
    splitter, which keeps at least ``min_piece_words`` words a side and knows no question,
    leaves on the goal.

    The opening words that only repeat the question (:func:`echoes_question`, with a word of
    the question among them) are cut off when a clause with a subject follows them. An echo
    that holds a time expression ("um so five years, uh, yeah | i see myself on the network
    team") still dates the goal after it (labels.label_sentences: a sentence that only names a
    horizon). The answer is otherwise unchanged.
    """
    if not sentences:
        return list(sentences)
    first, words = sentences[0], transcript.words
    located = [i for i in first.word_indexes if words[i].char_start is not None]
    split = _echo_end(located, transcript, question, rubric)
    if split is None:
        return list(sentences)
    echo, rest = located[:split], located[split:]
    cut_s = words[rest[0]].start_s
    head = tuple(
        i
        for i in first.word_indexes
        if i in echo or (words[i].char_start is None and _before(words[i].start_s, cut_s))
    )
    cut = words[rest[0]].char_start or first.char_start
    opener = _sub_sentence(first, transcript, head, first.char_start, cut)
    tail = tuple(i for i in first.word_indexes if i not in head)
    goal = _sub_sentence(first, transcript, tail, cut, first.char_end)
    return [opener, goal, *sentences[1:]]


def _echo_end(
    located: Sequence[int], transcript: Transcript, question: Question, rubric: Rubric
) -> int | None:
    """How many of ``located`` (word indexes) open the answer by echoing the question, when a
    clause with a subject follows them; None otherwise."""
    cues, lang, hz = rubric.sentences, rubric.language, rubric.horizon
    assert cues is not None and lang is not None and hz is not None
    words = transcript.words
    tokens = [" ".join(_TOKEN.findall(normalize(words[i].text))) for i in located]
    end = next((j for j, t in enumerate(tokens) if t in cues.subject_words), None)
    rest = sum(1 for t in tokens[end or 0 :] if t)
    if not end or rest < cues.min_piece_words or end > lang.echo_max_words:
        return None
    said = " ".join(t for t in tokens[:end] if t)
    asked = _asked(question) - set(lang.stop_words)
    if "is" in tokens[end + 1 : end + _CLEFT_WORDS] and set(said.split()[-1:]) <= asked:
        # "the direction | i'm going is heavy diesel": a relative clause names the question's
        # word just before it; after "okay short term, um so | my big one is ..." none can.
        return None
    if not _said_aloud(said, lang, hz):
        return None  # "five years i want ...", "in five years, i ...": it dates the goal
    named = bool(asked & set(said.split()))
    return end if named and echoes_question(said, question, rubric) else None


def _said_aloud(said: str, lang: LanguageCues, hz: HorizonCues) -> bool:
    """Whether opening words that may echo the question are an echo said to oneself, not a
    time phrase that opens the goal's clause: with no time expression; with a bare count of
    years (one no word reads as a horizon) and a word besides it that is no stop word ("okay
    five years", "um so five years, uh, yeah"); or with such a word after the time phrase
    ("okay long term, um"). "five years i want ...", "honestly in five years i want ...",
    "five years from now, i'd hope ..." date the goal in their own clause."""
    counts = [m.span() for m in hz.duration.finditer(said)]
    horizons = [(t.start, t.end) for t in find_time_exprs(said, hz, current_year=None)]
    if not counts and not horizons:
        return True
    spans = counts + horizons
    # "five years from now": the words after a duration that point it ahead are part of it.
    for _, end in list(spans):
        ahead = hz.future_after.match(said[end:]) if hz.future_after else None
        if ahead is not None:
            spans.append((end, end + ahead.end()))
    last = max(e for _, e in spans)
    words = [(m.start(), m.group(0)) for m in _TOKEN.finditer(said)]
    aloud = [
        at for at, w in words if w not in lang.stop_words and not any(s <= at < e for s, e in spans)
    ]
    return any(at >= last for at in aloud) or (bool(aloud) and not horizons)


# A relative clause on the echoed words ("the direction i'm going is ...") reaches its "is"
# within this many words of its subject.
_CLEFT_WORDS = 5


def _before(start_s: float | None, cut_s: float | None) -> bool:
    return start_s is not None and cut_s is not None and start_s < cut_s


def _sub_sentence(
    whole: Sentence, transcript: Transcript, indexes: tuple[int, ...], start: int, end: int
) -> Sentence:
    """The part of ``whole`` made of the words ``indexes`` between characters start:end."""
    return replace(
        sentence_of(transcript, indexes, start, end), label=whole.label, reason=whole.reason
    )


def whole_view(
    transcript: Transcript,
    whole: Sequence[Sentence],
    sentences: Sequence[Sentence],
    judge: SentenceJudge | None,
    rubric: Rubric,
    question: Question,
    year: int,
    known: Classified | None = None,
    read: ReadSentences | None = None,
) -> tuple[list[Sentence], list[SentenceFeatures], dict[str, PitfallFinding]] | None:
    """The answer judged with its unpunctuated run-ons as said, not cut by the boundary
    model (labelled sentences, features and learned pitfalls), or None when the model cut
    nothing: ``whole`` (split_views' second view, unlabelled) is then ``sentences``.

    The boundary model's cuts give each clause of a spoken run-on a label of its own, but a
    pitfall is a judgement of what was said together: "i just want my cousins to see me in
    the suit | and be jealous" cut off reads as a goal, run on from the rest it is bragging
    (labelling.md rule 13), and a hedge run on into half a goal is still a non-answer. The
    pitfall models were trained on sentences cut by the rules alone. ``year`` dates the
    time expressions, as it does the cut view's (the same day, read once); ``known`` holds
    the cut view's classified sentences (label_sentences), most of which are said again here,
    and ``read`` those it read for the judgement (:func:`sentence_contexts`).
    """
    if [(s.char_start, s.char_end) for s in whole] == [
        (s.char_start, s.char_end) for s in sentences
    ]:
        return None
    labelled, features = label_sentences(
        whole, transcript, rubric=rubric, current_year=year, known=known
    )
    if judge is None:
        return labelled, features, {}
    # A reason names a run-on by the number of its first cut sentence, as the app shows them.
    # (The last one when the two splits do not nest: a run-on is named, never a crash.)
    numbers = [
        1
        + next(
            (i for i, s in enumerate(sentences) if s.char_end > w.char_start), len(sentences) - 1
        )
        for w in whole
    ]
    # Its sentences' reasons are never shown (the checks read its labels, spans and pitfalls).
    return _judged(
        labelled, features, judge, rubric, question, year, numbers, reasons=False, read=read
    )


def _judged(
    sentences: list[Sentence],
    features: list[SentenceFeatures],
    judge: SentenceJudge,
    rubric: Rubric,
    question: Question,
    year: int,
    numbers: Sequence[int] = (),
    *,
    reasons: bool = True,
    read: ReadSentences | None = None,
) -> tuple[list[Sentence], list[SentenceFeatures], dict[str, PitfallFinding]]:
    assert rubric.language is not None
    lang = rubric.language
    ctxs = sentence_contexts([f.text for f in features], question, rubric, year, read)
    verdicts, pitfalls = judge_answer(
        judge,
        features,
        ctxs,
        rubric.settings.short_term_max_years,
        negated=[lang.negation.denies(f.text, lang.goal_verbs) for f in features],
        numbers=numbers,
        reasons=reasons,
    )
    return (
        [
            replace(s, label=v.label, reason=v.reason)
            for s, v in zip(sentences, verdicts, strict=True)
        ],
        [replace(f, label=v.label, leans=v.leans) for f, v in zip(features, verdicts, strict=True)],
        pitfalls,
    )
