"""Splitting a transcript into sentences, robust to missing or wrong punctuation.

Punctuated text is split by `sentencex` (Wikimedia's rule-based segmenter: it knows
abbreviations such as "Dr.", "U.S.", "e.g.", "a.m." and decimals), plus a few extra
abbreviations from the rubric. Speech transcripts are often run-on: Whisper drops full stops
in fast or filler-heavy speech, and a typed transcript may have none. A sentence long enough
to be a run-on (thresholds in ``[sentences]`` of rubric.toml) is cut further:

* at a long silence between two words, when the words are timed, or at a comma Whisper
  printed before a sentence gap (a spoken sentence it closed with a comma);
* at a discourse cue that opens a new statement ("and in the long term", "so my plan is",
  "eventually", "in the next two years", "I'd like to" ...), unless the word before it keeps
  the cue inside a clause ("I think that in the long term ...").

Two more habits of Whisper are mended on timed words:

* it sometimes starts a new sentence with a capital after a pause and forgets the full stop
  before it ("... for my career One is to become ..."): a capitalised word after a pause of
  at least :data:`~speakprep.core.whisper_stops.SENTENCE_GAP_S` opens a sentence;
* it ends a sentence at a comma the speaker ran on through ("I spent 11 years in critical
  care. The last six on a mixed ICU."): a verbless fragment with no pause on one side joins
  the sentence on that side (:mod:`speakprep.core.whisper_stops`).

Hard fillers just before a cut ("... next year uh and in the long term") go with the new
sentence. Every word with character offsets ends up in exactly one sentence; sentences are
in order, never overlap, and their text is ``transcript.text[char_start:char_end]``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import sentencex

from speakprep.core.boundaries import (
    BoundaryModel,
    blocked_gaps,
    clause_opening,
    default_boundary_model,
    inside_clause,
    learned_cuts,
    read_stretch,
)
from speakprep.core.cues import HorizonCues, SentenceCues, is_hard_filler, normalize
from speakprep.core.models import Pause, Sentence, Transcript, Word
from speakprep.core.pause_context import FINITE, ends_no_sentence, sentence_goes_on
from speakprep.core.rubric import Rubric, default_rubric
from speakprep.core.timeexpr import find_time_exprs
from speakprep.core.whisper_stops import (
    SENTENCE_GAP_S,
    capital_breaks,
    is_filler,
    join_fragments,
    mend_cut_stops,
)

__all__ = ["mend_cut_stops", "split_sentences", "split_views"]

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_FALLBACK = re.compile(r"(?<=[.!?])\s+")
# "... important to me. I'll ...": a lower-case word, a full stop, a capital. The segmenter
# sometimes reads such a word as an abbreviation ("me.", "no."); it is a sentence end.
_LOWER_STOP = re.compile(r"(?<![\w.])(?P<word>[a-z]{2,})[.!?]+[\"'”’)]*\s+(?=[\"“]?[A-Z])")
# "Acme Inc. I want": a capitalised word, a full stop, a space, a capitalised word.
_SUFFIX_STOP = re.compile(r"(?<![\w.])(?P<word>[A-Z][A-Za-z]{1,4})\.\s+(?=[\"“]?[A-Z])")
_CONJUNCTIONS = frozenset({"and", "so", "but", "then", "also", "or"})
_TIME_EPS_S = 1e-6
_CUE_LOOKAHEAD_WORDS = 8


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of word indexes and the base sentence span they came from."""

    words: tuple[int, ...]
    base: int


def split_sentences(
    transcript: Transcript,
    pauses: Sequence[Pause] = (),
    *,
    rubric: Rubric | None = None,
    learned: bool = True,
) -> list[Sentence]:
    """Split ``transcript`` into sentences with exact character offsets (and times if timed).

    ``pauses`` are silences between words (from the delivery analysis); when empty, gaps
    are measured from the word times. Words without character offsets (fillers heard only in
    the audio) are attached by time to the sentence they fall in. ``learned=False`` leaves
    out the boundary model's cuts: unpunctuated run-ons stay as said, cut only at the rule
    cues and pauses (the view the pitfalls are judged on, content.whole_view).
    """
    cut, said, build = _pieces(transcript, pauses, rubric, learned=learned)
    return build(cut if learned else said)


