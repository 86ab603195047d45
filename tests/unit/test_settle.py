"""A started process moves what it holds out of the collector's way (per_process.settle_after_start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own: what is frozen stays frozen for the life of the process.
PROBE = """
import gc, json
import dossier.documents.coherence  # some start-up: modules, compiled patterns, classes
before = len(gc.get_objects())
from dossier.per_process import settle_after_start
settle_after_start()
print(json.dumps({"before": before, "frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


def test_what_start_up_made_is_frozen_and_no_longer_walked() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    counts = json.loads(out.stdout)
    assert counts["frozen"] > counts["before"] // 2
    assert counts["tracked"] < counts["before"] // 10  # what a full collection still walks
