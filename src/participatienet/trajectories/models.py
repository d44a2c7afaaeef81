"""Newcomers, their trajectories, participations in offers, hours and feedback.

Newcomer data is minimal (DESIGN.md): no national register number and no street address.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.offers.choices import DutchLevel
from participatienet.trajectories.choices import (
    OPEN_TRAJECTORY_STATUSES,
    ContactChannel,
    FeedbackLanguage,
    HourStatus,
    Mobility,
    Obligation,
    ParticipationStatus,
    Respondent,
    TrajectoryStatus,
)
from participatienet.trajectories.querysets import (
    FeedbackQuerySet,
    HourEntryQuerySet,
    NewcomerQuerySet,
    ParticipationQuerySet,
    TrajectoryQuerySet,
)

REQUIRED_HOURS = Decimal("40")
MIN_HOURS_PER_ENTRY = Decimal("0.25")
MAX_HOURS_PER_ENTRY = Decimal("12")


class Newcomer(models.Model):
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_channel = models.CharField(
        _("preferred contact channel"),
        max_length=16,
        choices=ContactChannel.choices,
        default=ContactChannel.PHONE,
    )
    preferred_language = models.CharField(
        _("preferred language for messages"),
        max_length=3,
        choices=FeedbackLanguage.choices,
        default=FeedbackLanguage.DUTCH,
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="newcomers",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="newcomers",
        verbose_name=_("region"),
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    dutch_level = models.PositiveSmallIntegerField(
        _("Dutch level"), choices=DutchLevel.choices, default=DutchLevel.NONE
    )
    themes_mask = models.PositiveIntegerField(_("interests"), default=0)
    availability_mask = models.PositiveIntegerField(_("availability"), default=0)
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    mobility = models.CharField(
        _("gets around"), max_length=20, choices=Mobility.choices, default=Mobility.PUBLIC_TRANSPORT
    )
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    needs_women_only = models.BooleanField(_("needs a women-only group"), default=False)
    needs_wheelchair = models.BooleanField(_("needs wheelchair access"), default=False)
    obligation = models.CharField(
        _("obligation"), max_length=12, choices=Obligation.choices, default=Obligation.MANDATORY
    )
    kbi_reference = models.CharField(
        _("KBI reference"), max_length=40, blank=True, help_text=_("The file number in KBI.")
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("counsellor"),
    )
    consent_given_on = models.DateField(_("consent given on"))
    consent_share_contact = models.BooleanField(
        _("partners may see phone and e-mail"),
        default=True,
        help_text=_(
            "Without this, partners see only the first name, Dutch level and needs, and "
            "contact goes through the counsellor."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = NewcomerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("newcomer")
        verbose_name_plural = _("newcomers")
        indexes = [
            models.Index(fields=["region", "counsellor"]),
            models.Index(fields=["municipality"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("trajectories:newcomer_detail", kwargs={"pk": self.pk})


class Trajectory(models.Model):
    newcomer = models.ForeignKey(
        Newcomer, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("newcomer")
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("region"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("counsellor"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.INTAKE,
    )
    required_hours = models.DecimalField(
        _("required hours"), max_digits=5, decimal_places=2, default=REQUIRED_HOURS
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        indexes = [models.Index(fields=["region", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=models.Q(status__in=OPEN_TRAJECTORY_STATUSES),
                name="one_open_trajectory_per_newcomer",
            )
        ]

    def __str__(self) -> str:
        return str(_("Trajectory of %(name)s") % {"name": self.newcomer})

    def get_absolute_url(self) -> str:
        return reverse("trajectories:trajectory_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TRAJECTORY_STATUSES


class Participation(models.Model):
    """One newcomer taking part in one offer, or in an activity they found themselves."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("trajectory"),
    )
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("offer"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.PROPOSED,
    )
    # An own activity: found by the newcomer, outside the catalogue.
    is_own_activity = models.BooleanField(_("found by the newcomer"), default=False)
    own_title = models.CharField(_("activity"), max_length=150, blank=True)
    own_organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    own_contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    own_contact_email = models.EmailField(_("contact e-mail"), blank=True)
    own_contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    own_attests_dutch_context = models.BooleanField(
        _("happens in Dutch (checked by the counsellor)"), default=False
    )
    own_attests_social_contact = models.BooleanField(
        _("meets new people in a duo or group (checked by the counsellor)"), default=False
    )

    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by_label = models.CharField(_("answered by"), max_length=200, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    stop_reason = models.TextField(_("reason for stopping"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        indexes = [
            models.Index(fields=["offer", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_own_activity=True) | models.Q(offer__isnull=False),
                name="participation_has_offer_or_own_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trajectory.newcomer} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("trajectories:participation_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return self.offer.title if self.offer_id else self.own_title

    @property
    def organisation_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.own_organisation_name

    @property
    def contact_email(self) -> str:
        """Where referrals, hour confirmations and partner feedback requests go."""
        if self.offer_id:
            return self.offer.contact.email
        return self.own_contact_email

    @property
    def contact_name(self) -> str:
        if self.offer_id:
            return self.offer.contact.name
        return self.own_contact_name


class HourEntry(models.Model):
    """Hours spent in one participation; they count once the offer's contact confirms them."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.PROTECT,
        related_name="hour_entries",
        verbose_name=_("participation"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_HOURS_PER_ENTRY), MaxValueValidator(MAX_HOURS_PER_ENTRY)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=HourStatus.choices, default=HourStatus.UNCONFIRMED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_by_label = models.CharField(_("entered by"), max_length=200)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_by_label = models.CharField(_("confirmed by"), max_length=200, blank=True)
    confirmed_via = models.CharField(
        _("confirmed via"),
        max_length=10,
        blank=True,
        choices=[("account", _("account")), ("link", _("e-mail link"))],
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    original_hours = models.DecimalField(
        _("hours as entered"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = HourEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("hour entry")
        verbose_name_plural = _("hour entries")
        indexes = [
            models.Index(fields=["status", "entered_at"]),
            models.Index(fields=["participation", "status", "entered_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=MIN_HOURS_PER_ENTRY)
                & models.Q(hours__lte=MAX_HOURS_PER_ENTRY),
                name="hour_entry_hours_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} · {self.hours} h"


def _score(label: str) -> models.PositiveSmallIntegerField:
    """A 1–5 answer, empty when the question was skipped or not asked."""
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Feedback(models.Model):
    """Feedback when a participation ends: from the newcomer or from the partner (1–5 scales)."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("participation"),
    )
    respondent = models.CharField(_("from"), max_length=10, choices=Respondent.choices)
    language = models.CharField(
        _("language"), max_length=3, choices=FeedbackLanguage.choices, default="nl"
    )
    # The newcomer's questions
    felt_welcome = _score(_("I felt welcome"))
    practised_dutch = _score(_("I practised Dutch"))
    met_new_people = _score(_("I met new people"))
    wants_to_continue = _score(_("I want to continue"))
    # The partner's questions
    fit = _score(_("the newcomer fitted the offer"))
    counsellor_contact = _score(_("contact with the counsellor"))
    would_host_again = _score(_("we would host a newcomer again"))
    text = models.TextField(_("in your own words"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "respondent"], name="one_feedback_per_respondent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()} · {self.participation_id}"
