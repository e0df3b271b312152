"""The one way the command line reports a problem: ``speakprep: reason`` on stderr, the
reason in lower case with no full stop, even when it is the app's sentence ("There is no
take 99 in the history." reads as a dialog's text among the command line's own lines)."""

from __future__ import annotations

import re
import sys

# An app sentence: a capitalised word, then more words, then one full stop. A
# line that starts with a file's name ("Answer.wav: ...") ends with no stop and is kept.
_APP_SENTENCE = re.compile(r"^([A-Z][a-z]*)\s.*[^.]\.$", re.DOTALL)

# Words that are never a name, so an app sentence that opens with one is lower-cased: the
# function words English opens a sentence with. Any other opening word may be a name ("I",
# a company, a model, a file: "Kestrel is ...", "I could not ...") and keeps its capital.
_NEVER_A_NAME = re.compile(
    r"""a|an|the|this|that|these|those|my|your|our|their|its|his|her|no|some|any|every|each
    |another|all|both|either|neither|there|it|you|we|they|he|she|nothing|none|something
    |cannot|can|could|will|would|should|must|may|might|is|are|was|were|do|does|did|has|have
    |had|not|never|if|when|where|why|how|what|which|while|once|because|although|after|before
    |since|until|for|from|in|on|at|by|with|without|to|of|and|but|or|so|then|here|now|only
    |also|too""",
    re.VERBOSE,
)


def cli_reason(text: str) -> str:
    """``text`` as the command line words a reason: "There is no take 99 in the history."
    -> "there is no take 99 in the history"; "Kestrel ..." and "I ..." keep their capital."""
    sentence = _APP_SENTENCE.match(text)
    if sentence is None:
        return text
    first = sentence.group(1)
    if _NEVER_A_NAME.fullmatch(first.lower()):
        return first.lower() + text[len(first) : -1]
    return text[:-1]


def complain(text: str) -> None:
    """Print ``text`` as the command line's one line about a problem."""
    print(f"speakprep: {cli_reason(text)}", file=sys.stderr)
