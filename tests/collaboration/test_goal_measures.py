"""The measures a goal can be tied to: the registry, the checks of a target, the progress of a
goal, and each measure's value on small hand-made data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.collaboration import goal_measures
from participatienet.collaboration.goal_measures import (
    AT_LEAST,
    AT_MOST,
    COUNT,
    DAYS,
    MEASURES,
    SCORE,
    SHARE,
    Progress,
    RegionFacts,
    goal_problems,
    target_problem,
)
from participatienet.network.models import Tie
from tests import factories
from tests.collaboration import builders

TODAY = dt.date(2026, 5, 20)


# --- The registry and the checks (no database) ---------------------------------------------------


def test_every_measure_has_a_known_kind_parameter_and_direction():
    assert len(MEASURES) == 10
    for key, spec in MEASURES.items():
        assert spec.key == key
        assert spec.kind in goal_measures.KIND_RANGES
        assert spec.parameter in (goal_measures.NONE, "municipality", "dimension")
        assert spec.comparator in (AT_LEAST, AT_MOST)
    assert MEASURES["active_offers_municipality"].parameter == "municipality"
    assert MEASURES["scan_dimension"].parameter == "dimension"
    assert MEASURES["scan_dimension"].kind == SCORE
    assert MEASURES["top5_share"].kind == SHARE


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        (SHARE, "40", None),
        (SHARE, "0", None),
        (SHARE, "100", None),
        (SHARE, "100.5", "target_share"),
        (SHARE, "-1", "target_share"),
        (SCORE, "3.5", None),
        (SCORE, "0.9", "target_score"),
        (SCORE, "5.1", "target_score"),
        (COUNT, "25", None),
        (COUNT, "2.5", "target_count"),
        (COUNT, "-3", "target_count"),
        (DAYS, "7.5", None),
        (DAYS, "-1", "target_days"),
    ],
)
def test_a_target_must_fit_the_kind_of_its_measure(kind, value, problem):
    assert target_problem(kind, Decimal(value)) == problem


def _problems(**values):
    defaults = {
        "measure": "top5_share",
        "comparator": AT_MOST,
        "target_value": Decimal("40"),
        "municipality_id": None,
        "region_municipality_ids": [1, 2],
        "dimension_key": "",
        "dimension_keys": ["ownership", "energy"],
    }
    return goal_problems(**(defaults | values))


def test_a_goal_without_a_measure_has_nothing_to_check():
    assert _problems(measure="", comparator="", target_value=None) == []


def test_a_fitting_goal_has_no_problems():
    assert _problems() == []
    assert (
        _problems(
            measure="active_offers_municipality",
            comparator=AT_LEAST,
            target_value=Decimal("25"),
            municipality_id=2,
        )
        == []
    )
    assert (
        _problems(
            measure="scan_dimension",
            comparator=AT_LEAST,
            target_value=Decimal("3.5"),
            dimension_key="ownership",
        )
        == []
    )


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"measure": "nonsense"}, "measure_unknown"),
        ({"comparator": ""}, "comparator"),
        ({"target_value": None}, "target_missing"),
        ({"target_value": Decimal("140")}, "target_share"),
        (
            {"measure": "active_offers_municipality", "target_value": Decimal("3")},
            "municipality_missing",
        ),
        (
            {
                "measure": "active_offers_municipality",
                "target_value": Decimal("3"),
                "municipality_id": 99,
            },
            "municipality_region",
        ),
        ({"measure": "scan_dimension", "target_value": Decimal("3")}, "dimension_missing"),
        (
            {"measure": "scan_dimension", "target_value": Decimal("3"), "dimension_key": "x"},
            "dimension_unknown",
        ),
        (
            {"measure": "scan_dimension", "target_value": Decimal("7"), "dimension_key": "energy"},
            "target_score",
        ),
        ({"municipality_id": 1}, "parameter_unused"),
        ({"dimension_key": "ownership"}, "parameter_unused"),
    ],
)
def test_a_goal_tied_to_a_measure_refuses_what_does_not_fit(values, problem):
    assert problem in _problems(**values)


def _progress(kind=COUNT, value=10.0, target=20.0, comparator=AT_LEAST, key="active_offers"):
    spec = MEASURES[key]
    spec = goal_measures.MeasureSpec(
        spec.key, spec.label, kind, spec.parameter, spec.comparator, spec.help
    )
    return Progress(measure=spec, value=value, target=target, comparator=comparator)


def test_progress_says_whether_the_target_is_met_today():
    assert _progress(value=25, target=25).met is True
    assert _progress(value=24, target=25).met is False
    assert _progress(kind=SHARE, value=38, target=40, comparator=AT_MOST).met is True
    assert _progress(kind=SHARE, value=41, target=40, comparator=AT_MOST).met is False
    assert _progress(value=None).met is None


def test_the_progress_bar_runs_from_the_floor_of_the_kind_to_the_target():
    assert _progress(value=10, target=20).percent == 50
    assert _progress(value=30, target=20).percent == 100
    assert _progress(kind=SCORE, value=3.0, target=5.0).percent == 50  # from 1, not from 0
    # At most 40 %, now 70 %: 30 of the 60 points from the worst (100 %) to the target.
    assert _progress(kind=SHARE, value=70, target=40, comparator=AT_MOST).percent == 50
    # At most 5 days, now 10: open-ended, the target over the value.
    assert _progress(kind=DAYS, value=10, target=5, comparator=AT_MOST).percent == 50
    assert _progress(value=None).percent == 0


# --- Values on hand-made data --------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


class _Goal:
    """A goal as ``RegionFacts.progress`` reads it."""

    def __init__(self, measure, target, comparator=AT_LEAST, municipality_id=None, key=""):
        self.pk = id(self)
        self.measure = measure
        self.target_value = Decimal(str(target))
        self.comparator = comparator
        self.municipality_id = municipality_id
        self.dimension_key = key


def _value(facts, measure, **kwargs):
    return facts.value(measure, **kwargs)[0]


@pytestmark_db
def test_active_offers_are_counted_per_municipality_and_for_the_region(world):
    club = world.kempen_club
    municipality = club.municipality
    other = world.kempen.municipalities.exclude(pk=municipality.pk).order_by("nis_code").first()
    for _index in range(3):
        factories.OfferFactory(organisation=club)
    factories.OfferFactory(organisation=club, status="paused")
    factories.OfferFactory(organisation=club, municipality=other)
    factories.OfferFactory(organisation=world.gent_club)
    facts = RegionFacts(world.kempen)
    assert _value(facts, "active_offers_municipality", municipality_id=municipality.pk) == 3
    assert _value(facts, "active_offers_municipality", municipality_id=other.pk) == 1
    assert _value(facts, "active_offers") == 4
    count = world.kempen.municipalities.count()
    assert _value(facts, "coverage") == pytest.approx(100 * 2 / count)


def _participations(organisation, count, created_at):
    for _index in range(count):
        participation = factories.ParticipationFactory(
            offer=factories.OfferFactory(organisation=organisation)
        )
        participation.created_at = created_at
        participation.save(update_fields=["created_at"])


def _joined_long_ago(*organisations):
    for organisation in organisations:
        organisation.joined_on = dt.date(2020, 1, 1)
        organisation.save(update_fields=["joined_on"])


@pytestmark_db
def test_the_top_five_share_and_active_partners_count_the_last_twelve_months(world):
    today = timezone.localdate()
    now = timezone.now()
    others = [factories.OrganisationFactory(region=world.gent) for _index in range(4)]
    _joined_long_ago(world.gent_club, world.gent_town, *others)
    _participations(world.gent_club, 5, now)
    for organisation in [world.gent_town, *others]:
        _participations(organisation, 1, now)
    # Older than twelve months: not counted today.
    _participations(others[0], 7, now - dt.timedelta(days=400))
    facts = RegionFacts(world.gent, today=today)
    # 5, 1, 1, 1, 1, 1: the five busiest hold 9 of 10.
    assert _value(facts, "top5_share") == pytest.approx(90.0)
    assert _value(facts, "active_offer_partners") == 6
    value, trend, missing = facts.value("top5_share")
    assert missing == "" and len(trend) == goal_measures.TREND_QUARTERS + 1
    assert trend[-1].value == value
    # A year ago, only the old participations counted: one organisation held them all.
    assert trend[0].value == pytest.approx(100.0)


@pytestmark_db
def test_without_participations_the_shares_have_no_value(world):
    facts = RegionFacts(world.gent, today=TODAY)
    assert facts.value("top5_share")[0] is None
    assert facts.value("top5_share")[2] == "no_data"
    assert _value(facts, "active_offer_partners") == 0


@pytestmark_db
def test_a_star_network_has_a_superman_and_every_tie_through_the_coordinator(world):
    hub = world.gent_town
    factories.user_with_role(Role.COORDINATOR, organisation=hub)
    leaves = [
        world.gent_club,
        *(factories.OrganisationFactory(region=world.gent) for _ in range(2)),
    ]
    for leaf in leaves:
        Tie.objects.create(a=hub, b=leaf, kind="information_exchange")
    facts = RegionFacts(world.gent)
    assert _value(facts, "degree_centralisation") == pytest.approx(100.0)
    assert _value(facts, "coordinator_tie_share") == pytest.approx(100.0)
    # A ring of the leaves spreads the ownership.
    for a, b in [(leaves[0], leaves[1]), (leaves[1], leaves[2]), (leaves[2], leaves[0])]:
        Tie.objects.create(a=a, b=b, kind="information_exchange")
    facts = RegionFacts(world.gent)
    assert _value(facts, "degree_centralisation") == pytest.approx(0.0)
    assert _value(facts, "coordinator_tie_share") == pytest.approx(50.0)


def _confirmed(participation, hours, entered, confirmed, who):
    return factories.HourEntryFactory(
        participation=participation,
        hours=hours,
        status="confirmed",
        entered_at=entered,
        entered_by=who[0],
        confirmed_at=confirmed,
        confirmed_by=who[1],
    )


@pytestmark_db
def test_the_median_days_to_confirm_hours_counts_calendar_days(world):
    who = (world.users["counsellor"], world.users["partner_contact"])
    participation = factories.ParticipationFactory(
        offer=factories.OfferFactory(organisation=world.gent_club)
    )
    _joined_long_ago(world.gent_club)
    start = timezone.now() - dt.timedelta(days=30)
    for days in (1, 3, 8):
        _confirmed(participation, 4, start, start + dt.timedelta(days=days), who)
    facts = RegionFacts(world.gent)
    assert _value(facts, "median_days_to_confirm") == 3


@pytestmark_db
def test_newcomers_count_once_they_reach_forty_confirmed_hours_in_the_period(world):
    who = (world.users["counsellor"], world.users["partner_contact"])
    period = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    def newcomer_with(hours_and_days):
        participation = factories.ParticipationFactory(
            offer=factories.OfferFactory(organisation=world.gent_club)
        )
        for hours, day in hours_and_days:
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
            _confirmed(participation, hours, moment, moment, who)

    newcomer_with([(8, dt.date(2026, 2, d)) for d in range(1, 6)])  # 40 in February
    newcomer_with([(8, dt.date(2026, 3, d)) for d in range(1, 5)])  # 32: not yet
    newcomer_with([(8, dt.date(2025, 11, d)) for d in range(1, 6)] + [(8, dt.date(2026, 2, 1))])
    facts = RegionFacts(world.gent, today=TODAY, period=period)
    assert _value(facts, "newcomers_40_hours") == 1
    assert _value(RegionFacts(world.gent, today=TODAY), "newcomers_40_hours") == 0


@pytestmark_db
def test_a_scan_dimension_is_the_latest_closed_wave_and_hidden_below_three(world):
    facts = RegionFacts(world.gent, today=TODAY)
    assert facts.value("scan_dimension", dimension_key="ownership") == (None, (), "no_wave")
    first = builders.open_wave(world.gent, title="Eerste")
    builders.respond(first, "partner", [4, 3, 5])
    builders.respond(first, "agii", [2, 2, 3])
    builders.close(first)
    facts = RegionFacts(world.gent, today=TODAY)
    value, trend, missing = facts.value("scan_dimension", dimension_key="ownership")
    assert value == pytest.approx(19 / 6) and missing == "" and len(trend) == 1
    second = builders.open_wave(world.gent, title="Tweede")
    builders.respond(second, "partner", [5, 5])
    builders.close(second)
    facts = RegionFacts(world.gent, today=TODAY)
    value, trend, missing = facts.value("scan_dimension", dimension_key="ownership")
    assert value is None and missing == "hidden"
    assert [point.value for point in trend] == [pytest.approx(19 / 6), None]


@pytestmark_db
def test_progress_of_many_goals_runs_the_same_queries_as_of_a_few(world):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 3, 5])
    builders.close(wave)
    municipality = world.gent_club.municipality

    def goals(times):
        found = []
        for _index in range(times):
            found += [
                _Goal("active_offers_municipality", 2, municipality_id=municipality.pk),
                _Goal("top5_share", 40, AT_MOST),
                _Goal("scan_dimension", 3.5, key="ownership"),
                _Goal("newcomers_40_hours", 5),
                _Goal("coverage", 50),
            ]
        return found

    def queries(found):
        facts = RegionFacts(world.gent, today=TODAY, period=(TODAY.replace(month=1), TODAY))
        with CaptureQueriesContext(connection) as context:
            progress = goal_measures.progress_of(found, facts)
        assert len(progress) == len(found)
        return len(context.captured_queries)

    assert queries(goals(1)) == queries(goals(6))
