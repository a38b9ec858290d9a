"""Hypothesis strategies for the domain's inputs."""

from hypothesis import strategies as st

from boardapp.domain.periods import Period, PeriodKind

months = st.tuples(st.integers(1990, 2040), st.integers(1, 12))


@st.composite
def periods(draw):
    kind = draw(st.sampled_from(list(PeriodKind)))
    year, month = draw(months)
    if kind is PeriodKind.MONTH:
        return Period.month(year, month)
    if kind is PeriodKind.QUARTER:
        return Period.quarter(year, draw(st.integers(1, 4)))
    if kind is PeriodKind.FINANCIAL_YEAR:
        return Period.financial_year(year)
    if kind is PeriodKind.ACADEMIC_YEAR:
        return Period.academic_year(year)
    if kind is PeriodKind.YEAR:
        return Period.year(year)
    length = draw(st.integers(0, 40))
    first = Period.month(year, month)
    return Period(first.first, first.first + length, PeriodKind.RANGE)
