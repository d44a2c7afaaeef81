"""Network measures against small graphs computed by hand (pure: no database)."""

from datetime import date

import networkx as nx
import pytest

from participatienet.network.measures import (
    MEASURE_NAMES,
    MEASURE_TEXTS,
    ConfirmationDelay,
    Node,
    PeriodActivity,
    Quarter,
    Tie,
    coordinator_tie_share,
    coverage,
    degree_centralisation,
    density,
    gini,
    hhi,
    measures_for_period,
    median,
    median_days_to_confirm,
    new_partners_per_quarter,
    newcomers_per_offer_partner,
    quarterly_series,
    quarters_between,
    slowest_confirmers,
    top_share,
)


def nodes(n, coordinating=()):
    return [Node(id=i, is_coordinating=i in coordinating) for i in range(n)]


def star(n):
    return nodes(n, coordinating={0}), [Tie(0, i) for i in range(1, n)]


def ring(n):
    return nodes(n), [Tie(i, (i + 1) % n) for i in range(n)]


def path(n):
    return nodes(n), [Tie(i, i + 1) for i in range(n - 1)]


def test_star():
    ns, ts = star(5)
    assert density(ns, ts) == pytest.approx(4 / 10)
    assert degree_centralisation(ns, ts) == pytest.approx(1.0)
    assert coordinator_tie_share(ns, ts) == 1.0


def test_ring():
    ns, ts = ring(6)
    assert density(ns, ts) == pytest.approx(6 / 15)
    assert degree_centralisation(ns, ts) == 0.0
    assert coordinator_tie_share(ns, ts) == 0.0


def test_path_of_four():
    # degrees 1,2,2,1: (1 + 0 + 0 + 1) / (3 * 2)
    ns, ts = path(4)
    assert density(ns, ts) == pytest.approx(3 / 6)
    assert degree_centralisation(ns, ts) == pytest.approx(2 / 6)


def test_complete_graph_is_not_centralised():
    ns = nodes(4)
    ts = [Tie(a, b) for a in range(4) for b in range(a + 1, 4)]
    assert density(ns, ts) == 1.0
    assert degree_centralisation(ns, ts) == 0.0


def test_empty_graph_and_single_node():
    assert density([], []) == 0.0
    assert degree_centralisation([], []) == 0.0
    assert coordinator_tie_share([], []) == 0.0
    assert density(nodes(1), []) == 0.0
    assert degree_centralisation(nodes(1), []) == 0.0
    assert density(nodes(4), []) == 0.0
    assert degree_centralisation(nodes(4), []) == 0.0


def test_two_components():
    # a triangle 0-1-2 and an edge 3-4, coordinator 3: degrees 2,2,2,1,1
    ns = nodes(5, coordinating={3})
    ts = [Tie(0, 1), Tie(1, 2), Tie(0, 2), Tie(3, 4)]
    assert density(ns, ts) == pytest.approx(4 / 10)
    assert degree_centralisation(ns, ts) == pytest.approx(2 / 12)
    assert coordinator_tie_share(ns, ts) == pytest.approx(1 / 4)


def test_duplicate_reverse_self_and_unknown_ties_count_once_or_not_at_all():
    ns = nodes(3)
    ts = [Tie(0, 1), Tie(1, 0, kind="joint_offer", declared=False), Tie(2, 2), Tie(0, 99)]
    assert density(ns, ts) == pytest.approx(1 / 3)


def test_centralisation_agrees_with_networkx_degree_centrality():
    g = nx.gnm_random_graph(30, 60, seed=4)
    ns = nodes(30)
    ts = [Tie(a, b) for a, b in g.edges]
    centrality = nx.degree_centrality(g)
    top = max(centrality.values())
    expected = sum(top - c for c in centrality.values()) / (30 - 2)
    assert degree_centralisation(ns, ts) == pytest.approx(expected)
    assert density(ns, ts) == pytest.approx(nx.density(g))


def test_concentration():
    assert gini([5, 5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 10]) == pytest.approx(3 / 4)  # (n - 1) / n for a monopoly
    assert gini([1, 2, 3]) == pytest.approx(4 / 18)
    assert gini([]) == 0.0 and gini([0, 0]) == 0.0
    assert top_share([10, 1, 1, 1, 1, 1, 5]) == pytest.approx(18 / 20)
    assert top_share([3, 1]) == 1.0
    assert top_share([0, 0]) == 0.0
    assert hhi([25, 25, 25, 25]) == pytest.approx(0.25)
    assert hhi([10, 0, 0]) == 1.0
    assert hhi([3, 1]) == pytest.approx(0.75**2 + 0.25**2)
    assert hhi([]) == 0.0


