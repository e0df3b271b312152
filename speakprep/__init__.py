"""speakprep: rehearse spoken interview answers, offline."""

__version__ = "0.1.0"
