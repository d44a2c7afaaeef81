"""Offer operations: one function per use case, each in one transaction with its audit entry.

The lifecycle (``choices.OFFER_TRANSITIONS``): draft → submitted → validated by a coordinator
(with remarks) → active ⇄ paused → archived; a coordinator may send a submitted offer back to
draft with remarks. An offer belongs to the region of its organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.network.models import Organisation
from participatienet.offers import selectors
from participatienet.offers.choices import OFFER_TRANSITIONS, Language, OfferStatus
from participatienet.offers.models import Offer
from participatienet.regions.models import Municipality

#: The fields of an offer that ``create_offer`` and ``update_offer`` take (besides the
#: organisation and the municipalities served).
OFFER_FIELDS = (
    "title",
    "description",
    "kind",
    "themes_mask",
    "is_location_flexible",
    "address",
    "municipality",
    "latitude",
    "longitude",
    "is_schedule_flexible",
    "schedule_mask",
    "hours_per_week",
    "duration_weeks",
    "capacity",
    "start_date",
    "end_date",
    "min_dutch_level",
    "has_childcare",
    "is_wheelchair_accessible",
    "is_women_only",
    "near_public_transport",
    "is_free",
    "cost_note",
    "support_languages",
    "contact",
    "attests_dutch_context",
    "attests_social_contact",
)


class OfferError(Exception):
    """An operation the offer's current state does not allow; ``code`` tells which."""

    code = "not_allowed"

    def __init__(self, code: str | None = None, message: str = "") -> None:
        super().__init__(message or code or self.code)
        if code:
            self.code = code


class TransitionNotAllowed(OfferError):
    code = "transition"


class CriteriaNotAttested(OfferError):
    code = "criteria"


class RemarksRequired(OfferError):
    code = "remarks"


class OfferEnded(OfferError):
    code = "ended"


def _snapshot(offer: Offer) -> dict[str, Any]:
    values = {}
    for name in OFFER_FIELDS:
        values[name] = getattr(offer, Offer._meta.get_field(name).attname)
    return values


def _apply(
    offer: Offer,
    fields: dict[str, Any],
    municipalities_served: Iterable[Municipality],
) -> list[int]:
    """Set ``fields`` on ``offer`` with the defaults the rules ask for; returns the ids of the
    municipalities served (empty unless the location is flexible)."""
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, value)
    served = sorted({m.pk for m in municipalities_served}) if offer.is_location_flexible else []
    if offer.is_location_flexible:
        offer.address = ""
    if offer.latitude is None or offer.longitude is None:
        # No coordinates given: the centre of the municipality.
        offer.latitude = offer.municipality.latitude
        offer.longitude = offer.municipality.longitude
    if offer.is_schedule_flexible:
        offer.schedule_mask = 0
    if offer.is_free:
        offer.cost_note = offer.cost_note or ""
    languages = list(dict.fromkeys(offer.support_languages or []))
    if any(code not in Language.values for code in languages):
        raise ValidationError({"support_languages": "unknown language"})
    offer.support_languages = languages
    offer.title = " ".join((offer.title or "").split())
    offer.description = (offer.description or "").strip()
    return served


def _co_organiser_ids(offer: Offer, co_organisers: Iterable[Organisation]) -> list[int]:
    """The ids of ``co_organisers``, once each is an organisation of the offer's region (or one
    serving it) other than the offer's own organisation. One query."""
    wanted = sorted({organisation.pk for organisation in co_organisers})
    if not wanted:
        return []
    allowed = set(
        selectors.co_organisers_allowed(
            region_id=offer.region_id, organisation_id=offer.organisation_id
        )
        .filter(pk__in=wanted)
        .order_by()
        .values_list("pk", flat=True)
    )
    if set(wanted) - allowed:
        raise ValidationError(
            {
                "co_organisers": ValidationError(
                    "a co-organiser is another organisation of the region, or one serving it",
                    code="co_organiser_elsewhere",
                )
            }
        )
    return wanted


