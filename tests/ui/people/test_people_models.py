"""qtmodeltester on the People page's models; folding and locale sorting."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QLocale, QPersistentModelIndex, Qt

from workshop_planner.services.people import ConsentChangeInfo, PersonInfo
from workshop_planner.ui.people.model import (
    ConsentHistoryModel,
    PeopleFilterProxy,
    PeopleTableModel,
)

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def person(name: str, **kw: object) -> PersonInfo:
    values: dict[str, object] = {
        "id": name,
        "full_name": name,
        "job_title": "",
        "organisation_id": None,
        "organisation": "",
        "city": "",
        "country": None,
        "email": None,
        "consent_to_name": False,
        "events": (),
        "updated_at": WHEN,
    }
    values.update(kw)
    return PersonInfo(**values)  # type: ignore[arg-type]


PEOPLE = [
    person("Zofia Zielińska", country="PL", consent_to_name=True, events=(("e1", "Berlin"),)),
    person("Łukasz Wiśniewski", job_title="Deputy Mayor", organisation="City of Łódź"),
    person("Lucas Martin", city="Lyon", email="lucas@example.org"),
    person("Participant 10"),
    person("Participant 2"),
    person("Ängel Ørsted", country="DK"),
]


def names(proxy: PeopleFilterProxy) -> list[str]:
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def test_people_model_and_proxy(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PeopleTableModel()
    model.set_people(PEOPLE)
    model.set_event("e1")
    qtmodeltester.check(model)
    proxy = PeopleFilterProxy(locale=QLocale(QLocale.Language.English))
    proxy.setSourceModel(model)
    proxy.set_filter_text("lodz")
    qtmodeltester.check(proxy)
    assert names(proxy) == ["Łukasz Wiśniewski"]
    # the event's participants are bold
    bold = model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert bold is not None
    assert bold.bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None


def test_filter_ignores_case_and_accents_every_word_counts() -> None:
    model = PeopleTableModel()
    model.set_people(PEOPLE)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("LUKASZ")
    assert names(proxy) == ["Łukasz Wiśniewski"]
    proxy.set_filter_text("angel orsted")
    assert names(proxy) == ["Ängel Ørsted"]
    proxy.set_filter_text("luk")  # Łukasz and Lucas? only Łukasz: "luc" ≠ "luk"
    assert names(proxy) == ["Łukasz Wiśniewski"]
    proxy.set_filter_text("lyon")
    assert names(proxy) == ["Lucas Martin"]
    proxy.set_filter_text("denmark")  # the country's name, not only its code
    assert names(proxy) == ["Ängel Ørsted"]
    proxy.set_filter_text("")
    assert proxy.rowCount() == len(PEOPLE)


def test_names_sort_by_locale_in_numeric_mode() -> None:
    model = PeopleTableModel()
    model.set_people(PEOPLE)
    proxy = PeopleFilterProxy(locale=QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    got = names(proxy)
    # numeric mode: 2 before 10; Polish collation: L before Ł, before P; Z last
    assert got.index("Participant 2") < got.index("Participant 10")
    assert got.index("Lucas Martin") < got.index("Łukasz Wiśniewski") < got.index("Participant 2")
    assert got[-1] == "Zofia Zielińska"
    assert got[0] == "Ängel Ørsted"


def test_consent_history_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ConsentHistoryModel()
    model.set_changes(
        [
            ConsentChangeInfo(WHEN, "Ana", None, False),
            ConsentChangeInfo(WHEN.replace(day=2), "Ben", False, True),
        ]
    )
    qtmodeltester.check(model)
    # newest first: who, and from what to what
    assert model.index(0, 1).data() == "Ben"
    assert model.index(0, 2).data() == "Withheld → Named"
    assert model.index(1, 2).data() == "not recorded → Withheld"
    assert "2024" in model.index(0, 0).data()


def test_c_locale_still_sorts_accented_names_among_their_letters() -> None:
    model = PeopleTableModel()
    model.set_people([person("Huberta von Voss"), person("Hélène Marchetti"), person("Zoë")])
    proxy = PeopleFilterProxy(locale=QLocale.c())
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Hélène Marchetti", "Huberta von Voss", "Zoë"]


def test_the_model_keeps_its_rows_sorted_and_selections_follow(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """Sorting reorders the table model itself (collation keys made once per value):
    empty cells last, ties by name, descending reversed; the sort holds when people
    are set again, and a persistent index (a selection) follows its person."""
    model = PeopleTableModel()
    model.set_people([
        person("Cy", city="Lyon"), person("Ana", city=""), person("Bo", city="Lyon"),
        person("Di", city="Aachen"),
    ])  # fmt: skip
    proxy = PeopleFilterProxy(locale=QLocale(QLocale.Language.English))
    proxy.setSourceModel(model)
    kept = model.index(0, 0)  # Cy
    cy = QPersistentModelIndex(kept)
    proxy.sort(PeopleTableModel.CITY, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Di", "Bo", "Cy", "Ana"]
    assert [p.full_name for p in model.people()] == ["Di", "Bo", "Cy", "Ana"]  # the model's order
    assert cy.data() == "Cy"
    assert model.search_text(cy.row()).startswith("cy")
    qtmodeltester.check(model)
    proxy.sort(PeopleTableModel.CITY, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Ana", "Cy", "Bo", "Di"]
    model.set_people([person("Eve", city="Berlin"), *model.people()])
    assert names(proxy) == ["Ana", "Cy", "Bo", "Eve", "Di"]
    proxy.set_filter_text("lyon")
    assert names(proxy) == ["Cy", "Bo"]
