"""Organisation operations: one function per use case, each in one transaction with its audit.

Contact points hold personal data of the people at an organisation: every change to them is
written to the audit log with the fields it touched.

Growing the network: an organisation holds network roles and moves through stages
(``choices.STAGE_TRANSITIONS``: prospect → engaged → active ⇄ dormant, engaged back to
prospect). Every move is a ``StageChange`` row and an audit entry; the first time it becomes
active, its join date is set. Contact moments and the next step (what, when, who) keep the
growth going.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from participatienet.accounts import audit
from participatienet.network.choices import (
    STAGE_TRANSITIONS,
    ContactChannel,
    OrganisationStage,
    mask_of_roles,
)
from participatienet.network.models import ContactMoment, ContactPoint, Organisation, StageChange
from participatienet.network.validators import normalise_kbo_number
from participatienet.regions.models import Municipality, Region

#: Fields of an organisation that the forms and services change.
ORGANISATION_FIELDS = ("name", "kind", "municipality", "website", "kbo_number")
#: Fields of an organisation's place in the network (roles, stage, join date).
NETWORK_FIELDS = ("roles_mask", "stage", "joined_on")
#: Fields of the next step of growth.
NEXT_STEP_FIELDS = ("next_step", "next_step_due", "next_step_owner")
#: Fields of a contact point (all personal data of the contact person, except the flag).
CONTACT_POINT_FIELDS = ("name", "function", "email", "phone", "is_direct")


class ContactPointInUse(Exception):
    """The contact point is the contact of one or more offers and cannot be removed."""

    def __init__(self, contact_point: ContactPoint, offer_count: int) -> None:
        super().__init__(f"{contact_point} is the contact of {offer_count} offers")
        self.contact_point = contact_point
        self.offer_count = offer_count


class Keep:
    """The type of ``KEEP``: leave a value as it is (where None would clear it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    """The values of ``names`` (foreign keys by id, so nothing is fetched)."""
    values = {}
    for name in names:
        attname = obj._meta.get_field(name).attname
        values[name] = getattr(obj, attname)
    return values


def _served_ids(regions: Iterable[Region], home: Region) -> set[int]:
    return {region.pk for region in regions if region.pk != home.pk}


@transaction.atomic
def create_organisation(
    *,
    actor: Any,
    name: str,
    kind: str,
    municipality: Municipality,
    regions_served: Iterable[Region] = (),
    website: str = "",
    kbo_number: str = "",
    roles: Iterable[int] = (),
    stage: str = OrganisationStage.ACTIVE,
    joined_on: date | None = None,
) -> Organisation:
    """Create an organisation; its region is the region of its municipality.

    An organisation that starts active joins the network today unless ``joined_on`` says
    otherwise; a prospect or engaged organisation has no join date yet. Its first stage is
    recorded as a stage change.
    """
    _check_stage(stage)
    today = timezone.localdate()
    if stage == OrganisationStage.ACTIVE and joined_on is None:
        joined_on = today
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        municipality=municipality,
        region_id=municipality.region_id,
        website=website,
        kbo_number=normalise_kbo_number(kbo_number) if kbo_number else "",
        roles_mask=mask_of_roles(roles),
        stage=stage,
        joined_on=joined_on,
    )
    organisation.full_clean()
    organisation.save()
    served = _served_ids(regions_served, municipality.region)
    organisation.regions_served.set(served)
    StageChange.objects.create(
        organisation=organisation,
        from_stage="",
        to_stage=stage,
        changed_on=today,
        changed_by=_user_or_none(actor),
        changed_by_name=_name_of(actor),
    )
    audit.record(
        actor=actor,
        action="organisation.created",
        obj=organisation,
        fields=[
            *ORGANISATION_FIELDS,
            "region",
            "stage",
            *(["regions_served"] if served else []),
            *(["roles_mask"] if organisation.roles_mask else []),
            *(["joined_on"] if joined_on else []),
        ],
    )
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    kind: str,
    municipality: Municipality,
    regions_served: Iterable[Region] = (),
    website: str = "",
    kbo_number: str = "",
    roles: Iterable[int] | None = None,
    stage: str | None = None,
    joined_on: date | None | Keep = KEEP,
) -> list[str]:
    """Change an organisation; moving it to a municipality elsewhere moves its region too.

    ``roles``, ``stage`` and ``joined_on`` stay as they are when not given (only coordinators
    change them). A new stage must be an allowed move; it is recorded as a stage change.
    Returns the names of the fields that changed (nothing is written when none did).
    """
    names = (*ORGANISATION_FIELDS, "region", *NETWORK_FIELDS)
    before = _snapshot(organisation, names)
    served_before = set(organisation.regions_served.values_list("pk", flat=True))
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.municipality = municipality
    organisation.region_id = municipality.region_id
    organisation.website = website
    organisation.kbo_number = normalise_kbo_number(kbo_number) if kbo_number else ""
    if roles is not None:
        organisation.roles_mask = mask_of_roles(roles)
    if not isinstance(joined_on, Keep):
        organisation.joined_on = joined_on
    from_stage = before["stage"]
    if stage is not None and stage != from_stage:
        _check_move(from_stage, stage, field="stage")
        organisation.stage = stage
        if stage == OrganisationStage.ACTIVE and organisation.joined_on is None:
            organisation.joined_on = timezone.localdate()
    organisation.full_clean()
    changed = audit.changed_fields(before, _snapshot(organisation, names))
    served_after = _served_ids(regions_served, municipality.region)
    if served_after != served_before:
        changed.append("regions_served")
    if not changed:
        return []
    organisation.save()
    if "regions_served" in changed:
        organisation.regions_served.set(served_after)
    detail = ""
    if "stage" in changed:
        StageChange.objects.create(
            organisation=organisation,
            from_stage=from_stage,
            to_stage=organisation.stage,
            changed_on=timezone.localdate(),
            changed_by=_user_or_none(actor),
            changed_by_name=_name_of(actor),
        )
        detail = f"stage {from_stage} → {organisation.stage}"
    audit.record(
        actor=actor, action="organisation.changed", obj=organisation, fields=changed, detail=detail
    )
    return sorted(changed)


