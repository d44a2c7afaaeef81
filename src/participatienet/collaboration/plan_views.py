"""Pages of the region's learning: its action plans (goals, actions, the board), the timeline of
its collaboration, and an overview of scan, plan and timeline.

- The coordinators of a region write (``plan.manage``, ``timeline.manage``); they and the
  region's viewers read (``plan.view``, ``timeline.view``). Like the scan's results, a region's
  plans and timeline are for the region: for anyone else they do not exist (404), and the lists
  of the current region answer 403.
- Bad input answers 400 with the form and its messages, and writes nothing. A goal tied to a
  measure is shown with its live value (``goal_measures``); actions that are not done after
  their due date are marked overdue in words, not only in colour.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatienet import exports
from participatienet.accounts import audit, policy
from participatienet.accounts.models import User
from participatienet.collaboration import goal_measures, plan_services, selectors, timeline
from participatienet.collaboration.choices import ActionStatus, GoalStatus, PlanStatus, WaveStatus
from participatienet.collaboration.models import (
    Action,
    ActionPlan,
    Dimension,
    Goal,
    Milestone,
    Wave,
)
from participatienet.collaboration.plan_forms import (
    ActionFilterForm,
    ActionForm,
    GoalForm,
    MilestoneForm,
    MoveForm,
    PlanForm,
    add_problem,
    error_text,
)
from participatienet.network.drawing import sparkline
from participatienet.network.models import Organisation
from participatienet.network.pipeline import people_of_region
from participatienet.paging import paginate
from participatienet.regions.models import Municipality

#: Moves offered on a card of the board, per status: (new status, button).
MOVES = {
    ActionStatus.TODO: (ActionStatus.DOING, ActionStatus.DONE),
    ActionStatus.DOING: (ActionStatus.TODO, ActionStatus.DONE),
    ActionStatus.DONE: (ActionStatus.DOING,),
}
COMPARATOR_SIGNS = {goal_measures.AT_LEAST: "≥", goal_measures.AT_MOST: "≤"}
#: Milestones and recent actions on the overview page.
OVERVIEW_MILESTONES = 3


def _region(request: HttpRequest) -> Any:
    return getattr(request, "region", None)


def _today() -> dt.date:
    return timezone.localdate()


def _back(request: HttpRequest, fallback: str) -> str:
    """The ``next`` address of the request when it is one of ours, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def organisations_of(region: Any) -> QuerySet:
    return Organisation.objects.filter(region=region).order_by("name", "pk")


def current_dimensions() -> list[tuple[str, str]]:
    """``(key, title)`` of the published scan version's dimensions (one query)."""
    return list(
        Dimension.objects.filter(version__status="published")
        .order_by("order", "pk")
        .values_list("key", "title")
    )


def dimension_titles() -> dict[str, str]:
    """A title for every dimension key ever published, the newest version's title winning."""
    titles: dict[str, str] = {}
    for key, title in (
        Dimension.objects.exclude(version__status="draft")
        .order_by("version__number", "order")
        .values_list("key", "title")
    ):
        titles[key] = title
    return titles


# --- Numbers -------------------------------------------------------------------------------------


def _number(value: float, places: int = 1) -> str:
    if abs(value - round(value)) < 1e-9:
        return formats.number_format(int(round(value)), 0, use_l10n=True)
    return formats.number_format(round(value, places), places, use_l10n=True)


def format_value(kind: str, value: float | None) -> str:
    """A measure's value as shown: counts whole, shares in %, scores and days to one decimal."""
    if value is None:
        return "–"
    if kind == goal_measures.COUNT:
        return _number(round(value), 0)
    if kind == goal_measures.SHARE:
        return f"{_number(value, 0 if value >= 10 else 1)} %"
    if kind == goal_measures.DAYS:
        return _("%(days)s days") % {"days": _number(value, 1)}
    return _number(value, 1)


def _goal_row(
    goal: Goal,
    progress: goal_measures.Progress | None,
    titles: dict[str, str],
    today: dt.date,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "goal": goal,
        "progress": progress,
        # Still open after its due date (a measured goal that is met today is not late).
        "overdue": goal.status == GoalStatus.OPEN
        and goal.due_on is not None
        and goal.due_on < today
        and not (progress is not None and progress.met),
    }
    if progress is not None:
        kind = progress.measure.kind
        parameter = ""
        if goal.municipality_id is not None:
            parameter = goal.municipality.name
        elif goal.dimension_key:
            parameter = titles.get(goal.dimension_key, goal.dimension_key)
        trend = list(progress.trend)
        row.update(
            measure_label=progress.measure.label,
            parameter=parameter,
            sign=COMPARATOR_SIGNS.get(goal.comparator, ""),
            value_text=format_value(kind, progress.value),
            target_text=format_value(kind, progress.target),
            trend=[(p.label, format_value(kind, p.value)) for p in trend],
            spark=sparkline([p.value for p in trend]) if len(trend) > 1 else "",
        )
    return row


