"""The pure analysis core: arrays, dataclasses and settings in, dataclasses out.

Nothing here imports Qt, sqlite3, sounddevice or faster_whisper (tests/test_architecture.py).
"""
