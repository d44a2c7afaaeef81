"""Choices of the practice library (inspiratiegids): themes and the status of a practice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeTheme(models.IntegerChoices):
    """What a practice is about, for the network workers who look for one.

    Bit positions, so a set of themes is one integer (``Practice.themes_mask``) that filters in
    SQL on SQLite and PostgreSQL alike (bitwise AND), like the themes of offers. The order is
    the order of the chapters of the printable guide; a practice is printed under its main
    theme (``Practice.main_theme``, always one of its themes).
    """

    COLLABORATION = 0, _("collaboration and ownership")
    LOCAL_OFFER = 1, _("opening up local offer")
    REFERRAL = 2, _("finding and referring newcomers")
    BUDDY = 3, _("buddy projects")
    VOLUNTEERING = 4, _("volunteering")
    LANGUAGE = 5, _("practising Dutch")
    WORK = 6, _("work and introductory internships")
    LEISURE = 7, _("leisure, sport and culture")
    COMMUNICATION = 8, _("communication and information")
    FEEDBACK = 9, _("feedback and follow-up")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


#: Allowed status changes of a practice. Archived practices can be taken back as a draft.
PRACTICE_TRANSITIONS: dict[str, frozenset[str]] = {
    PracticeStatus.DRAFT: frozenset({PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED}),
    PracticeStatus.PUBLISHED: frozenset({PracticeStatus.ARCHIVED}),
    PracticeStatus.ARCHIVED: frozenset({PracticeStatus.DRAFT}),
}
