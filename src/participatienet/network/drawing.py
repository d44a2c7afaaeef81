"""Turns a region's network into what the map template draws: circles, lines and a legend."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from participatienet.network import layout, measures
from participatienet.network.choices import OrganisationKind

#: One colour per kind of organisation (colour-blind safe palette, Okabe-Ito and greys).
KIND_COLOURS = {
    OrganisationKind.LOCAL_GOVERNMENT: "#0072B2",
    OrganisationKind.AGII: "#D55E00",
    OrganisationKind.CLUB: "#009E73",
    OrganisationKind.VOLUNTEER_ORGANISATION: "#CC79A7",
    OrganisationKind.COMMUNITY_CENTRE: "#E69F00",
    OrganisationKind.COMPANY: "#56B4E9",
    OrganisationKind.SCHOOL: "#F0E442",
    OrganisationKind.WELFARE: "#882255",
    OrganisationKind.OTHER: "#999999",
}

#: Names are written next to the circles up to this many organisations; above, hover shows them.
LABEL_LIMIT = 40


@dataclass(frozen=True)
class Circle:
    id: int
    x: float
    y: float
    r: float
    colour: str
    name: str
    kind_label: str
    url: str
    participations: int
    ties: int


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    declared: bool
    title: str
    kind: str = ""
    kind_label: str = ""
    a_name: str = ""
    b_name: str = ""
    strength: int = 1
    since: date | None = None

    @property
    def source(self) -> str:
        """Where the tie comes from: "declared", or for a derived tie its kind ("referrals",
        "joint_offer")."""
        return "declared" if self.declared else self.kind


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    circles: list[Circle]
    lines: list[Line]
    show_labels: bool


def canvas_size(count: int) -> tuple[int, int]:
    """A larger canvas for larger networks, so 300 organisations stay apart."""
    width = max(960, int(math.sqrt(max(count, 1)) * 70))
    return width, int(width * 0.75)


def draw(
    nodes: Sequence[measures.Node],
    ties: Sequence[measures.Tie],
    names: dict[int, str],
    urls: dict[int, str],
    kind_labels: dict[str, str],
    tie_kind_labels: dict[str, str],
) -> Drawing:
    width, height = canvas_size(len(nodes))
    positions = layout.layout(nodes, ties, width, height, margin=30)
    radii = layout.node_sizes(nodes)
    degree = measures.degrees(nodes, ties)
    known = set(positions)
    lines = []
    for tie in ties:
        if tie.a == tie.b or tie.a not in known or tie.b not in known:
            continue
        (x1, y1), (x2, y2) = positions[tie.a], positions[tie.b]
        a_name, b_name = names.get(tie.a, ""), names.get(tie.b, "")
        kind_label = str(tie_kind_labels.get(tie.kind, tie.kind))
        lines.append(
            Line(
                x1=x1,
                y1=y1,
                x2=x2,
                y2=y2,
                width=0.6 + 0.7 * tie.strength,
                declared=tie.declared,
                title=f"{a_name} – {b_name}: {kind_label}",
                kind=tie.kind,
                kind_label=kind_label,
                a_name=a_name,
                b_name=b_name,
                strength=tie.strength,
                since=tie.since,
            )
        )
    circles = [
        Circle(
            id=node.id,
            x=positions[node.id][0],
            y=positions[node.id][1],
            r=radii[node.id],
            colour=KIND_COLOURS.get(node.kind, KIND_COLOURS[OrganisationKind.OTHER]),
            name=names.get(node.id, ""),
            kind_label=kind_labels.get(node.kind, node.kind),
            url=urls.get(node.id, ""),
            participations=node.participations,
            ties=degree.get(node.id, 0),
        )
        for node in nodes
    ]
    # Large circles first, so small ones stay clickable on top of them.
    circles.sort(key=lambda circle: (-circle.r, circle.id))
    return Drawing(
        width=width,
        height=height,
        circles=circles,
        lines=lines,
        show_labels=len(nodes) <= LABEL_LIMIT,
    )


def sparkline(values: Sequence[float | None], width: float = 120, height: float = 32) -> str:
    """The `points` of an SVG polyline through ``values`` (None values are left out)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return ""
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = (high - low) or 1
    step = width / max(len(values) - 1, 1)
    pad = 3
    return " ".join(
        f"{round(i * step, 1)},{round(height - pad - (v - low) / span * (height - 2 * pad), 1)}"
        for i, v in known
    )