# --- Plans ---------------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int, action: str = "plan.view") -> ActionPlan:
    plan = policy.get_visible_or_404(
        request.user,
        ActionPlan.objects.select_related(
            "region", "lead_organisation", "next_lead_organisation", "created_by"
        ),
        pk=pk,
    )
    policy.require(request.user, action, plan.region)
    return plan


def leads_history(user: Any, region: Any) -> dict[str, Any]:
    """Who led which period (oldest first) and who leads the next one: taking turns at the
    front. One query."""
    plans = list(
        policy.visible(user, ActionPlan.objects.filter(region=region))
        .select_related("lead_organisation", "next_lead_organisation")
        .order_by("starts_on", "pk")
    )
    upcoming = next(
        (plan.next_lead_organisation for plan in reversed(plans) if plan.next_lead_organisation),
        None,
    )
    return {"turns": plans, "next_lead": upcoming}


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "plan.view", region)
    today = _today()
    plans = (
        policy.visible(request.user, ActionPlan.objects.filter(region=region))
        .select_related("lead_organisation", "next_lead_organisation")
        .annotate(
            goal_count=Count("goals", distinct=True),
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
            overdue_count=Count(
                "actions",
                filter=Q(actions__due_on__lt=today) & ~Q(actions__status=ActionStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "-pk")
    )
    return render(
        request,
        "collaboration/plan_list.html",
        {
            "region": region,
            "can_manage": policy.can(request.user, "plan.manage", region),
            **leads_history(request.user, region),
            **paginate(request, plans),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "plan.manage", region)
    form = PlanForm(
        request.POST or None,
        organisations=organisations_of(region),
        initial=PlanForm.initial_for(),
    )
    context = {"form": form, "region": region, "plan": None}
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = plan_services.create_plan(
                    actor=request.user, region=region, **form.cleaned_data
                )
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The action plan is made. Now add its goals."))
                return redirect(plan)
        return render(request, "collaboration/plan_form.html", context, status=400)
    return render(request, "collaboration/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    form = PlanForm(
        request.POST or None,
        organisations=organisations_of(plan.region),
        initial={
            "title": plan.title,
            "ambition": plan.ambition,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "lead_organisation": plan.lead_organisation_id,
            "next_lead_organisation": plan.next_lead_organisation_id,
            "status": plan.status,
        },
    )
    context = {"form": form, "region": plan.region, "plan": plan}
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.update_plan(actor=request.user, plan=plan, **form.cleaned_data)
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(plan)
        return render(request, "collaboration/plan_form.html", context, status=400)
    return render(request, "collaboration/plan_form.html", context)


def _actions(plan: ActionPlan) -> QuerySet:
    return Action.objects.filter(plan=plan).select_related("owner", "goal", "lead_user")


def _action_rows(
    actions: list[Action], titles: dict[str, str], today: dt.date
) -> list[dict[str, Any]]:
    return [
        {
            "action": action,
            "overdue": action.is_overdue(today),
            "dimension": titles.get(action.dimension_key, action.dimension_key),
            "moves": [
                (status, ActionStatus(status).label) for status in MOVES.get(action.status, ())
            ],
        }
        for action in actions
    ]


def _status_counts(actions: list[Action], today: dt.date) -> dict[str, int]:
    counts = {status: 0 for status in ActionStatus.values}
    for action in actions:
        counts[action.status] += 1
    counts["overdue"] = sum(1 for action in actions if action.is_overdue(today))
    counts["all"] = len(actions)
    return counts


def plan_goal_rows(plan: ActionPlan, today: dt.date, titles: dict[str, str]) -> list[dict]:
    goals = list(plan.goals.select_related("municipality").order_by("due_on", "pk"))
    facts = goal_measures.RegionFacts(
        plan.region, today=today, period=(plan.starts_on, plan.ends_on)
    )
    progress = goal_measures.progress_of(goals, facts)
    return [_goal_row(goal, progress.get(goal.pk), titles, today) for goal in goals]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _plan(request, pk))


def _detail(
    request: HttpRequest, plan: ActionPlan, status: int = 200, error: str = ""
) -> HttpResponse:
    today = _today()
    titles = dimension_titles()
    goals = plan_goal_rows(plan, today, titles)
    actions = list(_actions(plan).order_by("due_on", "pk"))
    measured = [row for row in goals if row["progress"] is not None]
    return render(
        request,
        "collaboration/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "met": sum(1 for row in measured if row["progress"].met),
            "measured": len(measured),
            "actions": _action_rows(actions, titles, today),
            "counts": _status_counts(actions, today),
            "can_manage": policy.can(request.user, "plan.manage", plan.region),
            "today": today,
            "error": error,
        },
        status=status,
    )


# --- Goals ---------------------------------------------------------------------------------------


def _goal_form(request: HttpRequest, plan: ActionPlan, **kwargs: Any) -> GoalForm:
    return GoalForm(
        request.POST or None,
        municipalities=Municipality.objects.filter(region=plan.region).order_by("name"),
        dimensions=current_dimensions(),
        **kwargs,
    )


def _goal_page(
    request: HttpRequest, plan: ActionPlan, form: GoalForm, goal: Goal | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "collaboration/goal_form.html",
        {
            "plan": plan,
            "form": form,
            "goal": goal,
            "measures": [
                {
                    "spec": spec,
                    "unit": goal_measures.KIND_UNITS[spec.kind],
                    "sign": COMPARATOR_SIGNS[spec.comparator],
                }
                for spec in goal_measures.MEASURES.values()
            ],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    form = _goal_form(request, plan, initial={"due_on": plan.ends_on, "status": GoalStatus.OPEN})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.add_goal(actor=request.user, plan=plan, **form.service_kwargs())
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The goal has been added."))
                return redirect(
                    reverse("collaboration:plan_detail", kwargs={"pk": plan.pk}) + "#goals"
                )
        return _goal_page(request, plan, form, None, status=400)
    return _goal_page(request, plan, form, None)


def _goal(request: HttpRequest, plan: ActionPlan, goal: int) -> Goal:
    return policy.get_visible_or_404(request.user, Goal.objects.filter(plan=plan), pk=goal)


@login_required
@require_http_methods(["GET", "POST"])
def goal_update(request: HttpRequest, pk: int, goal: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    found = _goal(request, plan, goal)
    form = _goal_form(request, plan, initial=GoalForm.initial_for(found))
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.update_goal(actor=request.user, goal=found, **form.service_kwargs())
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(
                    reverse("collaboration:plan_detail", kwargs={"pk": plan.pk}) + "#goals"
                )
        return _goal_page(request, plan, form, found, status=400)
    return _goal_page(request, plan, form, found)


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, goal: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    plan_services.remove_goal(actor=request.user, goal=_goal(request, plan, goal))
    messages.success(request, _("The goal has been removed; its actions stay."))
    return redirect(plan)


# --- Actions -------------------------------------------------------------------------------------


def _action_form(request: HttpRequest, plan: ActionPlan, **kwargs: Any) -> ActionForm:
    people_ids = [user.pk for user in people_of_region(plan.region, also=[request.user])]
    return ActionForm(
        request.POST or None,
        organisations=organisations_of(plan.region),
        goals=Goal.objects.filter(plan=plan).order_by("due_on", "pk"),
        people=User.objects.filter(pk__in=people_ids).order_by("full_name", "email"),
        dimensions=current_dimensions(),
        **kwargs,
    )


def _action_page(
    request: HttpRequest,
    plan: ActionPlan,
    form: ActionForm,
    action: Action | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "collaboration/action_form.html",
        {"plan": plan, "form": form, "action": action, "next": _back(request, "")},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    initial: dict[str, Any] = {"status": ActionStatus.TODO}
    goal_id = request.GET.get("goal", "")
    if goal_id.isdigit():
        initial["goal"] = int(goal_id)
    form = _action_form(request, plan, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.add_action(actor=request.user, plan=plan, **form.service_kwargs())
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The action has been added."))
                return redirect(
                    _back(request, reverse("collaboration:action_board", kwargs={"pk": plan.pk}))
                )
        return _action_page(request, plan, form, None, status=400)
    return _action_page(request, plan, form, None)


def _action(request: HttpRequest, plan: ActionPlan, action: int) -> Action:
    return policy.get_visible_or_404(request.user, Action.objects.filter(plan=plan), pk=action)


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    found = _action(request, plan, action)
    form = _action_form(request, plan, initial=ActionForm.initial_for(found))
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.update_action(
                    actor=request.user, action=found, **form.service_kwargs()
                )
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(
                    _back(request, reverse("collaboration:action_board", kwargs={"pk": plan.pk}))
                )
        return _action_page(request, plan, form, found, status=400)
    return _action_page(request, plan, form, found)


@login_required
@require_POST
def action_move(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    """Move a card of the board to another column (a plain form post: works without JS)."""
    plan = _plan(request, pk, "plan.manage")
    found = _action(request, plan, action)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _board(request, plan, status=400, error=error_text("status"))
    plan_services.move_action(actor=request.user, action=found, status=form.cleaned_data["status"])
    messages.success(
        request,
        _("“%(title)s” moved to %(status)s.")
        % {"title": found.title, "status": ActionStatus(form.cleaned_data["status"]).label},
    )
    board = reverse("collaboration:action_board", kwargs={"pk": plan.pk})
    return redirect(_back(request, f"{board}#action-{found.pk}"))


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    plan = _plan(request, pk, "plan.manage")
    plan_services.remove_action(actor=request.user, action=_action(request, plan, action))
    messages.success(request, _("The action has been removed."))
    return redirect(_back(request, reverse("collaboration:action_board", kwargs={"pk": plan.pk})))


def _board(
    request: HttpRequest, plan: ActionPlan, status: int = 200, error: str = ""
) -> HttpResponse:
    today = _today()
    titles = dimension_titles()
    actions = list(_actions(plan).order_by("due_on", "pk"))
    rows = _action_rows(actions, titles, today)
    columns = [
        {
            "status": value,
            "label": label,
            "cards": [row for row in rows if row["action"].status == value],
        }
        for value, label in ActionStatus.choices
    ]
    return render(
        request,
        "collaboration/action_board.html",
        {
            "plan": plan,
            "columns": columns,
            "counts": _status_counts(actions, today),
            "can_manage": policy.can(request.user, "plan.manage", plan.region),
            "error": error,
        },
        status=status,
    )


@login_required
def action_board(request: HttpRequest, pk: int) -> HttpResponse:
    return _board(request, _plan(request, pk))


@login_required
def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    today = _today()
    form = ActionFilterForm(
        request.GET or None,
        organisations=organisations_of(plan.region),
        goals=Goal.objects.filter(plan=plan).order_by("due_on", "pk"),
    )
    actions = policy.visible(request.user, _actions(plan))
    status = 200
    if form.is_bound:
        if form.is_valid():
            actions = filter_actions(actions, form.cleaned_data, today)
        else:
            status = 400
            actions = actions.none()
    actions = actions.order_by("due_on", "pk")
    context = paginate(request, actions)
    titles = dimension_titles()
    context.update(
        plan=plan,
        form=form,
        rows=_action_rows(list(context["page"].object_list), titles, today),
        can_manage=policy.can(request.user, "plan.manage", plan.region),
        filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
    )
    return render(request, "collaboration/action_list.html", context, status=status)


def filter_actions(actions: QuerySet, filters: dict[str, Any], today: dt.date) -> QuerySet:
    if filters.get("status"):
        actions = actions.filter(status=filters["status"])
    if filters.get("owner") is not None:
        actions = actions.filter(owner=filters["owner"])
    if filters.get("goal") is not None:
        actions = actions.filter(goal=filters["goal"])
    if filters.get("overdue"):
        actions = actions.overdue(today)
    return actions


# --- Export --------------------------------------------------------------------------------------


def action_export_rows(plan: ActionPlan, today: dt.date) -> tuple[list[str], list[list[Any]]]:
    titles = dimension_titles()
    headers = [
        _("Action"),
        _("Status"),
        _("Owner organisation"),
        _("Lead person"),
        _("Due on"),
        _("Overdue"),
        _("Done on"),
        _("Goal"),
        _("Scan dimension"),
        _("Description"),
    ]
    rows = [
        [
            action.title,
            action.get_status_display(),
            action.owner.name,
            action.lead_name,
            action.due_on,
            action.is_overdue(today),
            action.done_on,
            action.goal.title if action.goal else "",
            titles.get(action.dimension_key, action.dimension_key),
            action.description,
        ]
        for action in _actions(plan).order_by("due_on", "pk")
    ]
    return headers, rows


def goal_export_rows(plan: ActionPlan, today: dt.date) -> tuple[list[str], list[list[Any]]]:
    titles = dimension_titles()
    headers = [
        _("Goal"),
        _("Due on"),
        _("Status"),
        _("Target in words"),
        _("Measure"),
        _("Municipality or dimension"),
        _("Comparator"),
        _("Target value"),
        _("Value today"),
        _("Met today"),
        _("Description"),
    ]
    rows = []
    for row in plan_goal_rows(plan, today, titles):
        goal, progress = row["goal"], row["progress"]
        rows.append(
            [
                goal.title,
                goal.due_on,
                goal.get_status_display(),
                goal.target,
                str(row.get("measure_label", "")),
                row.get("parameter", ""),
                row.get("sign", ""),
                goal.target_value,
                round(progress.value, 2) if progress and progress.value is not None else None,
                progress.met if progress and progress.met is not None else None,
                goal.description,
            ]
        )
    return headers, rows


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's actions (``what=actions``) or goals (``what=goals``) as CSV or XLSX."""
    plan = _plan(request, pk)
    format = request.GET.get("format", "xlsx")
    what = request.GET.get("what", "actions")
    if format not in exports.FORMATS or what not in ("actions", "goals"):
        return _detail(
            request, plan, status=400, error=_("Choose CSV or XLSX, and actions or goals.")
        )
    today = _today()
    if what == "goals":
        headers, rows = goal_export_rows(plan, today)
        title = _("Goals")
    else:
        headers, rows = action_export_rows(plan, today)
        title = _("Actions")
    audit.record(
        actor=request.user,
        action="actionplan.exported",
        obj=plan,
        detail=f"{len(rows)} {what} ({format})",
    )
    stem = f"{'doelen' if what == 'goals' else 'acties'}-{plan.region.slug}-{plan.starts_on.year}"
    return exports.response(format, stem, headers, rows, title=title)


# --- The timeline --------------------------------------------------------------------------------


def _wave_inputs(
    user: Any, region: Any
) -> tuple[list[Wave], list[timeline.WaveIn], dict[int, Any]]:
    waves = list(
        policy.visible(user, Wave.objects.filter(region=region)).order_by("opens_on", "pk")
    )
    closed = [wave for wave in waves if wave.status == WaveStatus.CLOSED]
    found = selectors.wave_results(closed) if closed else {}
    inputs = []
    for wave in waves:
        means: dict[str, float | None] = {}
        if wave.pk in found:
            for dimension in found[wave.pk].dimensions:
                means[dimension.key] = dimension.overall.mean if dimension.overall else None
        inputs.append(
            timeline.WaveIn(
                id=wave.pk,
                opens_on=wave.opens_on,
                closes_on=wave.closes_on,
                label=wave.opens_on.strftime("%m/%Y"),
                closed=wave.status == WaveStatus.CLOSED,
                means=means,
            )
        )
    return waves, inputs, found


def timeline_context(user: Any, region: Any, today: dt.date) -> dict[str, Any]:
    """The drawing and the tables of a region's journey, in a fixed number of queries."""
    milestones = list(
        policy.visible(user, Milestone.objects.filter(region=region))
        .select_related("wave", "action__plan")
        .order_by("date", "pk")
    )
    waves, wave_inputs, found = _wave_inputs(user, region)
    plans = list(
        policy.visible(user, ActionPlan.objects.filter(region=region))
        .select_related("lead_organisation")
        .order_by("starts_on", "pk")
    )
    titles = dimension_titles()
    keys: list[str] = [key for key, _title in current_dimensions()]
    for wave in wave_inputs:
        keys += [key for key in wave.means if key not in keys]
    drawing = timeline.draw(
        [timeline.MilestoneIn(id=m.pk, day=m.date, kind=m.kind, title=m.title) for m in milestones],
        wave_inputs,
        [timeline.DimensionIn(key=key, title=titles.get(key, key)) for key in keys],
        [
            timeline.PeriodIn(
                id=plan.pk,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                label=plan.lead_organisation.name if plan.lead_organisation else plan.title,
            )
            for plan in plans
        ],
        today=today,
    )
    closed = [
        (wave, inputs) for wave, inputs in zip(waves, wave_inputs, strict=True) if inputs.closed
    ]
    scan_rows = [
        {
            "key": key,
            "title": titles.get(key, key),
            "values": [inputs.means.get(key) for _wave, inputs in closed],
        }
        for key in keys
        if any(inputs.means.get(key) is not None for _wave, inputs in closed)
    ]
    overall = [timeline.overall_mean(inputs.means) for _wave, inputs in closed]
    by_id = {milestone.pk: milestone for milestone in milestones}
    return {
        "drawing": drawing,
        "marks": [{"mark": mark, "milestone": by_id[mark.id]} for mark in drawing.milestones],
        "milestones": milestones,
        "waves": waves,
        "closed_waves": [wave for wave, _inputs in closed],
        "respondents": {pk: result.respondents for pk, result in found.items()},
        "scan_rows": scan_rows,
        "overall": overall,
        "plans": plans,
    }


@login_required
def timeline_page(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "timeline.view", region)
    context = timeline_context(request.user, region, _today())
    context.update(region=region, can_manage=policy.can(request.user, "timeline.manage", region))
    return render(request, "collaboration/timeline.html", context)


def _milestone_form(request: HttpRequest, region: Any, **kwargs: Any) -> MilestoneForm:
    return MilestoneForm(
        request.POST or None,
        waves=Wave.objects.filter(region=region).order_by("-opens_on", "-pk"),
        actions=Action.objects.filter(plan__region=region)
        .select_related("plan")
        .order_by("-plan__starts_on", "title", "pk"),
        **kwargs,
    )


def _milestone_page(
    request: HttpRequest, form: MilestoneForm, milestone: Milestone | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "collaboration/milestone_form.html",
        {"form": form, "milestone": milestone},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "timeline.manage", region)
    initial: dict[str, Any] = {"date": _today()}
    for name in ("wave", "action"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    form = _milestone_form(request, region, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.add_milestone(actor=request.user, region=region, **form.cleaned_data)
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The milestone is on the timeline."))
                return redirect("collaboration:timeline")
        return _milestone_page(request, form, None, status=400)
    return _milestone_page(request, form, None)


def _milestone(request: HttpRequest, pk: int) -> Milestone:
    milestone = policy.get_visible_or_404(
        request.user, Milestone.objects.select_related("region"), pk=pk
    )
    policy.require(request.user, "timeline.manage", milestone.region)
    return milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_update(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    form = _milestone_form(request, milestone.region, initial=MilestoneForm.initial_for(milestone))
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_services.update_milestone(
                    actor=request.user, milestone=milestone, **form.cleaned_data
                )
            except plan_services.PlanError as error:
                add_problem(form, error.code)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("collaboration:timeline")
        return _milestone_page(request, form, milestone, status=400)
    return _milestone_page(request, form, milestone)


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk)
    plan_services.remove_milestone(actor=request.user, milestone=milestone)
    messages.success(request, _("The milestone has been removed from the timeline."))
    return redirect("collaboration:timeline")


# --- Overview ------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The region's learning at a glance: its scan, its current plan and its timeline."""
    region = _region(request)
    policy.require(request.user, "plan.view", region)
    today = _today()
    user = request.user
    waves = list(
        policy.visible(user, Wave.objects.filter(region=region))
        .with_counts()
        .order_by("-opens_on", "-pk")[:2]
    )
    latest_closed = (
        policy.visible(user, Wave.objects.filter(region=region, status=WaveStatus.CLOSED))
        .order_by("-opens_on", "-pk")
        .first()
    )
    open_wave = next((wave for wave in waves if wave.is_open), None)
    plan = (
        policy.visible(user, ActionPlan.objects.filter(region=region))
        .exclude(status=PlanStatus.DRAFT)
        .select_related("region", "lead_organisation", "next_lead_organisation")
        .order_by("-starts_on", "-pk")
        .first()
    )
    context: dict[str, Any] = {
        "region": region,
        "open_wave": open_wave,
        "latest_closed": latest_closed,
        "plan": plan,
        "milestones": list(
            policy.visible(user, Milestone.objects.filter(region=region)).order_by("-date", "-pk")[
                :OVERVIEW_MILESTONES
            ]
        ),
        "can_manage": policy.can(request.user, "plan.manage", region),
        "can_manage_scan": policy.can(request.user, "scan.manage", region),
    }
    if latest_closed is not None:
        found = selectors.wave_results([latest_closed])[latest_closed.pk]
        context["latest_result"] = found
        context["latest_means"] = [
            (dimension.title, dimension.overall.mean if dimension.overall else None)
            for dimension in found.dimensions
        ]
    if plan is not None:
        titles = dimension_titles()
        goals = plan_goal_rows(plan, today, titles)
        measured = [row for row in goals if row["progress"] is not None]
        actions = list(Action.objects.filter(plan=plan).only("status", "due_on"))
        context.update(
            goals=goals,
            met=sum(1 for row in measured if row["progress"].met),
            measured=len(measured),
            counts=_status_counts(actions, today),
        )
    return render(request, "collaboration/overview.html", context)
