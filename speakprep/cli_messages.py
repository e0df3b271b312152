"""The one way the command line reports a problem: ``speakprep: reason`` on stderr, the
reason in lower case with no full stop, even when it is the app's sentence ("There is no
take 99 in the history." reads as a dialog's text among the command line's own lines)."""

from __future__ import annotations

import re
import sys

# An app sentence: an ordinary capitalised word, then more words, then one full stop. A
# line that starts with a file's name ("Answer.wav: ...") ends with no stop and is kept.
_APP_SENTENCE = re.compile(r"^[A-Z][a-z]*\s.*[^.]\.$", re.DOTALL)


def cli_reason(text: str) -> str:
    """``text`` as the command line words a reason: "There is no take 99 in the history."
    -> "there is no take 99 in the history"."""
    if _APP_SENTENCE.match(text):
        return text[:1].lower() + text[1:-1]
    return text


def complain(text: str) -> None:
    """Print ``text`` as the command line's one line about a problem."""
    print(f"speakprep: {cli_reason(text)}", file=sys.stderr)
