"""Whole screens the main window switches between: practice, results, history, compare, progress.

A page lays out widgets and emits signals; it decides nothing (controllers do) and imports
no other page.
"""
