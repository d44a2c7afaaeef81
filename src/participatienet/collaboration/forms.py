from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from participatienet.collaboration import services
from participatienet.collaboration.choices import DONT_KNOW, StakeholderGroup
from participatienet.collaboration.models import Dimension
from participatienet.collaboration.selectors import Candidate
from participatienet.widgets import DateInput

#: How long a new wave is open by default.
DEFAULT_WAVE_DAYS = 21


# --- Waves ---------------------------------------------------------------------------------------


class WaveForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput(),
        help_text=_("Answers are taken up to and with this day."),
    )

    @classmethod
    def initial_for(cls, region: Any, today: dt.date | None = None) -> dict[str, Any]:
        today = today or timezone.localdate()
        season = _("spring") if today.month <= 6 else _("autumn")
        return {
            "title": _("Collaboration scan %(region)s, %(season)s %(year)s")
            % {"region": region.name if region else "", "season": season, "year": today.year},
            "opens_on": today,
            "closes_on": today + dt.timedelta(days=DEFAULT_WAVE_DAYS),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on:
            if closes_on < opens_on:
                self.add_error("closes_on", _("The closing day cannot come before the opening."))
            elif closes_on < timezone.localdate():
                self.add_error("closes_on", _("The closing day has already passed."))
            elif (closes_on - opens_on).days > services.MAX_WAVE_DAYS:
                self.add_error(
                    "closes_on",
                    _("A wave is open for at most %(days)s days.")
                    % {"days": services.MAX_WAVE_DAYS},
                )
        return data


_SEPARATORS = re.compile(r"[\s,;]+")


class InviteForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("People of the region"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addresses = forms.CharField(
        label=_("Other e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One address per line (or separated by commas)."),
    )
    group = forms.ChoiceField(
        label=_("Group of these addresses"),
        required=False,
        choices=[("", _("Choose a group")), *StakeholderGroup.choices],
        help_text=_("Only the group is kept with the answers."),
    )

    def __init__(self, *args: Any, candidates: Sequence[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {c.value: c for c in candidates if not c.invited}
        self.fields["people"].choices = [(c.value, c.email) for c in self.candidates.values()]

    def clean_addresses(self) -> list[str]:
        raw = [part for part in _SEPARATORS.split(self.cleaned_data.get("addresses") or "") if part]
        emails, bad = [], []
        for part in raw:
            try:
                emails.append(services.clean_email(part))
            except ValidationError:
                bad.append(part)
        if bad:
            raise ValidationError(
                ngettext(
                    "This is not an e-mail address: %(list)s",
                    "These are not e-mail addresses: %(list)s",
                    len(bad),
                )
                % {"list": ", ".join(bad[:10])}
            )
        return emails

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        emails = data.get("addresses") or []
        if emails and not data.get("group"):
            self.add_error("group", _("Choose the group of the addresses you typed."))
        people = data.get("people") or []
        if not self.errors and not people and not emails:
            raise ValidationError(_("Choose at least one person or type an e-mail address."))
        count = len(people) + len(emails)
        if count > services.MAX_INVITEES:
            raise ValidationError(
                _("Invite at most %(count)s people at a time.") % {"count": services.MAX_INVITEES}
            )
        return data

    def invitees(self) -> list[services.Invitee]:
        chosen = [self.candidates[value] for value in self.cleaned_data.get("people") or []]
        found = [services.Invitee(email=c.email, group=c.group) for c in chosen]
        group = self.cleaned_data.get("group")
        found += [
            services.Invitee(email=email, group=group)
            for email in self.cleaned_data.get("addresses") or []
        ]
        return found


# --- Versions ------------------------------------------------------------------------------------


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_("A line for the list of versions, e.g. 'clearer statements on ownership'."),
    )


class DimensionForm(forms.Form):
    """A dimension of a draft version: its texts, 2-4 statements and the open question."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=Dimension._meta.get_field("key").help_text,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Short explanation"), max_length=300, required=False)
    order = forms.IntegerField(label=_("Position"), min_value=0, max_value=999)
    statement_1 = forms.CharField(label=_("Statement 1"), max_length=300, required=False)
    statement_2 = forms.CharField(label=_("Statement 2"), max_length=300, required=False)
    statement_3 = forms.CharField(label=_("Statement 3"), max_length=300, required=False)
    statement_4 = forms.CharField(label=_("Statement 4"), max_length=300, required=False)
    question = forms.CharField(label=_("Open question"), max_length=300)

    STATEMENT_FIELDS = ("statement_1", "statement_2", "statement_3", "statement_4")

    def __init__(self, *args: Any, with_key: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_key:
            del self.fields["key"]

    @classmethod
    def initial_for(cls, dimension: Dimension) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": dimension.title,
            "description": dimension.description,
            "order": dimension.order,
            "question": getattr(getattr(dimension, "open_question", None), "text", ""),
        }
        for name, statement in zip(
            cls.STATEMENT_FIELDS, dimension.statements.order_by("order", "pk"), strict=False
        ):
            initial[name] = statement.text
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        texts = [data.get(name, "").strip() for name in self.STATEMENT_FIELDS]
        filled = [text for text in texts if text]
        if not services.MIN_STATEMENTS <= len(filled) <= services.MAX_STATEMENTS:
            raise ValidationError(_("Write two to four statements."))
        data["statements"] = filled
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {
            "title": data["title"],
            "description": data["description"],
            "question": data["question"],
            "statements": data["statements"],
            "order": data["order"],
        }
        if "key" in self.fields:
            kwargs["key"] = data["key"]
        return kwargs


# --- Answering -----------------------------------------------------------------------------------

SCALE_LABELS = (
    (1, _("strongly disagree")),
    (2, _("disagree")),
    (3, _("neither agree nor disagree")),
    (4, _("agree")),
    (5, _("strongly agree")),
)


class AnswerForm(forms.Form):
    """The answers to one version of the scan: a choice per statement (``s<id>``: 1-5 or
    "dk"), a text per open question (``q<id>``), and ``action`` (draft or submit). Built from
    the version's dimensions; rendered by hand in the template."""

    action = forms.ChoiceField(choices=[("draft", "draft"), ("submit", "submit")])

    def __init__(self, *args: Any, dimensions: Sequence[Dimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        choices = [(str(value), label) for value, label in SCALE_LABELS]
        choices.append((DONT_KNOW, _("don't know")))
        for dimension in self.dimensions:
            for statement in dimension.statements.all():
                self.fields[f"s{statement.pk}"] = forms.ChoiceField(
                    label=statement.text, choices=choices, required=False
                )
            question = getattr(dimension, "open_question", None)
            if question is not None:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=services.MAX_OPEN_ANSWER,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    @property
    def submit(self) -> bool:
        return self.cleaned_data.get("action") == "submit"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "submit":
            missing = [name for name in self.fields if name.startswith("s") and not data.get(name)]
            for name in missing:
                self.add_error(name, _("Choose an answer, or 'don't know'."))
        return data

    def scores(self) -> dict[int, int | None]:
        found: dict[int, int | None] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("s") and value:
                found[int(name[1:])] = None if value == DONT_KNOW else int(value)
        return found

    def texts(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and value and value.strip()
        }

    @classmethod
    def initial_from(cls, scores: dict[int, int | None], texts: dict[int, str]) -> dict[str, str]:
        initial = {
            f"s{pk}": DONT_KNOW if score is None else str(score) for pk, score in scores.items()
        }
        initial.update({f"q{pk}": text for pk, text in texts.items()})
        return initial
