"""Positions and sizes for drawing the network map as SVG: pure, computed on the server.

No Django here. `layout` places organisations with a force-directed (Fruchterman-Reingold)
spring layout under a fixed seed, so the same network always draws the same way:
- below `LARGE` organisations, networkx's `spring_layout` (its dense numpy solver);
- from `LARGE` on, a vectorised numpy version of the same algorithm (same random start, cooling
  and forces): float32, repulsion as blocked matrix products, attraction summed over the ties
  only. networkx's own dense solver takes ~0.35 s for 300 organisations and from 500 on it
  needs scipy (its sparse solver), which this project does not install. The numpy version
  lays out 2,000 organisations with 20,000 ties in about half a second.
Positions are then scaled to the canvas, inside a margin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from participatienet.network.measures import Node, NodeId, Tie

LARGE = 100  # from here on, the numpy solver (networkx's is ~10x slower at 300)
SMALL_ITERATIONS = 100
LARGE_ITERATIONS = 50


#: Spacing of organisations without ties, in their band along the bottom of the canvas.
ISOLATE_STEP = 18.0


def graph(nodes: Sequence[Node], ties: Iterable[Tie]) -> nx.Graph:
    """An undirected graph of the organisations; an edge's weight is its strongest tie (1-3)."""
    g = nx.Graph()
    g.add_nodes_from(node.id for node in nodes)
    for tie in ties:
        if tie.a == tie.b or tie.a not in g or tie.b not in g:
            continue
        strength = max(1, min(int(tie.strength or 1), 3))
        if g.has_edge(tie.a, tie.b):
            g[tie.a][tie.b]["weight"] = max(g[tie.a][tie.b]["weight"], strength)
        else:
            g.add_edge(tie.a, tie.b, weight=strength)
    return g


