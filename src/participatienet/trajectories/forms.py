"""Forms of the counsellor's and coordinator's pages. They check input; the services decide."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.accounts import policy
from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.network.validators import validate_phone
from participatienet.offers import schedule
from participatienet.offers.choices import Language, PartOfDay, Theme, Weekday
from participatienet.regions.models import Municipality
from participatienet.trajectories.choices import (
    ContactChannel,
    ParticipationStatus,
    TrajectoryStatus,
)
from participatienet.trajectories.models import (
    MAX_HOURS_PER_ENTRY,
    MIN_HOURS_PER_ENTRY,
    Newcomer,
)
from participatienet.widgets import DateInput

#: What each ``TrajectoryError.code`` of the services means, for the person who tried.
ERROR_MESSAGES = {
    "not_allowed": _("This is not possible in the current state."),
    "offer_full": _(
        "This offer has no free places left: someone else just took the last one. "
        "Choose another offer."
    ),
    "offer_not_active": _("This offer is not active (any more), so nobody can be referred to it."),
    "already_open": _("This newcomer already has an open trajectory."),
    "not_enough_hours": _(
        "The trajectory can be completed only at 40 confirmed hours or more. "
        "Hours count once the offer's contact person has confirmed them."
    ),
    "reason_required": _("Give a reason."),
    "trajectory_transition": _("The trajectory cannot move to that status from its current one."),
    "participation_transition": _(
        "The participation cannot move to that status from its current one."
    ),
    "trajectory_closed": _("The trajectory is closed: it is completed or stopped."),
    "already_referred": _("This newcomer is already referred to this offer."),
    "criteria_not_met": _(
        "An own activity counts only when it meets both criteria: it happens in Dutch, and the "
        "newcomer meets new people in a duo or a group."
    ),
    "already_answered": _("This referral has already been answered."),
    "future_date": _("The date cannot be in the future."),
    "not_active": _("Hours can be entered only once the participation has started."),
    "hours_out_of_range": _("Enter between 0.25 and 12 hours per day."),
    "before_start": _("The date comes before the start of the participation."),
    "after_end": _("The date comes after the end of the participation."),
    "unknown_entry": _("One of these hour entries no longer waits for confirmation."),
}


def error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["not_allowed"]))


def _not_in_future(value: dt.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")


# --- Lists -------------------------------------------------------------------------------------

WAITING_CHOICES = [
    ("", _("All newcomers")),
    ("any", _("Waiting without a participation")),
    ("lt2w", _("Waiting less than 2 weeks")),
    ("2to6w", _("Waiting 2 to 6 weeks")),
    ("gt6w", _("Waiting more than 6 weeks")),
]

SORT_CHOICES = [
    ("name", _("Name")),
    ("waiting", _("Longest waiting first")),
    ("newest", _("Newest first")),
]


class NewcomerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or KBI reference"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Trajectory status"),
        required=False,
        choices=[("", _("All statuses")), *TrajectoryStatus.choices, ("none", _("no trajectory"))],
    )
    counsellor = forms.ChoiceField(label=_("Counsellor"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All municipalities"),
    )
    waiting = forms.ChoiceField(label=_("Waiting"), required=False, choices=WAITING_CHOICES)
    hours = forms.ChoiceField(
        label=_("Hours"),
        required=False,
        choices=[("", _("All")), ("unconfirmed", _("With hours waiting for confirmation"))],
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(
        self, *args: Any, counsellors: QuerySet, municipalities: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].choices = [
            ("", _("All counsellors")),
            ("none", _("Without a counsellor")),
            *((str(user.pk), user.full_name or user.email) for user in counsellors),
        ]
        self.fields["municipality"].queryset = municipalities


FEEDBACK_FILTER_CHOICES = [
    ("", _("All")),
    ("newcomer", _("With feedback from the newcomer")),
    ("partner", _("With feedback from the partner")),
]


class ParticipationFilterForm(forms.Form):
    q = forms.CharField(label=_("Newcomer or activity"), required=False, max_length=80)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ParticipationStatus.choices],
    )
    hours = forms.ChoiceField(
        label=_("Hours"),
        required=False,
        choices=[("", _("All")), ("unconfirmed", _("With hours waiting for confirmation"))],
    )
    feedback = forms.ChoiceField(
        label=_("Feedback"), required=False, choices=FEEDBACK_FILTER_CHOICES
    )


# --- Newcomer ----------------------------------------------------------------------------------

_FIELDS = forms.fields_for_model(
    Newcomer,
    fields=[
        "first_name",
        "last_name",
        "email",
        "phone",
        "preferred_channel",
        "preferred_language",
        "municipality",
        "dutch_level",
        "max_distance_km",
        "mobility",
        "needs_childcare",
        "needs_women_only",
        "needs_wheelchair",
        "obligation",
        "kbi_reference",
        "counsellor",
        "consent_given_on",
        "consent_share_contact",
    ],
)

#: Belgian national register number: YY.MM.DD-NNN.CC, with a modulo-97 check.
_RRN_DIGITS = re.compile(r"^\d{11}$")


def looks_like_national_register_number(value: str) -> bool:
    digits = re.sub(r"[\s.\-/]", "", value or "")
    if not _RRN_DIGITS.match(digits):
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - int("2" + digits[:9]) % 97)


class CounsellorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} ({obj.region.name})"


class NewcomerForm(forms.Form):
    """The minimal data of DESIGN.md; never a national register number or a street address."""

    first_name = _FIELDS["first_name"]
    last_name = _FIELDS["last_name"]
    email = _FIELDS["email"]
    phone = forms.CharField(
        label=_FIELDS["phone"].label, required=False, max_length=40, validators=[validate_phone]
    )
    preferred_channel = _FIELDS["preferred_channel"]
    preferred_language = _FIELDS["preferred_language"]
    municipality = MunicipalityChoiceField(
        label=_("Municipality where the newcomer lives"),
        queryset=Municipality.objects.none(),
        help_text=_("Only the municipality, never the street address. The region follows."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    dutch_level = _FIELDS["dutch_level"]
    themes = forms.TypedMultipleChoiceField(
        label=_("Interests"),
        required=False,
        coerce=int,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Themes the newcomer likes: they help to find a fitting offer."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Availability"),
        required=False,
        choices=[
            (f"{day}-{part}", f"{day_label} {part_label}")
            for day, day_label in Weekday.choices
            for part, part_label in PartOfDay.choices
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick when the newcomer can take part. Without it, no offer can be found."),
    )
    mobility = _FIELDS["mobility"]
    max_distance_km = forms.IntegerField(
        label=_FIELDS["max_distance_km"].label, min_value=1, max_value=100, initial=10
    )
    needs_childcare = _FIELDS["needs_childcare"]
    needs_women_only = _FIELDS["needs_women_only"]
    needs_wheelchair = _FIELDS["needs_wheelchair"]
    obligation = _FIELDS["obligation"]
    kbi_reference = _FIELDS["kbi_reference"]
    counsellor = CounsellorChoiceField(
        label=_("Counsellor"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("No counsellor yet"),
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"),
        widget=DateInput(),
        validators=[_not_in_future],
        help_text=_("The day the newcomer agreed that their data is kept here."),
    )
    consent_share_contact = _FIELDS["consent_share_contact"]

    def __init__(
        self,
        *args: Any,
        user: Any,
        regions: list,
        newcomer: Newcomer | None = None,
        **kwargs: Any,
    ) -> None:
        self.user = user
        self.newcomer = newcomer
        if newcomer is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(newcomer)
        super().__init__(*args, **kwargs)
        region_ids = [region.pk for region in regions]
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(region_id__in=region_ids)
            .select_related("region")
            .order_by("name")
        )
        counsellor_ids = (
            Membership.objects.current()
            .filter(role=Role.COUNSELLOR, region_id__in=region_ids)
            .values("user_id")
        )
        self.fields["counsellor"].queryset = User.objects.filter(
            pk__in=counsellor_ids, is_active=True
        ).order_by("full_name", "email")
        for name in ("email", "phone", "first_name", "last_name", "kbi_reference"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    @staticmethod
    def initial_for(newcomer: Newcomer) -> dict[str, Any]:
        initial = {name: getattr(newcomer, name) for name in _FIELDS}
        initial["municipality"] = newcomer.municipality_id
        initial["counsellor"] = newcomer.counsellor_id
        initial["languages"] = list(newcomer.languages or [])
        initial["themes"] = [str(bit) for bit in schedule.bits_of_mask(newcomer.themes_mask)]
        initial["availability"] = [
            f"{day}-{part}" for day, part in schedule.slots_of_mask(newcomer.availability_mask)
        ]
        return initial

    def availability_grid(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """Rows of (weekday, [(part of day, value, checked)]) for the grid of checkboxes."""
        chosen = set(self["availability"].value() or [])
        return [
            (
                day_label,
                [
                    (part_label, f"{day}-{part}", f"{day}-{part}" in chosen)
                    for part, part_label in PartOfDay.choices
                ],
            )
            for day, day_label in Weekday.choices
        ]

    def part_labels(self) -> list[str]:
        return [label for _value, label in PartOfDay.choices]

    def clean_kbi_reference(self) -> str:
        value = self.cleaned_data["kbi_reference"].strip()
        if looks_like_national_register_number(value):
            raise ValidationError(
                _(
                    "This looks like a national register number. participatienet never keeps "
                    "it: enter the KBI file number, or leave this empty."
                ),
                code="national_register_number",
            )
        return value

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channel = data.get("preferred_channel")
        if channel == ContactChannel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("The preferred channel is e-mail: enter an e-mail address."))
        phone_channels = (ContactChannel.PHONE, ContactChannel.SMS, ContactChannel.WHATSAPP)
        if channel in phone_channels and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("The preferred channel needs a phone number."))
        municipality = data.get("municipality")
        if municipality is not None and "counsellor" not in self.errors:
            counsellor = data.get("counsellor")
            if counsellor is not None and not (
                Membership.objects.current()
                .filter(user=counsellor, role=Role.COUNSELLOR, region_id=municipality.region_id)
                .exists()
            ):
                self.add_error(
                    "counsellor",
                    _("This counsellor does not work in the region of the chosen municipality."),
                )
            else:
                candidate = Newcomer(
                    pk=self.newcomer.pk if self.newcomer else None,
                    municipality=municipality,
                    region_id=municipality.region_id,
                    counsellor=counsellor,
                )
                if not policy.can(self.user, "newcomer.change", candidate):
                    self.add_error(
                        "counsellor",
                        _(
                            "With this counsellor and municipality you could no longer follow "
                            "this newcomer. Choose yourself as counsellor, or ask the "
                            "coordinator of the region to hand the newcomer over."
                        ),
                    )
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the model's fields, for ``create_newcomer``/``update_newcomer``."""
        data = self.cleaned_data
        fields = {name: data[name] for name in _FIELDS}
        fields["languages"] = sorted(data["languages"])
        if self.newcomer is not None and set(self.newcomer.languages or []) == set(
            fields["languages"]
        ):
            fields["languages"] = self.newcomer.languages  # same set: not a change
        fields["themes_mask"] = schedule.mask_of_bits(data["themes"])
        fields["availability_mask"] = schedule.mask_of_slots(
            tuple(int(x) for x in value.split("-")) for value in data["availability"]
        )
        return fields


