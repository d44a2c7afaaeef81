"""The filters of the contact point directory (search, municipality, theme, kind, direct)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participatienet.network.choices import OrganisationKind
from participatienet.network.contacts import VIEWS, DirectoryFilters
from participatienet.offers.choices import Theme


class ContactDirectoryFilterForm(forms.Form):
    """What the directory shows. ``municipalities`` are those of the current region."""

    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(key, key) for key in VIEWS],
        widget=forms.HiddenInput,
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, function, organisation or e-mail address."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=None,
        empty_label=_("All municipalities"),
    )
    theme = forms.TypedChoiceField(
        label=_("Theme"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All themes")), *Theme.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    direct = forms.BooleanField(label=_("Only direct contact points"), required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def filters(self) -> DirectoryFilters:
        """The cleaned filters (call after ``is_valid``)."""
        data = self.cleaned_data
        municipality = data.get("municipality")
        return DirectoryFilters(
            view=data.get("view") or VIEWS[0],
            text=(data.get("q") or "").strip(),
            municipality_id=municipality.pk if municipality is not None else None,
            theme=data.get("theme"),
            kind=data.get("kind") or "",
            direct_only=bool(data.get("direct")),
        )
