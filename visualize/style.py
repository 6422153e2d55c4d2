"""Class → colour, shape and legend name; edge relation → line style.

Colours are the Okabe–Ito-like palette, readable for common colour blindness, with a
darker border. Shapes with the label inside (box, ellipse) are for the nodes a reader
follows (document, actions, tasks, units); leaves use small shapes, label below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    name: str        # legend text
    color: str       # fill
    border: str
    shape: str       # a vis-network shape
    font: str = "#1a1a1a"
    size: int = 14   # for shapes with the label outside


CLASSES: dict[str, Style] = {
    "document": Style("Document", "#1f3a5f", "#0d1b2a", "box", "#ffffff"),
    "part": Style("Part", "#4d6d9a", "#2b3f5c", "box", "#ffffff"),
    "section": Style("Section", "#b9cbe6", "#3d5f8f", "box"),
    "action": Style("Action", "#86a8d8", "#3d5f8f", "box"),
    "goal": Style("Goal", "#f3e3a3", "#b39b3c", "box"),
    "task": Style("Task", "#ffffff", "#3d5f8f", "box"),
    "target": Style("Target", "#e69f00", "#9a6a00", "diamond", size=9),
    "municipal-agency": Style("Municipal agency", "#56b4e9", "#1f6f9c", "ellipse"),
    "municipal-government": Style("Municipal government", "#0072b2", "#00456b", "ellipse",
                                  "#ffffff"),
    "district-government": Style("District government", "#009e73", "#005e45", "ellipse",
                                 "#ffffff"),
    "collective-unit": Style("Collective unit", "#7fd1b9", "#2f7d66", "ellipse"),
    "party-organ": Style("Party organ", "#d55e00", "#8a3d00", "ellipse", "#ffffff"),
    "unit": Style("Other unit", "#c9dfc0", "#4f7a45", "ellipse"),
    "unresolved-unit": Style("Unit (unresolved)", "#bbbbbb", "#555555", "ellipse"),
    "place": Style("Place", "#cc79a7", "#8a4470", "dot", size=8),
    "institution": Style("Institution", "#a88ad8", "#5e3f93", "square", size=8),
    "other": Style("Other", "#dddddd", "#777777", "dot", size=8),
}

EDGE_COLORS = {
    "lead": "#1f3a5f",
    "support": "#5a7fb0",
    "responsible": "#5a7fb0",
    "via": "#9a6a00",
    "shared": "#5a7fb0",
    "hasTarget": "#d9b26a",
    "mentionsPlace": "#e0b3cf",
    "mentionsInstitution": "#cbbbe8",
}
EDGE_DEFAULT = "#9aa5b1"

# the legend's line for each role of a unit in a task (kg.vocab.ROLES)
ROLE_LINES = {"lead": "leads the task (rank 1)", "support": "supports the task",
              "responsible": "responsible for the task (no lead named)"}

# how a target's comparator reads on the page, by its skos:notation (kg.vocab.COMPARATORS)
COMPARATOR_SIGNS = {"=": "=", ">": ">", ">=": "≥", "<=": "≤", "≈": "≈"}

# how labels wrap and truncate, per class (characters per line, lines)
WRAP = {"task": (12, 3), "goal": (12, 2), "action": (9, 3), "document": (8, 4),
        "part": (8, 3), "section": (8, 2), "target": (9, 2), "place": (9, 2), "institution": (9, 2)}
WRAP_DEFAULT = (12, 2)
WRAP_EN = {"task": (24, 3), "document": (24, 3)}


def style_of(cls: str) -> Style:
    return CLASSES.get(cls, CLASSES["other"])


def wrap(text: str, cls: str, lang: str) -> str:
    """A label broken into short lines (CJK has no spaces for vis-network to wrap at)."""
    width, lines = WRAP.get(cls, WRAP_DEFAULT)
    if lang == "en" or text.isascii():
        width, lines = WRAP_EN.get(cls, (max(width * 2, 18), lines))
        words, out, line = text.split(), [], ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        out.append(line)
    else:
        out = [text[i:i + width] for i in range(0, len(text), width)] or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)
