from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest

from participatienet.offers.choices import OfferStatus

#: Participation statuses that take a place of an offer.
OCCUPYING_STATUSES = ("referred", "accepted", "active")


class OfferQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> OfferQuerySet:
        """Offers of ``region_ids`` (their region) or run by ``organisation_ids``."""
        return self.filter(
            Q(region_id__in=list(region_ids)) | Q(organisation_id__in=list(organisation_ids))
        )

    def published(self) -> OfferQuerySet:
        """Offers a counsellor can refer to: active."""
        return self.filter(status=OfferStatus.ACTIVE)

    def with_free_places(self) -> OfferQuerySet:
        """Annotates ``taken`` and ``free_places`` (capacity minus occupied places, ≥ 0)."""
        return self.annotate(
            taken=Count(
                "participations",
                filter=Q(participations__status__in=OCCUPYING_STATUSES),
                distinct=True,
            )
        ).annotate(free_places=Greatest(F("capacity") - F("taken"), 0))

    def overlapping(self, field: str, mask: int) -> OfferQuerySet:
        """Rows whose bit mask ``field`` shares a bit with ``mask`` (schedule, themes)."""
        alias = f"_{field}_and"
        return self.alias(**{alias: F(field).bitand(mask)}).filter(**{f"{alias}__gt": 0})
