"""Layout and node sizes for the network map (pure: no database)."""

import random

import pytest

from participatienet.network.layout import LARGE, layout, node_sizes
from participatienet.network.measures import Node, Tie


def network(n, m, seed=3):
    rng = random.Random(seed)
    ns = [Node(id=i) for i in range(n)]
    ts = []
    while len(ts) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            ts.append(Tie(a, b, strength=rng.randint(1, 3)))
    return ns, ts


@pytest.mark.parametrize("n", [2, 12, LARGE + 20])
def test_layout_is_deterministic_and_inside_the_canvas(n):
    ns, ts = network(n, 3 * n)
    first = layout(ns, ts, 800, 600, seed=7, margin=20)
    again = layout(list(reversed(ns)), list(reversed(ts)), 800, 600, seed=7, margin=20)
    assert first == again
    assert set(first) == {node.id for node in ns}
    for x, y in first.values():
        assert 20 <= x <= 780 and 20 <= y <= 580
    xs = [x for x, _ in first.values()]
    ys = [y for _, y in first.values()]
    assert min(xs) == 20 and max(xs) == 780  # the drawing fills the canvas
    assert min(ys) == 20 and max(ys) == 580


@pytest.mark.parametrize("n", [12, LARGE + 20])
def test_another_seed_gives_another_layout(n):
    ns, ts = network(n, 2 * n)
    assert layout(ns, ts, seed=1) != layout(ns, ts, seed=2)


def test_tiny_networks():
    assert layout([], [], 100, 100) == {}
    assert layout([Node(5)], [], 100, 80) == {5: (50, 40)}
    placed = layout([Node(1), Node(2)], [Tie(1, 2)], 100, 100, margin=10)
    assert sorted(placed.values()) in (
        [(10.0, 10.0), (90.0, 90.0)],
        [(10.0, 90.0), (90.0, 10.0)],
    )


@pytest.mark.parametrize("n", [30, LARGE + 20])
def test_tied_organisations_end_up_closer_than_strangers(n):
    # two cliques, no tie between them
    half = n // 2
    ns = [Node(id=i) for i in range(n)]
    rng = random.Random(1)
    ts = [
        Tie(a, b)
        for group in (range(half), range(half, n))
        for a in group
        for b in group
        if a < b and rng.random() < 0.3
    ]
    placed = layout(ns, ts, 1000, 1000)

    def mean(group):
        xs = [placed[i] for i in group]
        return sum(x for x, _ in xs) / len(xs), sum(y for _, y in xs) / len(xs)

    (ax, ay), (bx, by) = mean(range(half)), mean(range(half, n))
    assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 > 250


def test_node_sizes_on_a_square_root_scale():
    ns = [Node(1, participations=0), Node(2, participations=25), Node(3, participations=100)]
    assert node_sizes(ns, 4, 20) == {1: 4.0, 2: 12.0, 3: 20.0}
    assert node_sizes(ns, 4, 20, participations={1: 4}) == {1: 20.0, 2: 4.0, 3: 4.0}
    assert node_sizes([Node(1), Node(2)], 3, 9) == {1: 3.0, 2: 3.0}
    assert node_sizes([]) == {}


def test_organisations_without_ties_get_a_band_and_leave_the_network_room():
    linked = [Node(i) for i in range(20)]
    ties = [Tie(i, i + 1) for i in range(19)]
    alone = [Node(100 + i) for i in range(10)]
    placed = layout(linked + alone, ties, 800, 600, margin=20)
    network_x = [placed[i][0] for i in range(20)]
    network_y = [placed[i][1] for i in range(20)]
    band_y = {placed[100 + i][1] for i in range(10)}
    assert max(network_x) - min(network_x) > 400
    assert min(band_y) > max(network_y)
    assert max(band_y) <= 600 - 20
