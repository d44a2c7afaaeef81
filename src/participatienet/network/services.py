"""Organisation operations: one function per use case, each in one transaction with its audit.

Contact points hold personal data of the people at an organisation: every change to them is
written to the audit log with the fields it touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from participatienet.accounts import audit
from participatienet.network.models import ContactPoint, Organisation
from participatienet.network.validators import normalise_kbo_number
from participatienet.regions.models import Municipality, Region

#: Fields of an organisation that the forms and services change.
ORGANISATION_FIELDS = ("name", "kind", "municipality", "website", "kbo_number")
#: Fields of a contact point (all personal data of the contact person, except the flag).
CONTACT_POINT_FIELDS = ("name", "function", "email", "phone", "is_direct")


class ContactPointInUse(Exception):
    """The contact point is the contact of one or more offers and cannot be removed."""

    def __init__(self, contact_point: ContactPoint, offer_count: int) -> None:
        super().__init__(f"{contact_point} is the contact of {offer_count} offers")
        self.contact_point = contact_point
        self.offer_count = offer_count


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
) -> Organisation:
    """Create an organisation; its region is the region of its municipality."""
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        municipality=municipality,
        region_id=municipality.region_id,
        website=website,
        kbo_number=normalise_kbo_number(kbo_number) if kbo_number else "",
    )
    organisation.full_clean()
    organisation.save()
    served = _served_ids(regions_served, municipality.region)
    organisation.regions_served.set(served)
    audit.record(
        actor=actor,
        action="organisation.created",
        obj=organisation,
        fields=[*ORGANISATION_FIELDS, "region", *(["regions_served"] if served else [])],
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
) -> list[str]:
    """Change an organisation; moving it to a municipality elsewhere moves its region too.

    Returns the names of the fields that changed (nothing is written when none did).
    """
    before = _snapshot(organisation, (*ORGANISATION_FIELDS, "region"))
    served_before = set(organisation.regions_served.values_list("pk", flat=True))
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.municipality = municipality
    organisation.region_id = municipality.region_id
    organisation.website = website
    organisation.kbo_number = normalise_kbo_number(kbo_number) if kbo_number else ""
    organisation.full_clean()
    changed = audit.changed_fields(
        before, _snapshot(organisation, (*ORGANISATION_FIELDS, "region"))
    )
    served_after = _served_ids(regions_served, municipality.region)
    if served_after != served_before:
        changed.append("regions_served")
    if not changed:
        return []
    organisation.save()
    if "regions_served" in changed:
        organisation.regions_served.set(served_after)
    audit.record(actor=actor, action="organisation.changed", obj=organisation, fields=changed)
    return sorted(changed)


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
