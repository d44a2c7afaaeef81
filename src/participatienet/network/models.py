"""Organisations of the regional networks and their contact points.

The network issue adds roles, stages and ties; the trajectories issue adds regions served,
KBO numbers and offers. This module holds what every later part needs.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.querysets import (
    ContactPointQuerySet,
    OrganisationQuerySet,
    TieQuerySet,
)
from participatienet.network.validators import validate_kbo_number


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("region"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    regions_served = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="organisations_serving",
        verbose_name=_("other regions served"),
    )
    website = models.URLField(_("website"), blank=True)
    kbo_number = models.CharField(
        _("KBO number"),
        max_length=12,
        blank=True,
        validators=[validate_kbo_number],
        help_text=_("Enterprise number, e.g. 0123.456.749. Optional."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["region", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", kwargs={"pk": self.pk})


class ContactPoint(models.Model):
    """A person to contact at an organisation; the direct contact point gives short lines."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_points",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    function = models.CharField(_("function"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_direct = models.BooleanField(
        _("direct contact point"),
        default=False,
        help_text=_("The person to call first for quick questions."),
    )

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["-is_direct", "name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Tie(models.Model):
    """A declared tie between two organisations, entered by a coordinator or a partner."""

    a = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ties_from",
        verbose_name=_("organisation"),
    )
    b = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ties_to",
        verbose_name=_("other organisation"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=TieKind.choices)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(a=models.F("b")), name="network_tie_two_organisations"
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=3),
                name="network_tie_strength_1_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a} - {self.b} ({self.get_kind_display()})"
