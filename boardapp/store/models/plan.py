"""Improvement plans, their actions, and the inspections whose recommendations they track."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boardapp.domain.terms import (
    ActionStatus,
    DatePrecision,
    InspectionKind,
    MilestoneStatus,
    Rag,
    RecommendationStatus,
)
from boardapp.store.models.base import Base, Synced, word
from boardapp.store.models.notice import Indicator, Requirement

action_requirement = Table(
    "action_requirement",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("requirement_id", ForeignKey("requirement.id", ondelete="CASCADE"), primary_key=True),
)

action_indicator = Table(
    "action_indicator",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
)

action_recommendation = Table(
    "action_recommendation",
    Base.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("recommendation_id", ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True),
)


class Plan(Synced, Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")

    priorities: Mapped[list[Priority]] = relationship(
        back_populates="plan", order_by="Priority.position", cascade="all, delete-orphan"
    )


class Priority(Synced, Base):
    __tablename__ = "priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")

    plan: Mapped[Plan] = relationship(back_populates="priorities")
    focus_areas: Mapped[list[FocusArea]] = relationship(
        back_populates="priority", order_by="FocusArea.position", cascade="all, delete-orphan"
    )


class FocusArea(Synced, Base):
    __tablename__ = "focus_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200), default="")

    priority: Mapped[Priority] = relationship(back_populates="focus_areas")
    actions: Mapped[list[Action]] = relationship(
        back_populates="focus_area", order_by="Action.position", cascade="all, delete-orphan"
    )


class Action(Synced, Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_area.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(30), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(word(ActionStatus), default=ActionStatus.NOT_STARTED)
    rag: Mapped[Rag | None] = mapped_column(word(Rag))
    evidence: Mapped[str] = mapped_column(Text, default="")
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), default="")

    focus_area: Mapped[FocusArea] = relationship(back_populates="actions")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="action", order_by="Milestone.position", cascade="all, delete-orphan"
    )
    requirements: Mapped[list[Requirement]] = relationship(secondary=action_requirement)
    indicators: Mapped[list[Indicator]] = relationship(secondary=action_indicator)
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=action_recommendation, back_populates="actions"
    )


class Milestone(Synced, Base):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(word(MilestoneStatus), default=MilestoneStatus.OPEN)
    source: Mapped[str] = mapped_column(String(200), default="")

    action: Mapped[Action] = relationship(back_populates="milestones")


class Inspection(Synced, Base):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[InspectionKind] = mapped_column(word(InspectionKind))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[DatePrecision] = mapped_column(word(DatePrecision), default=DatePrecision.DAY)
    scale: Mapped[str] = mapped_column(String(40), default="1-4")
    source: Mapped[str] = mapped_column(String(200), default="")

    judgements: Mapped[list[Judgement]] = relationship(
        back_populates="inspection", order_by="Judgement.position", cascade="all, delete-orphan"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="inspection", order_by="Recommendation.position", cascade="all, delete-orphan"
    )


class Judgement(Synced, Base):
    """One outcome's grade: a number on the 1-4 scale (4 outstanding) or an ILACS word."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("inspection_id", "outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(200))
    grade: Mapped[int | None] = mapped_column(Integer)
    grade_word: Mapped[str] = mapped_column(String(60), default="")
    source: Mapped[str] = mapped_column(String(200), default="")

    inspection: Mapped[Inspection] = relationship(back_populates="judgements")


class Recommendation(Synced, Base):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="SET NULL"), index=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RecommendationStatus] = mapped_column(
        word(RecommendationStatus), default=RecommendationStatus.OPEN
    )
    source: Mapped[str] = mapped_column(String(200), default="")

    inspection: Mapped[Inspection | None] = relationship(back_populates="recommendations")
    actions: Mapped[list[Action]] = relationship(secondary=action_recommendation, back_populates="recommendations")
