"""Board App: the Improvement Board's desktop copy of the notice, the plan and the readings."""

__version__ = "0.1.0"
