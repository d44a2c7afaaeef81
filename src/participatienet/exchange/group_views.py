"""The programme team's pages for the groups of a learning day (``learningday.manage``).

- the day's groups: the sessions in groups with their plans, the printables and the export;
- a session's groups: the groups per round with their members, the quality score next to
  drawing lots and the hand-made way, warnings, moving someone (the page then shows how the
  score changed), reporters, rooms, and forming (or replacing) the groups;
- the pair rules of the day: keep two people apart or together;
- printables: group lists of a session, name badges, a sheet per room.

Group data is personal (names, organisations, regions): only the programme team sees it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participatienet import exports
from participatienet.accounts import audit, policy
from participatienet.exchange import group_selectors, group_services
from participatienet.exchange.group_forms import (
    FormGroupsForm,
    GroupExportForm,
    MoveForm,
    PairRuleForm,
    ReporterForm,
    RoomsForm,
)
from participatienet.exchange.models import (
    DayReport,
    Group,
    GroupPlan,
    LearningDay,
    PairRule,
    Registration,
    Session,
)
from participatienet.exchange.views import _day

#: What went wrong, per ``group_services.GroupError.code``.
ERRORS = {
    "not_in_groups": gettext_lazy("Groups are formed only for sessions in groups."),
    "plan_exists": gettext_lazy("This session has groups already. Tick the box to replace them."),
    "has_insights": gettext_lazy(
        "Reporters have written insights for these groups: they cannot be replaced any more."
    ),
    "too_few": gettext_lazy("Groups need at least two confirmed participants."),
    "no_group_size": gettext_lazy(
        "Set the number of people per group for this session first (edit the session)."
    ),
    "no_tables": gettext_lazy("Add the learning tables of this session first."),
    "seats": gettext_lazy(
        "The tables have fewer places than there are participants. Add places or tables."
    ),
    "rules": gettext_lazy(
        "The pair rules cannot all be kept: more people must stay together than fit in a "
        "group. Remove a keep-together rule."
    ),
    "not_member": gettext_lazy("This person is not in a group of this round."),
    "wrong_group": gettext_lazy("Choose a group of the same round."),
    "same_group": gettext_lazy("This person is in that group already."),
    "no_plan": gettext_lazy("Form the groups first."),
    "report_closed": gettext_lazy(
        "The report of this day no longer takes input: open it again to send links."
    ),
    "same_person": gettext_lazy(
        "A person cannot be paired with themself. Choose two different people."
    ),
    "not_of_day": gettext_lazy("Choose two people who are registered for this day."),
    "rule_exists": gettext_lazy("These two people have this rule already."),
    "both_kinds": gettext_lazy(
        "These two people already have the opposite rule: a pair cannot be kept both apart "
        "and together. Remove the other rule first."
    ),
    "conflict": gettext_lazy(
        "Through other keep-together rules these two would have to be both apart and together. "
        "Remove one of those rules first."
    ),
    "too_many_together": gettext_lazy(
        "More people would have to stay together than fit in one mixed group."
    ),
    "kind": gettext_lazy("Choose keep apart or keep together."),
}


def _error(code: str) -> str:
    return str(ERRORS.get(code, ERRORS["not_in_groups"]))


def _session(request: HttpRequest, day: LearningDay, session_pk: int) -> Session:
    session = policy.get_visible_or_404(
        request.user, Session.objects.filter(day=day).select_related("day"), pk=session_pk
    )
    if not session.in_groups:
        raise Http404
    return session


def _groups_url(session: Session) -> str:
    return reverse("exchange:session_groups", kwargs={"pk": session.day_id, "session": session.pk})


# --- The day's groups ----------------------------------------------------------------------------


def _day_groups_page(
    request: HttpRequest, day: LearningDay, *, status: int = 200, error: str = ""
) -> HttpResponse:
    report = DayReport.objects.filter(day=day).first()
    return render(
        request,
        "exchange/day_groups.html",
        {
            "day": day,
            "sessions": group_selectors.group_sessions(day),
            "rules": PairRule.objects.filter(day=day).count(),
            "report": report,
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def day_groups(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _day_groups_page(request, day)


@login_required
@require_GET
def groups_export(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = GroupExportForm(request.GET)
    if not form.is_valid():
        return _day_groups_page(
            request, day, status=400, error=_("Choose CSV or XLSX to export the groups.")
        )
    rows = list(group_selectors.export_rows(day))
    audit.record(
        actor=request.user,
        action="groupmember.exported",
        obj=day,
        fields=["name", "organisation_name", "region", "role"],
        detail=f"{len(rows)} rows as {form.cleaned_data['format']}",
    )
    return exports.response(
        form.cleaned_data["format"],
        f"groepen-{day.date.isoformat()}",
        group_selectors.export_headers(),
        rows,
        title=_("Groups"),
    )


# --- A session's groups --------------------------------------------------------------------------


def _groups_page(
    request: HttpRequest,
    day: LearningDay,
    session: Session,
    *,
    status: int = 200,
    form: FormGroupsForm | None = None,
    error: str = "",
) -> HttpResponse:
    page = group_selectors.plan_page(session)
    if page.plan is not None:
        audit.record(
            actor=request.user,
            action="groupmember.listed",
            obj=session,
            fields=["name", "organisation_name", "region", "role"],
            detail=f"{page.placed} people in groups",
        )
    moved = request.GET.get("moved", "")
    context: dict[str, Any] = {
        "day": day,
        "session": session,
        "page": page,
        "plan": page.plan,
        "form": form or FormGroupsForm(has_plan=page.plan is not None),
        "rooms_form": RoomsForm(),
        "error": error,
        "moved": int(moved) if moved.isdigit() else None,
        "report": DayReport.objects.filter(day=day).first(),
    }
    return render(request, "exchange/session_groups.html", context, status=status)


@login_required
@require_GET
def session_groups(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _groups_page(request, day, _session(request, day, session))


@login_required
@require_POST
def groups_form(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _session(request, day, session)
    has_plan = GroupPlan.objects.filter(session=found).exists()
    form = FormGroupsForm(request.POST, has_plan=has_plan)
    if not form.is_valid():
        return _groups_page(request, day, found, status=400, form=form)
    try:
        plan = group_services.form_groups(
            actor=request.user,
            session=found,
            replace=form.cleaned_data["replace"],
            rooms=form.room_list,
        )
    except group_services.GroupError as error:
        return _groups_page(request, day, found, status=409, error=_error(error.code))
    if plan.score:
        messages.success(
            request,
            _(
                "The groups have been formed. Quality %(quality)s out of 100; drawing lots "
                "would give %(random)s."
            )
            % {"quality": plan.score["quality"], "random": plan.random_score.get("quality")},
        )
    else:
        messages.success(request, _("The region groups have been formed."))
    return redirect(_groups_url(found))


def _plan(session: Session) -> GroupPlan:
    plan = GroupPlan.objects.filter(session=session).first()
    if plan is None:
        raise Http404
    return plan


@login_required
@require_POST
def group_move(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _session(request, day, session)
    plan = _plan(found)
    options: dict[int, list[tuple[int, str]]] = {}
    for group_pk, number in plan.groups.values_list("pk", "round"):
        options.setdefault(number, []).append((group_pk, ""))
    placed = set(plan.members.values_list("round", "registration_id"))
    form = MoveForm(request.POST, options=options, placed=placed)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _groups_page(request, day, found, status=400, error=message)
    data = form.cleaned_data
    registration = Registration.objects.get(pk=data["registration"])
    target = Group.objects.get(pk=data["group"])
    try:
        move = group_services.move_member(
            actor=request.user,
            plan=plan,
            registration=registration,
            round=data["round"],
            group=target,
        )
    except group_services.GroupError as error:
        return _groups_page(request, day, found, status=409, error=_error(error.code))
    text = _("%(name)s now sits in %(group)s (round %(round)s).") % {
        "name": registration.name,
        "group": target.display_label,
        "round": data["round"],
    }
    if move.before:
        text += " " + _("Quality %(before)s → %(after)s.") % {
            "before": move.before["quality"],
            "after": move.after["quality"],
        }
    messages.success(request, text)
    return redirect(f"{_groups_url(found)}?moved={registration.pk}#score")


@login_required
@require_POST
def group_reporter(request: HttpRequest, pk: int, group: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = policy.get_visible_or_404(
        request.user,
        Group.objects.filter(plan__session__day=day).select_related("plan__session"),
        pk=group,
    )
    members = [m.registration for m in found.members.select_related("registration").order_by("pk")]
    form = ReporterForm(request.POST, members=members)
    session = found.plan.session
    if not form.is_valid():
        return _groups_page(
            request, day, session, status=400, error=_("Choose a member of this group.")
        )
    chosen = next((r for r in members if r.pk == form.cleaned_data["registration"]), None)
    group_services.set_reporter(actor=request.user, group=found, registration=chosen)
    if chosen is None:
        messages.success(request, _("%(group)s has no reporter now.") % {"group": found})
    else:
        messages.success(
            request,
            _("%(name)s is the reporter of %(group)s.") % {"name": chosen.name, "group": found},
        )
    return redirect(f"{_groups_url(session)}#group-{found.pk}")


@login_required
@require_POST
def group_rooms(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _session(request, day, session)
    plan = _plan(found)
    form = RoomsForm(request.POST)
    if not form.is_valid():
        return _groups_page(
            request, day, found, status=400, error=_("Type the rooms, at most 1,000 characters.")
        )
    changed = group_services.set_rooms(actor=request.user, plan=plan, rooms=form.room_list)
    messages.success(request, _("Rooms saved: %(count)s groups changed room.") % {"count": changed})
    return redirect(_groups_url(found))


@login_required
@require_POST
def reporter_links(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _session(request, day, session)
    try:
        sent = group_services.send_reporter_links(actor=request.user, session=found)
    except group_services.GroupError as error:
        return _groups_page(request, day, found, status=409, error=_error(error.code))
    text = _("Links sent to %(count)s reporters.") % {"count": sent.sent}
    if sent.without_reporter:
        text += " " + _("%(count)s groups have no reporter yet.") % {"count": sent.without_reporter}
    messages.success(request, text)
    return redirect(_groups_url(found))


# --- Pair rules ----------------------------------------------------------------------------------


def _pair_page(
    request: HttpRequest, day: LearningDay, form: PairRuleForm, *, status: int = 200
) -> HttpResponse:
    rules = list(
        policy.visible(request.user, PairRule.objects.filter(day=day))
        .select_related("a__region", "b__region")
        .order_by("kind", "a__name", "pk")
    )
    return render(
        request,
        "exchange/pair_rules.html",
        {"day": day, "form": form, "rules": rules},
        status=status,
    )


def _people(day: LearningDay) -> Any:
    return day.registrations.active().select_related("region").order_by("name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def pair_rules(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = PairRuleForm(request.POST or None, registrations=_people(day))
    if request.method != "POST":
        return _pair_page(request, day, form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            group_services.add_pair_rule(
                actor=request.user,
                day=day,
                a=data["a"],
                b=data["b"],
                kind=data["kind"],
                note=data.get("note", ""),
            )
        except group_services.GroupError as error:
            form.add_error(None, _error(error.code))
        else:
            messages.success(request, _("The rule has been added."))
            return redirect(reverse("exchange:pair_rules", kwargs={"pk": day.pk}))
    return _pair_page(request, day, form, status=400)


@login_required
@require_POST
def pair_rule_delete(request: HttpRequest, pk: int, rule: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = policy.get_visible_or_404(request.user, PairRule.objects.filter(day=day), pk=rule)
    group_services.remove_pair_rule(actor=request.user, rule=found)
    messages.success(request, _("The rule has been removed."))
    return redirect(reverse("exchange:pair_rules", kwargs={"pk": day.pk}))


# --- Printables ----------------------------------------------------------------------------------


@login_required
@require_GET
def groups_print(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _session(request, day, session)
    printed = group_selectors.session_print(found)
    audit.record(
        actor=request.user,
        action="groupmember.printed",
        obj=found,
        fields=["name", "organisation_name", "region", "role"],
    )
    return render(
        request,
        "exchange/print_groups.html",
        {"day": day, "session": found, "printed": printed},
    )


@login_required
@require_GET
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = group_selectors.badges(day)
    audit.record(
        actor=request.user,
        action="registration.badges",
        obj=day,
        fields=["name", "organisation_name", "region"],
        detail=f"{len(found)} badges",
    )
    return render(request, "exchange/print_badges.html", {"day": day, "badges": found})


@login_required
@require_GET
def room_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    sheets = group_selectors.room_sheets(day)
    audit.record(
        actor=request.user,
        action="groupmember.printed",
        obj=day,
        fields=["name", "organisation_name", "region"],
        detail="sheets per room",
    )
    return render(request, "exchange/print_rooms.html", {"day": day, "sheets": sheets})
