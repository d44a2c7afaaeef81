"""Waves, invitations and answers for the collaboration scan tests (through the services)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participatienet.accounts.models import LinkToken
from participatienet.collaboration import services
from participatienet.collaboration.models import Invitation, ScanVersion, Statement, Wave


def current_version() -> ScanVersion:
    return ScanVersion.objects.get(status="published")


def statement_ids(wave: Wave) -> list[int]:
    return list(
        Statement.objects.filter(dimension__version=wave.version_id)
        .order_by("dimension__order", "order", "pk")
        .values_list("pk", flat=True)
    )


def open_wave(region, actor=None, *, days: int = 21, title: str = "Scan voorjaar") -> Wave:
    today = timezone.localdate()
    return services.open_wave(
        actor=actor,
        region=region,
        title=title,
        opens_on=today,
        closes_on=today + dt.timedelta(days=days),
    )


def invite(wave: Wave, group: str = "partner", count: int = 1, prefix: str = "") -> list[str]:
    """Invite ``count`` addresses of ``group``; returns a fresh link per invitation."""
    prefix = prefix or group
    start = wave.invitations.count()
    invitees = [
        services.Invitee(email=f"{prefix}{start + i}@voorbeeld.be", group=group)
        for i in range(count)
    ]
    report = services.invite(actor=None, wave=wave, invitees=invitees)
    return [services.link_for(invitation, wave) for invitation in report.invited]


def link_of(invitation: Invitation) -> str:
    return services.link_for(invitation, invitation.wave)


def answer(raw: str, wave: Wave, score: int | None = 4, *, submit: bool = True, texts=None):
    scores = dict.fromkeys(statement_ids(wave), score)
    return services.save_answers(raw=raw, scores=scores, texts=texts or {}, submit=submit)


def respond(wave: Wave, group: str, scores: list[int | None], prefix: str = "") -> None:
    """One submitted response per score in ``scores`` (every statement gets that score)."""
    for raw, score in zip(invite(wave, group, len(scores), prefix=prefix), scores, strict=True):
        answer(raw, wave, score)


def close(wave: Wave) -> Wave:
    return services.close_wave(actor=None, wave=wave)


def tampered(raw: str) -> str:
    last = raw[-1]
    return raw[:-1] + ("A" if last != "A" else "B")


def expire_links(wave: Wave) -> None:
    ids = [str(pk) for pk in wave.invitations.values_list("pk", flat=True)]
    LinkToken.objects.filter(object_type="collaboration.invitation", object_id__in=ids).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )


# --- Action plans and the timeline ---------------------------------------------------------------


def plan(region, actor=None, **values):
    from participatienet.collaboration import plan_services

    today = timezone.localdate()
    defaults = {
        "title": "Actieplan",
        "starts_on": today.replace(month=1, day=1),
        "ends_on": today.replace(month=12, day=31),
        "status": "active",
    }
    return plan_services.create_plan(actor=actor, region=region, **(defaults | values))


def goal(plan_obj, actor=None, **values):
    from participatienet.collaboration import plan_services

    return plan_services.add_goal(actor=actor, plan=plan_obj, **({"title": "Doel"} | values))


def action(plan_obj, owner, actor=None, **values):
    from participatienet.collaboration import plan_services

    return plan_services.add_action(
        actor=actor, plan=plan_obj, owner=owner, **({"title": "Actie"} | values)
    )


def milestone(region, actor=None, **values):
    from participatienet.collaboration import plan_services

    defaults = {"date": timezone.localdate(), "kind": "high", "title": "Kookavond"}
    return plan_services.add_milestone(actor=actor, region=region, **(defaults | values))