# --- Growing the network -------------------------------------------------------------------------


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _name_of(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.email)[:150]


def _check_stage(stage: str) -> None:
    if stage not in OrganisationStage.values:
        raise ValidationError(
            {"stage": _("%(stage)s is not a stage of the network.") % {"stage": stage}},
            code="unknown_stage",
        )


def _check_move(from_stage: str, to_stage: str, *, field: str | None = None) -> None:
    """Refuse a stage that does not exist or a move the pipeline does not allow."""
    _check_stage(to_stage)
    allowed = STAGE_TRANSITIONS.get(from_stage, frozenset())
    if to_stage in allowed:
        return
    labels = dict(OrganisationStage.choices)
    options = ", ".join(str(labels[s]) for s in OrganisationStage.values if s in allowed)
    message = _(
        "An organisation cannot move from %(from)s to %(to)s. From %(from)s it can go to: "
        "%(options)s."
    ) % {"from": labels.get(from_stage, from_stage), "to": labels[to_stage], "options": options}
    raise ValidationError({field: message} if field else message, code="stage_transition")


def _move(
    *,
    actor: Any,
    organisation: Organisation,
    stage: str,
    on: date,
    note: str = "",
    contact_moment: ContactMoment | None = None,
) -> StageChange:
    """Move a locked ``organisation`` to ``stage`` and record it (no audit entry)."""
    from_stage = organisation.stage
    _check_move(from_stage, stage, field="stage")
    fields = ["stage"]
    organisation.stage = stage
    if stage == OrganisationStage.ACTIVE and organisation.joined_on is None:
        organisation.joined_on = on
        fields.append("joined_on")
    organisation.save(update_fields=fields)
    return StageChange.objects.create(
        organisation=organisation,
        from_stage=from_stage,
        to_stage=stage,
        changed_on=on,
        changed_by=_user_or_none(actor),
        changed_by_name=_name_of(actor),
        contact_moment=contact_moment,
        note=" ".join(note.split())[:300],
    )


def _check_day(day: date, field: str, message: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: message}, code="future")


@transaction.atomic
def set_stage(
    *,
    actor: Any,
    organisation: Organisation,
    stage: str,
    on: date | None = None,
    note: str = "",
) -> StageChange | None:
    """Move ``organisation`` to ``stage`` (on ``on``, today by default).

    Returns the recorded change, or None when it already was in that stage (a second click
    changes nothing). Refuses unknown stages, moves the pipeline does not allow and dates in
    the future. The first time it becomes active, ``joined_on`` is set to that day.
    """
    _check_stage(stage)
    on = on or timezone.localdate()
    _check_day(on, "on", _("A stage change cannot be in the future."))
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.stage == stage:
        return None
    joined_before = locked.joined_on
    change = _move(actor=actor, organisation=locked, stage=stage, on=on, note=note)
    organisation.stage, organisation.joined_on = locked.stage, locked.joined_on
    audit.record(
        actor=actor,
        action="organisation.stage_changed",
        obj=locked,
        fields=["stage", *(["joined_on"] if locked.joined_on != joined_before else [])],
        detail=f"{change.from_stage} → {change.to_stage}",
    )
    return change