# --- Trajectory actions ------------------------------------------------------------------------


class ReferForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offer"),
        queryset=None,
        error_messages={"invalid_choice": _("This offer cannot be chosen (any more).")},
    )

    def __init__(self, *args: Any, offers: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers


class OwnActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Activity"),
        max_length=150,
        help_text=_("What the newcomer does, e.g. volunteer at the repair café."),
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_email = forms.EmailField(
        label=_("Contact person's e-mail address"),
        help_text=_("The contact person confirms the hours through a link sent to this address."),
    )
    contact_phone = forms.CharField(
        label=_("Contact person's phone"),
        required=False,
        max_length=40,
        validators=[validate_phone],
    )
    attests_dutch_context = forms.BooleanField(
        label=_("I checked: the activity happens in Dutch (a chance to practise Dutch)."),
        required=True,
        error_messages={
            "required": _("An activity counts only when it happens in a Dutch-language context.")
        },
    )
    attests_social_contact = forms.BooleanField(
        label=_(
            "I checked: the newcomer meets new people outside their own circle, in a duo or "
            "a group."
        ),
        required=True,
        error_messages={
            "required": _("An activity counts only when the newcomer meets new people.")
        },
    )
    started_on = forms.DateField(
        label=_("Started on"),
        widget=DateInput(),
        validators=[_not_in_future],
        initial=timezone.localdate,
    )


class StartParticipationForm(forms.Form):
    started_on = forms.DateField(
        label=_("Started on"),
        widget=DateInput(),
        validators=[_not_in_future],
        initial=timezone.localdate,
    )


class HourEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), validators=[_not_in_future])
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=MIN_HOURS_PER_ENTRY,
        max_value=MAX_HOURS_PER_ENTRY,
        max_digits=4,
        decimal_places=2,
        help_text=_("Between 0.25 and 12 hours, for example 2.5 for two and a half hours."),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("For example what the newcomer did."),
    )

    def __init__(self, *args: Any, participation: Any, **kwargs: Any) -> None:
        self.participation = participation
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        if participation.started_on:
            self.fields["date"].widget.attrs["min"] = participation.started_on.isoformat()

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        started_on = self.participation.started_on
        if started_on and date < started_on:
            raise ValidationError(
                _("The date comes before the start of the participation (%(date)s)."),
                params={"date": started_on.strftime("%d/%m/%Y")},
                code="before_start",
            )
        return date

    def clean_hours(self) -> Decimal:
        return self.cleaned_data["hours"]


END_CHOICES = [
    (ParticipationStatus.COMPLETED, _("Completed: the newcomer took part as agreed")),
    (ParticipationStatus.STOPPED, _("Stopped before the end")),
]


class EndParticipationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did it end?"), choices=END_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for stopping"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the participation stopped before the end."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == ParticipationStatus.STOPPED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason why the participation stopped."))
        return data


ANSWER_CHOICES = [("accept", _("Accepted")), ("decline", _("Declined"))]


class AnswerReferralForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("The answer of the organisation"), choices=ANSWER_CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the organisation declines."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("answer") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the organisation declined."))
        return data


class StopTrajectoryForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for stopping"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the newcomer found work, moved away, or is no longer obliged."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."), code="reason_required")
        return reason


class ConfirmForm(forms.Form):
    """An action without input (complete a trajectory, open a new one): only the CSRF token."""