def test_newcomers_per_offer_partner():
    assert newcomers_per_offer_partner(12, 4) == 3.0
    assert newcomers_per_offer_partner(5, 0) is None


def test_coverage():
    c = coverage({1, 2, 3, 4}, offer_municipality_ids={1, 2, 9}, demand_municipality_ids={2, 3})
    assert (c.municipalities, c.with_offer, c.share) == (4, 2, 0.5)
    assert c.demand_without_offer == (3,)
    assert coverage((), (), ()).share is None
    assert coverage((), {1}, {1, 2}).share == 0.5


def test_quarters():
    assert Quarter.of(date(2025, 3, 31)) == Quarter(2025, 1)
    assert Quarter.of(date(2025, 4, 1)) == Quarter(2025, 2)
    assert Quarter(2025, 4).start == date(2025, 10, 1)
    assert Quarter(2025, 4).end == date(2026, 1, 1)
    assert Quarter(2025, 2).label == "2025-K2"
    assert quarters_between(date(2024, 11, 5), date(2025, 4, 1)) == [
        Quarter(2024, 4),
        Quarter(2025, 1),
        Quarter(2025, 2),
    ]


def test_new_partners_per_quarter_fills_quiet_quarters():
    ns = [
        Node(1, joined_on=date(2024, 1, 10)),
        Node(2, joined_on=date(2024, 3, 31)),
        Node(3, joined_on=date(2024, 10, 1)),
        Node(4),
    ]
    assert new_partners_per_quarter(ns) == {
        Quarter(2024, 1): 2,
        Quarter(2024, 2): 0,
        Quarter(2024, 3): 0,
        Quarter(2024, 4): 1,
    }
    assert new_partners_per_quarter([Node(1)]) == {}


def region():
    ns = [
        Node(0, is_coordinating=True, joined_on=date(2024, 1, 1), participations=6),
        Node(1, joined_on=date(2024, 1, 1), participations=2),
        Node(2, joined_on=date(2024, 2, 1)),
        Node(3, joined_on=date(2024, 5, 1), participations=2),
    ]
    ts = [
        Tie(0, 1, since=date(2024, 1, 1)),
        Tie(0, 2, since=date(2024, 3, 31)),
        Tie(2, 3, since=date(2024, 5, 1), declared=False),
    ]
    return ns, ts


def test_measures_for_period_filters_ties_and_organisations_by_date():
    ns, ts = region()
    q1 = measures_for_period(ns, ts, date(2024, 1, 1), date(2024, 4, 1))
    assert q1.organisations == 3  # 3 joins in Q2
    assert q1.ties == 2
    assert q1.density == pytest.approx(2 / 3)
    assert q1.degree_centralisation == pytest.approx(1.0)  # a star around the coordinator
    assert q1.coordinator_tie_share == 1.0
    assert q1.new_partners == 3
    assert q1.active_organisations == 3
    assert q1.label == "2024-K1"

    q2 = measures_for_period(ns, ts, date(2024, 4, 1), date(2024, 7, 1))
    assert q2.organisations == 4 and q2.ties == 3 and q2.new_partners == 1
    assert q2.density == pytest.approx(3 / 6)
    assert q2.degree_centralisation == pytest.approx((0 + 1 + 0 + 1) / 6)  # a path 1-0-2-3
    assert q2.coordinator_tie_share == pytest.approx(2 / 3)
    assert q2.top5_share == 1.0
    assert q2.hhi == pytest.approx(0.6**2 + 0.2**2 + 0.2**2)
    assert q2.active_offer_partners == 3


def test_measures_for_period_with_activity():
    ns, ts = region()
    activity = PeriodActivity(
        participations={1: 4, 3: 4, 42: 7},
        newcomers=6,
        offer_municipality_ids=frozenset({10}),
        demand_municipality_ids=frozenset({10, 11}),
    )
    m = measures_for_period(ns, ts, date(2024, 4, 1), date(2024, 7, 1), activity, {10, 11, 12})
    assert m.active_offer_partners == 2
    assert m.newcomers_per_offer_partner == 3.0
    assert m.gini == pytest.approx(gini([0, 4, 0, 4]))
    assert m.top5_share == 1.0
    assert (m.municipalities_with_offer, m.coverage) == (1, pytest.approx(1 / 3))
    assert m.demand_without_offer == (11,)


