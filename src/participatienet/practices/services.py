"""Practice operations: one function per use case, each in one transaction with its audit entry.

The lifecycle (``choices.PRACTICE_TRANSITIONS``): draft → published → archived; a draft can be
archived without ever being published, and an archived practice can be taken back as a draft.
Interest ("we want to try this") is marked once per region, by a region that does not own the
practice, on a published practice; it can be withdrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participatienet.accounts import audit
from participatienet.network.models import ContactPoint
from participatienet.practices.choices import PRACTICE_TRANSITIONS, PracticeStatus
from participatienet.practices.models import Practice, PracticeInterest, PracticeLink
from participatienet.regions.models import Region

#: The fields of a practice that ``create_practice`` and ``update_practice`` take (besides the
#: region and the links).
PRACTICE_FIELDS = (
    "title",
    "main_theme",
    "themes_mask",
    "what",
    "why",
    "how",
    "lessons",
    "contact",
    "contact_name",
    "contact_email",
)
#: At most this many links per practice.
MAX_LINKS = 5


class PracticeError(Exception):
    """An operation the practice's current state does not allow; ``code`` tells which."""

    code = "not_allowed"

    def __init__(self, code: str | None = None, message: str = "") -> None:
        super().__init__(message or code or self.code)
        if code:
            self.code = code


