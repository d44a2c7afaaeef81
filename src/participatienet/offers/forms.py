"""Forms of the offer catalogue: the offer itself, its status changes and the catalogue filters."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from participatienet.network.models import Organisation
from participatienet.offers import schedule, selectors
from participatienet.offers.choices import (
    DutchLevel,
    Language,
    OfferKind,
    OfferStatus,
    PartOfDay,
    Theme,
    Weekday,
)
from participatienet.offers.models import LATITUDE_RANGE, LONGITUDE_RANGE, Offer, in_belgium
from participatienet.regions.models import Municipality, Region
from participatienet.widgets import DateInput

#: Upper bound of the capacity field (the column holds up to 32,767).
MAX_CAPACITY = 500


def _municipality_choices(municipalities: Iterable[Municipality]) -> list[tuple[str, list]]:
    """Municipalities grouped by region, for a select with option groups."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for municipality in municipalities:
        groups.setdefault(municipality.region.name, []).append((municipality.pk, municipality.name))
    return sorted(groups.items())


class DecimalCommaField(forms.DecimalField):
    """A decimal number written with a comma or a dot (2,5 or 2.5), in every UI language."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip()
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class ContactChoiceField(forms.ModelChoiceField):
    """A contact point by name, function and e-mail (no query per option)."""

    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.name, obj.function, obj.email]
        return " · ".join(part for part in parts if part)


class ScheduleWidget(forms.CheckboxSelectMultiple):
    """The weekly schedule as a table of checkboxes: weekdays × parts of the day."""

    template_name = "offers/widgets/schedule.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        base_id = (attrs or {}).get("id", f"id_{name}")
        rows = []
        for day in Weekday:
            cells = []
            for part in PartOfDay:
                slot = schedule.slot(day.value, part.value)
                cells.append(
                    {
                        "value": slot,
                        "id": f"{base_id}_{slot}",
                        "checked": str(slot) in chosen,
                        "label": f"{day.label} {part.label}",
                    }
                )
            rows.append({"day": day.label, "cells": cells})
        context["widget"]["grid"] = {
            "name": name,
            "rows": rows,
            "parts": [p.label for p in PartOfDay],
        }
        return context


#: When a co-organiser is not an organisation of the offer's region (or serving it).
CO_ORGANISER_ERROR = _(
    "Choose organisations of the offer's region, or serving it, other than the organisation "
    "that runs the offer."
)


class OfferForm(forms.Form):
    """Create or change an offer. ``organisations`` are those the user may create offers for
    (on create); on edit the organisation is fixed."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        help_text=_("The organisation that runs the offer. The offer belongs to its region."),
    )
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Run together with"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Other organisations of the region that run this offer with the organisation. "
            "Hold Ctrl to pick several."
        ),
        error_messages={
            "invalid_choice": CO_ORGANISER_ERROR,
            "invalid_pk_value": CO_ORGANISER_ERROR,
        },
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("In plain Dutch: what happens, with whom, and what to bring. Short sentences."),
    )
    kind = forms.ChoiceField(label=_("Kind of offer"), choices=[("", "—"), *OfferKind.choices])
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )

    # Where
    is_location_flexible = forms.BooleanField(
        label=_("Flexible location: it takes place where it suits, in the municipalities served"),
        required=False,
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        coerce=int,
        empty_value=None,
        help_text=_("Where the activity takes place; for a flexible location, the main one."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Street and number where the activity takes place."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    municipalities_served = forms.TypedMultipleChoiceField(
        label=_("Municipalities served"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("For a flexible location: where it can take place. Hold Ctrl to pick several."),
    )

    # When and how much
    is_schedule_flexible = forms.BooleanField(
        label=_("Flexible schedule: the times are agreed with the newcomer"), required=False
    )
    schedule = forms.TypedMultipleChoiceField(
        label=_("When does it take place?"),
        choices=[(n, str(n)) for n in range(schedule.DAYS * schedule.PARTS)],
        coerce=int,
        required=False,
        widget=ScheduleWidget,
    )
    hours_per_week = DecimalCommaField(
        label=_("Hours per week"),
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        max_digits=4,
        decimal_places=1,
        localize=True,
    )
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks"),
        required=False,
        min_value=1,
        max_value=520,
        help_text=_("Leave empty when the offer has no fixed end."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        error_messages={"min_value": _("An offer has at least one place.")},
        help_text=_("How many newcomers can take part at the same time."),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())

    # For whom
    min_dutch_level = forms.TypedChoiceField(
        label=_("Minimum Dutch level"), choices=DutchLevel.choices, coerce=int
    )
    has_childcare = forms.BooleanField(label=_("Childcare available"), required=False)
    is_wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    is_women_only = forms.BooleanField(label=_("Women-only group"), required=False)
    near_public_transport = forms.BooleanField(
        label=_("Reachable by public transport"), required=False
    )
    is_free = forms.BooleanField(label=_("Free of charge"), required=False)
    cost_note = forms.CharField(
        label=_("Costs or reimbursement"),
        max_length=200,
        required=False,
        help_text=_(
            "Needed when the offer is not free. For example: membership €20 a year, paid back "
            "by the municipality."
        ),
    )
    support_languages = forms.MultipleChoiceField(
        label=_("Support languages besides Dutch"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages someone at the activity can help in, when Dutch is hard."),
    )
    contact = ContactChoiceField(
        label=_("Contact person"),
        queryset=None,
        help_text=_(
            "Receives referrals and confirms hours. Only contact points with an e-mail address "
            "can be chosen."
        ),
    )

    # The two criteria
    attests_dutch_context = forms.BooleanField(
        label=_("The activity happens in Dutch: the newcomer gets the chance to practise Dutch."),
        required=False,
    )
    attests_social_contact = forms.BooleanField(
        label=_(
            "The newcomer meets new people outside their own circle, in a duo or a group, with "
            "a good chance of lasting contacts."
        ),
        required=False,
    )

    #: Model fields written straight from cleaned data.
    DIRECT_FIELDS = (
        "title",
        "description",
        "kind",
        "is_location_flexible",
        "address",
        "latitude",
        "longitude",
        "is_schedule_flexible",
        "hours_per_week",
        "duration_weeks",
        "capacity",
        "start_date",
        "end_date",
        "min_dutch_level",
        "has_childcare",
        "is_wheelchair_accessible",
        "is_women_only",
        "near_public_transport",
        "is_free",
        "cost_note",
        "support_languages",
        "contact",
        "attests_dutch_context",
        "attests_social_contact",
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        offer: Offer | None = None,
        organisation: Any = None,
        **kwargs: Any,
    ) -> None:
        self.offer = offer
        if offer is not None:
            kwargs.setdefault("initial", self.initial_for(offer))
        super().__init__(*args, **kwargs)
        municipalities = list(
            Municipality.objects.select_related("region").order_by("region__name", "name")
        )
        self.municipalities = {m.pk: m for m in municipalities}
        grouped = _municipality_choices(municipalities)
        self.fields["municipality"].choices = [("", "—"), *grouped]
        self.fields["municipalities_served"].choices = grouped
        # The organisation that runs the offer. Not ``self.organisation``: a template asking
        # for ``form.organisation`` would find it where the field itself was removed.
        self.owner: Organisation | None
        if offer is not None:
            del self.fields["organisation"]
            self.owner = offer.organisation
        else:
            self.fields["organisation"].queryset = organisations
            if self.is_bound:
                # The contact points to choose from follow the organisation in the data.
                raw = str(self.data.get("organisation") or "")
                organisation = organisations.filter(pk=raw).first() if raw.isdigit() else None
            self.owner = organisation
        self.fields["contact"].queryset = selectors.contact_choices(self.owner)
        self.fields["co_organisers"].queryset = selectors.co_organiser_choices(self.owner)
        if offer is not None and offer.status != OfferStatus.DRAFT:
            # Past draft, the offer keeps both criteria.
            self.fields["attests_dutch_context"].required = True
            self.fields["attests_social_contact"].required = True

    @staticmethod
    def initial_for(offer: Offer) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(offer, Offer._meta.get_field(name).attname)
            for name in OfferForm.DIRECT_FIELDS
        }
        initial["municipality"] = offer.municipality_id
        initial["themes"] = schedule.bits_of_mask(offer.themes_mask)
        initial["schedule"] = schedule.bits_of_mask(offer.schedule_mask)
        initial["municipalities_served"] = [m.pk for m in offer.municipalities_served.all()]
        initial["co_organisers"] = [o.pk for o in offer.co_organisers.all()]
        # Coordinates that are the municipality's centre were never given: show them empty.
        if (offer.latitude, offer.longitude) == (
            offer.municipality.latitude,
            offer.municipality.longitude,
        ):
            initial["latitude"] = initial["longitude"] = None
        return initial

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < 20:
            raise ValidationError(
                _("Describe the offer in a few sentences (at least 20 characters)."),
                code="short",
            )
        return description

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        served = data.get("municipalities_served") or []
        unknown = [pk for pk in served if pk not in self.municipalities]
        if unknown:
            self.add_error("municipalities_served", _("Choose municipalities from the list."))
        flexible_location = data.get("is_location_flexible")
        if flexible_location:
            if not served:
                self.add_error(
                    "municipalities_served",
                    _("Choose the municipalities where the activity can take place."),
                )
            data["address"] = ""
        else:
            data["municipalities_served"] = []
        if data.get("municipality") and data["municipality"] not in self.municipalities:
            self.add_error("municipality", _("Choose a municipality from the list."))
        self._clean_coordinates(data)
        if not data.get("is_schedule_flexible") and not data.get("schedule"):
            self.add_error(
                "schedule",
                _("Tick when the activity takes place, or choose a flexible schedule."),
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date comes before the start date."))
        if not data.get("is_free") and not (data.get("cost_note") or "").strip():
            self.add_error(
                "cost_note",
                _("Explain what it costs, and whether the costs are paid back."),
            )
        contact = data.get("contact")
        organisation = self.owner
        if contact is not None and organisation and contact.organisation_id != organisation.pk:
            self.add_error("contact", _("The contact person must belong to the organisation."))
        return data

    def _clean_coordinates(self, data: dict[str, Any]) -> None:
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return
        if (latitude is None) != (longitude is None):
            self.add_error(
                "latitude" if latitude is None else "longitude",
                _("Give both coordinates, or none."),
            )
            return
        if latitude is not None and not in_belgium(latitude, longitude):
            self.add_error(
                "latitude",
                _(
                    "The location must lie in Belgium (latitude %(lat_min)s to %(lat_max)s, "
                    "longitude %(lon_min)s to %(lon_max)s)."
                )
                % {
                    "lat_min": LATITUDE_RANGE[0],
                    "lat_max": LATITUDE_RANGE[1],
                    "lon_min": LONGITUDE_RANGE[0],
                    "lon_max": LONGITUDE_RANGE[1],
                },
            )

    def offer_fields(self) -> dict[str, Any]:
        """The cleaned data as the keyword arguments of ``services.create_offer`` and
        ``update_offer``."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.DIRECT_FIELDS}
        fields["municipality"] = self.municipalities[data["municipality"]]
        fields["themes_mask"] = schedule.mask_of_bits(data["themes"])
        fields["schedule_mask"] = (
            0 if data["is_schedule_flexible"] else schedule.mask_of_bits(data["schedule"])
        )
        fields["cost_note"] = (data["cost_note"] or "").strip()
        fields["municipalities_served"] = [
            self.municipalities[pk] for pk in data["municipalities_served"]
        ]
        fields["co_organisers"] = list(data["co_organisers"])
        return fields


class TransitionForm(forms.Form):
    """A status change of an offer, with the coordinator's remarks where they apply."""

    action = forms.ChoiceField(
        choices=[
            ("submit", "submit"),
            ("validate", "validate"),
            ("send_back", "send_back"),
            ("activate", "activate"),
            ("pause", "pause"),
            ("archive", "archive"),
        ]
    )
    remarks = forms.CharField(
        label=_("Remarks for the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "send_back" and not (data.get("remarks") or "").strip():
            self.add_error(
                "remarks", _("Say what the organisation should change before it submits again.")
            )
        return data


# --- The catalogue -------------------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, all by GET parameters so every filtered list has a URL."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=None, empty_label=_("All regions")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), required=False, queryset=None, empty_label=_("Any municipality")
    )
    distance = forms.IntegerField(
        label=_("Within (km)"),
        required=False,
        min_value=1,
        max_value=100,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OfferKind.choices]
    )
    theme = forms.TypedChoiceField(
        label=_("Theme"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All themes")), *Theme.choices],
    )
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day")), *Weekday.choices],
    )
    part = forms.TypedChoiceField(
        label=_("Part of the day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), *PartOfDay.choices],
    )
    level = forms.TypedChoiceField(
        label=_("Dutch level of the newcomer"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *DutchLevel.choices],
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("childcare", _("childcare")),
            ("wheelchair", _("wheelchair access")),
            ("women_only", _("women-only group")),
            ("public_transport", _("by public transport")),
            ("free", _("free of charge")),
        ],
    )
    free = forms.ChoiceField(
        label=_("Places"),
        required=False,
        choices=[
            ("", _("All offers")),
            ("1", _("Only with free places")),
            ("0", _("Only full offers")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Active")),
            (selectors.ALL_STATUSES, _("All statuses")),
            *[(value, label) for value, label in OfferStatus.choices if value != "active"],
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("title", _("title")),
            ("newest", _("newest first")),
            ("nearest", _("nearest first")),
            ("free_places", _("most free places")),
        ],
    )

    def __init__(self, *args: Any, show_status: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        if not show_status:
            del self.fields["status"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("distance") and not data.get("municipality"):
            self.add_error("distance", _("Choose a municipality to search around."))
        if data.get("sort") == "nearest" and not data.get("municipality"):
            self.add_error("sort", _("Choose a municipality to sort by distance."))
        return data

    def filters(self) -> selectors.CatalogueFilters:
        data = self.cleaned_data
        return selectors.CatalogueFilters(
            text=data.get("q") or "",
            region=data.get("region"),
            municipality=data.get("municipality"),
            distance_km=data.get("distance"),
            kind=data.get("kind") or "",
            theme=data.get("theme"),
            weekday=data.get("weekday"),
            part_of_day=data.get("part"),
            max_level=data.get("level"),
            needs=tuple(data.get("needs") or ()),
            free=data.get("free") or "",
            status=data.get("status") or OfferStatus.ACTIVE,
            sort=data.get("sort") or "title",
        )

    @property
    def advanced_used(self) -> bool:
        """Whether any filter beyond the first row is set (the details stay open then)."""
        if not self.is_bound:
            return False
        names = ("weekday", "part", "level", "needs", "free", "status", "sort", "theme", "kind")
        return any(self.data.get(name) for name in names)
