"""The window's views, in the order the navigation lists them (ui/main_window.py and the
first paint, ui/first_paint.py, both list them; this module imports nothing)."""

# The chair's first screen (what is off track and why) first; the full table one click away.
VIEWS = ("Off track", "Overview", "Indicators", "Plan", "Inspections", "Notes", "Changes")
ATTENTION, OVERVIEW, INDICATORS, PLAN, INSPECTIONS, NOTES, CHANGES = range(len(VIEWS))
