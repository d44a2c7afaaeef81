"""Pages of the counsellor and the coordinator: newcomers, trajectories, participations, hours,
proofs of participation and the region overview.

Each view parses, authorises (``policy``), calls one service (or operation) and renders. Objects
outside the user's scope answer 404, forbidden actions 403, bad input 400 and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatienet.accounts import policy, scope
from participatienet.accounts.models import User
from participatienet.offers import schedule
from participatienet.offers.choices import Language, PartOfDay, Theme, Weekday
from participatienet.offers.models import Offer
from participatienet.paging import paginate
from participatienet.regions.models import Municipality
from participatienet.trajectories import operations, selectors, services
from participatienet.trajectories.choices import (
    HOURS_STATUSES,
    HourStatus,
    ParticipationStatus,
    Respondent,
)
from participatienet.trajectories.forms import (
    AnswerReferralForm,
    ConfirmForm,
    EndParticipationForm,
    HourEntryForm,
    NewcomerFilterForm,
    NewcomerForm,
    OwnActivityForm,
    ParticipationFilterForm,
    ReferForm,
    StartParticipationForm,
    StopTrajectoryForm,
    error_message,
)
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

#: What a partner contact sees of a newcomer referred to its organisation (DESIGN.md).
PARTNER_FIELDS = (
    "first_name",
    "email",
    "phone",
    "preferred_channel",
    "preferred_language",
    "dutch_level",
    "needs_childcare",
    "needs_women_only",
    "needs_wheelchair",
)
#: What the trajectory and participation pages show of the newcomer.
SUMMARY_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_channel",
    "preferred_language",
    "municipality",
    "dutch_level",
    "kbi_reference",
    "counsellor",
)
#: What the search for offers reads of the profile.
PROFILE_FIELDS = (
    "municipality",
    "dutch_level",
    "themes_mask",
    "availability_mask",
    "max_distance_km",
    "needs_childcare",
    "needs_women_only",
    "needs_wheelchair",
)


# --- Helpers -----------------------------------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def _region(request: HttpRequest) -> Any:
    return getattr(request, "region", None)


def _sees_full_record(user: Any, newcomer: Newcomer) -> bool:
    """Those who follow the newcomer see the record; a partner contact only what it needs."""
    return policy.can(user, "newcomer.view_full", newcomer)


def _read_fields(user: Any, newcomer: Newcomer, fields: tuple[str, ...]) -> tuple[str, ...]:
    if _sees_full_record(user, newcomer):
        return fields
    shown = [name for name in fields if name in PARTNER_FIELDS]
    if not newcomer.consent_share_contact:
        shown = [name for name in shown if name not in ("email", "phone")]
    return tuple(shown)


def _newcomer_context(user: Any, newcomer: Newcomer, fields: tuple[str, ...]) -> dict:
    """Audits the read of what the page shows of the newcomer, and says how much it shows."""
    shown = _read_fields(user, newcomer, fields)
    services.record_newcomer_read(actor=user, newcomer=newcomer, fields=shown)
    return {
        "newcomer": newcomer,
        "full_record": _sees_full_record(user, newcomer),
        "show_contact": "email" in shown or "phone" in shown,
    }


def _trajectory(request: HttpRequest, pk: int, action: str | None = None) -> Trajectory:
    trajectory = policy.get_visible_or_404(
        request.user,
        Trajectory.objects.select_related(
            "newcomer__municipality", "newcomer__counsellor", "region", "counsellor"
        ),
        pk=pk,
    )
    if action:
        policy.require(request.user, action, trajectory)
    return trajectory


def _participation(request: HttpRequest, pk: int, action: str | None = None) -> Participation:
    participation = policy.get_visible_or_404(
        request.user,
        Participation.objects.select_related(
            "trajectory__newcomer__municipality",
            "trajectory__newcomer__counsellor",
            "trajectory__counsellor",
            "offer__contact",
            "offer__municipality",
            "organisation",
            "referred_by",
        ),
        pk=pk,
    )
    if action:
        policy.require(request.user, action, participation)
    return participation


def _participation_actions(user: Any, participation: Participation) -> None:
    """Mark what the user can do with the participation now (state and policy)."""
    status = participation.status
    participation.can_answer = status == ParticipationStatus.REFERRED and policy.can(
        user, "participation.answer", participation
    )
    participation.can_start = status == ParticipationStatus.ACCEPTED and policy.can(
        user, "participation.start", participation
    )
    participation.can_enter_hours = status in HOURS_STATUSES and policy.can(
        user, "hours.enter", participation
    )
    participation.can_end = status == ParticipationStatus.ACTIVE and policy.can(
        user, "participation.end", participation
    )


def _action_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    intro: str = "",
    submit: str,
    back: str,
    context: dict | None = None,
    status: int = 200,
    template: str = "trajectories/action_form.html",
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit,
            "back_url": back,
            **(context or {}),
        },
        status=status,
    )


def _run_action(
    request: HttpRequest,
    page: dict[str, Any],
    run: Any,
    success: Any,
    error_fields: dict[str, str] | None = None,
    then: Any = None,
) -> HttpResponse:
    """The shape every action page shares: GET shows the form; a valid POST calls ``run`` with
    the cleaned data and goes to ``then`` (or to what ``run`` returned); a refused one shows the
    service's reason on the form with status 400 and nothing changed. ``success`` is the
    message, or a function of ``run``'s result giving it."""
    form = page["form"]
    if request.method != "POST":
        return _action_page(request, **page)
    if form.is_valid():
        try:
            target = run(form.cleaned_data)
        except services.TrajectoryError as exc:
            form.add_error((error_fields or {}).get(exc.code), error_message(exc.code))
        else:
            messages.success(request, success(target) if callable(success) else success)
            return redirect(then or target)
    return _action_page(request, status=400, **page)


