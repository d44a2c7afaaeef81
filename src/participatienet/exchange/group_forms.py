"""Forms of the groups and the report of a learning day: forming groups, moving someone,
reporters, rooms, pair rules, insights (by the reporter's link and by the programme team),
merging, and the report's status."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participatienet.exchange.choices import (
    InsightKind,
    InsightTheme,
    PairKind,
    ReportStatus,
)
from participatienet.exchange.models import Registration
from participatienet.exchange.report_services import MAX_QUOTE, MAX_TEXT, MAX_THEMES
from participatienet.exports import FORMATS


def split_rooms(value: str) -> list[str]:
    """Rooms typed one per line or separated by commas or semicolons."""
    return [room.strip() for room in re.split(r"[\n,;]+", value or "") if room.strip()]


class RoomsField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Rooms"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault(
            "help_text",
            _(
                "Spread the groups over these rooms in turn: one per line or separated by "
                "commas. Empty: the room of the table or of the session."
            ),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class FormGroupsForm(forms.Form):
    replace = forms.BooleanField(
        label=_("Yes, replace the groups that are there now"),
        required=False,
        help_text=_("Moves by hand and reporters of the current groups are lost."),
    )
    rooms = RoomsField()

    def __init__(self, *args: Any, has_plan: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_plan = has_plan

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_plan and not data.get("replace"):
            self.add_error(
                "replace",
                ValidationError(
                    _("This session has groups already. Tick the box to replace them."),
                    code="confirm",
                ),
            )
        return data

    @property
    def room_list(self) -> list[str]:
        return split_rooms(self.cleaned_data.get("rooms", ""))


class RoomsForm(forms.Form):
    rooms = RoomsField()

    @property
    def room_list(self) -> list[str]:
        return split_rooms(self.cleaned_data.get("rooms", ""))


class MoveForm(forms.Form):
    """Move one person in one round; ``options`` maps round numbers to the group ids of that
    round, ``placed`` holds (round, registration id) of everyone in the plan."""

    registration = forms.IntegerField(min_value=1)
    round = forms.IntegerField(min_value=1)
    group = forms.IntegerField(label=_("Move to"), min_value=1)

    def __init__(
        self,
        *args: Any,
        options: dict[int, list[tuple[int, str]]],
        placed: set[tuple[int, int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.placed = placed

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number, registration, group = data.get("round"), data.get("registration"), data.get("group")
        if number is None or registration is None or group is None:
            return data
        if (number, registration) not in self.placed:
            raise ValidationError(_("This person is not in a group of this round."), code="member")
        if group not in {pk for pk, _label in self.options.get(number, [])}:
            raise ValidationError(_("Choose a group of the same round."), code="group")
        return data


class ReporterForm(forms.Form):
    registration = forms.TypedChoiceField(
        label=_("Reporter"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, members: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = [
            ("", _("Nobody")),
            *((r.pk, r.name) for r in members),
        ]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        region = obj.region.name if obj.region else _("no region")
        return f"{obj.name} ({obj.organisation_name}, {region})"


class PairRuleForm(forms.Form):
    a = PersonChoiceField(label=_("First person"), queryset=Registration.objects.none())
    kind = forms.ChoiceField(label=_("Rule"), choices=PairKind.choices, widget=forms.RadioSelect)
    b = PersonChoiceField(label=_("Second person"), queryset=Registration.objects.none())
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=200,
        help_text=_("For example: colleagues who see each other every week."),
    )

    def __init__(self, *args: Any, registrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = list(registrations)
        for name in ("a", "b"):
            field = self.fields[name]
            field.queryset = registrations
            field.choices = [("", "—"), *((r.pk, field.label_from_instance(r)) for r in people)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        a, b = data.get("a"), data.get("b")
        if a is not None and b is not None and a.pk == b.pk:
            self.add_error(
                "b",
                ValidationError(
                    _("A person cannot be paired with themself. Choose two different people."),
                    code="same_person",
                ),
            )
        return data


class InsightForm(forms.Form):
    """An insight, bottleneck or idea, with its themes and an optional quote; ``members`` are
    the group's members, who may be quoted."""

    kind = forms.ChoiceField(
        label=_("What is it?"), choices=InsightKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a few sentences, as the group said it."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=InsightTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At most three."),
    )
    quote = forms.CharField(
        label=_("A quote"),
        required=False,
        max_length=MAX_QUOTE,
        help_text=_("Something someone said, in their words. Optional."),
    )
    quoted = forms.TypedChoiceField(
        label=_("Who said it?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Their name appears in the report only if they agreed to it when they registered. "
            "Otherwise the quote is anonymous."
        ),
    )

    def __init__(self, *args: Any, members: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {r.pk: r for r in members}
        self.fields["quoted"].choices = [
            ("", _("Not said / anonymous")),
            *((r.pk, r.name) for r in members),
        ]

    @classmethod
    def initial_for(cls, insight: Any) -> dict[str, Any]:
        return {
            "kind": insight.kind,
            "text": insight.text,
            "themes": list(insight.themes),
            "quote": insight.quote,
            "quoted": insight.quoted_id,
        }

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def clean_themes(self) -> list[str]:
        themes = self.cleaned_data["themes"]
        if len(themes) > MAX_THEMES:
            raise ValidationError(_("Choose at most three themes."), code="themes")
        return themes

    def insight_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "themes": data.get("themes") or [],
            "quote": data.get("quote") or "",
            "quoted": self.members.get(data.get("quoted")),
        }


class InsightIdForm(forms.Form):
    insight = forms.IntegerField(min_value=1)


class HideForm(forms.Form):
    hidden = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class MergeForm(forms.Form):
    insights = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["insights"].choices = [(pk, pk) for pk in ids]

    def clean_insights(self) -> list[int]:
        chosen = self.cleaned_data["insights"]
        if len(chosen) < 2:
            raise ValidationError(_("Tick at least two insights to merge."), code="few")
        return chosen


class ReportStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ReportStatus.choices)


class IntroductionForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines above the report: what the day was about, what stands out."),
    )


class GroupExportForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in FORMATS])
