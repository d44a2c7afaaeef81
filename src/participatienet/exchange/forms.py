"""Forms of learning days: the day, its sessions and tables (programme team), the public
registration form, and the participant list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participatienet.exchange.choices import (
    REGIONAL_ROLES,
    DayStatus,
    ParticipantRole,
    RegistrationStatus,
    SessionKind,
)
from participatienet.exchange.models import LearningTable
from participatienet.exchange.services import choices_needed
from participatienet.exports import FORMATS
from participatienet.regions.models import Region
from participatienet.widgets import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _one_line(value: str) -> str:
    return " ".join(value.split())


# --- The programme team's forms ------------------------------------------------------------------


class LearningDayForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    venue = forms.CharField(
        label=_("Venue"), max_length=200, help_text=_("For example: NH Hotel, centre of Brussels")
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why this day, for whom, what people take home. Shown on the public page."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=2000,
        help_text=_("How many people can come. Later registrations go on the waiting list."),
    )
    registration_closes_on = forms.DateField(
        label=_("Registration closes on"),
        required=False,
        widget=DateInput(),
        help_text=_("Last day to register. Empty: until the day itself."),
    )

    @classmethod
    def initial_for(cls, day: Any) -> dict[str, Any]:
        return {name: getattr(day, name) for name in cls.base_fields}

    def clean_title(self) -> str:
        return _one_line(self.cleaned_data["title"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        closes, date = data.get("registration_closes_on"), data.get("date")
        if closes and date and closes > date:
            self.add_error(
                "registration_closes_on",
                ValidationError(
                    _("Registration must close on or before the day."), code="after_day"
                ),
            )
        return data


class DayStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DayStatus.choices)


class SessionForm(forms.Form):
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    rounds = forms.IntegerField(
        label=_("Rounds"),
        min_value=1,
        max_value=6,
        initial=1,
        help_text=_("For sessions in groups: how many times new groups are formed."),
    )
    group_size = forms.IntegerField(
        label=_("People per group"),
        min_value=2,
        max_value=50,
        required=False,
        help_text=_("For sessions in groups: how many people sit together."),
    )

    @classmethod
    def initial_for(cls, session: Any) -> dict[str, Any]:
        return {name: getattr(session, name) for name in cls.base_fields}

    def clean_title(self) -> str:
        return _one_line(self.cleaned_data["title"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error(
                "ends_at", ValidationError(_("A session ends after it starts."), code="order")
            )
        kind = data.get("kind")
        if kind and kind not in (SessionKind.PLENARY, SessionKind.BREAK):
            return data
        if (data.get("rounds") or 1) != 1:
            self.add_error(
                "rounds",
                ValidationError(
                    _("Only sessions in groups have more than one round."), code="rounds"
                ),
            )
        if data.get("group_size"):
            self.add_error(
                "group_size",
                ValidationError(_("Only sessions in groups have a group size."), code="size"),
            )
        return data


class LearningTableForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=150)
    host = forms.CharField(
        label=_("Host"), max_length=150, required=False, help_text=_("Who leads the conversation.")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=_("Empty: the group size of the session."),
    )
    room = forms.CharField(label=_("Room"), max_length=100, required=False)

    def __init__(self, *args: Any, taken: set[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = {theme.casefold() for theme in taken}

    @classmethod
    def initial_for(cls, table: Any) -> dict[str, Any]:
        return {name: getattr(table, name) for name in cls.base_fields}

    def clean_theme(self) -> str:
        theme = _one_line(self.cleaned_data["theme"])
        if theme.casefold() in self.taken:
            raise ValidationError(
                _("This session already has a table with this theme."), code="taken"
            )
        return theme


class PromoteForm(forms.Form):
    over_capacity = forms.BooleanField(required=False)


# --- The public registration form ----------------------------------------------------------------

_CHOICE_LABELS = (_("First choice"), _("Second choice"), _("Third choice"))
CHOICE_FIELDS = ("first_choice", "second_choice", "third_choice")


class TableChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LearningTable) -> str:
        return obj.theme


class RegistrationForm(forms.Form):
    """Register for a day. The theme choices appear only when the day has learning tables:
    as many as ``choices_needed`` (three at most), all different."""

    name = forms.CharField(label=_("First and last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the confirmation here, with a link to cancel."),
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.ChoiceField(
        label=_("You come as"), choices=ParticipantRole.choices, widget=forms.RadioSelect
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("No region (I work for all of Flanders and Brussels)"),
        help_text=_("Network workers, AgII staff and local governments: the region you work in."),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=200,
        required=False,
        help_text=_("For example vegetarian, halal, gluten-free, an allergy."),
    )
    access_needs = forms.CharField(
        label=_("Access needs"),
        max_length=200,
        required=False,
        help_text=_("For example wheelchair access, a hearing loop, a quiet room."),
    )
    first_choice = TableChoiceField(queryset=LearningTable.objects.none(), required=False)
    second_choice = TableChoiceField(queryset=LearningTable.objects.none(), required=False)
    third_choice = TableChoiceField(queryset=LearningTable.objects.none(), required=False)
    consent_named_in_report = forms.BooleanField(
        label=_("My name may appear in the report of the day."), required=False
    )

    def __init__(self, *args: Any, tables: list[LearningTable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.needed = choices_needed(len(tables))
        by_pk = {table.pk: table for table in tables}
        for index, name in enumerate(CHOICE_FIELDS):
            if index >= self.needed:
                del self.fields[name]
                continue
            field = self.fields[name]
            field.queryset = LearningTable.objects.filter(pk__in=list(by_pk))
            field.required = True
            field.label = _CHOICE_LABELS[index]
            field.empty_label = "—"
            # The options in the programme's order, without another query.
            field.choices = [("", "—"), *((table.pk, table.theme) for table in tables)]

    @property
    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CHOICE_FIELDS if name in self.fields]

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_organisation_name(self) -> str:
        return _one_line(self.cleaned_data["organisation_name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") in REGIONAL_ROLES and not data.get("region"):
            self.add_error(
                "region",
                ValidationError(_("Choose the region you work in."), code="region_required"),
            )
        seen: set[int] = set()
        for name in CHOICE_FIELDS[: self.needed]:
            table = data.get(name)
            if table is None:
                continue
            if table.pk in seen:
                self.add_error(
                    name,
                    ValidationError(
                        _("Choose a different theme for each choice."), code="same_theme"
                    ),
                )
            seen.add(table.pk)
        return data

    def registration_fields(self) -> dict[str, Any]:
        """The keyword arguments of ``services.register``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "organisation_name": data["organisation_name"],
            "role": data["role"],
            "region": data.get("region"),
            "dietary_needs": data.get("dietary_needs", ""),
            "access_needs": data.get("access_needs", ""),
            "choices": [data.get(name) for name in CHOICE_FIELDS[: self.needed]],
            "consent_named_in_report": data.get("consent_named_in_report", False),
        }


# --- The participant list ------------------------------------------------------------------------

STATUS_FILTERS = (
    ("", _("Confirmed and waiting")),
    *RegistrationStatus.choices,
    ("all", _("All, cancelled too")),
)


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or organisation"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("name"),
        empty_label=_("All regions"),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *ParticipantRole.choices]
    )


class ExportForm(ParticipantFilterForm):
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in FORMATS])
