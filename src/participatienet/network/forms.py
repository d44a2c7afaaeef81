from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import (
    NOT_JOINED_STAGES,
    STAGE_TRANSITIONS,
    ContactChannel,
    NetworkRole,
    OrganisationKind,
    OrganisationStage,
    TieKind,
    roles_of_mask,
)
from participatienet.network.measures import Quarter
from participatienet.network.models import Organisation
from participatienet.network.validators import (
    normalise_kbo_number,
    validate_kbo_number,
    validate_phone,
)
from participatienet.regions.models import Municipality, Region
from participatienet.widgets import DateInput


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("All my regions"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All municipalities"),
    )

    role = forms.TypedChoiceField(
        label=_("Network role"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All roles")), *NetworkRole.choices],
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All stages")), *OrganisationStage.choices],
    )

    without_contact = forms.BooleanField(
        label=_("Only organisations without a contact point"), required=False
    )

    def __init__(self, *args: Any, regions: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["municipality"].queryset = municipalities


class OrganisationForm(forms.Form):
    """Create or change an organisation. ``municipalities`` are the places the user may put
    it; its region follows from the municipality."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *OrganisationKind.choices])
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        help_text=_("Where the organisation is based. Its region follows from it."),
    )
    regions_served = forms.ModelMultipleChoiceField(
        label=_("Other regions served"),
        required=False,
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the organisation also works outside its own region."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://www.voetbalclub.be"),
    )
    kbo_number = forms.CharField(
        label=_("KBO number"),
        required=False,
        max_length=20,
        help_text=_("Enterprise number, e.g. 0123.456.749. Optional."),
    )

    # Its place in the network: only for those who manage the region's growth (``network``).
    roles = forms.TypedMultipleChoiceField(
        label=_("Network roles"),
        required=False,
        coerce=int,
        choices=NetworkRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An organisation can hold several roles at once."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=OrganisationStage.choices,
        initial=OrganisationStage.ACTIVE,
        help_text=_(
            "Prospect: we want to get in touch. Engaged: we are talking. Active: part of the "
            "network. Dormant: no longer active for now."
        ),
    )
    joined_on = forms.DateField(
        label=_("Joined the network on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty for prospects. Set to today when it first becomes active."),
    )

    NETWORK_FIELDS = ("roles", "stage", "joined_on")

    def __init__(
        self,
        *args: Any,
        municipalities: Any,
        network: bool = False,
        organisation: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["municipality"].queryset = municipalities
        self.fields["regions_served"].queryset = Region.objects.order_by("name")
        if not network or (self.is_bound and "stage" not in self.data):
            # Without the network fields (or posted without them) roles, stage and join date
            # stay as they are; a new organisation starts active.
            for name in self.NETWORK_FIELDS:
                del self.fields[name]
            return
        if organisation is not None:
            # Only the current stage and the moves the pipeline allows from it.
            allowed = {organisation.stage, *STAGE_TRANSITIONS[organisation.stage]}
            self.fields["stage"].choices = [
                (value, label) for value, label in OrganisationStage.choices if value in allowed
            ]

    @classmethod
    def initial_for(cls, organisation: Any) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "municipality": organisation.municipality_id,
            "regions_served": list(organisation.regions_served.values_list("pk", flat=True)),
            "website": organisation.website,
            "kbo_number": organisation.kbo_number,
            "roles": [int(role) for role in roles_of_mask(organisation.roles_mask)],
            "stage": organisation.stage,
            "joined_on": organisation.joined_on,
        }

    def clean_joined_on(self) -> Any:
        joined_on = self.cleaned_data["joined_on"]
        if joined_on is not None and joined_on > timezone.localdate():
            raise ValidationError(_("The join date cannot be in the future."), code="future")
        return joined_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            "joined_on" in data
            and data["joined_on"] is None
            and self.organisation is not None
            and data.get("stage") not in NOT_JOINED_STAGES
        ):
            # A member keeps the day it joined; an empty field does not erase it.
            data["joined_on"] = self.organisation.joined_on
        if data.get("joined_on") and data.get("stage") in NOT_JOINED_STAGES:
            self.add_error(
                "joined_on",
                ValidationError(
                    _(
                        "A prospect or engaged organisation has not joined the network yet: "
                        "leave the join date empty."
                    ),
                    code="not_joined",
                ),
            )
        return data

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the name of the organisation."), code="required")
        return name

    def clean_kbo_number(self) -> str:
        value = self.cleaned_data["kbo_number"].strip()
        if not value:
            return ""
        validate_kbo_number(value)
        return normalise_kbo_number(value)


class ContactPointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    function = forms.CharField(
        label=_("Function"),
        max_length=120,
        required=False,
        help_text=_("For example: chair, volunteer coordinator, network coach."),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[validate_phone],
        help_text=_("For example 09 123 45 67 or +32 470 12 34 56."),
    )
    is_direct = forms.BooleanField(
        label=_("Direct contact point: the person to call first for quick questions"),
        required=False,
    )

    @classmethod
    def initial_for(cls, contact_point: Any) -> dict[str, Any]:
        return {name: getattr(contact_point, name) for name in cls.base_fields}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the name of the contact person."), code="required")
        return name

    def clean_phone(self) -> str:
        return " ".join(self.cleaned_data["phone"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise ValidationError(
                _("Give an e-mail address or a phone number, so people can reach this contact."),
                code="unreachable",
            )
        return data


class NetworkMapFilterForm(forms.Form):
    """Which ties the network map shows, and over which period.

    The period is cleaned into ``start`` and ``end`` (half-open: ``start <= day < end``; None
    for no bound): participations hosted and derived ties count in it, declared ties from their
    'since'. Without a period choice, dates or a year alone choose "between two dates" or "a
    calendar year".
    """

    SOURCES = [
        ("all", _("Declared and derived")),
        ("declared", _("Declared only")),
        ("derived", _("Derived only")),
    ]
    PERIODS = [
        ("", _("All time")),
        ("this_quarter", _("This quarter")),
        ("last_quarter", _("Last quarter")),
        ("last_12_months", _("Last 12 months")),
        ("year", _("A calendar year")),
        ("dates", _("Between two dates")),
    ]
    #: The first year the period filter accepts.
    FIRST_YEAR = 2000

    kind = forms.MultipleChoiceField(
        label=_("Kind of tie"),
        required=False,
        choices=TieKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(label=_("Ties"), required=False, choices=SOURCES)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=PERIODS,
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        error_messages={"invalid": _("Give the year as a number, for example 2025.")},
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=DateInput(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["start"] = data["end"] = None
        if self.errors:
            return data
        today = timezone.localdate()
        period = data.get("period") or ""
        if not period and (data.get("date_from") or data.get("date_to")):
            period = "dates"
        elif not period and data.get("year") is not None:
            period = "year"
        if period != (data.get("period") or ""):
            self.data = self.data.copy()  # the redrawn form shows the period it inferred
            self.data["period"] = period
        data["period"] = period
        start: date | None = None
        end: date | None = None
        if period == "this_quarter":
            start, end = Quarter.of(today).start, Quarter.of(today).end
        elif period == "last_quarter":
            start, end = Quarter.of(today).previous().start, Quarter.of(today).start
        elif period == "last_12_months":
            try:
                year_ago = today.replace(year=today.year - 1)
            except ValueError:  # 29 February
                year_ago = today.replace(year=today.year - 1, day=28)
            start, end = year_ago + timedelta(days=1), today + timedelta(days=1)
        elif period == "year":
            year = data.get("year")
            if year is None:
                self.add_error("year", _("Give the year to show."))
            elif not self.FIRST_YEAR <= year <= today.year:
                self.add_error(
                    "year",
                    _("Give a year from %(first)s to %(last)s.")
                    % {"first": self.FIRST_YEAR, "last": today.year},
                )
            else:
                start, end = date(year, 1, 1), date(year + 1, 1, 1)
        elif period == "dates":
            date_from, date_to = data.get("date_from"), data.get("date_to")
            if date_from is None and date_to is None:
                self.add_error("date_from", _("Give a start date, an end date or both."))
            elif date_from and date_to and date_to < date_from:
                self.add_error("date_to", _("The end date comes before the start date."))
            else:
                start = date_from
                end = date_to + timedelta(days=1) if date_to and date_to < date.max else None
        data["start"], data["end"] = start, end
        return data


class TieForm(forms.Form):
    """A declared tie from one organisation (given by the page) to another of its region."""

    b = forms.ModelChoiceField(label=_("Other organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind of tie"), choices=TieKind.choices)
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        coerce=int,
        choices=[(1, _("1 – light")), (2, _("2 – regular")), (3, _("3 – strong"))],
        initial=1,
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, others: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["b"].queryset = others


# --- Growing the network -------------------------------------------------------------------------


class PersonField(forms.ChoiceField):
    """A choice among ``people`` (users loaded once by the view), cleaned to the user."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, choices=(), **kwargs)
        self.people: dict[str, Any] = {}

    def set_people(self, people: Any, empty_label: Any = "—") -> None:
        self.people = {str(person.pk): person for person in people}
        self.choices = [
            ("", empty_label),
            *((key, person.get_full_name() or person.email) for key, person in self.people.items()),
        ]

    def prepare_value(self, value: Any) -> Any:
        return getattr(value, "pk", value)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.people.get(str(value)) if value not in (None, "") else None


class PipelineFilterForm(forms.Form):
    """Which cards the growth board shows."""

    MINE = "mine"
    NOBODY = "nobody"

    owner = forms.ChoiceField(label=_("Next step owned by"), required=False)
    role = forms.TypedChoiceField(
        label=_("Network role"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All roles")), *NetworkRole.choices],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All municipalities"),
    )

    def __init__(self, *args: Any, people: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            (self.MINE, _("Me")),
            (self.NOBODY, _("Nobody yet")),
            *((str(person.pk), person.get_full_name() or person.email) for person in people),
        ]
        self.fields["municipality"].queryset = municipalities


class NextStepFields(forms.Form):
    """The next step of growth: what, by when, who."""

    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=300,
        help_text=_("For example: invite them to the network meeting of March."),
    )
    next_step_due = forms.DateField(label=_("By when"), required=False, widget=DateInput())
    next_step_owner = PersonField(label=_("Who takes it up"), required=False)

    def clean_next_step(self) -> str:
        return " ".join(self.cleaned_data["next_step"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("next_step") and (data.get("next_step_due") or data.get("next_step_owner")):
            self.add_error(
                "next_step", ValidationError(_("Say what the next step is."), code="required")
            )
        return data


class ContactMomentForm(NextStepFields):
    """A contact moment with an organisation, a possible new stage and the next step."""

    contacted_on = forms.DateField(label=_("Date of the contact"), widget=DateInput())
    channel = forms.ChoiceField(label=_("How"), choices=[("", "—"), *ContactChannel.choices])
    contacted_by = PersonField(
        label=_("Who made the contact"),
        required=False,
        help_text=_("Someone with an account, or give a name below."),
    )
    contacted_by_name = forms.CharField(
        label=_("Or the name of someone without an account"),
        required=False,
        max_length=150,
        help_text=_("For example an ambassador or a volunteer who knows the club."),
    )
    summary = forms.CharField(
        label=_("What was said"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The main points and agreements. No personal data about newcomers."),
    )
    stage = forms.ChoiceField(label=_("Stage after this contact"))

    field_order = [
        "contacted_on",
        "channel",
        "contacted_by",
        "contacted_by_name",
        "summary",
        "stage",
        "next_step",
        "next_step_due",
        "next_step_owner",
    ]

    def __init__(self, *args: Any, organisation: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        allowed = {organisation.stage, *STAGE_TRANSITIONS[organisation.stage]}
        self.fields["stage"].choices = [
            (value, label) for value, label in OrganisationStage.choices if value in allowed
        ]
        self.fields["contacted_by"].set_people(people)
        self.fields["next_step_owner"].set_people(people)

    @classmethod
    def initial_for(cls, organisation: Any, user: Any) -> dict[str, Any]:
        return {
            "contacted_on": timezone.localdate(),
            "contacted_by": user.pk,
            "stage": organisation.stage,
            "next_step": organisation.next_step,
            "next_step_due": organisation.next_step_due,
            "next_step_owner": organisation.next_step_owner_id,
        }

    def clean_contacted_on(self) -> Any:
        day = self.cleaned_data["contacted_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A contact moment cannot be in the future."), code="future")
        return day

    def clean_contacted_by_name(self) -> str:
        return " ".join(self.cleaned_data["contacted_by_name"].split())

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise ValidationError(_("Write down what was said."), code="required")
        return summary

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("contacted_by_name"):
            # Someone without an account made the contact, not the person chosen above.
            data["contacted_by"] = None
        nobody = not data.get("contacted_by") and not data.get("contacted_by_name")
        if nobody and "contacted_by" not in self.errors:
            self.add_error(
                "contacted_by",
                ValidationError(_("Say who made the contact."), code="required"),
            )
        due, day = data.get("next_step_due"), data.get("contacted_on")
        if (
            due is not None
            and day is not None
            and due < day
            and due != self.organisation.next_step_due
        ):
            self.add_error(
                "next_step_due",
                ValidationError(
                    _("The next step cannot be due before the contact moment."),
                    code="due_before_contact",
                ),
            )
        return data


class StageChangeForm(forms.Form):
    """Move an organisation to another stage (the quick action of the board and the detail)."""

    stage = forms.ChoiceField(label=_("New stage"), choices=OrganisationStage.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_stage(self) -> str:
        stage = self.cleaned_data["stage"]
        current = self.organisation.stage
        if stage != current and stage not in STAGE_TRANSITIONS[current]:
            labels = dict(OrganisationStage.choices)
            options = ", ".join(
                str(labels[value])
                for value in OrganisationStage.values
                if value in STAGE_TRANSITIONS[current]
            )
            raise ValidationError(
                _(
                    "An organisation cannot move from %(from)s to %(to)s. From %(from)s it can "
                    "go to: %(options)s."
                ),
                code="stage_transition",
                params={"from": labels[current], "to": labels[stage], "options": options},
            )
        return stage


class ProspectForm(NextStepFields):
    """Put a new organisation on the board as a prospect, quickly."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *OrganisationKind.choices])
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label="—"
    )
    contacted_by = PersonField(
        label=_("Who is in touch with them"),
        required=False,
        help_text=_("Records a first contact moment today."),
    )
    summary = forms.CharField(
        label=_("What was said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = [
        "name",
        "kind",
        "municipality",
        "contacted_by",
        "summary",
        "next_step",
        "next_step_due",
        "next_step_owner",
    ]

    def __init__(self, *args: Any, municipalities: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["contacted_by"].set_people(people)
        self.fields["next_step_owner"].set_people(people)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter the name of the organisation."), code="required")
        return name

    def clean_next_step_due(self) -> Any:
        due = self.cleaned_data["next_step_due"]
        if due is not None and due < timezone.localdate():
            raise ValidationError(
                _("The due date has passed: choose today or a later day."), code="past_due"
            )
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("summary") and not data.get("contacted_by"):
            self.add_error(
                "contacted_by",
                ValidationError(_("Say who made the contact."), code="required"),
            )
        return data
