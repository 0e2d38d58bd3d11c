"""Two laptops that edit the same event and merge bundles: no edit is lost.

Each case runs in both import orders: laptop A's bundle into B and B's into
A, first one way then the other; afterwards both laptops export the same
event (the merge converges) and hold what each case expects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from workshop_planner.domain import clock as hlc
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.services import participant_import as pi
from workshop_planner.services.bundle import export_event, import_bundle, validate_bundle
from workshop_planner.store import Workspace, open_workspace
from workshop_planner.store.tracking import workspace_clock

BUNDLE = Path(__file__).parent / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"
THEME_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d51"
THREAT = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d65"
QUOTE = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d61"

ORDERS = ["A into B first", "B into A first"]


def original() -> dict[str, Any]:
    return json.loads(BUNDLE.read_text(encoding="utf-8"))


def without_exported_at(bundle: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bundle.items() if k != "exported_at"}


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Two workspaces that both start from the same bundle."""
    with open_workspace(tmp_path / "a.sqlite3") as a, open_workspace(tmp_path / "b.sqlite3") as b:
        import_bundle(a, original())
        import_bundle(b, export_event(a, EVENT_ID))
        yield a, b


def merge_both_ways(a: Workspace, b: Workspace, order: str) -> None:
    """Bundles cross in ``order``; then the second laptop's merged bundle goes back."""
    first, second = (a, b) if order == ORDERS[0] else (b, a)
    import_bundle(second, export_event(first, EVENT_ID))
    import_bundle(first, export_event(second, EVENT_ID))


def assert_converged(a: Workspace, b: Workspace) -> dict[str, Any]:
    exported = without_exported_at(export_event(a, EVENT_ID))
    assert exported == without_exported_at(export_event(b, EVENT_ID))
    assert validate_bundle(exported) == []
    return exported


def note_in(bundle: dict[str, Any], note_id: str) -> dict[str, Any]:
    return next(n for n in bundle["notes"] if n["id"] == note_id)


def history(workspace: Workspace, note_id: str) -> list[str]:
    return [r.text for r in capture.note_history(workspace, note_id)]


def count(workspace: Workspace, model: type[m.Base], *where: Any) -> int:
    with workspace.reading() as db:
        return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# --- each field keeps its own last change ------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_a_kind_and_theme_change_and_a_later_text_edit_both_survive(
    laptops: tuple[Workspace, Workspace], order: str
) -> None:
    a, b = laptops
    capture.update_note(a, THREAT, kind="challenge", theme_ids=[THEME_ID])
    capture.update_note(b, THREAT, text="Disinformation about refugees, online and offline.")

    merge_both_ways(a, b, order)

    merged = note_in(assert_converged(a, b), THREAT)
    assert merged["kind"] == "challenge"
    assert merged["themes"] == [THEME_ID]
    assert merged["text"] == "Disinformation about refugees, online and offline."
    # the text that was replaced is in the history on both laptops
    for laptop in (a, b):
        assert "Disinformation about refugees." in history(laptop, THREAT)


@pytest.mark.parametrize("order", ORDERS)
def test_the_same_field_edited_on_both_keeps_the_later_edit(
    laptops: tuple[Workspace, Workspace], order: str
) -> None:
    a, b = laptops
    capture.update_note(a, THREAT, text="A's wording.")
    capture.update_note(b, THREAT, text="B's later wording.")

    merge_both_ways(a, b, order)

    assert note_in(assert_converged(a, b), THREAT)["text"] == "B's later wording."
    # history stays on its laptop: A's wording is kept where it was typed
    assert "A's wording." in history(a, THREAT)


