"""Choices of the offer catalogue, shared with newcomers' profiles (themes, level, schedule)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    BUDDY = "buddy", _("buddy project")
    VOLUNTEERING = "volunteering", _("volunteering")
    INTERNSHIP = "internship", _("introductory internship")
    CLUB = "club", _("club or leisure")
    COMMUNITY = "community", _("community activity")
    OTHER = "other", _("other")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for validation")
    VALIDATED = "validated", _("validated")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ARCHIVED = "archived", _("archived")


#: Allowed status changes of an offer.
OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.DRAFT: frozenset({OfferStatus.SUBMITTED, OfferStatus.ARCHIVED}),
    OfferStatus.SUBMITTED: frozenset(
        {OfferStatus.VALIDATED, OfferStatus.DRAFT, OfferStatus.ARCHIVED}
    ),
    OfferStatus.VALIDATED: frozenset({OfferStatus.ACTIVE, OfferStatus.ARCHIVED}),
    OfferStatus.ACTIVE: frozenset({OfferStatus.PAUSED, OfferStatus.ARCHIVED}),
    OfferStatus.PAUSED: frozenset({OfferStatus.ACTIVE, OfferStatus.ARCHIVED}),
    OfferStatus.ARCHIVED: frozenset(),
}


class DutchLevel(models.IntegerChoices):
    """Ordered: an offer accepts newcomers at or above its minimum level."""

    NONE = 0, _("no Dutch yet")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, _("B1 or higher")


class Theme(models.IntegerChoices):
    """Themes as bit positions, so a set of themes is one integer (``themes_mask``)."""

    SPORT = 0, _("sport and movement")
    CULTURE = 1, _("culture and music")
    COOKING = 2, _("cooking and food")
    NATURE = 3, _("nature and gardening")
    CRAFTS = 4, _("crafts and repairs")
    CARE = 5, _("care and helping others")
    CHILDREN = 6, _("children and families")
    CONVERSATION = 7, _("conversation and language")
    TECHNOLOGY = 8, _("computers and technology")
    WORK = 9, _("getting to know work")
    NEIGHBOURHOOD = 10, _("neighbourhood and community")
    CREATIVE = 11, _("creative and arts")
    ANIMALS = 12, _("animals")
    READING = 13, _("reading and library")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PartOfDay(models.IntegerChoices):
    MORNING = 0, _("morning")
    AFTERNOON = 1, _("afternoon")
    EVENING = 2, _("evening")


class Language(models.TextChoices):
    """Languages newcomers speak and offers support besides Dutch (ISO 639-1)."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    DARI = "prs", _("Dari")
    PASHTO = "ps", _("Pashto")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    BERBER = "ber", _("Berber")
    KURDISH = "ku", _("Kurdish")
    PERSIAN = "fa", _("Persian")
