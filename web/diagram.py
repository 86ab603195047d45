"""The workflow drawn as inline SVG from the layout in workflows.diagram (no graphviz, no JS).

Pure functions: no Flask, no database. workflows.diagram places each state in a grid cell and
says which rows each phase band spans; this module turns cells into pixels. Arrows between
neighbouring cells are straight lines; longer ones are routed orthogonally through lanes outside
the grid, one lane per arrow, so they never cross a box.

Colours and sizes are SVG presentation attributes, not CSS: the CSP forbids inline styles and
the drawing must look the same when printed or saved on its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

from workflows.diagram import C, Edge, edges, grid, phase_bands
from workflows.labels import STATUS_LABELS
from workflows.states import INITIAL, TERMINAL, Status
from workflows.table import STEPS, Step

BOX_W, BOX_H = 196, 46
COL_GAP = 190  # room for the labels of horizontal arrows
ROW_H = 98  # box + room for the labels of vertical arrows
PHASE_W = 118  # left margin holding the phase titles
LANE = 16  # distance between routing lanes
TOP = 44  # room for the start marker
FONT = "Liberation Sans, Arial, sans-serif"
INK, MUTED, LINE = "#1d2630", "#5b6875", "#66707a"
BOX_FILL, BOX_STROKE = "#ffffff", "#7b8794"
CURRENT_FILL, CURRENT_STROKE = "#fde68a", "#b45309"
BAND_FILLS = ("#f3f6fa", "#eaf0f6")


class Point(NamedTuple):
    x: float
    y: float


@dataclass(frozen=True)
class Box:
    status: Status
    x: float
    y: float

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2

    @property
    def right(self) -> float:
        return self.x + BOX_W

    @property
    def bottom(self) -> float:
        return self.y + BOX_H


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at `width` characters (a word longer than that keeps its own line)."""
    return textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False) or [""]


def _text(x: float, y: float, lines: list[str], *, size: int = 11, anchor: str = "middle", weight: str = "normal",
          fill: str = INK, halo: bool = True, extra: str = "") -> str:
    """Multi-line text centred on y; a white halo keeps labels legible where they cross a line."""
    first = y - (len(lines) - 1) * (size + 2) / 2 + size * 0.35
    spans = "".join(f'<tspan x="{x:.1f}" y="{first + i * (size + 2):.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    halo_attrs = ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return (f'<text font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}"{halo_attrs}{extra}>{spans}</text>')


class _Layout:
    def __init__(self, states: list[Status], edge_list: list[Edge]):
        self.grid = grid(states)
        self.rows = max(r for _, r in self.grid.values()) + 1
        self.left_lanes = 0
        self.right_lanes = 0
        self.lane_edges: list[tuple[Edge, str]] = []
        for e in edge_list:
            if not self._is_short(e):
                side = "right" if max(self.grid[e.source][0], self.grid[e.dest][0]) > C else "left"
                self.lane_edges.append((e, side))
                if side == "left":
                    self.left_lanes += 1
                else:
                    self.right_lanes += 1
        self.x0 = PHASE_W + 12 + self.left_lanes * LANE + 10
        self.boxes = {s: Box(s, self.x0 + c * (BOX_W + COL_GAP), TOP + r * ROW_H) for s, (c, r) in self.grid.items()}
        self.width = self.x0 + 3 * BOX_W + 2 * COL_GAP + 10 + self.right_lanes * LANE + 16
        self.height = TOP + self.rows * ROW_H + 20

    def _is_short(self, e: Edge) -> bool:
        (c1, r1), (c2, r2) = self.grid[e.source], self.grid[e.dest]
        return max(abs(c1 - c2), abs(r1 - r2)) <= 1


def _arrow(points: list[Point], edge: Edge, label: str) -> str:
    d = "M " + " L ".join(f"{p.x:.1f} {p.y:.1f}" for p in points)
    trig = " ".join(edge.triggers)
    title = escape(f"{' / '.join(edge.label_lines)}: {STATUS_LABELS[edge.source]} → {STATUS_LABELS[edge.dest]}")
    return (f'<g class="edge" data-triggers="{trig}" data-from="{edge.source.value}" data-to="{edge.dest.value}">'
            f"<title>{title}</title>"
            f'<path d="{d}" fill="none" stroke="{LINE}" stroke-width="1.6" marker-end="url(#wf-arrow)"/>'
            f"{label}</g>")


