"""Self-contained widgets that a dialog or page embeds."""
