"""Reads for growing the network: the growth board of a region and the people who work on it.

A fixed number of queries, whatever the size of the region: the board loads its cards (with
the latest contact moment as annotations) in one query and the counts per stage in another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from participatienet.accounts.choices import Role
from participatienet.network.choices import (
    NEXT_STAGE,
    OrganisationStage,
    mask_of_roles,
)
from participatienet.network.models import Organisation

#: Active organisations show on the board while they are new: joined in the last six months.
RECENT_DAYS = 183
#: Cards shown per column; the organisation list shows the rest.
COLUMN_LIMIT = 50
#: Roles whose people make contacts and own next steps in a region.
WORKER_ROLES = (Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER)


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows: next steps of one owner (a user id), one role, one municipality."""

    owner_id: int | None = None
    without_owner: bool = False
    role: int | None = None
    municipality_id: int | None = None


@dataclass
class Column:
    stage: str
    label: str
    cards: list[Organisation] = field(default_factory=list)
    #: Organisations in this column matching the filters (recent ones only for active).
    count: int = 0
    #: Organisations in this stage matching the filters (all of them, also for active).
    stage_count: int = 0
    #: The stage the quick action moves a card to.
    next_stage: str = ""
    next_label: str = ""

    @property
    def more(self) -> int:
        return max(self.count - len(self.cards), 0)


def recent_since(today: date) -> date:
    return today - timedelta(days=RECENT_DAYS)


def filtered(organisations: QuerySet[Organisation], filters: BoardFilters) -> QuerySet:
    if filters.owner_id is not None:
        organisations = organisations.filter(next_step_owner_id=filters.owner_id)
    elif filters.without_owner:
        organisations = organisations.filter(next_step_owner__isnull=True)
    if filters.role is not None:
        organisations = organisations.with_any_role(mask_of_roles([filters.role]))
    if filters.municipality_id is not None:
        organisations = organisations.filter(municipality_id=filters.municipality_id)
    return organisations


def _due_order(organisation: Organisation) -> tuple:
    due = organisation.next_step_due if organisation.next_step else None
    return (due is None, due or date.max, organisation.name.lower(), organisation.pk)


def board(
    organisations: QuerySet[Organisation], filters: BoardFilters, today: date
) -> list[Column]:
    """The columns of the growth board for ``organisations`` (one region), in stage order.

    Prospects and engaged organisations are sorted by the due date of their next step (the
    most urgent first, those without one last), recently joined active ones by join date (the
    newest first), dormant ones by name. Two queries.
    """
    since = recent_since(today)
    rows = filtered(organisations, filters)
    recent = Q(stage=OrganisationStage.ACTIVE, joined__gte=since)
    counts = rows.with_joined(alias=True).aggregate(
        **{stage: Count("pk", filter=Q(stage=stage)) for stage in OrganisationStage.values},
        recent_active=Count("pk", filter=recent),
    )
    cards = list(
        rows.with_joined()
        .filter(~Q(stage=OrganisationStage.ACTIVE) | recent)
        .with_last_contact()
        .select_related("municipality", "next_step_owner")
        .order_by("name", "pk")
    )
    labels = dict(OrganisationStage.choices)
    columns = []
    for stage in OrganisationStage.values:
        in_column = [card for card in cards if card.stage == stage]
        if stage == OrganisationStage.ACTIVE:
            in_column.sort(key=lambda o: (-(o.joined.toordinal() if o.joined else 0), o.name))
            count = counts["recent_active"]
        else:
            if stage != OrganisationStage.DORMANT:
                in_column.sort(key=_due_order)
            count = counts.get(stage, 0)
        for card in in_column:
            card.overdue = card.is_next_step_overdue(today)
            card.due_today = bool(card.next_step and card.next_step_due == today)
        columns.append(
            Column(
                stage=stage,
                label=str(labels[stage]),
                cards=in_column[:COLUMN_LIMIT],
                count=count,
                stage_count=counts.get(stage, 0),
                next_stage=NEXT_STAGE[stage],
                next_label=str(labels[NEXT_STAGE[stage]]),
            )
        )
    return columns


def people_of_region(region: Any, *, also: Iterable[Any] = ()) -> list[Any]:
    """Who can make contacts and own next steps in ``region``: its coordinators, counsellors
    and local workers, the current owners of next steps there, and ``also`` (users). One query.
    """
    from participatienet.accounts.models import Membership, User

    ids = {user.pk for user in also if user is not None and getattr(user, "pk", None)}
    wanted = Q(pk__in=ids)
    if region is not None:
        wanted |= Q(
            pk__in=Membership.objects.current()
            .filter(region=region, role__in=WORKER_ROLES)
            .values("user_id")
        ) | Q(
            pk__in=Organisation.objects.filter(region=region, next_step_owner__isnull=False).values(
                "next_step_owner_id"
            )
        )
    return list(User.objects.filter(wanted, is_active=True).order_by("full_name", "email", "pk"))
