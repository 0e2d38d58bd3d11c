"""Capture mode: live note-taking during a session (see :mod:`.view`)."""
