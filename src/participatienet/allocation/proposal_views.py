"""Pages of the coordinator's batch allocation and of the unmet demand of a region.

Each view authorises with the current region (``allocation.run``, ``unmet_demand.view``),
fetches proposals through ``policy`` (another region's proposal answers 404), calls one service
and renders. Bad input answers 400 and writes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from participatienet.accounts import policy
from participatienet.allocation import proposal_services as services
from participatienet.allocation.models import AllocationProposal, ProposalStatus
from participatienet.allocation.proposal_forms import AdjustPlacementForm
from participatienet.matching import engine
from participatienet.offers.models import Offer
from participatienet.paging import paginate
from participatienet.regions import maps

#: Why an adjustment or a referral of one row did not go through.
ROW_ERRORS = {
    "not_draft": gettext_lazy("This proposal was already sent; make a new one."),
    "not_placed": gettext_lazy("This newcomer has no offer in the proposal."),
    "offer_unavailable": gettext_lazy("This offer is not active in the region any more."),
    "not_feasible": gettext_lazy("This offer does not fit this newcomer."),
    "no_place_left": gettext_lazy("This offer has no free place left in this proposal."),
    "offer_full": gettext_lazy("The offer is full."),
    "offer_not_active": gettext_lazy("The offer is no longer active."),
    "trajectory_closed": gettext_lazy("The trajectory is closed."),
    "already_referred": gettext_lazy("The newcomer was already referred to this offer."),
    "already_placed": gettext_lazy("The newcomer already has a participation."),
    "not_allowed": gettext_lazy("This is not possible now."),
}

#: What is missing, per reason code of ``engine.unmet``.
REASONS = {
    engine.TOO_FAR: gettext_lazy("nothing within reach"),
    engine.SCHEDULE: gettext_lazy("nothing at the moments they are free"),
    engine.LEVEL: gettext_lazy("nothing for their level of Dutch"),
    engine.CHILDCARE: gettext_lazy("nothing with childcare"),
    engine.WOMEN_ONLY: gettext_lazy("no women-only group"),
    engine.WHEELCHAIR: gettext_lazy("nothing wheelchair accessible"),
    engine.FULL: gettext_lazy("fitting offers are full"),
    engine.NO_LOCATION: gettext_lazy("no municipality in the profile"),
    engine.NO_AVAILABILITY: gettext_lazy("no availability in the profile"),
    engine.TAKEN: gettext_lazy("fitting places went to others"),
    services.FITS: gettext_lazy("an offer with free places fits: refer"),
}
PARTS = {
    "morning": gettext_lazy("morning"),
    "afternoon": gettext_lazy("afternoon"),
    "evening": gettext_lazy("evening"),
}
NEEDS = {
    "childcare": gettext_lazy("childcare"),
    "women_only": gettext_lazy("women-only group"),
    "wheelchair": gettext_lazy("wheelchair access"),
}


def _region(request: HttpRequest) -> Any:
    return getattr(request, "region", None)


def _proposal(request: HttpRequest, pk: int) -> AllocationProposal:
    policy.require(request.user, "allocation.run", _region(request))
    proposal = policy.get_visible_or_404(
        request.user, AllocationProposal.objects.select_related("region", "created_by"), pk=pk
    )
    policy.require(request.user, "allocation.run", proposal.region)
    return proposal


def _row_error(code: str) -> str:
    return str(ROW_ERRORS.get(code, ROW_ERRORS["not_allowed"]))


# --- Proposals ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The region's proposals, newest first; POST makes a new one."""
    region = _region(request)
    policy.require(request.user, "allocation.run", region)
    if request.method == "POST":
        if region is None:
            messages.error(request, _("Choose a region first, then make a proposal for it."))
            status = 400
        else:
            proposal = services.build_proposal(actor=request.user, region=region)
            messages.success(request, _("The proposal is ready. Check it, then send it."))
            return redirect("allocation:proposal_detail", pk=proposal.pk)
    else:
        status = 200
    proposals = policy.visible(request.user, AllocationProposal.objects.select_related("region"))
    if region is not None:
        proposals = proposals.filter(region=region)
    waiting = services.waiting_list(region).count() if region is not None else None
    context = {"region": region, "waiting": waiting, **paginate(request, proposals)}
    return render(request, "allocation/proposal_list.html", context, status=status)


