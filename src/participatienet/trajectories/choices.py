from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectoryStatus(models.TextChoices):
    INTAKE = "intake", _("intake")
    SEARCHING = "searching", _("searching")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


TRAJECTORY_TRANSITIONS: dict[str, frozenset[str]] = {
    TrajectoryStatus.INTAKE: frozenset({TrajectoryStatus.SEARCHING, TrajectoryStatus.STOPPED}),
    TrajectoryStatus.SEARCHING: frozenset({TrajectoryStatus.ACTIVE, TrajectoryStatus.STOPPED}),
    TrajectoryStatus.ACTIVE: frozenset(
        {TrajectoryStatus.SEARCHING, TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED}
    ),
    TrajectoryStatus.COMPLETED: frozenset(),
    TrajectoryStatus.STOPPED: frozenset(),
}

OPEN_TRAJECTORY_STATUSES = (
    TrajectoryStatus.INTAKE,
    TrajectoryStatus.SEARCHING,
    TrajectoryStatus.ACTIVE,
)


class ParticipationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    REFERRED = "referred", _("referred")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


PARTICIPATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ParticipationStatus.PROPOSED: frozenset(
        {ParticipationStatus.REFERRED, ParticipationStatus.STOPPED}
    ),
    ParticipationStatus.REFERRED: frozenset(
        {ParticipationStatus.ACCEPTED, ParticipationStatus.DECLINED, ParticipationStatus.STOPPED}
    ),
    ParticipationStatus.ACCEPTED: frozenset(
        {ParticipationStatus.ACTIVE, ParticipationStatus.STOPPED}
    ),
    ParticipationStatus.DECLINED: frozenset(),
    ParticipationStatus.ACTIVE: frozenset(
        {ParticipationStatus.COMPLETED, ParticipationStatus.STOPPED}
    ),
    ParticipationStatus.COMPLETED: frozenset(),
    ParticipationStatus.STOPPED: frozenset(),
}

#: Statuses in which a participation takes one of the offer's places.
OCCUPYING_STATUSES = (
    ParticipationStatus.REFERRED,
    ParticipationStatus.ACCEPTED,
    ParticipationStatus.ACTIVE,
)
#: Statuses in which hours may be entered.
HOURS_STATUSES = (
    ParticipationStatus.ACTIVE,
    ParticipationStatus.COMPLETED,
)


class HourStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")


class Obligation(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory")
    OPTIONAL = "optional", _("optional")


class Mobility(models.TextChoices):
    FOOT = "foot", _("on foot")
    BIKE = "bike", _("by bike")
    PUBLIC_TRANSPORT = "public_transport", _("by public transport")
    CAR = "car", _("by car")


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone call")
    SMS = "sms", _("text message")
    WHATSAPP = "whatsapp", _("WhatsApp")


class FeedbackLanguage(models.TextChoices):
    """Languages of the newcomer's feedback form (Arabic is right-to-left)."""

    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    ARABIC = "ar", "العربية"
    UKRAINIAN = "uk", "Українська"


class Respondent(models.TextChoices):
    NEWCOMER = "newcomer", _("newcomer")
    PARTNER = "partner", _("partner")
