"""The learned content judgement: the packaged encoder, its head, and what they add to the rules.

Everything here runs the real int8 MiniLM encoder shipped in the package (no fakes): the
accuracy gates score the held-out test split (tests/data/answers/test, never tuned on), with
a margin under the figures measured when it was trained, so another CPU or thread count
(int8 kernels differ slightly) does not flip them.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from speakprep.core.content import analyze_content
from speakprep.core.judge import (
    EXAMPLE_CHARS,
    LABEL_READING,
    LabelHead,
    SentenceJudge,
    default_head,
)
from speakprep.core.report import report_to_dict
from speakprep.core.rubric import load_rubric
from speakprep.core.text import transcript_from_text
from speakprep.services.encoder import PART_FILES

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "tests/data/answers"

# Measured on the test split (benchmarks/content_accuracy.py --quiet tests/data/answers/test,
# session 12, with the boundary model): model macro-F1 0.906, checks 0.969 (when the head was
# trained: 0.854 / 0.934); rules alone 0.788 / 0.892 then. Gates sit 0.04 below.
TEST_MACRO_F1 = 0.906
TEST_CHECKS = 0.969
MARGIN = 0.04


def _module(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    return _module("content_accuracy", ROOT / "benchmarks/content_accuracy.py")


@pytest.fixture(scope="module")
def rubric():  # type: ignore[no-untyped-def]
    return load_rubric()


@pytest.fixture(scope="module")
def judge() -> SentenceJudge:
    from speakprep.services.encoder import default_judge

    loaded = default_judge()
    assert loaded is not None, "the packaged encoder did not load"
    return loaded


def analyse(text: str, rubric, judge, question: str | None = None, **kw):  # type: ignore[no-untyped-def]
    return analyze_content(
        transcript_from_text(text),
        rubric=rubric,
        question=rubric.question(question),
        judge=judge,
        **kw,
    )


def assert_not_in_corpus(texts) -> None:  # type: ignore[no-untyped-def]
    """Probe answers written for the tests: no sentence of theirs is in train or dev."""
    bench = _module("content_accuracy", ROOT / "benchmarks/content_accuracy.py")
    corpus = " ".join(a.text for a in bench.load_answers([ANSWERS / "train", ANSWERS / "dev"]))
    for text in texts:
        for sentence in text.split(". "):
            assert sentence[:40] not in corpus, sentence


# --- the encoder -----------------------------------------------------------------------------


def test_the_encoder_loads_from_the_package_without_torch_or_transformers() -> None:
    # A fresh interpreter in which importing torch or transformers fails: the encoder must
    # load from the packaged files and embed without either.
    script = """
