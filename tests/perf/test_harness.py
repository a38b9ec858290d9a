"""The benchmark harness itself runs and prints every figure (no timing is asserted),
with the peak memory of each side under the figures where memory matters."""

from __future__ import annotations

import re

from tests.perf.__main__ import main


def test_quick_run_prints_each_figure_with_its_baseline_and_ratio(capsys):
    assert main(["--quick", "--runs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if re.search(r"\d+\.\d+x", line)]
    names = [line.split("  ")[0] for line in lines]
    assert names[:3] == [
        "cold start: boardapp check (typical)",
        "latest reading of all 40 indicators",
        "load every indicator as domain records",
    ]
    assert names[3].startswith("evaluate all 120 targets, today")
    assert names[4].startswith("evaluate all 80 targets, as at 2025-06-30")  # FY2026 targets were set later
    assert names[5].startswith("meeting pack, synthetic typical")
    assert [n.split(" (")[0] for n in names[6:]] == [
        "first paint with data",
        "window painted with data",
        "open an indicator with 24 readings",
        "overview judged and shown",
        "opening the window, one GUI turn",
        "longest GUI stall while loading",
    ]
    # Peak memory on the line under the figures it belongs to (in the quick run: loading, the pack).
    under = {out[n - 1].split("  ")[0]: line.strip() for n, line in enumerate(out) if "peak memory:" in line}
    assert set(under) == {"load every indicator as domain records", names[5]}
    for line in under.values():
        assert re.fullmatch(r"peak memory: ours [\d,.]+ MB, baseline [\d,.]+ MB \(ours/baseline \d+\.\d\d\)", line), line
