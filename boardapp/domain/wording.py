"""The plain words for each status, one set for every place that says them: the pack
writes them as they are, the window puts a symbol before them (never colour alone)."""

from __future__ import annotations

from boardapp.domain.terms import (
    ActionStatus,
    AnnotationKind,
    AnnotationStatus,
    Rag,
    RagStatus,
    RecommendationStatus,
    RequirementStatus,
    TrajectoryStatus,
)

RAG_STATUS = {
    RagStatus.RED: "Red",
    RagStatus.AMBER: "Amber",
    RagStatus.GREEN: "Green",
    RagStatus.DUE_NO_READING: "No figure",
    RagStatus.NO_DATA: "No data",
    RagStatus.NOT_YET_DUE: "Not yet due",
}

ACTION_RAG = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}

REQUIREMENT_STATUS = {
    RequirementStatus.MET: "Met",
    RequirementStatus.PARTLY_MET: "Partly met",
    RequirementStatus.NOT_MET: "Not met",
    RequirementStatus.IN_PROGRESS: "In progress",
    RequirementStatus.NOT_ASSESSED: "Not assessed",
}

TRAJECTORY = {
    TrajectoryStatus.ON_TRACK: "On course",
    TrajectoryStatus.AT_RISK: "At risk",
    TrajectoryStatus.OFF_TRACK: "Off course",
    TrajectoryStatus.TOO_FEW_READINGS: "Too few readings",
}

# The same words inside a sentence: "... above the 80% target: on course."
TRAJECTORY_IN_A_SENTENCE = {status: words.lower() for status, words in TRAJECTORY.items()}

ACTION_STATUS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.COMPLETE: "Complete",
    ActionStatus.OVERDUE: "Overdue",
    ActionStatus.NOT_ASSESSED: "Not assessed",
}

NOTE_STATUS = {AnnotationStatus.OPEN: "Open", AnnotationStatus.ANSWERED: "Answered", AnnotationStatus.CLOSED: "Closed"}

NOTE_KIND = {
    AnnotationKind.COMMENT: "Comment",
    AnnotationKind.QUESTION: "Question",
    AnnotationKind.CHALLENGE: "Challenge",
    AnnotationKind.ASSURANCE: "Assurance",
}

RECOMMENDATION_STATUS = {
    RecommendationStatus.OPEN: "Open",
    RecommendationStatus.IN_PROGRESS: "In progress",
    RecommendationStatus.COMPLETE: "Complete",
}
