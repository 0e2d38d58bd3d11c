"""The People page: the workspace's directory of people, their consent, merge and erase."""

from workshop_planner.ui.people.view import PeopleView

__all__ = ["PeopleView"]
