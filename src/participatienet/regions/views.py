from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatienet.accounts import policy
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import Organisation
from participatienet.regions import maps
from participatienet.regions.models import Municipality, Region


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "region.view")
    regions = list(
        policy.visible(request.user, Region.objects.all())
        .annotate(municipality_count=Count("municipalities"))
        .order_by("name")
    )
    colours = {region.pk: maps.colour_for(i) for i, region in enumerate(regions)}
    for region in regions:
        region.colour = colours[region.pk]
    municipalities = policy.visible(request.user, Municipality.objects.all()).values_list(
        "nis_code", "name", "latitude", "longitude", "region_id", "region__name"
    )
    svg = maps.project(
        [
            maps.Place(
                key=nis,
                label=f"{name} ({region_name})",
                latitude=lat,
                longitude=lon,
                group=colours.get(region_id, "#666"),
            )
            for nis, name, lat, lon, region_id, region_name in municipalities
        ],
        width=900,
        padding=16,
    )
    return render(request, "regions/region_list.html", {"regions": regions, "map": svg})


@login_required
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "region.view")
    region = policy.get_visible_or_404(request.user, Region.objects.all(), slug=slug)
    municipalities = list(
        policy.visible(request.user, region.municipalities.all()).order_by("name")
    )
    neighbours = policy.visible(
        request.user, Municipality.objects.exclude(region=region)
    ).values_list("nis_code", "name", "latitude", "longitude")
    places = [
        maps.Place(key=m.nis_code, label=m.name, latitude=m.latitude, longitude=m.longitude)
        for m in municipalities
    ] + [
        maps.Place(key=nis, label=name, latitude=lat, longitude=lon, highlighted=False)
        for nis, name, lat, lon in neighbours
    ]
    svg = maps.project(places, width=800)
    figures = None
    if policy.can(request.user, "region.view_figures", region):
        kinds = dict(OrganisationKind.choices)
        counts = (
            Organisation.objects.filter(region=region)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        per_municipality = dict(
            Organisation.objects.filter(region=region)
            .values_list("municipality_id")
            .annotate(n=Count("pk"))
        )
        for municipality in municipalities:
            municipality.organisation_count = per_municipality.get(municipality.pk, 0)
        figures = {
            "by_kind": [(kinds.get(row["kind"], row["kind"]), row["n"]) for row in counts],
            "total": sum(row["n"] for row in counts),
            "max": max((row["n"] for row in counts), default=0),
        }
    return render(
        request,
        "regions/region_detail.html",
        {"region": region, "municipalities": municipalities, "map": svg, "figures": figures},
    )
