"""The workflow's drawing as data, from the table: the Mermaid text (the README holds a copy), the
grid layout of the states, the phase bands, the arrows and the table in words.

Pure: no web, no SVG. web/diagram.py turns the grid into pixels and SVG. The main path runs down
the centre column in phase order (proposal → appraisal → approval → implementation → closing);
the branches (revision, appraisal failed, adjustment, stop, acceptance failed) sit beside the
state they leave from, so most arrows are short and straight. A state missing from POSITIONS
(one added to the table later) still gets a cell, in an extra row at the bottom: nothing is
ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workflows.labels import PHASE_LABELS, ROLE_LABELS, STATUS_LABELS, trigger_label
from workflows.states import INITIAL, TERMINAL, Phase, Status
from workflows.table import STEPS, Step, phase_of

S = Status
L, C, R = 0, 1, 2  # grid columns: left branches, main path, right branches

# (column, row) of each state.
POSITIONS: dict[Status, tuple[int, int]] = {
    S.DRAFT: (C, 0), S.SUBMITTED: (C, 1), S.REVISION_REQUESTED: (R, 1),
    S.UNDER_APPRAISAL: (C, 2), S.APPRAISAL_FAILED: (L, 2), S.APPRAISED: (C, 3),
    S.SUBMITTED_FOR_APPROVAL: (C, 4), S.APPROVED: (C, 5),
    S.CONTRACTED: (C, 6), S.STOPPED: (R, 6),
    S.ACCEPTANCE_FAILED: (L, 7), S.IN_PROGRESS: (C, 7), S.ADJUSTMENT_PENDING: (R, 7),
    S.ACCEPTED: (C, 8),
    S.LIQUIDATED: (C, 9), S.SETTLED: (C, 10), S.ARCHIVED: (C, 11),
}


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


def phase_bands(grid: dict[Status, tuple[int, int]] | None = None) -> tuple[tuple[str, int, int], ...]:
    """(title, first row, last row) of each phase, in phase order: the rows of the main path's
    states in that phase (a branch sits in the row of the state it leaves, whatever its phase)."""
    grid = grid if grid is not None else POSITIONS
    rows: dict[Phase, list[int]] = {}
    for status, (col, row) in grid.items():
        if col == C:
            rows.setdefault(phase_of(status), []).append(row)
    return tuple((PHASE_LABELS[p], min(rows[p]), max(rows[p])) for p in Phase if p in rows)


@dataclass(frozen=True)
class Edge:
    """One arrow: the steps it stands for (rows sharing source and destination are merged)."""

    source: Status
    dest: Status
    steps: tuple[Step, ...]

    @property
    def label_lines(self) -> list[str]:
        lines = []
        for step in self.steps:
            text = trigger_label(step.trigger) + (f" ({step.when_label.lower()})" if step.when_label else "")
            if text not in lines:
                lines.append(text)
        return lines

    @property
    def triggers(self) -> list[str]:
        return list(dict.fromkeys(step.trigger for step in self.steps))


def edges(steps: Iterable[Step] = STEPS) -> list[Edge]:
    """The table's rows as arrows, one per (source, destination), in table order."""
    grouped: dict[tuple[Status, Status], list[Step]] = {}
    for step in steps:
        for source in step.sources:
            grouped.setdefault((source, step.dest), []).append(step)
    return [Edge(s, d, tuple(rows)) for (s, d), rows in grouped.items()]


def grid(states: Iterable[Status]) -> dict[Status, tuple[int, int]]:
    """(column, row) of each of `states`: POSITIONS, then extra rows for states it does not place."""
    cells = {s: POSITIONS[s] for s in states if s in POSITIONS}
    extra_row = max((r for _, r in cells.values()), default=-1) + 1
    col = 0
    for s in states:  # unplaced states: an extra row at the bottom, never dropped
        if s not in cells:
            cells[s] = (col, extra_row)
            col += 1
            if col > R:
                col, extra_row = 0, extra_row + 1
    return cells


@dataclass(frozen=True)
class TableRow:
    """One row of the accessible table under the diagram."""

    trigger: str
    label: str
    sources: tuple[str, ...]
    dest: str
    roles: tuple[str, ...]
    documents: tuple[str, ...]
    phase: str = ""


def table_rows(document_titles: dict[str, str] | None = None) -> list[TableRow]:
    """The workflow table in words (trigger, from, to, roles, documents, phase), in table order."""
    titles = document_titles or {}
    rows = []
    for step in STEPS:
        label = trigger_label(step.trigger) + (f" ({step.when_label.lower()})" if step.when_label else "")
        rows.append(TableRow(step.trigger, label, tuple(STATUS_LABELS[s] for s in step.sources),
                             STATUS_LABELS[step.dest], tuple(ROLE_LABELS[r] for r in sorted(step.roles)),
                             tuple(titles.get(t, t) for t in step.documents), PHASE_LABELS[step.phase]))
    return rows
