"""The board's judgement as pure Python: no Qt, no SQL."""