def split_views(
    transcript: Transcript, pauses: Sequence[Pause] = (), *, rubric: Rubric | None = None
) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences with the boundary model's cuts and without them (the run-ons as said):
    ``split_sentences`` with ``learned`` True and False, from one pass over the text.

    The content analysis needs both (content.whole_view); the second is the first's rule
    cuts, so the segmenter, the cue search and the pause tests run once for the two.
    """
    cut, said, build = _pieces(transcript, pauses, rubric, learned=True)
    as_said = build(said)
    return (as_said if cut == said else build(cut)), as_said


_Build = Callable[[list[_Piece]], list[Sentence]]


def _pieces(
    transcript: Transcript, pauses: Sequence[Pause], rubric: Rubric | None, *, learned: bool
) -> tuple[list[_Piece], list[_Piece], _Build]:
    """The pieces with the learned cuts (``learned``; otherwise the same as the second) and
    with the rule cuts alone, and what makes sentences of either: a caller builds only the
    view it needs."""
    rubric = rubric or default_rubric()
    cues, horizon = rubric.sentences, rubric.horizon
    assert cues is not None
    text = transcript.text
    words = transcript.words
    located = [
        i
        for i, w in enumerate(words)
        if w.source != "audio" and w.char_start is not None and w.char_end is not None
    ]
    if not located or not text.strip():
        return [], [], lambda _: []
    bounds = _base_bounds(text, cues, capital_breaks(located, words, text, cues))
    starts = [s for s, _ in bounds]
    groups: dict[int, list[int]] = {}
    for i in located:
        base = max(0, bisect.bisect_right(starts, words[i].char_start or 0) - 1)
        groups.setdefault(base, []).append(i)
    cut: list[_Piece] = []
    said: list[_Piece] = []
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda i: words[i].char_start or 0)
        span_text = text[bounds[base][0] : bounds[base][1]]
        rule_edges, learned_edges = _refine(
            members, transcript, span_text, pauses, cues, learned=learned, horizon=horizon
        )
        said.extend(_Piece(tuple(members[a:b]), base) for a, b in itertools.pairwise(rule_edges))
        cut.extend(_Piece(tuple(members[a:b]), base) for a, b in itertools.pairwise(learned_edges))
    return cut, said, partial(_sentences, bounds=bounds, transcript=transcript, cues=cues)


def _sentences(
    pieces: list[_Piece], bounds: list[tuple[int, int]], transcript: Transcript, cues: SentenceCues
) -> list[Sentence]:
    sentences = _build(pieces, bounds, transcript)
    return join_fragments(sentences, transcript, cues) if transcript.timed else sentences


def _base_bounds(
    text: str, cues: SentenceCues, extra_cuts: Sequence[int] = ()
) -> list[tuple[int, int]]:
    """Contiguous spans covering ``text``, one per sentence the segmenter found, also cut
    at ``extra_cuts``."""
    cuts: list[int] = list(extra_cuts)
    try:
        for item in sentencex.get_sentence_boundaries(cues.language, text):
            end = int(item["end_index"])
            if 0 < end < len(text):
                cuts.append(end)
    except Exception:  # the segmenter is a third-party heuristic: never let it sink a take
        cuts = [m.end() for m in _FALLBACK.finditer(text)]
    cuts.extend(
        m.end()
        for m in _LOWER_STOP.finditer(text)
        if m.group("word").lower() not in cues.lowercase_abbreviations
    )
    cuts.extend(
        m.end()
        for m in _SUFFIX_STOP.finditer(text)
        if m.group("word").lower() in cues.company_suffixes
    )
    cuts = sorted(
        set(c for c in cuts if 0 < c < len(text) and not _abbreviation_cut(text, c, cues))
    )
    edges = [0, *cuts, len(text)]
    spans = [(a, b) for a, b in itertools.pairwise(edges) if b > a]
    return _join_particle_stops(text, spans, cues)


# Words that make no sentence of their own when Whisper prints a stop after them ("okay so
# um. | i've been a journeyman ..."), with a hard filler or "so" among them: hard fillers and
# these. Exclamations ("oh man.", "wow.") and a lone "Okay." or "Yeah." stand alone.
_PARTICLES = frozenset({"okay", "ok", "so", "well", "yeah", "right", "alright", "like", "and"})
_SPAN_WORD = re.compile(r"[\w']+")


def _join_particle_stops(
    text: str, spans: list[tuple[int, int]], cues: SentenceCues
) -> list[tuple[int, int]]:
    """``spans`` with each span of hesitation alone (fillers and particles, one of them a
    hard filler or "so") joined to the next one (the last to the one before it): a spoken
    "okay so um." opens the sentence after it, a closing "... and stuff so." ends the one
    before."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for n, (a, b) in enumerate(spans):
        start = a if carry is None else carry
        words = _SPAN_WORD.findall(text[a:b])
        hesitant = [is_hard_filler(w, cues.hard_fillers) or w.lower() == "so" for w in words]
        bare = any(hesitant) and all(
            h or w.lower() in _PARTICLES for w, h in zip(words, hesitant, strict=True)
        )
        if bare and n + 1 < len(spans):
            carry = start
            continue
        carry = None
        if bare and out:
            out[-1] = (out[-1][0], b)
        else:
            out.append((start, b))
    return out


