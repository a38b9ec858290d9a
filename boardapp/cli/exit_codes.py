"""The process exit codes of DESIGN.md, in one place."""

EXIT_DONE = 0
EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2
