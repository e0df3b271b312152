"""Reusable widgets the pages are built from: timeline, trend plot, tiles, meter, clock, legend.

A widget imports painters, the theme and other widgets, never a page or a controller.
"""
