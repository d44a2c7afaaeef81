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


def _contact_points(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Contact points: as organisations, and partner contacts also those of the other
    organisations of their region (short lines between partners: the contact directory).
    Viewers see none (personal contact data)."""
    if grants.programme_admin:
        return qs
    region_ids = grants.region_ids(*_REGION_WORKERS, Role.PARTNER_CONTACT)
    organisation_ids = grants.organisation_ids(Role.PARTNER_CONTACT)
    if not region_ids and not organisation_ids:
        return qs.none()
    return qs.in_scope(region_ids=region_ids, organisation_ids=organisation_ids)


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


def _practices(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """The practice library is shared learning: every logged-in role reads published
    practices; drafts and archived ones only the coordinators of the owning region."""
    if grants.programme_admin:
        return qs
    from participatienet.practices.choices import PracticeStatus

    own = grants.region_ids(Role.COORDINATOR)
    return qs.filter(models.Q(status=PracticeStatus.PUBLISHED) | models.Q(region_id__in=own))


def _practice_interests(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Who wants to try a practice (person and note): the coordinators of the region that owns
    the practice and of the region that marked it."""
    if grants.programme_admin:
        return qs
    region_ids = grants.region_ids(Role.COORDINATOR)
    if not region_ids:
        return qs.none()
    return qs.in_scope(region_ids=region_ids)


def _pipeline_rows(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Contact moments and stage changes of growing the network: like the network itself,
    the coordinators and viewers of the organisation's region, and the programme."""
    if grants.programme_admin or grants.programme_viewer:
        return qs
    region_ids = grants.region_ids(Role.COORDINATOR, Role.VIEWER)
    if not region_ids:
        return qs.none()
    return qs.in_scope(region_ids=region_ids)


#: Roles that see the programme's learning days (to register themselves): everyone who works
#: in the programme, not the offer partners.
_LEARNING_DAY_ROLES = (Role.COORDINATOR, Role.COUNSELLOR, Role.LOCAL_WORKER, Role.VIEWER)


def _learning_days(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Learning days and their programme: the programme team all of them, the other roles of
    the programme those that are no longer drafts."""
    if grants.programme_admin:
        return qs
    if not grants.has_role(*_LEARNING_DAY_ROLES):
        return qs.none()
    return qs.published()


def _learning_day_reports(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """The report of a learning day and its insights: the programme team all of them (also
    drafts), the other roles of the programme what has been published. Groups, their members
    and pair rules hold names: the programme team only (``_admins_only``)."""
    if grants.programme_admin:
        return qs
    if not grants.has_role(*_LEARNING_DAY_ROLES):
        return qs.none()
    return qs.published()


def _scan_waves(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Collaboration scan waves: the coordinators and viewers of the region. Not a programme
    admin: a region's own results are for the region (the programme sees the spread only)."""
    return qs.in_scope(region_ids=grants.region_ids(Role.COORDINATOR, Role.VIEWER))


def _scan_invitations(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Who was invited to a scan (e-mail addresses): the coordinators of the region."""
    return qs.in_scope(region_ids=grants.region_ids(Role.COORDINATOR))


def _region_learning(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Action plans, goals, actions and milestones: the coordinators and viewers of the region.
    Like the scan's results, a region's own learning is for the region."""
    return qs.in_scope(region_ids=grants.region_ids(Role.COORDINATOR, Role.VIEWER))


def _nobody(user: Any, grants: Grants, qs: models.QuerySet) -> models.QuerySet:
    """Rows that are never listed (the scan's anonymous answers: read only as aggregates)."""
    return qs.none()


VisibilityRule = Callable[[Any, Grants, models.QuerySet], models.QuerySet]


def _visibility_rules() -> dict[str, VisibilityRule]:
    return {
        "regions.region": _everything,
        "regions.municipality": _everything,
        "network.organisation": _organisations,
        "network.contactpoint": _contact_points,
        "network.tie": _ties,
        "network.contactmoment": _pipeline_rows,
        "network.stagechange": _pipeline_rows,
        "accounts.user": _users,
        "accounts.membership": _memberships,
        "accounts.auditentry": _admins_only,
        "accounts.linktoken": _admins_only,
        "exchange.learningday": _learning_days,
        "exchange.session": _learning_days,
        "exchange.learningtable": _learning_days,
        "exchange.registration": _admins_only,
        "exchange.groupplan": _admins_only,
        "exchange.group": _admins_only,
        "exchange.groupmember": _admins_only,
        "exchange.pairrule": _admins_only,
        "exchange.dayreport": _learning_day_reports,
        "exchange.insight": _learning_day_reports,
        "offers.offer": _offers,
        "trajectories.newcomer": _personal,
        "trajectories.trajectory": _personal,
        "trajectories.participation": _personal,
        "trajectories.hourentry": _personal,
        "trajectories.feedback": _personal,
        "allocation.matchingweights": _everything,
        "allocation.allocationproposal": _proposals,
        "practices.practice": _practices,
        "practices.practiceinterest": _practice_interests,
        "collaboration.scanversion": _everything,
        "collaboration.dimension": _everything,
        "collaboration.wave": _scan_waves,
        "collaboration.invitation": _scan_invitations,
        "collaboration.response": _nobody,
        "collaboration.answer": _nobody,
        "collaboration.openanswer": _nobody,
        "collaboration.actionplan": _region_learning,
        "collaboration.goal": _region_learning,
        "collaboration.action": _region_learning,
        "collaboration.milestone": _region_learning,
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


def _view_pipeline(user: Any, grants: Grants, obj: Any) -> bool:
    """The growth board of a region (``obj``; None: any): who sees its network."""
    return _view_network(user, grants, obj)


def _manage_pipeline(user: Any, grants: Grants, obj: Any) -> bool:
    """Record contacts, next steps, stages and roles of an organisation (``obj``; None: any):
    the coordinators of its region, or an admin."""
    if obj is None:
        return grants.programme_admin or bool(grants.region_ids(Role.COORDINATOR))
    return _coordinator_of(grants, obj.region_id)


def _use_contact_directory(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the region (None: any): the people who work with its organisations —
    coordinators, counsellors, local workers and partner contacts. Not viewers: the directory
    holds personal contact data."""
    if grants.programme_admin:
        return True
    region_ids = grants.region_ids(*_REGION_WORKERS, Role.PARTNER_CONTACT)
    if obj is None:
        return bool(region_ids)
    return obj.pk in region_ids


def _create_practice(user: Any, grants: Grants, obj: Any) -> bool:
    """``obj`` is the region that will own the practice (None: any): its coordinators."""
    if grants.programme_admin:
        return True
    if obj is None:
        return bool(grants.region_ids(Role.COORDINATOR))
    return obj.pk in grants.region_ids(Role.COORDINATOR)


def _change_practice(user: Any, grants: Grants, obj: Any) -> bool:
    """Change, publish or archive a practice, and see who wants to try it: the coordinators
    of its region."""
    return _coordinator_of(grants, obj.region_id)


def _mark_practice_interest(user: Any, grants: Grants, obj: Any) -> bool:
    """Mark "we want to try this": coordinators speak for their region's network, about a practice
    (``obj``; None: any) of another region. Counsellors, local workers and partners read the
    library and ask their coordinator."""
    own = grants.region_ids(Role.COORDINATOR)
    if obj is None:
        return bool(own)
    return bool(own - {obj.region_id})


def _view_learning_days(user: Any, grants: Grants, obj: Any) -> bool:
    return grants.programme_admin or grants.has_role(*_LEARNING_DAY_ROLES)


def _manage_scan(user: Any, grants: Grants, obj: Any) -> bool:
    """Open, invite to, remind and close a collaboration scan wave of the region ``obj``
    (None: any): its coordinators. Not a programme admin (see ``_scan_waves``)."""
    if obj is None:
        return bool(grants.region_ids(Role.COORDINATOR))
    return obj.pk in grants.region_ids(Role.COORDINATOR)


def _scan_results(user: Any, grants: Grants, obj: Any) -> bool:
    """A region's scan waves and results (``obj`` the region; None: any): its coordinators
    and viewers."""
    if obj is None:
        return bool(grants.region_ids(Role.COORDINATOR, Role.VIEWER))
    return obj.pk in grants.region_ids(Role.COORDINATOR, Role.VIEWER)


def _scan_spread(user: Any, grants: Grants, obj: Any) -> bool:
    """The anonymous spread of scan results over regions: the programme team."""
    return grants.programme_admin or grants.programme_viewer


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
    # Learning days: the programme team organises them; the others see them to register.
    "learningday.view": _view_learning_days,
    "learningday.manage": _programme_admin,
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
    # Growing the network: ``obj`` is the region (view) or the organisation (manage).
    "pipeline.view": _view_pipeline,
    "pipeline.manage": _manage_pipeline,
    # The contact point directory: ``obj`` is the region.
    "contact_directory.view": _use_contact_directory,
    # The practice library (inspiratiegids): ``obj`` is the practice (the region on create).
    "practice.view": _authenticated,
    "practice.create": _create_practice,
    "practice.change": _change_practice,
    "practice.publish": _change_practice,
    "practice.view_interests": _change_practice,
    "practice.mark_interest": _mark_practice_interest,
    # The collaboration scan: ``obj`` is the region (manage, results).
    "scan.manage": _manage_scan,
    "scan.results": _scan_results,
    "scan.version_manage": _programme_admin,
    "scan.spread": _scan_spread,
    # Action plans and the timeline of a region (``obj``: the region; None: any): its
    # coordinators write, they and its viewers read (the same people as the scan's results).
    "plan.view": _scan_results,
    "plan.manage": _manage_scan,
    "timeline.view": _scan_results,
    "timeline.manage": _manage_scan,
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
