"""Node labels of the static graph drawing placed so that no two overlap (deterministic, no browser).

Labels are placed greedily in priority order: for each node the first of a fixed list of spots
around it (right, left, above, below, the corners, then the same further out) whose box stays in
the picture and meets no placed label and no other node; a label that fits nowhere is shortened
once (head and tail kept) and tried again, and is left out if it still does not fit (the node keeps its full name as a
tooltip). Text widths are estimated generously from the character count, so real text is never
wider than the box it was placed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHAR_WIDTH = 6.6  # px per character at font-size 10px (DejaVu Sans digits and capitals ~6.4)
LINE_HEIGHT = 12.0  # px: ascent + descent at font-size 10px
GAP = 2.0  # px between a circle and its label
SHORT = 16  # characters kept when a label must be shortened to fit


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True)
class Label:
    """One placed label: `x`, `y` are the SVG text position (baseline), `anchor` its text-anchor."""

    node: int
    text: str
    x: float
    y: float
    anchor: str  # start | middle | end
    box: Box


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_middle(text: str, limit: int) -> str:
    """Head and tail kept: ids differ at their end (khanh-hoa/2024/kh-271, khanh-hoa/2024/kh-3409)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]


def _spots(x: float, y: float, r: float, w: float, h: float) -> list[tuple[float, float, str, Box]]:
    """Candidate (text x, baseline y, anchor, box) around a circle of radius r, nearest first."""
    out = []
    for far in (0.0, 10.0):
        d = r + GAP + far
        # baseline at 3/4 of the line height below the box top
        for dx, dy, anchor in ((1, 0, "start"), (-1, 0, "end"), (0, -1, "middle"), (0, 1, "middle"),
                               (1, -1, "start"), (-1, -1, "end"), (1, 1, "start"), (-1, 1, "end")):
            if anchor == "start":
                x0 = x + d * (0.7 if dy else 1)
            elif anchor == "end":
                x0 = x - d * (0.7 if dy else 1) - w
            else:
                x0 = x - w / 2
            top = y - h / 2 if dy == 0 else (y - d * (0.7 if dx else 1) - h if dy < 0 else y + d * (0.7 if dx else 1))
            tx = x0 if anchor == "start" else (x0 + w if anchor == "end" else x)
            out.append((tx, top + h * 0.75, anchor, Box(x0, top, x0 + w, top + h)))
    return out


def place_labels(points: Sequence[tuple[float, float]], radii: Sequence[float], texts: dict[int, str],
                 width: float, height: float) -> list[Label]:
    """Labels for the nodes in `texts` (node index -> text; dict order is the priority)."""
    circles = [Box(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii, strict=True)]
    placed: list[Label] = []
    for node, full in texts.items():
        (x, y), r = points[node], radii[node]
        for text in dict.fromkeys((full, shorten_middle(full, SHORT))):
            w, h = CHAR_WIDTH * len(text), LINE_HEIGHT
            spot = next((s for s in _spots(x, y, r, w, h)
                         if s[3].inside(width, height)
                         and not any(s[3].overlaps(p.box) for p in placed)
                         and not any(s[3].overlaps(c) for i, c in enumerate(circles) if i != node)), None)
            if spot is not None:
                tx, ty, anchor, box = spot
                placed.append(Label(node, text, round(tx, 1), round(ty, 1), anchor, box))
                break
    return placed
