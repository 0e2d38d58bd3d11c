"""The workspace database: location, SQLite tuning, migrations, backups."""

from workshop_planner.store.workspace import (
    ENV_VAR,
    NotAWorkspaceError,
    Workspace,
    WorkspaceError,
    WorkspaceTooNewError,
    open_workspace,
    resolve_workspace_url,
)

__all__ = [
    "ENV_VAR",
    "NotAWorkspaceError",
    "Workspace",
    "WorkspaceError",
    "WorkspaceTooNewError",
    "open_workspace",
    "resolve_workspace_url",
]
