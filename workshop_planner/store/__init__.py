"""The workspace database: location, SQLite tuning, migrations, backups."""

from workshop_planner.store.errors import (
    NotAWorkspaceError,
    ValueOutOfLimitsError,
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
    "ValueOutOfLimitsError",
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
