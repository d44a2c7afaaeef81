"""The audit helper: every read of a personal record and every change to personal data.

Call ``record`` inside the transaction of the change it describes, so the log and the change
are kept or lost together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from participatienet.accounts.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from participatienet.accounts.models import User


def _actor_label(actor: User | AnonymousUser | None, via: str) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return f"{actor.get_full_name()} <{actor.email}>"[:200]
    return via or "system"


def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    detail: str = "",
    via: str = "",
) -> AuditEntry:
    """Write one audit entry.

    ``action`` is ``<model>.<verb>``, e.g. ``user.viewed`` or ``membership.ended``; ``fields``
    names the fields read or changed; ``via`` names the channel when there is no user (for
    example ``link`` for a signed link, ``system`` for a command).
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=_actor_label(actor, via),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=sorted(set(fields)),
        detail=detail[:300],
    )


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """Names of the keys whose values differ between two snapshots."""
    return sorted(key for key in after if before.get(key) != after.get(key))
