"""The workspace database: location, SQLite tuning, migrations, backups."""

from workshop_planner.store.errors import (
    NotAWorkspaceError,
    WorkspaceBusyError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceFullError,
    WorkspaceIOError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
)
from workshop_planner.store.workspace import (
    ENV_VAR,
    Workspace,
    open_workspace,
    resolve_workspace_url,
)

__all__ = [
    "ENV_VAR",
    "NotAWorkspaceError",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceCorruptError",
    "WorkspaceError",
    "WorkspaceFullError",
    "WorkspaceIOError",
    "WorkspaceReadOnlyError",
    "WorkspaceTooNewError",
    "open_workspace",
    "resolve_workspace_url",
]
