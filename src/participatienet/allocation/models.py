"""The Django side of matching: weights per region and allocation proposals.

The engine itself is ``participatienet.matching`` (pure); ``adapter.py`` loads rows into it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.matching.engine import Weights


class MatchingWeights(models.Model):
    """How a region weighs the soft factors of matching (see matching/engine.py)."""

    region = models.OneToOneField(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="matching_weights",
        verbose_name=_("region"),
    )
    distance = models.PositiveSmallIntegerField(
        _("weight of distance"), default=35, validators=[MaxValueValidator(100)]
    )
    schedule = models.PositiveSmallIntegerField(
        _("weight of schedule overlap"), default=25, validators=[MaxValueValidator(100)]
    )
    themes = models.PositiveSmallIntegerField(
        _("weight of shared themes"), default=25, validators=[MaxValueValidator(100)]
    )
    free_places = models.PositiveSmallIntegerField(
        _("weight of free places"), default=15, validators=[MaxValueValidator(100)]
    )
    load_spreading = models.DecimalField(
        _("load spreading"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0: no effect; 1: a busy organisation can lose all its points."),
    )
    load_half = models.PositiveIntegerField(
        _("newcomers at which half the load effect applies"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return str(self.region)

    def as_weights(self) -> Weights:
        return Weights(
            distance=self.distance,
            schedule=self.schedule,
            themes=self.themes,
            free_places=self.free_places,
            load_spreading=float(self.load_spreading),
            load_half=self.load_half,
        )


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    DISCARDED = "discarded", _("discarded")


class AllocationProposal(models.Model):
    """A proposed allocation of a region's waiting list, adjusted and then sent at once."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="allocation_proposals",
        verbose_name=_("region"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    weights = models.JSONField(_("weights used"), default=dict)
    placed = models.PositiveIntegerField(_("placed"), default=0)
    unplaced = models.PositiveIntegerField(_("not placed"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    greedy_placed = models.PositiveIntegerField(_("placed by the greedy baseline"), default=0)
    greedy_total_score = models.FloatField(_("total score of the greedy baseline"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation proposal")
        verbose_name_plural = _("allocation proposals")

    def __str__(self) -> str:
        return f"{self.region} · {self.created_at:%Y-%m-%d %H:%M}"


class ProposedPlacement(models.Model):
    """One newcomer in a proposal: the proposed offer, or why nothing fits."""

    proposal = models.ForeignKey(
        AllocationProposal,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("proposal"),
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("trajectory"),
    )
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer"),
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    explanation = models.CharField(_("explanation"), max_length=300, blank=True)
    reason_code = models.CharField(_("reason code"), max_length=20, blank=True)
    reason = models.CharField(_("why not placed"), max_length=300, blank=True)
    included = models.BooleanField(_("send"), default=True)
    participation = models.ForeignKey(
        "trajectories.Participation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participation created"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed placement")
        verbose_name_plural = _("proposed placements")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "trajectory"], name="one_placement_per_trajectory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.trajectory_id} → {self.offer_id or '-'}"
