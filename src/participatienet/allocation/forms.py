"""Forms of matching settings (the allocation proposal's forms live in ``proposal_forms.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatienet.matching.engine import Weights

SOFT_FACTORS = ("distance", "schedule", "themes", "free_places")
FIELDS = (*SOFT_FACTORS, "load_spreading", "load_half")


def _attrs(name: str, step: str) -> dict:
    low, high = Weights.RANGES[name]
    return {"min": f"{low:g}", "max": f"{high:g}", "step": step}


class WeightsForm(forms.Form):
    """The five weights of a region (and the load at which half the spreading applies).

    The ranges are the engine's (``Weights.RANGES``); ``Weights.validate`` judges them, and its
    Dutch message lands on the field it is about."""

    distance = forms.IntegerField(
        label=_("Distance"), widget=forms.NumberInput(attrs=_attrs("distance", "1"))
    )
    schedule = forms.IntegerField(
        label=_("Schedule overlap"), widget=forms.NumberInput(attrs=_attrs("schedule", "1"))
    )
    themes = forms.IntegerField(
        label=_("Shared themes"), widget=forms.NumberInput(attrs=_attrs("themes", "1"))
    )
    free_places = forms.IntegerField(
        label=_("Free places"), widget=forms.NumberInput(attrs=_attrs("free_places", "1"))
    )
    load_spreading = forms.DecimalField(
        label=_("Load spreading"),
        max_digits=3,
        decimal_places=2,
        help_text=_("0: off; 1: the offers of a very busy organisation can lose all their points."),
        widget=forms.NumberInput(attrs=_attrs("load_spreading", "0.05")),
    )
    load_half = forms.IntegerField(
        label=_("Half the spreading from"),
        help_text=_("The number of newcomers an organisation hosts at which half applies."),
        widget=forms.NumberInput(attrs=_attrs("load_half", "1")),
    )

    @classmethod
    def initial_of(cls, weights: Weights) -> dict:
        return {name: getattr(weights, name) for name in FIELDS}

    def clean(self) -> dict:
        cleaned = super().clean()
        if any(name not in cleaned for name in FIELDS):
            return cleaned  # a field already failed: its own error says why
        for name in FIELDS:
            try:
                Weights(**{name: cleaned[name]}).validate()
            except ValueError as exc:
                self.add_error(name, str(exc))
        if not self.errors:
            try:
                self.weights()
            except ValueError as exc:
                self.add_error(None, str(exc))
        return cleaned

    def weights(self) -> Weights:
        """The engine's ``Weights`` of the cleaned data (raises ``ValueError`` when invalid)."""
        values = {name: float(self.cleaned_data[name]) for name in FIELDS}
        return Weights(**values).validate()
