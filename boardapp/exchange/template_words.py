"""The words of the readings template (``boardapp template``): its Instructions sheet,
and the lines that say on each sheet what it holds. Kept apart from the layout in
template.py so that the wording can be read and changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from boardapp.domain.periods import MONTH_NAMES
from boardapp.domain.reading_rules import FIRST_YEAR


def day_words(day: date) -> str:
    """1 November 2011."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class DueCounts:
    """What the Readings sheet lists, in numbers."""

    readings: int  # rows listed
    indicators: int  # indicators with a row
    earlier: int  # periods due but not listed (more than a year's worth)
    earlier_indicators: int
    never_read: int  # indicators with no reading at all


HEADING = "heading"  # a line's kind: a section heading; other lines are "text"


def as_at_words(as_at: date, meeting: str | None) -> str:
    return f"as at {day_words(as_at)}" + (f" ({meeting})" if meeting else "")


def readings_line(counts: DueCounts) -> str:
    """A2 of the Readings sheet: what it holds, in a line that fits across the table."""
    if not counts.readings:
        return "Nothing is due. Add a row for each reading you have. The Instructions sheet says how."
    return (f"{_readings(counts)} due. Type each figure you have in Value (left blank, the row is skipped). "
            "The Instructions sheet says more.")


def indicators_line(as_at: date) -> str:
    return (f"Every indicator in Board App, with its unit and last figure as at {day_words(as_at)}. "
            "The Indicator drop-down on the Readings sheet lists the last column.")


def instructions(board: str, as_at: date, meeting: str | None, counts: DueCounts,
                 written: str) -> list[tuple[str, str]]:
    """The Instructions sheet, line by line: (kind, text); the first line is its title."""
    when = as_at_words(as_at, meeting)
    lines: list[tuple[str, str]] = [
        ("title", f"Readings to fill in: {board}"),
        ("text", (f"{_readings(counts)} due {when}, listed on the Readings sheet."
                  if counts.readings else f"Nothing is due {when}: the Readings sheet is ready for any reading "
                  "you add.") + " This sheet says how to fill them in and what happens when they are imported."),
        (HEADING, "What to do"),
        ("text", ("1. On the Readings sheet, type each figure you have in the Value column of its row. For a rate "
                 "you may give the Numerator and Denominator as well (or instead): the value is worked out from "
                 "them.")),
        ("text", ("2. Leave Value blank where you do not have the figure yet: that row is skipped when the "
                 "workbook is imported.")),
        ("text", ("3. For a reading not listed (an earlier period, a corrected figure), add a row at the bottom "
                 "of the table: pick the indicator from the drop-down in the Indicator column, which shows each "
                 "code with its title, and write the period.")),
        ("text", ("4. Save it as an Excel Workbook (.xlsx). Check it with:  boardapp import-readings FILE.xlsx "
                 "--dry-run  (or File > Import readings in Board App, which shows the same check before anything "
                 "is written).")),
        ("text", "5. Import it with:  boardapp import-readings FILE.xlsx"),
        (HEADING, "The columns of the Readings sheet"),
        ("text", ("Indicator: the indicator's code and title, as the drop-down lists them (NI 59 - Initial "
                 "assessments ...). The code alone (NI 59) is read too.")),
        ("text", "Period: the period the figure is for, written as below."),
        ("text", (f"Unit, Last figure, Last period: for reference only; they are never imported. The unit the "
                 f"value is in, and the indicator's last figure in Board App as at {day_words(as_at)} with its "
                 "period (\"none yet\" when it has none). Compare the new figure with it; do not copy it into "
                 "Value.")),
        ("text", ("Value: the figure, in the indicator's unit: 80.5 or 80.5% for a percentage (a cell formatted "
                 "as a percentage may hold 0.805), 1,063 for a count. Blank with Numerator and Denominator given: "
                 "worked out from them.")),
        ("text", ("Numerator and Denominator (optional): the counts behind a rate, both or neither. The value "
                 "must agree with them to the indicator's decimal places.")),
        ("text", ("Status (optional, a drop-down): provisional or validated. Blank: a new reading is "
                 "provisional; one already in Board App keeps its status.")),
        ("text", ("Source and Commentary (optional): where the figure comes from, and what it says. Blank: a "
                 "reading already in Board App keeps its own; a new one takes the file's name as its source.")),
        (HEADING, "How periods are written"),
        ("text", ("The Period column uses the codes Board App stores: 2011-09 (a month); 2011-Q3 (a calendar "
                 "quarter, July to September 2011); AY2010/11 (an academic year, September 2010 to August 2011); "
                 "FY2011/12 (a financial year, April 2011 to March 2012); 2011 (a calendar year); "
                 "2010-11..2011-01 (a run of months, November 2010 to January 2011).")),
        ("text", ("In a row you add, a month may also be written Sep 2011, September 2011, Sep-11, or as any "
                 "date in that month. Forms that read two ways, such as 09/11, are refused.")),
        ("text", (f"Periods from {FIRST_YEAR} to the end of next year are accepted. Each indicator and period "
                 "may appear once.")),
        (HEADING, "What is listed as due"),
        ("text", ("A period is due once it has ended, if it follows the indicator's last reading: the months "
                 "since for a monthly indicator, the quarters for a quarterly one, the academic or calendar "
                 "years (or the same months a year on) for an annual one. An indicator with no reading lists "
                 "the latest period that has ended. At most a year's worth is listed for each indicator.")),
    ]
    if counts.earlier:
        lines.append(("text", (
            f"Not listed: {counts.earlier:,} earlier period{'s' if counts.earlier != 1 else ''} of "
            f"{_count(counts.earlier_indicators, 'indicator')} whose last figure is more than a year old. "
            "The Indicators sheet gives each one's last figure; add rows for those periods if you have them.")))
    if counts.never_read:
        lines.append(("text", (
            f"{_count(counts.never_read, 'indicator').capitalize()} {'has' if counts.never_read == 1 else 'have'} "
            "no reading yet: check the period listed is the one the figure is for.")))
    lines += [
        (HEADING, "What happens on import"),
        ("text", ("Every row is checked before anything is written. If any row has a problem, nothing is "
                 "written and every problem is listed with its sheet, row and column.")),
        ("text", ("Rows with no value (nor numerator, denominator, status, source or commentary) are skipped, "
                 "and named in a note. A workbook in which no row gives a value imports nothing, and says so.")),
        ("text", ("A figure for a period not yet in Board App becomes a new reading (provisional unless the "
                 "Status says validated). A different figure for a period already there is a revision: the old "
                 "and new values, who and when are kept. Importing the same file again changes nothing.")),
        ("text", "Macro-enabled (.xlsm) and password-protected workbooks are refused."),
        (HEADING, "About this workbook"),
        ("text", f"Board: {board}. {written}"),
    ]
    return lines


def _readings(counts: DueCounts) -> str:
    return f"{_count(counts.readings, 'reading')} of {_count(counts.indicators, 'indicator')} {'is' if counts.readings == 1 else 'are'}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