def test_quarterly_series_gives_each_measure_per_quarter():
    ns, ts = region()
    activity = {Quarter(2024, 2): PeriodActivity(participations={0: 1}, newcomers=1)}
    series = quarterly_series(ns, ts, date(2024, 2, 15), date(2024, 8, 1), activity)
    assert [q.label for q in series.quarters] == ["2024-K1", "2024-K2", "2024-K3"]
    assert series.values("ties") == [2, 3, 3]
    assert series.values("new_partners") == [3, 1, 0]
    assert series.values("active_offer_partners") == [0, 1, 0]  # missing quarters count none
    assert series.trend("newcomers") == [("2024-K1", 0), ("2024-K2", 1), ("2024-K3", 0)]
    with pytest.raises(KeyError):
        series.values("start")


def test_every_measure_has_one_plain_dutch_sentence():
    assert set(MEASURE_TEXTS) == set(MEASURE_NAMES)
    for text in MEASURE_TEXTS.values():
        assert text.endswith(".") and text.count(". ") == 0
    assert "superman" in MEASURE_TEXTS["degree_centralisation"]


def test_median_by_hand():
    assert median([]) is None
    assert median([7]) == 7.0
    assert median([3, 1, 2]) == 2.0
    assert median([4, 1, 3, 2]) == 2.5
    assert median([0, 0, 10]) == 0.0


def test_median_days_to_confirm_counts_a_negative_difference_as_zero():
    assert median_days_to_confirm([]) is None
    # -2 counts as 0: days 0, 1, 6, 9 -> (1 + 6) / 2
    assert median_days_to_confirm([9, -2, 1, 6]) == 3.5
    assert median_days_to_confirm(d for d in (2, 5, 14)) == 5.0


def test_slowest_confirmers_by_median_then_entries():
    days = {
        "club": [1, 2, 3],  # median 2
        "school": [10, 0, 12, 1],  # median 5.5
        "town": [2, 2],  # median 2, fewer entries than the club
        "quiet": [],
        "welfare": [30],
    }
    assert slowest_confirmers(days, top=3) == [
        ConfirmationDelay("welfare", 30.0, 1),
        ConfirmationDelay("school", 5.5, 4),
        ConfirmationDelay("club", 2.0, 3),
    ]
    assert [d.id for d in slowest_confirmers(days)] == ["welfare", "school", "club", "town"]
    assert slowest_confirmers({}) == []


def test_median_days_to_confirm_per_period_counts_organisations_of_the_network():
    ns, ts = region()
    activity = PeriodActivity(
        participations={},
        # Organisation 42 is not in the network: its entries are left out.
        confirmation_days={0: [1, 3], 3: [8], 42: [100, 100, 100]},
    )
    m = measures_for_period(ns, ts, date(2024, 4, 1), date(2024, 7, 1), activity)
    assert m.median_days_to_confirm == 3.0  # 1, 3, 8
    # Organisation 3 joins on 2024-05-01: in the first quarter only 0 counts.
    q1 = measures_for_period(ns, ts, date(2024, 1, 1), date(2024, 4, 1), activity)
    assert q1.median_days_to_confirm == 2.0
    assert (
        measures_for_period(ns, ts, date(2024, 1, 1), date(2024, 4, 1)).median_days_to_confirm
        is None
    )


def test_quarterly_series_gives_the_median_days_per_quarter():
    ns, ts = region()
    activity = {
        Quarter(2024, 2): PeriodActivity(participations={}, confirmation_days={1: [2, 4, 9]}),
        Quarter(2024, 3): PeriodActivity(participations={}, confirmation_days={1: [1], 3: [0]}),
    }
    series = quarterly_series(ns, ts, date(2024, 1, 1), date(2024, 7, 1), activity)
    assert series.values("median_days_to_confirm") == [None, 4.0, 0.5]
    assert "median_days_to_confirm" in MEASURE_NAMES


def test_quarter_before():
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter(2025, 3).previous() == Quarter(2025, 2)
    assert Quarter(2025, 3).previous().next() == Quarter(2025, 3)
