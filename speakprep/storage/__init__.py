"""Takes on disk: the recordings folder and the SQLite history.

``from speakprep.storage.library import Library`` is the entry point; ``db`` opens and checks
the database, ``migrations`` holds its schema, ``recordings`` the audio files.
"""