def test_an_import_that_changes_a_row_bumps_its_version(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, b = laptops
    before = capture.get_note(b, THREAT).version
    capture.update_note(a, THREAT, text="Changed on A.")
    import_bundle(b, export_event(a, EVENT_ID))
    assert capture.get_note(b, THREAT).version == before + 1
    # the same bundle again changes nothing, so the version stays
    import_bundle(b, export_event(a, EVENT_ID))
    assert capture.get_note(b, THREAT).version == before + 1


# --- deletions travel as tombstones ------------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_a_deleted_note_does_not_come_back(
    laptops: tuple[Workspace, Workspace], order: str
) -> None:
    a, b = laptops
    capture.delete_note(a, QUOTE)
    capture.update_note(b, THREAT, text="Meanwhile B edits another note.")

    merge_both_ways(a, b, order)
    merge_both_ways(a, b, order)  # and the next import does not bring it back either

    merged = assert_converged(a, b)
    assert QUOTE not in {n["id"] for n in merged["notes"]}
    assert {"id": QUOTE, "collection": "notes"}.items() <= merged["deleted"][0].items()
    assert note_in(merged, THREAT)["text"] == "Meanwhile B edits another note."


@pytest.mark.parametrize("order", ORDERS)
def test_a_note_edited_after_its_deletion_stays(
    laptops: tuple[Workspace, Workspace], order: str
) -> None:
    a, b = laptops
    capture.delete_note(a, QUOTE)
    capture.update_note(b, QUOTE, text="Edited after A deleted it.")

    merge_both_ways(a, b, order)

    merged = assert_converged(a, b)
    assert note_in(merged, QUOTE)["text"] == "Edited after A deleted it."
    assert "deleted" not in merged


