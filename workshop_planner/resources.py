"""Finding the files we ship: ``resources/`` and ``report_templates/``.

The one place that knows where they are, from a checkout (the top-level
folders) and from an installed wheel (copied under ``workshop_planner/_data``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _shipped_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"The installation is incomplete: the {name} folder is missing.")


def resources_dir() -> Path:
    return _shipped_dir("resources")


def report_templates_dir() -> Path:
    return _shipped_dir("report_templates")


def resource_path(*parts: str) -> Path:
    """A file or folder inside ``resources/``, e.g. ``resource_path("fonts")``."""
    return resources_dir().joinpath(*parts)


def sample_bundle_path() -> Path:
    return resource_path("samples", "transatlantic-dialogue-berlin.json")
