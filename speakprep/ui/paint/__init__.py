"""Pure painters: functions that draw given data onto a QPainter.

They take what to draw (reports, geometry, colours), never a widget, and import only the
theme and each other, so no painter can reach back into the widget that calls it.
"""
