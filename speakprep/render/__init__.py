"""Reports turned into things people read: plain text, Markdown, HTML with an SVG timeline.

Qt-free, so the command line, the exports and the app's painters share one idea of the
timeline's scale and of how a time or a figure is written. Imports ``core`` only.
"""

# Export format names and the file name ending each is written with. Kept here, where
# importing costs nothing, so the command line's ``--help`` stays fast.
EXPORT_FORMATS: dict[str, str] = {"html": ".html", "md": ".md", "json": ".json"}
# Other endings a person may use for the same formats.
_ALIASES: dict[str, str] = {".htm": "html", ".markdown": "md"}


def format_for_name(name: str, default: str = "html") -> str:
    """The export format a file name asks for (``default`` when it has no ending).

    Raises:
        ValueError: a one-line message when the ending is not one speakprep writes.
    """
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if not suffix:
        return default
    by_suffix = {s: fmt for fmt, s in EXPORT_FORMATS.items()} | _ALIASES
    if suffix not in by_suffix:
        known = ", ".join(EXPORT_FORMATS.values())
        raise ValueError(f"cannot export as {suffix}: use a file name ending in {known}")
    return by_suffix[suffix]
