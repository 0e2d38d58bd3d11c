"""The ``workshop-planner`` command.

With no subcommand it opens the desktop app; subcommands work on the
workspace from a terminal. Every subcommand is a thin wrapper over a service:
errors become one sentence on stderr and a non-zero exit, never a traceback.

Start-up cost matters here (``--version`` runs in a blink, ``events`` costs
little more than SQLAlchemy): the store, the services and the app are
imported inside the functions that use them, never at module level.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from workshop_planner import __version__

if TYPE_CHECKING:
    from workshop_planner.store import Workspace

if TYPE_CHECKING:
    from workshop_planner.services.report_checks import Check

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workshop-planner",
        description="Plan convenings, capture notes live and publish event reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--workspace",
        metavar="PATH_OR_URL",
        # store.ENV_VAR, spelled out so that --help needs no database library
        # (tests/cli checks that the two agree)
        help="workspace file or database URL (default: $WORKSHOP_PLANNER_WORKSPACE, "
        "else one in your data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    events = commands.add_parser("events", help="list the events of the workspace, or delete one")
    actions = events.add_subparsers(dest="events_action", metavar="ACTION")
    delete = actions.add_parser("delete", help="delete an event and everything in it")
    delete.add_argument("event_id", metavar="ID", help="the event's id (`events` lists them)")

    imp = commands.add_parser("import", help="import or merge an event bundle (JSON)")
    imp.add_argument("bundle", type=Path, metavar="BUNDLE")

    exp = commands.add_parser("export", help="export an event as a bundle (JSON)")
    exp.add_argument("event", metavar="EVENT", help="event id or unambiguous title")
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exp.add_argument("--notes-by", metavar="AUTHOR", help="only the notes of this note-taker")

    rep = commands.add_parser("report", help="write an event's report (PDF or HTML)")
    rep.add_argument("event", metavar="EVENT", help="event id or unambiguous title")
    rep.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    rep.add_argument("--template", metavar="NAME", help="report template (default: the event's)")
    rep.add_argument("--format", choices=("pdf", "html"), default=None, dest="fmt")

    commands.add_parser("demo", help="load the sample event and print its id")

    cap = commands.add_parser("capture", help="open the app in capture mode for an event")
    cap.add_argument("event", metavar="EVENT", help="event id or unambiguous title")

    bak = commands.add_parser("backups", help="list the workspace's backups or restore one")
    bak_commands = bak.add_subparsers(dest="backups_command", metavar="ACTION", required=True)
    bak_commands.add_parser("list", help="list the backups, newest first, with what each holds")
    restore = bak_commands.add_parser(
        "restore", help="restore a backup (the workspace as it is is backed up first)"
    )
    restore.add_argument("name", metavar="NAME", help="a backup's name or time stamp (see list)")

    wsp = commands.add_parser("workspace", help="move a workspace between SQLite and PostgreSQL")
    wsp_commands = wsp.add_subparsers(dest="workspace_command", metavar="ACTION", required=True)
    copy = wsp_commands.add_parser(
        "copy", help="copy every row of a workspace into a new file or an empty database"
    )
    copy.add_argument("source", metavar="SRC", help="workspace file or database URL")
    copy.add_argument("destination", metavar="DEST", help="new file or empty database URL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        return _open_app(args.workspace, capture_event=None)
    if args.command == "workspace":
        return _workspace_copy(args)
    if args.command == "capture":
        return _run(args, lambda ws: _check_event(ws, args.event)) or _open_app(
            args.workspace, capture_event=args.event
        )
    handlers: dict[str, Callable[[argparse.Namespace, Workspace], int]] = {
        "events": _events,
        "import": _import,
        "export": _export,
        "report": _report,
        "demo": _demo,
        "backups": _backups,
    }
    if args.command == "report":
        from workshop_planner.report.process import prestart

        prestart()  # imports WeasyPrint while this process opens the workspace
    handler = handlers[args.command]
    return _run(args, lambda ws: handler(args, ws))


def _run(args: argparse.Namespace, action: Callable[[Workspace], int]) -> int:
    from workshop_planner.report.errors import ReportError
    from workshop_planner.services.errors import ServiceError
    from workshop_planner.store import WorkspaceError, open_workspace

    try:
        with open_workspace(args.workspace) as workspace:
            return action(workspace)
    except (WorkspaceError, ServiceError, ReportError) as exc:
        _error(str(exc))
        for problem in _bundle_problems(exc):
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        _error(f"{exc.strerror or exc}: {exc.filename}." if exc.filename else f"{exc}.")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("Interrupted; nothing half-done was saved.")
        return 130
    except Exception as exc:
        # A bug, not bad input: still one sentence, never a traceback.
        _error(f"Unexpected {type(exc).__name__}: {exc}. Please report this problem.")
        return EXIT_FAILED


def _bundle_problems(exc: Exception) -> list[object]:
    """What a refused bundle lists. Only the bundle module raises a BundleError, so
    when nothing loaded it (every command but import/export/demo) there is none;
    not importing it keeps jsonschema out of the other commands."""
    bundle = sys.modules.get("workshop_planner.services.bundle")
    if bundle is not None and isinstance(exc, bundle.BundleError):
        return list(exc.problems)
    return []


def _error(message: str) -> None:
    print(f"workshop-planner: {message}", file=sys.stderr)


def _check_event(workspace: Workspace, key: str) -> int:
    from workshop_planner.services.events import find_event_id

    find_event_id(workspace, key)
    return EXIT_OK


def _events(args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.services.events import list_events

    if getattr(args, "events_action", None) == "delete":
        return _delete_event(args.event_id, workspace)

    events = list_events(workspace)
    if not events:
        print("No events yet; `workshop-planner demo` loads a sample.", file=sys.stderr)
    for e in events:
        archived = "  (archived)" if e.archived else ""
        print(f"{e.id}  {e.start_date.isoformat()} – {e.end_date.isoformat()}  {e.title}{archived}")
    return EXIT_OK


def _delete_event(event_id: str, workspace: Workspace) -> int:
    """By id only: a title could match an event the user did not mean."""
    from workshop_planner.services.events import delete_event

    deleted = delete_event(workspace, event_id)
    print(f"Deleted “{deleted.title}” ({deleted.id}) and everything in it.", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.services.bundle import import_bundle_file

    result = import_bundle_file(workspace, args.bundle)
    print(result.event_id)
    print(result.describe(), file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.services.bundle import export_bundle_file
    from workshop_planner.services.events import find_event_id

    event_id = find_event_id(workspace, args.event)
    export_bundle_file(workspace, event_id, args.output, notes_author=args.notes_by)
    print(f"Exported to {args.output}", file=sys.stderr)
    return EXIT_OK


def _report(args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.report import export_report
    from workshop_planner.services.events import find_event_id
    from workshop_planner.services.report_checks import report_checks

    event_id = find_event_id(workspace, args.event)
    fmt = args.fmt or ("html" if args.output.suffix.lower() in (".html", ".htm") else "pdf")
    checks: list[Check] = []
    written = export_report(
        workspace,
        event_id,
        args.output,
        template=args.template,
        fmt=fmt,
        # found while the render process lays the report out
        meanwhile=lambda: checks.extend(report_checks(workspace, event_id)),
    )
    print(f"Wrote {written}", file=sys.stderr)
    _print_checks(checks)
    return EXIT_OK


def _print_checks(checks: Sequence[Check]) -> None:
    """The checks before export (the app lists them beside the preview), as warnings."""
    if checks:
        print(f"Check before you publish ({len(checks)}):", file=sys.stderr)
        for check in checks:
            print(f"  - {check.message}", file=sys.stderr)


def _demo(_args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.services.bundle import load_sample_event

    print(load_sample_event(workspace).event_id)
    return EXIT_OK


def _backups(args: argparse.Namespace, workspace: Workspace) -> int:
    from workshop_planner.services import backups

    if args.backups_command == "restore":
        result = backups.restore_backup(workspace, args.name)
        print(
            f"Restored {result.restored.name}; the workspace as it was is in {result.safety.name}.",
            file=sys.stderr,
        )
        return EXIT_OK
    listed = backups.list_backups(workspace)
    if not listed:
        print(f"No backups yet (they are kept in {backups.backups_folder(workspace)}).",
              file=sys.stderr)  # fmt: skip
    for line in backups.describe_backups(listed):
        print(line)
    return EXIT_OK


def _workspace_copy(args: argparse.Namespace) -> int:
    from workshop_planner.store import WorkspaceError
    from workshop_planner.store.transfer import copy_workspace

    try:
        result = copy_workspace(
            args.source,
            args.destination,
            progress=lambda t, n: print(f"  {t}: {n}", file=sys.stderr),
        )
    except WorkspaceError as exc:
        _error(str(exc))
        return EXIT_FAILED
    print(f"Copied {result.rows} rows into {result.destination}.", file=sys.stderr)
    return EXIT_OK


def _open_app(workspace: str | None, capture_event: str | None) -> int:
    if _no_screen():
        _error(
            "There is no screen to open the app on (DISPLAY is not set); run it in a desktop "
            "session, under Xvfb, or with QT_QPA_PLATFORM=offscreen."
        )
        return EXIT_FAILED
    # PySide6's import hook inspects every module imported after PySide6 itself
    # (it reads each one's source): the database layer and the services the
    # first screen uses are imported before it, a tenth of the start-up saved
    import workshop_planner.services.event_editing
    import workshop_planner.services.live  # noqa: F401
    from workshop_planner.ui.app import run_app

    return run_app(workspace, capture_event=capture_event)


def _no_screen() -> bool:
    """On Linux, Qt aborts the process without a display; say so in one sentence."""
    if not sys.platform.startswith("linux"):
        return False
    env = os.environ
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def run() -> NoReturn:
    """The console script and ``python -m workshop_planner``: :func:`main`, then exit
    at once. Everything is written and closed by then (the workspace, the report
    file), so the interpreter's shutdown (with SQLAlchemy loaded, up to half a
    second of freeing objects one by one) only makes the command slower.
    Tests call :func:`main` in-process instead."""
    try:
        code = main()
    except SystemExit as exc:  # argparse: --help, --version, bad usage
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    atexit._run_exitfuncs()  # the few that matter: a spare renderer killed, logs flushed
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
