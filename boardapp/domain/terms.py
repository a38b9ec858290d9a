"""The closed vocabularies of the domain (DESIGN.md, "Domain words").

Each is a ``StrEnum`` so that the value stored in the database, written in the demo
file and shown in a pack is the same plain word.
"""

from enum import StrEnum


class RequirementKind(StrEnum):
    TARGET = "target"
    PROCESS = "process"


class RequirementStatus(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"
    NOT_ASSESSED = "not_assessed"


class Unit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATE_PER_100K = "rate_per_100k"
    PERCENTAGE_POINTS = "percentage_points"
    SCHOOLS = "schools"
    NUMBER = "number"


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ACADEMIC_YEAR = "academic_year"
    ANNUAL = "annual"


class ToleranceKind(StrEnum):
    """How an indicator's amber band is measured from its target."""

    ABSOLUTE = "absolute"  # in the indicator's own unit: 2 points either side of 80%
    RELATIVE = "relative"  # as a share of the target: 5% of 20 is 1


class TargetBasis(StrEnum):
    PERIOD = "period"
    CUMULATIVE = "cumulative"
    ACADEMIC_YEAR = "academic_year"
    COUNT = "count"
    GAP_CHANGE = "gap_change"
    TREND = "trend"
    # Holds from the start of its period until a later standing target replaces it
    # ("the 85% target set in the improvement plan"); it judges the latest reading.
    STANDING = "standing"


class ThresholdKind(StrEnum):
    """A line that is not a target, kept and shown as what it is."""

    ALERT = "alert"  # managers act beyond it: "where individual caseloads exceed 25"
    KEY_THRESHOLD = "key_threshold"  # a level the service must not fall below: "key threshold 60"
    BAND = "band"  # a performance band's edge: "90 needed to be 'acceptable'"
    BENCHMARK = "benchmark"  # a comparison level a report sets: "the 85% benchmark"
    GOAL = "goal"  # an aim with no date: "towards a higher number of 56"


# Targets that set a level a figure is compared with ("above the 80% target"); gap and
# trend targets are judged on their own terms.
LEVEL_BASES = (
    TargetBasis.PERIOD, TargetBasis.CUMULATIVE, TargetBasis.ACADEMIC_YEAR, TargetBasis.COUNT, TargetBasis.STANDING,
)


class ReadingStatus(StrEnum):
    PROVISIONAL = "provisional"
    VALIDATED = "validated"


class ComparatorKind(StrEnum):
    LAST_YEAR = "last_year"
    NATIONAL = "national"
    STATISTICAL_NEIGHBOURS = "statistical_neighbours"
    ENGLAND = "england"
    CORE_CITIES = "core_cities"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    OVERDUE = "overdue"
    NOT_ASSESSED = "not_assessed"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class MilestoneStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class InspectionKind(StrEnum):
    APA = "APA"
    JAR = "JAR"
    SELF_EVALUATION = "self_evaluation"
    UNANNOUNCED = "unannounced"
    SAFEGUARDING = "safeguarding"
    ILACS = "ILACS"
    CPA = "CPA"


class MeetingKind(StrEnum):
    BOARD = "board"
    DFE_REVIEW = "dfe_review"
    EXECUTIVE_BOARD = "executive_board"
    SCRUTINY = "scrutiny"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"


class Role(StrEnum):
    CHAIR = "chair"
    SECRETARIAT = "secretariat"
    MEMBER = "member"
    OBSERVER = "observer"


class AnnotationKind(StrEnum):
    COMMENT = "comment"
    QUESTION = "question"
    CHALLENGE = "challenge"
    ASSURANCE = "assurance"


class AnnotationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class AnnotatedKind(StrEnum):
    """What an annotation is attached to."""

    REQUIREMENT = "requirement"
    INDICATOR = "indicator"
    ACTION = "action"


class TrackedKind(StrEnum):
    """An item whose every change is kept as a dated revision (docs/history.md)."""

    ACTION = "action"
    MILESTONE = "milestone"
    PLAN = "plan"
    RECOMMENDATION = "recommendation"
    REQUIREMENT = "requirement"
    TARGET = "target"
    INDICATOR = "indicator"  # its band: tolerance and tolerance kind


class RevisionKind(StrEnum):
    CREATED = "created"
    CHANGED = "changed"


class RagStatus(StrEnum):
    """Where a target (or a requirement, rolled up) stands on a date: a RAG colour when
    there is something to judge, otherwise why there is not."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"  # the indicator has no reading at all
    NOT_YET_DUE = "not_yet_due"  # the target's period has not ended
    DUE_NO_READING = "due_no_reading"  # it has ended, and its reading has not arrived


class TrajectoryStatus(StrEnum):
    """Where a target not yet due is heading, on the recent readings."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    TOO_FEW_READINGS = "too_few_readings"


class ActualSource(StrEnum):
    """Where the figure a target is judged by came from."""

    READING = "reading"  # the reading for the target's period
    COMPUTED_CUMULATIVE = "computed_cumulative"  # sum of numerators / sum of denominators
    REPORTED_CUMULATIVE = "reported_cumulative"  # a reading for the whole range, as reported
    GAP_CHANGE = "gap_change"  # the change in a gap between two series
    TREND = "trend"  # a test over a run of readings
