"""The programme team's pages for learning days, and the list of days for everyone in the
programme.

- Everyone with ``learningday.view`` sees the days that are not drafts, their programme and the
  public registration link (to register themselves).
- ``learningday.manage`` (the programme team) creates and changes days, sessions and learning
  tables, opens and closes registration, and works with the participant list: counts per region
  and role, the waiting list, filters, export, giving a place and cancelling.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participatienet import exports
from participatienet.accounts import audit, policy
from participatienet.exchange import selectors, services
from participatienet.exchange.choices import DAY_TRANSITIONS, DayStatus, RegistrationStatus
from participatienet.exchange.forms import (
    DayStatusForm,
    ExportForm,
    LearningDayForm,
    LearningTableForm,
    ParticipantFilterForm,
    PromoteForm,
    SessionForm,
)
from participatienet.exchange.models import (
    DayReport,
    LearningDay,
    LearningTable,
    Registration,
    Session,
)
from participatienet.regions.models import Region

#: The buttons that change a day's status, by target status.
STATUS_ACTIONS = {
    DayStatus.OPEN: gettext_lazy("Open registration"),
    DayStatus.CLOSED: gettext_lazy("Close registration"),
    DayStatus.DRAFT: gettext_lazy("Back to draft"),
    DayStatus.HELD: gettext_lazy("Mark as held"),
}

#: What went wrong, per ``services.ExchangeError.code``.
ERRORS = {
    "transition": gettext_lazy("The status of this day changed in the meantime. Look again."),
    "not_yet": gettext_lazy("A day can only be marked as held on or after its date."),
    "past": gettext_lazy("This day has passed."),
    "has_registrations": gettext_lazy(
        "People have registered already: close registration instead of going back to draft."
    ),
    "capacity_below_confirmed": gettext_lazy(
        "More people than this already have a place. Cancel registrations first, or keep more "
        "places."
    ),
    "has_tables": gettext_lazy(
        "This session has learning tables. Remove them first, then change its kind."
    ),
    "not_tables": gettext_lazy("Only a session of learning tables has tables."),
    "full": gettext_lazy(
        "The day is full. Tick the box to give a place anyway, one above the number of places."
    ),
    "not_waiting": gettext_lazy("This person is no longer on the waiting list."),
    "already_cancelled": gettext_lazy("This registration was cancelled already."),
    "closed": gettext_lazy("Registration is closed."),
    "has_insights": gettext_lazy(
        "Reporters have written insights for the groups of this session: it cannot be removed."
    ),
}


def _error(code: str) -> str:
    return str(ERRORS.get(code, ERRORS["transition"]))


def _day(request: HttpRequest, pk: int, *, manage: bool = False) -> LearningDay:
    policy.require(request.user, "learningday.view")
    day = policy.get_visible_or_404(request.user, LearningDay.objects.with_counts(), pk=pk)
    if manage:
        policy.require(request.user, "learningday.manage", day)
    return day


# --- Days ----------------------------------------------------------------------------------------


@login_required
@require_GET
def day_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "learningday.view")
    days = policy.visible(request.user, LearningDay.objects.with_counts())
    today = timezone.localdate()
    return render(
        request,
        "exchange/day_list.html",
        {
            "upcoming": list(days.upcoming(today).order_by("date", "pk")),
            "past": list(days.past(today).order_by("-date", "pk")),
            "can_manage": policy.can(request.user, "learningday.manage"),
            "today": today,
        },
    )


def _detail_context(request: HttpRequest, day: LearningDay, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_manage = policy.can(user, "learningday.manage", day)
    today = timezone.localdate()
    mine = None
    if getattr(user, "email", ""):
        mine = day.registrations.active().filter(email=user.email.lower()).first()
    return {
        "day": day,
        "sessions": selectors.programme(day),
        "can_manage": can_manage,
        "problem": day.registration_problem(today),
        "free_places": max(day.capacity - day.confirmed_count, 0),
        "registration_url": day.registration_url(),
        "my_registration": mine,
        "report": DayReport.objects.filter(day=day).first(),
        "status_actions": [
            (status, STATUS_ACTIONS[status])
            for status in DayStatus.values
            if can_manage and status in DAY_TRANSITIONS[day.status]
        ],
        **extra,
    }


@login_required
@require_GET
def day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    return render(request, "exchange/day_detail.html", _detail_context(request, day))


@login_required
@require_http_methods(["GET", "POST"])
def day_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "learningday.manage")
    form = LearningDayForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                day = services.create_day(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "The day has been created as a draft. Add its programme, then open "
                        "registration."
                    ),
                )
                return redirect(day)
        return render(request, "exchange/day_form.html", {"form": form}, status=400)
    return render(request, "exchange/day_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def day_update(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = LearningDayForm(request.POST or None, initial=LearningDayForm.initial_for(day))
    context = {"form": form, "day": day}
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_day(actor=request.user, day=day, **form.cleaned_data)
            except services.ExchangeError as error:
                form.add_error("capacity", _error(error.code))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The changes have been saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(day)
        return render(request, "exchange/day_form.html", context, status=400)
    return render(request, "exchange/day_form.html", context)


@login_required
@require_POST
def day_status(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = DayStatusForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, day, status_error=_error("transition"))
        return render(request, "exchange/day_detail.html", context, status=400)
    try:
        services.set_day_status(actor=request.user, day=day, status=form.cleaned_data["status"])
    except services.ExchangeError as error:
        context = _detail_context(request, day, status_error=_error(error.code))
        return render(request, "exchange/day_detail.html", context, status=409)
    messages.success(request, _("The status of the day has been changed."))
    return redirect(day)


# --- Sessions and learning tables ----------------------------------------------------------------


def _session(request: HttpRequest, day: LearningDay, session_pk: int) -> Session:
    return policy.get_visible_or_404(request.user, Session.objects.filter(day=day), pk=session_pk)


def _session_form_page(
    request: HttpRequest, day: LearningDay, session: Session | None
) -> HttpResponse:
    initial = SessionForm.initial_for(session) if session else {}
    form = SessionForm(request.POST or None, initial=initial)
    context = {"form": form, "day": day, "session": session}
    if request.method != "POST":
        return render(request, "exchange/session_form.html", context)
    if form.is_valid():
        try:
            if session is None:
                services.add_session(actor=request.user, day=day, **form.cleaned_data)
                messages.success(request, _("The session has been added."))
            else:
                services.update_session(actor=request.user, session=session, **form.cleaned_data)
                messages.success(request, _("The session has been saved."))
        except services.ExchangeError as error:
            form.add_error("kind", _error(error.code))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{day.get_absolute_url()}#programme")
    return render(request, "exchange/session_form.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _session_form_page(request, day, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _session_form_page(request, day, _session(request, day, session))


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    try:
        services.remove_session(actor=request.user, session=_session(request, day, session))
    except services.ExchangeError as error:
        context = _detail_context(request, day, status_error=_error(error.code))
        return render(request, "exchange/day_detail.html", context, status=409)
    messages.success(request, _("The session has been removed."))
    return redirect(f"{day.get_absolute_url()}#programme")


def _table_form_page(
    request: HttpRequest, day: LearningDay, session: Session, table: LearningTable | None
) -> HttpResponse:
    taken = set(
        session.tables.exclude(pk=table.pk if table else None).values_list("theme", flat=True)
    )
    initial = LearningTableForm.initial_for(table) if table else {}
    form = LearningTableForm(request.POST or None, initial=initial, taken=taken)
    context = {"form": form, "day": day, "session": session, "table": table}
    if request.method != "POST":
        return render(request, "exchange/table_form.html", context)
    if form.is_valid():
        try:
            if table is None:
                services.add_table(actor=request.user, session=session, **form.cleaned_data)
                messages.success(request, _("The learning table has been added."))
            else:
                services.update_table(actor=request.user, table=table, **form.cleaned_data)
                messages.success(request, _("The learning table has been saved."))
        except services.ExchangeError as error:
            form.add_error(None, _error(error.code))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{day.get_absolute_url()}#session-{session.pk}")
    return render(request, "exchange/table_form.html", context, status=400)


def _table(request: HttpRequest, day: LearningDay, table_pk: int) -> LearningTable:
    return policy.get_visible_or_404(
        request.user,
        LearningTable.objects.filter(session__day=day).select_related("session"),
        pk=table_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def table_create(request: HttpRequest, pk: int, session: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _table_form_page(request, day, _session(request, day, session), None)


@login_required
@require_http_methods(["GET", "POST"])
def table_update(request: HttpRequest, pk: int, table: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _table(request, day, table)
    return _table_form_page(request, day, found.session, found)


@login_required
@require_POST
def table_delete(request: HttpRequest, pk: int, table: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _table(request, day, table)
    services.remove_table(actor=request.user, table=found)
    messages.success(request, _("The learning table has been removed."))
    return redirect(f"{day.get_absolute_url()}#session-{found.session_id}")


# --- Participants --------------------------------------------------------------------------------


def _filters(form: ParticipantFilterForm) -> selectors.Filters:
    data = form.cleaned_data
    return selectors.Filters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        region=data.get("region"),
        role=data.get("role") or "",
    )


def _participants_page(
    request: HttpRequest,
    day: LearningDay,
    *,
    form: ParticipantFilterForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    form = form or ParticipantFilterForm(request.GET)
    valid = form.is_valid()
    registrations = list(selectors.participants(day, _filters(form))) if valid else []
    regions = list(Region.objects.order_by("name"))
    ranks = selectors.waiting_ranks(day)
    waiting = list(
        selectors.participants(day, selectors.Filters(status=RegistrationStatus.WAITING))
    )
    for registration in (*registrations, *waiting):
        registration.rank = ranks.get(registration.pk)
    audit.record(
        actor=request.user,
        action="registration.listed",
        obj=day,
        fields=["name", "email", "organisation_name", "dietary_needs", "access_needs"],
        detail=f"{len(registrations)} registrations shown",
    )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "exchange/participant_list.html",
        {
            "day": day,
            "form": form,
            "registrations": registrations,
            "waiting": waiting,
            "per_region": selectors.counts_per_region(day, regions),
            "per_role": selectors.counts_per_role(day),
            "free_places": max(day.capacity - day.confirmed_count, 0),
            "is_full": day.confirmed_count >= day.capacity,
            "query": query.urlencode(),
            "action_error": error,
            "is_past": day.date < timezone.localdate(),
        },
        status=status if valid else 400,
    )


@login_required
@require_GET
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    return _participants_page(request, day)


@login_required
@require_GET
def participant_export(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _participants_page(request, day, form=form, status=400)
    registrations = list(selectors.participants(day, _filters(form)))
    audit.record(
        actor=request.user,
        action="registration.exported",
        obj=day,
        fields=["name", "email", "organisation_name", "dietary_needs", "access_needs"],
        detail=f"{len(registrations)} registrations as {form.cleaned_data['format']}",
    )
    return exports.response(
        form.cleaned_data["format"],
        f"deelnemers-{day.date.isoformat()}",
        selectors.export_headers(),
        selectors.export_rows(registrations, selectors.waiting_ranks(day)),
        title=_("Participants"),
    )


def _registration(request: HttpRequest, day: LearningDay, registration_pk: int) -> Registration:
    return policy.get_visible_or_404(
        request.user, Registration.objects.filter(day=day), pk=registration_pk
    )


def _participants_url(day: LearningDay) -> str:
    return reverse("exchange:participant_list", kwargs={"pk": day.pk})


@login_required
@require_POST
def registration_promote(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _registration(request, day, registration)
    form = PromoteForm(request.POST)
    form.is_valid()
    try:
        services.promote(
            actor=request.user,
            registration=found,
            over_capacity=form.cleaned_data.get("over_capacity", False),
        )
    except services.ExchangeError as error:
        day = _day(request, pk, manage=True)
        return _participants_page(
            request, day, form=ParticipantFilterForm({}), status=409, error=_error(error.code)
        )
    messages.success(
        request, _("%(name)s now has a place and gets an e-mail.") % {"name": found.name}
    )
    return redirect(_participants_url(day))


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _registration(request, day, registration)
    try:
        promoted = services.cancel_registration(actor=request.user, registration=found)
    except services.ExchangeError as error:
        day = _day(request, pk, manage=True)
        return _participants_page(
            request, day, form=ParticipantFilterForm({}), status=409, error=_error(error.code)
        )
    message = _("The registration of %(name)s has been cancelled.") % {"name": found.name}
    if promoted:
        message += " " + _("The place went to %(names)s from the waiting list.") % {
            "names": ", ".join(r.name for r in promoted)
        }
    messages.success(request, message)
    return redirect(_participants_url(day))
