"""Forms of the practice library: a practice, its status changes, interest of another region
and the library's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participatienet.offers.schedule import bits_of_mask, mask_of_bits
from participatienet.practices import selectors
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.models import Practice, PracticeInterest
from participatienet.practices.services import MAX_LINKS
from participatienet.regions.models import Region

#: Shortest texts that still say something.
MIN_TEXT = 20


class ContactPointField(forms.ModelChoiceField):
    """A contact point by name, function and organisation, grouped by organisation."""

    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.name, obj.function, obj.email]
        return " · ".join(part for part in parts if part)


def _grouped_contacts(queryset: QuerySet) -> list[tuple[Any, Any]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    field = ContactPointField(queryset=queryset)
    for contact in queryset:
        groups.setdefault(contact.organisation.name, []).append(
            (contact.pk, field.label_from_instance(contact))
        )
    return [("", "—"), *groups.items()]


class PracticeForm(forms.Form):
    """Create or change a practice. ``regions`` are those the user may create practices for
    (on create); on edit the region is fixed. ``region`` is the region whose contact points
    can be chosen."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        help_text=_("The region whose network worked out the practice."),
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    main_theme = forms.TypedChoiceField(
        label=_("Main theme"),
        choices=[("", "—"), *PracticeTheme.choices],
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose the main theme.")},
        help_text=_("The printable guide prints the practice under its main theme."),
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Other themes"),
        choices=PracticeTheme.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The practice is found under these themes too."),
    )
    what = forms.CharField(
        label=_("What"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What the practice is, in a few sentences."),
    )
    why = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The question or bottleneck it answers."),
    )
    how = forms.CharField(
        label=_("How"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=6000,
        help_text=_("How it works: the steps, who does what, what it takes."),
    )
    lessons = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text=_("What went well, what you would do differently, tips for another region."),
    )
    contact = ContactPointField(
        label=_("Contact point in the network"),
        queryset=None,
        required=False,
        help_text=_("Someone of an organisation of the region who can tell more."),
    )
    contact_name = forms.CharField(
        label=_("Or: name of a contact outside the network"), max_length=120, required=False
    )
    contact_email = forms.EmailField(
        label=_("E-mail address of that contact"), max_length=254, required=False
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region] | None = None,
        practice: Practice | None = None,
        region: Region | None = None,
        **kwargs: Any,
    ) -> None:
        self.practice = practice
        if practice is not None:
            kwargs.setdefault("initial", self.initial_for(practice))
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_LINKS + 1):
            self.fields[f"link_label_{number}"] = forms.CharField(
                label=_("Label of link %(number)s") % {"number": number},
                max_length=120,
                required=False,
            )
            self.fields[f"link_url_{number}"] = forms.URLField(
                label=_("Web address of link %(number)s") % {"number": number},
                max_length=500,
                required=False,
                assume_scheme="https",
            )
        if practice is not None:
            del self.fields["region"]
            self.contact_region: Region | None = practice.region
        else:
            self.fields["region"].queryset = regions
            if self.is_bound:
                raw = str(self.data.get("region") or "")
                region = regions.filter(pk=raw).first() if raw.isdigit() else None
            self.contact_region = region
        contacts = selectors.contact_choices(self.contact_region)
        self.fields["contact"].queryset = contacts
        choices = _grouped_contacts(contacts)
        self.fields["contact"].choices = choices
        self.has_contacts = len(choices) > 1

    @staticmethod
    def initial_for(practice: Practice) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": practice.title,
            "main_theme": practice.main_theme,
            "themes": [
                bit for bit in bits_of_mask(practice.themes_mask) if bit != practice.main_theme
            ],
            "what": practice.what,
            "why": practice.why,
            "how": practice.how,
            "lessons": practice.lessons,
            "contact": practice.contact_id,
            "contact_name": practice.contact_name,
            "contact_email": practice.contact_email,
        }
        for number, link in enumerate(practice.links.all(), start=1):
            initial[f"link_label_{number}"] = link.label
            initial[f"link_url_{number}"] = link.url
        return initial

    @property
    def link_rows(self) -> list[tuple[Any, Any]]:
        """The bound label and web address fields of each link, for the template."""
        return [
            (self[f"link_label_{number}"], self[f"link_url_{number}"])
            for number in range(1, MAX_LINKS + 1)
        ]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def _clean_text(self, name: str, message: str) -> str:
        text = self.cleaned_data[name].strip()
        if len(text) < MIN_TEXT:
            raise ValidationError(message, code="short")
        return text

    def clean_what(self) -> str:
        return self._clean_text("what", _("Say what the practice is (at least 20 characters)."))

    def clean_why(self) -> str:
        return self._clean_text("why", _("Say why you started it (at least 20 characters)."))

    def clean_how(self) -> str:
        return self._clean_text("how", _("Say how it works (at least 20 characters)."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        contact = data.get("contact")
        name = " ".join((data.get("contact_name") or "").split())
        email = (data.get("contact_email") or "").strip()
        data["contact_name"], data["contact_email"] = name, email
        if "contact" not in self.errors and "contact_email" not in self.errors:
            if contact is not None and (name or email):
                self.add_error(
                    "contact_name",
                    _("Choose a contact point of the network, or give another contact: not both."),
                )
            elif contact is None and not (name and email):
                self.add_error(
                    "contact",
                    _(
                        "Choose a contact point of the network, or give the name and e-mail "
                        "address of another contact."
                    ),
                )
        region = data.get("region") if self.practice is None else self.contact_region
        if (
            contact is not None
            and region is not None
            and contact.organisation.region_id != region.pk
        ):
            self.add_error("contact", _("Choose a contact point of the region."))
        for number in range(1, MAX_LINKS + 1):
            label = " ".join((data.get(f"link_label_{number}") or "").split())
            url = data.get(f"link_url_{number}") or ""
            data[f"link_label_{number}"] = label
            if f"link_url_{number}" in self.errors:
                continue
            if url and not label:
                self.add_error(f"link_label_{number}", _("Give the link a label."))
            elif label and not url:
                self.add_error(f"link_url_{number}", _("Give the web address of the link."))
        return data

    def practice_fields(self) -> dict[str, Any]:
        """The cleaned data as the keyword arguments of ``services.create_practice`` and
        ``update_practice`` (without the region)."""
        data = self.cleaned_data
        links = []
        for number in range(1, MAX_LINKS + 1):
            label, url = data.get(f"link_label_{number}"), data.get(f"link_url_{number}")
            if label and url:
                links.append((label, url))
        return {
            "title": data["title"],
            "main_theme": data["main_theme"],
            "themes_mask": mask_of_bits([data["main_theme"], *data["themes"]]),
            "what": data["what"],
            "why": data["why"],
            "how": data["how"],
            "lessons": data["lessons"].strip(),
            "contact": data["contact"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "links": links,
        }


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", "publish"), ("archive", "archive"), ("reopen", "reopen")]
    )


class InterestForm(forms.Form):
    """Another region wants to try the practice; ``regions`` are those the user may mark for."""

    region = forms.ModelChoiceField(label=_("For the region"), queryset=None, empty_label=None)
    note = forms.CharField(
        label=_("Note for the region of the practice"),
        max_length=PracticeInterest._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: what you want to know, or when you would like to talk."),
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class WithdrawForm(forms.Form):
    region = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


# --- The library ---------------------------------------------------------------------------------


class LibraryFilterForm(forms.Form):
    """The library's filters, all by GET parameters so every filtered list has a URL."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=None, empty_label=_("All regions")
    )
    theme = forms.TypedChoiceField(
        label=_("Theme"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All themes")), *PracticeTheme.choices],
    )
    interest = forms.BooleanField(label=_("Only what my region wants to try"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Published")),
            (selectors.ALL_STATUSES, _("All statuses")),
            *[(v, label) for v, label in PracticeStatus.choices if v != PracticeStatus.PUBLISHED],
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("title", _("title")),
            ("interest", _("most interest")),
        ],
    )

    def __init__(
        self, *args: Any, show_status: bool, my_region: Region | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.my_region = my_region
        if my_region is None:
            del self.fields["interest"]
        else:
            self.fields["interest"].label = _("Only what %(region)s wants to try") % {
                "region": my_region.name
            }
        if not show_status:
            del self.fields["status"]

    def filters(self) -> selectors.LibraryFilters:
        data = self.cleaned_data
        interest_of: frozenset[int] = frozenset()
        if data.get("interest") and self.my_region is not None:
            interest_of = frozenset({self.my_region.pk})
        return selectors.LibraryFilters(
            text=data.get("q") or "",
            region=data.get("region"),
            theme=data.get("theme"),
            interest_of=interest_of,
            status=data.get("status") or PracticeStatus.PUBLISHED,
            sort=data.get("sort") or "newest",
        )
