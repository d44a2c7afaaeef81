"""Navigation per role, the user's scopes and the region switch, for the base template."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from participatienet.accounts import policy, scope
from participatienet.accounts.forms import ScopeSwitchForm


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def _items(request: HttpRequest) -> list[tuple[str, str, str]]:
    user = request.user
    items = [(_("My work"), "home", "")]
    if policy.can(user, "region.view"):
        items.append((_("Regions"), "regions:list", "/regios/"))
    if policy.can(user, "partner_todo.view"):
        items.append((_("My organisation"), "links:partner_todo", "/link/mijn-organisatie/"))
    if policy.can(user, "newcomer.list"):
        items.append((_("Newcomers"), "trajectories:newcomer_list", "/inburgeraars/"))
    if policy.can(user, "catalogue.view"):
        items.append((_("Offers"), "offers:catalogue", "/aanbod/"))
    if policy.can(user, "region_overview.view", getattr(request, "region", None)):
        items.append((_("Region overview"), "trajectories:region_overview", "/regio-overzicht/"))
    if policy.can(user, "allocation.run", getattr(request, "region", None)):
        items.append((_("Allocation"), "allocation:proposal_list", "/matching/"))
    if policy.can(user, "organisation.list"):
        items.append((_("Organisations"), "network:organisation_list", "/organisaties/"))
    if policy.can(user, "network.view", getattr(request, "region", None)):
        items.append((_("Network"), "network:map", "/organisaties/netwerk"))
    if policy.can(user, "pipeline.view", getattr(request, "region", None)):
        items.append((_("Network growth"), "network:pipeline", "/organisaties/groei/"))
    if policy.can(user, "contact_directory.view", getattr(request, "region", None)):
        items.append(
            (_("Contact points"), "network:contact_directory", "/organisaties/contactpunten/")
        )
    if policy.can(user, "practice.view"):
        items.append((_("Practice library"), "practices:library", "/inspiratiegids/"))
    if policy.can(user, "learningday.view"):
        items.append((_("Learning days"), "exchange:day_list", "/leerdagen/"))
    if policy.can(user, "scan.results", getattr(request, "region", None)):
        # The region's learning: scan, action plans and timeline (an overview links them).
        items.append((_("Collaboration"), "collaboration:overview", "/samenwerking/"))
    elif policy.can(user, "scan.version_manage"):
        items.append((_("Collaboration scan"), "collaboration:version_list", "/samenwerking/"))
    elif policy.can(user, "scan.spread"):
        items.append((_("Collaboration scan"), "collaboration:spread", "/samenwerking/"))
    if policy.can(user, "user.manage"):
        items.append((_("Users"), "accounts:user_list", "/beheer/gebruikers/"))
    if policy.can(user, "audit.view"):
        items.append((_("Audit log"), "accounts:audit_log", "/beheer/audit/"))
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    nav = []
    for label, name, prefix in _items(request):
        url = reverse(name)
        active = path == url if not prefix else path.startswith(prefix)
        nav.append(NavItem(label=label, url=url, active=active))
    regions = scope.switchable_regions(user)
    grants = policy.grants_for(user)
    current = getattr(request, "region", None)
    switch_form = None
    if len(regions) > 1:
        switch_form = ScopeSwitchForm(regions=regions, initial={"region": current})
        if not (grants.programme_admin or grants.programme_viewer):
            switch_form.fields["region"].empty_label = None
    role_labels = sorted({str(label) for label in _role_labels(grants)})
    return {
        "nav_items": nav,
        "current_region": current,
        "scope_switch_form": switch_form,
        "user_roles": role_labels,
    }


def _role_labels(grants: policy.Grants) -> list[str]:
    from participatienet.accounts.choices import Role

    labels = dict(Role.choices)
    return [labels[role] for role in grants.roles if role in labels]
