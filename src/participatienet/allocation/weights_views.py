"""The matching settings page: a region's weights, a preview of their effect, a reset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatienet.accounts import policy
from participatienet.allocation import adapter, weights_services
from participatienet.allocation.forms import WeightsForm
from participatienet.matching.engine import NoSuggestions, Weights, suggest
from participatienet.offers.models import Offer
from participatienet.trajectories.choices import OCCUPYING_STATUSES, OPEN_TRAJECTORY_STATUSES
from participatienet.trajectories.models import Participation, Trajectory

#: How many waiting newcomers the preview shows, and how many suggestions each.
SAMPLE_SIZE = 5
TOP = 5
#: How deep the saved ranking is searched to say where an offer came from.
RANK_DEPTH = 50


@dataclass
class Ranked:
    offer_id: int
    rank: int
    score: float
    title: str = ""
    organisation: str = ""
    before: int | None = None  # rank under the saved weights (None: not among them)

    @property
    def moved(self) -> bool:
        return self.before != self.rank

    @property
    def moved_up(self) -> bool:
        return self.before is not None and self.before > self.rank

    @property
    def moved_down(self) -> bool:
        return self.before is not None and self.before < self.rank


@dataclass
class PreviewRow:
    trajectory: Trajectory
    saved: list[Ranked] = field(default_factory=list)
    proposed: list[Ranked] = field(default_factory=list)
    reason: str = ""  # why nothing fits

    @property
    def changed(self) -> bool:
        return [r.offer_id for r in self.saved] != [r.offer_id for r in self.proposed]


def waiting_sample(user: Any, region: Any) -> list[Trajectory]:
    """Up to ``SAMPLE_SIZE`` open trajectories of the region without an occupying participation,
    longest waiting first (deterministic)."""
    occupying = Participation.objects.filter(
        trajectory=OuterRef("pk"), status__in=OCCUPYING_STATUSES
    )
    return list(
        policy.visible(user, Trajectory.objects.all())
        .filter(region=region, status__in=OPEN_TRAJECTORY_STATUSES)
        .exclude(Exists(occupying))
        .select_related("newcomer__municipality")
        .order_by("started_on", "pk")[:SAMPLE_SIZE]
    )


def preview(user: Any, region: Any, saved: Weights, proposed: Weights) -> list[PreviewRow]:
    """For each newcomer of the sample: the top suggestions under ``saved`` next to those under
    ``proposed``, each proposed rank marked with where it stood before. Bounded queries."""
    sample = waiting_sample(user, region)
    if not sample:
        return []
    offers = policy.visible(user, Offer.objects.all()).filter(region=region)
    table = adapter.offer_table(offers)
    rows = []
    for trajectory, candidate in zip(sample, adapter.candidates_for(sample), strict=True):
        before = suggest(candidate, table, saved, limit=RANK_DEPTH)
        if isinstance(before, NoSuggestions):
            rows.append(PreviewRow(trajectory=trajectory, reason=before.reason))
            continue
        after = suggest(candidate, table, proposed, limit=RANK_DEPTH)
        rank_before = {s.offer_id: number for number, s in enumerate(before, start=1)}
        rows.append(
            PreviewRow(
                trajectory=trajectory,
                saved=[
                    Ranked(s.offer_id, number, s.score, before=number)
                    for number, s in enumerate(before[:TOP], start=1)
                ],
                proposed=[
                    Ranked(s.offer_id, number, s.score, before=rank_before.get(s.offer_id))
                    for number, s in enumerate(after[:TOP], start=1)
                ],
            )
        )
    shown = {r.offer_id for row in rows for r in (*row.saved, *row.proposed)}
    names = {
        pk: (title, organisation)
        for pk, title, organisation in Offer.objects.filter(pk__in=shown).values_list(
            "pk", "title", "organisation__name"
        )
    }
    for row in rows:
        for ranked in (*row.saved, *row.proposed):
            ranked.title, ranked.organisation = names.get(ranked.offer_id, ("", ""))
    return rows


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    return render(request, "allocation/weights.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    policy.require(request.user, "matching.configure", region)
    if region is None:  # a programme admin working programme-wide: choose a region first
        return _page(request, {"region": None}, status=400 if request.method == "POST" else 200)
    saved = adapter.weights_for(region)
    context: dict[str, Any] = {"region": region, "saved": saved, "defaults": Weights()}
    if request.method == "POST":
        form = WeightsForm(request.POST)
        if form.is_valid():
            weights_services.save_weights(actor=request.user, region=region, weights=form.weights())
            messages.success(
                request, _("The weights of %(region)s are saved.") % {"region": region}
            )
            return redirect("allocation:weights")
        return _page(request, {**context, "form": form}, status=400)
    if "preview" in request.GET:
        form = WeightsForm(request.GET)
        if not form.is_valid():
            return _page(request, {**context, "form": form}, status=400)
        context["preview"] = preview(request.user, region, saved, form.weights())
        context["previewed"] = True
    else:
        form = WeightsForm(initial=WeightsForm.initial_of(saved))
    return _page(request, {**context, "form": form})


@login_required
@require_POST
def weights_reset(request: HttpRequest) -> HttpResponse:
    region = getattr(request, "region", None)
    policy.require(request.user, "matching.configure", region)
    if region is None:
        return _page(request, {"region": None}, status=400)
    weights_services.reset_weights(actor=request.user, region=region)
    messages.success(
        request, _("The weights of %(region)s are back to the defaults.") % {"region": region}
    )
    return redirect("allocation:weights")