import sys, json
sys.modules["torch"] = None
sys.modules["transformers"] = None
from speakprep.services.encoder import SentenceEncoder, encoder_dir
v = SentenceEncoder().embed([
    "In two years I want to lead the night shift.",
    "Within two years I'd like to run the night shift.",
    "I love hiking with my dog on weekends.",
])
print(json.dumps({"dir": str(encoder_dir()), "v": v.tolist(),
                  "torch": [m for m in sys.modules if m.split(".")[0] in ("torch", "transformers")
                            and sys.modules[m] is not None]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["torch"] == []
    assert len(list(Path(data["dir"]).glob(PART_FILES))) == 9  # the embeddings, 6 + 3 layers
    v = np.array(data["v"])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    # Paraphrases are closer to each other than to an unrelated sentence.
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_the_encoder_ships_with_its_licence_and_tokenizer() -> None:
    from speakprep.services.encoder import encoder_dir

    folder = encoder_dir()
    licence = (folder / "LICENSE-all-MiniLM-L6-v2.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence
    assert (folder / "tokenizer.json").stat().st_size > 100_000
    size_mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    assert size_mb < 40  # the install grows by less than 40 MB


def test_embedding_nothing_and_blank_sentences(judge: SentenceJudge) -> None:
    assert judge.embed([]).shape == (0, 384)
    v = judge.embed(["", "   "])
    assert v.shape == (2, 384) and np.isfinite(v).all()


# --- the head --------------------------------------------------------------------------------


def test_the_packaged_head_round_trips_and_carries_its_examples() -> None:
    head = default_head()
    again = LabelHead.from_bytes(head.to_bytes())
    assert np.array_equal(head.weights, again.weights)
    assert again.example_texts == head.example_texts
    assert len(head.example_texts) == len(head.example_labels) == len(head.examples) > 1000
    assert head.pitfalls is not None and again.pitfalls is not None
    assert again.pitfalls.ids == (
        "money_focus",
        "title_focus",
        "unrealistic_ambition",
        "off_topic_personal",
    )
    assert all(0.3 <= t < 1.0 for t in again.pitfalls.thresholds)


def test_nearest_examples_are_the_most_similar_of_the_sentences_own_label() -> None:
    # Four directions in a plane: a sentence's nearest examples are those of its own label,
    # most similar first; of two equal examples the first in the head's order; a label with
    # one example names it alone, a label with none names nothing.
    def unit(degrees: float) -> list[float]:
        return [np.cos(np.radians(degrees)), np.sin(np.radians(degrees)), 0.0]

    examples = [unit(0), unit(40), unit(10), unit(40), unit(5), unit(90)]
    texts = ("plan at 0", "plan at 40", "other at 10", "plan at 40 again", "plan at 5", "st")
    labels = ("plan", "plan", "other", "plan", "plan", "short_term")
    head = LabelHead(
        weights=np.zeros((3, 4), np.float32),
        bias=np.zeros(4, np.float32),
        mean=np.zeros(3, np.float32),
        scale=np.ones(3, np.float32),
        examples=np.array(examples, np.float16),
        example_texts=texts,
        example_labels=labels,  # type: ignore[arg-type]
        meta={},
    )
    queries = np.array([unit(8), unit(38), unit(8), unit(8), unit(8)], np.float32)
    asked = ["plan", "plan", "other", "short_term", "long_term"]
    assert head.nearest(queries, asked, k=2) == [  # type: ignore[arg-type]
        ["plan at 5", "plan at 0"],
        ["plan at 40", "plan at 40 again"],
        ["other at 10"],
        ["st"],
        [],
    ]
    assert head.nearest(queries[:0], []) == []


def test_training_is_deterministic(bench, rubric, judge: SentenceJudge) -> None:  # type: ignore[no-untyped-def]
    trainer = _module("train_content", ROOT / "packaging/train_content.py")
    answers = bench.load_answers([ANSWERS / "train/seeds.toml"])
    rows = trainer.build_rows(answers, rubric, judge.embed)
    first, second = trainer.fit(rows, steps=60), trainer.fit(rows, steps=60)
    assert first.to_bytes() == second.to_bytes()
    # It learns: the training sentences are mostly labelled as their references.
    probs = first.probabilities(rows.features)
    assert (probs.argmax(axis=1) == rows.labels).mean() > 0.8


def test_the_benchmark_scores_the_head_file_it_is_given(bench, rubric, judge, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # content_accuracy.py --head: a head the trainer wrote is measured before it replaces the
    # asset. A copy of the packaged head whose pitfall thresholds are all 0 raises pitfalls on
    # strong seed answers the packaged head leaves alone.
    head = default_head()
    assert head.pitfalls is not None
    eager = replace(head, pitfalls=replace(head.pitfalls, thresholds=head.pitfalls.thresholds * 0))
    path = tmp_path / "candidate.npz"
    path.write_bytes(eager.to_bytes())
    answers = bench.load_answers([ANSWERS / "train/seeds.toml"])
    packaged = bench.evaluate(answers, rubric, bench._judge())
    candidate = bench.evaluate(answers, rubric, bench._judge(path))
    assert packaged.strong_answers > 0
    assert candidate.strong_pitfalls > packaged.strong_pitfalls


def test_the_benchmark_names_the_head_it_scores_and_refuses_it_unused(  # type: ignore[no-untyped-def]
    bench, judge, tmp_path, capsys
) -> None:
    # --head was silently ignored with --rules, --cv and --cost, the header said "model"
    # whichever head was scored, and with no paths the defaults scored the held-out test/.
    path = tmp_path / "candidate.npz"
    path.write_bytes(default_head().to_bytes())
    seeds = str(ANSWERS / "train/seeds.toml")
    for unused in (["--rules"], ["--cv", "2"], ["--cost"], ["--curve"], []):
        with pytest.raises(SystemExit) as refused:
            bench.main(["--head", str(path), *unused, *([seeds] if unused else [])])
        assert refused.value.code == 2
    capsys.readouterr()
    assert bench.main(["--quiet", "--head", str(path), seeds]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"== {seeds} (") and first.endswith(f" answers, head {path})")


def _pitfall_rows(trainer, signal: list[bool]):  # type: ignore[no-untyped-def]
    """Forty answers of three sentences, every other one with the pitfall; where ``signal``
    says so, its first sentence shows it plainly (feature 0), else it looks like the rest."""
    rng = np.random.default_rng(0)
    rows = []
    for i, shown in enumerate(signal):
        features = np.hstack([rng.normal(size=(3, 8)), np.zeros((3, 4))]).astype(np.float32)
        if i % 2 and shown:
            features[0, 0] = 6.0
        rows.append(
            trainer.AnswerRows(
                features,
                ["a", "b", "c"],
                {"p": False},
                {"p": bool(i % 2)},
                np.zeros(3, bool),
                np.zeros(3, bool),
            )
        )
    return rows


def test_pitfall_thresholds_are_chosen_on_the_held_out_folds_scores() -> None:
    # An encoder fine-tuned on the train split separates the answers it trained on, not the
    # others: the thresholds must be chosen on what the fold encoders say of the fold each
    # left out (held_out_rows), not on the leaked separation of the final encoder's rows.
    trainer = _module("train_content", ROOT / "packaging/train_content.py")
    n, folds = 40, trainer.FOLDS
    assert [len(trainer.without_fold(range(n), k)) for k in range(folds)] == [n - n // folds] * 5
    leaked = _pitfall_rows(trainer, [True] * n)
    held = [_pitfall_rows(trainer, [i % folds != k for i in range(n)]) for k in range(folds)]
    _, found_leaked, _ = trainer.pitfall_threshold(leaked, "p")
    _, found_held, _ = trainer.pitfall_threshold(leaked, "p", held)
    assert found_leaked == n // 2  # every answer with the pitfall, as the leak promises
    assert found_held < n // 4  # held out, the fold encoders' scores do not separate them


# --- accuracy on the held-out test split -----------------------------------------------------


@pytest.fixture(scope="module")
def test_scores(bench, rubric, judge):  # type: ignore[no-untyped-def]
    answers = bench.load_answers([ANSWERS / "test"])
    assert len(answers) >= 100
    return bench.evaluate(answers, rubric, judge), bench.evaluate(answers, rubric, None)


def test_the_model_reaches_its_measured_accuracy_on_the_test_split(bench, test_scores) -> None:  # type: ignore[no-untyped-def]
    model, _ = test_scores
    assert model.macro_f1 >= TEST_MACRO_F1 - MARGIN, bench.report(model, quiet=True)
    assert model.check_agreement >= TEST_CHECKS - MARGIN, bench.report(model, quiet=True)


def test_the_model_beats_the_rules_alone_on_the_test_split(bench, test_scores) -> None:  # type: ignore[no-untyped-def]
    model, rules = test_scores
    assert model.macro_f1 >= rules.macro_f1 + 0.03, bench.report(model, quiet=True)
    assert model.check_agreement >= rules.check_agreement, bench.report(model, quiet=True)
    found = sum(model.pitfall_found.values())
    assert found >= sum(rules.pitfall_found.values())


# --- rules that stay deterministic beside the model ------------------------------------------


def labels(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.label for s in result.sentences]


def test_a_stated_horizon_beats_the_speakers_own_name_for_it(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # labelling.md rule 12: a "near-term" goal that is to take a decade is long_term.
    text = "My near-term goal, which will take about a decade, is to make partner at the firm."
    assert labels(analyse(text, rubric, judge)) == ["long_term"]
    assert labels(
        analyse("Over the next decade I want to build a pediatric practice.", rubric, judge)
    ) == ["long_term"]
    assert labels(analyse("My end goal is to run the hospital's cardiac unit.", rubric, judge)) == [
        "long_term"
    ]
    near = "Within eighteen months I want to be certified on the new billing system."
    assert labels(analyse(near, rubric, judge)) == ["short_term"]
    # The time the goal will take, however it is said, is its horizon; the time it took is not.
    taking = (
        "My near-term goal, which will probably take me ten years, is to be a master electrician."
    )
    assert labels(analyse(taking, rubric, judge)) == ["long_term"]
    took = "It took me two years to get here, and now I want to run the night shift."
    assert analyse(took, rubric, judge).sentences[-1].label == "short_term"


def test_the_questions_frame_dates_a_goal_with_no_horizon_of_its_own(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # labelling.md rule 11: "Where do you see yourself in five years?"
    text = "I see myself leading a small team of analysts."
    assert labels(analyse(text, rubric, judge, "five_years")) == ["long_term"]
    own = "For now, I see myself learning the reporting tools inside out."
    assert labels(analyse(own, rubric, judge, "five_years")) == ["short_term"]


def test_a_question_that_asks_for_a_direction_frames_goals_as_long_term(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # questions.toml gives "What direction ..." the long frame (labelling.md rules 2, 11): a
    # goal with no horizon of its own is the long view, one with a near-term marker is not.
    assert rubric.question("career_direction").frame == "long"
    assert rubric.question("career_goals").frame is None
    for text in (
        "I want to get into the estimating side of things.",
        "I would like to write the grant applications for the lab.",
        "I'd like to take on the crew's scheduling.",
    ):
        assert labels(analyse(text, rubric, judge, "career_direction")) == ["long_term"]
        assert labels(analyse(text, rubric, judge, "short_term_goals")) == ["short_term"]
    # With no frame the sentence decides: a task of the role is near-term (rule 2). "Getting
    # into the estimating side" is a career direction there, which rule 2 makes long_term.
    for text in (
        "I would like to write the grant applications for the lab.",
        "I'd like to take on the crew's scheduling.",
    ):
        assert labels(analyse(text, rubric, judge, "career_goals")) == ["short_term"]
    own = "For now, I want to get fast and accurate at the intake assessments."
    assert labels(analyse(own, rubric, judge, "career_direction")) == ["short_term"]


# Near-term markers the time vocabulary does not list (a season, a month, "while I'm still
# new", "my opening months"): written for this test, not in train or dev.
UNLISTED_NEAR_TERM = (
    "By the fall, I want to be closing the shop by myself.",
    "While I'm still new here, I'd like to learn how the dispatch board works.",
    "In my opening months on the unit I want to get comfortable with the infusion pumps.",
    "By next April I want to be handling the supplier invoices without help.",
)


def test_a_near_term_marker_the_rules_do_not_list_beats_the_questions_frame(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # labelling.md rule 11: a near-term marker of its own keeps a goal short_term in a
    # long-framed answer. When the head (which reads the frame too) is sure of the near term
    # (judge.FRAME_YIELD), the marker is there even if no time word of the rubric names it.
    assert_not_in_corpus(UNLISTED_NEAR_TERM)
    for text in UNLISTED_NEAR_TERM:
        assert labels(analyse(text, rubric, judge, "career_direction")) == ["short_term"], text


def test_misleading_time_words_set_no_horizon(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # labelling.md rule 10: "two years ago" dates the past, not a goal.
    text = "Two years ago I started as a cashier here. Someday I want to manage a store."
    assert labels(analyse(text, rubric, judge)) == ["other", "long_term"]


def test_a_negated_pitfall_is_not_found(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = (
        "I'm not chasing a title or a bigger paycheck. In the next two years I want to get "
        "really good at patient education on this unit. Long term, I'd like to teach new nurses."
    )
    found = {c.id: c.found for c in analyse(text, rubric, judge, company="Mercy").checks}
    assert not found["title_focus"] and not found["money_focus"]
    assert not found["unrealistic_ambition"]


# Pitfalls whose verdict asks the model for a second sign besides one sentence over its
# threshold (ambition.corroborated): a training paraphrase alone is that one sentence, so the
# test reads the model's own score there, not a verdict that hangs on judge.PITFALL_SURE (two
# examples scored 0.945 and 0.95 against a bar of 0.94).
SECOND_SIGN = frozenset({"unrealistic_ambition"})


def test_the_model_finds_pitfalls_in_words_the_cue_lists_miss(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The sentences that carried each pitfall in training include paraphrases no cue list
    # knows ("move up a level every couple of years", "sit in your chair"): for each learned
    # pitfall, some of them are found by the model where the rules alone find nothing.
    head = judge.head.pitfalls
    assert head is not None
    for k, pid in enumerate(head.ids):
        caught = []
        for text in head.example_texts[k]:
            rules = {c.id: c for c in analyse(text, rubric, None).checks}
            if rules[pid].found:
                continue
            result = analyse(text, rubric, judge)
            if pid in SECOND_SIGN:
                vectors, _ = judge.vectors([s.text for s in result.sentences])
                scores = head.scores(vectors, [s.label for s in result.sentences])[:, k]
                if scores.max() >= head.thresholds[k]:
                    caught.append(text)
                continue
            model = {c.id: c for c in result.checks}
            if model[pid].found:
                # Found by the pitfall model, or by the rules once the head labelled the
                # sentence a goal (an executive title is unrealistic only as a goal).
                caught.append(text)
                assert model[pid].reason, pid
                # A run-on example may be cut in two (the boundary model): its evidence is
                # one of its own pieces.
                assert model[pid].evidence
                assert max(model[pid].evidence) < len(result.sentences)
        assert len(caught) >= 2, pid


# --- why: the reason on every sentence and check ---------------------------------------------


def test_every_sentence_and_check_says_why_in_the_json_report(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    from speakprep.core.models import Report, Score

    text = (
        "I've been a line cook for three years. In the next year I want to run the grill "
        "station here. I'm taking a food safety manager course. Eventually I'd like to be "
        "a sous chef."
    )
    result = analyse(text, rubric, judge)
    report = Report(
        question=rubric.question(None),
        transcript=transcript_from_text(text),
        delivery=None,
        content=result,
        score=Score(total=0, content=0.0, delivery=None),
    )
    data = json.loads(json.dumps(report_to_dict(report)))
    assert [s["label"] for s in data["sentences"]] == ["other", "short_term", "plan", "long_term"]
    for sentence in data["sentences"]:
        assert sentence["reason"], sentence
    assert all(c["reason"] for c in data["checks"])
    # A model label names the closest labelled examples behind it, in words a user knows
    # (a tooltip said "close to the labelled examples", which meant nothing to one).
    assert any('reads like answers such as "' in s["reason"] for s in data["sentences"])
    assert not any("labelled" in s["reason"] for s in data["sentences"])
    # The rules' part is said in plain words (no internal tags), a goal with its horizon.
    reasons = [s["reason"] for s in data["sentences"]]
    assert reasons[1].startswith('it states a goal, with the horizon "next year"')
    assert reasons[0].startswith("past work")
    assert not any("rule" in r or "_" in r.split('"')[0] for r in reasons), reasons


# --- pitfalls judged on a run-on as it was said ------------------------------------------------


def _goal_clauses(result) -> list[int]:  # type: ignore[no-untyped-def]
    return [i for i, s in enumerate(result.sentences) if s.label in ("short_term", "long_term")]


def test_a_hedge_run_on_into_half_a_goal_is_a_non_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # Said with no stop: the boundary model cuts it and its clauses read as goals ("short term
    # um i don't really know" takes the question's horizon), but said together it is a hedge
    # with no career goal in it (labelling.md: non_answer; rule 13).
    text = (
        "short term um i don't really know i guess just get hired first honestly and then "
        "i'll kind of work it out as i go"
    )
    assert_not_in_corpus([text])
    result = analyse(text, rubric, judge, "short_term_goals")
    assert len(result.sentences) >= 2 and _goal_clauses(result)
    non_answer = next(c for c in result.checks if c.id == "non_answer")
    assert non_answer.found, non_answer.reason
    assert non_answer.evidence == tuple(range(len(result.sentences)))  # the run-on's clauses
    # ... and no goal check praises the clauses' half-goal beside it (they contradicted).
    goals = [c for c in result.checks if c.id in ("short_term_goal", "long_term_goal")]
    assert all(not c.ok for c in goals if c.applies), [(c.id, c.status) for c in goals]
    assert any(c.status == "warn" and "hedging" in c.advice for c in goals)
    assert all("non_answer" not in c.reason for c in goals)  # the check's title, not its id


def test_a_timed_goal_run_on_with_a_hedge_and_family_is_an_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The same run-on view must not take a real goal away: a hedge about the long run and a
    # proud family around a goal for next year leave the goal standing.
    text = (
        "honestly i don't know about the long run but in the next year i want to run the "
        "pastry station here on my own and my family is really proud that i bake for a living"
    )
    assert_not_in_corpus([text])
    result = analyse(text, rubric, judge, "career_goals")
    assert len(result.sentences) >= 2
    found = {c.id: c.found for c in result.checks}
    assert found["short_term_goal"] and not found["non_answer"]


def test_pay_as_the_goal_is_heard_in_the_run_on_as_said(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # Cut apart, "i need more hours ...", "i heard you guys pay extra for nights" and "so i'd
    # sign up for all the nights ..." are a goal and asides; said in one breath, the hours
    # are for the pay (money_focus). The learned reason names the run-on by the number of its
    # first clause (2, after the background sentence), as the app numbers the sentences.
    text = (
        "I've stocked shelves at a grocery store for two years. okay so mainly i need more "
        "hours like i want thirty five a week minimum and uh i heard you guys pay extra for "
        "nights so i'd sign up for all the nights and that's pretty much it for now"
    )
    assert_not_in_corpus([text])
    result = analyse(text, rubric, judge, "short_term_goals")
    assert len(result.sentences) == 4
    money = next(c for c in result.checks if c.id == "money_focus")
    assert money.found and money.evidence == (1, 2, 3)
    # Said as a coach would: "Why: model (0.97): sentence 2 is like ..." was jargon.
    assert money.reason.startswith('sentence 2 reads like answers such as "'), money.reason
    # A short part of the example, not all 200 characters of it: cut when it is longer
    # than EXAMPLE_CHARS, whole when it is not (whichever example is the nearest).
    shown = money.reason.removeprefix('sentence 2 reads like answers such as "')[:-1]
    pitfalls = judge.head.pitfalls
    texts = pitfalls.example_texts[list(pitfalls.ids).index("money_focus")]
    whole = [" ".join(t.split()) for t in texts]
    (example, *_) = [t for t in whole if t.startswith(shown.removesuffix(" …"))]
    if len(example) > EXAMPLE_CHARS:
        assert shown.endswith(" …") and len(shown) <= EXAMPLE_CHARS, shown
    else:
        assert shown == example


def test_with_no_example_to_quote_a_sentence_is_explained_in_a_coachs_words(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # A head with no labelled examples (a trimmed build) gave "model (plan)" as the reason.
    head = dataclasses.replace(
        judge.head, examples=judge.head.examples[:0], example_texts=(), example_labels=()
    )
    bare = dataclasses.replace(judge, head=head)
    text = (
        "Right now I want to run the front desk on my own shifts. Later on I'd like to manage "
        "a hotel of my own. I'm taking a hospitality course at night to get there."
    )
    result = analyse(text, rubric, bare, "career_goals")
    assert result.sentences
    for sentence in result.sentences:
        assert sentence.reason.endswith(LABEL_READING[sentence.label]), sentence.reason
        assert "model (" not in sentence.reason
    assert {s.label for s in result.sentences} >= {"short_term", "long_term"}
