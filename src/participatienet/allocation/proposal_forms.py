"""Forms of the allocation proposal pages: one row's adjustment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AdjustPlacementForm(forms.Form):
    """Send this row or not, and optionally the offer it moves to (validated by the service)."""

    included = forms.BooleanField(label=_("Send"), required=False)
    offer = forms.IntegerField(label=_("Offer"), required=False, min_value=1)