def _apply_next_step(
    organisation: Organisation,
    *,
    next_step: str,
    due: date | None,
    owner: Any,
) -> list[str]:
    """Put the next step on ``organisation`` (not saved); returns the fields that changed."""
    before = _snapshot(organisation, NEXT_STEP_FIELDS)
    text = " ".join((next_step or "").split())
    organisation.next_step = text
    organisation.next_step_due = due if text else None
    organisation.next_step_owner = owner if text else None
    return audit.changed_fields(before, _snapshot(organisation, NEXT_STEP_FIELDS))


@transaction.atomic
def set_next_step(
    *,
    actor: Any,
    organisation: Organisation,
    next_step: str,
    due: date | None = None,
    owner: Any = None,
) -> list[str]:
    """Set (or clear, with an empty ``next_step``) what happens next, by when and by whom.

    A new due date cannot lie in the past. Returns the fields that changed.
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if due is not None and due != locked.next_step_due and due < timezone.localdate():
        raise ValidationError(
            {"next_step_due": _("The due date has passed: choose today or a later day.")},
            code="past_due",
        )
    changed = _apply_next_step(locked, next_step=next_step, due=due, owner=owner)
    if (due is not None or owner is not None) and not locked.next_step:
        raise ValidationError({"next_step": _("Say what the next step is.")}, code="required")
    if not changed:
        return []
    locked.save(update_fields=changed)
    for name in NEXT_STEP_FIELDS:
        setattr(organisation, name, getattr(locked, name))
    audit.record(actor=actor, action="organisation.next_step_set", obj=locked, fields=changed)
    return changed


@transaction.atomic
def record_contact(
    *,
    actor: Any,
    organisation: Organisation,
    contacted_on: date,
    channel: str,
    summary: str = "",
    contacted_by: Any = None,
    contacted_by_name: str = "",
    stage: str | None = None,
    next_step: str | None = None,
    next_step_due: date | None = None,
    next_step_owner: Any = None,
) -> ContactMoment:
    """Record a contact moment with ``organisation`` and, at once, where it leads.

    ``contacted_by`` is a user, or ``contacted_by_name`` someone without an account. When
    ``stage`` differs from the current one, the organisation moves (recorded with this
    contact). When ``next_step`` is given (an empty text clears it), it replaces the next step;
    a changed due date cannot lie before the contact.
    """
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how the contact happened.")}, code="channel")
    _check_day(contacted_on, "contacted_on", _("A contact moment cannot be in the future."))
    name = " ".join((contacted_by_name or "").split())[:150] or _name_of(contacted_by)
    if not name:
        raise ValidationError(
            {"contacted_by": _("Say who made the contact.")}, code="contacted_by_required"
        )
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if stage is not None and stage != locked.stage:
        _check_move(locked.stage, stage, field="stage")
    next_changed: list[str] = []
    if next_step is not None:
        if (
            next_step_due is not None
            and next_step_due != locked.next_step_due
            and next_step_due < contacted_on
        ):
            raise ValidationError(
                {"next_step_due": _("The next step cannot be due before the contact moment.")},
                code="due_before_contact",
            )
        if (next_step_due is not None or next_step_owner is not None) and not " ".join(
            next_step.split()
        ):
            raise ValidationError({"next_step": _("Say what the next step is.")}, code="required")
        next_changed = _apply_next_step(
            locked, next_step=next_step, due=next_step_due, owner=next_step_owner
        )
    moment = ContactMoment(
        organisation=locked,
        contacted_on=contacted_on,
        contacted_by=contacted_by,
        contacted_by_name=name,
        channel=channel,
        summary=(summary or "").strip(),
        recorded_by=_user_or_none(actor),
    )
    moment.full_clean()
    moment.save()
    if next_changed:
        locked.save(update_fields=next_changed)
    fields = ["contacted_on", "contacted_by", "channel", "summary", *next_changed]
    detail = ""
    if stage is not None and stage != locked.stage:
        change = _move(
            actor=actor,
            organisation=locked,
            stage=stage,
            on=contacted_on,
            contact_moment=moment,
        )
        fields.append("stage")
        detail = f"stage {change.from_stage} → {change.to_stage}"
    for name_ in ("stage", "joined_on", *NEXT_STEP_FIELDS):
        setattr(organisation, name_, getattr(locked, name_))
    audit.record(
        actor=actor,
        action="organisation.contact_recorded",
        obj=locked,
        fields=fields,
        detail=detail,
    )
    return moment


@transaction.atomic
def set_roles(*, actor: Any, organisation: Organisation, roles: Iterable[int]) -> list[str]:
    """Give ``organisation`` exactly the network ``roles``; returns ["roles_mask"] or []."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    mask = mask_of_roles(roles)
    if mask == locked.roles_mask:
        return []
    locked.roles_mask = mask
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=["roles_mask"])
    organisation.roles_mask = mask
    audit.record(actor=actor, action="organisation.changed", obj=locked, fields=["roles_mask"])
    return ["roles_mask"]


