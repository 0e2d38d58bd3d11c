"""The Themes page (report studio), driven with real keys and mouse clicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.studio.conftest import Captured
from workshop_planner.services import curation
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Page
from workshop_planner.ui.studio import StudioView
from workshop_planner.ui.studio.models import Column, Role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def titles(workspace: Workspace, event_id: str) -> list[str]:
    return [t.title for t in curation.list_themes(workspace, event_id)]


def notes(workspace: Workspace, event_id: str) -> dict[str, curation.CurationNote]:
    return {n.id: n for n in curation.list_notes(workspace, event_id)}


def select_notes(qtbot, view: StudioView, *note_ids: str) -> None:
    """Click the first note, Ctrl+click the others (real mouse clicks)."""
    table = view.notes_view
    for i, note_id in enumerate(note_ids):
        row = view.proxy.mapFromSource(view.notes_model.index(view.notes_model.row_of(note_id), 0))
        cell = view.proxy.index(row.row(), Column.TEXT)
        table.scrollTo(cell)
        rect = table.visualRect(cell)
        qtbot.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            CTRL if i else Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    assert view.selected_note_ids() == sorted(note_ids, key=lambda n: view.notes_model.row_of(n))


def print_in(qtbot, view: StudioView, key: Qt.Key) -> None:
    """P opens "Print in…" at the selection; the entry's underlined letter chooses."""
    view.notes_view.setFocus()
    qtbot.keyClick(view.notes_view, Qt.Key.Key_P)
    menu = QApplication.activePopupWidget()
    assert menu is view.print_in_menu
    qtbot.keyClick(menu, key)
    qtbot.waitUntil(lambda: not view.print_in_menu.isVisible())


def add_theme_with_keys(qtbot, view: StudioView, title: str) -> None:
    view.themes_view.setFocus()
    qtbot.keyClick(view.themes_view, Qt.Key.Key_N, CTRL | SHIFT)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new theme's name, ready to type over
    editor.selectAll()
    qtbot.keyClicks(editor, title)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(t.title == title for t in view.themes_model.themes()))


def test_models_pass_the_model_tester(
    studio: StudioView, qtmodeltester, workspace: Workspace, captured: Captured
) -> None:
    first = curation.add_theme(workspace, captured.event_id, "Mayoral Leadership")
    curation.add_theme(workspace, captured.event_id, "Trust")
    curation.assign_theme(workspace, list(captured.notes.values())[:3], first.id)
    curation.set_featured(workspace, list(captured.notes.values())[:3], True)
    studio.operations.announce(Changes.of(captured.event_id, Part.THEMES, Part.NOTES))
    studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
    assert studio.featured_model.rowCount() == 3
    for model in (studio.themes_model, studio.notes_model, studio.proxy, studio.featured_model):
        qtmodeltester.check(model)


def test_empty_states_say_what_to_do(studio: StudioView) -> None:
    assert studio.themes_empty.isVisible()
    assert "Ctrl+Shift+N" in studio.themes_empty.text()
    assert not studio.theme_editor.form.isEnabled()
    assert studio.featured_empty.isVisible()


