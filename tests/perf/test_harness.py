"""The benchmark harness itself runs and prints every figure (no timing is asserted)."""

from __future__ import annotations

import re

from tests.perf.__main__ import main


def test_quick_run_prints_each_figure_with_its_baseline_and_ratio(capsys):
    assert main(["--quick", "--runs", "1"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if re.search(r"\d+\.\d+x", line)]
    names = [line.split("  ")[0] for line in lines]
    assert names == ["cold start: boardapp check (typical)", "latest reading of all 40 indicators"]
