"""Offers (aanbod): activities where a newcomer spends participation hours."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.offers import schedule
from participatienet.offers.choices import DutchLevel, OfferKind, OfferStatus, Theme
from participatienet.offers.querysets import OfferQuerySet

#: Belgium's bounding box: coordinates outside it are refused.
LATITUDE_RANGE = (49.4, 51.6)
LONGITUDE_RANGE = (2.4, 6.5)


def normalise(text: str) -> str:
    """Lower case without accents, for searching ("Café" finds "cafe" and back)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def in_belgium(latitude: float | None, longitude: float | None) -> bool:
    """Inside Belgium's bounding box (both coordinates given)."""
    if latitude is None or longitude is None:
        return False
    return (
        LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    )


def offer_search_text(*, title: str, description: str, address: str, organisation: str) -> str:
    """What the catalogue's word search looks in; bulk inserts must fill it with this too."""
    return normalise(" ".join([title, description, address, organisation]))


class Offer(models.Model):
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(
        _("description"), help_text=_("In plain Dutch: what happens, with whom, what to bring.")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="offers", verbose_name=_("region")
    )
    co_organisers = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="offers_run_together",
        verbose_name=_("run together with"),
        help_text=_(
            "Organisations of the same region, or serving it, that run the offer together with "
            "its organisation."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    themes_mask = models.PositiveIntegerField(_("themes"), default=0)

    # Where
    is_location_flexible = models.BooleanField(
        _("flexible location"),
        default=False,
        help_text=_("The activity takes place where it suits, in the municipalities it serves."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("municipality"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    municipalities_served = models.ManyToManyField(
        "regions.Municipality",
        blank=True,
        related_name="offers_served",
        verbose_name=_("municipalities served"),
    )

    # When and how much
    is_schedule_flexible = models.BooleanField(_("flexible schedule"), default=False)
    schedule_mask = models.PositiveIntegerField(_("weekly schedule"), default=0)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(40)],
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many newcomers can take part at the same time."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    # For whom
    min_dutch_level = models.PositiveSmallIntegerField(
        _("minimum Dutch level"), choices=DutchLevel.choices, default=DutchLevel.NONE
    )
    has_childcare = models.BooleanField(_("childcare available"), default=False)
    is_wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    is_women_only = models.BooleanField(_("women-only group"), default=False)
    near_public_transport = models.BooleanField(_("reachable by public transport"), default=False)
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(
        _("costs or reimbursement"),
        max_length=200,
        blank=True,
        help_text=_("For example: membership €20 a year, paid back by the municipality."),
    )
    support_languages = models.JSONField(
        _("support languages besides Dutch"), default=list, blank=True
    )
    contact = models.ForeignKey(
        "network.ContactPoint",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("contact person"),
        help_text=_("Receives referrals and confirms hours."),
    )

    # The two criteria of the programme, attested by the organisation
    attests_dutch_context = models.BooleanField(
        _("the activity happens in Dutch (a chance to practise Dutch)"), default=False
    )
    attests_social_contact = models.BooleanField(
        _("the newcomer meets new people, in a duo or a group"), default=False
    )

    # Lifecycle
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    validated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validation_remarks = models.TextField(_("remarks of the coordinator"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="offer_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=LATITUDE_RANGE[0], latitude__lte=LATITUDE_RANGE[1])
                & models.Q(longitude__gte=LONGITUDE_RANGE[0], longitude__lte=LONGITUDE_RANGE[1]),
                name="offer_in_belgium",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="offer_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = offer_search_text(
            title=self.title,
            description=self.description,
            address=self.address,
            organisation=self.organisation.name if self.organisation_id else "",
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not in_belgium(self.latitude, self.longitude):
            errors["latitude"] = _("The location must lie in Belgium.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date comes before the start date.")
        if not self.is_schedule_flexible and self.schedule_mask == 0:
            errors["schedule_mask"] = _(
                "Tick when the activity takes place, or choose a flexible schedule."
            )
        if self.schedule_mask > schedule.FULL_WEEK:
            errors["schedule_mask"] = _("That is not a weekly schedule.")
        contact_elsewhere = (
            self.organisation_id
            and self.contact_id
            and self.contact.organisation_id != self.organisation_id
        )
        if contact_elsewhere:
            errors["contact"] = _("The contact person must belong to the organisation.")
        if errors:
            raise ValidationError(errors)

    # Derived, small and cheap
    @property
    def themes(self) -> list[Theme]:
        bits = schedule.bits_of_mask(self.themes_mask)
        return [Theme(bit) for bit in bits if bit in Theme.values]

    @property
    def schedule_slots(self) -> list[tuple[int, int]]:
        return schedule.slots_of_mask(self.schedule_mask)

    @property
    def meets_criteria(self) -> bool:
        return self.attests_dutch_context and self.attests_social_contact
