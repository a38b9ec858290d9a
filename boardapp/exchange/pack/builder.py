"""Exporting a meeting pack: gather as at a date, lay out the sheets, and write the
file so that it is either the whole pack or untouched.

The workbook is saved into a new file beside the target and renamed over it
(``os.replace``) only once complete, so a failure or a cancel (the progress callback
raising) leaves whatever was at the target as it was. A target another program holds
open (Excel locks the files it has open on Windows) is refused before any work with a
message that says so, and again if it is opened while the pack is being built.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity
from boardapp.exchange.pack.audience import Audience, PackError, check_audience
from boardapp.exchange.pack.changes_sheet import write_changes
from boardapp.exchange.pack.content import PackContent, Withheld, gather
from boardapp.exchange.pack.cover import write_contents, write_cover
from boardapp.exchange.pack.data_sheet import write_data
from boardapp.exchange.pack.frame import SHEETS, day_words
from boardapp.exchange.pack.indicators_sheet import write_indicators
from boardapp.exchange.pack.inspections_sheet import write_inspections
from boardapp.exchange.pack.notes_sheet import write_notes, write_questions
from boardapp.exchange.pack.plan_sheet import write_plan
from boardapp.exchange.pack.progress import Progress, ReportingFile, Steps
from boardapp.exchange.pack.report_sheet import write_report
from boardapp.exchange.pack.requirements_sheet import write_requirements
from boardapp.exchange.pack.scorecard import write_scorecard
from boardapp.exchange.pack.styles import LANGUAGE, PackStyles
from boardapp.exchange.pack.summary_sheet import write_summary
from boardapp.store import board
from boardapp.store.board import MeetingRow
from boardapp.store.connection import Database
from boardapp.store.dataset_info import About

SMALL_SHEET_UNITS = 20
BYTES_PER_UNIT = 60  # roughly what a row costs in the compressed file, to pace "Writing the file"


@dataclass(frozen=True)
class PackSummary:
    """What was written: for the command line's last line and the window's status bar."""

    path: Path
    as_at: date
    audience: Audience
    meeting: MeetingRow | None
    sheets: tuple[str, ...]
    requirements: int
    indicators: int
    readings: int
    actions: int
    notes: int
    withheld: Withheld


def export_pack(
    database: Database,
    out: str | Path,
    *,
    who: Identity,
    as_at: date | None = None,
    meeting: str | None = None,
    audience: Audience | str = Audience.BOARD,
    produced: datetime | None = None,
    progress: Progress | None = None,
    name_members: bool | None = None,
) -> PackSummary:
    """Write the meeting pack to ``out`` (an .xlsx file), as at ``as_at`` or the as-at
    date of ``meeting`` (its uuid, its number in :func:`boardapp.store.board.meetings`,
    1 being the newest, or its date: :func:`boardapp.store.board.find_meeting`). With
    neither, the pack is for the last Improvement Board held by today, else the next one
    (:func:`boardapp.store.board.default_meeting`), else as at today. A meeting still to
    come is judged as at today at the latest. ``who``: the established identity exporting;
    the audience must be one of :func:`~boardapp.exchange.pack.audience.audiences_for` its
    role (``NotAllowed`` otherwise, before anything is read or written), and a pack made
    by a role that may not read exempt items holds none. ``produced`` is the time the cover gives (default:
    now, in UTC); two exports with the same database, date and ``produced`` have the
    same cells. ``name_members``: whether the challenge log names members (None: as the
    audience does, audience.py: not in a public pack). Raises :class:`PackError` for a target that cannot be written or a
    meeting that is not there; whatever ``progress`` raises stops the export."""
    chosen_audience = check_audience(who, audience)
    target = Path(out)
    check_target(target)
    steps = Steps(progress)
    steps.report("Reading the database", force=True)
    with database.session() as session:
        chosen = find_meeting(session, meeting) if meeting is not None else None
        if chosen is not None and as_at is not None:
            raise PackError("give a meeting or an as-at date, not both: a meeting's pack is as at its own date")
        today = date.today()
        if meeting is None and as_at is None:
            chosen = board.default_meeting(session, today)
        # Nothing after today is known: a planned meeting's pack is as at today until then.
        day = min(chosen.as_at, today) if chosen is not None else as_at or today
        content = gather(
            session,
            database=database.path,
            as_at=day,
            meeting=chosen,
            audience=chosen_audience,
            reader=who.role,
            produced=produced or datetime.now(UTC),
            name_members=name_members,
        )
    units = build_units(content)
    steps.total = 2 * units
    workbook = build_workbook(content, steps)
    save_atomically(workbook, target, steps, units)
    steps.finish(f"Wrote {target.name}")
    return PackSummary(
        path=target,
        as_at=content.as_at,
        audience=chosen_audience,
        meeting=chosen,
        sheets=tuple(name for name, _what in SHEETS),
        requirements=len(content.scorecard),
        indicators=len(content.indicators),
        readings=sum(len(block.readings) + len(block.others) for block in content.indicators),
        actions=len(content.actions),
        notes=len(content.notes),
        withheld=content.withheld,
    )


def suggested_name(about: About, audience: Audience | str, *, meeting: MeetingRow | None = None,
                   as_at: date | None = None) -> str:
    """A file name that says whose pack it is, for which meeting (or as at which date)
    and for whom: ``leeds-city-council-improvement-board-2011-11-dfe-pack.xlsx``."""
    board_words = about.council or about.name or "board"
    if about.is_synthetic:
        board_words = f"synthetic {board_words}"
    if meeting is not None:
        when = meeting.held_on.strftime("%Y-%m") if meeting.month_only else meeting.held_on.isoformat()
        occasion = f"{_slug(meeting.title, 40)}-{when}"
    else:
        occasion = f"as-at-{(as_at or date.today()).isoformat()}"
    return f"{_slug(board_words, 40)}-{occasion}-{Audience(audience).value}-pack.xlsx"


def _slug(words: str, most: int) -> str:
    """Lower-case letters and digits joined by hyphens, cut at a word to ``most`` characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    if len(slug) > most:
        slug = slug[:most].rsplit("-", 1)[0]
    return slug or "pack"


