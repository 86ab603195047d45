"""Mermaid text of the workflow, generated from the table (the README holds a copy)."""

from __future__ import annotations

from workflows.labels import trigger_label
from workflows.states import INITIAL, TERMINAL, Status
from workflows.table import STEPS


def mermaid(current: Status | str | None = None) -> str:
    """A `stateDiagram-v2` of the table; `current` is highlighted when given."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL.value}"]
    for step in STEPS:
        label = trigger_label(step.trigger)
        if step.when_label:
            label += f" ({step.when_label})"
        for source in step.sources:
            lines.append(f"    {source.value} --> {step.dest.value}: {label}")
    for state in sorted(TERMINAL):
        lines.append(f"    {state.value} --> [*]")
    if current is not None:
        lines.append("    classDef current fill:#fde68a,stroke:#b45309,stroke-width:2px")
        lines.append(f"    class {Status(current).value} current")
    return "\n".join(lines) + "\n"