def _clean_links(links: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [(" ".join(label.split()), url.strip()) for label, url in links]
    cleaned = [(label, url) for label, url in cleaned if label or url]
    if len(cleaned) > MAX_LINKS:
        raise ValidationError({"links": f"at most {MAX_LINKS} links"})
    for label, url in cleaned:
        if not label or not url:
            raise ValidationError({"links": "a link needs a label and a web address"})
        link = PracticeLink(label=label, url=url)
        link.full_clean(exclude=["practice"])
    return cleaned


def _apply(practice: Practice, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown practice fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.title = " ".join((practice.title or "").split())
    if practice.main_theme is not None:
        # The main theme is always one of the themes.
        practice.themes_mask = (practice.themes_mask or 0) | 1 << int(practice.main_theme)
    for name in ("what", "why", "how", "lessons"):
        setattr(practice, name, (getattr(practice, name) or "").strip())
    practice.contact_name = " ".join((practice.contact_name or "").split())
    practice.contact_email = (practice.contact_email or "").strip()


def _check(practice: Practice) -> None:
    errors: dict[str, list[str]] = {}
    try:
        practice.full_clean(exclude=["region", "created_by", "contact"])
    except ValidationError as error:
        errors.update(error.message_dict)
    contact: ContactPoint | None = practice.contact
    if contact is not None and contact.organisation.region_id != practice.region_id:
        errors.setdefault("contact", []).append("the contact point works in the region")
    if contact is None and not (practice.contact_name and practice.contact_email):
        errors.setdefault("contact", []).append("a contact point, or a name and e-mail address")
    if contact is not None and (practice.contact_name or practice.contact_email):
        errors.setdefault("contact_name", []).append("a contact point or a name, not both")
    if practice.contact_email and not practice.contact_name:
        errors.setdefault("contact_name", []).append("a name with the e-mail address")
    if errors:
        raise ValidationError(errors)


def _snapshot(practice: Practice) -> dict[str, Any]:
    return {
        name: getattr(practice, Practice._meta.get_field(name).attname) for name in PRACTICE_FIELDS
    }


def _save_links(practice: Practice, links: list[tuple[str, str]]) -> None:
    practice.links.all().delete()
    PracticeLink.objects.bulk_create(
        PracticeLink(practice=practice, label=label, url=url, position=index)
        for index, (label, url) in enumerate(links)
    )


@transaction.atomic
def create_practice(
    *,
    actor: Any,
    region: Region,
    links: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> Practice:
    """Create a draft practice of ``region``. Raises ``ValidationError`` (and writes nothing)
    when a rule is broken."""
    practice = Practice(
        region=region,
        status=PracticeStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply(practice, fields)
    cleaned = _clean_links(links)
    _check(practice)
    practice.save()
    _save_links(practice, cleaned)
    audit.record(
        actor=actor,
        action="practice.created",
        obj=practice,
        fields=[*sorted(fields), *(["links"] if cleaned else [])],
    )
    return practice


@transaction.atomic
def update_practice(
    *,
    actor: Any,
    practice: Practice,
    links: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> list[str]:
    """Change a practice (not an archived one); returns the names of the changed fields."""
    practice = (
        Practice.objects.select_for_update(of=("self",))
        .select_related("region", "contact__organisation")
        .get(pk=practice.pk)
    )
    if practice.status == PracticeStatus.ARCHIVED:
        raise PracticeError("archived")
    before = _snapshot(practice)
    links_before = list(practice.links.order_by("position", "pk").values_list("label", "url"))
    _apply(practice, fields)
    cleaned = _clean_links(links)
    _check(practice)
    changed = audit.changed_fields(before, _snapshot(practice))
    if cleaned != [tuple(link) for link in links_before]:
        changed.append("links")
    if not changed:
        return []
    practice.save()
    if "links" in changed:
        _save_links(practice, cleaned)
    audit.record(actor=actor, action="practice.changed", obj=practice, fields=changed)
    return sorted(changed)


def _move(practice: Practice, status: str) -> Practice:
    locked = (
        Practice.objects.select_for_update(of=("self",))
        .select_related("region", "contact__organisation")
        .get(pk=practice.pk)
    )
    if status not in PRACTICE_TRANSITIONS[locked.status]:
        raise PracticeError("transition", f"{locked.status} → {status}")
    return locked


@transaction.atomic
def publish(*, actor: Any, practice: Practice) -> Practice:
    """Put a draft in the library, readable for every region."""
    practice = _move(practice, PracticeStatus.PUBLISHED)
    _check(practice)
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = timezone.now()
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor, action="practice.published", obj=practice, fields=["status", "published_at"]
    )
    return practice


@transaction.atomic
def archive(*, actor: Any, practice: Practice) -> Practice:
    """Take a practice out of the library; its region keeps it, with the interests shown."""
    practice = _move(practice, PracticeStatus.ARCHIVED)
    practice.status = PracticeStatus.ARCHIVED
    practice.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="practice.archived", obj=practice, fields=["status"])
    return practice


@transaction.atomic
def reopen(*, actor: Any, practice: Practice) -> Practice:
    """Take an archived practice back as a draft, to change and publish it again."""
    practice = _move(practice, PracticeStatus.DRAFT)
    practice.status = PracticeStatus.DRAFT
    practice.published_at = None
    practice.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor, action="practice.reopened", obj=practice, fields=["status", "published_at"]
    )
    return practice


#: The transitions by name, as the practice page offers them: (service, target status).
TRANSITIONS: dict[str, tuple[Any, str]] = {
    "publish": (publish, PracticeStatus.PUBLISHED),
    "archive": (archive, PracticeStatus.ARCHIVED),
    "reopen": (reopen, PracticeStatus.DRAFT),
}


# --- Interest of other regions -------------------------------------------------------------------


@transaction.atomic
def mark_interest(
    *, actor: Any, practice: Practice, region: Region, note: str = ""
) -> PracticeInterest:
    """``region`` wants to try ``practice``: once per region, never for its own practice, only
    while the practice is published. Marking again changes the note."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.PUBLISHED:
        raise PracticeError("not_published")
    if practice.region_id == region.pk:
        raise PracticeError("own_region")
    note = " ".join((note or "").split())
    if len(note) > PracticeInterest._meta.get_field("note").max_length:
        raise ValidationError({"note": "too long"})
    user = actor if getattr(actor, "is_authenticated", False) else None
    interest = PracticeInterest.objects.filter(practice=practice, region=region).first()
    if interest is not None:
        if interest.note == note:
            return interest
        interest.note = note
        interest.save(update_fields=["note"])
        audit.record(actor=actor, action="practice_interest.changed", obj=interest, fields=["note"])
        return interest
    try:
        with transaction.atomic():
            interest = PracticeInterest.objects.create(
                practice=practice, region=region, user=user, note=note
            )
    except IntegrityError as exc:  # pragma: no cover - the row lock above makes this rare
        raise PracticeError("duplicate") from exc
    audit.record(
        actor=actor,
        action="practice_interest.marked",
        obj=interest,
        fields=["region", "user", "note"],
        detail=f"practice {practice.pk}",
    )
    return interest


@transaction.atomic
def withdraw_interest(*, actor: Any, practice: Practice, region: Region) -> bool:
    """``region`` no longer wants to try ``practice``; False when it had not marked it."""
    interest = (
        PracticeInterest.objects.select_for_update()
        .filter(practice=practice, region=region)
        .first()
    )
    if interest is None:
        return False
    audit.record(
        actor=actor,
        action="practice_interest.withdrawn",
        obj=interest,
        fields=["region", "user", "note"],
        detail=f"practice {practice.pk}",
    )
    interest.delete()
    return True