def _validation_messages(form: Any, exc: ValidationError) -> None:
    """Put a model's validation errors (raised inside a service) on the form's fields."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.error_dict.items():
        field = name if name in form.fields else None
        for error in errors:
            form.add_error(field, error.messages)


# --- Newcomers ---------------------------------------------------------------------------------


@login_required
def newcomer_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "newcomer.list")
    region = _region(request)
    base = policy.visible(request.user, Newcomer.objects.all())
    if region is not None:
        base = base.filter(region=region)
    counsellors = User.objects.filter(pk__in=base.values("counsellor_id")).order_by(
        "full_name", "email"
    )
    municipalities = Municipality.objects.filter(pk__in=base.values("municipality_id")).order_by(
        "name"
    )
    form = NewcomerFilterForm(request.GET, counsellors=counsellors, municipalities=municipalities)
    newcomers = selectors.newcomers_in_scope(request.user, region)
    status = 200
    order: tuple[str, ...] = ("last_name", "first_name", "pk")
    if form.is_valid():
        filters = form.cleaned_data
        for word in filters["q"].split():
            newcomers = newcomers.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(kbi_reference__icontains=word)
            )
        if filters["status"] == "none":
            newcomers = newcomers.filter(trajectory_status__isnull=True)
        elif filters["status"]:
            newcomers = newcomers.filter(trajectory_status=filters["status"])
        if filters["counsellor"] == "none":
            newcomers = newcomers.filter(counsellor__isnull=True)
        elif filters["counsellor"]:
            newcomers = newcomers.filter(counsellor_id=int(filters["counsellor"]))
        if filters["municipality"]:
            newcomers = newcomers.filter(municipality=filters["municipality"])
        if filters["waiting"]:
            newcomers = selectors.filter_waiting(newcomers, filters["waiting"])
        if filters["hours"] == "unconfirmed":
            newcomers = selectors.with_unconfirmed_hours(newcomers)
        if filters["sort"] == "waiting":
            order = ("waiting_since", "last_name", "first_name", "pk")
        elif filters["sort"] == "newest":
            order = ("-created_at", "-pk")
    else:
        status = 400
        newcomers = newcomers.none()
    if order[0] == "waiting_since":
        newcomers = newcomers.order_by(F("waiting_since").asc(nulls_last=True), *order[1:])
    else:
        newcomers = newcomers.order_by(*order)
    newcomers = newcomers.select_related("municipality", "counsellor")
    paging = paginate(request, newcomers)
    rows = list(paging["page"].object_list)
    selectors.attach_progress(rows)
    paging["page"].object_list = rows
    return render(
        request,
        "trajectories/newcomer_list.html",
        {
            "form": form,
            "region": region,
            "can_create": policy.can(request.user, "newcomer.create"),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            **paging,
        },
        status=status,
    )


def _newcomer_form(
    request: HttpRequest, newcomer: Newcomer | None = None, **kwargs: Any
) -> NewcomerForm:
    regions = scope.switchable_regions(request.user)
    return NewcomerForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        regions=regions,
        newcomer=newcomer,
        **kwargs,
    )


@login_required
def newcomer_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "newcomer.create")
    initial: dict[str, Any] = {"consent_given_on": timezone.localdate()}
    form = _newcomer_form(request, initial=initial)
    if request.user in form.fields["counsellor"].queryset:
        initial["counsellor"] = request.user.pk
    region = _region(request)
    if region is not None:
        in_region = [m.pk for m in form.fields["municipality"].queryset if m.region_id == region.pk]
        if len(in_region) == 1:
            initial["municipality"] = in_region[0]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                newcomer, trajectory = operations.register_newcomer(
                    actor=request.user, **form.service_fields()
                )
            except ValidationError as exc:
                _validation_messages(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is registered and the trajectory is open. Next step: "
                        "find a fitting offer."
                    )
                    % {"name": newcomer},
                )
                return redirect(trajectory)
        status = 400
    return render(
        request,
        "trajectories/newcomer_form.html",
        {"form": form, "newcomer": None},
        status=status,
    )


@login_required
def newcomer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    newcomer = policy.get_visible_or_404(
        request.user,
        Newcomer.objects.select_related("municipality", "region", "counsellor"),
        pk=pk,
    )
    context = _newcomer_context(request.user, newcomer, services.NEWCOMER_FIELDS)
    trajectories = list(
        policy.visible(request.user, Trajectory.objects.filter(newcomer=newcomer))
        .with_confirmed_hours()
        .select_related("counsellor")
        .order_by("-started_on", "-pk")
    )
    for trajectory in trajectories:
        trajectory.progress = selectors.Progress(
            trajectory.confirmed_hours, trajectory.required_hours
        )
    referrals = []
    if not context["full_record"]:
        referrals = list(
            policy.visible(
                request.user, Participation.objects.filter(trajectory__newcomer=newcomer)
            ).select_related("offer", "organisation")
        )
    can_change = policy.can(request.user, "newcomer.change", newcomer)
    return render(
        request,
        "trajectories/newcomer_detail.html",
        {
            **context,
            "trajectories": trajectories,
            "open_trajectory": next((t for t in trajectories if t.is_open), None),
            "referrals": referrals,
            "can_change": can_change,
            "languages": _language_labels(newcomer.languages),
            "themes": _theme_labels(newcomer.themes_mask),
            "availability": _availability_rows(newcomer.availability_mask),
        },
    )


def _language_labels(codes: list[str]) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels.get(code, code)) for code in codes or []]


def _theme_labels(mask: int) -> list[str]:
    return [str(Theme(bit).label) for bit in schedule.bits_of_mask(mask) if bit in Theme.values]


def _availability_rows(mask: int) -> list[tuple[str, list[bool]]]:
    return [
        (
            str(day_label),
            [bool(mask >> schedule.slot(day, part) & 1) for part in PartOfDay.values],
        )
        for day, day_label in Weekday.choices
    ]


@login_required
def newcomer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    newcomer = policy.get_visible_or_404(
        request.user,
        Newcomer.objects.select_related("municipality", "region", "counsellor"),
        pk=pk,
    )
    policy.require(request.user, "newcomer.change", newcomer)
    form = _newcomer_form(request, newcomer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_newcomer(
                    actor=request.user, newcomer=newcomer, **form.service_fields()
                )
            except ValidationError as exc:
                _validation_messages(form, exc)
            else:
                if changed:
                    messages.success(request, _("The changes are saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(newcomer)
        status = 400
    else:
        services.record_newcomer_read(actor=request.user, newcomer=newcomer)
    return render(
        request,
        "trajectories/newcomer_form.html",
        {"form": form, "newcomer": newcomer},
        status=status,
    )


@login_required
def newcomer_trajectory_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a new trajectory for a newcomer whose earlier one is completed or stopped."""
    newcomer = policy.get_visible_or_404(
        request.user, Newcomer.objects.select_related("municipality", "counsellor"), pk=pk
    )
    policy.require(request.user, "newcomer.change", newcomer)
    form = ConfirmForm(_posted(request))
    back = newcomer.get_absolute_url()
    page = {
        "form": form,
        "title": _("Open a new trajectory"),
        "intro": _("%(name)s starts a new participation and network trajectory, from intake.")
        % {"name": newcomer},
        "submit": _("Open a new trajectory"),
        "back": back,
    }
    return _run_action(
        request,
        page,
        lambda data: services.open_trajectory(actor=request.user, newcomer=newcomer),
        _("The new trajectory is open."),
    )