def layout(
    nodes: Sequence[Node],
    ties: Iterable[Tie],
    width: float = 960,
    height: float = 720,
    seed: int = 1,
    *,
    margin: float = 24,
    iterations: int | None = None,
) -> dict[NodeId, tuple[float, float]]:
    """Position every organisation on a `width` x `height` canvas, `margin` away from its edges.

    Deterministic for a given network and seed, whatever the order of `nodes` and `ties`.
    Returns node id -> (x, y) in canvas units, y growing downwards as in SVG.
    """
    ids = _ordered({node.id for node in nodes})
    g = graph([Node(id=i) for i in ids], ties)
    if not ids:
        return {}
    linked = [i for i in ids if g.degree(i) > 0]
    alone = [i for i in ids if g.degree(i) == 0]
    if not alone:
        return _spring(ids, g, width, height, margin, seed, iterations)
    # Organisations without ties would be pushed to the far edges and squeeze the network
    # into a corner: they get a tidy band of their own along the bottom instead.
    step = ISOLATE_STEP
    columns = max(1, int((width - 2 * margin) // step) + 1)
    rows = math.ceil(len(alone) / columns)
    if len(ids) == 1:
        return {ids[0]: (width / 2, height / 2)}
    if not linked:
        return _grid(alone, margin, margin, columns, step)
    band = rows * step + margin
    placed = _spring(
        linked,
        g.subgraph(linked),
        width,
        max(height - band, 2 * margin + 1),
        margin,
        seed,
        iterations,
    )
    placed.update(_grid(alone, margin, height - margin - (rows - 1) * step, columns, step))
    return placed


def _grid(
    ids: list, left: float, top: float, columns: int, step: float
) -> dict[NodeId, tuple[float, float]]:
    return {
        node_id: (round(left + (n % columns) * step, 2), round(top + (n // columns) * step, 2))
        for n, node_id in enumerate(ids)
    }


def _spring(
    ids: list,
    g: nx.Graph,
    width: float,
    height: float,
    margin: float,
    seed: int,
    iterations: int | None,
) -> dict[NodeId, tuple[float, float]]:
    n = len(ids)
    if n == 1:
        return {ids[0]: (width / 2, height / 2)}
    k = 1 / math.sqrt(n)
    if n < LARGE:
        placed = nx.spring_layout(
            g,
            k=k,
            iterations=iterations or SMALL_ITERATIONS,
            seed=seed,
            weight="weight",
            method="force",
        )
        pos = np.array([placed[i] for i in ids], dtype=float)
    else:
        index = {node_id: row for row, node_id in enumerate(ids)}
        edge_rows = sorted(
            (min(index[a], index[b]), max(index[a], index[b]), w)
            for a, b, w in g.edges(data="weight")
        )
        edge_array = np.array(edge_rows, dtype=np.float64).reshape(-1, 3)
        rounds = iterations or (SMALL_ITERATIONS if n < 1000 else LARGE_ITERATIONS)
        pos = fruchterman_reingold(n, edge_array, k, rounds, seed)
    return dict(zip(ids, _to_canvas(pos, width, height, margin), strict=True))


def fruchterman_reingold(
    n: int, edge_array: np.ndarray, k: float, iterations: int, seed: int
) -> np.ndarray:
    """Fruchterman-Reingold as networkx runs it (same start, cooling and forces), in numpy.

    edge_array: rows (i, j, weight) with i, j row numbers in 0..n-1. Returns an (n, 2) array.
    Memory: a few n x n float32 matrices (2,000 organisations: about 16 MB each).
    """
    rng = np.random.RandomState(seed)  # legacy generator: the same start as networkx's
    pos = rng.rand(n, 2).astype(np.float32)
    i = edge_array[:, 0].astype(np.intp)
    j = edge_array[:, 1].astype(np.intp)
    w = edge_array[:, 2].astype(np.float32)
    k2 = np.float32(k * k)
    temperature = 0.1 * float(np.ptp(pos, axis=0).max())
    cooling = temperature / (iterations + 1)
    block = 128  # rows at a time: keeps the n x n work in cache, about 3x faster at 2,000
    for _ in range(iterations):
        pos -= pos.mean(axis=0)  # centred: keeps the Gram form below precise
        squares = (pos * pos).sum(axis=1)
        displacement = np.empty_like(pos)
        for first in range(0, n, block):
            rows = slice(first, min(first + block, n))
            # |p_i - p_j|^2 = |p_i|^2 + |p_j|^2 - 2 p_i.p_j, one matrix product per block
            d2 = pos[rows] @ pos.T
            d2 *= -2
            d2 += squares[rows, None]
            d2 += squares[None, :]
            np.maximum(d2, np.float32(1e-4), out=d2)  # distance at least 0.01, as networkx
            repulse = np.divide(k2, d2, out=d2)
            own = np.arange(rows.start, rows.stop)
            repulse[own - rows.start, own] = 0
            # sum_j (p_i - p_j) * k^2 / d_ij^2  ==  p_i * sum_j r_ij - (R @ p)_i
            displacement[rows] = pos[rows] * repulse.sum(axis=1)[:, None] - repulse @ pos
        # attraction along the ties: (p_i - p_j) * w_ij * d_ij / k, pulling i and j together
        delta = pos[i] - pos[j]
        distance = np.sqrt((delta * delta).sum(axis=1))
        np.maximum(distance, np.float32(0.01), out=distance)
        pull = delta * (w * distance / np.float32(k))[:, None]
        displacement[:, 0] -= np.bincount(i, pull[:, 0], minlength=n).astype(np.float32)
        displacement[:, 1] -= np.bincount(i, pull[:, 1], minlength=n).astype(np.float32)
        displacement[:, 0] += np.bincount(j, pull[:, 0], minlength=n).astype(np.float32)
        displacement[:, 1] += np.bincount(j, pull[:, 1], minlength=n).astype(np.float32)
        length = np.sqrt((displacement * displacement).sum(axis=1))
        length = np.where(length < 0.01, np.float32(0.1), length)
        pos += displacement * (np.float32(temperature) / length)[:, None]
        temperature -= cooling
    return pos.astype(float)


def _to_canvas(
    pos: np.ndarray, width: float, height: float, margin: float
) -> list[tuple[float, float]]:
    """Stretch positions to fill [margin, width - margin] x [margin, height - margin]."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    unit = (pos - low) / span
    unit[:, (high - low) <= 0] = 0.5  # everything on one line: centre it
    inner_w, inner_h = max(width - 2 * margin, 0), max(height - 2 * margin, 0)
    x = margin + unit[:, 0] * inner_w
    y = margin + unit[:, 1] * inner_h
    return [(round(float(a), 2), round(float(b), 2)) for a, b in zip(x, y, strict=True)]


def node_sizes(
    nodes: Iterable[Node],
    min_radius: float = 4,
    max_radius: float = 20,
    participations: Mapping[NodeId, int] | None = None,
) -> dict[NodeId, float]:
    """A radius per organisation from the participations it hosted, on a square-root scale.

    The area then grows with the participations. An organisation with none gets `min_radius`,
    the busiest `max_radius`. `participations` overrides `Node.participations` when given.
    """
    nodes = list(nodes)
    counts = {
        node.id: max(
            0, participations.get(node.id, 0) if participations is not None else node.participations
        )
        for node in nodes
    }
    top = max(counts.values(), default=0)
    if top == 0:
        return dict.fromkeys(counts, float(min_radius))
    return {
        node_id: round(min_radius + (max_radius - min_radius) * math.sqrt(count / top), 2)
        for node_id, count in counts.items()
    }


def _ordered(ids: set) -> list:
    try:
        return sorted(ids)
    except TypeError:
        return sorted(ids, key=repr)
