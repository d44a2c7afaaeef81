"""Signed, expiring, single-use links for people without an account.

A partner confirms hours, answers a referral or gives feedback; a newcomer gives feedback.
Each link is scoped to one object and one action (``purpose``). The URL carries
``django.core.signing`` over a ``LinkToken`` id; the row records expiry and use. Altering the
token breaks the signature; using it twice, or after it expired, is refused.

    token = links.create(purpose="hours.confirm", obj=participation, recipient=email)
    url = links.url(token)
    ...
    with transaction.atomic():
        link = links.open(raw, purpose="hours.confirm")   # raises LinkError subclasses
        ...                                               # do the work
        links.use(link)                                   # marks it used, in the same transaction
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from participatienet.accounts.models import LinkToken

SALT = "participatienet.links"


class LinkError(Exception):
    """A link that cannot be used; ``reason`` is one of: invalid, expired, used, wrong."""

    reason = "invalid"


class LinkInvalid(LinkError):
    reason = "invalid"


class LinkExpired(LinkError):
    reason = "expired"


class LinkUsed(LinkError):
    reason = "used"


def create(*, purpose: str, obj: models.Model, recipient: str = "", days: int | None = None) -> str:
    """Create a link for ``purpose`` on ``obj`` and return its signed token."""
    days = days if days is not None else settings.LINK_VALID_DAYS
    token = LinkToken.objects.create(
        id=uuid.uuid4(),
        purpose=purpose,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        recipient=recipient[:254],
        expires_at=timezone.now() + timedelta(days=days),
    )
    return signing.dumps({"t": str(token.id), "p": purpose}, salt=SALT, compress=True)


def url(token: str, *, absolute: bool = True) -> str:
    path = reverse("links:open", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}" if absolute else path


def peek(raw: str) -> LinkToken:
    """The token behind ``raw`` without any check of purpose, expiry or use (for error pages)."""
    try:
        data = signing.loads(raw, salt=SALT)
        return LinkToken.objects.get(pk=uuid.UUID(data["t"]))
    except (signing.BadSignature, KeyError, ValueError, TypeError, LinkToken.DoesNotExist) as exc:
        raise LinkInvalid from exc


def open(raw: str, *, purpose: str | None = None, lock: bool = False) -> LinkToken:  # noqa: A001
    """The valid, unused token behind ``raw``; raises a ``LinkError`` otherwise.

    With ``lock`` the row is locked (call inside a transaction) so two submissions of the same
    link cannot both pass.
    """
    try:
        data = signing.loads(raw, salt=SALT)
        token_id = uuid.UUID(data["t"])
    except (signing.BadSignature, KeyError, ValueError, TypeError) as exc:
        raise LinkInvalid from exc
    if purpose is not None and data.get("p") != purpose:
        raise LinkInvalid
    queryset = LinkToken.objects.select_for_update() if lock else LinkToken.objects
    try:
        token = queryset.get(pk=token_id)
    except LinkToken.DoesNotExist as exc:
        raise LinkInvalid from exc
    if token.purpose != data.get("p"):
        raise LinkInvalid
    if token.used_at is not None:
        raise LinkUsed
    if token.expires_at <= timezone.now():
        raise LinkExpired
    return token


def use(token: LinkToken) -> None:
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])


def target(token: LinkToken, model: type[models.Model]) -> models.Model:
    """The object the link is about; the link must be about an object of ``model``."""
    if token.object_type != model._meta.label_lower:
        raise LinkInvalid
    try:
        return model._default_manager.get(pk=token.object_id)
    except (model.DoesNotExist, ValueError) as exc:
        raise LinkInvalid from exc