def _check(offer: Offer, served: list[int]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        offer.full_clean(exclude=["region", "validated_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if offer.is_location_flexible and not served:
        errors.setdefault("municipalities_served", []).append(
            "a flexible location serves at least one municipality"
        )
    if offer.contact_id and not offer.contact.email:
        errors.setdefault("contact", []).append("the contact person needs an e-mail address")
    if offer.status != OfferStatus.DRAFT and not offer.meets_criteria:
        errors.setdefault("attests_dutch_context", []).append(
            "an offer beyond draft keeps both criteria"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_offer(
    *,
    actor: Any,
    organisation: Organisation,
    municipalities_served: Iterable[Municipality] = (),
    co_organisers: Iterable[Organisation] = (),
    **fields: Any,
) -> Offer:
    """Create a draft offer of ``organisation`` (in the organisation's region), run together
    with ``co_organisers`` (organisations of that region, or serving it).

    Raises ``ValidationError`` (and writes nothing) when a rule of the model is broken.
    """
    offer = Offer(
        organisation=organisation,
        region_id=organisation.region_id,
        status=OfferStatus.DRAFT,
        latitude=None,
        longitude=None,
    )
    served = _apply(offer, fields, municipalities_served)
    _check(offer, served)
    partners = _co_organiser_ids(offer, co_organisers)
    offer.save()
    offer.municipalities_served.set(served)
    offer.co_organisers.set(partners)
    audit.record(
        actor=actor,
        action="offer.created",
        obj=offer,
        fields=[
            *sorted(fields),
            *(["municipalities_served"] if served else []),
            *(["co_organisers"] if partners else []),
        ],
    )
    return offer


@transaction.atomic
def update_offer(
    *,
    actor: Any,
    offer: Offer,
    municipalities_served: Iterable[Municipality] = (),
    co_organisers: Iterable[Organisation] | None = None,
    **fields: Any,
) -> list[str]:
    """Change an offer (not an archived one); returns the names of the changed fields.

    ``co_organisers`` replaces the organisations the offer is run together with; None keeps
    them."""
    offer = Offer.objects.select_for_update().select_related("municipality").get(pk=offer.pk)
    if offer.status == OfferStatus.ARCHIVED:
        raise OfferError("archived")
    before = _snapshot(offer)
    served_before = sorted(offer.municipalities_served.values_list("pk", flat=True))
    if "latitude" in fields and fields.get("latitude") is None:
        fields["longitude"] = None
    served = _apply(offer, fields, municipalities_served)
    _check(offer, served)
    changed = audit.changed_fields(before, _snapshot(offer))
    if served != served_before:
        changed.append("municipalities_served")
    partners = None
    if co_organisers is not None:
        partners = _co_organiser_ids(offer, co_organisers)
        if partners != sorted(offer.co_organisers.values_list("pk", flat=True)):
            changed.append("co_organisers")
    if not changed:
        return []
    offer.save()
    if "municipalities_served" in changed:
        offer.municipalities_served.set(served)
    if "co_organisers" in changed:
        offer.co_organisers.set(partners)
    audit.record(actor=actor, action="offer.changed", obj=offer, fields=changed)
    return sorted(changed)


def _move(offer: Offer, status: str) -> Offer:
    """Lock the offer and check that it may move to ``status``."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if status not in OFFER_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(message=f"{locked.status} → {status}")
    return locked


def _save_status(offer: Offer, status: str, *extra: str) -> None:
    offer.status = status
    offer.save(update_fields=["status", "updated_at", *extra])


@transaction.atomic
def submit(*, actor: Any, offer: Offer) -> Offer:
    """Submit a draft for validation; the organisation must attest both criteria."""
    offer = _move(offer, OfferStatus.SUBMITTED)
    if not offer.meets_criteria:
        raise CriteriaNotAttested
    _save_status(offer, OfferStatus.SUBMITTED)
    audit.record(actor=actor, action="offer.submitted", obj=offer, fields=["status"])
    return offer


@transaction.atomic
def validate(*, actor: Any, offer: Offer, remarks: str = "") -> Offer:
    """A coordinator validates a submitted offer, with optional remarks."""
    offer = _move(offer, OfferStatus.VALIDATED)
    if not offer.meets_criteria:
        raise CriteriaNotAttested
    offer.validated_by = actor if getattr(actor, "is_authenticated", False) else None
    offer.validated_at = timezone.now()
    offer.validation_remarks = (remarks or "").strip()
    _save_status(offer, OfferStatus.VALIDATED, "validated_by", "validated_at", "validation_remarks")
    audit.record(
        actor=actor,
        action="offer.validated",
        obj=offer,
        fields=["status", "validated_by", "validated_at", "validation_remarks"],
    )
    return offer


@transaction.atomic
def send_back(*, actor: Any, offer: Offer, remarks: str) -> Offer:
    """A coordinator sends a submitted offer back to draft, saying what to change."""
    remarks = (remarks or "").strip()
    if not remarks:
        raise RemarksRequired
    offer = _move(offer, OfferStatus.DRAFT)
    offer.validation_remarks = remarks
    _save_status(offer, OfferStatus.DRAFT, "validation_remarks")
    audit.record(
        actor=actor, action="offer.sent_back", obj=offer, fields=["status", "validation_remarks"]
    )
    return offer


@transaction.atomic
def activate(*, actor: Any, offer: Offer) -> Offer:
    """Publish a validated offer, or resume a paused one (not after its end date)."""
    offer = _move(offer, OfferStatus.ACTIVE)
    if offer.end_date and offer.end_date < timezone.localdate():
        raise OfferEnded
    _save_status(offer, OfferStatus.ACTIVE)
    audit.record(actor=actor, action="offer.activated", obj=offer, fields=["status"])
    return offer


@transaction.atomic
def pause(*, actor: Any, offer: Offer) -> Offer:
    """Take an active offer out of the catalogue for a while; participations go on."""
    offer = _move(offer, OfferStatus.PAUSED)
    _save_status(offer, OfferStatus.PAUSED)
    audit.record(actor=actor, action="offer.paused", obj=offer, fields=["status"])
    return offer


@transaction.atomic
def archive(*, actor: Any, offer: Offer) -> Offer:
    """End an offer for good; it stays readable for the history."""
    offer = _move(offer, OfferStatus.ARCHIVED)
    _save_status(offer, OfferStatus.ARCHIVED)
    audit.record(actor=actor, action="offer.archived", obj=offer, fields=["status"])
    return offer


#: The transitions by name, as the offer page offers them; with the policy action each needs.
TRANSITIONS: dict[str, tuple[Any, str, str]] = {
    # name: (service, policy action, target status)
    "submit": (submit, "offer.change", OfferStatus.SUBMITTED),
    "validate": (validate, "offer.validate", OfferStatus.VALIDATED),
    "send_back": (send_back, "offer.validate", OfferStatus.DRAFT),
    "activate": (activate, "offer.change", OfferStatus.ACTIVE),
    "pause": (pause, "offer.change", OfferStatus.PAUSED),
    "archive": (archive, "offer.change", OfferStatus.ARCHIVED),
}
