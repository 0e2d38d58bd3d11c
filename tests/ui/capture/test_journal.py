"""The capture journal: a second place for drafts and notes, written atomically."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import capture
from workshop_planner.services.capture import DraftData, QuoteData
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.journal import CaptureJournal, PendingNote, journal_paths

WHEN = datetime(2023, 6, 15, 8, 20, tzinfo=UTC)


def _note(setup: CaptureSetup, text: str = "Mayors lead.") -> PendingNote:
    return PendingNote.of(
        setup.event_id,
        AUTHOR,
        setup.sessions[1],
        "quote",
        text,
        WHEN,
        [setup.themes[0]],
        {"quote": QuoteData(speaker_id=setup.consenting), "example": None},
    )


def test_a_pending_note_survives_the_file_and_saves_exactly_once(
    tmp_path: Path, workspace: Workspace, setup: CaptureSetup
) -> None:
    journal = CaptureJournal([tmp_path / "j.json"])
    note = _note(setup)
    journal.add_pending(note)
    (back,) = CaptureJournal([tmp_path / "j.json"]).pending(setup.event_id, AUTHOR)
    assert back == note
    first = back.save(workspace, clear_draft=False)
    again = back.save(workspace, clear_draft=False)  # a retry after a reported failure
    assert again.id == first.id == note.note_id
    notes = capture.list_notes(workspace, setup.event_id, all_sessions=True, author=AUTHOR)
    assert [(n.text, n.quote) for n in notes] == [("Mayors lead.", first.quote)]
    assert first.quote is not None
    assert first.quote.speaker_id == setup.consenting
    assert first.theme_ids == (setup.themes[0],)
    assert first.captured_at == WHEN
    journal.drop_pending(note.note_id)
    assert not (tmp_path / "j.json").exists()  # an empty journal is removed


def test_the_journal_goes_elsewhere_when_beside_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    beside, elsewhere = blocker / "j.json", tmp_path / "data" / "j.json"
    journal = CaptureJournal([beside, elsewhere])
    draft = DraftData("e1", AUTHOR, None, "observation", "half a thought", {}, WHEN)
    assert journal.put_draft(draft) == elsewhere
    assert journal.draft("e1", AUTHOR) == draft
    assert journal.location() == elsewhere
    journal.drop_draft("e1", AUTHOR)
    assert journal.is_empty()
    assert not elsewhere.exists()


def test_no_temporary_files_are_left_and_a_broken_journal_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    journal = CaptureJournal([path])
    draft = DraftData("e1", AUTHOR, None, "observation", "text", {}, WHEN)
    journal.put_draft(draft)
    journal.put_draft(DraftData("e2", AUTHOR, None, "observation", "more", {}, WHEN))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.json"]
    path.write_text("{ cut by a crash")
    assert journal.draft("e1", AUTHOR) is None


def test_the_journal_lives_beside_a_sqlite_workspace(
    workspace: Workspace, workspace_path: Path
) -> None:
    beside, elsewhere = journal_paths(workspace)
    assert beside == workspace_path.with_name(workspace_path.name + ".capture-journal.json")
    assert elsewhere.parent.name == "journals"


ADD_MANY = """
import sys
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from workshop_planner.ui.capture.journal import CaptureJournal, PendingNote

journal = CaptureJournal([Path(sys.argv[1])])
for i in range(40):
    journal.add_pending(
        PendingNote(f"{sys.argv[2]}-{i}", "e1", "A", None, "observation", "t",
                    datetime.now(UTC))
    )
"""


def test_two_processes_writing_one_journal_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    procs = [
        subprocess.Popen([sys.executable, "-c", ADD_MANY, str(path), name])
        for name in ("left", "right")
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    ids = {n.note_id for n in CaptureJournal([path]).pending("e1", "A")}
    assert ids == {f"{name}-{i}" for name in ("left", "right") for i in range(40)}
