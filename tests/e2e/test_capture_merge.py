"""Several laptops: note-takers export their notes, the organiser merges them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import capture
from workshop_planner.services.bundle import export_event, import_bundle, import_bundle_file
from workshop_planner.store import Workspace, open_workspace


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    one = open_workspace(tmp_path / "laptop-1.sqlite3")
    two = open_workspace(tmp_path / "laptop-2.sqlite3")
    yield one, two
    one.close()
    two.close()


def test_two_note_takers_exports_merge_into_the_union(
    workspace: Workspace,
    setup: CaptureSetup,
    laptops: tuple[Workspace, Workspace],
    tmp_path: Path,
) -> None:
    ev = setup.event_id
    base_note = capture.add_note(workspace, ev, kind="need", text="Base", author="Organiser")
    base = export_event(workspace, ev)
    one, two = laptops
    for laptop in laptops:
        assert import_bundle(laptop, base).event_id == ev
    ana = [
        capture.add_note(one, ev, kind="observation", text=f"Ana {i}", author="Ana",
                         session_id=setup.sessions[1], theme_ids=[setup.themes[0]])
        for i in range(3)
    ]  # fmt: skip
    bo = [
        capture.add_note(two, ev, kind="quote", text=f"Bo {i}", author="Bo",
                         session_id=setup.sessions[2],
                         quote=capture.QuoteData(speaker_id=setup.shy))
        for i in range(2)
    ]  # fmt: skip
    files = []
    for laptop, author in ((one, "Ana"), (two, "Bo")):
        from workshop_planner.services.bundle import export_bundle_file

        path = tmp_path / f"{author}.json"
        export_bundle_file(laptop, ev, path, notes_author=author)
        assert {n["author"] for n in json.loads(path.read_text())["notes"]} == {author}
        files.append(path)
    for _ in range(2):  # importing twice changes nothing
        for path in files:
            import_bundle_file(workspace, path)
        notes = capture.list_notes(workspace, ev, all_sessions=True)
        assert sorted(n.id for n in notes) == sorted(
            [base_note.id] + [n.id for n in ana] + [n.id for n in bo]
        )
    merged = {n.id: n for n in capture.list_notes(workspace, ev, all_sessions=True)}
    assert merged[ana[0].id] == ana[0]
    assert merged[bo[1].id].quote == capture.QuoteData(speaker_id=setup.shy)


def test_a_note_edited_on_two_laptops_keeps_the_newer_text(
    workspace: Workspace, setup: CaptureSetup, laptops: tuple[Workspace, Workspace]
) -> None:
    ev = setup.event_id
    note = capture.add_note(workspace, ev, kind="observation", text="Original", author=AUTHOR)
    base = export_event(workspace, ev)
    one, two = laptops
    for laptop in laptops:
        import_bundle(laptop, base)
    older = capture.update_note(one, note.id, text="Edited on laptop one")
    newer = capture.update_note(two, note.id, text="Edited on laptop two")
    assert newer.updated_at > older.updated_at
    bundle_one = export_event(one, ev, notes_author=AUTHOR)
    bundle_two = export_event(two, ev, notes_author=AUTHOR)
    # the newer arrives first, the older afterwards: the newer still wins
    import_bundle(workspace, bundle_two)
    import_bundle(workspace, bundle_one)
    assert capture.get_note(workspace, note.id).text == "Edited on laptop two"
    history = [r.text for r in capture.note_history(workspace, note.id)]
    assert "Edited on laptop one" in history
    assert "Original" in history
    notes = capture.list_notes(workspace, ev, all_sessions=True)
    assert [n.id for n in notes] == [note.id]


@pytest.mark.parametrize("newer_first", [True, False])
def test_a_tagged_note_edited_on_two_laptops_keeps_the_newer_text_in_either_order(
    workspace: Workspace,
    setup: CaptureSetup,
    laptops: tuple[Workspace, Workspace],
    newer_first: bool,
) -> None:
    ev = setup.event_id
    note = capture.add_note(
        workspace, ev, kind="observation", text="Original", author=AUTHOR,
        theme_ids=[setup.themes[0]],
    )  # fmt: skip
    base = export_event(workspace, ev)
    one, two = laptops
    for laptop in laptops:
        import_bundle(laptop, base)
    older = capture.update_note(one, note.id, text="Edited on laptop one")
    newer = capture.update_note(two, note.id, text="Edited on laptop two")
    assert newer.updated_at > older.updated_at
    bundles = [
        export_event(one, ev, notes_author=AUTHOR),
        export_event(two, ev, notes_author=AUTHOR),
    ]
    for bundle in reversed(bundles) if newer_first else bundles:
        import_bundle(workspace, bundle)
    merged = capture.get_note(workspace, note.id)
    assert merged.text == "Edited on laptop two"
    assert merged.updated_at == newer.updated_at
    assert merged.theme_ids == (setup.themes[0],)
    history = [r.text for r in capture.note_history(workspace, note.id)]
    assert "Edited on laptop one" in history


def test_cli_export_notes_by_and_import_in_both_orders_give_the_same_union(
    workspace: Workspace, workspace_path: Path, setup: CaptureSetup, tmp_path: Path
) -> None:
    from workshop_planner.cli import main as cli

    ev = setup.event_id
    capture.add_note(workspace, ev, kind="need", text="Organiser's", author="Organiser")
    base = tmp_path / "base.json"
    assert cli(["--workspace", str(workspace_path), "export", ev, "-o", str(base)]) == 0
    exports = []
    for name in ("Ana", "Bo"):
        laptop = tmp_path / f"{name}.sqlite3"
        assert cli(["--workspace", str(laptop), "import", str(base)]) == 0
        ws = open_workspace(laptop)
        try:
            for i in range(3):
                capture.add_note(
                    ws, ev, kind="observation", text=f"{name} {i}", author=name,
                    session_id=setup.sessions[0], theme_ids=[setup.themes[1]],
                )  # fmt: skip
        finally:
            ws.close()
        out = tmp_path / f"{name}.json"
        args = ["--workspace", str(laptop), "export", ev, "--notes-by", name, "-o", str(out)]
        assert cli(args) == 0
        exports.append(out)
    results = []
    for order in (exports, exports[::-1]):
        organiser = tmp_path / f"organiser-{len(results)}.sqlite3"
        assert cli(["--workspace", str(organiser), "import", str(base)]) == 0
        for path in [*order, *order]:  # each twice: nothing doubles
            assert cli(["--workspace", str(organiser), "import", str(path)]) == 0
        ws = open_workspace(organiser)
        try:
            notes = capture.list_notes(ws, ev, all_sessions=True)
        finally:
            ws.close()
        results.append(sorted((n.id, n.author, n.text, n.theme_ids) for n in notes))
    assert results[0] == results[1]
    assert sorted(text for _id, _a, text, _t in results[0]) == sorted(
        ["Organiser's"] + [f"{n} {i}" for n in ("Ana", "Bo") for i in range(3)]
    )
    assert len({note_id for note_id, *_ in results[0]}) == 7