def _short_edge(lay: _Layout, e: Edge, reverse_exists: bool, labelled: bool) -> str:
    """An arrow between neighbouring cells; `labelled` False for a diagonal whose step is labelled elsewhere."""
    a, b = lay.boxes[e.source], lay.boxes[e.dest]
    lines = [ln for text in e.label_lines for ln in _wrap(text, 26)]
    if e.source == e.dest:  # a step that stays in its state: a loop on the box's top edge, left of centre
        x, y = a.x, a.y
        pts = [Point(x + 22, y), Point(x + 22, y - 16), Point(x + 62, y - 16), Point(x + 62, y)]
        return _arrow(pts, e, _text(x + 16, y - 24, lines, anchor="end"))
    if a.x == b.x:  # vertical neighbours; a pair of opposite arrows is drawn side by side
        down = b.y > a.y
        shift = (-14 if down else 14) if reverse_exists else 0
        x = a.cx + shift
        y1, y2 = (a.bottom, b.y) if down else (a.y, b.bottom)
        # Labels sit on the outer side of a pair (down arrow on the left), else right of the line.
        on_left = (reverse_exists and down) or lay.grid[e.source][0] > C  # right column: keep clear of the lanes
        label = _text(x - 8 if on_left else x + 8, (y1 + y2) / 2, lines, anchor="end" if on_left else "start")
        return _arrow([Point(x, y1), Point(x, y2)], e, label)
    if a.y == b.y:  # horizontal neighbours: label above the line, or below for the return arrow
        shift = (-9 if b.x > a.x else 9) if reverse_exists else 0
        y = a.cy + shift
        x1, x2 = (a.right, b.x) if b.x > a.x else (a.x, b.right)
        ly = y - 6 - (len(lines) - 1) * 6.5 - 6 if shift <= 0 else y + 8 + (len(lines) - 1) * 6.5 + 6
        return _arrow([Point(x1, y), Point(x2, y)], e, _text((x1 + x2) / 2, ly, lines))
    # diagonal neighbours: from the facing corner region of one box to the other
    going_right, going_down = b.x > a.x, b.y > a.y
    off = 10 if reverse_exists and (going_right == going_down) else (-10 if reverse_exists else 0)
    p1 = Point((a.right if going_right else a.x) - (30 if going_right else -30) + off, a.bottom if going_down else a.y)
    p2 = Point((b.x if going_right else b.right) + (30 if going_right else -30) + off, b.y if going_down else b.bottom)
    mid = Point((p1.x + p2.x) / 2, (p1.y + p2.y) / 2)
    anchor = "start" if going_right == going_down else "end"
    label = _text(mid.x + (8 if anchor == "start" else -8), mid.y, lines, anchor=anchor) if labelled else ""
    return _arrow([p1, p2], e, label)


def _is_diagonal(lay: _Layout, e: Edge) -> bool:
    (c1, r1), (c2, r2) = lay.grid[e.source], lay.grid[e.dest]
    return c1 != c2 and r1 != r2


def _lane_edge(lay: _Layout, e: Edge, side: str, lane: int, nth_out: int, nth_into: int) -> str:
    """An arrow routed out of the grid: out of the source's side, along its own lane, into the target's side."""
    a, b = lay.boxes[e.source], lay.boxes[e.dest]
    lines = [ln for text in e.label_lines for ln in _wrap(text, 30)]
    y1, y2 = a.cy - 8 + 16 * (nth_out % 2), b.cy - 8 + 16 * (nth_into % 2)
    if side == "left":  # lane 0 is the innermost
        lx = lay.x0 - 10 - (lane + 0.5) * LANE
        pts = [Point(a.x, y1), Point(lx, y1), Point(lx, y2), Point(b.x, y2)]
        label_x = (lx + b.x) / 2
    else:
        lx = lay.x0 + 3 * BOX_W + 2 * COL_GAP + 10 + (lane + 0.5) * LANE
        pts = [Point(a.right, y1), Point(lx, y1), Point(lx, y2), Point(b.right, y2)]
        label_x = (lx + b.right) / 2
    label = _text(label_x, y2 - 9 - (len(lines) - 1) * 6.5, lines)
    return _arrow(pts, e, label)


