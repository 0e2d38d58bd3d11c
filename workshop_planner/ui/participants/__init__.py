"""The Participants page."""