def _abbreviation_cut(text: str, cut: int, cues: SentenceCues) -> bool:
    """A cut right after a listed abbreviation, before a lower-case word or a number."""
    # Only the token before the cut and the character after it matter: scan outwards from
    # the cut instead of slicing and splitting the whole text, which made a long transcript
    # quadratic (a 1 MB text took a minute).
    end = cut
    while end > 0 and text[end - 1].isspace():
        end -= 1
    nxt = cut
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if end == 0 or text[end - 1] != "." or nxt == len(text):
        return False
    if not (text[nxt].islower() or text[nxt].isdigit()):
        return False
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = normalize(text[start:end]).rstrip(".")
    if token in cues.company_suffixes:
        return True
    match = cues.abbreviations.search(token)
    return match is not None and match.group(0) == token


def _refine(
    members: list[int],
    transcript: Transcript,
    span_text: str,
    pauses: Sequence[Pause],
    cues: SentenceCues,
    *,
    learned: bool = True,
    horizon: HorizonCues | None = None,
) -> tuple[list[int], list[int]]:
    """Cut a run-on base sentence at discourse cues and at long pauses the words do not say
    the sentence goes on across (:func:`~speakprep.core.pause_context.sentence_goes_on`),
    and (``learned``) where the boundary model hears a sentence end.

    Returns the edges (positions in ``members``, from 0 to its length) of the rule cuts and
    of the rule and learned cuts together (the same where the model does not read the span).
    """
    words = transcript.words
    filler = [is_filler(words[i], cues) for i in members]
    content = sum(1 for f in filler if not f)
    timed = all(words[i].start_s is not None and words[i].end_s is not None for i in members)
    unpunctuated_runon = not _TERMINAL.search(span_text) and content >= cues.unpunctuated_min_words
    runon = (
        content >= cues.runon_min_words
        or unpunctuated_runon
        or (timed and content >= cues.timed_runon_min_words)
    )
    if not runon or len(members) < 2:
        return [0, len(members)], [0, len(members)]
    tokens = [normalize(words[i].text) for i in members]
    # Content words before position k, to enforce the minimum piece length on both sides.
    before_count = [0]
    for f in filler:
        before_count.append(before_count[-1] + (0 if f else 1))
    cuts: list[int] = []
    last = 0
    for k in range(1, len(members)):
        if filler[k]:
            continue
        paused = (
            _pause_before(k, members, words, pauses, cues)
            and not _flagged_mid_sentence(words[members[k - 1]], words[members[k]], pauses)
            and not sentence_goes_on(
                transcript.text,
                words[members[k - 1]].char_end or 0,
                words[members[k]].char_start,
                cues.split_pause_s,  # a pause _pause_before counts is a long one
                cues,
            )
        )
        comma_stop = not paused and _comma_stop(
            members[k - 1], members[k], transcript, span_text, cues
        )
        if not (paused or comma_stop or _cue_at(k, tokens, filler, cues)):
            continue
        # The comma closes the words before it: a time phrase there dates them, not the next,
        # and a conjunction before it ends them ("within ten years or so, | I think ..."), so
        # the cut stays at the comma.
        if comma_stop:
            cut = k
        else:
            cut = _fronted_start(k, last, tokens, filler, cues, horizon)
            cut = _clause_opening(cut, last, tokens, filler)
        # At a comma stop, :func:`_comma_stop` already read the word before the comma as one
        # a sentence ends on ("... years or so, | I already lead ...").
        if cut <= last or not _cut_allowed(cut, tokens, filler, cues, blockers=not comma_stop):
            continue
        cut = _fillers_open(cut, last, filler)
        if not paused and _comma_spoken_on(members[cut - 1], members[cut], transcript, span_text):
            continue
        left = before_count[cut] - before_count[last]
        right = content - before_count[cut]
        if (
            left >= cues.min_piece_words
            and right >= cues.min_piece_words
            and _has_subject(
                _after_opening_time(last, cut, tokens, filler, cues), cues, spoken=timed
            )
            and _has_subject(tokens[cut:], cues, spoken=timed)
        ):
            cuts.append(cut)
            last = cut
    edges = [0, *cuts, len(members)]
    if not (learned and unpunctuated_runon):
        return edges, edges
    model = default_boundary_model()
    return edges, _learned_edges(edges, members, transcript, filler, cues, model, horizon)


