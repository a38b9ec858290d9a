"""The command line (DESIGN.md, "Command line"): the contract tests and scripts rely on."""
