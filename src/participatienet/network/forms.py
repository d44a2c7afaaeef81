from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.models import Organisation
from participatienet.network.validators import (
    normalise_kbo_number,
    validate_kbo_number,
    validate_phone,
)
from participatienet.regions.models import Municipality, Region


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

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["regions_served"].queryset = Region.objects.order_by("name")

    @classmethod
    def initial_for(cls, organisation: Any) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "municipality": organisation.municipality_id,
            "regions_served": list(organisation.regions_served.values_list("pk", flat=True)),
            "website": organisation.website,
            "kbo_number": organisation.kbo_number,
        }

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
    """Which ties the network map shows."""

    SOURCES = [
        ("all", _("Declared and derived")),
        ("declared", _("Declared only")),
        ("derived", _("Derived only")),
    ]

    kind = forms.MultipleChoiceField(
        label=_("Kind of tie"),
        required=False,
        choices=TieKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(label=_("Ties"), required=False, choices=SOURCES)


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
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, others: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["b"].queryset = others
