"""Sentences and labels of spoken answers, where Whisper's punctuation and words go wrong.

Every probe here is written for this file (none comes from tests/data/answers) and is built
the way the speech model hands words over: Whisper word pieces with times, joined by
``join_timed_words``. The silences between words are what decides; the same words with other
silences must give the other answer, so no test passes by the words alone.
"""

from __future__ import annotations

import pytest

from speakprep.core.labels import heard_as_meant, label_sentences
from speakprep.core.models import Transcript
from speakprep.core.rubric import load_rubric
from speakprep.core.sentences import mend_cut_stops, split_sentences
from speakprep.core.text import join_timed_words, transcript_from_text
from speakprep.core.whisper_stops import SENTENCE_GAP_S

WORD_S = 0.3  # each word takes 0.25 s, then 0.05 s of silence


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def spoken(*runs: tuple[str, float]) -> Transcript:
    """Whisper-like word pieces: each run's words back to back, then ``gap_s`` of silence.

    A piece that continues a word (Whisper's "-term") is given without its leading space.
    """
    pieces = []
    t = 0.0
    for text, gap_s in runs:
        for token in text.split():
            raw = token if token[:1] in "-.'," else " " + token
            pieces.append((raw, t, t + WORD_S - 0.05, 0.9))
            t += WORD_S
        t += gap_s
    return join_timed_words(pieces)


def texts(transcript: Transcript, rubric) -> list[str]:
    return [s.text for s in split_sentences(transcript, rubric=rubric)]


def labels(transcript: Transcript, rubric) -> list[str]:
    sentences = split_sentences(transcript, rubric=rubric)
    labelled, _ = label_sentences(sentences, transcript, rubric=rubric, current_year=2026)
    return [s.label for s in labelled]


def test_a_capital_after_a_pause_opens_the_sentence_whisper_did_not_stop(rubric) -> None:
    words = "I want to grow into a team lead over the next few years"
    after = "Outside work I coach a junior football side on weekends."
    paused = spoken((words, 0.6), (after, 0.0))
    assert texts(paused, rubric) == [words, after]
    # Spoken straight on, the capital alone is no sentence end (a name, "Team Lead").
    assert texts(spoken((words, 0.0), (after, 0.0)), rubric) == [f"{words} {after}"]
    # "I" is written with a capital wherever it stands.
    mine = spoken(("I want to grow into a team lead", 0.6), ("I think within two years.", 0.0))
    assert len(texts(mine, rubric)) == 1


def test_a_verbless_fragment_joins_the_sentence_it_was_spoken_into(rubric) -> None:
    before = "I have driven forklifts for nine years."
    fragment = "The last four on the night shift at a cold store."
    goal = "In two years I want to run the night shift myself."
    run_on = spoken((before, 0.1), (fragment, 0.7), (goal, 0.0))
    assert texts(run_on, rubric) == [f"{before} {fragment}", goal]
    # Alone, the fragment took the horizon-free goal frame of the answer; joined, it is
    # the track record it belongs to.
    assert labels(run_on, rubric) == ["other", "short_term"]
    # With a pause after the stop the speaker ended the sentence there: nothing joins.
    paused = spoken((before, 0.7), (fragment, 0.7), (goal, 0.0))
    assert texts(paused, rubric) == [before, fragment, goal]


def test_a_fragment_joins_forward_across_the_shorter_silence(rubric) -> None:
    fragment = "Further out, over the next decade or so."
    goal = "I want to manage a regional distribution centre."
    answer = spoken(
        ("I run inbound receiving for a grocery chain.", 0.8), (fragment, 0.1), (goal, 0.0)
    )
    sentences = texts(answer, rubric)
    assert sentences[-1] == f"{fragment} {goal}"
    assert labels(answer, rubric)[-1] == "long_term"


def test_a_fragment_with_a_verb_or_a_subject_stands(rubric) -> None:
    for second in ("There's a lot to learn on the floor.", "It was a good first job."):
        answer = spoken(("I started on the tills at sixteen.", 0.1), (second, 0.0))
        assert len(texts(answer, rubric)) == 2, second