def _box(box: Box, current: Status | None) -> str:
    is_current = box.status == current
    fill, stroke, width = (CURRENT_FILL, CURRENT_STROKE, 3) if is_current else (BOX_FILL, BOX_STROKE, 1.2)
    terminal = box.status in TERMINAL
    label = _wrap(STATUS_LABELS[box.status], 24)
    title = STATUS_LABELS[box.status] + (" (trạng thái hiện tại của hồ sơ)" if is_current else "")
    marker = ' aria-current="step"' if is_current else ""
    parts = [f'<g class="state{" current" if is_current else ""}" data-state="{box.status.value}"{marker}>'
             f"<title>{escape(title)}</title>",
             f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="{20 if terminal else 8}" '
             f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>']
    parts.append(_text(box.cx, box.cy - (6 if is_current else 0), label, size=13,
                       weight="bold" if is_current else "normal", halo=False))
    if is_current:
        parts.append(_text(box.cx, box.bottom - 8, ["▲ hồ sơ đang ở đây"], size=10, fill=CURRENT_STROKE, halo=False))
    parts.append("</g>")
    return "".join(parts)


def _bands(lay: _Layout) -> str:
    out = []
    for i, (title, first, last) in enumerate(phase_bands(lay.grid)):
        y = TOP + first * ROW_H - (ROW_H - BOX_H) / 2
        h = (last - first + 1) * ROW_H
        out.append(f'<rect x="0" y="{y:.1f}" width="{lay.width:.1f}" height="{h:.1f}" fill="{BAND_FILLS[i % 2]}"/>')
        out.append(_text(10, y + h / 2, _wrap(title, 14), size=13, anchor="start", weight="bold", fill=MUTED,
                         halo=False))
    return "".join(out)


def svg(current: Status | str | None = None, *, steps: Iterable[Step] = STEPS,
        states: Iterable[Status] = tuple(Status)) -> str:
    """The whole diagram as an <svg> element; `current` (a state) is highlighted."""
    current_status = Status(current) if current else None
    edge_list = edges(steps)
    lay = _Layout(list(states), edge_list)
    pairs = {(e.source, e.dest) for e in edge_list}
    # No xmlns: the HTML parser puts inline <svg> in the SVG namespace, and the pages promise not to
    # contain any http(s) URL (tests/web/test_csrf_headers.py: nothing from outside).
    out = [f'<svg class="workflow-diagram" viewBox="0 0 {lay.width:.0f} '
           f'{lay.height:.0f}" role="img" '
           f'aria-labelledby="wf-title wf-desc">',
           '<title id="wf-title">Sơ đồ quy trình xử lý hồ sơ đề án khuyến công</title>',
           '<desc id="wf-desc">Các trạng thái của hồ sơ theo từng giai đoạn và các bước chuyển giữa chúng; '
           "bảng bên dưới sơ đồ liệt kê đầy đủ các bước.</desc>",
           f'<defs><marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
           f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{LINE}"/></marker></defs>',
           _bands(lay)]
    start = lay.boxes[INITIAL]
    out.append(f'<circle cx="{start.cx:.1f}" cy="{TOP - 30}" r="7" fill="{INK}"/>'
               f'<path d="M {start.cx:.1f} {TOP - 23} L {start.cx:.1f} {start.y:.1f}" stroke="{LINE}" '
               f'stroke-width="1.6" marker-end="url(#wf-arrow)"/>')
    # Lanes: shortest span innermost, so that nested detours do not cross each other.
    lane_of: dict[int, int] = {}
    for side in ("left", "right"):
        mine = sorted((e for e, s in lay.lane_edges if s == side),
                      key=lambda e: abs(lay.grid[e.source][1] - lay.grid[e.dest][1]))
        lane_of.update({id(e): i for i, e in enumerate(mine)})
    outs: dict[tuple[Status, str], int] = {}
    into: dict[tuple[Status, str], int] = {}
    # A step leaving several states (stop, request_revision) is labelled on its straight arrows;
    # its diagonal ones would only repeat the words where space is tightest.
    straight = {t for e in edge_list if not _is_diagonal(lay, e) for t in e.triggers}
    drawn = []
    for e in edge_list:
        side = next((s for le, s in lay.lane_edges if le is e), None)
        if side is None:
            labelled = not (_is_diagonal(lay, e) and set(e.triggers) <= straight)
            drawn.append(_short_edge(lay, e, (e.dest, e.source) in pairs and e.source != e.dest, labelled))
            continue
        n_out, n_in = outs.get((e.source, side), 0), into.get((e.dest, side), 0)
        outs[(e.source, side)], into[(e.dest, side)] = n_out + 1, n_in + 1
        drawn.append(_lane_edge(lay, e, side, lane_of[id(e)], n_out, n_in))
    out += [_box(b, current_status) for b in lay.boxes.values()]
    out += drawn  # arrows over boxes' halo-free text would hide it: boxes first, arrows end at their borders
    for s in TERMINAL:
        b = lay.boxes[s]
        out.append(f'<path d="M {b.cx:.1f} {b.bottom:.1f} L {b.cx:.1f} {b.bottom + 16:.1f}" stroke="{LINE}" '
                   f'stroke-width="1.6" marker-end="url(#wf-arrow)"/>'
                   f'<circle cx="{b.cx:.1f}" cy="{b.bottom + 26:.1f}" r="8" fill="none" stroke="{INK}" '
                   f'stroke-width="2"/><circle cx="{b.cx:.1f}" cy="{b.bottom + 26:.1f}" r="4.5" fill="{INK}"/>')
    out.append("</svg>")
    return "".join(out)