# --- Trajectories ------------------------------------------------------------------------------


@login_required
def trajectory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    newcomer = trajectory.newcomer
    context = _newcomer_context(request.user, newcomer, SUMMARY_FIELDS)
    participations = list(
        policy.visible(request.user, trajectory.participations.all()).select_related(
            "offer__contact", "organisation", "referred_by"
        )
    )
    entries = list(
        policy.visible(
            request.user,
            HourEntry.objects.filter(participation__in=[p.pk for p in participations]),
        )
    )
    totals = selectors.hour_totals(entries)
    for participation in participations:
        participation.trajectory = trajectory
        participation.hours = totals.get(participation.pk, selectors.HourTotals())
        _participation_actions(request.user, participation)
    progress = selectors.progress_of(trajectory)
    can_manage = policy.can(request.user, "trajectory.manage", trajectory)
    return render(
        request,
        "trajectories/trajectory_detail.html",
        {
            **context,
            "trajectory": trajectory,
            "participations": participations,
            "progress": progress,
            "can_manage": can_manage and trajectory.is_open,
            "stop_form": StopTrajectoryForm(),
        },
    )


@login_required
def trajectory_find_offers(request: HttpRequest, pk: int) -> HttpResponse:
    """Offers that fit the newcomer, ranked by the matching engine with the region's weights;
    each with the engine's explanation, or the engine's reason when nothing fits."""
    from participatienet.allocation import adapter
    from participatienet.matching.engine import NO_AVAILABILITY, NO_LOCATION, suggest

    trajectory = _trajectory(request, pk, "trajectory.manage")
    newcomer = trajectory.newcomer
    services.record_newcomer_read(actor=request.user, newcomer=newcomer, fields=PROFILE_FIELDS)
    search = selectors.OfferSearch()
    no_fit_reason = ""
    if not trajectory.is_open:
        search.problems.append(_("The trajectory is closed: nobody can be referred any more."))
    else:
        candidate = adapter.candidate_for(newcomer)
        taken = Participation.objects.filter(
            trajectory=trajectory, status__in=selectors.OCCUPYING_STATUSES, offer__isnull=False
        ).values("offer_id")
        offers = adapter.offers_near(
            candidate, policy.visible(request.user, Offer.objects.all()).exclude(pk__in=taken)
        )
        table = adapter.offer_table(offers)
        found = suggest(
            candidate, table, adapter.weights_for(trajectory.region), limit=selectors.SUGGESTIONS
        )
        search.considered = len(table)
        if not found:
            if found.code in (NO_LOCATION, NO_AVAILABILITY):
                search.problems.append(found.reason)
            else:
                no_fit_reason = found.reason
        rows = Offer.objects.filter(pk__in=[s.offer_id for s in found]).values(
            "pk", "title", "start_date", "organisation__name", "municipality__name"
        )
        by_pk = {row["pk"]: row for row in rows}
        search.suggestions = [
            selectors.Suggestion(
                offer=by_pk[suggestion.offer_id],
                fit=suggestion,  # the engine's Suggestion: score, contributions, factors
                explanation=suggestion.explanation,
                url=selectors.offer_url(suggestion.offer_id),
            )
            for suggestion in found
        ]
    return render(
        request,
        "trajectories/trajectory_find_offers.html",
        {
            "trajectory": trajectory,
            "newcomer": newcomer,
            "search": search,
            "no_fit_reason": no_fit_reason,
            "themes": _theme_labels(newcomer.themes_mask),
            "catalogue_url": selectors.catalogue_url()
            + "?"
            + urlencode(
                {"municipality": newcomer.municipality_id, "distance": newcomer.max_distance_km}
            ),
        },
    )