@pytest.mark.parametrize(
    "statement",
    [
        "Your company helps clinics use their data.",
        "The hospital runs a residency for new graduates.",
        "Our depot ships parts to every store in the state.",
    ],
)
def test_a_noun_phrase_with_its_s_verb_is_a_clause_not_a_fragment(rubric, statement) -> None:
    # No subject word and no listed finite verb: "helps" after "your company" read as a
    # verbless fragment, which joined the goal spoken right after it and took its label.
    near = "In my first year I want to run the weekly dashboards."
    far = "Long term I'd like to lead the analytics team."
    answer = spoken((near, 0.1), (statement, 0.1), (far, 0.0))
    assert texts(answer, rubric) == [near, statement, far]
    assert labels(answer, rubric)[1] == "other"


def test_a_stop_after_an_open_ending_goes_even_without_a_pause(rubric) -> None:
    # Whisper closed "... the forklift course because." with no silence after it: no
    # sentence ends on "because" or "your", so the stop goes and the sentence stays whole.
    for first, second in (
        ("I took the forklift course because.", "I want to run the loading dock."),
        ("Next year I'd like to join your.", "Team I met at the job fair in May."),
    ):
        mended = mend_cut_stops(spoken((first, 0.1), (second, 0.0)), rubric=rubric)
        assert len(texts(mended, rubric)) == 1, mended.text
    # A stop after a word a sentence may end on stays.
    ended = spoken(("I run the night shift.", 0.1), ("Next year I want to train pickers.", 0.0))
    assert texts(mend_cut_stops(ended, rubric=rubric), rubric) == [
        "I run the night shift.",
        "Next year I want to train pickers.",
    ]


def test_a_capital_a_is_a_letter_a_sentence_may_end_on(rubric) -> None:
    # "with an A." ends a sentence: the grade, not the article ("a" is an open ending), so
    # Whisper's stop stays before the goal spoken 0.1 s later; a lower-case "a" still joins.
    goal = "In the spring I mean to sit the licensing exam."
    for first in (
        "This spring I passed the first pharmacology exam with an A.",
        "Last term I got through the anatomy module with an A.",
        "My backup is plan A.",
        "I finished the course, Part A.",
    ):
        mended = mend_cut_stops(spoken((first, 0.1), (goal, 0.0)), rubric=rubric)
        assert texts(mended, rubric) == [first, goal], mended.text
    cut = spoken(("Next year I'd like to become a.", 0.1), ("Shift lead on the ward.", 0.0))
    assert len(texts(mend_cut_stops(cut, rubric=rubric), rubric)) == 1


def test_a_plural_noun_is_no_subject_of_an_s_verb(rubric) -> None:
    # "years nights", "months mostly": an -s word after a plural noun or a count is a noun,
    # so these stay verbless fragments and join the sentence before them; a singular noun
    # with its -s verb ("the unit runs ...") stands as a clause.
    first = "I want to move into critical care."
    for fragment in (
        "The past three years evenings in a busy A and E.",
        "The first four weeks mainly observing the charge nurses.",
        "The last two years nights on a mixed ICU.",
        "The first six months mostly shadowing the leads.",
    ):
        answer = spoken((first, 0.1), (fragment, 0.0))
        assert texts(answer, rubric) == [f"{first} {fragment}"], fragment
    clause = "The unit trains its own charge nurses."
    assert len(texts(spoken((first, 0.1), (clause, 0.0)), rubric)) == 2


def test_a_plural_noun_before_a_preposition_is_still_a_fragment(rubric) -> None:
    # The -s word of "the next few months in training" is a noun, not a verb.
    goal = "I want to take over the evening shift."
    fragment = "The next few months in training with the lead."
    answer = spoken((goal, 0.1), (fragment, 0.8), ("Then I want to run the shift.", 0.0))
    assert texts(answer, rubric)[0] == f"{goal} {fragment}"


@pytest.mark.parametrize(
    "second",
    [
        "We'll expand the training programme for new graduates.",
        "We're going to open a second clinic.",
        "They'll pair me with a mentor on the ward.",
        "It'll take a certificate in critical care.",
    ],
)
def test_a_contracted_subject_opens_its_own_sentence(rubric, second: str) -> None:
    # "we'll" was not a subject word, so "We'll expand ..." read as a fragment and joined
    # the long-term goal before it, taking its label (the plan it states was lost).
    first = "Long term I'd like to become a clinical educator."
    answer = spoken((first, 0.1), (second, 0.0))
    assert texts(answer, rubric) == [first, second]


