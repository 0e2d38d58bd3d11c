"""Ship the top-level resources/ and report_templates/ inside the wheel.

They live at the top of the checkout (where people look for them) and are
copied to ``workshop_planner/_data/`` when a wheel is built;
``workshop_planner.resources`` finds them in either place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("resources", "report_templates")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in SHIPPED:
            source = Path(name)
            if source.is_dir():
                target = Path(self.build_lib) / "workshop_planner" / "_data" / name
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(
                    source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
                )


setup(cmdclass={"build_py": BuildWithData})
