"""The one place that knows what each role may do.

``can(user, action, obj)`` answers a yes/no question; ``require`` raises ``PermissionDenied``;
``visible(user, queryset)`` narrows a queryset to the user's scopes; ``get_visible_or_404``
fetches one object inside them. Every view goes through these functions. Models know their own
path to a scope (``QuerySet.in_scope(region_ids=..., organisation_ids=...)``); this module knows
which scopes a membership grants.

Objects outside a user's scope give a 404 (they do not exist for that user), actions a user
may never take give a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from participatienet.accounts.choices import Role

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_participatienet_grants"


@dataclass(frozen=True)
class Grants:
    """What a user's current memberships grant: region and organisation ids per role."""

    user_id: int | None = None
    programme_admin: bool = False
    programme_viewer: bool = False
    regions: dict[str, frozenset[int]] = field(default_factory=dict)
    organisations: dict[str, frozenset[int]] = field(default_factory=dict)
    #: Municipalities of the local governments where the user is a local worker.
    municipalities: frozenset[int] = frozenset()

    def region_ids(self, *roles: str) -> frozenset[int]:
        wanted = roles or tuple(self.regions)
        return frozenset().union(*(self.regions.get(role, frozenset()) for role in wanted))

    def organisation_ids(self, *roles: str) -> frozenset[int]:
        wanted = roles or tuple(self.organisations)
        return frozenset().union(*(self.organisations.get(role, frozenset()) for role in wanted))

    def has_role(self, *roles: str) -> bool:
        if Role.PROGRAMME_ADMIN in roles and self.programme_admin:
            return True
        if Role.VIEWER in roles and self.programme_viewer:
            return True
        return any(self.regions.get(role) for role in roles)

    @property
    def roles(self) -> frozenset[str]:
        held = {role for role, ids in self.regions.items() if ids}
        if self.programme_admin:
            held.add(Role.PROGRAMME_ADMIN)
        if self.programme_viewer:
            held.add(Role.VIEWER)
        return frozenset(held)

    @property
    def all_region_ids(self) -> frozenset[int]:
        return self.region_ids()


NO_GRANTS = Grants()


def grants_for(user: Any) -> Grants:
    """The grants of ``user``'s current memberships, computed once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from participatienet.accounts.models import Membership

    regions: dict[str, set[int]] = {}
    organisations: dict[str, set[int]] = {}
    municipalities: set[int] = set()
    programme_admin = programme_viewer = False
    rows = Membership.objects.current().filter(user_id=user.pk)
    values = rows.values_list(
        "role", "region_id", "organisation_id", "organisation__municipality_id"
    )
    for role, region_id, organisation_id, municipality_id in values:
        if role == Role.LOCAL_WORKER and municipality_id is not None:
            municipalities.add(municipality_id)
        if role == Role.PROGRAMME_ADMIN:
            programme_admin = True
            continue
        if role == Role.VIEWER and region_id is None:
            programme_viewer = True
            continue
        if region_id is not None:
            regions.setdefault(role, set()).add(region_id)
        if organisation_id is not None:
            organisations.setdefault(role, set()).add(organisation_id)
    grants = Grants(
        user_id=user.pk,
        programme_admin=programme_admin,
        programme_viewer=programme_viewer,
        regions={role: frozenset(ids) for role, ids in regions.items()},
        organisations={role: frozenset(ids) for role, ids in organisations.items()},
        municipalities=frozenset(municipalities),
    )
    setattr(user, _CACHE_ATTR, grants)
    return grants


def forget(user: Any) -> None:
    """Drop the cached grants, after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- Who sees which rows ---------------------------------------------------------------------

#: Roles that work with the organisations of their region.
_REGION_WORKERS = (Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER)