def test_whisper_pieces_that_continue_a_word_are_not_written_apart() -> None:
    transcript = spoken(("My long -term goal is a U .S. licence and 100 ,000 miles.", 0.0))
    assert transcript.text == "My long-term goal is a U.S. licence and 100,000 miles."
    for w in transcript.words:
        assert transcript.text[w.char_start : w.char_end] == w.text
    assert [w.text for w in transcript.words][:4] == ["My", "long", "term", "goal"]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("longer turn, i'd like to run a lab", "longer term, i'd like to run a lab"),
        ("short-turn i want to pass the exam", "short-term i want to pass the exam"),
        ("even truly i want my own studio", "eventually i want my own studio"),
        ("after a solid decayed here", "after a solid decade here"),
        ("sure, term, i want a bigger territory", "short term, i want a bigger territory"),
        ("now the road i'd like to run a depot", "down the road i'd like to run a depot"),
        ("long return, i want to run finance", "long term, i want to run finance"),
        ("far more out, i'd like to lead a team", "further out, i'd like to lead a team"),
        ("in the longer i'd like to manage stores", "in the long run i'd like to manage stores"),
        ("the men truly i'd like to run classes", "eventually i'd like to run classes"),
        ("i'd like a long return on that course", "i'd like a long return on that course"),
        ("in the longer term i want my own van", "in the longer term i want my own van"),
        ("i get far more out of coaching", "i get far more out of coaching"),
        ("so long return trips don't bother me", "so long return trips don't bother me"),
        ("in the longer i stay the more i learn", "in the longer i stay the more i learn"),
        ("i wanna run the ward rota", "i want to run the ward rota"),
        ("i'm gonna sit the exam", "i'm going to sit the exam"),
        ("i turn forty next spring", "i turn forty next spring"),  # no cue: left alone
        ("i know the road to the depot", "i know the road to the depot"),
    ],
)
def test_known_mishearings_of_cue_words_are_put_right(heard: str, meant: str) -> None:
    assert heard_as_meant(heard) == meant


def test_a_misheard_horizon_sets_the_label_in_speech_only(rubric) -> None:
    # Misheard, the goal has no horizon and the role itself makes it short_term.
    said = "Longer turn, I'd like to take on the night shift rota here."
    assert labels(spoken((said, 0.0)), rubric) == ["long_term"]
    # Typed text is taken as written: "turn" is no horizon there.
    typed = transcript_from_text(said)
    sentences = split_sentences(typed, rubric=rubric)
    _, features = label_sentences(sentences, typed, rubric=rubric, current_year=2026)
    assert features[0].horizon is None


def test_a_spoken_wanna_states_a_goal(rubric) -> None:
    said = "I wanna be the person who plans the ward rota for the whole floor."
    assert labels(spoken((said, 0.0)), rubric) == ["short_term"]


def test_a_typed_wanna_states_a_goal_too(rubric) -> None:
    # People type "wanna" as they say it; a typed "turn" stays a turn (test above).
    typed = transcript_from_text("Honestly I wanna be the person who plans the ward rota.")
    sentences = split_sentences(typed, rubric=rubric)
    labelled, _ = label_sentences(sentences, typed, rubric=rubric, current_year=2026)
    assert [s.label for s in labelled] == ["short_term"]


def test_a_run_on_is_cut_where_a_goal_is_counted_off(rubric) -> None:
    said = (
        "so honestly i have two goals for the next few years and they pull together "
        "the first is to become the person who plans the routes for the whole depot"
    )
    parts = texts(spoken((said, 0.0)), rubric)
    assert len(parts) == 2 and parts[1].startswith("the first is to become"), parts


def test_a_question_run_on_after_the_answer_is_its_own_sentence(rubric) -> None:
    said = (
        "In five years I'd like to be the person who runs the whole returns process for "
        "the region, is that something the team is already working toward?"
    )
    parts = texts(spoken((said, 0.0)), rubric)
    assert parts[-1].startswith("is that something"), parts
    assert labels(spoken((said, 0.0)), rubric) == ["long_term", "other"]


