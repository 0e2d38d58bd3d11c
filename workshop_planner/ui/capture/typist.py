"""A scripted note-taker that types through the real capture widgets (crash tests).

It presses real keys (``QTest.keyClick``) into the capture text box at a steady
rate and presses Enter now and then. After every key it appends a JSON line to
a log (flushed and fsync'd): what the text box holds, or the note it saved once
the save has returned, each with a wall-clock timestamp.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest

if TYPE_CHECKING:
    from workshop_planner.ui.capture.view import CaptureView

_WORDS = [
    "mayors",
    "cities",
    "climate",
    "resilience",
    "housing",
    "funding",
    "partners",
    "heat",
    "water",
    "networks",
    "trust",
    "data",
    "youth",
    "transit",
    "budgets",
    "planning",
    "risk",
    "local",
    "voices",
]


class Typist(QObject):
    def __init__(
        self,
        view: CaptureView,
        log_path: str | os.PathLike[str],
        *,
        seed: int = 0,
        interval_ms: int = 20,
        note_chars: tuple[int, int] = (20, 70),
        target: str = "editor",
    ) -> None:
        super().__init__(view)
        self._view = view
        #: "editor": keys go to the text box; "page": to the page, as automation does
        self._target = target
        self._rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self._note_chars = note_chars
        self._fd = os.open(os.fspath(log_path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._pending = ""

    @classmethod
    def from_file(cls, view: CaptureView, path: str) -> Typist:
        config: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            view,
            config["log"],
            seed=int(config.get("seed", 0)),
            interval_ms=int(config.get("interval_ms", 20)),
            note_chars=(int(config.get("note_min", 20)), int(config.get("note_max", 70))),
            target=str(config.get("target", "editor")),
        )

    def start(self) -> None:
        self._log("start", self._view.editor.toPlainText())
        self._plan_note()
        self._timer.start()

    def _plan_note(self) -> None:
        length = self._rng.randint(*self._note_chars)
        words: list[str] = []
        while len(" ".join(words)) < length:
            words.append(self._rng.choice(_WORDS))
        text = " ".join(words)
        # A restored draft already holds text; keep typing after it.
        self._pending = (" " + text) if self._view.editor.toPlainText() else text

    def _tick(self) -> None:
        editor = self._view.editor
        target = self._view if self._target == "page" else editor
        if not self._pending:
            before = editor.toPlainText()
            waiting = len(self._view.pending)
            QTest.keyClick(target, Qt.Key.Key_Return)
            # A failed save also empties the text box (the note waits in the strip).
            if editor.toPlainText() == "" and len(self._view.pending) <= waiting:
                self._log("saved", before)
            else:
                self._log("save_failed", before)
            self._plan_note()
            return
        char, self._pending = self._pending[0], self._pending[1:]
        QTest.keyClicks(target, char)
        self._log("typed", editor.toPlainText())

    def _log(self, kind: str, text: str) -> None:
        line = json.dumps({"event": kind, "t": time.time(), "text": text}) + "\n"
        os.write(self._fd, line.encode("utf-8"))
        os.fsync(self._fd)