def test_themes_add_rename_reorder_delete_with_keys_and_undo(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    eid = captured.event_id
    add_theme_with_keys(qtbot, studio, "Mayoral Leadership")
    qtbot.mouseClick(studio.add_button, Qt.MouseButton.LeftButton)  # the button, then type
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Trust")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(workspace, eid) == ["Mayoral Leadership", "Trust"])
    assert not studio.themes_empty.isVisible()

    # F2 renames the current theme
    studio.themes_view.setFocus()
    assert studio.current_theme().title == "Trust"
    qtbot.keyClick(studio.themes_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Public Trust")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: titles(workspace, eid) == ["Mayoral Leadership", "Public Trust"])

    # Alt+Up moves it first, and it stays selected
    studio.themes_view.setFocus()
    qtbot.keyClick(studio.themes_view, Qt.Key.Key_Up, ALT)
    assert titles(workspace, eid) == ["Public Trust", "Mayoral Leadership"]
    assert studio.current_theme().title == "Public Trust"
    assert studio.themes_model.index(0).data().startswith("1. Public Trust")
    qtbot.keyClick(studio.themes_view, Qt.Key.Key_Down, ALT)
    assert titles(workspace, eid) == ["Mayoral Leadership", "Public Trust"]

    # Del deletes; undo brings it back in its place, with its notes
    note_id = captured.notes["obs_youth"]
    theme_id = studio.current_theme().id
    curation.assign_theme(workspace, [note_id], theme_id)
    qtbot.keyClick(studio.themes_view, Qt.Key.Key_Delete)
    assert titles(workspace, eid) == ["Mayoral Leadership"]
    command = studio.operations.undo_stack.command(studio.operations.undo_stack.index() - 1)
    assert command.page is Page.THEMES
    studio.operations.undo_stack.undo()
    assert titles(workspace, eid) == ["Mayoral Leadership", "Public Trust"]
    assert theme_id in notes(workspace, eid)[note_id].theme_ids
    assert studio.themes_model.rowCount() == 2
    # undo the moves and the rename, then the additions
    for _ in range(3):
        studio.operations.undo_stack.undo()
    assert titles(workspace, eid) == ["Mayoral Leadership", "Trust"]
    studio.operations.undo_stack.undo()
    studio.operations.undo_stack.undo()
    assert titles(workspace, eid) == ["Mayoral Leadership"]


def test_theme_editor_saves_as_you_type_with_markdown_keys(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    theme = curation.add_theme(workspace, captured.event_id, "Mayoral Leadership")
    studio.reload()
    studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
    editor = studio.theme_editor
    assert editor.form.isEnabled()
    assert editor.title.text() == "Mayoral Leadership"

    qtbot.mouseClick(editor.key_message, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.key_message, "Mayors lead where nations stall.")
    body = editor.body.edit
    body.setFocus()
    qtbot.keyClicks(body, "Cities ")
    qtbot.keyClick(body, Qt.Key.Key_B, CTRL)
    qtbot.keyClicks(body, "act")
    qtbot.keyClick(body, Qt.Key.Key_End)
    qtbot.keyClicks(body, " first. See ")
    qtbot.keyClick(body, Qt.Key.Key_K, CTRL)  # [link text](https://) with the address selected
    qtbot.keyClicks(body, "https://example.org")
    qtbot.keyClick(body, Qt.Key.Key_End)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "Heat plans")
    qtbot.keyClick(body, Qt.Key.Key_8, CTRL | SHIFT)  # a bulleted list
    expected = "Cities **act** first. See [link text](https://example.org)\n\n- Heat plans"
    assert body.toPlainText() == expected
    # the formatted view shows what the report prints
    qtbot.waitUntil(lambda: "Heat plans" in editor.body.view.toPlainText())
    html = editor.body.html()
    assert "font-weight:700" in html
    assert 'href="https://example.org"' in html
    assert "**" not in editor.body.view.toPlainText()

    saved = lambda: curation.list_themes(workspace, captured.event_id)[0]  # noqa: E731
    qtbot.waitUntil(lambda: saved().body == expected, timeout=5000)
    assert saved().key_message == "Mayors lead where nations stall."
    # typing in one field is one undo step
    studio.operations.undo_stack.undo()
    assert saved().body == ""
    assert body.toPlainText() == ""
    studio.operations.undo_stack.undo()
    assert saved().key_message == ""
    assert editor.key_message.text() == ""
    assert saved().id == theme.id


def test_search_and_filters(studio: StudioView, qtbot, captured: Captured) -> None:
    assert studio.proxy.rowCount() == 12
    studio.search.setFocus()
    qtbot.keyClicks(studio.search, "budget")
    assert studio.proxy.rowCount() == 1
    studio.search.clear()
    qtbot.keyClicks(studio.search, "ada nowak")  # the speaker's name
    assert studio.proxy.rowCount() == 1
    studio.search.clear()
    kind = studio.filters["kind"]
    kind.setCurrentIndex(kind.findData("quote"))
    assert studio.proxy.rowCount() == 3
    speaker = studio.filters["speaker"]
    speaker.setCurrentIndex(speaker.findData("no"))
    assert studio.proxy.rowCount() == 0
    assert studio.notes_empty.isVisible()
    assert "clear them" in studio.notes_empty.text()
    speaker.setCurrentIndex(0)
    kind.setCurrentIndex(0)
    author = studio.filters["author"]
    assert sorted(author.itemText(i) for i in range(1, author.count())) == ["Nora", "Sam"]
    author.setCurrentIndex(author.findData("Nora"))
    assert studio.proxy.rowCount() == 6
    author.setCurrentIndex(0)
    session = studio.filters["session"]
    session.setCurrentIndex(session.findData(captured.session_id))
    assert studio.proxy.rowCount() == 12
    featured = studio.filters["featured"]
    featured.setCurrentIndex(featured.findData("yes"))
    assert studio.proxy.rowCount() == 0
    featured.setCurrentIndex(featured.findData("no"))
    assert studio.proxy.rowCount() == 12
    theme = studio.filters["theme"]
    theme.setCurrentIndex(theme.findData(""))  # in no theme
    assert studio.proxy.rowCount() == 12


def test_feature_assign_and_place_with_keys_clicks_and_undo(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    eid = captured.event_id
    first = curation.add_theme(workspace, eid, "Mayoral Leadership")
    second = curation.add_theme(workspace, eid, "Trust")
    studio.reload()
    budget, youth, ada = (captured.notes[k] for k in ("obs_budget", "obs_youth", "quote_ada"))

    # one click on the star features one note
    row = studio.proxy.mapFromSource(studio.notes_model.index(studio.notes_model.row_of(ada), 0))
    star = studio.notes_view.visualRect(studio.proxy.index(row.row(), Column.FEATURED))
    qtbot.mouseClick(studio.notes_view.viewport(), Qt.MouseButton.LeftButton, pos=star.center())
    assert notes(workspace, eid)[ada].featured
    assert studio.proxy.index(row.row(), Column.FEATURED).data() == "★"

    # Space features the selection; Alt+2 adds it to theme 2, again removes it
    select_notes(qtbot, studio, budget, youth)
    studio.notes_view.setFocus()
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_Space)
    assert all(notes(workspace, eid)[n].featured for n in (budget, youth))
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_2, ALT)
    assert all(notes(workspace, eid)[n].theme_ids == (second.id,) for n in (budget, youth))
    assert studio.selected_note_ids() == [budget, youth]  # the selection survives the reload
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_2, ALT)
    assert all(notes(workspace, eid)[n].theme_ids == () for n in (budget, youth))
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_1, ALT)
    assert notes(workspace, eid)[budget].theme_ids == (first.id,)
    assert studio.themes_model.theme_at(0).featured_count == 2

    # P, N prints the selection in Next Steps; P, B by its kind again
    print_in(qtbot, studio, Qt.Key.Key_N)
    assert notes(workspace, eid)[budget].effective_placement == "next_steps"
    section = studio.section_combo
    section.setCurrentIndex(section.findData("next_steps"))
    assert studio.featured_model.ids() == [budget, youth]
    print_in(qtbot, studio, Qt.Key.Key_B)
    assert notes(workspace, eid)[budget].placement is None
    assert notes(workspace, eid)[budget].effective_placement == "theme"

    # Space again unfeatures (all were featured)
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_Space)
    assert not notes(workspace, eid)[budget].featured

    # every step undoes
    stack = studio.operations.undo_stack
    while stack.canUndo():
        stack.undo()
    state = notes(workspace, eid)
    assert not any(state[n].featured for n in (budget, youth, ada))
    assert all(state[n].theme_ids == () for n in (budget, youth))
    assert studio.notes_model.note_at(studio.notes_model.row_of(ada)).featured is False