def test_sentence_gap_is_shorter_than_a_long_pause() -> None:
    # The sentence gap marks where a speaker may end a sentence; a run-on is only cut at a
    # pause of split_pause_s (1 s) or more. A gap as long would never join a fragment.
    cues = load_rubric().sentences
    assert cues is not None
    assert 0.0 < SENTENCE_GAP_S < cues.split_pause_s


def test_a_stop_after_that_or_this_before_a_pause_ends_the_sentence(rubric) -> None:
    # Spoken answers end on "that" / "this" as pronouns; the stop Whisper printed there
    # before a pause is the speaker's, and the goal after it is a sentence of its own.
    # (The engine mends Whisper's stops before splitting, as here.)
    def heard(*runs: tuple[str, float]) -> list[str]:
        return texts(mend_cut_stops(spoken(*runs), rubric=rubric), rubric)

    ended = "The night shifts are hard on everyone and honestly I'm at peace with that."
    goal = "The direction I want is wound care nursing within a few years."
    assert heard((ended, 0.5), (goal, 0.0)) == [ended, goal]
    # No stop, but a capital after the pause: "this" ends the sentence as well.
    into = "Fraud work is what pulled me into this"
    after = "Nobody else in the branch reads the transaction alerts closely."
    assert heard((into, 0.5), (after, 0.0)) == [into, after]
    # Spoken on without the pause, the capital alone is no sentence end.
    assert len(heard((into, 0.1), (after, 0.0))) == 1
    # A thinking pause (1 s or more: a piece cut, where Whisper must print a stop) after
    # "that" with a subject-less run after it is still one sentence; across a shorter
    # silence Whisper heard both sides in one window, and its stop stands.
    learned, months = "Over the year I learned that.", "The slow months pay off."
    assert len(heard((learned, 1.2), (months, 0))) == 1
    assert len(heard((learned, 0.6), (months, 0))) == 2


def test_a_cue_after_a_comma_spoken_straight_on_stays_in_the_sentence(rubric) -> None:
    # Whisper heard both clauses in one window and printed a comma, not a stop; with no
    # sentence gap after it, the goal clause belongs to the hedge's sentence (labelling.md
    # rule 4). A speaker who stops there starts a new one.
    hedge = "I'm not sure exactly where the language industry is heading with all the new tools,"
    goal = "but I want to pass the state court interpreter oral exam in the next year."
    assert texts(spoken((f"{hedge} {goal}", 0.0)), rubric) == [f"{hedge} {goal}"]
    parts = texts(spoken((hedge, 0.4), (goal, 0.0)), rubric)
    assert len(parts) == 2 and parts[1].startswith("but I want to pass"), parts


def test_a_comma_before_a_sentence_gap_ends_a_run_on(rubric) -> None:
    # Whisper closed the first sentence with a comma; the speaker took a breath (a sentence
    # gap) and began a new clause with its own subject. The time phrase before the comma
    # dates the goal before it, not the step after it.
    goal = "My goal is to become a mortgage adviser in this branch in two years,"
    step = "for this I study for the mortgage advice exam in the evenings."
    parts = texts(spoken((goal, 0.45), (step, 0.0)), rubric)
    assert parts == [goal, step]
    assert labels(spoken((goal, 0.45), (step, 0.0)), rubric) == ["short_term", "plan"]
    # Spoken straight on, the comma is the speaker's: one sentence.
    assert len(texts(spoken((f"{goal} {step}", 0.0)), rubric)) == 1
    # A gap after a comma with no clause after it cuts nothing ("..., senior, then lead").
    ladder = "I want a bigger title every couple of years in this company,"
    titles = "senior, then lead, then principal, and then head of engineering."
    assert len(texts(spoken((ladder, 0.45), (titles, 0.0)), rubric)) == 1


def test_a_comma_stop_after_a_conjunction_cuts_at_the_comma(rubric) -> None:
    # "... or so," closes the goal: the cut stays at the comma, never back before "or".
    goal = "My goal is to run my own team of engineers within the next couple of years or so,"
    step = "I already lead the weekly stand-up when my manager is away."
    assert texts(spoken((goal, 0.4), (step, 0.0)), rubric) == [goal, step]
    # Its twin with no conjunction before the comma is cut at the comma too.
    plain = goal.replace(" or so,", ",")
    assert texts(spoken((plain, 0.4), (step, 0.0)), rubric) == [plain, step]
