"""Choices of learning days: the day's status, kinds of sessions, participants' roles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayStatus(models.TextChoices):
    """``draft``: only the programme team sees it; ``open``: anyone with the public link can
    register; ``closed``: registration stopped; ``held``: the day took place."""

    DRAFT = "draft", _("draft")
    OPEN = "open", _("registration open")
    CLOSED = "closed", _("registration closed")
    HELD = "held", _("held")


#: Allowed status changes of a learning day (``held`` only once the date has come).
DAY_TRANSITIONS: dict[str, frozenset[str]] = {
    DayStatus.DRAFT: frozenset({DayStatus.OPEN}),
    DayStatus.OPEN: frozenset({DayStatus.CLOSED, DayStatus.DRAFT, DayStatus.HELD}),
    DayStatus.CLOSED: frozenset({DayStatus.OPEN, DayStatus.HELD}),
    DayStatus.HELD: frozenset(),
}


class SessionKind(models.TextChoices):
    """What happens in a session. Groups are formed for mixed groups, region groups and
    learning tables; plenary sessions and breaks have none."""

    PLENARY = "plenary", _("plenary")
    MIXED_GROUPS = "mixed_groups", _("mixed groups across regions")
    REGION_GROUPS = "region_groups", _("region groups")
    LEARNING_TABLES = "learning_tables", _("learning tables by theme")
    BREAK = "break", _("break")


#: Session kinds for which groups are formed (``grouping``).
GROUP_KINDS = frozenset(
    {SessionKind.MIXED_GROUPS, SessionKind.REGION_GROUPS, SessionKind.LEARNING_TABLES}
)


class ParticipantRole(models.TextChoices):
    """The role a participant registers with (what they do in the programme, not an account
    role)."""

    NETWORK_WORKER = "network_worker", _("network worker (network coach or regional coordinator)")
    AGII = "agii", _("staff of the Agency for Integration and Civic Integration")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    CORE_PARTNER = "core_partner", _("core partner")
    OTHER = "other", _("other")


#: Roles that work in one region: they must name it when they register.
REGIONAL_ROLES = frozenset(
    {ParticipantRole.NETWORK_WORKER, ParticipantRole.AGII, ParticipantRole.LOCAL_GOVERNMENT}
)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


#: Statuses of a registration that still count (one per e-mail address per day).
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


# --- Groups and the report of the day ------------------------------------------------------------


class PairKind(models.TextChoices):
    """A wish of the programme team about two people in mixed groups."""

    KEEP_APART = "keep_apart", _("keep apart")
    KEEP_TOGETHER = "keep_together", _("keep together")


class InsightKind(models.TextChoices):
    """What a group's reporter writes down."""

    INSIGHT = "insight", _("insight")
    BOTTLENECK = "bottleneck", _("bottleneck")
    IDEA = "idea", _("idea")


class InsightTheme(models.TextChoices):
    """What an insight is about: the questions of building an organisation network."""

    COLLABORATION = "collaboration", _("collaboration and shared ambition")
    ROLES = "roles", _("roles and interests")
    OWNERSHIP = "ownership", _("ownership and leadership")
    LOCAL_OFFER = "local_offer", _("local offer and partners")
    SCALE = "scale", _("scale: municipality or region")
    COMMUNICATION = "communication", _("communication and sharing information")
    NEWCOMERS = "newcomers", _("the newcomers' perspective")
    CAPACITY = "capacity", _("time, money and capacity")


class InsightStatus(models.TextChoices):
    """``draft``: the reporter is still writing; ``submitted``: the reporter sent it in;
    ``edited``: the programme team changed it; ``hidden``: left out of the report (or merged
    into another); ``published``: in the published report of the day."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    EDITED = "edited", _("edited")
    HIDDEN = "hidden", _("hidden")
    PUBLISHED = "published", _("published")


#: Insights that go into the report when it is published.
REPORTABLE_STATUSES = (InsightStatus.SUBMITTED, InsightStatus.EDITED)


class ReportStatus(models.TextChoices):
    """The report of a day: ``open`` takes input by the reporters' links; ``closed`` no longer
    (the programme team edits); ``published`` everyone who sees learning days reads it."""

    OPEN = "open", _("open for input")
    CLOSED = "closed", _("closed for input")
    PUBLISHED = "published", _("published")


#: Allowed status changes of a day's report.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.OPEN: frozenset({ReportStatus.CLOSED, ReportStatus.PUBLISHED}),
    ReportStatus.CLOSED: frozenset({ReportStatus.OPEN, ReportStatus.PUBLISHED}),
    ReportStatus.PUBLISHED: frozenset({ReportStatus.CLOSED}),
}
