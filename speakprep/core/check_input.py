"""What a rubric check reads (:class:`CheckInput`) and what it finds (:class:`Finding`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from speakprep.core.cues import CueSet, LanguageCues, normalize
from speakprep.core.judge import PitfallFinding
from speakprep.core.labels import SentenceFeatures
from speakprep.core.models import Sentence
from speakprep.core.rubric import CheckSpec, Rubric
from speakprep.core.settings import SpeakingTimeBands


@dataclass(frozen=True, slots=True)
class CheckInput:
    """Everything a check may look at."""

    sentences: Sequence[Sentence]
    features: Sequence[SentenceFeatures]
    rubric: Rubric
    company: str | None = None
    role: str | None = None
    speaking_s: float | None = None
    word_count: int = 0
    # The delivery's speaking-time status ("too_short", "on_target", ...), when measured.
    speaking_status: str | None = None
    # The speaking-time bands the delivery is judged by (the user's target); None: the
    # packaged bands with the rubric's target (the command line's text mode).
    speaking_bands: SpeakingTimeBands | None = None
    # Pitfalls the learned judgement found (speakprep.core.judge), by check id.
    learned_pitfalls: Mapping[str, PitfallFinding] = field(default_factory=dict)

    def indexes(self, predicate: Callable[[int], bool]) -> tuple[int, ...]:
        return tuple(i for i in range(len(self.features)) if predicate(i))

    def positive(self, cues: CueSet, i: int) -> list[re.Match[str]]:
        lang = self.rubric.language
        assert lang is not None
        return lang.negation.positive_matches(cues, self.features[i].text)

    def own_view(self, cues: CueSet, i: int) -> list[re.Match[str]]:
        """The positive matches of ``cues`` in sentence ``i`` that are the speaker's own, not
        what other people think or say of the candidate (:func:`others_view`): "People think
        it's a vacation, but I know it's long days" and "My aunt always said I'd have my own
        salon, but honestly ..." name no wish of the speaker's (two strong dev answers, dev8
        and dev11, flagged for personal life and for leaving)."""
        text = self.features[i].text
        return [m for m in self.positive(cues, i) if not others_view(text, m.start())]

    def meant(self, cues: CueSet, i: int) -> list[re.Match[str]]:
        """The positive matches of ``cues`` in sentence ``i`` that the answer does not put
        off (``Negation.put_off``): in the cue's clause or later in the sentence ("maybe one
        day a practice of my own", "law school, maybe someday, but not any time soon"), or by
        the next sentence when it states no goal of its own and only answers this one ("Would
        I open my own cafe one day? Maybe someday, but not soon."), nor tells as a past fact
        right before it (``[language] past_facts``: "When I started law school I
        wanted the big City salary", a strong dev13 answer flagged).
        A near-term goal is never put off: its way out stands ("... not right now, but in two
        years"). The one rule of a way out put off, for every check that reads one."""
        lang = self.rubric.language
        assert lang is not None
        negation = lang.negation
        if self.features[i].label == "short_term":
            return self.positive(cues, i)  # a near-term goal's way out stands
        nxt = self.features[i + 1] if i + 1 < len(self.features) else None
        if nxt is not None and not nxt.goal and negation.put_off(nxt.text, 0):
            return []
        text = self.features[i].text
        past_facts = lang.past_facts

        def told_as_past(m: re.Match[str]) -> bool:
            if past_facts is None:
                return False
            before = text[negation.clause_span(text, m.start())[0] : m.start()].rstrip()
            return any(b.end() == len(before) for b in past_facts.finditer(before))

        return [
            m
            for m in self.own_view(cues, i)
            if not negation.put_off(text, negation.clause_span(text, m.start())[0])
            and not told_as_past(m)
        ]


# Other people's view of the candidate, reported: "people think", "everyone says", "my aunt
# always said", "my friends joke", "people always ask if I want my own gym" (+ up to three
# words: "always", "keep", "on my course").
_OTHERS_SAY = re.compile(
    r"\b(?:people|everyone|everybody|others|they|folks|"
    r"(?:my|his|her|our) (?:\w+ )?(?:aunt|uncle|mum|mom|dad|mother|father|parents|family|"
    r"friends?|brothers?|sisters?|wife|husband|partner|teachers?|colleagues|boss))"
    r"(?: (?!to\b)\w+){0,3}? (?:think|thinks|thought|say|says|said|assume|assumes|assumed|expect|"
    r"expects|expected|joke|jokes|joked|tell me|told me|tells me|ask|asks|asked|ask me|asking)\b"
)
# What ends the reported view before the cue: a turn ("but", "though"), the speaker's own
# wish ("and I want ...") or a new clause of the speaker's after a comma ("My friends think
# I'm crazy, I want ...", "Everyone says I'm a natural, within two years I'll ...") make what
# follows the speaker's again.
_OWN_AGAIN = re.compile(
    r"\b(?:but|though|although|yet|and i|so i)\b|[.;:!?]"
    r"|,(?: [\w'-]+){0,3}? i(?:'m|'ll|'d|'ve)?(?: [\w'-]+)?(?= |$)"
)
# The speaker taking the view as their own after it: agreeing ("which is exactly how I see
# it", "and they're right") or already doing it ("and I'm taking two months off").
_ENDORSED = re.compile(
    r"[^.;:!?]*?\b(?:(?:which|that)(?:'s| is) (?:\w+ )?(?:how|what) i (?:see|feel|think|want)"
    r"|i agree|(?:they|he|she)(?:'re| are|'s| is) right|and i(?:'m| am) (?:\w+ )?\w+ing)\b"
)
# What people ask, answered yes by the speaker right after the question, before any turn
# ("people always ask if I want my own gym, and honestly, yes", "and I absolutely do", "and
# the answer is yes"); a "yeah" after what people say or think is a filler, no answer ("my
# friends say I should open a bakery, yeah, but I'm happy here").
_ASKED = re.compile(r"\bask(?:s|ed|ing)?(?: me)?$")
_ANSWERED_YES = re.compile(
    r"(?:(?!\b(?:but|though|although|yet)\b)[^.;:!?,])*,? and (?:honestly|truthfully|frankly)?,? ?"
    r"(?:yes|yeah|i (?:\w+ )?do(?= *(?:[.,;!?]|$))"
    r"|the answer is (?:\w+ )?(?:yes|absolutely|definitely))\b"
)
# A view the speaker wishes others to hold is the speaker's own wish ("I'd like people to
# say I ...", a retirement party's frame).
_WISHED = re.compile(r"\b(?:like|love|want|hope|wish|expect)\s+$")
# How many words a reported view reaches: its own clause, not the rest of a long run-on.
_REPORT_WORDS = 10


def others_view(text: str, at: int) -> bool:
    """Whether the word at ``at`` of lower-case ``text`` is in what other people think or say
    of the candidate, before any turn back to the speaker, and the speaker does not take it
    up after it: the cue is their idea, not the speaker's goal (labelling.md rule 9's denials
    and someone else's goal, said the other way round). A view the speaker agrees with
    ("which is exactly how I see it") or acts on ("and I'm taking two months off") is theirs."""
    said = max(_OTHERS_SAY.finditer(text, 0, at), key=lambda m: m.start(), default=None)
    if said is None or _WISHED.search(text, 0, said.start()):
        return False
    between = text[said.end() : at]
    return (
        len(between.split()) <= _REPORT_WORDS
        and not _OWN_AGAIN.search(between)
        and not _ENDORSED.match(text, at)
        and not (_ASKED.search(said.group(0)) and _ANSWERED_YES.match(text, at))
    )


@dataclass(frozen=True, slots=True)
class Finding:
    found: bool
    evidence: tuple[int, ...] = ()
    note: str = ""  # appended to the advice
    reason: str = ""  # the cue, sentence or measure behind the finding
    advice: str = ""  # replaces advice_not_ok when set
    # Values for the {placeholders} of the check's title and advice ({target} of
    # within_target: the bands the verdict used, so "30 to 60 seconds" for a 60 s target).
    fill: Mapping[str, str] = field(default_factory=dict)
    speaking_status: str = ""  # within_target: the status it judged (CheckResult's)


def cue_reason(inp: CheckInput, evidence: Sequence[int], *cue_sets: CueSet) -> str:
    """The cue words matched in the evidence sentences, quoted: why a cue check fired."""
    words: list[str] = []
    for i in evidence:
        for cues in cue_sets:
            words.extend(m.group(0) for m in inp.positive(cues, i))
    return quoted(words, limit=4)


def quoted(words: Sequence[str], *, limit: int) -> str:
    """The first ``limit`` distinct words, quoted: a reason names "five years" once however
    many sentences said it."""
    unique = list(dict.fromkeys(words))[:limit]
    return "; ".join(f'"{w}"' for w in unique)


def personal_goal(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` is a goal about personal life (labelling.md rules 8 and 13):
    labelled a goal, yet the rules saw personal life in it ("get my golf handicap under ten",
    "my buddies ... be jealous") and no career target, and it names no work (see
    :func:`names_work`)."""
    feat = inp.features[i]
    lang = inp.rubric.language
    assert lang is not None
    personal = own_personal(inp, i)
    return (
        feat.goal
        and feat.reason == "personal"
        and bool(personal)
        and not all(_motive(feat.text, lang, m) for m in personal)
        and not names_work(inp, i)
    )


# A reason clause: what follows says why, not what the goal is ("because ...", and a choice's
# reason named as such: "part of why I'm moving is that ...", "the reason I applied is ...").
_BECAUSE = re.compile(
    r"\b(?:because|since|'?cause|(?:reason|why) (?:[\w']+ ){1,4}?(?:is|was)(?: that)?)\b"
)


def _motive(text: str, lang: LanguageCues, cue: re.Match[str]) -> bool:
    """Whether the personal cue ``cue`` is in a reason given after the goal (labelling.md rule
    1: a goal with a reason keeps the goal's label): in "I want to be a member service advisor
    and help people build savings because I've seen debt in my family" the family is why,
    the advisor is the goal."""
    goal = lang.goal_verbs.search(text[: cue.start()])
    return goal is not None and bool(_BECAUSE.search(text, goal.end(), cue.start()))


def in_passing(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` tells a choice and gives the speaker's family as its reason: "I
    went regional instead of over-the-road because I want to be home for my kids" is
    background (labelling.md rule 1), not a wish the answer drifts into. The choice before
    the "because" wishes for nothing ("I want a job I can brag about at family dinners, since
    my brother's a surgeon" is the wish), and leisure named anywhere ("because I'll be
    golfing every day after") is a drift whatever clause it is in."""
    lang = inp.rubric.language
    assert lang is not None
    text = inp.features[i].text
    personal = own_personal(inp, i)
    if not personal or inp.positive(inp.rubric.check("off_topic_personal").cue("cues"), i):
        return False
    reason = _BECAUSE.search(text)
    if reason is None or not text[: reason.start()].strip():
        return False
    choice = text[: reason.start()]
    return not lang.goal_verbs.search(choice) and all(m.start() > reason.end() for m in personal)


# How many words before a personal cue may name whose it is.
_DOER_WORDS = 2


def own_personal(inp: CheckInput, i: int) -> list[re.Match[str]]:
    """The personal-life cues of sentence ``i`` that are the speaker's own life: in "a
    surf school that people travel to from all over" the travel is the customers', the
    people the work serves, not the speaker's holiday (whose it is, read as
    :func:`owned_by_others` reads whose pay a pay word is). "My ..." is always the speaker's."""
    lang = inp.rubric.language
    assert lang is not None
    spec = inp.rubric.check("money_focus")
    events = _events(inp.rubric.check("off_topic_personal").cue("work_events"))
    text = inp.features[i].text

    def theirs(m: re.Match[str]) -> bool:
        if spec.cue("speaker").search(m.group(0)):
            return False
        start, _ = lang.negation.clause_span(text, m.start())
        # The doer right before it: "people travel", not "my son's hockey team and we're
        # trying to do a big road trip" (a team named further back is no owner of the trip).
        near = text[start : m.start()].split()[-_DOER_WORDS:]
        if owned_by_others(spec, " ".join(near) + " "):
            return True
        # An event the work puts on for others ("take over the teen gaming night", "run the
        # golf tournament for our clients"), unless it is the speaker's ("my book club").
        event = events.match(text, m.end())
        return event is not None and not spec.cue("speaker").search(" ".join(near))

    return [
        m
        for m in inp.own_view(lang.personal, i)
        if not theirs(m) and not names_the_business(inp, m) and not _the_roles_craft(inp, m)
    ]


# How many letters the role's word may add to a personal word it is made from ("garden" ->
# "gardener", "travel" -> "traveller", "golf" -> "golfer"), and how many the personal word
# needs at least ("golf"; a shorter one, "ski", starts too many words of a role).
_CRAFT_SUFFIX_LETTERS = 4
_CRAFT_STEM_LETTERS = 4


def _the_roles_craft(inp: CheckInput, cue: re.Match[str]) -> bool:
    """Whether the personal-life cue ``cue`` names the craft of the role the user typed: a
    gardener's "historic garden", a golf pro's golf, a tour guide's travel are the work (a
    strong dev11 answer, "head gardener somewhere like this, looking after a historic
    garden", flagged for personal life). One word only, its "-ing" aside, and not in a wish
    for time of the speaker's own (off_topic_personal ``own_time``: "more time in my own
    garden at weekends", "enough time off to play golf every weekend" from a golf club's
    bartender)."""
    words = re.findall(r"[a-z]+", cue.group(0).lower())
    if len(words) != 1 or not inp.role:
        return False
    if inp.rubric.check("off_topic_personal").cue("own_time").search(cue.string):
        return False
    stem = words[0].removesuffix("ing")
    if len(stem) < _CRAFT_STEM_LETTERS:
        return False
    role = re.findall(r"[a-z]+", inp.role.lower())
    return any(w.startswith(stem) and len(w) - len(stem) <= _CRAFT_SUFFIX_LETTERS for w in role)


@lru_cache(maxsize=8)
def _events(cues: CueSet) -> re.Pattern[str]:
    """Right after a leisure word, an event the work puts on (off_topic_personal
    ``work_events``): " night", " tournament", " programme"."""
    words = "|".join(f"(?:{p})" for p in cues.patterns)
    return re.compile(rf"\s+(?:{words})\b")


# People named as the employer's ("your support reps get quarterly bonuses", "you guys pay
# time and a half") are the pay the candidate would get there, and one the candidate says they
# are or will be ("be the guy on your crew", "remembered as the rep who ...") is the speaker.
YOURS_OR_MINE = re.compile(r"\b(?:your|you|ur|u|be|being|been|am|i'm|as)\s+(?:[\w'-]+\s+)?$")


def owned_by_others(spec: CheckSpec, before: str) -> bool:
    """Whether the person named nearest before a word in its clause (``before``) is someone
    other than the speaker ("nobody who works for us to ever get a wrong paycheck", "raising
    my team's wages"): the people ``others`` and ``speaker`` of money_focus in rubric.toml."""
    others = [
        m.end()
        for m in spec.cue("others").finditer(before)
        if not YOURS_OR_MINE.search(before, 0, m.start())
    ]
    speaker = [m.end() for m in spec.cue("speaker").finditer(before)]
    return max(others, default=-1) > max(speaker, default=-1)


# What speech-to-text may put between the parts of a typed name, or leave out: "Blue Harbor"
# heard "Blueharbor" or "Blue-Harbor".
_JOIN = r"[\s-]?"
# The shortest part a typed word is heard split into: "Northwind" heard "North wind".
_PART_LETTERS = 3


def spoken_name(name: str, *, cased: bool = False) -> str:
    """A regex for a name the user typed (company, role, or one word of them) as the model
    may write it: its parts joined or split by a space or hyphen, in any case. tiny.en wrote
    "Northwind" as "North wind", and "Tied to the employer" then asked the speaker to name
    the company they had named. A typed word is heard split once at most (each part
    :data:`_PART_LETTERS` letters or more), so "together" is not "to get her". ``cased``:
    the first letter only as typed ("Reliable" of "Reliable Plumbing" is not "be reliable").
    The one rule for every match of the typed names."""
    parts = [p for p in re.split(r"[\s-]+", name.strip()) if p]
    if not parts:
        return ""
    first = re.escape(parts[0][0])
    rest = _JOIN.join([_spoken_word(parts[0], 1), *(_spoken_word(p, 0) for p in parts[1:])])
    return f"{first}(?i:{rest})" if cased else f"(?i:{first}{rest})"


def _spoken_word(word: str, skip: int) -> str:
    """One typed word as heard, its first ``skip`` letters left out: whole, or split once by
    a space or hyphen."""
    if not word.isalpha():
        return re.escape(word[skip:])
    splits = range(_PART_LETTERS, len(word) - _PART_LETTERS + 1)
    heard = [word[skip:], *(rf"{word[skip:k]}[\s-]{word[k:]}" for k in splits)]
    return f"(?:{'|'.join(heard)})"


def within(match: re.Match[str], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``match`` lies wholly inside one of ``spans`` (start, end) of the same text."""
    return any(start <= match.start() and match.end() <= end for start, end in spans)


@dataclass(frozen=True, slots=True)
class EmployerNames:
    """The employer as the user named it: whole names (any case), proper words (as cased),
    the name's head noun pointed at ("this county", "your school": any case) and proper words
    in any case acting as a name ("metro does the supervisor academy", "brightline's org
    chart": typed or transcribed without capitals)."""

    phrases: re.Pattern[str] | None
    words: re.Pattern[str] | None
    pointed: re.Pattern[str] | None
    acting: re.Pattern[str] | None = None

    def search(self, feat: SentenceFeatures, *, outside: Sequence[tuple[int, int]] = ()) -> bool:
        """Whether sentence ``feat`` names the employer; matches of its normalised text inside
        one of the spans ``outside`` do not count ("the practice papers" of Larchfield
        Practice qualify a noun)."""
        in_text = (p for p in (self.phrases, self.pointed, self.acting) if p is not None)
        return bool(self.words and self.words.search(feat.raw)) or any(
            not within(m, outside) for pattern in in_text for m in pattern.finditer(feat.text)
        )


@lru_cache(maxsize=64)  # a few companies per session; each one built once
def _names(
    company: str | None,
    generic: frozenset[str],
    pointers: CueSet,
    suffixes: frozenset[str],
    kinds: frozenset[str] = frozenset(),
    verbs: CueSet | None = None,
) -> EmployerNames:
    """The company's whole name, its distinctive words, and its head noun after a pointer.
    Built once per company and rubric: off_topic_personal asks for them sentence by sentence.

    The role's name is not a reference to the employer: "the painter who ..." or a ladder of
    titles names the trade, not this job ("this role" and the like are cues instead).

    A single word of a company name ("Reliable" of "Reliable Plumbing") counts only when
    capitalised as in the name, so "be reliable" or "my own plumbing business" do not. After
    "this" or "your", the name's last word (its head noun, before any "Inc") names the
    employer however common or cased: the workplace the user typed ("Riverbend County",
    "Lincoln High School") is what "this county" or "this school" means, whether or not the
    rubric's list of workplaces has the word. Only the head, or a word of the name that says
    what kind of public body it is (``kinds``: "the county" of Linn County Family Services):
    "First" of "First National Bank" after "this" is a time ("this first year"), not the bank.
    In lower case a proper word counts where it acts as a name: possessive, or before one of
    ``verbs`` ("metro does", "tamsin offers"), which "be reliable" never is.
    """
    phrases = [spoken_name(normalize(company))] if company and normalize(company) else []
    words, uncased, all_words = [], [], []
    for word in re.findall(r"[A-Za-z][A-Za-z'&.-]+", company or ""):
        word = word.strip(".'").removesuffix("'s")
        all_words.append(word.lower())
        if len(word) >= 4 and word.lower() not in generic and word[0].isupper():
            words.append(spoken_name(word, cased=True))
            uncased.append(spoken_name(word))
    acts = "|".join(f"(?:{p})" for p in verbs.patterns) if verbs else ""
    acting = f"(?:{'|'.join(uncased)})(?:'s|(?: [a-z]+)? (?:{acts}))" if uncased and acts else ""
    pointer = "|".join(f"(?:{p})" for p in pointers.patterns)
    tails = "|".join(_name_tails(all_words, suffixes))
    # A kind word ("the state", "the city") is the employer after "this" or "your", or after
    # "the" ("help the county move to multi-year budgeting"), but not as a place or an
    # authority ("licensed by the state", "move to the city") unless it acts as a name there
    # ("to the county's flood plan").
    kind = "|".join(f"{w}s?" for w in dict.fromkeys(all_words) if w in kinds)
    acts_as_name = f"(?:'s| (?:{acts}))" if acts else "'s"
    not_a_place = "".join(rf"(?<!\b{p} )" for p in _PLACE_PREPOSITIONS)
    kinds_named = (
        f"(?:this|your|ur) (?:{kind})|{not_a_place}the (?:{kind})|the (?:{kind})(?={acts_as_name})"
        if kind
        else ""
    )
    pointed = f"(?:{pointer}) (?:{tails})" if tails and pointer else ""
    referred = "|".join(p for p in (pointed, kinds_named) if p)
    return EmployerNames(
        re.compile(rf"(?<![\w])(?:{'|'.join(phrases)})(?:'s)?(?![\w])") if phrases else None,
        # "Security+" of Redstone Security is a certificate, not the employer.
        re.compile(rf"(?<![\w])(?:{'|'.join(words)})(?:['’]s)?(?![\w+])") if words else None,
        re.compile(rf"(?<![\w'])(?:{referred})(?:'s)?(?![\w])") if referred else None,
        re.compile(rf"(?<![\w'])(?:{acting})(?![\w])") if acting else None,
    )


# Words before "the city" or "the state" that make it a place or an authority, not the employer.
_PLACE_PREPOSITIONS = ("to", "by", "into", "from", "in", "around", "outside")


def _name_tails(words: list[str], suffixes: frozenset[str]) -> list[str]:
    """The ends of a company name that stand for it after a pointer, longest first, as
    patterns: its head in either number ("this archive" of "Tern Archives", "your clinics"
    of "Ash Clinic") and the head with the name's words before it ("this health system" of
    "Valley Health System", "this credit union" of "Sunfield Credit Union"). Always through
    the head: "this first" of "First National Bank" is a time ("this first year")."""
    kept = [w for w in words if w not in suffixes]
    last = max((i for i, w in enumerate(kept) if len(w) >= 3), default=None)
    if last is None:
        return []
    head = kept[last].removesuffix("s")
    return [spoken_name(" ".join([*kept[k:last], head])) + "s?" for k in range(last + 1)]


def employer_names(inp: CheckInput) -> EmployerNames:
    """The employer as the user named it (``inp.company``), as employer_link reads it."""
    spec = inp.rubric.check("employer_link")
    assert inp.rubric.sentences is not None
    suffixes = inp.rubric.sentences.company_suffixes
    kinds = frozenset(spec.cue("name_kinds").patterns)
    verbs = spec.cue("name_verbs")
    return _names(inp.company, _generic(inp), spec.cue("pointers"), suffixes, kinds, verbs)


def names_the_business(inp: CheckInput, cue: re.Match[str]) -> bool:
    """Whether the cue ``cue`` is one word of the business the user named, the company or the
    role in any case: at "Jolly Times Party Supplies" "the party season orders" are the work,
    and so are a promotions coordinator's promotions and a holiday park's holiday lets (a
    strong dev8 answer each flagged for personal life or titles). One whole word only (its
    plural too), an article aside: a ladder that starts at the role ("from research
    associate i to ii", "junior to mid to senior") is still a ladder, and a promotions
    coordinator "promoted" twice is promoted. Generic name words (employer_link
    ``generic_name_words``) name no trade."""
    words = [w for w in re.finditer(r"[a-z]+", cue.group(0).lower()) if w[0] not in _ARTICLES]
    if len(words) != 1:
        return False
    business = _business_names(inp.company, inp.role, _generic(inp))
    if business is None:
        return False
    start, end = cue.start() + words[0].start(), cue.start() + words[0].end()
    return any(m.start() <= start and end <= m.end() for m in business.finditer(cue.string))


_ARTICLES = frozenset({"a", "an", "the"})


def _generic(inp: CheckInput) -> frozenset[str]:
    return frozenset(inp.rubric.check("employer_link").cue("generic_name_words").patterns)


@lru_cache(maxsize=64)
def _business_names(
    company: str | None, role: str | None, generic: frozenset[str]
) -> re.Pattern[str] | None:
    """The company's and the role's words (either number), generic name words aside, as
    heard (:func:`spoken_name`): "party" of "Partyland" heard "party land" is the business."""
    words = re.findall(r"[a-z]+", f"{company or ''} {role or ''}".lower())
    kept = dict.fromkeys(w.removesuffix("s") for w in words if len(w) >= 4 and w not in generic)
    if not kept:
        return None
    names = "|".join(f"{spoken_name(w)}s?" for w in kept)
    return re.compile(rf"(?<![\w])(?:{names})(?![\w])")


def names_work(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` names the employer, pay or the work itself: then a family or
    leisure word in it is in passing ("learn your booking software, after five years at home
    with my kids", "organise the travel for your sales team", "the garden beds at Hollis
    Nursery" when the user named Hollis Nursery as the employer), and pay as the reason is
    money_focus's, not personal life."""
    return text_names_work(inp.rubric, inp.features[i].text) or (
        inp.company is not None and employer_names(inp).search(inp.features[i])
    )


def text_names_work(rubric: Rubric, text: str) -> bool:
    """Whether a normalised sentence names the employer, pay or the work itself by the
    rubric's words alone (:func:`names_work` without the user's company name)."""
    cue_sets = (
        rubric.check("employer_link").cue("cues"),
        rubric.check("money_focus").cue("cues"),
        rubric.check("off_topic_personal").cue("work_words"),
    )
    return any(cues.search(text) for cues in cue_sets)