@login_required
@require_POST
def trajectory_refer(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk, "trajectory.manage")
    form = ReferForm(request.POST, offers=policy.visible(request.user, Offer.objects.all()))
    back = _url_of("trajectory_find_offers", trajectory.pk)
    if not form.is_valid():
        return render(
            request,
            "trajectories/refer_error.html",
            {"trajectory": trajectory, "form": form, "back_url": back},
            status=400,
        )
    offer = form.cleaned_data["offer"]
    try:
        participation = services.refer(actor=request.user, trajectory=trajectory, offer=offer)
    except services.TrajectoryError as exc:
        status = 409 if isinstance(exc, services.OfferFull | services.OfferNotActive) else 400
        return render(
            request,
            "trajectories/refer_error.html",
            {
                "trajectory": trajectory,
                "offer": offer,
                "message": error_message(exc.code),
                "code": exc.code,
                "back_url": back,
            },
            status=status,
        )
    messages.success(
        request,
        _(
            "%(name)s is referred to “%(offer)s”. The contact person gets an e-mail to accept "
            "or decline."
        )
        % {"name": trajectory.newcomer, "offer": offer.title},
    )
    return redirect(participation)


def _safe_reverse(name: str, pk: int) -> str:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def _url_of(name: str, pk: int) -> str:
    return reverse(f"trajectories:{name}", kwargs={"pk": pk})


