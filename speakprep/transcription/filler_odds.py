"""Ask the loaded Whisper model whether a short stretch of sound is a filler.

The stretch is cut out, put after and before a little silence, encoded on its own (a few
seconds of encoder input, not Whisper's 30 s window: ~20 ms on tiny.en) and the decoder
takes one step from the verbatim prompt. The answer is the log-odds that the first token is
one of the filler tokens ("um", "Uh", " hmm", ...) against everything else the model could
write there (a word, "[Music]", the end of the text); and against the first tokens of the
words the model stretched over the stretch, if any. One encoder pass and one decoder step
per stretch: much cheaper than decoding the stretch again, and a forced choice does not
depend on the model choosing to print a filler.

Two-token spellings (" U" + "hh") need a decoder row per first token, and most stretches
are no filler: a caller that only needs to know a stretch is rejected says so
(``settled``), and the first step alone (one row) gives an upper bound of the evidence
(each such first token counted with all its mass); only the stretches the bound does not
settle get the rows of the second tokens, and the same exact evidence as without.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import replace

import numpy as np

from speakprep.core.filled_pauses import FillerCandidate, FillerEvidence, Settled
from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription.model import transcribe_tokenizer

# Silence on both sides of the stretch; the whole input is padded to a fixed length so a
# stretch gets the same encoder input whatever else is scored with it.
_MARGIN_S = 0.3
_INPUT_S = 3.0
_MAX_STRETCH_S = _INPUT_S - 2 * _MARGIN_S
# Spelled out as Whisper writes them; many are two tokens (" U" + "hh", " M" + "mm").
_BATCH = 8  # candidates encoded together (x 3 head tokens: 24 decoder rows)
_FILLER_SPELLINGS = (
    "um", "umm", "ummm", "uh", "uhh", "uhhh", "uhm", "hm", "hmm", "hmmm", "mm", "mmm", "mhm",
    "er", "erm", "ah", "ahh",
)  # fmt: skip
# A two-token spelling counts only when its first token is one of these: each costs a
# decoder row per stretch (the cross-attention over the stretch is computed again for every
# row: most of FillerOdds' time). The others (" a"+"hh", " m"+"hm", " h"+"m", " H"+"m")
# moved the log-odds of 126 stretches (answer90, the real clips) by at most 0.06 each.
_PAIR_HEADS = (" u", " U", " M")
# Added to an upper bound of the log-probability of a filler: the exact figure sums the
# same probabilities in another order, which may round a few ulps higher.
_BOUND_SLACK = 1e-9


def heard_stretch(samples: np.ndarray, candidate: FillerCandidate) -> np.ndarray:
    """The samples of ``candidate`` the model hears (at most ``_MAX_STRETCH_S`` of them)."""
    end_s = min(candidate.end_s, candidate.start_s + _MAX_STRETCH_S)
    return np.asarray(samples[int(candidate.start_s * SAMPLE_RATE) : int(end_s * SAMPLE_RATE)])


# lane(): held while the model runs a call for FillerOdds (a free replica of the model).
Lane = Callable[[], AbstractContextManager[object]]


class FillerOdds:
    """Scores stretches of a recording with a loaded ``faster_whisper.WhisperModel``.

    ``lane`` is held around each call of the model; with ``lanes`` above 1 that many
    batches are scored at once (the model's replicas: after transcription both are free,
    and one batch keeps about one core busy).
    """

    def __init__(self, model: object, lane: Lane, prompt: str | None, *, lanes: int = 1) -> None:
        self._model = model
        self._lane = lane
        self._lanes = lanes
        tokenizer = transcribe_tokenizer(model)
        start = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        if prompt:
            start = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip()), *start]
        self._start = start
        self._tokenizer = tokenizer
        singles: set[int] = set()
        pairs: dict[int, set[int]] = {}
        for spelling in _FILLER_SPELLINGS:
            for variant in (spelling, spelling.capitalize()):
                for text in (variant, " " + variant):
                    tokens = tokenizer.encode(text)
                    if len(tokens) == 1:
                        singles.add(tokens[0])
                    elif len(tokens) == 2:
                        pairs.setdefault(tokens[0], set()).add(tokens[1])
        # A pair whose first token is a filler on its own (" Um" + "m") is counted already;
        # a first token such as " U" or " M" is not, and only counts with what follows it.
        self._singles = np.array(sorted(singles))
        # The first token after the start sequence has a leading space; "U" + "hh" at
        # the very start of a text would be a tokenisation Whisper does not produce.
        self._heads = [
            head
            for head in sorted(pairs)
            if head not in singles and tokenizer.decode([head]) in _PAIR_HEADS
        ]
        self._tails = [np.array(sorted(pairs[head])) for head in self._heads]

    def evidence(
        self,
        samples: np.ndarray,
        candidates: Sequence[FillerCandidate],
        settled: Settled | None = None,
    ) -> list[FillerEvidence]:
        """What the model says about each candidate stretch of ``samples``.

        Stretches longer than 2.4 s are scored on their first 2.4 s. Candidates are encoded
        a few at a time in one batch (each input has the same fixed length, so a stretch
        gets the same input whatever it is batched with; int8 gives the same figures to the
        last bit, float32 within 1e-5 log-odds: its decoder sums in another order for
        another batch size, as it did for live analysis' smaller groups). With
        ``settled``, a candidate that an upper bound of its evidence settles gets that
        bound (``upper_bound``); the others get the exact evidence.
        """
        groups = [candidates[first : first + _BATCH] for first in range(0, len(candidates), _BATCH)]
        if len(groups) <= 1 or self._lanes <= 1:
            found = [self._group_evidence(samples, g, settled) for g in groups]
        else:
            # Each group is the same batch whichever lane scores it, so the same figures.
            with ThreadPoolExecutor(
                min(self._lanes, len(groups)), thread_name_prefix="speakprep-odds"
            ) as pool:
                found = list(pool.map(lambda g: self._group_evidence(samples, g, settled), groups))
        return [e for group in found for e in group]

    def _group_evidence(
        self,
        samples: np.ndarray,
        group: Sequence[FillerCandidate],
        settled: Settled | None,
    ) -> list[FillerEvidence]:
        """:meth:`evidence` of one batch of at most ``_BATCH`` candidates."""
        features = self._features(samples, group)
        with self._lane():
            encoded = np.asarray(self._model.model.encode(features, to_cpu=True))  # type: ignore[attr-defined]
            firsts = self._first_rows(encoded) if settled is not None else []
        found: list[FillerEvidence | None] = [None] * len(group)
        if settled is not None:
            bounds = [self._upper(c, row) for c, row in zip(group, firsts, strict=True)]
            found = [b if settled(c, b) else None for c, b in zip(group, bounds, strict=True)]
        todo = [k for k, e in enumerate(found) if e is None]
        if todo:
            with self._lane():
                rows = self._head_rows(encoded[todo])
            for k, r in zip(todo, rows, strict=True):
                found[k] = self._judge(group[k], r)
        return [e for e in found if e is not None]

    def _features(self, samples: np.ndarray, candidates: Sequence[FillerCandidate]) -> object:
        """The encoder's input (a ``ctranslate2.StorageView``): each candidate's stretch
        between silences."""
        import ctranslate2

        inputs = []
        for c in candidates:
            clip = heard_stretch(samples, c)
            padded = np.zeros(int(_INPUT_S * SAMPLE_RATE), np.float32)
            at = int(_MARGIN_S * SAMPLE_RATE)
            padded[at : at + clip.size] = clip
            features = self._model.feature_extractor(padded, padding=0)  # type: ignore[attr-defined]
            inputs.append(features[:, : features.shape[-1] // 2 * 2])
        return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.stack(inputs)))

    def _first_rows(self, encoded: np.ndarray) -> list[np.ndarray]:
        """Per candidate: the logits of the first token (one decoder row each)."""
        results = self._generate(encoded, [list(self._start) for _ in encoded], steps=0)
        return [np.asarray(r.logits[0], dtype=np.float64)[0] for r in results]

    def _head_rows(self, encoded: np.ndarray) -> list[list[np.ndarray]]:
        """Per candidate, per head token: the teacher-forced logits (2 steps x vocabulary)."""
        heads = len(self._heads)
        prompts = [[*self._start, head] for _ in encoded for head in self._heads]
        # Teacher-forced: row 0 is the first token's distribution (the same as
        # _first_rows'), row 1 what follows the forced head token. Both come with the
        # first decoding step: a second one returned the same two rows and cost 10-30 % more.
        results = self._generate(np.repeat(encoded, heads, axis=0), prompts, steps=1)
        rows = [np.asarray(r.logits[0], dtype=np.float64) for r in results]
        return [rows[k * heads : (k + 1) * heads] for k in range(len(encoded))]

    def _generate(self, encoded: np.ndarray, prompts: list[list[int]], steps: int) -> list:
        import ctranslate2

        return self._model.model.generate(  # type: ignore[attr-defined, no-any-return]
            ctranslate2.StorageView.from_array(np.ascontiguousarray(encoded)),
            prompts,
            beam_size=1,
            max_length=len(self._start) + steps,
            return_logits_vocab=True,
            suppress_blank=False,
            suppress_tokens=[],
        )

    def _judge(self, candidate: FillerCandidate, rows: list[np.ndarray]) -> FillerEvidence:
        first = _log_softmax(rows[0][0])
        parts = [first[self._singles]]
        for head, tails, logits in zip(self._heads, self._tails, rows, strict=True):
            parts.append(first[head] + _log_softmax(logits[1])[tails])
        return self._against(candidate, first, _logsumexp(np.concatenate(parts)))

    def _upper(self, candidate: FillerCandidate, logits: np.ndarray) -> FillerEvidence:
        """At least the evidence ``_judge`` gives, from the first token's ``logits`` alone:
        a head token's second tokens hold at most all of its probability."""
        first = _log_softmax(logits)
        filler = _logsumexp(np.concatenate([first[self._singles], first[self._heads]]))
        return replace(self._against(candidate, first, filler + _BOUND_SLACK), upper_bound=True)

    def _against(
        self, candidate: FillerCandidate, first: np.ndarray, filler: float
    ) -> FillerEvidence:
        """The evidence given the log-probability ``filler`` of a filler opening the text
        and the first token's log-probabilities ``first``."""
        rest = np.log1p(-min(np.exp(filler), 1.0 - 1e-12))
        rivals = self._first_tokens(candidate.under)
        versus = filler - _logsumexp(first[rivals]) if rivals.size else float("inf")
        return FillerEvidence(filler_log_odds=float(filler - rest), versus_words=float(versus))

    def _first_tokens(self, words: Sequence[str]) -> np.ndarray:
        ids = {
            self._tokenizer.encode(text)[0]
            for word in words
            for variant in (word.lower(), word.capitalize())
            for text in (variant, " " + variant)
            if word
        }
        return np.array(sorted(ids), dtype=np.int64)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    return logits - _logsumexp(logits)


def _logsumexp(x: np.ndarray) -> float:
    top = float(np.max(x))
    return top + float(np.log(np.sum(np.exp(x - top))))