def _learned_edges(
    edges: list[int],
    members: list[int],
    transcript: Transcript,
    filler: list[bool],
    cues: SentenceCues,
    model: BoundaryModel,
    horizon: HorizonCues | None = None,
) -> list[int]:
    """``edges`` (member positions) with the boundary model's cuts added between them.

    Only for a stretch with no sentence punctuation at all (:mod:`speakprep.core.boundaries`):
    punctuated text keeps the rule cuts alone. Fillers just before a learned cut go with the
    new sentence, as at a cue. With ``horizon`` a time phrase at a cut goes with its goal
    (:func:`horizon_with_goal`).
    """
    words = transcript.words
    spans = [(words[i].char_start or 0, words[i].char_end or 0) for i in members]
    stretch = read_stretch(transcript.text, spans, filler)
    blocked = (
        blocked_gaps(stretch.tokens, cues.fronted_time)
        if cues.fronted_time is not None
        else [False] * len(stretch.tokens)
    )
    token_at = {p: k for k, p in enumerate(stretch.positions)}
    bounds = sorted({0, len(stretch.tokens), *(token_at[e] for e in edges[1:-1] if e in token_at)})
    added: list[int] = []
    for a, b in itertools.pairwise(bounds):
        piece = stretch.tokens[a:b]
        ks = learned_cuts(
            piece,
            stretch.filler_before[a:b],
            stretch.punct[a:b],
            blocked[a:b],
            cues.min_piece_words,
            model,
        )
        if horizon is not None:
            ks = horizon_with_goal(piece, ks, horizon, cues)
        ks = [k for k in ks if not ends_no_sentence(piece[k - 1], cues)]
        added.extend(_fillers_open(stretch.positions[a + k], 0, filler) for k in ks)
    return sorted({*edges, *added})


# A goal this many words before a time phrase may own it ("i want to be a certified welding
# inspector, like a cwi, probably | in the next four or five years").
_GOAL_REACH_WORDS = 12


