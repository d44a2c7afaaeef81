from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from participatienet.accounts import audit, policy
from participatienet.network import adapter, drawing, measures, pipeline_views, services, ties
from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.forms import (
    ContactPointForm,
    NetworkMapFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
    TieForm,
)
from participatienet.network.models import ContactPoint, Organisation, Tie
from participatienet.offers import selectors as offer_selectors
from participatienet.offers.models import Offer
from participatienet.paging import paginate
from participatienet.regions.models import Municipality, Region


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "organisation.list")
    organisations = policy.visible(request.user, Organisation.objects.all())
    region_ids = organisations.values("region_id")
    regions = Region.objects.filter(pk__in=region_ids).order_by("name")
    data = request.GET.copy()
    if "region" not in data and getattr(request, "region", None) is not None:
        data["region"] = str(request.region.pk)
    chosen_region = data.get("region")
    municipalities = Municipality.objects.filter(
        region_id=int(chosen_region) if chosen_region and chosen_region.isdigit() else None
    ).order_by("name")
    form = OrganisationFilterForm(data, regions=regions, municipalities=municipalities)
    status = 200
    if form.is_valid():
        filters = form.cleaned_data
        if q := filters["q"].strip():
            organisations = organisations.filter(name__icontains=q)
        if filters["kind"]:
            organisations = organisations.filter(kind=filters["kind"])
        if filters["region"]:
            organisations = organisations.filter(region=filters["region"])
        if filters["municipality"]:
            organisations = organisations.filter(municipality=filters["municipality"])
        if filters["role"] is not None:
            organisations = organisations.with_role(filters["role"])
        if filters["stage"]:
            organisations = organisations.filter(stage=filters["stage"])
        if filters["without_contact"]:
            organisations = organisations.filter(contact_points__isnull=True)
    else:
        status = 400
        organisations = organisations.none()
    organisations = (
        organisations.select_related("region", "municipality")
        .annotate(contact_count=Count("contact_points"))
        .order_by("name", "pk")
    )
    return render(
        request,
        "network/organisation_list.html",
        {
            "form": form,
            "can_create": policy.can(request.user, "organisation.create"),
            "can_view_pipeline": getattr(request, "region", None) is not None
            and policy.can(request.user, "pipeline.view", request.region),
            "can_view_network": getattr(request, "region", None) is not None
            and policy.can(request.user, "network.view", request.region),
            **paginate(request, organisations),
        },
        status=status,
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(
        request.user,
        Organisation.objects.select_related("region", "municipality", "next_step_owner"),
        pk=pk,
    )
    policy.require(request.user, "organisation.view", organisation)
    contact_points = list(
        policy.visible(request.user, ContactPoint.objects.filter(organisation=organisation))
        .annotate(offer_count=Count("offers"))
        .order_by("-is_direct", "name", "pk")
    )
    if contact_points:
        audit.record(
            actor=request.user,
            action="contactpoint.viewed",
            obj=organisation,
            fields=["name", "function", "email", "phone"],
            detail=f"{len(contact_points)} contact points",
        )
    offers = None
    if policy.can(request.user, "catalogue.view"):
        offers = list(
            policy.visible(request.user, Offer.objects.filter(organisation=organisation))
            .with_free_places()
            .select_related("municipality")
            .order_by("title", "pk")
        )
    feedback = None
    if policy.can(request.user, "feedback.view_aggregates", organisation):
        feedback = offer_selectors.feedback_summary(
            offer_selectors.newcomer_feedback().filter(
                Q(participation__organisation=organisation)
                | Q(participation__offer__organisation=organisation)
            )
        )
    declared = [
        (tie, policy.can(request.user, "tie.delete", tie.a))
        for tie in policy.visible(
            request.user, Tie.objects.filter(Q(a=organisation) | Q(b=organisation))
        )
        .select_related("a", "b")
        .order_by("pk")
    ]
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "ties": declared,
            "can_add_tie": policy.can(request.user, "tie.create", organisation),
            "contact_points": contact_points,
            "regions_served": list(organisation.regions_served.order_by("name")),
            "offers": offers,
            "feedback": feedback,
            "can_change": policy.can(request.user, "organisation.change", organisation),
            "can_create_offer": policy.can(request.user, "offer.create", organisation),
            "growth": pipeline_views.growth_context(request.user, organisation),
        },
    )


