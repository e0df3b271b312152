"""Which words of a transcript are fillers: hard fillers, discourse fillers in context."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speakprep.core.fillers import (
    FillerLexicon,
    FillerLexiconError,
    filler_spans,
    is_hard_filler,
    load_filler_lexicon,
    mark_fillers,
)
from speakprep.core.models import Transcript, Word
from speakprep.core.text import join_timed_words, transcript_from_text

AUDIO_DIR = Path(__file__).parent / "data" / "audio"
FILLERS_PY = Path(__file__).parents[1] / "speakprep" / "core" / "fillers.py"
ASSET_TOML = Path(__file__).parents[1] / "assets" / "fillers.toml"


@pytest.fixture(scope="module")
def lexicon() -> FillerLexicon:
    return load_filler_lexicon()


def found(transcript: Transcript, lexicon: FillerLexicon) -> list[tuple[str, str]]:
    """Each filler occurrence as (its words, its kind), in order."""
    marked = mark_fillers(transcript, lexicon)
    out = []
    for first, last in filler_spans(marked, lexicon):
        words = marked.words[first : last + 1]
        kinds = {w.filler_kind for w in words}
        assert len(kinds) == 1, f"one filler with mixed kinds: {words}"
        out.append((" ".join(w.text for w in words), str(kinds.pop())))
    return out


def texts(transcript: Transcript, lexicon: FillerLexicon) -> list[str]:
    return [text for text, _ in found(transcript, lexicon)]


def timed(spec: str, word_s: float = 0.25, gap_s: float = 0.05) -> Transcript:
    """A timed transcript from ``"so <0.5> I want"``: ``<x>`` is a silence of x seconds.

    Words are ``word_s`` long and ``gap_s`` apart unless a silence is given, so the only
    pauses are the ones written in the spec. Built through join_timed_words, like ASR output.
    """
    pieces: list[tuple[str, float, float, float]] = []
    t = 0.0
    pending_gap = 0.0
    for token in spec.split():
        silence = re.fullmatch(r"<(\d+(?:\.\d+)?)>", token)
        if silence:
            pending_gap = float(silence.group(1))
            continue
        start = t + (pending_gap if pieces else 0.0)
        pieces.append((" " + token, start, start + word_s, 0.9))
        t = start + word_s + gap_s
        pending_gap = 0.0
    return join_timed_words(pieces)


# --- the lexicon file ------------------------------------------------------------------


def test_default_lexicon_loads_from_the_package(lexicon: FillerLexicon) -> None:
    assert {"um", "uh", "er", "ah", "erm", "hmm", "mm"} <= lexicon.hard_words
    names = {d.name for d in lexicon.discourse}
    assert {"like", "you know", "I mean", "basically", "actually", "literally"} <= names
    assert {"kind of", "sort of", "so", "well", "right"} <= names
    assert {d.rule for d in lexicon.discourse} == {"unless_content", "set_off", "opener"}
    assert 0.2 <= lexicon.pause_as_comma_s <= 0.5


def test_explicit_path_gives_the_same_lexicon(lexicon: FillerLexicon) -> None:
    assert load_filler_lexicon(ASSET_TOML) == lexicon


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[hard\nwords = []", "not valid TOML"),
        ('[[discourse]]\nname = "x"\nspellings = ["x"]\nrule = "sometimes"', "rule must be"),
        ('[[discourse]]\nname = "x"\nspellings = ["x"]\nrule = "set_off"\nfoo = 1', "'foo'"),
        ('[[discourse]]\nname = "x"\nspellings = []\nrule = "set_off"', "spellings"),
        ('[[discourse]]\nname = "x"\nspellings = [1]\nrule = "set_off"', "spellings"),
        ('[[discourse]]\nspellings = ["x"]\nrule = "set_off"', "name"),
        ('[hard]\npatterns = ["u(+"]', "bad pattern"),
        ("[hard]\nwords = 'um'", "words"),
        ("[settings]\npause_as_comma_s = -0.3", "pause_as_comma_s"),
        ("[settings]\npause_as_comma_s = true", "pause_as_comma_s"),
        ("discourse = 3", "discourse"),
        ("schema_version = 2", "schema_version"),
        ("fillers = []", "'fillers'"),
    ],
)
def test_malformed_lexicon_raises_a_clear_one_line_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "fillers.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FillerLexiconError) as info:
        load_filler_lexicon(path)
    assert isinstance(info.value, ValueError)
    text = str(info.value)
    assert message in text
    assert str(path) in text
    assert "\n" not in text


def test_the_lexicon_is_data_not_code(tmp_path: Path) -> None:
    """A new discourse filler, a new hard filler and a new threshold need no code change."""
    path = tmp_path / "fillers.toml"
    path.write_text(
        """
        [settings]
        pause_as_comma_s = 0.8
        [hard]
        words = ["ehm"]
        [[discourse]]
        name = "anyway"
        spellings = ["anyway", "any way"]
        rule = "opener"
        """,
        encoding="utf-8",
    )
    custom = load_filler_lexicon(path)
    text = transcript_from_text("Ehm. Anyway, my goal is to lead. Um, so, yes.")
    assert texts(text, custom) == ["Ehm", "Anyway"]
    # 0.5 s is a comma for the bundled lexicon but not for this one.
    assert texts(timed("anyway <0.5> my goal is to lead"), custom) == []
    assert texts(timed("anyway <0.9> my goal is to lead"), custom) == ["anyway"]


# --- hard fillers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        "um", "Um", "UM", "umm", "Umm", "Ummm", "uhm", "Uhm", "Uhmm", "uh", "Uh", "Uhh",
        "er", "Er", "err", "erm", "Erm", "Errm", "ah", "Ah", "Ahh", "aah", "hmm", "Hmm",
        "Hmmm", "hm", "Hm", "mm", "Mm", "Mmm", "eh", "Mm-hmm", "mm-hmm", "Mhm", "Uh-huh",
        "Um,", "Uh...", "(um)", "Hmm?",
    ],
)  # fmt: skip
def test_hard_filler_spellings(token: str, lexicon: FillerLexicon) -> None:
    assert is_hard_filler(token, lexicon)


@pytest.mark.parametrize(
    "token",
    [
        "ER", "umbrella", "hum", "mum", "them", "ham", "him", "m", "M", "aha", "oh",
        "error", "her", "are", "human", "hmmingbird", "uhuru", "", ",", "like", "so",
        "huh", "mmhm-no", "era", "aeh",
    ],
)  # fmt: skip
def test_not_hard_fillers(token: str, lexicon: FillerLexicon) -> None:
    assert not is_hard_filler(token, lexicon)


# --- sentences as Whisper prints them with a verbatim prompt --------------------------

PUNCTUATED: list[tuple[str, list[str]]] = [
    ("Um, so in the near term I'd like to, like, lead a small team.", ["Um", "like"]),
    (
        "So, my short-term goal is to, uh, pass the CPA exam, and, you know, get audit experience.",
        ["So", "uh", "you know"],
    ),
    (
        "I mean, in five years I want to be a senior engineer, kind of leading the platform.",
        ["I mean", "kind of"],
    ),
    ("I was, like, really keen to, um, move into product management.", ["like", "um"]),
    ("It's, you know, important to me that I keep learning.", ["you know"]),
    ("Actually, my long-term goal is to lead a design team, right?", ["Actually", "right"]),
    (
        "Well, I've always wanted to manage people, and this role is, sort of, the first step.",
        ["Well", "sort of"],
    ),
    ("Basically, I want to work in a team like yours.", ["Basically"]),
    ("Hmm. Okay, so, um, I'd say my goal is to become a team lead.", ["Hmm", "Okay", "so", "um"]),
    ("Mm-hmm, yeah, I think in three years I want to, er, manage a team.", ["Mm-hmm", "er"]),
    (
        "Umm, uh, hmm. Okay, so, like, you know.",
        ["Umm", "uh", "hmm", "Okay", "so", "like", "you know"],
    ),
    ("Okay, so my goal is to become a team lead.", ["Okay"]),
    ("So, like, I want to grow. So, um, that's it.", ["So", "like", "So", "um"]),
    ("I led, actually, three teams last year.", ["actually"]),
    ("Literally, it doubled our sales.", ["Literally"]),
    ("It was, like... hard, I mean, to leave.", ["like", "I mean"]),
    ("My goal, basically, is to lead, uh, the data team.", ["basically", "uh"]),
    ("I’m, like, ready. I’d like to start.", ["like"]),
    ("So my plan is to take a leadership course this year.", []),
    ("I would like to grow with your company, so that I can lead projects.", []),
    ("I like my team, and I'd like to stay in this field for a long time.", []),
    ("What kind of role do you see me in? The sort of work I enjoy is hands-on.", []),
    ("I actually delivered results last year, and I literally doubled our sales.", []),
    ("That looks like a great fit, and people like you make it easy.", []),
    ("I mean it when I say I want to grow here. That's what I mean.", []),
    ("If you know the answer, you know the team is strong.", []),
    ("I'd love to learn tools like Python and firms like Deloitte.", []),
    ("Right now I work in the ER, and it's the right move for me. That's right.", []),
    ("I did well in school, and I enjoy design as well as code.", []),
    ("I have a cold, so I probably sound quite different.", []),
    # Mid-sentence "so" stays a connective even when a filler follows it.
    ("I have a cold, so, um, I sound different.", ["um"]),
    ("I want to work at a company like Stripe, like, soon.", ["like"]),
    ("I feel like I'm ready, just like my manager was.", []),
    # An -ing form after "like" is its object ("such as"), in any wording.
    ("Small habits, like splitting a bill or planning meals, add up.", []),
    ("I'd take on more, like mentoring new hires.", []),
    ("It was, like, going really well.", ["like"]),
    ("There are so many things I want to learn, so much to do.", []),
]


@pytest.mark.parametrize(("text", "expected"), PUNCTUATED)
def test_punctuated_sentences(text: str, expected: list[str], lexicon: FillerLexicon) -> None:
    assert texts(transcript_from_text(text), lexicon) == expected


# --- run-ons without punctuation (fast or filler-heavy speech) ---------------------------

RUN_ONS: list[tuple[str, list[str]]] = [
    ("um so in the near term i'd like to like lead a small team", ["um", "like"]),
    ("i was like really keen to move into product management", ["like"]),
    ("it's you know important to me", ["you know"]),
    ("so um i want to lead a team", ["so", "um"]),
    ("basically i want to kind of grow into a lead role", ["basically", "kind of"]),
    ("i mean i want to grow", ["i mean"]),
    ("it was like three years ago", ["like"]),
    ("i was like thinking about it", ["like"]),
    # After "be", "like" before any -ing form is the hedge; elsewhere it is "such as".
    ("i was like doing it all myself", ["like"]),
    ("we were like having fun", ["like"]),
    ("small things like doing the dishes add up", []),
    ("habits like being on time matter", []),
    # After a thing and "be" it compares: "it's like having", "that was like being".
    ("it's like having a second family", []),
    ("that was like being thrown in the deep end", []),
    ("she's like doing three jobs at once", ["like"]),
    ("i sort of fell into marketing uh and stayed", ["sort of", "uh"]),
    ("so like i want to grow", []),
    ("you know the answer so i will be brief", []),
    ("i like my team and i would like to stay", []),
    ("so my plan is to take a course", []),
    ("what kind of role would suit me", []),
    ("i have a cold so i probably sound different", []),
    ("i'd love to learn things like python", []),
    ("it looks like a good fit for people like me", []),
    ("actually i want to lead", []),
    ("i actually led a team and it literally doubled sales", []),
]


@pytest.mark.parametrize(("text", "expected"), RUN_ONS)
def test_unpunctuated_run_ons(text: str, expected: list[str], lexicon: FillerLexicon) -> None:
    assert texts(transcript_from_text(text), lexicon) == expected


# --- contrast pairs: the same word as content and as a filler ---------------------------

CONTRASTS: list[tuple[str, str, str]] = [
    # (word, content use, filler use)
    ("like", "I like my team.", "I was, like, really keen."),
    ("like", "I would like to lead.", "I would, like, lead."),
    ("like", "People like you make it easy.", "People, like, notice."),
    ("like", "It looks like a fit.", "It's, like, a fit."),
    ("you know", "You know the answer.", "You know, the answer is yes."),
    ("you know", "Do you know how?", "It's, you know, how I work."),
    ("I mean", "I mean it.", "I mean, it's hard."),
    ("kind of", "What kind of role is it?", "It's kind of a big role."),
    ("sort of", "The sort of work I enjoy.", "I sort of enjoy it."),
    ("so", "So my plan is simple.", "So, my plan is simple."),
    ("so", "I want to learn so that I grow.", "So, um, I want to grow."),
    ("so", "And so my plan is simple.", "Um, so, my plan is simple."),
    ("actually", "I actually delivered results.", "Actually, I delivered results."),
    ("literally", "It literally doubled.", "It, literally, doubled."),
    ("well", "I did well.", "Well, I did it."),
    ("right", "It's the right role.", "It's the role, right?"),
]


@pytest.mark.parametrize(("word", "content", "filler"), CONTRASTS)
def test_contrast_pairs(word: str, content: str, filler: str, lexicon: FillerLexicon) -> None:
    assert word.lower() not in [t.lower() for t in texts(transcript_from_text(content), lexicon)]
    assert word.lower() in [t.lower() for t in texts(transcript_from_text(filler), lexicon)]


# --- timed words: a pause stands in for the comma Whisper left out ---------------------

TIMED: list[tuple[str, list[str]]] = [
    ("so <0.5> my plan is to lead", ["so"]),
    ("so my plan is to lead", []),
    ("so <0.2> my plan is to lead", []),
    ("so <0.3> my plan is to lead", ["so"]),  # the threshold itself counts
    ("i led <0.4> actually <0.4> three teams", ["actually"]),
    ("i led actually three teams", []),
    ("i would <0.5> like <0.5> lead a team", ["like"]),
    ("i would <0.5> like to lead a team", []),
    ("people like <0.5> you know", ["you know"]),
    ("i have a cold <0.5> so i probably sound different", []),
    ("i finished my degree <1.2> so <0.4> my plan is to lead", ["so"]),
    ("i finished my degree <0.5> so <0.4> my plan is to lead", []),
    ("it's <0.4> right <0.4> the next step", ["right"]),
    ("it's the right <0.6> next step", []),
    ("and so <0.6> my fellow americans <0.8> ask not what your country can do for you", []),
]


@pytest.mark.parametrize(("spec", "expected"), TIMED)
def test_pauses_stand_in_for_commas(spec: str, expected: list[str], lexicon: FillerLexicon) -> None:
    transcript = timed(spec)
    assert transcript.timed
    assert texts(transcript, lexicon) == expected


def test_timed_whisper_pieces_with_punctuation(lexicon: FillerLexicon) -> None:
    """Whisper's own pieces: leading spaces, punctuation attached to the word."""
    pieces = [
        (" Um,", 0.00, 0.40, 0.8),
        (" so", 0.90, 1.05, 0.9),
        (" in", 1.10, 1.20, 0.9),
        (" the", 1.20, 1.30, 0.9),
        (" near", 1.30, 1.50, 0.9),
        (" term", 1.50, 1.80, 0.9),
        (" I'd", 1.90, 2.05, 0.9),
        (" like", 2.05, 2.25, 0.9),
        (" to,", 2.25, 2.40, 0.9),
        (" like,", 2.60, 2.85, 0.9),
        (" lead", 3.20, 3.45, 0.9),
    ]
    transcript = join_timed_words(pieces)
    assert found(transcript, lexicon) == [("Um", "hard"), ("like", "discourse")]
    marked = mark_fillers(transcript, lexicon)
    assert [w.text for w in marked.words if w.filler] == ["Um", "like"]
    assert marked.words[9].filler and not marked.words[7].filler


