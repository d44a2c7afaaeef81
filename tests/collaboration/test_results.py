"""The pure results module: figures computed by hand, anonymity, differences, trend, spread."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

import participatienet
from participatienet.collaboration import charts, results
from participatienet.collaboration.results import (
    HIDDEN_COMPLEMENTARY,
    HIDDEN_SMALL,
    DimensionSpec,
    Respondent,
    StatementSpec,
    WaveSummary,
    spread,
    trend,
    wave_result,
)

GROUPS = ("partner", "agii", "local_government", "coordination", "other")

OWNERSHIP = DimensionSpec(
    key="ownership",
    title="Eigenaarschap",
    statements=(StatementSpec(1, "a"), StatementSpec(2, "b")),
)
ENERGY = DimensionSpec(key="energy", title="Energie", statements=(StatementSpec(3, "c"),))


def people(group: str, *answers: tuple) -> list[Respondent]:
    """One respondent per tuple of answers to statements 1, 2 (and 3 when given)."""
    found = []
    for given in answers:
        scores = {sid: score for sid, score in zip((1, 2, 3), given, strict=False)}
        found.append(Respondent(group=group, scores=scores))
    return found


def test_mean_spread_and_distribution_are_computed_per_respondent():
    # Respondent scores on ownership: (4+2)/2 = 3, (5+5)/2 = 5, 1 (2 is "don't know").
    respondents = people("partner", (4, 2), (5, 5), (1, None))
    result = wave_result([OWNERSHIP], respondents, GROUPS)
    overall = result.dimension("ownership").overall
    assert overall.respondents == 3
    assert overall.mean == pytest.approx(3.0)
    # Population standard deviation of 3, 5, 1: sqrt(((0)^2 + 2^2 + (-2)^2) / 3).
    assert overall.sd == pytest.approx(math.sqrt(8 / 3))
    # Answers 1..5 and don't know: 1 once, 2 once, 4 once, 5 twice, don't know once.
    assert overall.distribution == (1, 1, 0, 1, 2, 1)
    assert overall.answers == 6
    assert overall.low == pytest.approx(max(1.0, 3 - math.sqrt(8 / 3)))


def test_someone_who_only_answered_dont_know_has_no_score():
    respondents = people("partner", (4, 4), (2, 2), (3, 3), (None, None))
    overall = wave_result([OWNERSHIP], respondents, GROUPS).dimension("ownership").overall
    assert overall.respondents == 3
    assert overall.without_score == 1
    assert overall.mean == pytest.approx(3.0)
    assert overall.distribution[-1] == 2


def test_statement_figures_count_answers():
    respondents = people("partner", (4, 2), (5, 5), (1, None))
    dimension = wave_result([OWNERSHIP], respondents, GROUPS).dimension("ownership")
    first, second = dimension.statements
    assert first.stats.mean == pytest.approx(10 / 3)
    assert first.stats.distribution == (1, 0, 0, 1, 1, 0)
    # Only two scores for statement 2: too few to show.
    assert second.stats is None


def test_nothing_is_shown_below_three_respondents():
    result = wave_result([OWNERSHIP], people("partner", (4, 4), (2, 2)), GROUPS)
    assert not result.shown
    dimension = result.dimension("ownership")
    assert dimension.overall is None
    assert all(cell.stats is None for cell in dimension.groups)


def test_a_group_of_two_is_hidden_and_a_second_group_with_it():
    # Partners 3 (shown), AgII 4 (shown), local government 2: hidden as small. With the total
    # shown, the smallest shown group (partners) is hidden too so the two cannot be told apart
    # by subtraction; together they are shown as "other groups".
    respondents = (
        people("partner", (4, 4), (4, 4), (4, 4))
        + people("agii", (2, 2), (2, 2), (2, 2), (2, 2))
        + people("local_government", (5, 5), (5, 5))
    )
    dimension = wave_result([OWNERSHIP], respondents, GROUPS).dimension("ownership")
    cells = {cell.group: cell for cell in dimension.groups}
    assert cells["local_government"].hidden == HIDDEN_SMALL
    assert cells["partner"].hidden == HIDDEN_COMPLEMENTARY
    assert cells["agii"].stats.mean == pytest.approx(2.0)
    assert dimension.others_groups == ("partner", "local_government")
    assert dimension.others.mean == pytest.approx((3 * 4 + 2 * 5) / 5)
    # What is shown cannot give the hidden group away: total minus AgII is partners and local
    # government together (five people).
    total = dimension.overall
    rest = (total.mean * total.respondents - 2.0 * 4) / (total.respondents - 4)
    assert rest == pytest.approx(dimension.others.mean)


def test_two_small_groups_together_need_no_second_group_hidden():
    respondents = (
        people("partner", (4, 4), (4, 4), (4, 4))
        + people("agii", (2, 2), (2, 2))
        + people("local_government", (5, 5), (5, 5))
    )
    dimension = wave_result([OWNERSHIP], respondents, GROUPS).dimension("ownership")
    cells = {cell.group: cell for cell in dimension.groups}
    assert cells["partner"].stats is not None
    assert cells["agii"].hidden == cells["local_government"].hidden == HIDDEN_SMALL
    assert dimension.others.mean == pytest.approx(3.5)
    assert dimension.others.respondents == 4


def test_a_group_with_enough_people_but_too_few_scores_is_hidden():
    respondents = people("partner", (4, 4), (4, 4), (4, 4)) + people(
        "agii", (3, 3), (None, None), (None, None)
    )
    dimension = wave_result([OWNERSHIP], respondents, GROUPS).dimension("ownership")
    cells = {cell.group: cell for cell in dimension.groups}
    assert cells["agii"].hidden == HIDDEN_SMALL
    # Hidden AgII has 3 people but 1 score: the partners are hidden too, and the two together
    # (6 people, 4 scores) are shown as other groups... but then every group is hidden, so the
    # total says it all and no "other groups" row is added.
    assert cells["partner"].hidden == HIDDEN_COMPLEMENTARY
    assert dimension.others is None
    assert dimension.overall.respondents == 4


def test_suppression_is_decided_per_dimension():
    respondents = people("partner", (4, 4, 3), (4, 4, 3), (4, 4, 3)) + people(
        "agii", (2, 2, None), (2, 2, None), (2, 2, 5)
    )
    result = wave_result([OWNERSHIP, ENERGY], respondents, GROUPS)
    assert result.dimension("ownership").group("agii").stats is not None
    assert result.dimension("energy").group("agii").stats is None
    assert result.dimension("energy").group("partner").hidden == HIDDEN_COMPLEMENTARY


def test_groups_one_point_apart_are_flagged():
    respondents = people("agii", (2, 2), (2, 3), (2, 2)) + people(
        "local_government", (4, 4), (3, 4), (4, 4)
    )
    result = wave_result([OWNERSHIP], respondents, GROUPS)
    (difference,) = result.differences
    assert difference.high_group == "local_government"
    assert difference.low_group == "agii"
    assert difference.gap == pytest.approx((4 + 3.5 + 4) / 3 - (2 + 2.5 + 2) / 3)


def test_groups_closer_than_one_point_are_not_flagged():
    respondents = people("agii", (3, 3), (3, 3), (3, 3)) + people(
        "local_government", (4, 3), (4, 4), (3, 4)
    )
    assert wave_result([OWNERSHIP], respondents, GROUPS).differences == []


def test_groups_follow_the_given_order_and_count_their_respondents():
    respondents = people("local_government", (3, 3)) + people("partner", (3, 3), (4, 4))
    result = wave_result([OWNERSHIP], respondents, GROUPS)
    assert result.group_sizes == (("partner", 2), ("local_government", 1))


def test_trend_compares_waves_by_key_across_versions():
    old = wave_result([OWNERSHIP], people("partner", (2, 2), (2, 2), (3, 3)), GROUPS)
    renamed = DimensionSpec(
        key="ownership", title="Gedeeld eigenaarschap", statements=(StatementSpec(10, "x"),)
    )
    new_energy = DimensionSpec(key="energy", title="Energie", statements=(StatementSpec(11, "y"),))
    new = wave_result(
        [renamed, new_energy],
        [Respondent("partner", {10: 4, 11: 3}) for _ in range(3)],
        GROUPS,
    )
    rows = trend([WaveSummary(1, "2025", old), WaveSummary(2, "2026", new)])
    assert [row.key for row in rows] == ["ownership", "energy"]
    ownership, energy = rows
    assert ownership.title == "Gedeeld eigenaarschap"
    assert [p.mean for p in ownership.points] == [pytest.approx(7 / 3), pytest.approx(4.0)]
    assert ownership.change == pytest.approx(4 - 7 / 3)
    assert energy.points[0].mean is None
    assert energy.change is None


def test_spread_over_regions_gives_quartiles_without_names():
    (row,) = spread([("ownership", "Eigenaarschap", [3.0, 1.0, 2.0, 5.0, 4.0])])
    assert (row.minimum, row.q1, row.median, row.q3, row.maximum) == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert row.regions == 5


def test_spread_needs_three_regions():
    (row,) = spread([("ownership", "Eigenaarschap", [3.0, 4.0])])
    assert not row.shown
    assert row.regions == 2


def test_dot_plot_places_values_on_the_scale():
    plot = charts.dot_plot(
        [charts.PlotRow(label="Energie", values={"a": 1.0, "b": 5.0}, band=(2.0, 4.0))],
        [charts.Series("a", "A", "#000"), charts.Series("b", "B", "#fff", shape="square")],
    )
    (row,) = plot.rows
    first, last = row.marks
    assert first.x == plot.plot_left
    assert last.x == plot.plot_right
    assert row.band.x == charts.x_of(2.0)
    assert first.y != last.y  # series are nudged apart
    assert [tick.value for tick in plot.ticks] == [1, 2, 3, 4, 5]


def test_box_plot_orders_its_marks():
    plot = charts.box_plot([charts.BoxRow("Energie", 1.5, 2.0, 3.0, 3.5, 4.5)])
    (box,) = plot.rows
    assert box.x_min < box.x_q1 < box.x_median < box.x_q3 < box.x_max


PACKAGE = Path(participatienet.__file__).parent


@pytest.mark.parametrize(
    "module", ["collaboration/results.py", "collaboration/charts.py", "collaboration/timeline.py"]
)
def test_the_pure_modules_import_no_django(module):
    tree = ast.parse((PACKAGE / module).read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    assert not [n for n in names if n == "django" or n.startswith("django.")]
    assert not [n for n in names if n.startswith("participatienet")]


def test_min_group_is_three():
    assert results.MIN_GROUP == 3
