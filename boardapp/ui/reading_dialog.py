"""The secretariat's reading editor: a new reading, or a change to one (each change a
revision with its reason)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from boardapp.domain.periods import Period, PeriodError, parse_report_period
from boardapp.domain.terms import ReadingStatus
from boardapp.store.indicator_detail import ReadingRow
from boardapp.ui.form_dialog import lay_out_form, problem_label

NO_COUNT = -1.0  # the spin boxes' "none" value, shown as blank


class ReadingDialog(QDialog):
    def __init__(self, code: str, reading: ReadingRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{'Change' if reading else 'Add'} a reading of {code}")
        self.period = QLineEdit(reading.period.code if reading else "")
        self.period.setAccessibleName("Period")
        self.period.setPlaceholderText("2011-08, Aug 2011, FY2010/11…")
        self.period.setReadOnly(reading is not None)
        self.value = _number_box("Value", reading.value if reading else None)
        self.numerator = _number_box("Numerator", reading.numerator if reading else None)
        self.denominator = _number_box("Denominator", reading.denominator if reading else None)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in ReadingStatus:
            self.status.addItem(status.value.capitalize(), status)
        if reading:
            self.status.setCurrentIndex(self.status.findData(reading.status))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the change")
        self.reason.setPlaceholderText("validated figure from the September return")
        self.problem = problem_label()
        form = QFormLayout()
        form.addRow("&Period:", self.period)
        form.addRow("&Value:", self.value)
        form.addRow("&Numerator:", self.numerator)
        form.addRow("&Denominator:", self.denominator)
        form.addRow("&Status:", self.status)
        form.addRow("&Reason:", self.reason)
        lay_out_form(self, [], form, self.problem, self._accept)

    def chosen_period(self) -> Period:
        return parse_report_period(self.period.text())

    def _accept(self) -> None:
        try:
            self.chosen_period()
        except PeriodError as exc:
            self.problem.setText(str(exc))
            return
        self.accept()

    def values(self) -> dict[str, object]:
        return {
            "new_value": _read(self.value),
            "numerator": _read(self.numerator),
            "denominator": _read(self.denominator),
            "status": ReadingStatus(self.status.currentData()),
            "reason": self.reason.text(),
        }


def _number_box(name: str, value: float | None) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setAccessibleName(name)
    box.setRange(NO_COUNT, 1e9)
    box.setDecimals(2)
    box.setSpecialValueText(" ")  # the minimum shows blank: no figure
    box.setValue(NO_COUNT if value is None else value)
    return box


def _read(box: QDoubleSpinBox) -> float | None:
    return None if box.value() == NO_COUNT else box.value()