def _everything(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    return qs


def _organisations(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    if grants.programme_admin:
        return qs
    region_ids = grants.region_ids(*_REGION_WORKERS)
    organisation_ids = grants.organisation_ids(Role.PARTNER_CONTACT)
    if not region_ids and not organisation_ids:
        return qs.none()
    return qs.in_scope(region_ids=region_ids, organisation_ids=organisation_ids)


def _users(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    if grants.programme_admin:
        return qs
    if grants.user_id is None:
        return qs.none()
    return qs.filter(pk=grants.user_id)


def _memberships(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    if grants.programme_admin:
        return qs
    if grants.user_id is None:
        return qs.none()
    return qs.filter(user_id=grants.user_id)


def _admins_only(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    return qs if grants.programme_admin else qs.none()


#: Roles that use the offer catalogue (viewers see aggregates only).
_CATALOGUE_ROLES = (Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER, Role.PARTNER_CONTACT)


def _offers(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Active offers for every catalogue role; other statuses only for the organisation that
    runs the offer and the coordinators of its region."""
    if grants.programme_admin:
        return qs
    if not grants.has_role(*_CATALOGUE_ROLES):
        return qs.none()
    from participatienet.offers.choices import OfferStatus

    own = qs.in_scope(
        region_ids=grants.region_ids(Role.COORDINATOR),
        organisation_ids=grants.organisation_ids(Role.PARTNER_CONTACT, Role.LOCAL_WORKER),
    )
    return qs.filter(models.Q(status=OfferStatus.ACTIVE) | models.Q(pk__in=own.values("pk")))


def _personal(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Newcomers and everything about them: coordinators see their regions, counsellors their
    caseload, local workers the newcomers living in their municipality, partner contacts only
    what was referred to their organisation. Viewers see none of it."""
    if grants.programme_admin:
        return qs
    region_ids = grants.region_ids(Role.COORDINATOR)
    counsellor_id = grants.user_id if grants.has_role(Role.COUNSELLOR) else None
    organisation_ids = grants.organisation_ids(Role.PARTNER_CONTACT)
    if not (region_ids or counsellor_id or grants.municipalities or organisation_ids):
        return qs.none()
    return qs.in_scope(
        region_ids=region_ids,
        counsellor_id=counsellor_id,
        municipality_ids=grants.municipalities,
        organisation_ids=organisation_ids,
    )


def _proposals(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Allocation proposals: the coordinators of the region (they hold newcomers' names)."""
    if grants.programme_admin:
        return qs
    return qs.filter(region_id__in=grants.region_ids(Role.COORDINATOR))


def _ties(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Declared ties: coordinators those touching their regions, partner contacts those of
    their own organisation."""
    if grants.programme_admin:
        return qs
    region_ids = grants.region_ids(Role.COORDINATOR)
    organisation_ids = grants.organisation_ids(Role.PARTNER_CONTACT)
    if not region_ids and not organisation_ids:
        return qs.none()
    return qs.in_scope(region_ids=region_ids, organisation_ids=organisation_ids)


VisibilityRule = Callable[[Any, Grants, models.QuerySet], models.QuerySet]


def _visibility_rules() -> dict[str, VisibilityRule]:
    return {
        "regions.region": _everything,
        "regions.municipality": _everything,
        "network.organisation": _organisations,
        "network.contactpoint": _organisations,
        "network.tie": _ties,
        "accounts.user": _users,
        "accounts.membership": _memberships,
        "accounts.auditentry": _admins_only,
        "accounts.linktoken": _admins_only,
        "offers.offer": _offers,
        "trajectories.newcomer": _personal,
        "trajectories.trajectory": _personal,
        "trajectories.participation": _personal,
        "trajectories.hourentry": _personal,
        "trajectories.feedback": _personal,
        "allocation.matchingweights": _everything,
        "allocation.allocationproposal": _proposals,
    }


def visible(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may see. Anonymous users see nothing."""
    grants = grants_for(user)
    if grants is NO_GRANTS:
        return queryset.none()
    label = queryset.model._meta.label_lower
    rule = _visibility_rules().get(label)
    if rule is None:
        raise LookupError(f"No visibility rule for {label}; add one to accounts.policy.")
    return rule(user, grants, queryset)


def get_visible_or_404(user: Any, queryset: models.QuerySet[M], **lookup: Any) -> M:
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# --- What a user may do ----------------------------------------------------------------------


def _anyone(user: Any, grants: Grants, obj: Any) -> bool:
    return True


def _authenticated(user: Any, grants: Grants, obj: Any) -> bool:
    return grants is not NO_GRANTS


def _programme_admin(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin


def _list_organisations(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin or grants.has_role(*_REGION_WORKERS, Role.PARTNER_CONTACT)


def _view_organisation(user: Any, grants: Grants, obj: Any) -> bool:
    if grants.programme_admin:
        return True
    return obj.region_id in grants.region_ids(
        *_REGION_WORKERS
    ) or obj.pk in grants.organisation_ids(Role.PARTNER_CONTACT)


def _view_region_work(user: Any, grants: Grants, obj: Any) -> bool:
    """Region figures beyond reference data: people who work in or oversee that region."""
    if grants.programme_admin or grants.programme_viewer:
        return True
    return obj is not None and obj.pk in grants.all_region_ids


def _coordinator_of(grants: Grants, region_id: int | None) -> bool:
    return grants.programme_admin or region_id in grants.region_ids(Role.COORDINATOR)


def _create_organisation(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the region the organisation will belong to (None: any of the user's)."""
    if grants.programme_admin:
        return True
    if obj is None:
        return bool(grants.region_ids(Role.COORDINATOR))
    return obj.pk in grants.region_ids(Role.COORDINATOR)


def _change_organisation(user: Any, grants: Grants, obj: Any) -> bool:
    """Coordinators of its region; its own partner contacts and local workers."""
    return _coordinator_of(grants, obj.region_id) or obj.pk in grants.organisation_ids(
        Role.PARTNER_CONTACT, Role.LOCAL_WORKER
    )


def _use_catalogue(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin or grants.has_role(*_CATALOGUE_ROLES)


def _create_offer(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the organisation that will run the offer (None: any the user may use)."""
    if grants.programme_admin:
        return True
    if obj is None:
        return bool(
            grants.region_ids(Role.COORDINATOR)
            or grants.organisation_ids(Role.PARTNER_CONTACT, Role.LOCAL_WORKER)
        )
    return _coordinator_of(grants, obj.region_id) or obj.pk in grants.organisation_ids(
        Role.PARTNER_CONTACT, Role.LOCAL_WORKER
    )


def _change_offer(user: Any, grants: Grants, obj: Any) -> bool:
    return _coordinator_of(grants, obj.region_id) or obj.organisation_id in grants.organisation_ids(
        Role.PARTNER_CONTACT, Role.LOCAL_WORKER
    )


def _validate_offer(user: Any, grants: Grants, obj: Any) -> bool:
    return (
        _coordinator_of(grants, obj.region_id if obj is not None else None)
        if obj
        else (grants.programme_admin or bool(grants.region_ids(Role.COORDINATOR)))
    )


def _create_newcomer(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin or grants.has_role(Role.COUNSELLOR, Role.COORDINATOR)


def _manage_newcomer(user: Any, grants: Grants, obj: Any) -> bool:
    """Change a newcomer or run their trajectory: their counsellor or a coordinator."""
    if _coordinator_of(grants, obj.region_id):
        return True
    return grants.has_role(Role.COUNSELLOR) and obj.counsellor_id == grants.user_id


def _manage_trajectory(user: Any, grants: Grants, obj: Any) -> bool:
    if _coordinator_of(grants, obj.region_id):
        return True
    return grants.has_role(Role.COUNSELLOR) and grants.user_id in (
        obj.counsellor_id,
        obj.newcomer.counsellor_id,
    )


def _partner_of(grants: Grants, participation: Any) -> bool:
    return participation.organisation_id is not None and (
        participation.organisation_id in grants.organisation_ids(Role.PARTNER_CONTACT)
    )


def _answer_referral(user: Any, grants: Grants, obj: Any) -> bool:
    return _partner_of(grants, obj) or _manage_trajectory(user, grants, obj.trajectory)


def _enter_hours(user: Any, grants: Grants, obj: Any) -> bool:
    return _partner_of(grants, obj) or _manage_trajectory(user, grants, obj.trajectory)


def _confirm_hours(user: Any, grants: Grants, obj: Any) -> bool:
    """Only the offer's side confirms hours: a partner contact of its organisation."""
    return _partner_of(grants, obj)


def _view_full_newcomer(user: Any, grants: Grants, obj: Any) -> bool:
    """The whole record: the newcomer's coordinator, counsellor or local worker (where they
    live). A partner contact sees only what its referrals need, even if it holds another role
    elsewhere."""
    if _manage_newcomer(user, grants, obj):
        return True
    return obj.municipality_id in grants.municipalities


def _list_newcomers(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin or grants.has_role(
        Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER
    )


def _partner_or_manager(user: Any, grants: Grants, obj: Any) -> bool:
    """On a participation: the hosting partner, or whoever runs the trajectory."""
    return _partner_of(grants, obj) or _manage_trajectory(user, grants, obj.trajectory)


def _partner_todo(user: Any, grants: Grants, obj: Any) -> bool:
    return bool(grants.organisation_ids(Role.PARTNER_CONTACT))


def _give_partner_feedback(user: Any, grants: Grants, obj: Any) -> bool:
    return _partner_of(grants, obj)


def _see_feedback_aggregates(user: Any, grants: Grants, obj: Any) -> bool:
    return grants is not NO_GRANTS


def _region_overview(user: Any, grants: Grants, obj: Any) -> bool:
    if obj is None:
        return grants.programme_admin or bool(grants.region_ids(Role.COORDINATOR))
    return _coordinator_of(grants, obj.pk)


def _manage_tie(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the tie's organisation a (None: any): a coordinator of its region, or a
    partner contact of that organisation (for itself)."""
    if grants.programme_admin:
        return True
    if obj is None:
        return bool(
            grants.region_ids(Role.COORDINATOR) or grants.organisation_ids(Role.PARTNER_CONTACT)
        )
    return obj.region_id in grants.region_ids(
        Role.COORDINATOR
    ) or obj.pk in grants.organisation_ids(Role.PARTNER_CONTACT)


def _view_network(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the region: its coordinators and viewers (no personal data), or an admin."""
    if grants.programme_admin:
        return True
    if obj is None:
        return bool(grants.region_ids(Role.COORDINATOR, Role.VIEWER)) or grants.programme_viewer
    return grants.programme_viewer or obj.pk in grants.region_ids(Role.COORDINATOR, Role.VIEWER)


RULES: dict[str, Callable[[Any, Grants, Any], bool]] = {
    "health.view": _anyone,
    "home.view": _authenticated,
    "profile.view": _authenticated,
    "scope.switch": _authenticated,
    "region.view": _authenticated,
    "region.view_figures": _view_region_work,
    "organisation.list": _list_organisations,
    "organisation.view": _view_organisation,
    "user.manage": _programme_admin,
    "membership.manage": _programme_admin,
    "audit.view": _programme_admin,
    "django_admin.use": _programme_admin,
    "organisation.create": _create_organisation,
    "organisation.change": _change_organisation,
    "catalogue.view": _use_catalogue,
    "offer.create": _create_offer,
    "offer.change": _change_offer,
    "offer.validate": _validate_offer,
    "newcomer.create": _create_newcomer,
    "newcomer.change": _manage_newcomer,
    "trajectory.manage": _manage_trajectory,
    "participation.answer": _answer_referral,
    "hours.enter": _enter_hours,
    "hours.confirm": _confirm_hours,
    "region_overview.view": _region_overview,
    "newcomer.list": _list_newcomers,
    "newcomer.view_full": _view_full_newcomer,
    "participation.start": _partner_or_manager,
    "participation.end": _partner_or_manager,
    "feedback.view_aggregates": _see_feedback_aggregates,
    "partner_todo.view": _partner_todo,
    # Matching and allocation: ``obj`` is the region (None: any region of the user).
    "matching.configure": _region_overview,
    "allocation.run": _region_overview,
    "unmet_demand.view": _region_overview,
    "feedback.give_partner": _give_partner_feedback,
    # Ties: ``obj`` is the tie's organisation a.
    "tie.create": _manage_tie,
    "tie.delete": _manage_tie,
    "network.view": _view_network,
}


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` take ``action`` (on ``obj``)? Unknown actions are an error, never a yes."""
    try:
        rule = RULES[action]
    except KeyError as exc:
        raise LookupError(f"Unknown action {action!r}; add it to accounts.policy.RULES.") from exc
    return bool(rule(user, grants_for(user), obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)