@transaction.atomic
def add_prospect(
    *,
    actor: Any,
    name: str,
    kind: str,
    municipality: Municipality,
    roles: Iterable[int] = (),
    contacted_by: Any = None,
    contacted_by_name: str = "",
    contacted_on: date | None = None,
    channel: str = ContactChannel.OTHER,
    summary: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
    next_step_owner: Any = None,
) -> Organisation:
    """Put a new organisation on the growth board as a prospect, with who is in touch with it
    (a first contact moment, when someone is named) and its next step."""
    organisation = create_organisation(
        actor=actor,
        name=name,
        kind=kind,
        municipality=municipality,
        roles=roles,
        stage=OrganisationStage.PROSPECT,
    )
    if contacted_by is not None or " ".join((contacted_by_name or "").split()):
        record_contact(
            actor=actor,
            organisation=organisation,
            contacted_on=contacted_on or timezone.localdate(),
            channel=channel,
            summary=summary,
            contacted_by=contacted_by,
            contacted_by_name=contacted_by_name,
            next_step=next_step,
            next_step_due=next_step_due,
            next_step_owner=next_step_owner,
        )
    elif next_step or next_step_due or next_step_owner:
        set_next_step(
            actor=actor,
            organisation=organisation,
            next_step=next_step,
            due=next_step_due,
            owner=next_step_owner,
        )
    return organisation


def _clean_contact(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": (values.get("name") or "").strip(),
        "function": (values.get("function") or "").strip(),
        "email": (values.get("email") or "").strip().lower(),
        "phone": " ".join((values.get("phone") or "").split()),
        "is_direct": bool(values.get("is_direct")),
    }


@transaction.atomic
def add_contact_point(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    function: str = "",
    email: str = "",
    phone: str = "",
    is_direct: bool = False,
) -> ContactPoint:
    values = _clean_contact(
        {"name": name, "function": function, "email": email, "phone": phone, "is_direct": is_direct}
    )
    contact_point = ContactPoint(organisation=organisation, **values)
    contact_point.full_clean()
    contact_point.save()
    audit.record(
        actor=actor,
        action="contactpoint.created",
        obj=contact_point,
        fields=[name for name in CONTACT_POINT_FIELDS if values[name]],
    )
    return contact_point


@transaction.atomic
def update_contact_point(
    *,
    actor: Any,
    contact_point: ContactPoint,
    name: str,
    function: str = "",
    email: str = "",
    phone: str = "",
    is_direct: bool = False,
) -> list[str]:
    """Change a contact point; returns the names of the fields that changed."""
    values = _clean_contact(
        {"name": name, "function": function, "email": email, "phone": phone, "is_direct": is_direct}
    )
    before = _snapshot(contact_point, CONTACT_POINT_FIELDS)
    for key, value in values.items():
        setattr(contact_point, key, value)
    contact_point.full_clean()
    changed = audit.changed_fields(before, values)
    if not changed:
        return []
    contact_point.save(update_fields=changed)
    audit.record(actor=actor, action="contactpoint.changed", obj=contact_point, fields=changed)
    return changed


@transaction.atomic
def remove_contact_point(*, actor: Any, contact_point: ContactPoint) -> None:
    """Remove a contact point, unless an offer still names it as its contact."""
    locked = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
    offer_count = locked.offers.count()
    if offer_count:
        raise ContactPointInUse(locked, offer_count)
    audit.record(
        actor=actor,
        action="contactpoint.removed",
        obj=locked,
        fields=list(CONTACT_POINT_FIELDS),
        detail=f"organisation {locked.organisation_id}",
    )
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError as error:  # an offer took it as its contact in the meantime
        raise ContactPointInUse(locked, len(error.protected_objects)) from error