def _detail(request: HttpRequest, proposal: AllocationProposal, status: int = 200, **extra: Any):
    page = services.proposal_page(proposal)
    for row in page.placed:
        row.options = page.options.get(row.pk, [])
        row.error = _row_error(row.reason_code) if row.reason_code else ""
    context = {
        "proposal": proposal,
        "page": page,
        "is_draft": proposal.status == ProposalStatus.DRAFT,
        **extra,
    }
    return render(request, "allocation/proposal_detail.html", context, status=status)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _proposal(request, pk))


@login_required
@require_POST
def proposal_adjust(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    """Include or exclude one row, or move it to another feasible offer."""
    proposal = _proposal(request, pk)
    placement = proposal.placements.filter(pk=placement_pk).first()
    if placement is None:
        return _detail(
            request, proposal, status=404, row_error=_("This row is not part of the proposal.")
        )
    form = AdjustPlacementForm(request.POST)
    error = ""
    if form.is_valid():
        offer = None
        if form.cleaned_data["offer"]:
            offer = (
                policy.visible(request.user, Offer.objects.all())
                .filter(pk=form.cleaned_data["offer"], region_id=proposal.region_id)
                .first()
            )
            if offer is None:
                error = _row_error("offer_unavailable")
        if not error:
            try:
                services.adjust_placement(
                    actor=request.user,
                    placement=placement,
                    included=form.cleaned_data["included"],
                    offer=offer,
                )
                return redirect(f"{proposal_url(proposal)}#row-{placement.pk}")
            except services.ProposalError as exc:
                error = _row_error(exc.code)
    else:
        error = _("The offer must be chosen from the list.")
    return _detail(request, proposal, status=400, row_error=error, error_row=placement.pk)


def proposal_url(proposal: AllocationProposal) -> str:
    return reverse("allocation:proposal_detail", kwargs={"pk": proposal.pk})


@login_required
@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send every included referral; the rows that fail are shown with their reason."""
    proposal = _proposal(request, pk)
    try:
        result = services.send_proposal(actor=request.user, proposal=proposal)
    except services.ProposalError as exc:
        return _detail(request, proposal, status=400, row_error=_row_error(exc.code))
    if result.sent:
        messages.success(
            request,
            ngettext(
                "%(count)d referral was sent; the partner now accepts or declines.",
                "%(count)d referrals were sent; each partner now accepts or declines.",
                len(result.sent),
            )
            % {"count": len(result.sent)},
        )
    if result.failed:
        messages.warning(
            request,
            ngettext(
                "%(count)d referral could not be sent; the table says why.",
                "%(count)d referrals could not be sent; the table says why.",
                len(result.failed),
            )
            % {"count": len(result.failed)},
        )
    return redirect(proposal_url(proposal))


# --- Unmet demand ------------------------------------------------------------------------------


@dataclass
class Circle:
    key: str
    label: str
    x: float
    y: float
    r: float
    count: int


def _demand_map(demand: services.UnmetDemand) -> tuple[maps.SvgMap, list[Circle]]:
    places = [
        maps.Place(key=str(m.pk), label=m.name, latitude=m.latitude, longitude=m.longitude)
        for m in demand.municipalities
    ]
    svg = maps.project(places, width=640)
    counts = {str(m.pk): m.count for m in demand.municipalities}
    top = max(counts.values(), default=0) or 1
    circles = [
        Circle(
            key=point.key,
            label=point.label,
            x=point.x,
            y=point.y,
            r=round(3 + 22 * math.sqrt(counts[point.key] / top), 1) if counts[point.key] else 2,
            count=counts[point.key],
        )
        for point in svg.points
    ]
    circles.sort(key=lambda c: -c.r)  # small circles on top
    return svg, circles


@login_required
def unmet_demand(request: HttpRequest) -> HttpResponse:
    """What offer is missing: why long-waiting and unplaced newcomers find nothing."""
    region = _region(request)
    policy.require(request.user, "unmet_demand.view", region)
    context: dict[str, Any] = {"region": region}
    if region is not None:
        demand = services.unmet_demand(region)
        for row in demand.rows:
            row.reason_label = str(REASONS.get(row.code, row.code))
            row.parts_label = (
                _("any moment")
                if len(row.parts) == len(PARTS)
                else ", ".join(str(PARTS[p]) for p in row.parts) or "–"
            )
            row.needs_label = ", ".join(str(NEEDS[n]) for n in row.needs)
        svg, circles = _demand_map(demand)
        context.update(
            demand=demand,
            map=svg,
            circles=circles,
            codes=[(str(REASONS.get(code, code)), count) for code, count in demand.codes.items()],
            long_wait_weeks=services.LONG_WAIT_DAYS // 7,
        )
    return render(request, "allocation/unmet_demand.html", context)
