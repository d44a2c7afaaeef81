"""Operations on action plans, their goals and actions, and the milestones of the timeline.

Each function has keyword-only arguments, the acting user first, runs in one transaction and
writes its audit entry inside it. Everything a plan points to must belong to the plan's region:
its lead organisations, an action's owner organisation, a goal's municipality, a milestone's
wave and action. A goal tied to a measure is checked by ``goal_measures.goal_problems``; the
first problem found is raised as a ``PlanError`` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.collaboration import goal_measures
from participatienet.collaboration.choices import (
    ActionStatus,
    GoalStatus,
    MilestoneKind,
    PlanStatus,
)
from participatienet.collaboration.models import (
    Action,
    ActionPlan,
    Dimension,
    Goal,
    Milestone,
    ScanVersion,
    Wave,
)

#: A plan runs at most this many days (a few years; a period is usually a year).
MAX_PLAN_DAYS = 3 * 366

PLAN_FIELDS = (
    "title",
    "ambition",
    "starts_on",
    "ends_on",
    "lead_organisation",
    "next_lead_organisation",
    "status",
)
GOAL_FIELDS = (
    "title",
    "description",
    "due_on",
    "target",
    "measure",
    "municipality",
    "dimension_key",
    "comparator",
    "target_value",
    "status",
)
ACTION_FIELDS = (
    "title",
    "description",
    "owner",
    "lead_name",
    "lead_user",
    "due_on",
    "status",
    "goal",
    "dimension_key",
)
MILESTONE_FIELDS = ("date", "kind", "title", "text", "wave", "action")


class PlanError(Exception):
    """An operation that cannot be done; ``code`` says why (views turn it into a message)."""

    def __init__(self, code: str, detail: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def current_dimension_keys() -> list[str]:
    """The dimension keys of the published version of the scan, in its order."""
    version = ScanVersion.objects.current().first()
    if version is None:
        return []
    return list(
        Dimension.objects.filter(version=version)
        .order_by("order", "pk")
        .values_list("key", flat=True)
    )


def _region_id(obj: Any) -> int | None:
    return getattr(obj, "region_id", None) if obj is not None else None


def _snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        values[name] = getattr(obj, field.attname)
    return values


def _apply(obj: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


# --- Plans ---------------------------------------------------------------------------------------


def _check_plan(region: Any, values: dict[str, Any]) -> None:
    starts_on, ends_on = values["starts_on"], values["ends_on"]
    if ends_on < starts_on:
        raise PlanError("dates")
    if (ends_on - starts_on).days > MAX_PLAN_DAYS:
        raise PlanError("too_long")
    for name in ("lead_organisation", "next_lead_organisation"):
        organisation = values.get(name)
        if organisation is not None and _region_id(organisation) != region.pk:
            raise PlanError("organisation_region")
    if values.get("status", PlanStatus.DRAFT) not in PlanStatus.values:
        raise PlanError("status")
    if not _clean_text(values.get("title", "")):
        raise PlanError("title")


@transaction.atomic
def create_plan(
    *,
    actor: Any,
    region: Any,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    ambition: str = "",
    lead_organisation: Any = None,
    next_lead_organisation: Any = None,
    status: str = PlanStatus.DRAFT,
) -> ActionPlan:
    """A new action plan of ``region`` for the period [starts_on, ends_on]."""
    values = {
        "title": _clean_text(title),
        "ambition": (ambition or "").strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "lead_organisation": lead_organisation,
        "next_lead_organisation": next_lead_organisation,
        "status": status,
    }
    _check_plan(region, values)
    plan = ActionPlan.objects.create(
        region=region,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audit.record(actor=actor, action="actionplan.created", obj=plan, fields=list(values))
    return plan


@transaction.atomic
def update_plan(*, actor: Any, plan: ActionPlan, **values: Any) -> list[str]:
    """Change a plan; returns the names of the fields that changed."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    if "title" in values:
        values["title"] = _clean_text(values["title"])
    if "ambition" in values:
        values["ambition"] = (values["ambition"] or "").strip()
    merged = {name: getattr(plan, name) for name in PLAN_FIELDS} | values
    _check_plan(plan.region, merged)
    before = _snapshot(plan, PLAN_FIELDS)
    _apply(plan, values)
    changed = audit.changed_fields(before, _snapshot(plan, PLAN_FIELDS))
    if changed:
        plan.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=actor, action="actionplan.changed", obj=plan, fields=changed)
    return changed


# --- Goals ---------------------------------------------------------------------------------------


