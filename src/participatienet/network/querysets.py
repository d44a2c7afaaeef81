from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models.functions import Coalesce, TruncDate


class OrganisationQuerySet(models.QuerySet):
    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> OrganisationQuerySet:
        """Organisations with their home region in ``region_ids``, or in ``organisation_ids``."""
        return self.filter(
            models.Q(region_id__in=list(region_ids)) | models.Q(pk__in=list(organisation_ids))
        )

    def with_role(self, role: int) -> OrganisationQuerySet:
        """Organisations holding network role ``role`` (a ``NetworkRole``), filtered in SQL."""
        return self.with_any_role(1 << int(role))

    def with_any_role(self, mask: int) -> OrganisationQuerySet:
        """Organisations holding at least one of the roles in ``mask``."""
        return self.alias(_roles_and=models.F("roles_mask").bitand(mask)).filter(_roles_and__gt=0)

    def with_joined(self, *, alias: bool = False) -> OrganisationQuerySet:
        """Annotates (or only aliases, to filter on) ``joined``: the join date, or the day it
        was recorded when none is known."""
        joined = Coalesce("joined_on", TruncDate("created_at"))
        return self.alias(joined=joined) if alias else self.annotate(joined=joined)

    def with_last_contact(self) -> OrganisationQuerySet:
        """Annotates ``last_contacted_on`` and ``last_contacted_by`` (a name) from the latest
        contact moment, in the same query."""
        from participatienet.network.models import ContactMoment

        latest = ContactMoment.objects.filter(organisation=models.OuterRef("pk")).order_by(
            "-contacted_on", "-pk"
        )
        return self.annotate(
            last_contacted_on=models.Subquery(latest.values("contacted_on")[:1]),
            last_contacted_by=models.Subquery(latest.values("contacted_by_name")[:1]),
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


class _ThroughOrganisationQuerySet(models.QuerySet):
    """Rows that reach their scope through their organisation."""

    def in_scope(
        self, *, region_ids: Iterable[int] = (), organisation_ids: Iterable[int] = ()
    ) -> models.QuerySet:
        return self.filter(
            models.Q(organisation__region_id__in=list(region_ids))
            | models.Q(organisation_id__in=list(organisation_ids))
        )


class ContactMomentQuerySet(_ThroughOrganisationQuerySet):
    pass


class StageChangeQuerySet(_ThroughOrganisationQuerySet):
    pass
