"""Action plans, goals, actions and milestones through their services: what is refused (and
nothing written), the board moves, overdue actions, and the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.collaboration import plan_services
from participatienet.collaboration.models import Action, ActionPlan, Goal, Milestone
from participatienet.collaboration.plan_services import PlanError
from tests.collaboration import builders

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_a_plan_belongs_to_a_region_and_records_who_leads(world):
    coordinator = world.users["coordinator"]
    plan = builders.plan(
        world.gent,
        coordinator,
        lead_organisation=world.gent_town,
        next_lead_organisation=world.gent_club,
    )
    assert plan.region == world.gent and plan.created_by == coordinator
    assert AuditEntry.objects.filter(action="actionplan.created", object_id=str(plan.pk)).exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"ends_on": dt.date(2025, 12, 31)}, "dates"),
        ({"ends_on": dt.date(2030, 1, 1)}, "too_long"),
        ({"title": "   "}, "title"),
        ({"status": "nonsense"}, "status"),
    ],
)
def test_a_plan_refuses_bad_periods_and_titles(world, values, code):
    with pytest.raises(PlanError) as error:
        builders.plan(world.gent, starts_on=dt.date(2026, 1, 1), **values)
    assert error.value.code == code
    assert not ActionPlan.objects.exists()


def test_a_plan_is_led_only_by_an_organisation_of_its_region(world):
    with pytest.raises(PlanError) as error:
        builders.plan(world.gent, lead_organisation=world.kempen_club)
    assert error.value.code == "organisation_region"
    plan = builders.plan(world.gent)
    with pytest.raises(PlanError):
        plan_services.update_plan(actor=None, plan=plan, next_lead_organisation=world.kempen_club)
    plan.refresh_from_db()
    assert plan.next_lead_organisation is None


def test_changing_a_plan_records_only_what_changed(world):
    plan = builders.plan(world.gent)
    assert plan_services.update_plan(actor=None, plan=plan, title="Actieplan") == []
    changed = plan_services.update_plan(
        actor=None, plan=plan, title="Samen verder", lead_organisation=world.gent_town
    )
    assert changed == ["lead_organisation", "title"]
    entry = AuditEntry.objects.get(action="actionplan.changed")
    assert entry.fields == ["lead_organisation", "title"]


# --- Goals ---------------------------------------------------------------------------------------


def test_a_goal_in_words_keeps_no_measure_fields(world):
    plan = builders.plan(world.gent)
    goal = builders.goal(plan, target="Elke gemeente een contactpunt", comparator="gte")
    assert goal.measure == "" and goal.comparator == "" and goal.target_value is None


def test_a_goal_tied_to_a_measure_keeps_its_parameter_and_target(world):
    plan = builders.plan(world.gent)
    goal = builders.goal(
        plan,
        measure="active_offers_municipality",
        municipality=world.gent_club.municipality,
        comparator="gte",
        target_value=Decimal("25"),
    )
    assert goal.is_measured and goal.municipality == world.gent_club.municipality
    scan_goal = builders.goal(
        plan,
        measure="scan_dimension",
        dimension_key="ownership",
        comparator="gte",
        target_value=Decimal("3.5"),
    )
    assert scan_goal.dimension_key == "ownership"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        (
            {"measure": "top5_share", "comparator": "lte", "target_value": Decimal("140")},
            "target_share",
        ),
        (
            {
                "measure": "scan_dimension",
                "comparator": "gte",
                "target_value": Decimal("6"),
                "dimension_key": "energy",
            },
            "target_score",
        ),
        (
            {"measure": "active_offers", "comparator": "gte", "target_value": Decimal("2.5")},
            "target_count",
        ),
        (
            {
                "measure": "median_days_to_confirm",
                "comparator": "lte",
                "target_value": Decimal("-2"),
            },
            "target_days",
        ),
        (
            {
                "measure": "active_offers_municipality",
                "comparator": "gte",
                "target_value": Decimal("3"),
            },
            "municipality_missing",
        ),
        (
            {
                "measure": "scan_dimension",
                "comparator": "gte",
                "target_value": Decimal("3"),
                "dimension_key": "bestaat_niet",
            },
            "dimension_unknown",
        ),
        ({"measure": "top5_share", "comparator": "", "target_value": Decimal("40")}, "comparator"),
        ({"measure": "top5_share", "comparator": "lte"}, "target_missing"),
        (
            {"measure": "nonsense", "comparator": "lte", "target_value": Decimal("4")},
            "measure_unknown",
        ),
    ],
)
def test_a_goal_tied_to_a_measure_refuses_a_target_of_the_wrong_kind(world, values, code):
    plan = builders.plan(world.gent)
    with pytest.raises(PlanError) as error:
        builders.goal(plan, **values)
    assert error.value.code == code
    assert not Goal.objects.exists()


def test_a_per_municipality_goal_needs_a_municipality_of_the_plans_region(world):
    plan = builders.plan(world.gent)
    with pytest.raises(PlanError) as error:
        builders.goal(
            plan,
            measure="active_offers_municipality",
            municipality=world.kempen_club.municipality,
            comparator="gte",
            target_value=Decimal("3"),
        )
    assert error.value.code == "municipality_region"
    assert not Goal.objects.exists()


def test_changing_a_goal_checks_the_whole_goal_again(world):
    plan = builders.plan(world.gent)
    goal = builders.goal(plan, measure="top5_share", comparator="lte", target_value=Decimal("40"))
    with pytest.raises(PlanError):
        plan_services.update_goal(actor=None, goal=goal, measure="scan_dimension")
    goal.refresh_from_db()
    assert goal.measure == "top5_share"
    changed = plan_services.update_goal(actor=None, goal=goal, measure="", status="reached")
    goal.refresh_from_db()
    assert goal.measure == "" and goal.target_value is None and goal.status == "reached"
    assert set(changed) >= {"measure", "comparator", "target_value", "status"}


def test_removing_a_goal_keeps_its_actions(world):
    plan = builders.plan(world.gent)
    goal = builders.goal(plan)
    action = builders.action(plan, world.gent_club, goal=goal)
    plan_services.remove_goal(actor=None, goal=goal)
    action.refresh_from_db()
    assert action.goal is None and not Goal.objects.exists()


# --- Actions -------------------------------------------------------------------------------------


def test_an_action_is_owned_by_an_organisation_of_the_plans_region(world):
    plan = builders.plan(world.gent)
    with pytest.raises(PlanError) as error:
        builders.action(plan, world.kempen_club)
    assert error.value.code == "owner_region"
    other = builders.plan(world.gent, title="Ander plan")
    with pytest.raises(PlanError) as error:
        builders.action(plan, world.gent_club, goal=builders.goal(other))
    assert error.value.code == "goal_plan"
    with pytest.raises(PlanError) as error:
        builders.action(plan, world.gent_club, dimension_key="bestaat_niet")
    assert error.value.code == "dimension_unknown"
    assert not Action.objects.exists()


def test_the_lead_name_comes_from_the_account_when_left_empty(world):
    plan = builders.plan(world.gent)
    user = world.users["local_worker"]
    action = builders.action(plan, world.gent_town, lead_user=user)
    assert action.lead_name == user.get_full_name()


def test_moving_an_action_to_done_records_the_day_and_back_clears_it(world):
    plan = builders.plan(world.gent)
    action = builders.action(plan, world.gent_club)
    today = _today()
    plan_services.move_action(actor=None, action=action, status="doing")
    plan_services.move_action(actor=None, action=action, status="done", today=today)
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == today
    plan_services.move_action(actor=None, action=action, status="doing")
    action.refresh_from_db()
    assert action.status == "doing" and action.done_on is None
    moves = AuditEntry.objects.filter(action="action.moved", object_id=str(action.pk))
    assert [entry.detail for entry in moves.order_by("pk")] == [
        "todo -> doing",
        "doing -> done",
        "done -> doing",
    ]


def test_a_move_to_an_unknown_status_is_refused(world):
    action = builders.action(builders.plan(world.gent), world.gent_club)
    with pytest.raises(PlanError):
        plan_services.move_action(actor=None, action=action, status="later")
    action.refresh_from_db()
    assert action.status == "todo"


def test_an_action_is_overdue_when_not_done_after_its_due_date(world):
    plan = builders.plan(world.gent)
    today = _today()
    late = builders.action(plan, world.gent_club, due_on=today - dt.timedelta(days=1))
    builders.action(plan, world.gent_club, due_on=today)
    builders.action(plan, world.gent_club, due_on=today - dt.timedelta(days=3), status="done")
    builders.action(plan, world.gent_club)
    assert list(Action.objects.overdue(today)) == [late]
    assert late.is_overdue(today)
    assert not late.is_overdue(today - dt.timedelta(days=1))


def test_an_action_added_as_done_is_done_today(world):
    action = builders.action(builders.plan(world.gent), world.gent_club, status="done")
    assert action.done_on == _today()


# --- Milestones ----------------------------------------------------------------------------------


def test_a_milestone_links_only_to_a_wave_and_an_action_of_its_region(world):
    kempen_wave = builders.open_wave(world.kempen)
    with pytest.raises(PlanError) as error:
        builders.milestone(world.gent, wave=kempen_wave)
    assert error.value.code == "wave_region"
    kempen_action = builders.action(builders.plan(world.kempen), world.kempen_club)
    with pytest.raises(PlanError) as error:
        builders.milestone(world.gent, action=kempen_action)
    assert error.value.code == "action_region"
    with pytest.raises(PlanError) as error:
        builders.milestone(world.gent, kind="middle")
    assert error.value.code == "kind"
    assert not Milestone.objects.exists()


def test_a_milestone_outlives_its_wave_and_action(world):
    wave = builders.open_wave(world.gent)
    action = builders.action(builders.plan(world.gent), world.gent_club)
    milestone = builders.milestone(world.gent, wave=wave, action=action, kind="turning")
    plan_services.remove_action(actor=None, action=action)
    milestone.refresh_from_db()
    assert milestone.action is None and milestone.wave == wave
    changed = plan_services.update_milestone(actor=None, milestone=milestone, kind="low")
    assert changed == ["kind"]
    plan_services.remove_milestone(actor=None, milestone=milestone)
    assert not Milestone.objects.exists()
    assert AuditEntry.objects.filter(action="milestone.removed").exists()
