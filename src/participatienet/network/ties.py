"""Ties between organisations: declared ones (entered by people) and derived ones (computed).

Derived ties come from two sources:
- referrals: a counsellor or a local worker whose current membership points at an organisation
  (the AgII office, the local government) refers a newcomer to an organisation that hosts the
  participation. That gives a "referrals" tie from the referrer's organisation to the host, with
  a strength that grows with the number of referrals (`strength_for`).
- offers run together: an offer that is or was live (validated, active, paused or archived)
  with co-organisers gives a "joint_offer" tie between the offer's organisation and each
  co-organiser, with a strength that grows with the number of joint offers of the pair
  (`joint_offer_strength`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.accounts.choices import Role
from participatienet.network import measures
from participatienet.network.choices import TieKind
from participatienet.network.models import Organisation, Tie
from participatienet.offers.choices import OfferStatus

TIE_FIELDS = ["a", "b", "kind", "strength", "since", "note"]

#: Roles whose organisation refers newcomers (the AgII office, the local government).
REFERRER_ROLES = (Role.COUNSELLOR, Role.LOCAL_WORKER)


def strength_for(count: int) -> int:
    """1 for 1-2 referrals, 2 for 3-9, 3 for 10 or more."""
    if count >= 10:
        return 3
    if count >= 3:
        return 2
    return 1


#: Offer statuses of offers that are or were live: only these give joint-offer ties (a draft or
#: a submitted offer is not run together yet).
LIVE_OFFER_STATUSES = (
    OfferStatus.VALIDATED,
    OfferStatus.ACTIVE,
    OfferStatus.PAUSED,
    OfferStatus.ARCHIVED,
)


def joint_offer_strength(count: int) -> int:
    """1 for one joint offer of a pair of organisations, 2 for 2-3, 3 for 4 or more."""
    if count >= 4:
        return 3
    if count >= 2:
        return 2
    return 1


@transaction.atomic
def add_tie(
    *,
    actor: Any,
    a: Organisation,
    b: Organisation,
    kind: str,
    strength: int = 1,
    since: date | None = None,
    note: str = "",
) -> Tie:
    """Declare a tie between two different organisations."""
    tie = Tie(
        a=a,
        b=b,
        kind=kind,
        strength=strength,
        since=since,
        note=note.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if a.pk == b.pk:
        raise ValidationError({"b": ValidationError("same organisation", code="same")})
    tie.full_clean(exclude=["created_by"])
    tie.save()
    audit.record(actor=actor, action="tie.created", obj=tie, fields=TIE_FIELDS)
    return tie


@transaction.atomic
def delete_tie(*, actor: Any, tie: Tie) -> None:
    """End a declared tie: it is removed, the audit log keeps that it was there."""
    audit.record(
        actor=actor,
        action="tie.deleted",
        obj=tie,
        fields=TIE_FIELDS,
        detail=f"{tie.a_id}-{tie.b_id} {tie.kind}",
    )
    tie.delete()


def derived_ties(
    region: Any, start: date | None = None, end: date | None = None
) -> list[measures.Tie]:
    """Every derived tie of ``region`` in [start, end): from referrals and from joint offers,
    sorted by organisations and kind. Three queries at most."""
    found = referral_ties(region, start, end) + joint_offer_ties(region, start, end)
    return sorted(found, key=lambda tie: (tie.a, tie.b, tie.kind))


def referral_ties(
    region: Any, start: date | None = None, end: date | None = None
) -> list[measures.Tie]:
    """Referral ties computed from the participations hosted in ``region`` (in [start, end)
    when given, by the day the participation was created). Two queries."""
    from participatienet.accounts.models import Membership
    from participatienet.trajectories.models import Participation

    participations = Participation.objects.filter(
        organisation__region=region, referred_by__isnull=False
    )
    if start is not None:
        participations = participations.filter(created_at__date__gte=start)
    if end is not None:
        participations = participations.filter(created_at__date__lt=end)
    rows = list(
        participations.values("referred_by_id", "organisation_id")
        .annotate(count=Count("pk"), first=Min("created_at"))
        .order_by()
    )
    if not rows:
        return []
    referrer_organisation: dict[int, int] = {}
    memberships = (
        Membership.objects.current()
        .filter(
            user_id__in={row["referred_by_id"] for row in rows},
            role__in=REFERRER_ROLES,
            organisation__isnull=False,
        )
        .values_list("user_id", "organisation_id")
        .order_by("organisation_id")
    )
    for user_id, organisation_id in memberships:
        referrer_organisation.setdefault(user_id, organisation_id)
    pairs: dict[tuple[int, int], list] = {}
    for row in rows:
        source = referrer_organisation.get(row["referred_by_id"])
        target = row["organisation_id"]
        if source is None or source == target:
            continue
        first = timezone.localdate(row["first"])
        entry = pairs.setdefault((source, target), [0, first])
        entry[0] += row["count"]
        entry[1] = min(entry[1], first)
    return [
        measures.Tie(
            a=source,
            b=target,
            kind=TieKind.REFERRALS.value,
            strength=strength_for(count),
            since=since,
            declared=False,
        )
        for (source, target), (count, since) in sorted(pairs.items())
    ]


def joint_offer_ties(
    region: Any, start: date | None = None, end: date | None = None
) -> list[measures.Tie]:
    """Joint-offer ties: between the organisation of an offer that is or was live and each of
    its co-organisers, for offers of ``region`` or run together with one of its organisations.

    An offer runs from its start date (the day it was created when it has none) up to and
    including its end date; an archived offer without an end date ran until the day it was
    archived (its last change). With [start, end) given, only offers that ran during that
    period count. The tie's ``since`` is the day the pair's first such offer started; its
    strength follows the number of those offers (`joint_offer_strength`). One query.
    """
    from participatienet.offers.models import Offer

    rows = Offer.co_organisers.through.objects.filter(
        Q(offer__region=region) | Q(organisation__region=region),
        offer__status__in=LIVE_OFFER_STATUSES,
    )
    if end is not None:
        rows = rows.filter(
            Q(offer__start_date__lt=end)
            | Q(offer__start_date__isnull=True, offer__created_at__date__lt=end)
        )
    if start is not None:
        rows = rows.filter(
            Q(offer__end_date__gte=start)
            | (
                Q(offer__end_date__isnull=True)
                & ~Q(offer__status=OfferStatus.ARCHIVED, offer__updated_at__date__lt=start)
            )
        )
    pairs: dict[tuple[int, int], list] = {}
    for owner, partner, started, created_at in rows.values_list(
        "offer__organisation_id", "organisation_id", "offer__start_date", "offer__created_at"
    ).order_by():
        if owner == partner:
            continue
        since = started or timezone.localdate(created_at)
        entry = pairs.setdefault((min(owner, partner), max(owner, partner)), [0, since])
        entry[0] += 1
        entry[1] = min(entry[1], since)
    return [
        measures.Tie(
            a=a,
            b=b,
            kind=TieKind.JOINT_OFFER.value,
            strength=joint_offer_strength(count),
            since=since,
            declared=False,
        )
        for (a, b), (count, since) in sorted(pairs.items())
    ]


def declared_ties(region: Any, end: date | None = None) -> list[measures.Tie]:
    """The declared ties touching an organisation of ``region`` (since before ``end``)."""
    from django.db.models import Q

    ties = Tie.objects.filter(Q(a__region=region) | Q(b__region=region))
    if end is not None:
        ties = ties.filter(Q(since__isnull=True) | Q(since__lt=end))
    return [
        measures.Tie(a=a, b=b, kind=kind, strength=strength, since=since, declared=True)
        for a, b, kind, strength, since in ties.values_list(
            "a_id", "b_id", "kind", "strength", "since"
        ).order_by("pk")
    ]
