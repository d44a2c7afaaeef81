from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from participatienet.accounts import services
from participatienet.accounts.choices import ORGANISATION_ROLES, REGION_ROLES, Role
from participatienet.accounts.models import Membership, User
from participatienet.network.models import Organisation
from participatienet.regions.models import Region
from participatienet.widgets import DateInput


class LoginForm(AuthenticationForm):
    """Login by e-mail; after LOGIN_MAX_FAILURES failures further tries are refused a while."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again."
        ),
        "inactive": _("This account is no longer active."),
        "blocked": _(
            "Too many failed attempts to log in with this e-mail address. For your safety, "
            "logging in is blocked until %(until)s. You can also ask for a new password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if email:
            until = services.login_blocked_until(email)
            if until is not None:
                raise ValidationError(
                    self.error_messages["blocked"],
                    code="blocked",
                    params={"until": formats.time_format(timezone.localtime(until), "H:i")},
                )
        try:
            return super().clean()
        except ValidationError as error:
            if email and getattr(error, "code", None) == "invalid_login":
                services.register_login_failure(email)
            raise


class UserCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    send_invitation = forms.BooleanField(
        label=_("Send an e-mail with a link to choose a password"), required=False, initial=True
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("There is already a user with this e-mail address."))
        return email


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault(
            "initial",
            {"full_name": user.full_name, "email": user.email, "is_active": user.is_active},
        )
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise ValidationError(_("There is already a user with this e-mail address."))
        return email


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("No region"),
        help_text=_(
            "For coordinators, counsellors and viewers. "
            "Empty for a viewer means the whole programme."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.select_related("region").order_by("name"),
        required=False,
        empty_label=_("No organisation"),
        help_text=_("For local workers and partner contacts; the region follows from it."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        # Thousands of organisations are not scrolled through: the list shows those of the
        # chosen region (posted, or given as ?region= when the page is loaded).
        region_id = (self.data.get("region") if self.is_bound else None) or self.initial.get(
            "region"
        )
        region_pk = getattr(region_id, "pk", region_id)
        if region_pk and str(region_pk).isdigit():
            self.fields["organisation"].queryset = Organisation.objects.filter(
                region_id=int(region_pk)
            ).order_by("name")
        else:
            self.fields["organisation"].queryset = Organisation.objects.none()
            self.fields["organisation"].empty_label = _("Choose a region first")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        region = data.get("region")
        organisation = data.get("organisation")
        if role == Role.PROGRAMME_ADMIN:
            if region or organisation:
                raise ValidationError(
                    _(
                        "A programme admin works for the whole programme: "
                        "leave region and organisation empty."
                    )
                )
        elif role in ORGANISATION_ROLES:
            if organisation is None:
                self.add_error("organisation", _("This role needs an organisation."))
            elif region is not None and organisation.region_id != region.pk:
                self.add_error("organisation", _("The organisation is not in this region."))
        elif role in REGION_ROLES:
            if region is None:
                self.add_error("region", _("This role needs a region."))
            elif organisation is not None and organisation.region_id != region.pk:
                self.add_error("organisation", _("The organisation is not in this region."))
        elif role == Role.VIEWER and organisation is not None:
            self.add_error(
                "organisation",
                _(
                    "A viewer sees aggregates of a region or of the whole programme, "
                    "not of one organisation."
                ),
            )
        if not self.errors and role:
            scope_region = (
                organisation.region if (role in ORGANISATION_ROLES and organisation) else region
            )
            scope_org = organisation if role not in (Role.PROGRAMME_ADMIN, Role.VIEWER) else None
            if role == Role.PROGRAMME_ADMIN:
                scope_region = None
            duplicate = Membership.objects.current().filter(
                user=self.user, role=role, region=scope_region, organisation=scope_org
            )
            if duplicate.exists():
                raise ValidationError(_("This user already has this role at this scope."))
            data["region"] = scope_region
            data["organisation"] = scope_org
        return data


class ScopeSwitchForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Whole programme"),
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Role.choices, ("none", _("No role"))],
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("name"),
        empty_label=_("All regions"),
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (name or e-mail)"), required=False)
    action = forms.CharField(label=_("What (e.g. user.viewed)"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date must come before the end date."))
        return data