def horizon_with_goal(
    tokens: Sequence[str], cuts: Sequence[int], hz: HorizonCues, cues: SentenceCues
) -> list[int]:
    """The boundary model's ``cuts`` (token indexes) moved so that a time phrase at a cut goes
    with the goal it dates (labelling.md rule 2: each goal keeps its own horizon).

    The model reads words, not what they date: it cut "... some receiving this year | i want
    to get my forklift cert" and "i wanna go from tier one to tier two | in the first six
    months then tier three". A time phrase that ends the words before a cut moves after it
    when the next clause opens with a goal and no goal of its own owns the phrase; one that
    opens the words after a cut moves before it when a goal just before it has no horizon and
    no clause of its own follows the phrase. A cut that would leave a piece shorter than
    ``min_piece_words`` is dropped: the phrase and its goal stay together.
    """
    out: list[int] = []
    last = 0
    bounds = [*cuts, len(tokens)]
    for k, nxt in itertools.pairwise(bounds):
        left, right = tokens[last:k], tokens[k:nxt]
        tail, head = _time_tail(left, hz), _time_head(right, hz)
        moved = k
        if tail and not head and _opens_goal(right, cues) and not _aims(left[:-tail], cues):
            moved = k - tail
        elif head and not tail and _aims(left, cues) and not _has_time(left, hz):
            after = right[head:]
            # "what i want to accomplish | in the next year is training new servers": a verb
            # after the phrase carries the goal's clause on; the phrase stays with it.
            if not after or not (
                after[0] in cues.subject_words or after[0] in FINITE or _opens_goal(after, cues)
            ):
                moved = k + head
        if moved - last < cues.min_piece_words or nxt - moved < cues.min_piece_words:
            if moved == k:
                out.append(k)
                last = k
            continue  # the phrase, its goal and the short piece stay one sentence
        out.append(moved)
        last = moved
    return out


def _time_tail(words: Sequence[str], hz: HorizonCues) -> int:
    """How many of the last ``words`` are a time phrase that ends them (0: none)."""
    window = list(words[-_CUE_LOOKAHEAD_WORDS:])
    joined = " ".join(window)
    ends = [e for e in find_time_exprs(joined, hz, current_year=None) if e.end == len(joined)]
    if not ends:
        return 0
    first = len(joined[: ends[-1].start].split())
    while first > 0 and window[first - 1] in hz.time_lead:
        first -= 1
    return len(window) - first


def _time_head(words: Sequence[str], hz: HorizonCues) -> int:
    """How many of the first ``words`` are a time phrase that opens them (0: none)."""
    window = list(words[:_CUE_LOOKAHEAD_WORDS])
    joined = " ".join(window)
    found = find_time_exprs(joined, hz, current_year=None)
    if not found:
        return 0
    lead = joined[: found[0].start].split()
    if any(w not in hz.time_lead for w in lead):
        return 0
    end = found[0].end
    # "in the next year or so": the hedge after the phrase is part of it.
    tail = hz.future_after.match(joined[end:]) if hz.future_after else None
    if tail is not None:
        end += tail.end()
    return len(joined[:end].split())


def _has_time(words: Sequence[str], hz: HorizonCues) -> bool:
    return bool(find_time_exprs(" ".join(words), hz, current_year=None))


def _opens_goal(words: Sequence[str], cues: SentenceCues) -> bool:
    """Whether ``words`` open with a goal statement or a subject ("i want to", "my goal is")."""
    opening = " ".join(words[:_CUE_LOOKAHEAD_WORDS])
    return bool(cues.split_cues and cues.split_cues.match(opening)) and _aims(
        words[:_CUE_LOOKAHEAD_WORDS], cues
    )


def _aims(words: Sequence[str], cues: SentenceCues) -> bool:
    """Whether the last :data:`_GOAL_REACH_WORDS` of ``words`` state a wish or aim
    (``cues.goal_words``, or ``cues.wish_words`` after ``cues.wish_after``: "i'd like")."""
    near = list(words[-_GOAL_REACH_WORDS:])
    return any(
        w in cues.goal_words or (w in cues.wish_words and i > 0 and near[i - 1] in cues.wish_after)
        for i, w in enumerate(near)
    )


def _clause_opening(cut: int, floor: int, tokens: list[str], filler: list[bool]) -> int:
    """``cut`` moved back before the conjunction and particles that lead into its clause
    (:func:`~speakprep.core.boundaries.clause_opening`, fillers skipped), staying after
    ``floor``: "... to make the switch | and uh now my goal is" at the cue "my goal is"."""
    said = [j for j in range(floor, cut) if not filler[j]]
    said_tokens = [tokens[j] for j in said]
    opening = clause_opening([*said_tokens, tokens[cut]], len(said), 0)
    return said[opening] if opening < len(said) else cut


