from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatienet.accounts import audit, policy
from participatienet.network.forms import OrganisationFilterForm
from participatienet.network.models import ContactPoint, Organisation
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
        {"form": form, **paginate(request, organisations)},
        status=status,
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(
        request.user,
        Organisation.objects.select_related("region", "municipality"),
        pk=pk,
    )
    policy.require(request.user, "organisation.view", organisation)
    contact_points = list(
        policy.visible(request.user, ContactPoint.objects.filter(organisation=organisation))
    )
    if contact_points:
        audit.record(
            actor=request.user,
            action="contactpoint.viewed",
            obj=organisation,
            fields=["name", "function", "email", "phone"],
            detail=f"{len(contact_points)} contact points",
        )
    return render(
        request,
        "network/organisation_detail.html",
        {"organisation": organisation, "contact_points": contact_points},
    )