def test_notes_dropped_on_a_theme_are_assigned(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    theme = curation.add_theme(workspace, captured.event_id, "Trust")
    studio.reload()
    ids = [captured.notes["obs_budget"], captured.notes["quote_ben"]]
    indexes = [studio.notes_model.index(studio.notes_model.row_of(i), 0) for i in ids]
    data = studio.notes_model.mimeData(indexes)
    model = studio.themes_model
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, model.index(0))
    model.dropMimeData(data, Qt.DropAction.CopyAction, -1, -1, model.index(0))
    qtbot.waitUntil(
        lambda: all(theme.id in notes(workspace, captured.event_id)[i].theme_ids for i in ids)
    )
    # a theme dragged within the list moves (drop before the first row)
    second = curation.add_theme(workspace, captured.event_id, "Leadership")
    studio.reload()
    data = model.mimeData([model.index(1)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: titles(workspace, captured.event_id) == ["Leadership", "Trust"])
    assert second.id == curation.list_themes(workspace, captured.event_id)[0].id


def test_featured_items_are_ordered_with_alt_keys(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    eid = captured.event_id
    theme = curation.add_theme(workspace, eid, "Trust")
    quotes = [captured.notes[k] for k in ("quote_ada", "quote_ben", "quote_close")]
    curation.assign_theme(workspace, quotes, theme.id)
    curation.set_featured(workspace, quotes, True)
    studio.reload()
    studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
    assert studio.section_combo.currentData() == f"theme:{theme.id}"
    assert studio.featured_model.ids() == quotes
    view = studio.featured_view
    view.setFocus()
    view.setCurrentIndex(studio.featured_model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)
    expected = [quotes[2], quotes[0], quotes[1]]
    assert studio.featured_model.ids() == expected
    assert view.currentIndex().row() == 0
    in_theme = [
        n.id
        for n in sorted(curation.list_notes(workspace, eid), key=lambda n: n.sort_key)
        if theme.id in n.theme_ids
    ]
    assert in_theme == expected
    studio.operations.undo_stack.undo()
    assert studio.featured_model.ids() == [quotes[0], quotes[2], quotes[1]]


def test_edit_what_prints_and_restore_the_original(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    eid = captured.event_id
    ada = captured.notes["quote_ada"]
    select_notes(qtbot, studio, ada)
    editor = studio.note_editor
    assert editor.note is not None
    assert editor.note.id == ada
    assert not editor.restore.isEnabled()
    qtbot.keyClick(studio.notes_view, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is editor.text
    qtbot.keyClicks(editor.text, "Cities act, and act first.")
    job = editor.findChild(QLineEdit, "detail_job_title")
    job.setFocus()
    job.selectAll()
    qtbot.keyClicks(job, "Mayor of Gdansk")
    qtbot.waitUntil(lambda: notes(workspace, eid)[ada].text == "Cities act, and act first.")
    qtbot.waitUntil(lambda: notes(workspace, eid)[ada].details["job_title"] == "Mayor of Gdansk")
    note = notes(workspace, eid)[ada]
    assert note.edited
    assert curation.original_text(workspace, ada) == "Cities act when nations stall."
    assert editor.restore.isEnabled()
    qtbot.mouseClick(editor.restore, Qt.MouseButton.LeftButton)
    assert notes(workspace, eid)[ada].text == "Cities act when nations stall."
    assert editor.text.toPlainText() == "Cities act when nations stall."
    studio.operations.undo_stack.undo()
    assert notes(workspace, eid)[ada].text == "Cities act, and act first."


def test_hidden_page_follows_the_channel_when_shown(
    studio: StudioView, workspace: Workspace, captured: Captured
) -> None:
    studio.hide()
    curation.add_theme(workspace, captured.event_id, "Added elsewhere")
    studio.operations.announce(Changes.of(captured.event_id, Part.THEMES))
    assert studio.themes_model.rowCount() == 0  # hidden: only marked
    studio.show()
    assert studio.themes_model.rowCount() == 1


def test_navigate_to_a_theme_or_a_hidden_note(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    theme = curation.add_theme(workspace, captured.event_id, "Trust")
    studio.reload()
    assert studio.navigate_to("theme", theme.id)
    assert studio.current_theme().id == theme.id
    assert QApplication.focusWidget() is studio.theme_editor.key_message
    qtbot.keyClicks(studio.search, "nothing matches this")
    assert studio.proxy.rowCount() == 0
    assert studio.navigate_to("note", captured.notes["need_funding"])
    assert studio.search.text() == ""
    assert studio.selected_note_ids() == [captured.notes["need_funding"]]


def test_first_show_reads_a_first_page_then_the_rest_while_idle(
    qtbot, monkeypatch: pytest.MonkeyPatch, workspace: Workspace, captured: Captured
) -> None:
    """An event's first show reads (with their details) only its first notes; the
    others follow in pages while the window idles, and the search typed meanwhile,
    the sorting and the featured list hold for every note once they are in."""
    from tests.ui.studio.conftest import activate
    from workshop_planner.ui.operations import Operations
    from workshop_planner.ui.studio import view as studio_view

    monkeypatch.setattr(studio_view, "FIRST_NOTES", 5)
    monkeypatch.setattr(studio_view, "MORE_NOTES", 4)
    last = captured.notes["rec_unused"]  # the 12th note: in the last page
    theme = curation.add_theme(workspace, captured.event_id, "Agendas")
    curation.assign_theme(workspace, [last], theme.id)
    curation.set_featured(workspace, [last], True)
    curation.set_placement(workspace, [last], "theme")
    view = StudioView(Operations(workspace))
    qtbot.addWidget(view)
    view.resize(1400, 900)
    activate(qtbot, view)

    view.set_event(captured.event_id)
    assert view.notes_model.rowCount() == 5
    assert view.loading_notes
    view.themes_view.setCurrentIndex(view.themes_model.index(0))
    assert view.featured_model.rowCount() == 0  # its note is not read yet
    view.notes_view.sortByColumn(Column.TEXT, Qt.SortOrder.AscendingOrder)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "publish")
    qtbot.waitUntil(lambda: not view.loading_notes)

    assert view.notes_model.rowCount() == len(captured.notes)
    assert [n.id for n in view.notes.notes] == [
        n.id for n in curation.list_notes(workspace, captured.event_id)
    ]
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 0).data(Role.ID) == last
    assert view.featured_model.ids() == [last]
    qtbot.keyClick(view.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)
    texts = [view.proxy.index(r, Column.TEXT).data() for r in range(view.proxy.rowCount())]
    assert len(texts) == len(captured.notes)
    assert texts == sorted(texts)
