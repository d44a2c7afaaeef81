"""Forms of action plans, goals, actions, the board and the timeline.

Choices are limited to the plan's region (its organisations, municipalities, waves and actions)
and to the dimensions of the current scan version; anything else is refused as an invalid
choice. A goal tied to a measure is checked with ``goal_measures.goal_problems``, so the form
says what is wrong before the service refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatienet.collaboration import goal_measures
from participatienet.collaboration.choices import (
    ActionStatus,
    Comparator,
    GoalStatus,
    MilestoneKind,
    PlanStatus,
)
from participatienet.widgets import DateInput

#: Messages for ``plan_services.PlanError`` codes and ``goal_measures`` problems.
ERRORS = {
    "dates": _("The end of the period cannot come before its start."),
    "too_long": _("A plan covers three years at most; make a plan per period."),
    "organisation_region": _("Choose an organisation of the plan's region."),
    "status": _("Choose one of the statuses."),
    "title": _("Give it a title."),
    "measure_unknown": _("Choose one of the measures."),
    "comparator": _("Choose whether the measure must be at least or at most the target."),
    "target_missing": _("Give the number the measure must reach."),
    "target_share": _("A share is a percentage: give a number from 0 to 100."),
    "target_score": _("A scan mean lies between 1 and 5: give a number from 1 to 5."),
    "target_count": _("A count is a whole number of 0 or more."),
    "target_days": _("Give a number of days from 0 to 3650."),
    "municipality_missing": _("This measure counts per municipality: choose the municipality."),
    "municipality_region": _("Choose a municipality of the plan's region."),
    "dimension_missing": _("This measure is a dimension of the scan: choose the dimension."),
    "dimension_unknown": _("Choose a dimension of the current version of the scan."),
    "parameter_unused": _(
        "This measure takes no municipality or dimension: leave that choice empty."
    ),
    "owner_missing": _("Choose the organisation that owns the action."),
    "owner_region": _("Choose an organisation of the plan's region."),
    "goal_plan": _("Choose a goal of this plan."),
    "kind": _("Choose high, low or turning point."),
    "wave_region": _("Choose a wave of this region."),
    "action_region": _("Choose an action of this region."),
}

#: The form field that a problem code belongs to.
PROBLEM_FIELDS = {
    "measure_unknown": "measure",
    "comparator": "comparator",
    "target_missing": "target_value",
    "target_share": "target_value",
    "target_score": "target_value",
    "target_count": "target_value",
    "target_days": "target_value",
    "municipality_missing": "municipality",
    "municipality_region": "municipality",
    "dimension_missing": "dimension_key",
    "dimension_unknown": "dimension_key",
    "owner_region": "owner",
    "owner_missing": "owner",
    "goal_plan": "goal",
    "organisation_region": "lead_organisation",
    "dates": "ends_on",
    "too_long": "ends_on",
    "wave_region": "wave",
    "action_region": "action",
    "kind": "kind",
    "title": "title",
}


def error_text(code: str) -> str:
    return str(ERRORS.get(code, _("This is not possible now.")))


def add_problem(form: forms.Form, code: str) -> None:
    """Put the message of ``code`` on its field (or on the form)."""
    name = PROBLEM_FIELDS.get(code)
    form.add_error(name if name in form.fields else None, error_text(code))


def _organisation_label(organisation: Any) -> str:
    return organisation.name


# --- Plans ---------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    ambition = forms.CharField(
        label=_("Shared ambition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where do we want to go together in this period?"),
    )
    starts_on = forms.DateField(label=_("Period starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Period ends on"), widget=DateInput())
    lead_organisation = forms.ModelChoiceField(
        label=_("Organisation that leads this period"),
        queryset=None,
        required=False,
        help_text=_("Taking turns at the front: a partner takes the lead for one period."),
    )
    next_lead_organisation = forms.ModelChoiceField(
        label=_("Organisation that leads the next period"),
        queryset=None,
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)

    def __init__(self, *args: Any, organisations: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_organisation", "next_lead_organisation"):
            self.fields[name].queryset = organisations
            self.fields[name].label_from_instance = _organisation_label

    @classmethod
    def initial_for(cls, today: dt.date | None = None) -> dict[str, Any]:
        today = today or timezone.localdate()
        start = dt.date(today.year, 1, 1)
        return {
            "title": _("Action plan %(year)s") % {"year": today.year},
            "starts_on": start,
            "ends_on": dt.date(today.year, 12, 31),
            "status": PlanStatus.ACTIVE,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", error_text("dates"))
        return data


# --- Goals ---------------------------------------------------------------------------------------


def measure_choices() -> list[tuple[str, Any]]:
    return [("", _("Not tied to a measure"))] + [
        (spec.key, spec.label) for spec in goal_measures.MEASURES.values()
    ]


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    target = forms.CharField(
        label=_("Target in words"),
        max_length=200,
        required=False,
        help_text=_("For example: every municipality has a contact point."),
    )
    measure = forms.ChoiceField(
        label=_("Measure"),
        required=False,
        help_text=_(
            "Tie the goal to a figure participatienet computes, and its progress is shown live."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (for a measure per municipality)"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": ERRORS["municipality_region"]},
    )
    dimension_key = forms.ChoiceField(
        label=_("Scan dimension (for a scan measure)"),
        required=False,
        error_messages={"invalid_choice": ERRORS["dimension_unknown"]},
    )
    comparator = forms.ChoiceField(
        label=_("The measure must be"),
        required=False,
        choices=[("", "–"), *Comparator.choices],
    )
    target_value = forms.DecimalField(
        label=_("Target value"),
        required=False,
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "short"}),
        help_text=_("A count, a percentage (0-100), a scan mean (1-5) or a number of days."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet,
        dimensions: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measure_choices()
        self.fields["municipality"].queryset = municipalities
        self.fields["dimension_key"].choices = [("", "–"), *dimensions]
        self.dimension_keys = [key for key, _title in dimensions]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        municipality = data.get("municipality")
        problems = goal_measures.goal_problems(
            measure=data.get("measure") or "",
            comparator=data.get("comparator") or "",
            target_value=data.get("target_value"),
            municipality_id=municipality.pk if municipality is not None else None,
            region_municipality_ids=self.fields["municipality"].queryset.values_list(
                "pk", flat=True
            )
            if municipality is not None
            else (),
            dimension_key=data.get("dimension_key") or "",
            dimension_keys=self.dimension_keys,
        )
        for code in problems:
            add_problem(self, code)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields} | {
            "measure": data.get("measure") or "",
            "dimension_key": data.get("dimension_key") or "",
            "comparator": data.get("comparator") or "",
            "target": data.get("target") or "",
            "description": data.get("description") or "",
        }

    @staticmethod
    def initial_for(goal: Any) -> dict[str, Any]:
        return {
            "title": goal.title,
            "description": goal.description,
            "due_on": goal.due_on,
            "target": goal.target,
            "measure": goal.measure,
            "municipality": goal.municipality_id,
            "dimension_key": goal.dimension_key,
            "comparator": goal.comparator,
            "target_value": goal.target_value,
            "status": goal.status,
        }


# --- Actions -------------------------------------------------------------------------------------


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=None,
        error_messages={"invalid_choice": ERRORS["owner_region"]},
    )
    lead_name = forms.CharField(
        label=_("Lead person"),
        max_length=120,
        required=False,
        help_text=_("Who pulls this action; they need no account."),
    )
    lead_user = forms.ModelChoiceField(
        label=_("Lead person's account"), queryset=None, required=False
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    goal = forms.ModelChoiceField(
        label=_("Goal it works on"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": ERRORS["goal_plan"]},
    )
    dimension_key = forms.ChoiceField(
        label=_("Scan dimension it strengthens"),
        required=False,
        error_messages={"invalid_choice": ERRORS["dimension_unknown"]},
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet,
        goals: QuerySet,
        people: QuerySet,
        dimensions: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations
        self.fields["owner"].label_from_instance = _organisation_label
        self.fields["goal"].queryset = goals
        self.fields["lead_user"].queryset = people
        self.fields["lead_user"].label_from_instance = lambda user: user.full_name or user.email
        self.fields["dimension_key"].choices = [("", "–"), *dimensions]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields} | {
            "dimension_key": data.get("dimension_key") or "",
            "lead_name": data.get("lead_name") or "",
            "description": data.get("description") or "",
        }

    @staticmethod
    def initial_for(action: Any) -> dict[str, Any]:
        return {
            "title": action.title,
            "description": action.description,
            "owner": action.owner_id,
            "lead_name": action.lead_name,
            "lead_user": action.lead_user_id,
            "due_on": action.due_on,
            "status": action.status,
            "goal": action.goal_id,
            "dimension_key": action.dimension_key,
        }


class MoveForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ActionStatus.choices]
    )
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=None, required=False, empty_label=_("All")
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"), queryset=None, required=False, empty_label=_("All")
    )
    overdue = forms.BooleanField(label=_("Only overdue actions"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet, goals: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations
        self.fields["owner"].label_from_instance = _organisation_label
        self.fields["goal"].queryset = goals


# --- Milestones ----------------------------------------------------------------------------------


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=MilestoneKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    text = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    wave = forms.ModelChoiceField(label=_("Wave of the scan"), queryset=None, required=False)
    action = forms.ModelChoiceField(label=_("Action"), queryset=None, required=False)

    def __init__(self, *args: Any, waves: QuerySet, actions: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = waves
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda action: (
            f"{action.title} ({action.plan.title})"
        )

    @staticmethod
    def initial_for(milestone: Any) -> dict[str, Any]:
        return {
            "date": milestone.date,
            "kind": milestone.kind,
            "title": milestone.title,
            "text": milestone.text,
            "wave": milestone.wave_id,
            "action": milestone.action_id,
        }
