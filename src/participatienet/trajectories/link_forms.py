"""Forms of the partner's pages (by link and in the app) and of the newcomer's feedback form.

Every form validates everything before anything is written; the hours form validates all
entries together (``HoursForm``) so one mistake writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participatienet.trajectories import feedback_texts
from participatienet.trajectories.models import (
    MAX_HOURS_PER_ENTRY,
    MIN_HOURS_PER_ENTRY,
    HourEntry,
)
from participatienet.trajectories.services import HourDecision

REASON_MAX = 1000
CORRECTION_REASON_MAX = 200  # HourEntry.correction_reason
FEEDBACK_TEXT_MAX = 2000


class ReferralAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("accept", _("Accept: the newcomer is welcome")),
            ("decline", _("Decline this referral")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you accept or decline.")},
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        help_text=_("Needed when you decline. The trajectory counsellor receives it."),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("answer") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Tell the counsellor why you decline."))
        return cleaned

    @property
    def accept(self) -> bool:
        return self.cleaned_data["answer"] == "accept"


# --- Hours ---------------------------------------------------------------------------------------

CONFIRM, CORRECT, REJECT = "confirm", "correct", "reject"


class HoursField(forms.DecimalField):
    """A number of hours; a decimal comma or point both work ("2,5" and "2.5"), whatever the
    language of the page."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class HourDecisionForm(forms.Form):
    """The decision on one hour entry: confirm, correct (with a reason) or reject (with one)."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (CONFIRM, _("Confirm")),
            (CORRECT, _("Correct the hours")),
            (REJECT, _("Do not confirm")),
        ],
        widget=forms.RadioSelect,
        initial=CONFIRM,
        error_messages={"required": _("Choose what to do with these hours.")},
    )
    hours = HoursField(
        label=_("Correct number of hours"),
        help_text=_("Between 0.25 and 12."),
        required=False,
        min_value=MIN_HOURS_PER_ENTRY,
        max_value=MAX_HOURS_PER_ENTRY,
        max_digits=4,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5, "autocomplete": "off"}),
        error_messages={
            "invalid": _("Enter a number of hours, for example 2.5."),
            "min_value": _("At least 0.25 hours (a quarter of an hour)."),
            "max_value": _("At most 12 hours per entry."),
            "max_decimal_places": _("Use at most two decimals."),
            "max_digits": _("At most 12 hours per entry."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed when you correct or do not confirm the hours."),
        required=False,
        max_length=CORRECTION_REASON_MAX,
    )

    def __init__(self, *args: Any, entry: HourEntry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        hours = cleaned.get("hours")
        reason = cleaned.get("reason", "").strip()
        if decision == CORRECT and "hours" not in self.errors:
            if hours is None:
                self.add_error("hours", _("Enter the correct number of hours."))
            elif hours == self.entry.hours:
                self.add_error(
                    "hours",
                    _("That is the number as entered: choose “Confirm”, or enter another number."),
                )
        if decision in (CORRECT, REJECT) and not reason:
            self.add_error("reason", _("Give a short reason for the counsellor."))
        return cleaned

    def to_decision(self) -> HourDecision:
        data = self.cleaned_data
        corrected = data["decision"] == CORRECT
        return HourDecision(
            entry_id=self.entry.pk,
            confirm=data["decision"] != REJECT,
            corrected_hours=data["hours"] if corrected else None,
            reason=data["reason"].strip() if data["decision"] != CONFIRM else "",
        )


@dataclass(frozen=True)
class HoursRow:
    entry: HourEntry
    form: HourDecisionForm

    @property
    def entered_by(self) -> str:
        """The name of whoever entered the hours, without their e-mail address."""
        return self.entry.entered_by_label.split(" <", 1)[0]


class HoursForm:
    """One decision form per unconfirmed entry, validated together (all or nothing)."""

    def __init__(self, entries: Iterable[HourEntry], data: Any = None) -> None:
        self.entries = list(entries)
        self.rows = [
            HoursRow(entry, HourDecisionForm(data, entry=entry, prefix=f"entry-{entry.pk}"))
            for entry in self.entries
        ]

    @property
    def entry_ids(self) -> str:
        return ",".join(str(entry.pk) for entry in self.entries)

    @property
    def total_hours(self) -> Decimal:
        return sum((entry.hours for entry in self.entries), Decimal("0"))

    def is_valid(self) -> bool:
        return all([row.form.is_valid() for row in self.rows])

    @property
    def errors(self) -> list[tuple[HoursRow, str, str, str]]:
        """``(row, field id, field label, message)`` for the error summary."""
        found = []
        for row in self.rows:
            for name, messages in row.form.errors.items():
                field = row.form[name] if name in row.form.fields else None
                for message in messages:
                    found.append(
                        (
                            row,
                            field.id_for_label if field else "",
                            str(field.label) if field else "",
                            message,
                        )
                    )
        return found

    def decisions(self) -> list[HourDecision]:
        return [row.form.to_decision() for row in self.rows]

    def confirm_all(self) -> list[HourDecision]:
        return [HourDecision(entry_id=entry.pk, confirm=True) for entry in self.entries]


def parse_entry_ids(value: str) -> list[int]:
    """The entry ids a form was shown with (``"3,5,8"``); ``ValueError`` when malformed."""
    ids = [int(part) for part in value.split(",") if part.strip()]
    if not ids or len(ids) != len(set(ids)) or len(ids) > 500:
        raise ValueError(value)
    return ids


# --- Feedback ------------------------------------------------------------------------------------

SCALE_CHOICES = [(value, str(value)) for value in range(1, 6)]


def _scale(label: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class _FeedbackForm(forms.Form):
    questions: tuple[str, ...] = ()
    empty_message: Any = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answered = any(cleaned.get(name) is not None for name in self.questions)
        if not answered and not cleaned.get("text", "").strip() and not self.errors:
            raise ValidationError(self.empty_message, code="empty")
        return cleaned

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in self.questions},
            "text": data.get("text", "").strip(),
        }


class NewcomerFeedbackForm(_FeedbackForm):
    """The newcomer's four questions; labels and messages in the form's own language."""

    questions = feedback_texts.QUESTIONS

    felt_welcome = _scale()
    practised_dutch = _scale()
    met_new_people = _scale()
    wants_to_continue = _scale()
    text = forms.CharField(
        required=False, max_length=FEEDBACK_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, texts: feedback_texts.FormTexts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        self.empty_message = texts["error_empty"]
        for name in self.questions:
            self.fields[name].label = texts[name]
            self.fields[name].error_messages["invalid_choice"] = texts["error_empty"]
        self.fields["text"].label = texts["text_label"]
        self.fields["text"].error_messages["max_length"] = texts["error_text_long"]


class PartnerFeedbackForm(_FeedbackForm):
    """The partner's three questions (1–5) and a text."""

    questions = ("fit", "counsellor_contact", "would_host_again")
    empty_message = _("Answer at least one question, or write a few words.")

    fit = _scale(_("The activity suited the newcomer."))
    counsellor_contact = _scale(_("The contact with the trajectory counsellor went well."))
    would_host_again = _scale(_("We would host a newcomer again."))
    text = forms.CharField(
        label=_("Anything else the network should know?"),
        required=False,
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


#: The labels of the five faces on the partner's form (the newcomer's come from feedback_texts).
PARTNER_SCALE_LABELS = [
    (1, _("Not at all")),
    (2, _("Not really")),
    (3, _("Partly")),
    (4, _("Yes")),
    (5, _("Yes, very much")),
]


# --- Scales (the faces) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    name: str
    legend: str
    icon: str
    options: list[tuple[int, str]]
    value: int | None
    errors: list[str]

    @property
    def low(self) -> str:
        return self.options[0][1]

    @property
    def high(self) -> str:
        return self.options[-1][1]


def scales_of(form: Any, options: list[tuple[int, Any]]) -> list[Scale]:
    """The questions of a feedback form as rows of five faces, with the answer given so far."""
    scales = []
    for name in form.questions:
        bound = form[name]
        try:
            value = int(bound.value()) if bound.value() not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        scales.append(
            Scale(
                name=name,
                legend=str(bound.label),
                icon=name,
                options=[(number, str(label)) for number, label in options],
                value=value,
                errors=[str(e) for e in bound.errors],
            )
        )
    return scales
