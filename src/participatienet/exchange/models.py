"""Learning days (verkennings- of leerdagen) of the programme: the day and its programme of
sessions, learning tables by theme, and the registrations of the people who come.

A day is registered for by a public link (``public_token``), without an account. Places are
``capacity``; when they are taken, a registration goes on the waiting list, and a cancelled
place goes to the first in line (``services``). Groups per session (mixed groups across
regions, region groups, learning tables) are formed from ``Session.rounds`` and
``Session.group_size`` and the registrations' theme choices: a ``GroupPlan`` per session holds
its ``Group``s per round and their ``GroupMember``s, with the quality score of the plan and of
the baselines it was compared with. ``PairRule``s keep two people apart or together.

After the day, each group's reporter writes ``Insight``s (insights, bottlenecks, ideas) by a
personal link; the programme team edits them and publishes the ``DayReport``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.exchange.choices import (
    ACTIVE_STATUSES,
    GROUP_KINDS,
    DayStatus,
    InsightKind,
    InsightStatus,
    InsightTheme,
    PairKind,
    ParticipantRole,
    RegistrationStatus,
    ReportStatus,
    SessionKind,
)
from participatienet.exchange.querysets import (
    DayReportQuerySet,
    InsightQuerySet,
    LearningDayQuerySet,
    LearningTableQuerySet,
    RegistrationQuerySet,
    SessionQuerySet,
)

#: Themes a participant may rank for the learning tables of a day.
MAX_THEME_CHOICES = 3


def new_public_token() -> str:
    """An unguessable code for a day's registration link (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


# --- The day and its programme --------------------------------------------------------------------


class LearningDay(models.Model):
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people can come. Later registrations go on the waiting list."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DayStatus.choices, default=DayStatus.DRAFT
    )
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("Last day to register. Empty: until the day itself."),
    )
    public_token = models.CharField(
        _("code of the registration link"),
        max_length=32,
        unique=True,
        default=new_public_token,
        editable=False,
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

    objects = LearningDayQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("learning day")
        verbose_name_plural = _("learning days")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="learningday_capacity"),
            models.CheckConstraint(
                condition=Q(registration_closes_on__isnull=True)
                | Q(registration_closes_on__lte=F("date")),
                name="learningday_closes_before_the_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:day_detail", kwargs={"pk": self.pk})

    def registration_path(self) -> str:
        return reverse("exchange:register", kwargs={"token": self.public_token})

    def registration_url(self) -> str:
        return f"{settings.SITE_URL}{self.registration_path()}"

    def clean(self) -> None:
        super().clean()
        if self.registration_closes_on and self.date and self.registration_closes_on > self.date:
            raise ValidationError(
                {"registration_closes_on": _("Registration must close on or before the day.")}
            )

    def registration_problem(self, today: dt.date) -> str:
        """Why nobody can register now ("" when they can): ``not_open``, ``closed``, ``past``
        or ``deadline``."""
        if self.date < today or self.status == DayStatus.HELD:
            return "past"
        if self.status == DayStatus.DRAFT:
            return "not_open"
        if self.status == DayStatus.CLOSED:
            return "closed"
        if self.registration_closes_on is not None and self.registration_closes_on < today:
            return "deadline"
        return ""

    def link_expiry(self) -> dt.datetime:
        """When links about this day stop working: the end of the day itself."""
        end = dt.datetime.combine(self.date, dt.time(23, 59, 59))
        return timezone.make_aware(end, timezone.get_default_timezone())