def _check_goal(plan: ActionPlan, values: dict[str, Any]) -> dict[str, Any]:
    """The goal's values, cleaned: a goal without a measure keeps no measure fields."""
    if not _clean_text(values.get("title", "")):
        raise PlanError("title")
    if values.get("status", GoalStatus.OPEN) not in GoalStatus.values:
        raise PlanError("status")
    measure = values.get("measure") or ""
    municipality = values.get("municipality")
    target_value = values.get("target_value")
    if target_value is not None and not isinstance(target_value, Decimal):
        target_value = Decimal(str(target_value))
    if not measure:
        return values | {
            "measure": "",
            "municipality": None,
            "dimension_key": "",
            "comparator": "",
            "target_value": None,
        }
    from participatienet.regions.models import Municipality

    problems = goal_measures.goal_problems(
        measure=measure,
        comparator=values.get("comparator") or "",
        target_value=target_value,
        municipality_id=municipality.pk if municipality is not None else None,
        region_municipality_ids=Municipality.objects.filter(region_id=plan.region_id).values_list(
            "pk", flat=True
        )
        if municipality is not None
        else (),
        dimension_key=values.get("dimension_key") or "",
        dimension_keys=current_dimension_keys() if values.get("dimension_key") else (),
    )
    if problems:
        raise PlanError(problems[0], problems)
    return values | {
        "target_value": target_value,
        "dimension_key": values.get("dimension_key") or "",
    }


@transaction.atomic
def add_goal(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    description: str = "",
    due_on: dt.date | None = None,
    target: str = "",
    measure: str = "",
    municipality: Any = None,
    dimension_key: str = "",
    comparator: str = "",
    target_value: Decimal | None = None,
    status: str = GoalStatus.OPEN,
) -> Goal:
    """An intermediate goal of ``plan``, optionally tied to a measure (``goal_measures``)."""
    values = _check_goal(
        plan,
        {
            "title": _clean_text(title),
            "description": (description or "").strip(),
            "due_on": due_on,
            "target": _clean_text(target),
            "measure": measure,
            "municipality": municipality,
            "dimension_key": dimension_key,
            "comparator": comparator,
            "target_value": target_value,
            "status": status,
        },
    )
    goal = Goal.objects.create(plan=plan, **values)
    audit.record(
        actor=actor,
        action="goal.created",
        obj=goal,
        fields=list(values),
        detail=f"plan {plan.pk}" + (f", measure {goal.measure}" if goal.measure else ""),
    )
    return goal


@transaction.atomic
def update_goal(*, actor: Any, goal: Goal, **values: Any) -> list[str]:
    goal = Goal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    unknown = set(values) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    for name in ("title", "target"):
        if name in values:
            values[name] = _clean_text(values[name])
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    merged = _check_goal(goal.plan, {name: getattr(goal, name) for name in GOAL_FIELDS} | values)
    before = _snapshot(goal, GOAL_FIELDS)
    _apply(goal, merged)
    changed = audit.changed_fields(before, _snapshot(goal, GOAL_FIELDS))
    if changed:
        goal.save(update_fields=changed)
        audit.record(actor=actor, action="goal.changed", obj=goal, fields=changed)
    return changed


@transaction.atomic
def remove_goal(*, actor: Any, goal: Goal) -> None:
    """Remove a goal; its actions stay, without a goal."""
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    actions = goal.actions.update(goal=None)
    audit.record(
        actor=actor,
        action="goal.removed",
        obj=goal,
        detail=f"plan {goal.plan_id}, {actions} actions kept without a goal",
    )
    goal.delete()


# --- Actions -------------------------------------------------------------------------------------


def _check_action(plan: ActionPlan, values: dict[str, Any]) -> dict[str, Any]:
    if not _clean_text(values.get("title", "")):
        raise PlanError("title")
    owner = values.get("owner")
    if owner is None:
        raise PlanError("owner_missing")
    if _region_id(owner) != plan.region_id:
        raise PlanError("owner_region")
    goal = values.get("goal")
    if goal is not None and goal.plan_id != plan.pk:
        raise PlanError("goal_plan")
    if values.get("status", ActionStatus.TODO) not in ActionStatus.values:
        raise PlanError("status")
    key = values.get("dimension_key") or ""
    if key and key not in current_dimension_keys():
        raise PlanError("dimension_unknown")
    return values | {"dimension_key": key}


def _done_on(status: str, before: dt.date | None, today: dt.date) -> dt.date | None:
    if status != ActionStatus.DONE:
        return None
    return before or today


