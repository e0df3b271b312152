"""The desktop app: all PySide6 code lives here; nothing else imports it."""
