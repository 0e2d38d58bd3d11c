"""The report settings: which template prints the report and which sections it has.

Only widgets and their display live here: the page saves the choices (one undo
step each) because saving needs the loaded settings and a reload on failure.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from workshop_planner.domain.enums import ReportSection
from workshop_planner.services import event_editing as ee

SECTION_LABELS = {
    "summary": "Summary",
    "threats": "Threats, key challenges and city needs",
    "themes": "Key themes",
    "next_steps": "Next steps",
    "resources": "Additional resources",
    "partners": "Partners",
    "contacts": "Contacts",
}


def available_templates() -> list[tuple[str, str]]:
    """(name, title) of every report template, or just the default if none can be listed."""
    try:
        from workshop_planner.report import list_templates

        return [(t.name, t.title) for t in list_templates()]
    except Exception:  # the report pipeline is missing or broken: offer the default
        return [("event-report", "Event report")]


class SettingsPanel(QWidget):
    """The "Template" and "Sections" boxes; says what the user chose, never saves it."""

    #: the user chose a template: its name
    templateChosen = Signal(str)
    #: the user ticked or unticked a section
    sectionsToggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        template_box = QGroupBox(self.tr("Template"))
        tform = QFormLayout(template_box)
        self.template = QComboBox()
        self.template.setObjectName("reportTemplate")
        self.template.setAccessibleName(self.tr("Report template"))
        for name, title in available_templates():
            self.template.addItem(title, name)
        self.template.activated.connect(
            lambda _i: self.templateChosen.emit(self.template.currentData())
        )
        tform.addRow(self.template)  # the box's title already says "Template"
        layout.addWidget(template_box)

        sections_box = QGroupBox(self.tr("Sections"))
        slayout = QVBoxLayout(sections_box)
        #: one check box per report section, by the section's value
        self.sections: dict[str, QCheckBox] = {}
        for section in ReportSection:
            box = QCheckBox(self.tr(SECTION_LABELS.get(section.value, section.value)))
            box.setObjectName(f"section_{section.value}")
            box.toggled.connect(lambda _on=False: self.sectionsToggled.emit())
            slayout.addWidget(box)
            self.sections[section.value] = box
        layout.addWidget(sections_box)

    def chosen_sections(self) -> list[str]:
        return [name for name, box in self.sections.items() if box.isChecked()]

    def template_name(self) -> str | None:
        """The chosen template's name (None: the default)."""
        return self.template.currentData() or None

    def show_settings(self, settings: ee.ReportSettingsData) -> None:
        """Show the saved settings without announcing them as choices."""
        with QSignalBlocker(self.template):
            index = self.template.findData(settings.template)
            if index < 0:
                self.template.addItem(settings.template, settings.template)
                index = self.template.count() - 1
            self.template.setCurrentIndex(index)
        for name, box in self.sections.items():
            with QSignalBlocker(box):
                box.setChecked(name in settings.sections)
