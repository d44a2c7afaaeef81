"""Growing the network: the growth board of a region, contact moments, stages and prospects.

Start small and build up: the board shows who the region wants to reach (prospects), who it
is talking to (engaged), who joined recently (active) and who went quiet (dormant), each with
its last contact and its next step. The board is the region's network, like the map: its
coordinators and viewers see it; only coordinators (and programme admins) change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatienet.accounts import policy
from participatienet.network import pipeline, services
from participatienet.network.choices import STAGE_TRANSITIONS, OrganisationStage
from participatienet.network.forms import (
    ContactMomentForm,
    PipelineFilterForm,
    ProspectForm,
    StageChangeForm,
)
from participatienet.network.models import ContactMoment, Organisation, StageChange
from participatienet.regions.models import Municipality, Region

#: Contact moments and stage changes shown on an organisation's page.
HISTORY_LIMIT = 50


def _pipeline_region(request: HttpRequest) -> Region | None:
    """The current region, once the user may see its growth board (403 otherwise)."""
    region = getattr(request, "region", None)
    policy.require(request.user, "pipeline.view", region)
    return region


def _back(request: HttpRequest, fallback: str) -> str:
    """The ``next`` address of the request when it is one of ours, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _board_filters(form: PipelineFilterForm, user: Any) -> pipeline.BoardFilters:
    if not form.is_bound:
        return pipeline.BoardFilters()
    data = form.cleaned_data
    owner = data.get("owner") or ""
    municipality = data.get("municipality")
    return pipeline.BoardFilters(
        owner_id=user.pk
        if owner == PipelineFilterForm.MINE
        else (int(owner) if owner.isdigit() else None),
        without_owner=owner == PipelineFilterForm.NOBODY,
        role=data.get("role"),
        municipality_id=municipality.pk if municipality else None,
    )


def _prospect_municipalities(user: Any, region: Region | None):
    """Where ``user`` may add a prospect: the current region, or (without one) every region
    where the user may add organisations."""
    if region is not None:
        return Municipality.objects.filter(region=region).order_by("name")
    region_ids = [r.pk for r in Region.objects.all() if policy.can(user, "organisation.create", r)]
    return Municipality.objects.filter(region_id__in=region_ids).order_by("name")


@login_required
def pipeline_board(request: HttpRequest) -> HttpResponse:
    region = _pipeline_region(request)
    user = request.user
    people = pipeline.people_of_region(region, also=[user])
    municipalities = (
        Municipality.objects.filter(region=region).order_by("name")
        if region is not None
        else Municipality.objects.none()
    )
    form = PipelineFilterForm(request.GET or None, people=people, municipalities=municipalities)
    context: dict[str, Any] = {"form": form, "region": region, "columns": []}
    status = 200
    if request.GET and not form.is_valid():
        status = 400
    elif region is not None:
        today = timezone.localdate()
        columns = pipeline.board(
            Organisation.objects.filter(region=region), _board_filters(form, user), today
        )
        for column in columns:
            for card in column.cards:
                card.can_open = policy.can(user, "organisation.view", card)
                card.can_manage = policy.can(user, "pipeline.manage", card)
        context.update(
            columns=columns,
            today=today,
            recent_since=pipeline.recent_since(today),
            filtered=form.is_bound and any(form.cleaned_data.values()),
        )
    if region is not None and policy.can(user, "organisation.create", region):
        context["prospect_form"] = ProspectForm(
            municipalities=municipalities,
            people=people,
            initial={"next_step_owner": user.pk},
            auto_id="prospect_%s",  # the filters above use the plain ids
        )
    return render(request, "network/pipeline_board.html", context, status=status)