@login_required
def trajectory_own_activity(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk, "trajectory.manage")
    form = OwnActivityForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            activity = services.OwnActivity(
                title=data["title"].strip(),
                organisation_name=data["organisation_name"].strip(),
                contact_name=data["contact_name"].strip(),
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"].strip(),
                attests_dutch_context=data["attests_dutch_context"],
                attests_social_contact=data["attests_social_contact"],
                started_on=data["started_on"],
            )
            try:
                participation = services.record_own_activity(
                    actor=request.user, trajectory=trajectory, activity=activity
                )
            except services.TrajectoryError as exc:
                form.add_error(None, error_message(exc.code))
            else:
                messages.success(
                    request,
                    _(
                        "The own activity is recorded and active. Enter hours; the contact "
                        "person confirms them through a link."
                    ),
                )
                return redirect(participation)
        status = 400
    return render(
        request,
        "trajectories/own_activity_form.html",
        {"form": form, "trajectory": trajectory, "newcomer": trajectory.newcomer},
        status=status,
    )


@login_required
def trajectory_complete(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk, "trajectory.manage")
    progress = selectors.progress_of(trajectory)
    form = ConfirmForm(_posted(request))
    page = {
        "form": form,
        "title": _("Complete the trajectory"),
        "submit": _("Complete the trajectory"),
        "back": trajectory.get_absolute_url(),
        "template": "trajectories/trajectory_complete.html",
        "context": {"trajectory": trajectory, "progress": progress},
    }
    return _run_action(
        request,
        page,
        lambda data: services.complete_trajectory(actor=request.user, trajectory=trajectory),
        _("The trajectory is completed. Print the proof of participation for the newcomer."),
    )


@login_required
def trajectory_stop(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk, "trajectory.manage")
    form = StopTrajectoryForm(_posted(request))
    page = {
        "form": form,
        "title": _("Stop the trajectory"),
        "intro": _(
            "Stopping ends the trajectory and every running participation, before 40 confirmed "
            "hours. This cannot be undone; the newcomer can start a new trajectory later."
        ),
        "submit": _("Stop the trajectory"),
        "back": trajectory.get_absolute_url(),
        "context": {"trajectory": trajectory, "danger": True},
    }
    return _run_action(
        request,
        page,
        lambda data: services.stop_trajectory(
            actor=request.user, trajectory=trajectory, reason=data["reason"]
        ),
        _("The trajectory is stopped."),
    )


def _proof_entries(user: Any, participations: list[Participation]) -> dict[int, list[HourEntry]]:
    entries: dict[int, list[HourEntry]] = {p.pk: [] for p in participations}
    for entry in policy.visible(
        user, HourEntry.objects.filter(participation__in=list(entries)).order_by("date", "pk")
    ):
        entries[entry.participation_id].append(entry)
    return entries


