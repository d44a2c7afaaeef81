"""The start page ("my work"): per role the real figures and to-dos of the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participatienet.accounts import policy
from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry, Membership, User
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import ContactPoint, Organisation
from participatienet.regions.models import Municipality, Region
from participatienet.trajectories import link_services
from participatienet.trajectories.choices import ParticipationStatus
from participatienet.trajectories.models import Participation

#: Items of each kind the partner contact's start page lists one by one (the oldest first).
PARTNER_HOME_ITEMS = 3


@dataclass
class Figure:
    label: str
    value: int | None
    url: str = ""


def _figure(label: Callable[[int], str], value: int, url: str = "") -> Figure:
    """A count with its label in the right number: ``label`` calls ``ngettext`` with literal
    texts (so makemessages finds them) for the count."""
    return Figure(label(value), value, url)


@dataclass
class Panel:
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    todos: list[Figure] = field(default_factory=list)


def _organisation_url(**params: object) -> str:
    return reverse("network:organisation_list") + "?" + urlencode(params)


def _admin_panel() -> Panel:
    week_ago = timezone.now() - timedelta(days=7)
    users_without_role = User.objects.filter(is_active=True).exclude(
        pk__in=Membership.objects.current().values("user_id")
    )
    users_url = reverse("accounts:user_list")
    return Panel(
        title=_("Programme"),
        intro=_("All 18 regions of the participation and network trajectory."),
        figures=[
            _figure(
                lambda n: ngettext("region", "regions", n),
                Region.objects.count(),
                reverse("regions:list"),
            ),
            _figure(
                lambda n: ngettext("municipality", "municipalities", n),
                Municipality.objects.count(),
                reverse("regions:list"),
            ),
            _figure(
                lambda n: ngettext("organisation", "organisations", n),
                Organisation.objects.count(),
                reverse("network:organisation_list"),
            ),
            _figure(
                lambda n: ngettext("active user", "active users", n),
                User.objects.filter(is_active=True).count(),
                users_url,
            ),
            _figure(
                lambda n: ngettext(
                    "audit entry in the last 7 days", "audit entries in the last 7 days", n
                ),
                AuditEntry.objects.filter(at__gte=week_ago).count(),
                reverse("accounts:audit_log"),
            ),
        ],
        todos=[
            _figure(
                lambda n: ngettext("active user without a role", "active users without a role", n),
                users_without_role.count(),
                users_url + "?" + urlencode({"role": "none"}),
            ),
        ],
    )


def _region_panel(region: Region, role_label: str) -> Panel:
    organisations = Organisation.objects.filter(region=region)
    totals = organisations.aggregate(
        total=Count("pk"),
        local_governments=Count("pk", filter=Q(kind=OrganisationKind.LOCAL_GOVERNMENT)),
    )
    without_contact = organisations.filter(contact_points__isnull=True).count()
    direct = ContactPoint.objects.filter(organisation__region=region, is_direct=True).count()
    municipality_ids = set(region.municipalities.values_list("pk", flat=True))
    covered = set(
        organisations.exclude(kind=OrganisationKind.LOCAL_GOVERNMENT)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    bare = len(municipality_ids - covered)
    accounts = (
        Membership.objects.current()
        .filter(region=region, role=Role.PARTNER_CONTACT)
        .values("user_id")
        .distinct()
        .count()
    )
    return Panel(
        title=f"{role_label} · {region.name}",
        figures=[
            _figure(
                lambda n: ngettext("municipality", "municipalities", n),
                len(municipality_ids),
                region.get_absolute_url(),
            ),
            _figure(
                lambda n: ngettext("organisation", "organisations", n),
                totals["total"],
                _organisation_url(region=region.pk),
            ),
            _figure(
                lambda n: ngettext("local government", "local governments", n),
                totals["local_governments"],
                _organisation_url(region=region.pk, kind=OrganisationKind.LOCAL_GOVERNMENT),
            ),
            _figure(lambda n: ngettext("direct contact point", "direct contact points", n), direct),
            _figure(
                lambda n: ngettext(
                    "partner contact with an account", "partner contacts with an account", n
                ),
                accounts,
            ),
        ],
        todos=[
            _figure(
                lambda n: ngettext(
                    "organisation without a contact point",
                    "organisations without a contact point",
                    n,
                ),
                without_contact,
                _organisation_url(region=region.pk, without_contact="on"),
            ),
            _figure(
                lambda n: ngettext(
                    "municipality with no organisation besides the local government",
                    "municipalities with no organisation besides the local government",
                    n,
                ),
                bare,
                region.get_absolute_url(),
            ),
        ],
    )


def _organisation_panel(organisation: Organisation, role_label: str) -> Panel:
    contacts = organisation.contact_points.aggregate(
        total=Count("pk"), direct=Count("pk", filter=Q(is_direct=True))
    )
    colleagues = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .values("user_id")
        .distinct()
        .count()
    )
    todos = []
    if contacts["direct"] == 0:
        todos.append(
            Figure(_("No direct contact point yet"), None, organisation.get_absolute_url())
        )
    return Panel(
        title=f"{role_label} · {organisation.name}",
        intro=f"{organisation.municipality.name} · {organisation.region.name}",
        figures=[
            _figure(
                lambda n: ngettext("contact point", "contact points", n),
                contacts["total"],
                organisation.get_absolute_url(),
            ),
            _figure(
                lambda n: ngettext("colleague with an account", "colleagues with an account", n),
                colleagues,
            ),
        ],
        todos=todos,
    )


def _days(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def _partner_panel(user: User, organisation: Organisation, role_label: str) -> Panel:
    """A partner contact's start page is its to-do list: referrals to answer, hours to confirm,
    feedback to give (each item links to its page), then the organisation's figures."""
    panel = _organisation_panel(organisation, role_label)
    work = link_services.partner_todo(
        user, organisation_ids=[organisation.pk], limit=PARTNER_HOME_ITEMS
    )
    todo_url = reverse("links:partner_todo")
    todos: list[Figure] = []

    label = ngettext(
        "referral waiting for an answer", "referrals waiting for an answer", work.referral_count
    )
    if work.referral_count:
        label += " · " + _("the oldest for %(days)s") % {"days": _days(work.referral_days)}
    todos.append(Figure(label, work.referral_count, todo_url + "#referrals"))
    for item in work.referrals:
        todos.append(
            Figure(
                _("Answer: %(name)s for “%(offer)s”, waiting %(days)s")
                % {
                    "name": item.participation.trajectory.newcomer.first_name,
                    "offer": item.participation.title,
                    "days": _days(item.days),
                },
                None,
                reverse("links:partner_referral", kwargs={"pk": item.participation.pk}),
            )
        )

    label = ngettext(
        "hour entry waiting for confirmation",
        "hour entries waiting for confirmation",
        work.hour_entry_count,
    )
    if work.hour_entry_count:
        label += " · " + _("the oldest for %(days)s") % {"days": _days(work.hour_days)}
    todos.append(Figure(label, work.hour_entry_count, todo_url + "#hours"))
    for item in work.hours:
        todos.append(
            Figure(
                ngettext(
                    "Confirm: %(count)d entry of %(name)s in “%(offer)s”",
                    "Confirm: %(count)d entries of %(name)s in “%(offer)s”",
                    item.entries,
                )
                % {
                    "count": item.entries,
                    "name": item.participation.trajectory.newcomer.first_name,
                    "offer": item.participation.title,
                },
                None,
                reverse("links:partner_hours", kwargs={"pk": item.participation.pk}),
            )
        )

    todos.append(
        _figure(
            lambda n: ngettext("feedback form to fill in", "feedback forms to fill in", n),
            work.feedback_count,
            todo_url + "#feedback",
        )
    )
    for item in work.feedback:
        todos.append(
            Figure(
                _("Feedback: %(name)s in “%(offer)s”, ended on %(date)s")
                % {
                    "name": item.participation.trajectory.newcomer.first_name,
                    "offer": item.participation.title,
                    "date": date_format(item.ended_on, "j F Y") if item.ended_on else "",
                },
                None,
                reverse("links:partner_feedback", kwargs={"pk": item.participation.pk}),
            )
        )

    taking_part = (
        policy.visible(user, Participation.objects.all())
        .filter(organisation=organisation, status=ParticipationStatus.ACTIVE)
        .count()
    )
    panel.figures.insert(
        0,
        _figure(
            lambda n: ngettext("newcomer taking part now", "newcomers taking part now", n),
            taking_part,
            todo_url,
        ),
    )
    panel.todos = todos + panel.todos
    return panel


