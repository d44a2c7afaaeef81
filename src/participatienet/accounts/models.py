"""Users (login by e-mail), memberships (a role at a scope), the audit log and login failures."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.accounts.choices import ORGANISATION_ROLES, REGION_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive users can no longer log in.")
    )
    is_staff = models.BooleanField(_("access to the technical admin"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", kwargs={"pk": self.pk})


class MembershipQuerySet(models.QuerySet):
    def current(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A role at a scope: the programme, a region, or an organisation (and so its region).

    Memberships are ended, never deleted, so the history of who could see what is kept.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role", "region__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_fits_role",
                condition=(
                    models.Q(
                        role=Role.PROGRAMME_ADMIN, region__isnull=True, organisation__isnull=True
                    )
                    | models.Q(role__in=sorted(REGION_ROLES), region__isnull=False)
                    | models.Q(
                        role__in=sorted(ORGANISATION_ROLES),
                        region__isnull=False,
                        organisation__isnull=False,
                    )
                    | models.Q(role=Role.VIEWER, organisation__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.scope_label}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None

    @property
    def scope_label(self) -> str:
        if self.organisation_id:
            return f"{self.organisation} ({self.region})"
        if self.region_id:
            return str(self.region)
        return str(_("whole programme"))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.role == Role.PROGRAMME_ADMIN:
            if self.region_id or self.organisation_id:
                errors["region"] = _(
                    "A programme admin works for the whole programme: "
                    "leave region and organisation empty."
                )
        elif self.role in ORGANISATION_ROLES:
            if not self.organisation_id:
                errors["organisation"] = _("This role needs an organisation.")
            else:
                self.region_id = self.organisation.region_id
        elif self.role in REGION_ROLES:
            if not self.region_id:
                errors["region"] = _("This role needs a region.")
            elif self.organisation_id and self.organisation.region_id != self.region_id:
                errors["organisation"] = _("The organisation is not in this region.")
        elif self.role == Role.VIEWER and self.organisation_id:
            errors["organisation"] = _(
                "A viewer sees aggregates of a region or of the whole programme, "
                "not of one organisation."
            )
        if errors:
            raise ValidationError(errors)


class AuditEntry(models.Model):
    """Who did what to which object, when, and which fields were involved."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=200)
    action = models.CharField(_("what"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class LoginFailure(models.Model):
    """A failed login, kept a short while to block guessing (see LOGIN_MAX_FAILURES)."""

    email = models.CharField(max_length=254, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class LinkToken(models.Model):
    """The record behind a signed link that works without an account.

    The link carries a signature over this token's id (``accounts.links``); this row makes the
    link single-use, expiring, and scoped to one object and one action.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    purpose = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    recipient = models.CharField(_("sent to"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        indexes = [models.Index(fields=["object_type", "object_id", "purpose"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.object_type}#{self.object_id}"