@login_required
def trajectory_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary of a trajectory: every participation with its hours, printable."""
    trajectory = _trajectory(request, pk)
    context = _newcomer_context(request.user, trajectory.newcomer, SUMMARY_FIELDS)
    participations = list(
        policy.visible(request.user, trajectory.participations.all())
        .filter(status__in=HOURS_STATUSES)
        .select_related("offer__contact", "offer__municipality", "organisation")
        .order_by("started_on", "pk")
    )
    entries = _proof_entries(request.user, participations)
    totals = selectors.hour_totals([e for group in entries.values() for e in group])
    for participation in participations:
        participation.entries = entries[participation.pk]
        participation.hours = totals.get(participation.pk, selectors.HourTotals())
    return render(
        request,
        "trajectories/trajectory_proof.html",
        {
            **context,
            "trajectory": trajectory,
            "participations": participations,
            "progress": selectors.progress_of(trajectory),
            "printed_on": timezone.localdate(),
        },
    )


# --- Participations ----------------------------------------------------------------------------


@login_required
def participation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "newcomer.list")
    region = _region(request)
    form = ParticipationFilterForm(request.GET)
    participations = selectors.participations_in_scope(request.user, region)
    status = 200
    order: tuple[str, ...] = ("-created_at", "-pk")
    if form.is_valid():
        filters = form.cleaned_data
        for word in filters["q"].split():
            participations = participations.filter(
                Q(trajectory__newcomer__first_name__icontains=word)
                | Q(trajectory__newcomer__last_name__icontains=word)
                | Q(offer__title__icontains=word)
                | Q(own_title__icontains=word)
            )
        if filters["status"]:
            participations = participations.filter(status=filters["status"])
        if filters["hours"] == "unconfirmed":
            participations = participations.filter(oldest_unconfirmed__isnull=False)
            order = ("oldest_unconfirmed", "pk")
        if filters["feedback"] == Respondent.NEWCOMER:
            participations = participations.filter(has_newcomer_feedback=True)
        elif filters["feedback"] == Respondent.PARTNER:
            participations = participations.filter(has_partner_feedback=True)
    else:
        status = 400
        participations = participations.none()
    participations = participations.select_related(
        "trajectory__newcomer", "offer", "organisation"
    ).order_by(*order)
    paging = paginate(request, participations)
    rows = list(paging["page"].object_list)
    # Sum the hours of the rows on this page only: one small query, not a GROUP BY over all.
    confirmed = dict(
        HourEntry.objects.filter(
            participation__in=[row.pk for row in rows], status=HourStatus.CONFIRMED
        )
        .order_by()
        .values_list("participation_id")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        row.confirmed_hours = confirmed.get(row.pk, Decimal(0))
        row.confirmed_hours_text = selectors.format_hours(row.confirmed_hours)
    paging["page"].object_list = rows
    return render(
        request,
        "trajectories/participation_list.html",
        {"form": form, "region": region, **paging},
        status=status,
    )


@login_required
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk)
    trajectory = participation.trajectory
    context = _newcomer_context(request.user, trajectory.newcomer, SUMMARY_FIELDS)
    entries = list(
        policy.visible(request.user, participation.hour_entries.all()).select_related(
            "entered_by", "confirmed_by"
        )
    )
    totals = selectors.hour_totals(entries).get(participation.pk, selectors.HourTotals())
    _participation_actions(request.user, participation)
    feedback = list(
        policy.visible(request.user, Feedback.objects.filter(participation=participation))
    )
    confirm_url = ""
    if totals.waiting_count and policy.can(request.user, "hours.confirm", participation):
        # The partner's in-app confirmation lives with the partner pages (links app).
        confirm_url = _safe_reverse("links:partner_hours", participation.pk)
    hours_form = None
    if participation.can_enter_hours:
        hours_form = HourEntryForm(
            participation=participation, initial={"date": timezone.localdate()}
        )
    return render(
        request,
        "trajectories/participation_detail.html",
        {
            **context,
            "participation": participation,
            "trajectory": trajectory,
            "entries": entries,
            "totals": totals,
            "progress": selectors.progress_of(trajectory),
            "feedback": feedback,
            "hours_form": hours_form,
            "confirm_url": confirm_url,
            "can_manage": policy.can(request.user, "trajectory.manage", trajectory),
        },
    )


@login_required
def participation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the organisation's answer to a referral in the app (e.g. after a phone call)."""
    participation = _participation(request, pk, "participation.answer")
    form = AnswerReferralForm(_posted(request))
    page = {
        "form": form,
        "title": _("Answer to the referral"),
        "intro": _(
            "Record whether %(organisation)s accepts %(name)s for “%(offer)s”. Declining frees "
            "the place."
        )
        % {
            "organisation": participation.organisation_name,
            "name": participation.trajectory.newcomer.first_name,
            "offer": participation.title,
        },
        "submit": _("Save the answer"),
        "back": participation.get_absolute_url(),
        "context": {"participation": participation},
    }
    return _run_action(
        request,
        page,
        lambda data: services.answer_referral(
            actor=request.user,
            participation=participation,
            accept=data["answer"] == "accept",
            reason=data["reason"],
        ),
        _("The answer is saved."),
    )


