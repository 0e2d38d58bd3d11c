"""Changes that name the sessions they touched, and how they merge."""

from __future__ import annotations

from workshop_planner.services.changes import Changes, Part


def test_sessions_of_two_agenda_changes_merge() -> None:
    merged = Changes.of_sessions("e1", {"a"}) | Changes.of_sessions("e1", {"b"}, Part.NOTES)
    assert merged.parts == {Part.AGENDA, Part.NOTES}
    assert merged.sessions == {"a", "b"}


def test_an_agenda_change_of_unknown_sessions_means_any_session() -> None:
    merged = Changes.of_sessions("e1", {"a"}) | Changes.of("e1", Part.AGENDA)
    assert merged.sessions is None
    assert (Changes.of_sessions("e1", {"a"}) | Changes.everything("e1")).sessions is None


def test_a_change_outside_the_agenda_keeps_the_sessions() -> None:
    merged = Changes.of_sessions("e1", {"a"}) | Changes.of("e1", Part.NOTES)
    assert merged.sessions == {"a"}


def test_sessions_of_two_events_mean_any_session() -> None:
    assert (Changes.of_sessions("e1", {"a"}) | Changes.of_sessions("e2", {"b"})).sessions is None
