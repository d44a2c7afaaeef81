"""The contact point directory of the current region, on a page and as a spreadsheet."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from participatienet import exports
from participatienet.accounts import audit, policy
from participatienet.network import contacts
from participatienet.network.contact_forms import ContactDirectoryFilterForm
from participatienet.network.models import ContactPoint, Organisation
from participatienet.offers.models import Offer
from participatienet.paging import paginate
from participatienet.regions.models import Municipality, Region

#: Lines per page: a region with hundreds of organisations stays readable.
PAGE_SIZE = 50

#: The contact details a directory line shows (named in the audit log).
CONTACT_FIELDS = ["name", "function", "email", "phone"]


def _directory_region(request: HttpRequest) -> Region | None:
    """The current region, once the user may use its directory (403 otherwise)."""
    region = getattr(request, "region", None)
    policy.require(request.user, "contact_directory.view", region)
    return region


def _form(request: HttpRequest, region: Region) -> ContactDirectoryFilterForm:
    return ContactDirectoryFilterForm(
        request.GET,
        municipalities=Municipality.objects.filter(region=region).order_by("name"),
    )


def _directory(user: Any, region: Region, filters: contacts.DirectoryFilters) -> contacts.Directory:
    return contacts.build_directory(
        region,
        organisations=policy.visible(user, Organisation.objects.all()),
        contact_points=policy.visible(user, ContactPoint.objects.all()),
        offers=policy.visible(user, Offer.objects.all()),
        filters=filters,
    )


def _chosen_view(request: HttpRequest) -> str:
    """The grouping asked for, or the default (also while the filters are being corrected)."""
    view = request.GET.get("view", "")
    return view if view in contacts.VIEWS else contacts.VIEWS[0]


def _query(request: HttpRequest, drop: tuple[str, ...] = (), **values: object) -> str:
    """The current query string without ``drop`` and with ``values``."""
    query: QueryDict = request.GET.copy()
    for key in (*drop, *values):
        query.pop(key, None)
    for key, value in values.items():
        query[key] = str(value)
    return query.urlencode()


def _page_context(
    request: HttpRequest, directory: contacts.Directory, filters: contacts.DirectoryFilters
) -> dict[str, Any]:
    paged = paginate(request, directory.rows, per_page=PAGE_SIZE)
    page = paged["page"]
    first = page.start_index() - 1
    continued = (
        bool(page.object_list)
        and first > 0
        and (directory.rows[first - 1].group == directory.rows[first].group)
    )
    group_filter = "theme" if filters.view == "theme" else "municipality"
    return {
        **paged,
        "directory": directory,
        "continued_group": directory.rows[first].group if continued else None,
        "overview": [
            (group, _query(request, drop=("page",), **{group_filter: group.key}))
            for group in directory.groups
        ],
    }


@login_required
def contact_directory(request: HttpRequest) -> HttpResponse:
    region = _directory_region(request)
    context: dict[str, Any] = {
        "region": region,
        "directory": None,
        "view": _chosen_view(request),
        "tabs": [],
    }
    status = 200
    if region is not None:
        form = _form(request, region)
        context["form"] = form
        if form.is_valid():
            filters = form.filters()
            directory = _directory(request.user, region, filters)
            context.update(_page_context(request, directory, filters), view=filters.view)
            shown = contacts.contact_count(context["page"].object_list)
            if shown:
                audit.record(
                    actor=request.user,
                    action="contactpoint.viewed",
                    obj=region,
                    fields=CONTACT_FIELDS,
                    detail=f"{shown} contact points in the contact directory ({filters.view})",
                )
        else:
            status = 400
        context["tabs"] = [
            (key, _query(request, drop=("page",), view=key)) for key in contacts.VIEWS
        ]
        context["export_query"] = _query(request, drop=("page", "format"))
    return render(request, "network/contact_directory.html", context, status=status)


@login_required
def contact_directory_export(request: HttpRequest) -> HttpResponse:
    region = _directory_region(request)
    format = request.GET.get("format", "")
    context: dict[str, Any] = {
        "region": region,
        "directory": None,
        "view": _chosen_view(request),
        "tabs": [],
    }
    if region is None:
        return render(request, "network/contact_directory.html", context, status=400)
    form = _form(request, region)
    context["form"] = form
    valid = form.is_valid()
    if format not in exports.FORMATS:
        form.add_error(None, _("Choose CSV or XLSX as the file format of the export."))
        valid = False
    if not valid:
        context["tabs"] = [
            (key, _query(request, drop=("page", "format"), view=key)) for key in contacts.VIEWS
        ]
        context["export_query"] = _query(request, drop=("page", "format"))
        return render(request, "network/contact_directory.html", context, status=400)
    filters = form.filters()
    directory = _directory(request.user, region, filters)
    audit.record(
        actor=request.user,
        action="contactpoint.exported",
        obj=region,
        fields=CONTACT_FIELDS,
        detail=f"{directory.contact_count} contact points ({filters.view}, {format})",
    )
    group_header = _("Theme") if filters.view == "theme" else _("Municipality")
    headers = [
        group_header,
        _("Organisation"),
        _("Kind"),
        _("Name"),
        _("Function"),
        _("E-mail address"),
        _("Phone"),
        _("Direct contact point"),
    ]
    grouping = "per-thema" if filters.view == "theme" else "per-gemeente"
    stem = f"contactpunten-{region.slug}-{grouping}"
    return exports.response(
        format, stem, headers, contacts.export_rows(directory), title=_("Contact points")
    )
