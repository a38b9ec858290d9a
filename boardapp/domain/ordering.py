"""Orders people expect: codes with numbers in them sort by the numbers' values
("NI 57" before "NI 59" before "NI 102"), not character by character."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def natural_key(text: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    """A sort key reading runs of digits as numbers and letters without case; spaces and
    punctuation only separate ("NI59-VOL" sorts just after "NI 59"). Numbers come before
    words at the same place; the text itself breaks ties, so the order is total."""
    tokens = tuple((0, int(token)) if token.isdigit() else (1, token) for token in _TOKEN.findall(text.casefold()))
    return tokens, text
