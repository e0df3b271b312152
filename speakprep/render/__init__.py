"""Reports turned into things people read: plain text, Markdown, HTML with an SVG timeline.

Qt-free, so the command line, the exports and the app's painters share one idea of the
timeline's scale and of how a time or a figure is written. Imports ``core`` only.
"""

# Export format names and the file name ending each is written with. Kept here, where
# importing costs nothing, so the command line's ``--help`` stays fast.
EXPORT_FORMATS: dict[str, str] = {"html": ".html", "md": ".md", "json": ".json"}
# Other names a person may use for the same formats: as ``--format`` ("markdown") and as a
# file ending (".htm").
FORMAT_ALIASES: dict[str, str] = {"htm": "html", "markdown": "md"}


def accepted_formats(prefix: str = "") -> str:
    """The format names speakprep accepts, aliases beside theirs: "html (or htm), md (or
    markdown), json" (``prefix`` "." gives them as file endings)."""
    parts = []
    for fmt in EXPORT_FORMATS:
        others = [prefix + a for a, target in FORMAT_ALIASES.items() if target == fmt]
        parts.append(prefix + fmt + (f" (or {', '.join(others)})" if others else ""))
    return ", ".join(parts)


def format_named(name: str) -> str:
    """The export format ``name`` means ("markdown" and "MD" are "md").

    Raises:
        ValueError: a one-line message listing the accepted names.
    """
    key = name.strip().lower()
    fmt = key if key in EXPORT_FORMATS else FORMAT_ALIASES.get(key)
    if fmt is None:
        raise ValueError(f"unknown format {name!r}: use {accepted_formats()}")
    return fmt


def format_for_name(name: str, default: str = "html") -> str:
    """The export format a file name asks for (``default`` when it has no ending).

    Raises:
        ValueError: a one-line message when the ending is not one speakprep writes.
    """
    suffix = name.rsplit(".", 1)[1] if "." in name.rsplit("/", 1)[-1] else ""
    if not suffix:
        return default
    try:
        return format_named(suffix)
    except ValueError:
        known = accepted_formats(".")
        raise ValueError(f"cannot export as .{suffix}: use a file name ending in {known}") from None
