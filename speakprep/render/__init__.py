"""Reports turned into things people read: plain text, Markdown, HTML with an SVG timeline.

Qt-free, so the command line, the exports and the app's painters share one idea of the
timeline's scale and of how a time or a figure is written. Imports ``core`` only.
"""

# Export format names and the file name ending each is written with. Kept here, where
# importing costs nothing, so the command line's ``--help`` stays fast.
EXPORT_FORMATS: dict[str, str] = {"html": ".html", "md": ".md", "json": ".json"}
