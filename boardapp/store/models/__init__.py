"""The database's tables as SQLAlchemy 2 typed declarative models."""

from boardapp.store.models.base import Base, Synced, UTCDateTime
from boardapp.store.models.board import Annotation, AuditEntry, DatasetInfo, LaptopIdentity, Meeting, Member
from boardapp.store.models.history import Revision
from boardapp.store.models.notice import (
    Comparator,
    Indicator,
    Notice,
    Reading,
    ReadingRevision,
    Requirement,
    Target,
    Threshold,
    requirement_indicator,
)
from boardapp.store.models.plan import (
    Action,
    FocusArea,
    Inspection,
    Judgement,
    Milestone,
    Plan,
    Priority,
    Recommendation,
    action_indicator,
    action_recommendation,
    action_requirement,
)
from boardapp.store.models.snapshot import (
    overview_snapshot,
    overview_snapshot_dirty,
    overview_snapshot_indicator,
    overview_snapshot_state,
)
from boardapp.store.models.sync import OutboxEntry, ReceivedOperation, SyncConflict, SyncState

__all__ = [
    "Action",
    "Annotation",
    "AuditEntry",
    "Base",
    "Comparator",
    "DatasetInfo",
    "FocusArea",
    "Indicator",
    "Inspection",
    "Judgement",
    "LaptopIdentity",
    "Meeting",
    "Member",
    "Milestone",
    "Notice",
    "OutboxEntry",
    "Plan",
    "Priority",
    "Reading",
    "ReadingRevision",
    "ReceivedOperation",
    "Revision",
    "Recommendation",
    "Requirement",
    "Synced",
    "SyncConflict",
    "SyncState",
    "Target",
    "Threshold",
    "UTCDateTime",
    "action_indicator",
    "action_recommendation",
    "action_requirement",
    "overview_snapshot",
    "overview_snapshot_dirty",
    "overview_snapshot_indicator",
    "overview_snapshot_state",
    "requirement_indicator",
]