class Session(models.Model):
    """One part of the day's programme. For sessions in groups, ``rounds`` says how often new
    groups are formed (mixed groups usually change once or twice) and ``group_size`` how many
    people sit together."""

    day = models.ForeignKey(
        LearningDay, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("day")
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    description = models.TextField(_("description"), blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    rounds = models.PositiveSmallIntegerField(
        _("rounds"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many times new groups are formed in this session."),
    )
    group_size = models.PositiveSmallIntegerField(
        _("people per group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("For sessions in groups: how many people sit together."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_order"),
            models.CheckConstraint(condition=Q(rounds__gte=1), name="session_rounds"),
            models.CheckConstraint(
                condition=Q(group_size__isnull=True) | Q(group_size__gte=2),
                name="session_group_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"

    @property
    def in_groups(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def has_tables(self) -> bool:
        return self.kind == SessionKind.LEARNING_TABLES

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session ends after it starts.")
        if not self.in_groups:
            if self.rounds and self.rounds != 1:
                errors["rounds"] = _("Only sessions in groups have more than one round.")
            if self.group_size:
                errors["group_size"] = _("Only sessions in groups have a group size.")
        if errors:
            raise ValidationError(errors)


class LearningTable(models.Model):
    """A table around one theme in a learning-table session, with its host."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="tables", verbose_name=_("session")
    )
    theme = models.CharField(_("theme"), max_length=150)
    host = models.CharField(
        _("host"), max_length=150, blank=True, help_text=_("Who leads the conversation.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the group size of the session."),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)

    objects = LearningTableQuerySet.as_manager()

    class Meta:
        ordering = ["session", "theme", "pk"]
        verbose_name = _("learning table")
        verbose_name_plural = _("learning tables")
        constraints = [
            models.UniqueConstraint(fields=["session", "theme"], name="learningtable_theme"),
        ]

    def __str__(self) -> str:
        return self.theme


# --- Registrations -------------------------------------------------------------------------------


class Registration(models.Model):
    """One person coming to one day (or waiting for a place, or no longer coming).

    One active registration per e-mail address per day; a cancelled one may be followed by a
    new one. ``waiting_position`` orders the waiting list (lower comes first) and is set only
    while the registration waits.
    """

    day = models.ForeignKey(
        LearningDay,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("learning day"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_day_registrations",
        verbose_name=_("organisation in the network"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_day_registrations",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=200, blank=True)
    first_choice = models.ForeignKey(
        LearningTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first theme"),
    )
    second_choice = models.ForeignKey(
        LearningTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second theme"),
    )
    third_choice = models.ForeignKey(
        LearningTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("third theme"),
    )
    consent_named_in_report = models.BooleanField(
        _("may be named in the report of the day"), default=False
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    waiting_position = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("place given at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["day", "name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["day", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "email"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.WAITING, waiting_position__isnull=False)
                | (~Q(status=RegistrationStatus.WAITING) & Q(waiting_position__isnull=True)),
                name="registration_waiting_position",
            ),
            models.CheckConstraint(
                condition=~Q(first_choice=F("second_choice"))
                & ~Q(first_choice=F("third_choice"))
                & ~Q(second_choice=F("third_choice")),
                name="registration_distinct_choices",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.day.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def theme_choices(self) -> list[LearningTable]:
        """The chosen tables, first choice first."""
        chosen = (self.first_choice, self.second_choice, self.third_choice)
        return [table for table in chosen if table is not None]


# --- Groups --------------------------------------------------------------------------------------


class GroupPlan(models.Model):
    """The groups of one session, formed by ``exchange.group_services.form_groups``.

    ``score`` is the quality of the groups as they are now (after moves by hand),
    ``formed_score`` as the solver left them, ``previous_score`` before the last move; each
    is ``dataclasses.asdict(grouping.Score)`` (empty for region groups, which are not
    scored). ``random_score`` and ``greedy_score`` are the baselines the solver is compared
    with: drawing lots and forming groups by hand."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="group_plan", verbose_name=_("session")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formed by"),
    )
    created_at = models.DateTimeField(_("formed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    method = models.CharField(_("method"), max_length=40)
    optimal = models.BooleanField(_("proven best"), default=False)
    score = models.JSONField(_("score"), default=dict, blank=True)
    formed_score = models.JSONField(_("score when formed"), default=dict, blank=True)
    previous_score = models.JSONField(_("score before the last move"), null=True, blank=True)
    random_score = models.JSONField(_("score of drawing lots"), default=dict, blank=True)
    greedy_score = models.JSONField(_("score by hand"), default=dict, blank=True)
    moves = models.PositiveIntegerField(_("people moved by hand"), default=0)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("group plan")
        verbose_name_plural = _("group plans")

    def __str__(self) -> str:
        return f"{self.session}"


class Group(models.Model):
    """One group in one round of a plan. ``label`` is the table's theme or the region's name
    (empty for mixed groups, shown as "Group 3"); ``room`` where it meets."""

    plan = models.ForeignKey(
        GroupPlan, on_delete=models.CASCADE, related_name="groups", verbose_name=_("plan")
    )
    round = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    label = models.CharField(_("label"), max_length=150, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    table = models.ForeignKey(
        LearningTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("learning table"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "round", "number"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["plan", "round", "number"], name="group_number"),
            models.CheckConstraint(condition=Q(round__gte=1), name="group_round"),
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return self.label or _("Group %(number)s") % {"number": self.number}


class GroupMember(models.Model):
    """A registration in a group. ``plan`` and ``round`` repeat the group's, so the database
    holds everyone at most once per round of a plan; a group has at most one reporter."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    plan = models.ForeignKey(
        GroupPlan, on_delete=models.CASCADE, related_name="members", verbose_name=_("plan")
    )
    round = models.PositiveSmallIntegerField(_("round"))
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("participant"),
    )
    is_reporter = models.BooleanField(_("reporter"), default=False)

    class Meta:
        ordering = ["group", "registration__name", "pk"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "round", "registration"], name="groupmember_once_per_round"
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(is_reporter=True), name="groupmember_one_reporter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} · {self.group}"


class PairRule(models.Model):
    """Two people of a day kept apart (colleagues who see each other every week) or together
    (a new colleague with a mentor) in mixed groups. ``a`` is the registration with the lower
    id, so a pair has one rule."""

    day = models.ForeignKey(
        LearningDay, on_delete=models.CASCADE, related_name="pair_rules", verbose_name=_("day")
    )
    a = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("first person")
    )
    b = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("second person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PairKind.choices)
    note = models.CharField(_("why"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["day", "kind", "pk"]
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            models.CheckConstraint(condition=Q(a__lt=F("b")), name="pairrule_ordered"),
            models.UniqueConstraint(fields=["day", "a", "b"], name="pairrule_one_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.a_id} – {self.b_id}"


# --- The report of the day -----------------------------------------------------------------------


class DayReport(models.Model):
    """The report of a day: open for the reporters' input, closed while the programme team
    edits, published for everyone who sees learning days."""

    day = models.OneToOneField(
        LearningDay, on_delete=models.CASCADE, related_name="report", verbose_name=_("day")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    introduction = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DayReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report of a day")
        verbose_name_plural = _("reports of days")

    def __str__(self) -> str:
        return f"{self.day}"


class Insight(models.Model):
    """An insight, bottleneck or idea of a group, written by its reporter and edited by the
    programme team. ``quote`` is a short quote of a group member (``quoted``), named in the
    report only when they gave consent at registration."""

    day = models.ForeignKey(
        LearningDay, on_delete=models.CASCADE, related_name="insights", verbose_name=_("day")
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="insights", verbose_name=_("group")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InsightKind.choices)
    text = models.TextField(_("text"), max_length=4000)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    quote = models.CharField(_("quote"), max_length=300, blank=True)
    quoted = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted person"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=InsightStatus.choices, default=InsightStatus.DRAFT
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["day", "kind", "pk"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self) -> str:
        return self.text[:60]

    def theme_labels(self) -> list[str]:
        labels = dict(InsightTheme.choices)
        return [str(labels[theme]) for theme in self.themes if theme in labels]