@login_required
def prospect_create(request: HttpRequest) -> HttpResponse:
    """Put a new organisation on the growth board as a prospect."""
    region = _pipeline_region(request)
    user = request.user
    policy.require(user, "organisation.create", region)
    people = pipeline.people_of_region(region, also=[user])
    form = ProspectForm(
        request.POST or None,
        municipalities=_prospect_municipalities(user, region),
        people=people,
        initial={"next_step_owner": user.pk},
    )
    context = {"form": form, "region": region}
    if request.method == "POST":
        if form.is_valid():
            policy.require(user, "organisation.create", form.cleaned_data["municipality"].region)
            try:
                organisation = services.add_prospect(actor=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is on the board as a prospect.") % {"name": organisation.name},
                )
                return redirect(f"{reverse('network:pipeline')}#stage-prospect")
        return render(request, "network/prospect_form.html", context, status=400)
    return render(request, "network/prospect_form.html", context)


def _organisation_to_grow(request: HttpRequest, pk: int) -> Organisation:
    organisation = policy.get_visible_or_404(
        request.user,
        Organisation.objects.select_related("region", "municipality", "next_step_owner"),
        pk=pk,
    )
    policy.require(request.user, "pipeline.manage", organisation)
    return organisation


@login_required
def contact_moment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact moment with an organisation, where it leads and the next step."""
    organisation = _organisation_to_grow(request, pk)
    user = request.user
    people = pipeline.people_of_region(
        organisation.region, also=[user, organisation.next_step_owner]
    )
    form = ContactMomentForm(
        request.POST or None,
        organisation=organisation,
        people=people,
        initial=ContactMomentForm.initial_for(organisation, user),
    )
    back = _back(request, organisation.get_absolute_url())
    context = {
        "form": form,
        "organisation": organisation,
        "back": back,
        "recent": list(
            policy.visible(user, ContactMoment.objects.filter(organisation=organisation))[:3]
        ),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_contact(actor=user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The contact with %(name)s has been recorded.") % {"name": organisation.name},
                )
                return redirect(back)
        return render(request, "network/contact_moment_form.html", context, status=400)
    return render(request, "network/contact_moment_form.html", context)


@login_required
@require_POST
def stage_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an organisation to another stage; a refused move answers 400 with the reason."""
    organisation = _organisation_to_grow(request, pk)
    form = StageChangeForm(request.POST, organisation=organisation)
    back = _back(request, organisation.get_absolute_url())
    if form.is_valid():
        try:
            change = services.set_stage(
                actor=request.user,
                organisation=organisation,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(
                    request,
                    _("%(name)s is now %(stage)s.")
                    % {"name": organisation.name, "stage": organisation.get_stage_display()},
                )
            return redirect(back)
    labels = dict(OrganisationStage.choices)
    context = {
        "form": form,
        "organisation": organisation,
        "back": back,
        "moves": [
            (stage, labels[stage])
            for stage in OrganisationStage.values
            if stage in STAGE_TRANSITIONS[organisation.stage]
        ],
    }
    return render(request, "network/stage_change.html", context, status=400)


def growth_context(user: Any, organisation: Organisation) -> dict[str, Any] | None:
    """The growth part of an organisation's page (its next step, contact moments and stage
    history), for those who see the region's growth board; None for others. Two queries."""
    if not policy.can(user, "pipeline.view", organisation.region):
        return None
    labels = dict(OrganisationStage.choices)
    can_manage = policy.can(user, "pipeline.manage", organisation)
    return {
        "moments": list(
            policy.visible(user, ContactMoment.objects.filter(organisation=organisation))[
                :HISTORY_LIMIT
            ]
        ),
        "stage_changes": list(
            policy.visible(user, StageChange.objects.filter(organisation=organisation))[
                :HISTORY_LIMIT
            ]
        ),
        "overdue": organisation.is_next_step_overdue(),
        "can_manage": can_manage,
        "moves": [
            (stage, labels[stage])
            for stage in OrganisationStage.values
            if stage in STAGE_TRANSITIONS[organisation.stage]
        ]
        if can_manage
        else [],
    }
