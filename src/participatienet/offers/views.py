"""Pages of the offer catalogue: the catalogue, an offer, its form, its status changes and the
printable flyer for a newcomer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelMultipleChoiceField, MultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatienet.accounts import audit, policy
from participatienet.network.models import Organisation
from participatienet.offers import selectors, services
from participatienet.offers.choices import OFFER_TRANSITIONS, OfferStatus
from participatienet.offers.forms import CatalogueFilterForm, OfferForm, TransitionForm
from participatienet.offers.models import Offer
from participatienet.paging import paginate
from participatienet.regions.models import Municipality

# --- The catalogue -------------------------------------------------------------------------------


def _may_see_other_statuses(user: Any) -> bool:
    """Whoever runs or validates offers sees more than active ones (``policy.visible`` still
    decides which)."""
    return policy.can(user, "offer.create") or policy.can(user, "offer.validate")


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "catalogue.view")
    show_status = _may_see_other_statuses(request.user)
    data = request.GET.copy()
    if "region" not in data and "municipality" not in data:
        region = getattr(request, "region", None)
        if region is not None:
            data["region"] = str(region.pk)
    form = CatalogueFilterForm(data, show_status=show_status)
    offers = policy.visible(request.user, Offer.objects.all())
    status = 200
    filters = selectors.CatalogueFilters()
    if form.is_valid():
        filters = form.filters()
        offers = selectors.search(offers, filters)
    else:
        status = 400
        offers = offers.none().with_free_places()
    offers = selectors.with_co_organisers(selectors.with_served_municipalities(offers))
    context = paginate(request, offers)
    page = context["page"]
    results = list(page.object_list)
    here = filters.municipality
    for offer in results:
        offer.theme_list = selectors.theme_labels(offer.themes_mask)
        offer.schedule_list = selectors.schedule_days(offer.schedule_mask)
        if here is not None:
            offer.distance = (
                None if offer.is_location_flexible else selectors.distance_km(offer, here)
            )
    context.update(
        {
            "form": form,
            "results": results,
            "filters": filters,
            "map": selectors.results_map(
                results,
                start=page.start_index(),
                here=here,
                context=Municipality.objects.values_list("name", "latitude", "longitude")
                if results
                else (),
            ),
            "can_create": policy.can(request.user, "offer.create"),
            "can_validate": policy.can(request.user, "offer.validate"),
            "show_status": show_status,
        }
    )
    return render(request, "offers/offer_catalogue.html", context, status=status)


# --- One offer -----------------------------------------------------------------------------------


def _offer(request: HttpRequest, pk: int, queryset: QuerySet[Offer] | None = None) -> Offer:
    policy.require(request.user, "catalogue.view")
    queryset = queryset if queryset is not None else Offer.objects.all()
    return policy.get_visible_or_404(
        request.user,
        queryset.with_free_places().select_related(
            "organisation", "municipality", "region", "contact", "validated_by"
        ),
        pk=pk,
    )


def _available_transitions(user: Any, offer: Offer) -> list[str]:
    allowed = OFFER_TRANSITIONS[offer.status]
    return [
        name
        for name, (_service, action, target) in services.TRANSITIONS.items()
        if target in allowed
        and policy.can(user, action, offer)
        # A draft sent back is a move of the coordinator, not of the organisation.
        and not (name == "send_back" and offer.status != OfferStatus.SUBMITTED)
    ]


def _detail_context(request: HttpRequest, offer: Offer, **extra: Any) -> dict[str, Any]:
    user = request.user
    feedback = None
    if policy.can(user, "feedback.view_aggregates", offer):
        feedback = selectors.feedback_summary(
            selectors.newcomer_feedback().filter(participation__offer=offer)
        )
    return {
        "offer": offer,
        "themes": selectors.theme_labels(offer.themes_mask),
        "schedule_days": selectors.schedule_days(offer.schedule_mask),
        "schedule_grid": selectors.schedule_grid(offer.schedule_mask),
        "languages": selectors.language_labels(offer.support_languages),
        "served": list(offer.municipalities_served.order_by("name"))
        if offer.is_location_flexible
        else [],
        "co_organisers": [
            (organisation, policy.can(user, "organisation.view", organisation))
            for organisation in offer.co_organisers.order_by("name", "pk")
        ],
        "feedback": feedback,
        "transitions": _available_transitions(user, offer),
        "can_change": offer.status != OfferStatus.ARCHIVED
        and policy.can(user, "offer.change", offer),
        "can_view_organisation": policy.can(user, "organisation.view", offer.organisation),
        "transition_form": extra.pop("transition_form", None) or TransitionForm(),
        **extra,
    }


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    audit.record(
        actor=request.user,
        action="contactpoint.viewed",
        obj=offer.contact,
        fields=["name", "email", "phone"],
        detail=f"offer {offer.pk}",
    )
    return render(request, "offers/offer_detail.html", _detail_context(request, offer))


@login_required
def offer_flyer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    with translation.override("nl-be"):  # the flyer is in simple Dutch, whatever the UI language
        days = selectors.schedule_days(offer.schedule_mask)
        languages = selectors.language_labels(offer.support_languages)
    return render(
        request,
        "offers/offer_flyer.html",
        {
            "offer": offer,
            "schedule_days": days,
            "languages": languages,
            "served": list(offer.municipalities_served.order_by("name"))
            if offer.is_location_flexible
            else [],
            "co_organisers": list(offer.co_organisers.order_by("name", "pk")),
        },
    )


@login_required
@require_POST
def offer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    form = TransitionForm(request.POST)
    name = request.POST.get("action", "")
    if name in services.TRANSITIONS:
        policy.require(request.user, services.TRANSITIONS[name][1], offer)
    if not form.is_valid():
        context = _detail_context(request, offer, transition_form=form, transition_name=name)
        return render(request, "offers/offer_detail.html", context, status=400)
    service = services.TRANSITIONS[name][0]
    kwargs: dict[str, Any] = {"actor": request.user, "offer": offer}
    if name in ("validate", "send_back"):
        kwargs["remarks"] = form.cleaned_data["remarks"]
    try:
        service(**kwargs)
    except services.OfferError as error:
        message = {
            "criteria": _("Both criteria must be attested first: edit the offer and tick them."),
            "ended": _("The end date of this offer has passed: change it first."),
            "remarks": _("Say what the organisation should change before it submits again."),
        }.get(
            error.code,
            _("This offer's status has changed in the meantime. Look at it again."),
        )
        context = _detail_context(request, offer, transition_error=message, transition_name=name)
        return render(request, "offers/offer_detail.html", context, status=409)
    messages.success(request, _SUCCESS[name]())
    return redirect(offer)


_SUCCESS = {
    "submit": lambda: _("The offer has been submitted. A coordinator of the region validates it."),
    "validate": lambda: _("The offer has been validated. The organisation can now publish it."),
    "send_back": lambda: _("The offer has been sent back to the organisation with your remarks."),
    "activate": lambda: _("The offer is active: it is in the catalogue."),
    "pause": lambda: _("The offer is paused: it is no longer in the catalogue."),
    "archive": lambda: _("The offer has been archived."),
}


# --- Creating and changing -----------------------------------------------------------------------


def _organisations_for_offers(request: HttpRequest) -> QuerySet[Organisation]:
    """Organisations the user may create offers for; in the current region when one is set."""
    user = request.user
    organisations = policy.visible(user, Organisation.objects.all()).select_related("region")
    region = getattr(request, "region", None)
    candidates = list(organisations.only("pk", "region_id", "name").order_by("name"))
    allowed = [o.pk for o in candidates if policy.can(user, "offer.create", o)]
    if region is not None:
        in_region = [o.pk for o in candidates if o.pk in allowed and o.region_id == region.pk]
        allowed = in_region or allowed
    return Organisation.objects.filter(pk__in=allowed).order_by("name")


def _refreshed_initial(form_class: type, data: Any) -> dict[str, Any]:
    """The posted values as initial data (to redraw a form without showing errors)."""
    initial: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        several = isinstance(field, MultipleChoiceField | ModelMultipleChoiceField)
        initial[name] = data.getlist(name) if several else data[name]
    return initial


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "offer.create")
    organisations = _organisations_for_offers(request)
    initial: dict[str, Any] = {"is_free": True, "min_dutch_level": 0, "hours_per_week": 2}
    chosen = None
    raw = request.GET.get("organisation", "")
    if raw.isdigit():
        chosen = organisations.filter(pk=raw).first()
    elif organisations.count() == 1:
        chosen = organisations.first()
    if chosen is not None:
        initial.update({"organisation": chosen.pk, "municipality": chosen.municipality_id})
    if request.method == "POST" and "refresh" in request.POST:
        initial = _refreshed_initial(OfferForm, request.POST)
        raw = str(request.POST.get("organisation", ""))
        chosen = organisations.filter(pk=raw).first() if raw.isdigit() else None
        form = OfferForm(initial=initial, organisations=organisations, organisation=chosen)
        return render(request, "offers/offer_form.html", {"form": form})
    if request.method == "POST":
        form = OfferForm(request.POST, organisations=organisations)
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            policy.require(request.user, "offer.create", organisation)
            try:
                offer = services.create_offer(
                    actor=request.user, organisation=organisation, **form.offer_fields()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The offer has been saved as a draft. Submit it for validation when it "
                        "is complete."
                    ),
                )
                return redirect(offer)
        return render(request, "offers/offer_form.html", {"form": form}, status=400)
    form = OfferForm(initial=initial, organisations=organisations, organisation=chosen)
    return render(request, "offers/offer_form.html", {"form": form})


@login_required
def offer_update(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(
        request, pk, Offer.objects.prefetch_related("municipalities_served", "co_organisers")
    )
    policy.require(request.user, "offer.change", offer)
    if offer.status == OfferStatus.ARCHIVED:
        messages.error(request, _("An archived offer can no longer be changed."))
        return redirect(offer)
    form = OfferForm(request.POST or None, offer=offer)
    context = {"form": form, "offer": offer}
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_offer(
                    actor=request.user, offer=offer, **form.offer_fields()
                )
            except services.OfferError:
                messages.error(request, _("An archived offer can no longer be changed."))
                return redirect(offer)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("The changes have been saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(offer)
        return render(request, "offers/offer_form.html", context, status=400)
    return render(request, "offers/offer_form.html", context)


def _add_errors(form: OfferForm, error: ValidationError) -> None:
    """Errors the service found (rules of the model) shown on the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    names = {"schedule_mask": "schedule", "themes_mask": "themes"}
    for field, messages_ in error.message_dict.items():
        target = names.get(field, field)
        form.add_error(target if target in form.fields else None, messages_)