@login_required
def participation_start(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, "participation.start")
    form = StartParticipationForm(_posted(request))
    page = {
        "form": form,
        "title": _("Start the participation"),
        "intro": _("From this date on, hours can be entered for “%(offer)s”.")
        % {"offer": participation.title},
        "submit": _("Start"),
        "back": participation.get_absolute_url(),
        "context": {"participation": participation},
    }
    return _run_action(
        request,
        page,
        lambda data: services.start_participation(
            actor=request.user, participation=participation, started_on=data["started_on"]
        ),
        _("The participation has started."),
    )


_HOUR_ERROR_FIELDS = {
    "future_date": "date",
    "before_start": "date",
    "after_end": "date",
    "hours_out_of_range": "hours",
}


@login_required
def participation_hours(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, "hours.enter")
    form = HourEntryForm(
        _posted(request),
        participation=participation,
        initial={"date": timezone.localdate()},
    )
    page = {
        "form": form,
        "title": _("Enter hours"),
        "intro": _(
            "Hours count once the contact person of the offer confirms them; they get an "
            "e-mail with a link."
        ),
        "submit": _("Save the hours"),
        "back": participation.get_absolute_url(),
        "context": {"participation": participation},
    }

    def enter(data: dict[str, Any]) -> HourEntry:
        return services.add_hours(
            actor=request.user,
            participation=participation,
            date=data["date"],
            hours=data["hours"],
            note=data["note"],
        )

    return _run_action(
        request,
        page,
        enter,
        lambda entry: (
            _("The hours are saved and confirmed.")
            if entry.status == "confirmed"
            else _("The hours are saved and wait for confirmation.")
        ),
        error_fields=_HOUR_ERROR_FIELDS,
        then=participation,
    )


@login_required
def participation_end(request: HttpRequest, pk: int) -> HttpResponse:
    participation = _participation(request, pk, "participation.end")
    form = EndParticipationForm(_posted(request))
    page = {
        "form": form,
        "title": _("End the participation"),
        "intro": _("The newcomer and the contact person get a short feedback form by e-mail."),
        "submit": _("End the participation"),
        "back": participation.get_absolute_url(),
        "context": {"participation": participation},
    }
    return _run_action(
        request,
        page,
        lambda data: services.end_participation(
            actor=request.user,
            participation=participation,
            status=data["status"],
            reason=data["reason"],
        ),
        _("The participation has ended."),
    )


@login_required
def participation_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The proof of participation: a printable document the contact person can sign."""
    participation = _participation(request, pk)
    trajectory = participation.trajectory
    context = _newcomer_context(request.user, trajectory.newcomer, SUMMARY_FIELDS)
    entries = _proof_entries(request.user, [participation])[participation.pk]
    totals = selectors.hour_totals(entries).get(participation.pk, selectors.HourTotals())
    return render(
        request,
        "trajectories/participation_proof.html",
        {
            **context,
            "participation": participation,
            "trajectory": trajectory,
            "entries": entries,
            "totals": totals,
            "printed_on": timezone.localdate(),
        },
    )


# --- Region overview ---------------------------------------------------------------------------


@login_required
def region_overview(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "region_overview.view", region)
    overview = selectors.region_overview(request.user, region)
    return render(request, "trajectories/region_overview.html", {"overview": overview})
