"""Account operations: one function per use case, each in one transaction with its audit entry."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from participatienet.accounts import audit, policy
from participatienet.accounts.choices import ORGANISATION_ROLES, Role
from participatienet.accounts.models import LoginFailure, Membership, User
from participatienet.network.models import Organisation
from participatienet.regions.models import Region

# --- Login throttling --------------------------------------------------------------------------


def _normalise(email: str) -> str:
    return (email or "").strip().lower()[:254]


def login_blocked_until(email: str) -> timezone.datetime | None:
    """When too many recent failures exist for ``email``, the moment the block ends."""
    window_start = timezone.now() - timedelta(seconds=settings.LOGIN_BLOCK_SECONDS)
    recent = LoginFailure.objects.filter(email=_normalise(email), at__gte=window_start)
    times = list(recent.order_by("-at").values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES])
    if len(times) < settings.LOGIN_MAX_FAILURES:
        return None
    return times[0] + timedelta(seconds=settings.LOGIN_BLOCK_SECONDS)


def register_login_failure(email: str) -> None:
    now = timezone.now()
    LoginFailure.objects.create(email=_normalise(email), at=now)
    # Old failures say nothing any more; keep the table small.
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()


@transaction.atomic
def register_login(*, user: User) -> None:
    LoginFailure.objects.filter(email=_normalise(user.email)).delete()
    audit.record(actor=user, action="user.logged_in", obj=user)


# --- Users and memberships ---------------------------------------------------------------------


class MembershipError(ValueError):
    """A membership that does not fit its role."""


class LastAdminError(MembershipError):
    """Ending this membership would leave the programme without an admin."""


def send_password_link(*, user: User, subject_template: str, email_template: str) -> None:
    """E-mail ``user`` a single-use link to choose a password (also for new accounts, which
    have no usable password yet, so Django's PasswordResetForm would skip them)."""
    domain = settings.SITE_URL.split("://", 1)[-1]
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "participatienet",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if settings.SITE_URL.startswith("https://") else "http",
    }
    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(email_template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def create_user(*, actor: User, email: str, full_name: str, send_invitation: bool = True) -> User:
    user = User.objects.create_user(email=email, full_name=full_name)
    audit.record(actor=actor, action="user.created", obj=user, fields=["email", "full_name"])
    if send_invitation:
        transaction.on_commit(
            lambda: send_password_link(
                user=user,
                subject_template="accounts/email/invitation_subject.txt",
                email_template="accounts/email/invitation.txt",
            )
        )
    return user


@transaction.atomic
def update_user(*, actor: User, user: User, full_name: str, email: str, is_active: bool) -> User:
    before = {"full_name": user.full_name, "email": user.email, "is_active": user.is_active}
    user.full_name = full_name
    user.email = User.objects.normalize_email(email).lower()
    user.is_active = is_active
    after = {"full_name": user.full_name, "email": user.email, "is_active": user.is_active}
    fields = audit.changed_fields(before, after)
    if fields:
        user.save(update_fields=fields)
        audit.record(actor=actor, action="user.changed", obj=user, fields=fields)
    return user


@transaction.atomic
def add_membership(
    *,
    actor: User | None,
    user: User,
    role: str,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> Membership:
    if role in ORGANISATION_ROLES and organisation is not None:
        region = organisation.region
    membership = Membership(
        user=user, role=role, region=region, organisation=organisation, created_by=actor
    )
    membership.full_clean(exclude=["user", "created_by"])
    duplicate = Membership.objects.current().filter(
        user=user, role=role, region=region, organisation=organisation
    )
    if duplicate.exists():
        raise MembershipError("duplicate")
    membership.save()
    if role == Role.PROGRAMME_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit.record(
        actor=actor,
        action="membership.added",
        obj=membership,
        fields=["role", "region", "organisation"],
        detail=f"{user.email}: {membership}",
        via="system",
    )
    policy.forget(user)
    return membership


@transaction.atomic
def end_membership(*, actor: User, membership: Membership) -> Membership:
    if membership.ended_at is None:
        if membership.role == Role.PROGRAMME_ADMIN:
            admins = Membership.objects.current().filter(role=Role.PROGRAMME_ADMIN)
            if not admins.exclude(pk=membership.pk).exists():
                raise LastAdminError("last programme admin")
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        user = membership.user
        if membership.role == Role.PROGRAMME_ADMIN and user.is_staff:
            still_admin = Membership.objects.current().filter(user=user, role=Role.PROGRAMME_ADMIN)
            if not still_admin.exists():
                user.is_staff = False
                user.save(update_fields=["is_staff"])
        audit.record(
            actor=actor,
            action="membership.ended",
            obj=membership,
            fields=["ended_at"],
            detail=f"{user.email}: {membership}",
        )
        policy.forget(user)
    return membership
