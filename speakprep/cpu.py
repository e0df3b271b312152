"""The cores this process may run on: the one count every thread budget starts from."""

from __future__ import annotations

import os

__all__ = ["usable_cores"]


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one
    (``taskset``, a container's cpuset), else the machine's.

    The speech model's replicas (``transcription.transcribe.replica_layout``), a batch's
    share per worker (``services.batch.threads_per_job``) and the sentence encoder's threads
    (``services.encoder.encoder_threads``) all count from here: counted from
    ``os.cpu_count()``, a process pinned to 2 of 16 cores ran 2 replicas of 4 threads.
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # macOS and Windows have no sched_getaffinity
        return os.cpu_count() or 1
