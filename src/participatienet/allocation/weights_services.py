"""Writes of the matching settings: a region's weights, each change audited."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.accounts.models import User
from participatienet.allocation.models import MatchingWeights
from participatienet.matching.engine import Weights
from participatienet.regions.models import Region

FIELDS = ("distance", "schedule", "themes", "free_places", "load_spreading", "load_half")


def _stored(weights: Weights) -> dict:
    return {
        "distance": int(round(weights.distance)),
        "schedule": int(round(weights.schedule)),
        "themes": int(round(weights.themes)),
        "free_places": int(round(weights.free_places)),
        "load_spreading": Decimal(str(round(weights.load_spreading, 2))),
        "load_half": int(round(weights.load_half)),
    }


@transaction.atomic
def save_weights(
    *, actor: User, region: Region, weights: Weights, action: str = "matching_weights.changed"
) -> MatchingWeights:
    """Store ``weights`` for ``region`` (validated first: ``ValueError`` in Dutch when out of
    range) and audit the fields that changed."""
    weights.validate()
    values = _stored(weights)
    saved = MatchingWeights.objects.select_for_update().filter(region=region).first()
    if saved is None:
        saved = MatchingWeights(region=region)
        before = _stored(Weights())
    else:
        before = {name: getattr(saved, name) for name in FIELDS}
    changed = [name for name in FIELDS if before[name] != values[name]]
    for name, value in values.items():
        setattr(saved, name, value)
    saved.updated_by = actor
    saved.updated_at = timezone.now()
    saved.save()
    audit.record(actor=actor, action=action, obj=saved, fields=changed)
    return saved


def reset_weights(*, actor: User, region: Region) -> MatchingWeights:
    """Put the region's weights back to the engine's defaults (audited)."""
    return save_weights(
        actor=actor, region=region, weights=Weights(), action="matching_weights.reset"
    )
