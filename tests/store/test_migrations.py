"""Reading the schema revision without Alembic (tests/store/test_workspace.py migrates)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from workshop_planner.store import migrations, open_workspace


def test_revision_chain_read_from_the_files_matches_alembic() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert migrations.head_revision() == script.get_current_head()
    known = {rev.revision for rev in script.walk_revisions()}
    assert all(migrations.is_known(revision) for revision in known)
    assert not migrations.is_known("9999")


def test_opening_a_current_workspace_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    open_workspace(path).close()  # created and migrated: Alembic ran here
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom workshop_planner.store import open_workspace\n"
            f"open_workspace({str(path)!r}).close()\n"
            "print('alembic' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.split()[-1] == "False", done.stderr