def _fillers_open(cut: int, floor: int, filler: list[bool]) -> int:
    """``cut`` moved back over the fillers just before it, staying after ``floor``: a
    hesitation before a new statement starts it ("... next year uh | and in the long term"),
    at a cue and at a learned cut alike."""
    while cut - 1 > floor and filler[cut - 1]:
        cut -= 1
    return cut


def _comma_gap(before: int, after: int, transcript: Transcript) -> float | None:
    """The silence between words ``before`` and ``after`` when Whisper printed a comma
    between them (None: no comma, or the words are not timed)."""
    a, b = transcript.words[before], transcript.words[after]
    if a.end_s is None or b.start_s is None:
        return None
    between = transcript.text[a.char_end or 0 : b.char_start or 0]
    return b.start_s - a.end_s if "," in between else None


def _comma_stop(
    before: int, after: int, transcript: Transcript, span_text: str, cues: SentenceCues
) -> bool:
    """Whether a comma Whisper printed between words ``before`` and ``after`` stands where
    the speaker ended a sentence: a silence of a sentence end (:data:`SENTENCE_GAP_S`) after
    it, and no word before it that keeps the sentence going
    (:func:`~speakprep.core.pause_context.sentence_goes_on`).

    Whisper often closes a spoken sentence with a comma when the next one follows after a
    short breath ("... in two years, | for this I study for the exam in the evening", "...
    while I save up, | then I'm opening my own business"), and the merged run-on took one
    label for two statements. Such a comma is a cut candidate like a long pause; the clause
    tests of :func:`_refine` (a subject on both sides, the minimum piece length, no cut
    inside a clause) still decide. The counterpart of :func:`_comma_spoken_on`.
    """
    gap = _comma_gap(before, after, transcript)
    if gap is None or gap < SENTENCE_GAP_S or span_text.rstrip().endswith("?"):
        return False
    a, b = transcript.words[before], transcript.words[after]
    return not sentence_goes_on(transcript.text, a.char_end or 0, b.char_start, gap, cues)


def _comma_spoken_on(before: int, after: int, transcript: Transcript, span_text: str) -> bool:
    """Whether Whisper printed a comma between words ``before`` and ``after`` and the speaker
    went on without the silence of a sentence end (:data:`SENTENCE_GAP_S`).

    Whisper heard both sides in one window and chose a comma, not a stop: the clause after
    it is part of the sentence ("I'm not sure where the industry is heading, | but I want
    to pass the oral exam next year" is one goal, labelling.md rule 4). Dev answers read
    aloud (149): the 16 cue cuts after such a comma all fell inside a reference sentence,
    none at a sentence end. A question run on after a comma ("..., is that something the
    team offers?") still stands apart.
    """
    gap = _comma_gap(before, after, transcript)
    return gap is not None and gap < SENTENCE_GAP_S and not span_text.rstrip().endswith("?")


def _fronted_start(
    k: int,
    last: int,
    tokens: list[str],
    filler: list[bool],
    cues: SentenceCues,
    horizon: HorizonCues | None = None,
) -> int:
    """Move a cut at ``k`` back over a time phrase that opens the clause starting at ``k``,
    unless that clause opens with a time phrase of its own: in "... on those agreements
    within the first year | longer term I just want ..." the first horizon closes the goal
    before it (labelling.md rule 2: each goal keeps its own horizon).

    With ``horizon``, any time expression of the rubric's ``[horizon]`` counts too ("... and
    some receiving this year | i want to get my forklift cert"), when no wish or aim before it
    may own it (:func:`horizon_with_goal`)."""
    if cues.fronted_time is None or tokens[k] in _CONJUNCTIONS:
        return k  # a cue opened by "and"/"so" leaves the time phrase before it where it is
    window = min(len(tokens), k + _CUE_LOOKAHEAD_WORDS)
    content = sum(1 for j in range(k, window) if not filler[j])
    if len(_after_opening_time(k, window, tokens, filler, cues)) < content:
        return k
    positions = [j for j in range(last, k) if not filler[j]]
    said = [tokens[j] for j in positions]
    m = cues.fronted_time.search(" ".join(said))
    if m is not None:
        n_words = len(m.group(0).split())
    elif horizon is not None and _opens_goal(
        [t for t, f in zip(tokens[k:window], filler[k:window], strict=True) if not f], cues
    ):
        n_words = _time_tail(said, horizon)
        if not n_words or _aims(said[:-n_words], cues):
            return k
    else:
        return k
    return positions[-n_words] if n_words <= len(positions) else k