def _allowed_municipalities(user: object, organisation: Organisation | None = None):
    """Municipalities where ``user`` may place an organisation: those of the regions where the
    user may create organisations, and (when editing) the organisation's own region."""
    region_ids = [
        region.pk
        for region in Region.objects.all()
        if policy.can(user, "organisation.create", region)
    ]
    if organisation is not None:
        region_ids.append(organisation.region_id)
    return Municipality.objects.filter(region_id__in=region_ids).order_by("name")


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "organisation.create")
    form = OrganisationForm(
        request.POST or None,
        municipalities=_allowed_municipalities(request.user),
        network=policy.can(request.user, "pipeline.manage"),
    )
    if request.method == "POST":
        if form.is_valid():
            policy.require(
                request.user, "organisation.create", form.cleaned_data["municipality"].region
            )
            try:
                organisation = services.create_organisation(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s has been added. Now add its contact points.")
                    % {"name": organisation.name},
                )
                return redirect(organisation)
        return render(request, "network/organisation_form.html", {"form": form}, status=400)
    return render(request, "network/organisation_form.html", {"form": form})


@login_required
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(
        request.user, Organisation.objects.select_related("region", "municipality"), pk=pk
    )
    policy.require(request.user, "organisation.change", organisation)
    form = OrganisationForm(
        request.POST or None,
        municipalities=_allowed_municipalities(request.user, organisation),
        initial=OrganisationForm.initial_for(organisation),
        network=policy.can(request.user, "pipeline.manage", organisation),
        organisation=organisation,
    )
    context = {"form": form, "organisation": organisation}
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_organisation(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The changes have been saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(organisation)
        return render(request, "network/organisation_form.html", context, status=400)
    return render(request, "network/organisation_form.html", context)


def _organisation_to_change(request: HttpRequest, pk: int) -> Organisation:
    organisation = policy.get_visible_or_404(
        request.user, Organisation.objects.select_related("region"), pk=pk
    )
    policy.require(request.user, "organisation.change", organisation)
    return organisation


@login_required
def contact_point_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    form = ContactPointForm(request.POST or None)
    context = {"form": form, "organisation": organisation}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_contact_point(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The contact point has been added."))
                return redirect(organisation)
        return render(request, "network/contactpoint_form.html", context, status=400)
    return render(request, "network/contactpoint_form.html", context)


@login_required
def contact_point_update(request: HttpRequest, pk: int, cp: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    contact_point = policy.get_visible_or_404(
        request.user, ContactPoint.objects.filter(organisation=organisation), pk=cp
    )
    form = ContactPointForm(
        request.POST or None, initial=ContactPointForm.initial_for(contact_point)
    )
    context = {"form": form, "organisation": organisation, "contact_point": contact_point}
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_contact_point(
                    actor=request.user, contact_point=contact_point, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The changes have been saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(organisation)
        return render(request, "network/contactpoint_form.html", context, status=400)
    audit.record(
        actor=request.user,
        action="contactpoint.viewed",
        obj=contact_point,
        fields=["name", "function", "email", "phone"],
    )
    return render(request, "network/contactpoint_form.html", context)


@login_required
@require_POST
def contact_point_delete(request: HttpRequest, pk: int, cp: int) -> HttpResponse:
    organisation = _organisation_to_change(request, pk)
    contact_point = policy.get_visible_or_404(
        request.user, ContactPoint.objects.filter(organisation=organisation), pk=cp
    )
    try:
        services.remove_contact_point(actor=request.user, contact_point=contact_point)
    except services.ContactPointInUse:
        offers = (
            policy.visible(request.user, Offer.objects.filter(contact=contact_point))
            .select_related("municipality")
            .order_by("title", "pk")
        )
        return render(
            request,
            "network/contactpoint_in_use.html",
            {"organisation": organisation, "contact_point": contact_point, "offers": offers},
            status=409,
        )
    messages.success(
        request, _("%(name)s is no longer a contact point.") % {"name": contact_point.name}
    )
    return redirect(organisation)


def _network_region(request: HttpRequest) -> Region | None:
    """The current region, once the user may see its network (403 otherwise)."""
    region = getattr(request, "region", None)
    policy.require(request.user, "network.view", region)
    return region


@login_required
def network_map(request: HttpRequest) -> HttpResponse:
    region = _network_region(request)
    form = NetworkMapFilterForm(request.GET or None)
    context: dict = {"form": form, "region": region, "drawing": None, "period": None}
    status = 200
    if request.GET and not form.is_valid():
        status = 400
    elif region is not None:
        filters = form.cleaned_data if form.is_bound else {}
        kinds = set(filters.get("kind") or [])
        source = filters.get("source") or "all"
        start, end = filters.get("start"), filters.get("end")
        nodes, ties = adapter.region_graph(region, start, end)
        ties = [
            tie
            for tie in ties
            if (not kinds or tie.kind in kinds)
            and (source == "all" or tie.declared == (source == "declared"))
        ]
        names = dict(Organisation.objects.filter(region=region).values_list("pk", "name"))
        urls = {pk: reverse("network:organisation_detail", kwargs={"pk": pk}) for pk in names}
        kind_labels = dict(OrganisationKind.choices)
        picture = drawing.draw(nodes, ties, names, urls, kind_labels, dict(TieKind.choices))
        present = {node.kind for node in nodes}
        sources = Counter(line.source for line in picture.lines)
        context.update(
            drawing=picture,
            legend=[
                (label, drawing.KIND_COLOURS[kind])
                for kind, label in OrganisationKind.choices
                if kind in present
            ],
            rows=sorted(picture.circles, key=lambda circle: (circle.name.lower(), circle.id)),
            tie_rows=sorted(
                picture.lines,
                key=lambda line: (line.a_name.lower(), line.b_name.lower(), line.kind),
            ),
            tie_count=len(picture.lines),
            source_counts={
                "declared": sources["declared"],
                "referrals": sources[TieKind.REFERRALS],
                "joint_offer": sources[TieKind.JOINT_OFFER],
            },
            period=_map_period(filters.get("period") or "", start, end),
        )
    return render(request, "network/network_map.html", context, status=status)


def _map_period(choice: str, start: date | None, end: date | None) -> dict:
    """What the map's heading says about its period: the choice by name (not for a year or
    dates, which the dates say) and the first and last day (``end`` is the day after)."""
    names = {
        "": gettext_lazy("all time"),
        "this_quarter": gettext_lazy("this quarter"),
        "last_quarter": gettext_lazy("last quarter"),
        "last_12_months": gettext_lazy("last 12 months"),
    }
    return {
        "choice": choice or "all",
        "name": names.get(choice, ""),
        "start": start,
        "end": end,
        "last": end - timedelta(days=1) if end is not None else None,
        "bounded": start is not None or end is not None,
    }


MEASURE_LABELS = {
    "organisations": gettext_lazy("Organisations"),
    "active_organisations": gettext_lazy("Active organisations"),
    "ties": gettext_lazy("Ties"),
    "density": gettext_lazy("Density"),
    "degree_centralisation": gettext_lazy("Degree centralisation"),
    "coordinator_tie_share": gettext_lazy("Share of ties touching the coordinating organisation"),
    "top5_share": gettext_lazy("Share of participations at the top 5 organisations"),
    "gini": gettext_lazy("Gini coefficient of participations"),
    "hhi": gettext_lazy("Herfindahl index of participations"),
    "active_offer_partners": gettext_lazy("Active offer partners"),
    "newcomers": gettext_lazy("Newcomers taking part"),
    "newcomers_per_offer_partner": gettext_lazy("Newcomers per active offer partner"),
    "median_days_to_confirm": gettext_lazy("Median days a partner takes to confirm hours"),
    "new_partners": gettext_lazy("New partners"),
    "municipalities_with_offer": gettext_lazy("Municipalities with an active offer"),
    "coverage": gettext_lazy("Coverage of municipalities"),
    "demand_without_offer": gettext_lazy("Municipalities with demand and no offer"),
}

#: Quarters shown in the trend lines, the current one included.
TREND_QUARTERS = 6

#: Partners listed as the slowest to confirm hours.
SLOWEST_CONFIRMERS = 5


def _measure_value(value: object) -> float | None:
    """A number to draw: tuples (municipalities without an offer) count their items."""
    if isinstance(value, tuple):
        return float(len(value))
    return None if value is None else float(value)


@login_required
def network_measures(request: HttpRequest) -> HttpResponse:
    region = _network_region(request)
    context: dict = {"region": region, "rows": [], "slowest": []}
    if region is not None:
        current = measures.Quarter.of(timezone.localdate())
        quarters = [current]
        while len(quarters) < TREND_QUARTERS:
            quarters.insert(0, quarters[0].previous())
        nodes, ties = adapter.region_graph(region)
        municipality_ids = list(
            Municipality.objects.filter(region=region).values_list("pk", flat=True)
        )
        activity = adapter.quarterly_activity(region, quarters)
        series = measures.quarterly_series(
            nodes, ties, quarters[0].start, current.start, activity, municipality_ids
        )
        rows = []
        for name in measures.MEASURE_NAMES:
            values = [_measure_value(v) for v in series.values(name)]
            rows.append(
                {
                    "name": name,
                    "label": MEASURE_LABELS.get(name, name),
                    "value": values[-1],
                    "is_share": name
                    in (
                        "density",
                        "degree_centralisation",
                        "coordinator_tie_share",
                        "top5_share",
                        "gini",
                        "hhi",
                        "coverage",
                    ),
                    "text": measures.MEASURE_TEXTS.get(name, ""),
                    "trend": list(zip([q.label for q in series.quarters], values, strict=True)),
                    "points": drawing.sparkline(values),
                }
            )
        # The slowest partners over the quarters shown (more hours than one quarter holds).
        confirmations: dict = {}
        for quarter_activity in activity.values():
            for organisation_id, days in quarter_activity.confirmation_days.items():
                confirmations.setdefault(organisation_id, []).extend(days)
        slowest = measures.slowest_confirmers(confirmations, SLOWEST_CONFIRMERS)
        names = dict(
            Organisation.objects.filter(pk__in=[delay.id for delay in slowest]).values_list(
                "pk", "name"
            )
        )
        context.update(
            rows=rows,
            quarter=current,
            quarters=[q.label for q in series.quarters],
            slowest=[
                {
                    "id": delay.id,
                    "name": names.get(delay.id, ""),
                    "url": reverse("network:organisation_detail", kwargs={"pk": delay.id}),
                    "median_days": delay.median_days,
                    "entries": delay.entries,
                }
                for delay in slowest
            ],
        )
    return render(request, "network/network_measures.html", context)


@login_required
def tie_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare a tie from this organisation to another one of its region."""
    organisation = policy.get_visible_or_404(
        request.user, Organisation.objects.select_related("region"), pk=pk
    )
    policy.require(request.user, "tie.create", organisation)
    others = Organisation.objects.filter(region_id=organisation.region_id).exclude(
        pk=organisation.pk
    )
    form = TieForm(request.POST or None, others=others)
    context = {"form": form, "organisation": organisation}
    if request.method == "POST":
        if form.is_valid():
            try:
                ties.add_tie(actor=request.user, a=organisation, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The tie has been added."))
                return redirect(organisation)
        return render(request, "network/tie_form.html", context, status=400)
    return render(request, "network/tie_form.html", context)


@login_required
@require_POST
def tie_delete(request: HttpRequest, pk: int, tie: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(request.user, Organisation.objects.all(), pk=pk)
    declared = policy.get_visible_or_404(
        request.user,
        Tie.objects.filter(Q(a=organisation) | Q(b=organisation)).select_related("a", "b"),
        pk=tie,
    )
    policy.require(request.user, "tie.delete", declared.a)
    ties.delete_tie(actor=request.user, tie=declared)
    messages.success(request, _("The tie has been removed."))
    return redirect(organisation)
