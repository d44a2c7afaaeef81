"""The collaboration scan: a versioned questionnaire, waves per region, anonymous answers.

- ``ScanVersion`` → ``Dimension`` (a stable ``key`` such as ``ownership``, so waves given in
  different versions can be compared) → ``Statement`` (scored 1-5 or "don't know") and one
  ``OpenQuestion``. Only a draft version can change; publishing it retires the one before.
- ``Wave``: a region's round of the scan, in the version current when it opened.
- ``Invitation``: who was asked (e-mail address and stakeholder group), when the link went out
  and whether they answered. The address is kept only to send and remind, and is erased when
  the wave closes.
- ``Response`` with its ``Answer`` and ``OpenAnswer`` rows: what was answered, and the
  stakeholder group, nothing more. A response has no foreign key to its invitation, no
  timestamp and a random id: it cannot be tied to a person from the data (see
  ``collaboration.services`` for how a personal link still finds its own draft).

The rest of the learning layer, below the scan models:

- ``ActionPlan``: a region's plan for a period, with the organisation that leads it and the one
  that leads the next period (taking turns at the front, like a cycling team).
- ``Goal``: an intermediate goal (tussendoel) of a plan, with a target and a due date, and
  optionally tied to a measure participatienet computes (``goal_measures``): the measure's key,
  its parameter (a municipality or a scan dimension key), a comparator and a number.
- ``Action``: who does what by when: an owner organisation of the region, a lead person, a
  status (to do, doing, done), and optionally the goal and the scan dimension it works on.
- ``Milestone``: a high, low or turning point of the region's collaboration, drawn on the
  timeline together with the waves of the scan.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.collaboration.choices import (
    ActionStatus,
    Comparator,
    GoalStatus,
    MilestoneKind,
    PlanStatus,
    StakeholderGroup,
    VersionStatus,
    WaveStatus,
)
from participatienet.collaboration.querysets import (
    ActionPlanQuerySet,
    ActionQuerySet,
    GoalQuerySet,
    InvitationQuerySet,
    MilestoneQuerySet,
    ScanVersionQuerySet,
    WaveQuerySet,
)

# --- The questionnaire -------------------------------------------------------------------------


class ScanVersion(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ScanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("scan version")
        verbose_name_plural = _("scan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status=VersionStatus.PUBLISHED),
                name="collaboration_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status=VersionStatus.DRAFT),
                name="collaboration_one_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return str(_("version %(number)s") % {"number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("collaboration:version_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Dimension(models.Model):
    version = models.ForeignKey(
        ScanVersion, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("version")
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_(
            "A short code that stays the same in every version (e.g. ownership), so waves "
            "given in different versions can be compared."
        ),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="collaboration_dimension_key_per_version"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="statements", verbose_name=_("dimension")
    )
    text = models.CharField(_("statement"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text


class OpenQuestion(models.Model):
    dimension = models.OneToOneField(
        Dimension,
        on_delete=models.CASCADE,
        related_name="open_question",
        verbose_name=_("dimension"),
    )
    text = models.CharField(_("open question"), max_length=300)

    class Meta:
        verbose_name = _("open question")
        verbose_name_plural = _("open questions")

    def __str__(self) -> str:
        return self.text


# --- Waves and invitations ---------------------------------------------------------------------


class Wave(models.Model):
    """One round of the scan in a region, open from ``opens_on`` up to and with ``closes_on``."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="scan_waves",
        verbose_name=_("region"),
    )
    version = models.ForeignKey(
        ScanVersion, on_delete=models.PROTECT, related_name="waves", verbose_name=_("version")
    )
    title = models.CharField(_("title"), max_length=150)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=16, choices=WaveStatus.choices, default=WaveStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("scan wave")
        verbose_name_plural = _("scan waves")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="collaboration_wave_closes_after_opening",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(status=WaveStatus.OPEN),
                name="collaboration_one_open_wave_per_region",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:wave_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == WaveStatus.OPEN

    def accepts_answers(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.opens_on <= today <= self.closes_on

    def has_ended(self, today: dt.date | None = None) -> bool:
        """Closed, or past its closing date (answers are no longer taken)."""
        today = today or timezone.localdate()
        return not self.is_open or today > self.closes_on


class Invitation(models.Model):
    """An invitation to answer a wave. Holds the address only to send and remind."""

    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wave")
    )
    group = models.CharField(_("group"), max_length=32, choices=StakeholderGroup.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    #: Set on submission; it says nothing about which response is theirs.
    responded = models.BooleanField(_("answered"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["group", "email", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "email"],
                condition=~models.Q(email=""),
                name="collaboration_invite_an_address_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_group_display()}"


# --- Answers -----------------------------------------------------------------------------------


class Response(models.Model):
    """The answers of one invitee, anonymous: the stakeholder group is all that is kept.

    ``key`` is a keyed hash of the invitation (``services.response_key``): the invitation's link
    finds its own draft, but without the server's secret key no one can tell whose it is. No
    timestamp and a random id, so neither time nor order ties it to an invitation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="responses", verbose_name=_("wave")
    )
    group = models.CharField(_("group"), max_length=32, choices=StakeholderGroup.choices)
    key = models.CharField(max_length=64, unique=True, editable=False)
    submitted = models.BooleanField(_("submitted"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["wave", "submitted"])]

    def __str__(self) -> str:
        return f"{self.wave} · {self.get_group_display()}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="answers", verbose_name=_("statement")
    )
    #: 1 (strongly disagree) to 5 (strongly agree); empty means "don't know".
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="collaboration_one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="collaboration_score_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score if self.score is not None else '?'}"


class OpenAnswer(models.Model):
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="open_answers",
        verbose_name=_("response"),
    )
    question = models.ForeignKey(
        OpenQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("open answer")
        verbose_name_plural = _("open answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="collaboration_one_open_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- Action plans ------------------------------------------------------------------------------


class ActionPlan(models.Model):
    """What a region's network sets out to do in one period, and who leads it."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("region"),
    )
    title = models.CharField(_("title"), max_length=150)
    ambition = models.TextField(_("shared ambition"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lead_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leads this period"),
    )
    next_lead_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leads the next period"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        indexes = [models.Index(fields=["region", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="collaboration_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:plan_detail", kwargs={"pk": self.pk})


class Goal(models.Model):
    """An intermediate goal (tussendoel). Tied to a measure, it also holds the measure's key,
    its parameter, a comparator and the number to reach; ``goal_measures`` computes the
    measure's value today."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("action plan")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    measure = models.CharField(_("measure"), max_length=40, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    dimension_key = models.SlugField(_("scan dimension"), max_length=40, blank=True)
    comparator = models.CharField(
        _("comparator"), max_length=3, choices=Comparator.choices, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure="")
                | (~models.Q(comparator="") & models.Q(target_value__isnull=False)),
                name="collaboration_measured_goal_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_measured(self) -> bool:
        return bool(self.measure)


class Action(models.Model):
    """Who does what by when, to reach the plan's goals."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("action plan")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="plan_actions",
        verbose_name=_("owner organisation"),
    )
    lead_name = models.CharField(_("lead person"), max_length=120, blank=True)
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("lead person's account"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.TODO
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("goal"),
    )
    dimension_key = models.SlugField(_("scan dimension"), max_length=40, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != ActionStatus.DONE and self.due_on is not None and self.due_on < today


# --- The timeline --------------------------------------------------------------------------------


class Milestone(models.Model):
    """A high, a low or a turning point of a region's collaboration."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("region"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("what happened"), blank=True)
    wave = models.ForeignKey(
        Wave,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("wave of the scan"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("action"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["region", "date"])]

    def __str__(self) -> str:
        return self.title
