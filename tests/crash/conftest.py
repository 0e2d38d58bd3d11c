"""Crash tests: the app killed while a note-taker types; nothing committed is lost."""