def _after_opening_time(
    start: int, end: int, tokens: list[str], filler: list[bool], cues: SentenceCues
) -> list[str]:
    """The non-filler tokens of ``start:end`` after a time phrase that opens them.

    "In my first year as an account executive here, | I want to ..." is one sentence with a
    fronted adverbial, not two: the "my" of the time phrase is no subject of its own. A
    timed transcript is refined from 22 words on, so this case is common in spoken answers.
    """
    said = [tokens[j] for j in range(start, end) if not filler[j]]
    if cues.fronted_time is not None:
        joined = " ".join(said)
        stop = len(joined)  # where the first n words end in ``joined``
        for n in range(len(said), 0, -1):
            # A match at 0 is the leftmost one search() would find: match() tries only
            # there, where search() scanned every start of a run-on's prefixes (quadratic).
            # Up to ``stop`` it reads the first n words alone, as match(joined[:stop])
            # would: joining them again for each n made every candidate cut of a long
            # run-on quadratic in its words.
            if cues.fronted_time.match(joined, 0, stop):
                return said[n:]
            stop -= len(said[n - 1]) + 1
    return said


# Words either side of a cut that :func:`~speakprep.core.boundaries.inside_clause` reads.
_INSIDE_BEFORE_WORDS = 3
_INSIDE_AFTER_WORDS = 8


def _cut_allowed(
    k: int, tokens: list[str], filler: list[bool], cues: SentenceCues, *, blockers: bool = True
) -> bool:
    """Whether a rule cut may fall before token ``k``: not after a word that keeps the
    sentence going (``split_blockers``, unless ``blockers`` is False), nor inside a clause
    (``inside_clause``: "the direction | i want to go is ...")."""
    said_before = [tokens[j] for j in range(k - 1, -1, -1) if not filler[j]][:_INSIDE_BEFORE_WORDS]
    if not said_before or (blockers and said_before[0] in cues.split_blockers):
        return False
    ahead = (tokens[j] for j in range(k, len(tokens)) if not filler[j])
    window = [*reversed(said_before), *itertools.islice(ahead, _INSIDE_AFTER_WORDS)]
    return not inside_clause(window, len(said_before))


def _has_subject(tokens: list[str], cues: SentenceCues, *, spoken: bool = False) -> bool:
    """Whether ``tokens`` hold a clause: a subject word or, in speech, a finite verb with a
    subject of its own ("the first is to ...", "is that something the team offers").

    Speech only: written run-ons keep their punctuation for the rest, and there the wider
    test cut clauses the learned pitfall findings read together (dev m_/k_: 52 -> 51 found).
    """
    return not cues.subject_words or any(
        t in cues.subject_words or (spoken and t in FINITE) for t in tokens
    )


def _cue_at(k: int, tokens: list[str], filler: list[bool], cues: SentenceCues) -> bool:
    if cues.split_cues is None:
        return False
    if not _cut_allowed(k, tokens, filler, cues):
        return False
    # Only the first few words ahead: collecting all of them made a run-on quadratic.
    ahead = (tokens[j] for j in range(k, len(tokens)) if not filler[j])
    return bool(cues.split_cues.match(" ".join(itertools.islice(ahead, _CUE_LOOKAHEAD_WORDS))))