# --- real clips (tests/data/audio, see SOURCES.md) -------------------------------------

# MFA's reference transcripts of its elicited filler clips: (clip, transcript, hard
# fillers, discourse fillers).
MFA_CLIPS: list[tuple[str, str, int, list[str]]] = [
    ("mfa_uhum", "montreal forced uh um uh hm hm um forced aligner", 6, []),
    ("mfa_um", "montreal forced um aligner", 1, []),
    ("mfa_uh", "montreal uh forced aligner", 1, []),
    ("mfa_crossword", "but um montreal but um but montreal forced aligner", 2, []),
    ("mfa_youknow", "you know montreal forced aligner", 0, ["you know"]),
]


@pytest.mark.parametrize(("clip", "text", "hard", "discourse"), MFA_CLIPS)
def test_mfa_filler_clips(
    clip: str, text: str, hard: int, discourse: list[str], lexicon: FillerLexicon
) -> None:
    result = found(transcript_from_text(text), lexicon)
    assert len([t for t, kind in result if kind == "hard"]) == hard, clip
    assert [t for t, kind in result if kind == "discourse"] == discourse, clip
    # Nothing but the fillers: "montreal forced aligner" is what is left.
    marked = mark_fillers(transcript_from_text(text), lexicon)
    rest = [w.text for w in marked.words if not w.filler]
    assert rest == [w for w in text.split() if w not in {"uh", "um", "hm", "you", "know"}]


