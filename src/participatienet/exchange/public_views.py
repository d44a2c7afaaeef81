"""The public pages of a learning day, for people without an account.

- ``register``: anyone with the day's link (``/leerdagen/<code>/inschrijven/``) sees the day and
  its programme and registers. A full day puts them on the waiting list, and the page says so.
  When registration is not open (draft, closed, deadline passed, day over) the page says why and
  a POST writes nothing (409). Bad input re-renders the form with 400 and writes nothing.
- ``cancel``: the personal link from the confirmation e-mail. GET shows what will be cancelled
  and changes nothing; POST cancels, frees the place for the first on the waiting list and uses
  the link up. An altered link answers 400, an expired one 410, a second cancellation 410 with
  a page that says the registration is cancelled already.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatienet.accounts import links
from participatienet.exchange import selectors, services
from participatienet.exchange.choices import RegistrationStatus
from participatienet.exchange.forms import RegistrationForm
from participatienet.exchange.models import LearningDay, Registration

#: Status codes of the cancel link's problem pages.
CANCEL_STATUS = {"invalid": 400, "expired": 410, "cancelled": 410, "past": 410}


def _public(response: HttpResponse) -> HttpResponse:
    """Pages reached by link: not cached, not indexed, the address (a code) never sent on."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed_message(problem: str) -> str:
    return {
        "not_open": _("Registration for this day has not opened yet. Try again later."),
        "closed": _("Registration for this day is closed."),
        "deadline": _("The last day to register has passed."),
        "past": _("This day has taken place. Registration is no longer possible."),
    }[problem]


# --- Registering ---------------------------------------------------------------------------------


def _register_page(
    request: HttpRequest,
    day: LearningDay,
    form: RegistrationForm | None,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "day": day,
        "form": form,
        "problem": problem,
        "closed_message": _closed_message(problem) if problem else "",
        "sessions": selectors.programme(day) if problem != "not_open" else [],
        "free_places": services.free_places(day),
    }
    return _public(render(request, "exchange/public/register.html", context, status=status))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, token: str) -> HttpResponse:
    day = get_object_or_404(LearningDay, public_token=token)
    problem = day.registration_problem(timezone.localdate())
    if problem:
        return _register_page(
            request, day, None, problem=problem, status=200 if request.method == "GET" else 409
        )
    tables = services.tables_of(day)
    user = request.user
    if request.method != "POST":
        initial = {}
        if user.is_authenticated:
            initial = {"name": user.get_full_name(), "email": user.email}
        return _register_page(request, day, RegistrationForm(initial=initial, tables=tables))
    form = RegistrationForm(request.POST, tables=tables)
    if not form.is_valid():
        return _register_page(request, day, form, status=400)
    try:
        registration = services.register(
            actor=user if user.is_authenticated else None, day=day, **form.registration_fields()
        )
    except services.AlreadyRegistered as already:
        services.resend_link(registration=already.registration)
        return _public(
            render(
                request,
                "exchange/public/register_already.html",
                {"day": day, "registration": already.registration},
            )
        )
    except services.RegistrationClosed as closed:
        return _register_page(request, day, None, problem=closed.code, status=409)
    except services.ExchangeError:
        form.add_error(
            None, _("The themes of the learning tables have changed: choose your themes again.")
        )
        return _register_page(request, day, form, status=400)
    return _public(
        render(
            request,
            "exchange/public/register_done.html",
            {
                "day": day,
                "registration": registration,
                "rank": services.waiting_rank(registration),
            },
        )
    )


# --- Cancelling by link --------------------------------------------------------------------------


def _cancel_problem(
    request: HttpRequest, reason: str, registration: Registration | None = None
) -> HttpResponse:
    pages = {
        "invalid": (
            _("This link does not work"),
            _(
                "The link is incomplete or has been changed. Open it again from the e-mail, or "
                "copy the whole link."
            ),
        ),
        "expired": (
            _("This link has expired"),
            _("The link to cancel works until the day itself, and that has passed."),
        ),
        "cancelled": (
            _("This registration has been cancelled already"),
            _("You do not need to do anything: your place has been given to someone else."),
        ),
        "past": (
            _("This day has taken place"),
            _("A registration can no longer be cancelled after the day."),
        ),
    }
    title, body = pages[reason]
    context = {
        "reason": reason,
        "title": title,
        "body": body,
        "calm": reason == "cancelled",
        "registration": registration,
    }
    return _public(
        render(request, "exchange/public/problem.html", context, status=CANCEL_STATUS[reason])
    )


def _link_reason(error: links.LinkError) -> str:
    # A used cancel link means the registration was cancelled with it.
    return "cancelled" if error.reason == "used" else error.reason


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        try:
            registration = services.registration_by_link(token)
        except links.LinkError as error:
            return _cancel_problem(request, _link_reason(error))
        if registration.status == RegistrationStatus.CANCELLED:
            return _cancel_problem(request, "cancelled", registration)
        if registration.day.date < timezone.localdate():
            return _cancel_problem(request, "past", registration)
        return _public(
            render(
                request,
                "exchange/public/cancel.html",
                {
                    "registration": registration,
                    "day": registration.day,
                    "rank": services.waiting_rank(registration),
                },
            )
        )
    try:
        registration = services.cancel_by_link(raw=token)
    except links.LinkError as error:
        return _cancel_problem(request, _link_reason(error))
    except services.RegistrationClosed:
        return _cancel_problem(request, "past")
    except services.ExchangeError:
        return _cancel_problem(request, "cancelled")
    return _public(
        render(
            request,
            "exchange/public/cancel_done.html",
            {"registration": registration, "day": registration.day},
        )
    )
