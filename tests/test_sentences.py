"""Sentence splitting: exact offsets, abbreviations, run-ons, pauses, and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speakprep.core.boundaries import blocked_gaps, clause_opening, clause_start, inside_clause
from speakprep.core.models import Pause, Transcript, Word
from speakprep.core.rubric import load_rubric
from speakprep.core.sentences import horizon_with_goal, split_sentences
from speakprep.core.text import join_timed_words, transcript_from_text


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(transcript_from_text(text))]


def _check_invariants(transcript: Transcript) -> None:
    sentences = split_sentences(transcript)
    text = transcript.text
    seen: list[int] = []
    previous_end = 0
    for s in sentences:
        assert 0 <= s.char_start <= s.char_end <= len(text)
        assert s.text == text[s.char_start : s.char_end]
        assert s.text == s.text.strip()
        assert s.char_start >= previous_end  # in order, no overlap
        previous_end = s.char_end
        for i in s.word_indexes:
            w = transcript.words[i]
            if w.char_start is not None:
                assert s.char_start <= w.char_start and w.char_end <= s.char_end
        seen.extend(s.word_indexes)
    located = [
        i
        for i, w in enumerate(transcript.words)
        if w.char_start is not None and w.source != "audio" and not w.filler
    ]
    content_seen = [i for i in seen if i in set(located)]
    assert sorted(content_seen) == located  # every non-filler word exactly once


@pytest.mark.parametrize(
    "text",
    [
        "I met Dr. Patel at St. Luke's in the U.S. last year. Now I want to lead a unit.",
        "I want to grow, e.g. by taking courses; my GPA was 3.5. I start at 9 a.m. daily.",
        "I earned a B.Sc. in biology. That took approx. 4 years.",
    ],
)
def test_abbreviations_and_decimals_do_not_split(text: str) -> None:
    assert len(_texts(text)) == 2


def test_lower_case_word_before_a_full_stop_still_ends_a_sentence() -> None:
    assert _texts(
        "Climbing the ladder is important to me. I'll take any course. He said no. I left."
    ) == [
        "Climbing the ladder is important to me.",
        "I'll take any course.",
        "He said no.",
        "I left.",
    ]


@pytest.mark.parametrize("suffix", ["Inc.", "Ltd.", "Co.", "Corp.", "LLC."])
def test_a_company_suffix_before_a_capital_ends_the_sentence(suffix: str) -> None:
    text = f"I spent three years at Acme {suffix} I want to lead the support team here."
    assert _texts(text) == [
        f"I spent three years at Acme {suffix}",
        "I want to lead the support team here.",
    ]
    # Before a lower-case word the suffix is just part of the name.
    inside = f"I joined Brightline {suffix} last year and I love the work."
    assert _texts(inside) == [inside]


def test_offsets_index_the_text_exactly() -> None:
    text = "  Great question!  In two years, I want to lead.\n\nThat's it.  "
    transcript = transcript_from_text(text)
    sentences = split_sentences(transcript)
    assert [s.text for s in sentences] == [
        "Great question!",
        "In two years, I want to lead.",
        "That's it.",
    ]
    for s in sentences:
        assert text[s.char_start : s.char_end] == s.text
        assert s.start_s is None and s.end_s is None


def test_unpunctuated_run_on_is_split_on_discourse_cues() -> None:
    text = (
        "um so in the near term i want to get my ccrn certification within the next year and uh "
        "i'm already studying for it with a review course and in the long term i want to become "
        "a nurse manager on a unit like this one and uh my plan is to start my msn next fall"
    )
    assert _texts(text) == [
        "um so in the near term i want to get my ccrn certification within the next year",
        "and uh i'm already studying for it with a review course",
        "and in the long term i want to become a nurse manager on a unit like this one",
        "and uh my plan is to start my msn next fall",
    ]


def test_boundary_model_cuts_a_run_on_with_no_cue() -> None:
    # No discourse cue opens "i love ...": only the learned boundary model cuts there.
    text = (
        "well i started out as a dishwasher at a small diner i worked my way up to line cook "
        "over about two years i love the pace of a busy kitchen"
    )
    assert _texts(text) == [
        "well i started out as a dishwasher at a small diner",
        "i worked my way up to line cook over about two years",
        "i love the pace of a busy kitchen",
    ]


def test_boundary_model_cuts_before_a_new_subject_not_after_a_noun_phrase() -> None:
    # "the money is" opens a clause (a determiner's subject and its verb); "the direction |
    # i want to go" is a noun phrase and its relative clause, not two sentences.
    text = (
        "so the direction i want to go is running the whole warehouse floor and the money is "
        "good but the people matter more to me"
    )
    assert _texts(text) == [
        "so the direction i want to go is running the whole warehouse floor",
        "and the money is good but the people matter more to me",
    ]


def test_a_relative_clause_after_a_goal_noun_is_not_cut_off() -> None:
    # "the part | i enjoyed was", "the thing | i'm aiming for is": the pronoun clause only
    # describes the noun before it, whose verb comes after it; a cue ("i want to") or the
    # boundary model cut there. A cut after "which"/"where" falls inside a clause too.
    text = (
        "i spent four years stocking shelves at a hardware store and honestly the part i "
        "enjoyed most was ordering and the thing i'm aiming for is running purchasing for a "
        "chain like yours which i know takes a while so in the next year i want to learn your "
        "inventory system inside out"
    )
    sentences = _texts(text)
    for inside in ("the part i enjoyed", "the thing i'm aiming"):
        assert any(inside in s for s in sentences), (inside, sentences)
    words = "getting my reports done on time which i know is the hard part"
    said = words.split(" ")
    assert inside_clause(said, said.index("i"))
    words = "getting my reports done on time i know the hard part is next"
    plain = words.split(" ")
    assert not inside_clause(plain, plain.index("i"))
    # The same words as sentences of their own are still cut: a subject and its verb after
    # a noun with no "is"/"was" handed back.
    apart = (
        "i spent four years stocking shelves at a hardware store and honestly the part time "
        "hours suited me i want to run purchasing for a chain like yours in five years"
    )
    assert _texts(apart)[-1].startswith("i want to run purchasing")


def test_a_pronoun_clause_with_a_new_subject_opens_a_sentence() -> None:
    # "| i guess the site was", "| i feel the classroom is": a determiner's noun right after
    # the pronoun's verb is the subject of that "is"/"was", so the pronoun clause is no
    # relative clause of the noun before it and the cut stands (review19 #3).
    text = (
        "i spent three years on a building site i guess the site was my training ground and "
        "now in the next year i want to qualify as a surveyor"
    )
    assert any(s.startswith("i guess the site was") for s in _texts(text)), _texts(text)
    for words, at in (
        ("i taught for a year at the school i feel the classroom is where i belong", "i feel"),
        ("i did nights in a care home i realised the nursing side was my calling", "i realised"),
        ("the office job i really think the real work was outside", "i really"),
    ):
        said = words.split(" ")
        k = len(words[: words.index(at)].split())
        assert not inside_clause(said, k), words
    # Goals named by a relative clause stay whole.
    for words in ("the direction i want to go in is sales", "the thing i really want is a crew"):
        said = words.split(" ")
        assert inside_clause(said, said.index("i")), words


def test_like_and_what_it_compares_with_stay_together() -> None:
    # "a bigger dairy | like this one": "like" compares, it does not open a clause here.
    text = (
        "i want to get into a herd program on a bigger dairy like this one, like calving and "
        "the records side"
    )
    assert _texts(text) == [text]
    said = "i never saw my job like that i just enjoy the machines"
    words = said.split(" ")
    assert inside_clause(words, words.index("that"))
    assert inside_clause(words, words.index("like"))
    said = "i want to run the bench like i want to own the whole repair side"
    opener = said.split(" ")
    assert not inside_clause(opener, 6)  # "... the bench | like i want to own ..."


def test_no_learned_cut_leaves_a_sentence_on_an_open_ending() -> None:
    # The boundary model cut "every year or | so um that's how" and "the front desk or |
    # so i thought": no sentence ends on "or" (rubric open_endings), the cut is dropped.
    crews = (
        "my plan is to pick up a new safety ticket every year or so um that's how the good "
        "crews pick their leads and in five years i want to run a crew of my own"
    )
    animals = (
        "the thing is i really want to work with the animals more than the front desk or so i "
        "thought until i did a summer of intake"
    )
    for text in (crews, animals):
        sentences = _texts(text)
        assert not any(s.endswith(" or") for s in sentences), sentences
    # The cut where a clause does end stays.
    assert _texts(crews)[-1] == "and in five years i want to run a crew of my own"


def test_clause_start_reads_a_subject_and_its_finite_verb() -> None:
    text = "and the money is good what i like is the crew and we just started"
    tokens = text.split()
    starts = {tokens[k]: clause_start(tokens, k) for k in (1, 5, 6, 12)}
    assert starts == {"the": "phrase", "what": "none", "i": "pronoun", "we": "pronoun"}
    assert clause_start(tokens, 0) == "phrase"  # after the opener "and"


def test_every_time_phrase_of_a_stretch_is_kept_whole() -> None:
    # The rubric's fronted_time is anchored at the end of a text: a phrase mid-stretch counts.
    cues = load_rubric().sentences
    assert cues is not None and cues.fronted_time is not None
    text = "i want my own crew within the next two years and a shop down the road"
    tokens = text.split()
    blocked = blocked_gaps(tokens, cues.fronted_time)
    assert [t for t, b in zip(tokens, blocked, strict=True) if b] == [
        "the", "next", "two", "years", "the", "road"
    ]  # fmt: skip


def test_fillers_before_a_cut_open_the_new_sentence() -> None:
    # "i worked" is a cue; only the boundary model cuts before "i love".
    text = (
        "well i started out as a dishwasher at a small diner uh um i worked my way up to line "
        "cook over about two years uh i love the pace of a busy kitchen"
    )
    assert _texts(text) == [
        "well i started out as a dishwasher at a small diner",
        "uh um i worked my way up to line cook over about two years",
        "uh i love the pace of a busy kitchen",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A cue ("my goal is") after "and uh now": the cut goes before the conjunction.
        (
            "i spent three years on the shop floor and took an evening course last spring to "
            "make the switch and uh now my goal is to become a quality engineer on a team like "
            "this one",
            [
                "i spent three years on the shop floor and took an evening course last spring "
                "to make the switch",
                "and uh now my goal is to become a quality engineer on a team like this one",
            ],
        ),
        # A learned cut before "i wanna" after a lone "like": the particle opens the clause.
        (
            "i've been stocking shelves here for two years and honestly it's the overtime like "
            "i wanna get trained on the forklift so i can pick up the night shifts",
            [
                "i've been stocking shelves here for two years",
                "and honestly it's the overtime",
                "like i wanna get trained on the forklift so i can pick up the night shifts",
            ],
        ),
        # ... and after a lone "yeah".
        (
            "i worked the front desk at a gym for a while and it never felt right yeah i don't "
            "really know where i'm going yet but i like helping people",
            [
                "i worked the front desk at a gym for a while and it never felt right",
                "yeah i don't really know where i'm going yet",
                "but i like helping people",
            ],
        ),
    ],
    ids=["cue_after_and_now", "learned_after_like", "learned_after_yeah"],
)
def test_no_run_on_sentence_ends_on_the_words_that_open_the_next(
    text: str, expected: list[str]
) -> None:
    assert _texts(text) == expected


def test_clause_opening_keeps_like_as_a_verb_and_stays_after_the_floor() -> None:
    tokens = ["so", "what", "i'd", "like", "i", "want", "to", "run", "the", "bar"]
    assert clause_opening(tokens, tokens.index("i", 2), 0) == tokens.index("i", 2)
    tokens = ["the", "pay", "bump", "like", "i", "wanna"]
    assert clause_opening(tokens, 4, 0) == 3
    assert clause_opening(tokens, 4, 3) == 4  # never at or before the floor
    tokens = ["the", "switch", "and", "then", "like", "eventually", "i", "want"]
    assert clause_opening(tokens, 5, 0) == 2


def test_a_stop_after_fillers_and_particles_alone_ends_no_sentence() -> None:
    # Whisper prints "okay so um." and "so.": they open the sentence after them (the last
    # one closes the sentence before it); an exclamation or a lone "yeah." stands alone.
    text = (
        "okay so um. i've been a line cook for six years. my goal is to run my own station "
        "here next year. yeah. so."
    )
    assert _texts(text) == [
        "okay so um. i've been a line cook for six years.",
        "my goal is to run my own station here next year.",
        "yeah. so.",
    ]
    assert _texts("oh man. i've been a line cook for six years.") == [
        "oh man.",
        "i've been a line cook for six years.",
    ]


def test_boundary_model_leaves_punctuated_text_to_the_stops() -> None:
    sentences = [
        "Well, I started out as a dishwasher at a small diner and worked my way up to line "
        "cook over about two years while I studied at night.",
        "I love the pace of a busy kitchen.",
    ]
    assert _texts(" ".join(sentences)) == sentences


def test_time_phrase_goes_with_the_clause_it_opens() -> None:
    text = (
        "honestly it's not about the money for me in the next year i want to get really good "
        "at consultative selling on the floor"
    )
    pieces = _texts(text)
    assert pieces[-1].startswith("in the next year i want to")


def test_a_horizon_that_closes_a_goal_stays_with_it_before_a_clause_with_its_own() -> None:
    # The first horizon dates the goal before it; the clause after the cut opens with a
    # time phrase of its own, so the cut does not move back over the first one.
    text = (
        "and i want to be the top seller on the service agreements within the first year "
        "longer term i just want to be running the whole maintenance side of the branch"
    )
    pieces = _texts(text)
    assert pieces[0].endswith("within the first year")
    assert pieces[-1].startswith("longer term i just want")


def test_ordinary_punctuated_sentence_is_not_cut_on_cues() -> None:
    text = "In the next two years I want to lead a team, and eventually I'd like to run the unit."
    assert _texts(text) == [text]


def test_a_fronted_time_phrase_is_not_cut_off_a_timed_sentence() -> None:
    # 23 words, timed: long enough to be refined as a possible run-on. The opening time
    # phrase ends in a comma before the "I want to" cue; its "my" is no subject of its own.
    text = (
        "In my first year as an account executive here, I want to close my own deals "
        "and hit at least 100 percent of quota."
    )
    transcript = _timed(_words_at(text, 0.0))
    assert [s.text for s in split_sentences(transcript)] == [text]
    # A real clause before the cue still splits a run-on.
    runon = (
        "in my first year here i handled the billing for the whole clinic on my own "
        "i want to run the front office within two years"
    )
    assert len(split_sentences(_timed(_words_at(runon, 0.0)))) == 2


def _timed(pieces: list[tuple[str, float, float]]) -> Transcript:
    return join_timed_words([(f" {w}", a, b, 0.9) for w, a, b in pieces])


def _words_at(text: str, start_s: float, step_s: float = 0.3) -> list[tuple[str, float, float]]:
    out = []
    t = start_s
    for w in text.split():
        out.append((w, t, t + step_s - 0.05))
        t += step_s
    return out


def test_long_pause_splits_a_timed_run_on_and_sentences_carry_times() -> None:
    first = "so my goal for the next two years is to become a solid engineer on your team"
    second = "reading the codebase every week with senior people is how i will get better at it"
    words = _words_at(first, 0.0) + _words_at(second, 10.0)
    transcript = _timed(words)
    sentences = split_sentences(transcript)
    assert [s.text for s in sentences] == [first, second]
    assert sentences[0].start_s == pytest.approx(0.0)
    assert sentences[1].start_s == pytest.approx(10.0)
    assert sentences[1].end_s == pytest.approx(words[-1][2])


def test_pauses_argument_is_used_for_splitting() -> None:
    first = "i want to become a charge nurse here soon because i love the unit work"
    second = "studying every night for the certification exam with colleagues is my way"
    # The word times show no gap (ASR stretched the words); the delivery analysis found a
    # 1.5 s silence at the boundary.
    boundary = len(first.split()) * 0.3
    words = _words_at(first, 0.0) + _words_at(second, boundary)
    transcript = _timed(words)
    assert len(split_sentences(transcript)) == 1
    split = split_sentences(transcript, [Pause(boundary - 0.8, boundary + 0.7)])
    assert [s.text for s in split] == [first, second]


def test_filler_words_before_a_cue_start_the_new_sentence() -> None:
    base = transcript_from_text(
        "so i want to get certified on the forklift this year um and eventually i'd like to "
        "run the whole night shift crew"
    )
    words = tuple(
        Word(
            w.text,
            filler=w.text == "um",
            filler_kind="hard" if w.text == "um" else None,
            char_start=w.char_start,
            char_end=w.char_end,
        )
        for w in base.words
    )
    transcript = Transcript(base.text, words)
    texts = [s.text for s in split_sentences(transcript)]
    assert texts == [
        "so i want to get certified on the forklift this year",
        "um and eventually i'd like to run the whole night shift crew",
    ]


def test_audio_only_fillers_attach_by_time() -> None:
    transcript = _timed(_words_at("I want to lead. Then I will mentor.", 0.0))
    audio = Word("(um)", start_s=1.3, end_s=1.5, filler=True, filler_kind="hard", source="audio")
    transcript = Transcript(transcript.text, (*transcript.words, audio))
    sentences = split_sentences(transcript)
    assert len(sentences) == 2
    assert len(transcript.words) - 1 in sentences[1].word_indexes


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "?!"])
def test_empty_or_wordless_text_gives_no_sentences(text: str) -> None:
    assert split_sentences(transcript_from_text(text)) == []


_ALPHABET = st.sampled_from(
    [*"abcdefgh IUSTM.,;:!?'-\"\n", "é", "ü", "ß", "中", "—", "…", "’", "Dr.", " um ", " and "]
)
_CUE_WORDS = st.sampled_from(
    [
        "and",
        "in",
        "the",
        "long",
        "term",
        "i",
        "want",
        "to",
        "eventually",
        "my",
        "goal",
        "uh",
        "next",
        "two",
        "years",
        "i'd",
        "like",
        "plan",
        "so",
        "lead",
        "team",
        "nurse",
        "this",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_invariants_on_arbitrary_text(text: str) -> None:
    _check_invariants(transcript_from_text(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(_CUE_WORDS, min_size=0, max_size=70).map(" ".join))
def test_invariants_on_unpunctuated_run_ons(text: str) -> None:
    _check_invariants(transcript_from_text(text))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(_CUE_WORDS, st.floats(min_value=0.0, max_value=2.5), st.booleans()),
        min_size=1,
        max_size=50,
    )
)
def test_invariants_on_timed_words_with_fillers(items) -> None:
    t = 0.0
    pieces = []
    fillers = []
    for word, gap, is_filler in items:
        t += gap
        pieces.append((f" {word}", t, t + 0.2, 0.9))
        fillers.append(is_filler and word in ("uh", "so"))
        t += 0.2
    base = join_timed_words(pieces)
    words = tuple(
        Word(
            w.text,
            w.start_s,
            w.end_s,
            w.probability,
            filler=f,
            char_start=w.char_start,
            char_end=w.char_end,
        )
        for w, f in zip(base.words, fillers, strict=True)
    )
    transcript = Transcript(base.text, words)
    _check_invariants(transcript)
    for s in split_sentences(transcript):
        assert s.start_s is not None and s.end_s is not None and s.start_s <= s.end_s


def test_a_time_phrase_before_a_goal_goes_with_that_goal() -> None:
    # The goal cue cuts "this year | i want ...": the phrase dates the goal after the cut,
    # not the background before it (labelling.md rule 2).
    texts = _texts(
        "honestly i have been stocking shelves at a grocery store for two years mostly nights "
        "and some deliveries this year i want to get my forklift ticket and learn the "
        "receiving software"
    )
    assert (
        texts[-1] == "this year i want to get my forklift ticket and learn the receiving software"
    )
    # Spoken "wanna" is the goal cue too ("this year | i wanna ...").
    texts = _texts(
        "so right now i'm on the loading dock doing pallets and some receiving this year i "
        "wanna get my forklift ticket and run the receiving side by myself"
    )
    assert (
        texts[-1] == "this year i wanna get my forklift ticket and run the receiving side by myself"
    )
    # A goal just before the phrase owns it: it stays there.
    assert (
        _texts(
            "i want to get my forklift ticket this year i would like to learn the receiving "
            "software and train the new hires"
        )[0]
        == "i want to get my forklift ticket this year"
    )


def test_a_learned_cut_leaves_a_time_phrase_with_the_goal_it_dates() -> None:
    rubric = load_rubric()
    assert rubric.sentences is not None and rubric.horizon is not None
    said = "i would like to move to the escalations desk in the first six months then team lead"
    tokens = [*said.split(), "then", "supervisor"]
    cut = tokens.index("in")
    # The phrase closes the horizon-less goal before it; the list after it has no clause.
    assert horizon_with_goal(tokens, [cut], rubric.horizon, rubric.sentences) == [cut + 5]
    # A clause of its own after the phrase keeps it: "in the first six months i'd ...".
    own = [*tokens[:cut], "in", "the", "first", "year", "i'd", "like", "to", "lead", "it"]
    assert horizon_with_goal(own, [cut], rubric.horizon, rubric.sentences) == [cut]
