"""Form widgets shared by the apps.

The browser's date picker only reads ISO dates (2026-03-01); with the Dutch locale Django would
render 01/03/2026 and the picker would stay empty when a form is edited.
"""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
