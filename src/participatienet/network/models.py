"""Organisations of the regional networks and their contact points.

The network issue adds roles, stages and ties; the trajectories issue adds regions served,
KBO numbers and offers. This module holds what every later part needs.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import (
    ALL_ROLES_MASK,
    NOT_JOINED_STAGES,
    ContactChannel,
    NetworkRole,
    OrganisationKind,
    OrganisationStage,
    TieKind,
    roles_of_mask,
)
from participatienet.network.querysets import (
    ContactMomentQuerySet,
    ContactPointQuerySet,
    OrganisationQuerySet,
    StageChangeQuerySet,
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
    # Its place in the network (the network issue): roles, stage and the next step of growth.
    #: Bit ``1 << role`` for every ``NetworkRole`` it holds (filter with ``with_role``).
    roles_mask = models.PositiveIntegerField(_("network roles"), default=0)
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=OrganisationStage.choices,
        default=OrganisationStage.ACTIVE,
    )
    joined_on = models.DateField(
        _("joined the network on"),
        null=True,
        blank=True,
        help_text=_("The day it became part of the network (first active)."),
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_next_steps",
        verbose_name=_("owner of the next step"),
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
            models.Index(fields=["region", "stage"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roles_mask__lte=ALL_ROLES_MASK),
                name="network_organisation_known_roles",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", kwargs={"pk": self.pk})

    @property
    def roles(self) -> list[NetworkRole]:
        """The network roles it holds, in the order of ``NetworkRole``."""
        return roles_of_mask(self.roles_mask)

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in self.roles]

    def has_role(self, role: int) -> bool:
        return bool(self.roles_mask >> int(role) & 1)

    def is_next_step_overdue(self, today: date | None = None) -> bool:
        """A next step whose due date has passed."""
        if not self.next_step or self.next_step_due is None:
            return False
        return self.next_step_due < (today or timezone.localdate())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        if self.roles_mask > ALL_ROLES_MASK:
            errors["roles_mask"] = [_("That is not a set of network roles.")]
        if self.joined_on is not None:
            if self.joined_on > timezone.localdate():
                errors["joined_on"] = [_("The join date cannot be in the future.")]
            elif self.stage in NOT_JOINED_STAGES:
                errors["joined_on"] = [
                    _(
                        "A prospect or engaged organisation has not joined the network yet: "
                        "leave the join date empty."
                    )
                ]
        if (self.next_step_due is not None or self.next_step_owner_id) and not self.next_step:
            errors["next_step"] = [_("Say what the next step is.")]
        if errors:
            raise ValidationError(errors)


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


class ContactMoment(models.Model):
    """A contact with an organisation while growing the network: who, when, how, what."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contact_moments",
        verbose_name=_("organisation"),
    )
    contacted_on = models.DateField(_("contacted on"))
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contacted by"),
    )
    #: The name of who made the contact: the user's name when it was recorded (kept if the
    #: account goes), or someone without an account, e.g. an ambassador.
    contacted_by_name = models.CharField(_("contacted by (name)"), max_length=150)
    channel = models.CharField(_("channel"), max_length=16, choices=ContactChannel.choices)
    summary = models.TextField(_("what was said"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ContactMomentQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [models.Index(fields=["organisation", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.contacted_on} · {self.contacted_by_name}"

    def clean(self) -> None:
        super().clean()
        if self.contacted_on and self.contacted_on > timezone.localdate():
            raise ValidationError({"contacted_on": _("A contact moment cannot be in the future.")})


class StageChange(models.Model):
    """One move of an organisation from one stage to another (or its first stage)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("organisation"),
    )
    from_stage = models.CharField(
        _("from stage"), max_length=16, choices=OrganisationStage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=16, choices=OrganisationStage.choices)
    changed_on = models.DateField(_("changed on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_by_name = models.CharField(_("changed by (name)"), max_length=150, blank=True)
    contact_moment = models.ForeignKey(
        ContactMoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stage_changes",
        verbose_name=_("contact moment"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_stage=models.F("to_stage")),
                name="network_stagechange_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_stage or '–'} → {self.to_stage}"