def find_meeting(session: Session, ident: str) -> MeetingRow:
    """A meeting by its number in the list newest first (1 = the newest), its uuid, or
    its date (``2011-11``, ``2011-11-01``: the Improvement Board then, else the one meeting then)."""
    try:
        return board.find_meeting(session, ident)
    except board.NoSuchMeeting as exc:
        raise PackError(str(exc)) from None


def build_units(content: PackContent) -> int:
    """The work of laying out the sheets, in rows (roughly what it costs)."""
    readings = sum(len(block.readings) + len(block.others) + 4 for block in content.indicators)
    asked = len(content.questions.carried) + len(content.questions.answered) if content.questions else 0
    return 2 * readings + len(content.actions) + len(content.notes) + asked + _changes(content) + 9 * SMALL_SHEET_UNITS


def _changes(content: PackContent) -> int:
    """The rows of the "What changed" sheet."""
    return content.changes.count if content.changes is not None else 0


def build_workbook(content: PackContent, steps: Steps | None = None) -> Workbook:
    """The pack's workbook, in memory."""
    steps = steps or Steps(None)
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = PackStyles(workbook)
    for write, name in ((write_cover, "Cover"), (write_contents, "Contents"), (write_report, "Report"),
                        (write_summary, "Summary"), (write_changes, "What changed"), (write_scorecard, "Scorecard"),
                        (write_requirements, "Requirements")):
        write(workbook, styles, content)
        steps.advance(SMALL_SHEET_UNITS + (_changes(content) if write is write_changes else 0), name)
    write_indicators(workbook, styles, content, steps)
    write_plan(workbook, styles, content, steps)
    write_notes(workbook, styles, content, steps)
    write_questions(workbook, styles, content, steps)
    write_inspections(workbook, styles, content)
    steps.advance(SMALL_SHEET_UNITS, "Inspections")
    write_data(workbook, styles, content, steps)
    workbook.active = 0
    properties = workbook.properties
    properties.title = (f"Improvement Board meeting pack: {content.meeting.label}" if content.meeting
                        else f"Improvement Board meeting pack, as at {day_words(content.as_at)}")
    properties.subject = f"{content.board_name} ({content.audience.label} pack)"
    properties.category = content.audience.marking
    properties.keywords = content.audience.marking + (", SYNTHETIC" if content.synthetic else "")
    properties.creator = "Board App"
    properties.language = LANGUAGE  # dc:language in docProps/core.xml
    properties.created = content.produced.astimezone(UTC).replace(tzinfo=None)
    return workbook


def check_target(target: Path) -> None:
    """Refuse, before any work, a target that cannot be written."""
    if target.suffix.lower() != ".xlsx":
        raise PackError(f"{target}: a pack is an Excel workbook; name it FILE.xlsx")
    if target.is_dir():
        raise PackError(f"{target}: this is a folder; name the file to write")
    if not target.parent.is_dir():
        raise PackError(f"{target.parent}: there is no such folder")
    if target.exists():
        try:
            # Opening for append writes nothing; it fails where another program holds
            # the file open (Excel on Windows) or the file is read-only.
            with target.open("ab"):
                pass
        except PermissionError as exc:
            raise PackError(_in_use(target)) from exc


# A partial pack as save_atomically names it: .NAME.xlsx.<8 hex>.partial
LEFTOVER = re.compile(r"^\..+\.xlsx\.[0-9a-f]{8}\.partial$", re.IGNORECASE)
# A partial not written to for this long is a killed export's, not one being saved now
# (a save writes its partial from start to end without pausing).
LEFTOVER_AGE_S = 60


def remove_leftover_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the partial packs a killed export left in ``folder``: only files named as
    save_atomically names them and untouched for :data:`LEFTOVER_AGE_S` seconds. The removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not LEFTOVER.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < LEFTOVER_AGE_S:
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove: leave it
        removed.append(Path(entry.path))
    return removed


def save_atomically(workbook: Workbook, target: Path, steps: Steps, units: int) -> None:
    """Save into a new file beside ``target``, then rename it over ``target`` (first removing
    partial packs a killed export left in that folder)."""
    remove_leftover_partials(target.parent)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        # 0o666 less the umask, as any new file; O_EXCL: never someone else's file.
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except PermissionError as exc:
        raise PackError(f"{target.parent}: cannot write in this folder (permission denied)") from exc
    except OSError as exc:
        raise PackError(f"{target.parent}: cannot write in this folder ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "wb") as raw:
            reporting = ReportingFile(raw, steps, units, BYTES_PER_UNIT)
            try:
                workbook.save(reporting)
            finally:
                reporting.detach()
            raw.flush()
            os.fsync(raw.fileno())
        try:
            os.replace(partial, target)
        except PermissionError as exc:
            raise PackError(_in_use(target)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _in_use(target: Path) -> str:
    return (f"{target}: the file is open in another program (or read-only), so it cannot be replaced; "
            "close it and export again, or choose another name")
