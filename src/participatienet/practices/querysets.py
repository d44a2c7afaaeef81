from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Count, Exists, F, OuterRef

from participatienet.practices.choices import PracticeStatus


class PracticeQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> PracticeQuerySet:
        """Practices of ``region_ids`` (the region that owns them). Practices belong to a region,
        not to an organisation, so ``organisation_ids`` add nothing."""
        return self.filter(region_id__in=list(region_ids))

    def published(self) -> PracticeQuerySet:
        return self.filter(status=PracticeStatus.PUBLISHED)

    def with_themes(self, mask: int) -> PracticeQuerySet:
        """Practices sharing a theme bit with ``mask``."""
        return self.alias(_themes_and=F("themes_mask").bitand(mask)).filter(_themes_and__gt=0)

    def with_interest_counts(self) -> PracticeQuerySet:
        """Annotates ``interest_count``: the regions that want to try the practice."""
        return self.annotate(interest_count=Count("interests", distinct=True))

    def with_interest_of(self, region_ids: Iterable[int]) -> PracticeQuerySet:
        """Annotates ``interest_here``: one of ``region_ids`` marked the practice."""
        from participatienet.practices.models import PracticeInterest

        return self.annotate(
            interest_here=Exists(
                PracticeInterest.objects.filter(
                    practice=OuterRef("pk"), region_id__in=list(region_ids)
                )
            )
        )


class PracticeInterestQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> PracticeInterestQuerySet:
        """Interests in the practices of ``region_ids``, and those ``region_ids`` marked."""
        ids = list(region_ids)
        return self.filter(models.Q(practice__region_id__in=ids) | models.Q(region_id__in=ids))