def test_you_know_clip_is_one_filler_of_two_words(lexicon: FillerLexicon) -> None:
    marked = mark_fillers(transcript_from_text("you know montreal forced aligner"), lexicon)
    assert filler_spans(marked) == [(0, 1)]
    assert [w.filler_kind for w in marked.words[:2]] == ["discourse", "discourse"]


MFA_FILLER_LABELS = {"uh", "um", "hm"}  # MFA's own filler words in these references


def read_textgrid_words(path: Path) -> list[tuple[str, float, float]]:
    """The labelled intervals of the "words" tier of a short-format Praat TextGrid."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    at = lines.index('"words"')
    count = int(lines[at + 3])
    words = []
    for n in range(count):
        start, end, label = lines[at + 4 + 3 * n : at + 7 + 3 * n]
        if label.strip('"'):
            words.append((label.strip('"'), float(start), float(end)))
    return words


@pytest.mark.parametrize(
    ("name", "discourse"),
    [("mfa_acoustic_corpus", ["yknow"]), ("mfa_cold_corpus", [])],
)
def test_mfa_corpus_transcripts(name: str, discourse: list[str], lexicon: FillerLexicon) -> None:
    """The .lab transcript as text, and the aligned words of the TextGrid as timed words."""
    lab = (AUDIO_DIR / f"{name}.lab").read_text(encoding="utf-8")
    aligned = read_textgrid_words(AUDIO_DIR / f"{name}.TextGrid")
    for transcript, reference in (
        (transcript_from_text(lab), lab.split()),
        (join_timed_words((" " + w, s, e, 1.0) for w, s, e in aligned), [w for w, _, _ in aligned]),
    ):
        result = found(transcript, lexicon)
        hard = [t for t, kind in result if kind == "hard"]
        assert sorted(hard) == sorted(w for w in reference if w in MFA_FILLER_LABELS)
        # "uh so this is ..." and "i have a cold so i ..." are connectives, not fillers.
        assert [t for t, kind in result if kind == "discourse"] == discourse


@pytest.mark.parametrize(
    "text",
    [
        "And so my fellow Americans, ask not what your country can do for you, "
        "ask what you can do for your country.",
        "And so my fellow Americans ask not what your country can do for you "
        "ask what you can do for your country",
    ],
)
def test_jfk_has_no_fillers(text: str, lexicon: FillerLexicon) -> None:
    """Negative control: "And so" is a connective ("And" opens the sentence, not "so")."""
    assert found(transcript_from_text(text), lexicon) == []


# --- the contract of mark_fillers and filler_spans -------------------------------------


def test_audio_fillers_are_kept_and_count_as_neighbours(lexicon: FillerLexicon) -> None:
    base = transcript_from_text("So I want to lead")
    heard = Word(
        text="(um)", start_s=0.3, end_s=0.7, filler=True, filler_kind="hard", source="audio"
    )
    words = (base.words[0], heard, *base.words[1:])
    marked = mark_fillers(replace(base, words=words), lexicon)
    assert marked.words[1] is heard
    # "So" directly followed by a filler opens the answer as a stall.
    assert [(w.text, w.filler_kind) for w in marked.words if w.filler] == [
        ("So", "discourse"),
        ("(um)", "hard"),
    ]
    assert filler_spans(marked) == [(0, 0), (1, 1)]


def test_audio_filler_between_sentences_keeps_the_punctuation(lexicon: FillerLexicon) -> None:
    base = transcript_from_text("That is my goal. So, I will study. So I will pass.")
    heard = Word(text="(uh)", filler=True, filler_kind="hard", source="audio")
    words = (*base.words[:4], heard, *base.words[4:8], heard, *base.words[8:])
    marked = mark_fillers(replace(base, words=words), lexicon)
    assert [w.text for w in marked.words if w.filler] == ["(uh)", "So", "(uh)"]


def test_marking_is_idempotent_and_resets_stale_marks(lexicon: FillerLexicon) -> None:
    transcript = transcript_from_text("I like my team, and, you know, um, I'd stay.")
    stale = replace(
        transcript,
        words=tuple(replace(w, filler=True, filler_kind="discourse") for w in transcript.words),
    )
    once = mark_fillers(stale, lexicon)
    assert mark_fillers(once, lexicon) == once
    assert [w.text for w in once.words if w.filler] == ["you", "know", "um"]
    assert once.text == transcript.text
    assert stale.words[1].filler  # the input is not changed


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("like you know", [(0, 0), (1, 2)]),
        ("uh um", [(0, 0), (1, 1)]),
        ("you know you know", [(0, 1), (2, 3)]),
        ("it's kind of sort of hard", [(1, 2), (3, 4)]),
        ("no fillers here", []),
        ("", []),
    ],
)
def test_filler_spans_count_each_occurrence_once(
    text: str, spans: list[tuple[int, int]], lexicon: FillerLexicon
) -> None:
    marked = mark_fillers(transcript_from_text(text), lexicon)
    assert filler_spans(marked, lexicon) == spans
    assert filler_spans(marked) == spans  # the bundled lexicon by default


VOCAB = [
    "um", "Uh", "hmm", "like", "you", "know", "I", "mean", "so", "kind", "of", "well",
    "right", "actually", "my", "team", "would", "to", "lead", "the", "goal", "okay",
]  # fmt: skip
PUNCT = ["", "", "", ",", ".", "?", "..."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VOCAB), st.sampled_from(PUNCT)), max_size=25))
def test_marking_invariants(tokens: list[tuple[str, str]]) -> None:
    lexicon = load_filler_lexicon()
    transcript = transcript_from_text(" ".join(word + mark for word, mark in tokens))
    marked = mark_fillers(transcript, lexicon)
    # Only the marks change.
    assert [(w.text, w.char_start, w.char_end) for w in marked.words] == [
        (w.text, w.char_start, w.char_end) for w in transcript.words
    ]
    for word in marked.words:
        assert word.filler == (word.filler_kind is not None)
        if is_hard_filler(word.text, lexicon):
            assert word.filler_kind == "hard"
    assert mark_fillers(marked, lexicon) == marked
    # Spans are ordered, disjoint and cover exactly the filler words.
    spans = filler_spans(marked, lexicon)
    covered = [k for first, last in spans for k in range(first, last + 1)]
    assert covered == [k for k, w in enumerate(marked.words) if w.filler]
    assert all(last - first <= 1 for first, last in spans)


def test_core_module_stays_pure() -> None:
    tree = ast.parse(FILLERS_PY.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    forbidden = {"PySide6", "PyQt6", "sqlite3", "sounddevice", "faster_whisper", "numpy"}
    assert not imported & forbidden
