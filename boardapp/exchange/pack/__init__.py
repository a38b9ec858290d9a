"""The meeting pack: an Excel workbook of where the board stands as at a date.

``export_pack(database, out, who=..., as_at=..., meeting=..., audience=..., produced=..., progress=...)``
writes it (builder.py) for an established identity, in an audience its role may choose
(``audiences_for(role)``); ``Audience`` says who it is for; ``PackError`` is a pack that
cannot be written as asked, with the reason; ``PackCancelled`` is what a progress
callback raises to stop. One module per sheet or pair of sheets; docs/meeting-pack.md
describes the pack.
"""

from boardapp.exchange.pack.audience import Audience, PackCancelled, PackError, audiences_for, check_audience
from boardapp.exchange.pack.builder import PackSummary, export_pack, find_meeting

__all__ = ["Audience", "PackCancelled", "PackError", "PackSummary", "audiences_for", "check_audience", "export_pack",
           "find_meeting"]
