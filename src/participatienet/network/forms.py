from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import OrganisationKind
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