def test_a_bundle_without_the_note_does_not_delete_it(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, _ = laptops
    older = original()
    older["notes"] = [n for n in older["notes"] if n["id"] != QUOTE]
    import_bundle(a, older)
    assert capture.get_note(a, QUOTE).id == QUOTE


# --- a hybrid logical clock orders edits, not the wall clock ------------------------


def slow_by(workspace: Workspace, hours: float) -> None:
    """The laptop's wall clock runs ``hours`` behind (its HLC reads time from it)."""
    with workspace.reading() as db:
        workspace_clock(db).wall = lambda: datetime.now(UTC) - timedelta(hours=hours)


@pytest.mark.parametrize("order", ORDERS)
def test_a_later_edit_on_a_laptop_an_hour_slow_wins(
    laptops: tuple[Workspace, Workspace], order: str
) -> None:
    a, b = laptops
    slow_by(b, 1)
    a_edit = capture.update_note(a, THREAT, text="A's edit.").updated_at
    import_bundle(b, export_event(a, EVENT_ID))  # B sees A's edit …
    capture.update_note(b, THREAT, text="B's edit, made after seeing A's.")  # … then edits

    merge_both_ways(a, b, order)

    merged = note_in(assert_converged(a, b), THREAT)
    assert merged["text"] == "B's edit, made after seeing A's."
    # stamped after A's edit (same instant, next counter), not an hour before it
    assert datetime.fromisoformat(merged["updated_at"]) >= a_edit
    assert "A's edit." in history(a, THREAT)


def test_an_import_moves_the_clock_past_every_stamp_it_saw(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, b = laptops
    slow_by(b, 5)
    capture.update_note(a, THREAT, text="A's edit.")
    bundle = export_event(a, EVENT_ID)
    seen = note_in(bundle, THREAT)["clock"]["fields"]["text"]
    import_bundle(b, bundle)
    with b.reading() as db:
        assert workspace_clock(db).now() > seen
    # … and it keeps that on disk: a restarted app does not go back
    with b.reading() as db:
        assert db.scalar(select(m.ClockState.high)) == seen


@pytest.mark.parametrize("order", ORDERS)
def test_equal_stamps_give_the_same_result_in_either_order(
    workspace: Workspace, tmp_path: Path, order: str
) -> None:
    """Two bundles without clocks, edited at the very same instant: the value decides."""
    base = original()
    first, second = json.loads(json.dumps(base)), json.loads(json.dumps(base))
    for bundle, text, themes in ((first, "Alpha.", [THEME_ID]), (second, "Beta.", [])):
        note = note_in(bundle, THREAT)
        note.update(text=text, themes=themes, updated_at="2024-07-02T09:00:00Z")
    results = []
    for name, bundles in (("x", (first, second)), ("y", (second, first))):
        with open_workspace(tmp_path / f"{name}.sqlite3") as ws:
            import_bundle(ws, base)
            for bundle in bundles if order == ORDERS[0] else reversed(bundles):
                import_bundle(ws, bundle)
            results.append((without_exported_at(export_event(ws, EVENT_ID)), history(ws, THREAT)))
    assert results[0][0] == results[1][0]
    merged = note_in(results[0][0], THREAT)
    # each field by its value: "Beta." > "Alpha.", a theme > none
    assert (merged["text"], merged["themes"]) == ("Beta.", [THEME_ID])
    assert all("Alpha." in texts for _, texts in results)


# --- the format: optional additions, older bundles still import ----------------------


def test_exports_with_clocks_and_tombstones_validate_and_round_trip(
    laptops: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, _ = laptops
    capture.update_note(a, THREAT, kind="challenge")
    capture.delete_note(a, QUOTE)
    bundle = export_event(a, EVENT_ID)
    assert validate_bundle(bundle) == []
    clock = note_in(bundle, THREAT)["clock"]
    assert hlc.is_stamp(clock["at"])
    assert hlc.is_stamp(clock["fields"]["kind"])
    with open_workspace(tmp_path / "c.sqlite3") as c:
        import_bundle(c, bundle)
        assert without_exported_at(export_event(c, EVENT_ID)) == without_exported_at(bundle)


def test_exports_with_clocks_and_tombstones_are_valid_for_the_published_v1_schema(
    laptops: tuple[Workspace, Workspace],
) -> None:
    """An older Workspace Planner (or another tool) reads them: the additions are optional
    and v1 leaves extra fields open."""
    a, _ = laptops
    capture.update_note(a, THREAT, kind="challenge")
    capture.delete_note(a, QUOTE)
    bundle = export_event(a, EVENT_ID)
    assert "deleted" in bundle
    assert "clock" in note_in(bundle, THREAT)
    published = json.loads((BUNDLE.parent / "published-v1.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(published).iter_errors(bundle)) == []


def test_a_bundle_without_clocks_merges_by_updated_at(
    laptops: tuple[Workspace, Workspace],
) -> None:
    a, _ = laptops
    capture.update_note(a, THREAT, kind="challenge")
    newer = original()
    note = note_in(newer, THREAT)
    note.update(text="From another tool, later.", updated_at="2099-01-01T00:00:00Z")
    import_bundle(a, newer)
    merged = note_in(export_event(a, EVENT_ID), THREAT)
    # every field of the newer object wins: it has no stamps of its own
    assert (merged["text"], merged["kind"]) == ("From another tool, later.", "threat")


def test_a_malformed_clock_is_refused_with_its_path(
    laptops: tuple[Workspace, Workspace],
) -> None:
    bundle = original()
    note_in(bundle, THREAT)["clock"] = {"at": "yesterday"}
    problems = validate_bundle(bundle)
    assert problems
    assert problems[0].path.startswith("$.notes[4].clock")


# --- people deduplicated like the participant import --------------------------------


def import_csv(workspace: Workspace, path: Path) -> None:
    table = pi.read_table(path)
    pi.import_participants(workspace, EVENT_ID, table, pi.guess_mapping(table.headers))


@pytest.mark.parametrize("order", ORDERS)
def test_the_same_csv_imported_on_both_laptops_gives_each_person_once(
    laptops: tuple[Workspace, Workspace], tmp_path: Path, order: str
) -> None:
    a, b = laptops
    path = tmp_path / "people.csv"
    path.write_text(
        "Name;Email;Organisation;Country;Attendance\n"
        "Ada Nowak;ada@example.org;City of Gdańsk;Poland;confirmed\n"
        "Cy Young;;City of Boston;USA;registered\n",
        encoding="utf-8",
    )
    import_csv(a, path)
    import_csv(b, path)

    merge_both_ways(a, b, order)

    for laptop in (a, b):
        for name in ("Ada Nowak", "Cy Young"):
            assert count(laptop, m.Person, m.Person.full_name == name) == 1
            person = m.Participant.person_id.in_(
                select(m.Person.id).where(m.Person.full_name == name)
            )
            assert count(laptop, m.Participant, person) == 1
    merged = without_exported_at(export_event(b, EVENT_ID))
    assert len(merged["participants"]) == len(original()["participants"]) + 2