def _viewer_panel(region: Region | None) -> Panel:
    organisations = Organisation.objects.all()
    municipalities = Municipality.objects.all()
    title = _("Figures for the whole programme")
    if region is not None:
        organisations = organisations.filter(region=region)
        municipalities = municipalities.filter(region=region)
        title = _("Figures for %(region)s") % {"region": region.name}
    kinds = dict(OrganisationKind.choices)
    by_kind = organisations.values("kind").annotate(n=Count("pk")).order_by("-n")
    return Panel(
        title=title,
        intro=_("Aggregated figures only: no personal data."),
        figures=[
            _figure(
                lambda n: ngettext("municipality", "municipalities", n), municipalities.count()
            ),
            _figure(lambda n: ngettext("organisation", "organisations", n), organisations.count()),
        ]
        + [Figure(str(kinds.get(row["kind"], row["kind"])), row["n"]) for row in by_kind],
    )


@login_required
def start(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "home.view")
    grants = policy.grants_for(request.user)
    region = request.region  # type: ignore[attr-defined]
    panels: list[Panel] = []
    if grants.programme_admin:
        panels.append(_admin_panel())
    role_labels = dict(Role.choices)
    for role in (Role.COORDINATOR, Role.COUNSELLOR):
        if region is not None and region.pk in grants.region_ids(role):
            panels.append(_region_panel(region, str(role_labels[role])))
    org_roles = (Role.LOCAL_WORKER, Role.PARTNER_CONTACT)
    org_ids = grants.organisation_ids(*org_roles)
    if org_ids:
        memberships = (
            Membership.objects.current()
            .filter(user=request.user, role__in=org_roles, organisation_id__in=org_ids)
            .select_related("organisation__region", "organisation__municipality")
            .order_by("organisation__name")
        )
        for membership in memberships:
            if region is None or membership.organisation.region_id == region.pk:
                organisation = membership.organisation
                label = membership.get_role_display()
                if membership.role == Role.PARTNER_CONTACT:
                    panels.append(_partner_panel(request.user, organisation, label))
                else:
                    panels.append(_organisation_panel(organisation, label))
    if (
        (region is not None and region.pk in grants.region_ids(Role.VIEWER))
        or (region is None and grants.programme_viewer)
        or (grants.programme_viewer and region is not None)
    ):
        panels.append(_viewer_panel(region))
    return render(request, "home.html", {"panels": panels})


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the app and its database answer. Public, no data."""
    policy.require(request.user, "health.view")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