def _pause_before(
    k: int, members: list[int], words: Sequence[Word], pauses: Sequence[Pause], cues: SentenceCues
) -> bool:
    prev_end = words[members[k - 1]].end_s
    start = words[members[k]].start_s
    if prev_end is None or start is None:
        return False
    if start - prev_end >= cues.split_pause_s - _TIME_EPS_S:
        return True
    # A pause from the delivery analysis may disagree a little with the word times (ASR word
    # boundaries are approximate): it counts when its middle falls at this word boundary.
    prev_start = words[members[k - 1]].start_s
    end = words[members[k]].end_s
    lo = (prev_end + (prev_start if prev_start is not None else prev_end)) / 2
    hi = (start + (end if end is not None else start)) / 2
    return any(
        p.duration_s >= cues.split_pause_s - _TIME_EPS_S and lo <= (p.start_s + p.end_s) / 2 <= hi
        for p in pauses
    )


def _flagged_mid_sentence(before: Word, after: Word, pauses: Sequence[Pause]) -> bool:
    """Whether the delivery analysis flagged the pause between ``before`` and ``after`` long
    and mid-sentence: the timeline keeps that sentence whole, as the flag says it is (a run-on
    is not cut where the user is told they paused inside a sentence)."""
    if before.end_s is None or after.start_s is None:
        return False
    return any(
        p.long
        and p.mid_sentence
        and before.end_s - _TIME_EPS_S <= (p.start_s + p.end_s) / 2 <= after.start_s + _TIME_EPS_S
        for p in pauses
    )


def _build(
    pieces: list[_Piece], bounds: list[tuple[int, int]], transcript: Transcript
) -> list[Sentence]:
    text, words = transcript.text, transcript.words
    edges: list[int] = [0]
    for prev, nxt in itertools.pairwise(pieces):
        lo = max(words[i].char_end or 0 for i in prev.words)
        hi = words[nxt.words[0]].char_start or lo
        cut = bounds[nxt.base][0] if nxt.base != prev.base else hi
        edges.append(min(max(cut, lo), max(hi, lo)))
    edges.append(len(text))
    sentences = [
        sentence_of(transcript, piece.words, a, b)
        for piece, (a, b) in zip(pieces, itertools.pairwise(edges), strict=False)
    ]
    return _attach_audio_words(sentences, words)


def sentence_of(transcript: Transcript, indexes: tuple[int, ...], a: int, b: int) -> Sentence:
    """The sentence of the words ``indexes`` whose text is ``transcript.text[a:b]`` without
    its outer spaces, timed from its words."""
    text, words = transcript.text, transcript.words
    raw = text[a:b]
    start = a + (len(raw) - len(raw.lstrip()))
    end = b - (len(raw) - len(raw.rstrip()))
    starts = [t for i in indexes if (t := words[i].start_s) is not None]
    ends = [t for i in indexes if (t := words[i].end_s) is not None]
    return Sentence(
        text=text[start:end],
        char_start=start,
        char_end=end,
        start_s=min(starts) if starts else None,
        end_s=max(ends) if ends else None,
        word_indexes=indexes,
    )


def _attach_audio_words(sentences: list[Sentence], words: Sequence[Word]) -> list[Sentence]:
    """Give fillers heard only in the audio (no char offsets) to the sentence they fall in."""
    extra: dict[int, list[int]] = {}
    starts = [t for s in sentences if (t := s.start_s) is not None]
    if len(starts) != len(sentences):
        return sentences
    for i, w in enumerate(words):
        if (w.source == "audio" or w.char_start is None) and w.start_s is not None:
            pos = max(0, bisect.bisect_right(starts, w.start_s) - 1)
            extra.setdefault(pos, []).append(i)
    if not extra:
        return sentences
    out = []
    for n, s in enumerate(sentences):
        if n in extra:
            indexes = tuple(sorted({*s.word_indexes, *extra[n]}))
            w_times = [(words[i].start_s, words[i].end_s) for i in indexes]
            start = min(t[0] for t in w_times if t[0] is not None)
            end = max(t[1] for t in w_times if t[1] is not None)
            s = Sentence(s.text, s.char_start, s.char_end, start, end, s.label, indexes)
        out.append(s)
    return out
