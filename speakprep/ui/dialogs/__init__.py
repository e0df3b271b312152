"""Dialogs opened over the main window (settings)."""
