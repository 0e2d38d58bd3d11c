"""The participant import maps a consent column; the People page shows the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import Factory
from tests.ui.people.conftest import MakePage, row_of
from workshop_planner.services import people as ps
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.participants.import_dialog import ImportDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_consent_column_is_mapped_previewed_and_imported(
    qtbot: object,
    make_page: MakePage,
    factory: Factory,
    workspace: Workspace,
    operations: Operations,
    tmp_path: Path,
) -> None:
    event = factory.event()
    path = tmp_path / "registrations.csv"
    path.write_text(
        "Name,Email,Consent to be named\n"
        "Ana Silva,ana@example.org,yes\n"
        "Rui Costa,rui@example.org,no\n"
        "Lee Min,lee@example.org,\n",
        encoding="utf-8",
    )
    dialog = ImportDialog.from_file(operations, event.id, path)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.show()
    combo = dialog.combos["consent_to_name"]
    assert combo.currentText() == "Consent to be named"
    preview = dialog.preview_model
    consent_column = preview.COLUMNS.index("Consent")
    assert [preview.index(r, consent_column).data() for r in range(3)] == [
        "Named",
        "Withheld",
        "",
    ]
    # not in the file: no answers
    dialog.set_mapping("consent_to_name", None)
    assert {preview.index(r, consent_column).data() for r in range(3)} == {""}
    dialog.set_mapping("consent_to_name", "Consent to be named")
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # type: ignore[attr-defined]

    page = make_page()
    by_name = {p.full_name: p for p in ps.list_people(workspace)}
    column = page.model.CONSENT

    def shown(name: str) -> str:
        return str(page.proxy.index(row_of(page, by_name[name].id), column).data())

    assert shown("Ana Silva") == "Named"
    assert shown("Rui Costa") == "Withheld"
    assert shown("Lee Min") == "Withheld"  # no answer: not named