@transaction.atomic
def add_action(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    owner: Any,
    description: str = "",
    lead_name: str = "",
    lead_user: Any = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.TODO,
    goal: Goal | None = None,
    dimension_key: str = "",
    today: dt.date | None = None,
) -> Action:
    """An action of ``plan``, owned by an organisation of the plan's region."""
    today = today or timezone.localdate()
    values = _check_action(
        plan,
        {
            "title": _clean_text(title),
            "description": (description or "").strip(),
            "owner": owner,
            "lead_name": _clean_text(lead_name)
            or (lead_user.get_full_name() if lead_user is not None else ""),
            "lead_user": lead_user,
            "due_on": due_on,
            "status": status,
            "goal": goal,
            "dimension_key": dimension_key,
        },
    )
    action = Action.objects.create(
        plan=plan,
        done_on=_done_on(values["status"], None, today),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audit.record(
        actor=actor,
        action="action.created",
        obj=action,
        fields=list(values),
        detail=f"plan {plan.pk}",
    )
    return action


@transaction.atomic
def update_action(
    *, actor: Any, action: Action, today: dt.date | None = None, **values: Any
) -> list[str]:
    today = today or timezone.localdate()
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    for name in ("title", "lead_name"):
        if name in values:
            values[name] = _clean_text(values[name])
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    merged = _check_action(
        action.plan, {name: getattr(action, name) for name in ACTION_FIELDS} | values
    )
    before = _snapshot(action, (*ACTION_FIELDS, "done_on"))
    _apply(action, merged)
    action.done_on = _done_on(action.status, action.done_on, today)
    changed = audit.changed_fields(before, _snapshot(action, (*ACTION_FIELDS, "done_on")))
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=actor, action="action.changed", obj=action, fields=changed)
    return changed


@transaction.atomic
def move_action(*, actor: Any, action: Action, status: str, today: dt.date | None = None) -> Action:
    """Move an action on the board: to do, doing or done (done records the day)."""
    if status not in ActionStatus.values:
        raise PlanError("status")
    today = today or timezone.localdate()
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == status:
        return action
    before = action.status
    action.status = status
    action.done_on = _done_on(status, None, today)
    action.save(update_fields=["status", "done_on", "updated_at"])
    audit.record(
        actor=actor,
        action="action.moved",
        obj=action,
        fields=["status", "done_on"],
        detail=f"{before} -> {status}",
    )
    return action


@transaction.atomic
def remove_action(*, actor: Any, action: Action) -> None:
    action = Action.objects.select_for_update().get(pk=action.pk)
    audit.record(actor=actor, action="action.removed", obj=action, detail=f"plan {action.plan_id}")
    action.delete()


# --- Milestones ----------------------------------------------------------------------------------


def _check_milestone(region: Any, values: dict[str, Any]) -> dict[str, Any]:
    if not _clean_text(values.get("title", "")):
        raise PlanError("title")
    if values.get("kind") not in MilestoneKind.values:
        raise PlanError("kind")
    wave = values.get("wave")
    if wave is not None and wave.region_id != region.pk:
        raise PlanError("wave_region")
    action = values.get("action")
    if action is not None and action.plan.region_id != region.pk:
        raise PlanError("action_region")
    return values


@transaction.atomic
def add_milestone(
    *,
    actor: Any,
    region: Any,
    date: dt.date,
    kind: str,
    title: str,
    text: str = "",
    wave: Wave | None = None,
    action: Action | None = None,
) -> Milestone:
    """A high, low or turning point of ``region``'s collaboration."""
    values = _check_milestone(
        region,
        {
            "date": date,
            "kind": kind,
            "title": _clean_text(title),
            "text": (text or "").strip(),
            "wave": wave,
            "action": action,
        },
    )
    milestone = Milestone.objects.create(
        region=region,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audit.record(actor=actor, action="milestone.created", obj=milestone, fields=list(values))
    return milestone


@transaction.atomic
def update_milestone(*, actor: Any, milestone: Milestone, **values: Any) -> list[str]:
    milestone = Milestone.objects.select_for_update().select_related("region").get(pk=milestone.pk)
    unknown = set(values) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"unknown milestone fields: {sorted(unknown)}")
    if "title" in values:
        values["title"] = _clean_text(values["title"])
    if "text" in values:
        values["text"] = (values["text"] or "").strip()
    merged = _check_milestone(
        milestone.region, {name: getattr(milestone, name) for name in MILESTONE_FIELDS} | values
    )
    before = _snapshot(milestone, MILESTONE_FIELDS)
    _apply(milestone, merged)
    changed = audit.changed_fields(before, _snapshot(milestone, MILESTONE_FIELDS))
    if changed:
        milestone.save(update_fields=changed)
        audit.record(actor=actor, action="milestone.changed", obj=milestone, fields=changed)
    return changed


@transaction.atomic
def remove_milestone(*, actor: Any, milestone: Milestone) -> None:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    audit.record(
        actor=actor,
        action="milestone.removed",
        obj=milestone,
        detail=f"region {milestone.region_id}",
    )
    milestone.delete()
