"""Rubric, question bank and analysis settings: data, not code."""
