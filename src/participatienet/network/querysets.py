from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> OrganisationQuerySet:
        """Organisations with their home region in ``region_ids``, or in ``organisation_ids``."""
        return self.filter(
            models.Q(region_id__in=list(region_ids)) | models.Q(pk__in=list(organisation_ids))
        )


class ContactPointQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> ContactPointQuerySet:
        return self.filter(
            models.Q(organisation__region_id__in=list(region_ids))
            | models.Q(organisation_id__in=list(organisation_ids))
        )


class TieQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> TieQuerySet:
        """Ties touching an organisation of ``region_ids`` or one of ``organisation_ids``."""
        region_ids, organisation_ids = list(region_ids), list(organisation_ids)
        return self.filter(
            models.Q(a__region_id__in=region_ids)
            | models.Q(b__region_id__in=region_ids)
            | models.Q(a_id__in=organisation_ids)
            | models.Q(b_id__in=organisation_ids)
        )
