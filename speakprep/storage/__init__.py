"""Takes on disk: the recordings folder and the SQLite history."""
