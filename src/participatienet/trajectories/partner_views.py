"""The offer partner's pages in the app: its to-do list, and answering referrals, confirming
hours and giving feedback by account (the same work as the signed links, ``via="account"``).

Objects come through ``policy.get_visible_or_404`` (outside the user's scope: 404), actions
through ``policy.require`` (a role that may not do it: 403):
- answering a referral: ``participation.answer`` (the hosting partner contact, or whoever runs
  the trajectory: they may record an answer given by phone);
- confirming hours: ``hours.confirm`` (only the hosting partner contact);
- giving the partner's feedback: the policy has no action of its own for it; it is the offer's
  side speaking, so it takes ``hours.confirm`` (only the hosting partner contact).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from participatienet.accounts import policy
from participatienet.network.models import Organisation
from participatienet.trajectories import link_services, services
from participatienet.trajectories.choices import HourStatus, ParticipationStatus
from participatienet.trajectories.link_forms import (
    PARTNER_SCALE_LABELS,
    HoursForm,
    PartnerFeedbackForm,
    ReferralAnswerForm,
    parse_entry_ids,
    scales_of,
)
from participatienet.trajectories.models import HourEntry, Participation

#: Items per section of the to-do page (the oldest first; the totals are always complete).
TODO_PAGE_LIMIT = 50
#: Entries already handled that the hours page shows for context.
HANDLED_LIMIT = 20


def _participation(request: HttpRequest, pk: int) -> Participation:
    return policy.get_visible_or_404(
        request.user,
        Participation.objects.select_related(*link_services.PARTICIPATION_RELATED),
        pk=pk,
    )


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """Everything the partner contact's organisations have to do, the oldest first."""
    policy.require(request.user, "partner_todo.view")
    organisation_ids = link_services.partner_organisation_ids(request.user)
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name"))
    work = link_services.partner_todo(
        request.user, organisation_ids=organisation_ids, limit=TODO_PAGE_LIMIT
    )
    return render(
        request,
        "trajectories/partner/todo.html",
        {
            "organisations": organisations,
            "todo": work,
            "limit": TODO_PAGE_LIMIT,
            "several": len(organisations) > 1,
        },
    )


# --- Referral ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    policy.require(request.user, "participation.answer", participation)
    form = ReferralAnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if participation.status != ParticipationStatus.REFERRED:
            messages.error(request, _("This referral has already been answered or closed."))
            status = 409
        elif form.is_valid():
            try:
                services.answer_referral(
                    actor=request.user,
                    participation=participation,
                    accept=form.accept,
                    reason=form.cleaned_data["reason"],
                    via="account",
                )
            except services.TrajectoryError:
                messages.error(request, _("This referral has already been answered or closed."))
                status = 409
            else:
                if form.accept:
                    messages.success(request, _("You accepted the referral. Thank you!"))
                else:
                    messages.success(request, _("You declined the referral. Thank you!"))
                return redirect("links:partner_referral", pk=participation.pk)
        else:
            status = 400
    newcomer = link_services.newcomer_for_partner(participation.trajectory.newcomer)
    link_services.record_partner_read(
        actor=request.user, newcomer=participation.trajectory.newcomer, shown=newcomer
    )
    offer = participation.offer
    return render(
        request,
        "trajectories/partner/referral.html",
        {
            "participation": participation,
            "newcomer": newcomer,
            "counsellor": link_services.counsellor_of(participation),
            "offer_schedule": (
                link_services.availability_labels(offer.schedule_mask) if offer else []
            ),
            "form": form,
            "open": participation.status == ParticipationStatus.REFERRED,
        },
        status=status,
    )


# --- Hours ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    policy.require(request.user, "hours.confirm", participation)
    status = 200
    stale = False
    hours_form = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                entries = _posted_entries(request, participation)
                hours_form = HoursForm(entries, request.POST)
                if request.POST.get("shortcut") == "all":
                    decisions = hours_form.confirm_all()
                elif hours_form.is_valid():
                    decisions = hours_form.decisions()
                else:
                    decisions = []
                changed = (
                    services.confirm_hours(
                        actor=request.user,
                        participation=participation,
                        decisions=decisions,
                        via="account",
                    )
                    if decisions
                    else []
                )
        except (ValueError, services.TrajectoryError):
            stale, status, hours_form = True, 400, None
        else:
            if not changed:
                status = 400
            else:
                confirmed = sum(1 for entry in changed if entry.status == HourStatus.CONFIRMED)
                messages.success(
                    request,
                    ngettext(
                        "Saved: %(confirmed)d of %(count)d entry confirmed.",
                        "Saved: %(confirmed)d of %(count)d entries confirmed.",
                        len(changed),
                    )
                    % {"confirmed": confirmed, "count": len(changed)},
                )
                return redirect("links:partner_hours", pk=participation.pk)
    if hours_form is None:
        hours_form = HoursForm(link_services.unconfirmed_entries(participation))
    handled = (
        participation.hour_entries.exclude(status=HourStatus.UNCONFIRMED)
        .order_by("-date", "-pk")
        .only(
            "date",
            "hours",
            "original_hours",
            "status",
            "correction_reason",
            "confirmed_by_label",
            "confirmed_via",
            "confirmed_at",
            "participation_id",
        )[:HANDLED_LIMIT]
    )
    return render(
        request,
        "trajectories/partner/hours.html",
        {
            "participation": participation,
            "hours_form": hours_form,
            "progress": link_services.progress_of(participation.trajectory),
            "stale": stale,
            "handled": handled,
            "handled_limit": HANDLED_LIMIT,
        },
        status=status,
    )


def _posted_entries(request: HttpRequest, participation: Participation) -> list[HourEntry]:
    """The entries the form was shown with, locked; ``ValueError`` unless all still wait."""
    ids = parse_entry_ids(request.POST.get("entries", ""))
    entries = list(
        HourEntry.objects.select_for_update()
        .filter(participation=participation, status=HourStatus.UNCONFIRMED, pk__in=ids)
        .order_by("date", "pk")
    )
    if len(entries) != len(ids):
        raise ValueError("stale")
    return entries


# --- Feedback ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    # No "feedback.give" action in the policy: the offer's side is who may confirm hours.
    policy.require(request.user, "feedback.give_partner", participation)
    given = link_services.partner_feedback_given(participation)
    ended = participation.status in link_services.ENDED_STATUSES
    form = PartnerFeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if given or not ended:
            messages.error(request, _("Feedback cannot be given (again) for this participation."))
            status = 409
        elif form.is_valid():
            try:
                link_services.give_partner_feedback(
                    actor=request.user, participation=participation, answers=form.answers()
                )
            except (services.TrajectoryError, IntegrityError):
                messages.error(request, _("Feedback has already been given."))
                status = 409
            else:
                messages.success(request, _("Thank you for your feedback."))
                return redirect("links:partner_feedback", pk=participation.pk)
        else:
            status = 400
    return render(
        request,
        "trajectories/partner/feedback.html",
        {
            "participation": participation,
            "form": form,
            "scales": scales_of(form, PARTNER_SCALE_LABELS),
            "given": given,
            "ended": ended,
        },
        status=status,
    )
