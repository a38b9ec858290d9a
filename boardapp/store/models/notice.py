"""The notice, its requirements, and the indicators, targets and readings that judge them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boardapp.domain.terms import (
    ComparatorKind,
    DatePrecision,
    Frequency,
    Polarity,
    ReadingStatus,
    RequirementKind,
    RequirementStatus,
    TargetBasis,
    ThresholdKind,
    ToleranceKind,
    Unit,
)
from boardapp.store.models.base import Base, Synced, UTCDateTime, utc_now, word

requirement_indicator = Table(
    "requirement_indicator",
    Base.metadata,
    Column("requirement_id", ForeignKey("requirement.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    # The order the requirement names its indicators in; the first leads.
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class Notice(Synced, Base):
    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_precision: Mapped[DatePrecision] = mapped_column(word(DatePrecision), default=DatePrecision.DAY)
    ends_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")

    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="notice", order_by="Requirement.position", cascade="all, delete-orphan"
    )


class Requirement(Synced, Base):
    __tablename__ = "requirement"
    __table_args__ = (UniqueConstraint("notice_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RequirementKind] = mapped_column(word(RequirementKind))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[RequirementStatus] = mapped_column(
        word(RequirementStatus), default=RequirementStatus.NOT_ASSESSED
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
    known_on: Mapped[date | None] = mapped_column(Date)

    notice: Mapped[Notice] = relationship(back_populates="requirements")
    indicators: Mapped[list[Indicator]] = relationship(
        secondary=requirement_indicator,
        back_populates="requirements",
        order_by=requirement_indicator.c.position,
    )


class Indicator(Synced, Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    unit: Mapped[Unit] = mapped_column(word(Unit))
    polarity: Mapped[Polarity] = mapped_column(word(Polarity))
    frequency: Mapped[Frequency] = mapped_column(word(Frequency))
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    # Width of the amber band (in the unit, or as a share of the target); None: no band,
    # so a missed target is red. ``tolerance_set_by``: who declared it ("the improvement plan").
    tolerance: Mapped[float | None] = mapped_column(Float)
    tolerance_kind: Mapped[ToleranceKind] = mapped_column(
        word(ToleranceKind), default=ToleranceKind.ABSOLUTE, server_default=ToleranceKind.ABSOLUTE.value
    )
    tolerance_set_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # What follows the number in a sentence ("of initial assessments within timescale") and
    # what the denominator counts ("assessments"); "": none given.
    narrative_phrase: Mapped[str] = mapped_column(String(200), default="", server_default="")
    volume_phrase: Mapped[str] = mapped_column(String(120), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")

    requirements: Mapped[list[Requirement]] = relationship(
        secondary=requirement_indicator, back_populates="indicators"
    )
    targets: Mapped[list[Target]] = relationship(
        back_populates="indicator", order_by="Target.period_start", cascade="all, delete-orphan"
    )
    readings: Mapped[list[Reading]] = relationship(
        back_populates="indicator", order_by="Reading.period_start", cascade="all, delete-orphan"
    )
    comparators: Mapped[list[Comparator]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )
    thresholds: Mapped[list[Threshold]] = relationship(
        back_populates="indicator", order_by="Threshold.value", cascade="all, delete-orphan"
    )


class Target(Synced, Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    basis: Mapped[TargetBasis] = mapped_column(word(TargetBasis))
    period: Mapped[str] = mapped_column(String(24))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    known_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    # Who set it: "the improvement plan", "the notice"; "": not stated.
    set_by: Mapped[str] = mapped_column(String(120), default="", server_default="")

    indicator: Mapped[Indicator] = relationship(back_populates="targets")


class Reading(Synced, Base):
    __tablename__ = "reading"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period", name="uq_reading_indicator_period"),
        # The latest reading of an indicator is one index seek.
        Index("ix_reading_indicator_start", "indicator_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(24))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ReadingStatus] = mapped_column(word(ReadingStatus), default=ReadingStatus.PROVISIONAL)
    known_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    commentary: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(120), default="")
    # What the figure measures when it is not the indicator's own measure ("change over
    # three years", "forecast"); "": the indicator's own.
    measure: Mapped[str] = mapped_column(String(80), default="", server_default="")

    indicator: Mapped[Indicator] = relationship(back_populates="readings")
    revisions: Mapped[list[ReadingRevision]] = relationship(
        back_populates="reading", order_by="ReadingRevision.changed_at", cascade="all, delete-orphan"
    )


class ReadingRevision(Synced, Base):
    """One change of a reading: the old and new value, who changed it and when."""

    __tablename__ = "reading_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    reading_id: Mapped[int] = mapped_column(ForeignKey("reading.id", ondelete="CASCADE"), index=True)
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    old_status: Mapped[ReadingStatus | None] = mapped_column(word(ReadingStatus, "old_readingstatus"))
    new_status: Mapped[ReadingStatus | None] = mapped_column(word(ReadingStatus, "new_readingstatus"))
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    reason: Mapped[str] = mapped_column(Text, default="")

    reading: Mapped[Reading] = relationship(back_populates="revisions")


class Comparator(Synced, Base):
    __tablename__ = "comparator"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ComparatorKind] = mapped_column(word(ComparatorKind))
    period: Mapped[str] = mapped_column(String(24))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    known_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")

    indicator: Mapped[Indicator] = relationship(back_populates="comparators")


class Threshold(Synced, Base):
    """A line that is not a target (terms.ThresholdKind), shown as what it is: "senior
    managers act where individual caseloads exceed 25"."""

    __tablename__ = "threshold"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    kind: Mapped[ThresholdKind] = mapped_column(word(ThresholdKind))
    label: Mapped[str] = mapped_column(Text)
    known_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")

    indicator: Mapped[Indicator] = relationship(back_populates="thresholds")
