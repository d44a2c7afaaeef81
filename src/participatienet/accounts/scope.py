"""The region a user is working in now, chosen among the regions of their memberships."""

from __future__ import annotations

from django.http import HttpRequest

from participatienet.accounts import policy
from participatienet.regions.models import Region

SESSION_KEY = "participatienet_region"


def switchable_regions(user: object) -> list[Region]:
    """The regions the user can switch between: theirs, or all of them for programme roles."""
    grants = policy.grants_for(user)
    if grants is policy.NO_GRANTS:
        return []
    if grants.programme_admin or grants.programme_viewer:
        return list(Region.objects.order_by("name"))
    return list(Region.objects.filter(pk__in=grants.all_region_ids).order_by("name"))


def current_region(request: HttpRequest) -> Region | None:
    """The region chosen in this session, else the first of the user's own regions."""
    user = request.user
    grants = policy.grants_for(user)
    if grants is policy.NO_GRANTS:
        return None
    chosen = request.session.get(SESSION_KEY)
    programme_wide = grants.programme_admin or grants.programme_viewer
    if chosen is not None and (programme_wide or chosen in grants.all_region_ids):
        region = Region.objects.filter(pk=chosen).first()
        if region is not None:
            return region
    if programme_wide:
        return None
    own = sorted(grants.all_region_ids)
    return Region.objects.filter(pk__in=own).order_by("name").first() if own else None


def switch(request: HttpRequest, region: Region | None) -> None:
    if region is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = region.pk
