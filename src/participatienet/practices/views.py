"""Pages of the practice library (inspiratiegids): the library, a practice, its form, its
status changes, "we want to try this" and the printable guide by theme."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatienet.accounts import audit, policy
from participatienet.accounts.choices import Role
from participatienet.paging import paginate
from participatienet.practices import selectors, services
from participatienet.practices.choices import PRACTICE_TRANSITIONS, PracticeStatus
from participatienet.practices.forms import (
    InterestForm,
    LibraryFilterForm,
    PracticeForm,
    TransitionForm,
    WithdrawForm,
)
from participatienet.practices.models import Practice, PracticeInterest
from participatienet.regions.models import Region

# --- The library ---------------------------------------------------------------------------------


def _my_region(request: HttpRequest) -> Region | None:
    """The region the user works in now (the "my region" of the interest filter)."""
    return getattr(request, "region", None)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "practice.view")
    show_status = policy.can(request.user, "practice.create")
    my_region = _my_region(request)
    form = LibraryFilterForm(request.GET, show_status=show_status, my_region=my_region)
    practices = policy.visible(request.user, Practice.objects.all())
    my_regions = [my_region.pk] if my_region is not None else []
    status = 200
    filters = selectors.LibraryFilters()
    if form.is_valid():
        filters = form.filters()
        practices = selectors.search(practices, filters, my_regions=my_regions)
    else:
        status = 400
        practices = selectors.search(practices.none(), filters)
    context = paginate(request, practices)
    results = list(context["page"].object_list)
    for practice in results:
        practice.theme_list = selectors.theme_labels(practice)
    context.update(
        {
            "form": form,
            "results": results,
            "filters": filters,
            "my_region": my_region,
            "can_create": show_status,
            "show_status": show_status,
        }
    )
    return render(request, "practices/practice_library.html", context, status=status)


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    """All published practices grouped by theme, to print or save as PDF."""
    policy.require(request.user, "practice.view")
    practices = list(
        selectors.guide_practices(policy.visible(request.user, Practice.objects.all()))
    )
    return render(
        request,
        "practices/practice_guide.html",
        {"chapters": selectors.guide(practices), "count": len(practices)},
    )


# --- One practice --------------------------------------------------------------------------------


def _practice(request: HttpRequest, pk: int) -> Practice:
    policy.require(request.user, "practice.view")
    return policy.get_visible_or_404(
        request.user, selectors.with_details(Practice.objects.all()), pk=pk
    )


def _interest_regions(user: Any, practice: Practice) -> QuerySet[Region]:
    """The regions ``user`` may say "we want to try this" for: those they coordinate, except
    the practice's own."""
    grants = policy.grants_for(user)
    ids = grants.region_ids(Role.COORDINATOR) - {practice.region_id}
    return Region.objects.filter(pk__in=sorted(ids)).order_by("name")


def _available_transitions(user: Any, practice: Practice) -> list[str]:
    if not policy.can(user, "practice.publish", practice):
        return []
    allowed = PRACTICE_TRANSITIONS[practice.status]
    return [name for name, (_service, target) in services.TRANSITIONS.items() if target in allowed]


def _detail_context(request: HttpRequest, practice: Practice, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_mark = practice.status == PracticeStatus.PUBLISHED and policy.can(
        user, "practice.mark_interest", practice
    )
    interest_regions = list(_interest_regions(user, practice)) if can_mark else []
    visible_interests = selectors.interests_of(
        practice, policy.visible(user, PracticeInterest.objects.all())
    )
    own = {region.pk for region in interest_regions}
    mine = [interest for interest in visible_interests if interest.region_id in own]
    marked = {interest.region_id for interest in mine}
    current = _my_region(request)
    default_region = (
        current.pk
        if current is not None and current.pk in own and current.pk not in marked
        else next((pk for pk in sorted(own) if pk not in marked), None)
    )
    open_regions = [region for region in interest_regions if region.pk not in marked]
    interest_form = extra.pop("interest_form", None) or InterestForm(
        regions=Region.objects.filter(pk__in=[region.pk for region in open_regions]),
        initial={"region": default_region},
    )
    see_interests = policy.can(user, "practice.view_interests", practice)
    return {
        "practice": practice,
        "themes": selectors.theme_labels(practice),
        "links": list(practice.links.all()),
        "can_change": practice.status != PracticeStatus.ARCHIVED
        and policy.can(user, "practice.change", practice),
        "transitions": _available_transitions(user, practice),
        "can_mark": can_mark,
        "can_mark_more": bool(open_regions),
        "open_regions": open_regions,
        "interest_form": interest_form,
        "my_interests": mine,
        "see_interests": see_interests,
        "interests": visible_interests if see_interests else [],
        "interested_regions": selectors.interested_regions(practice),
        "transition_form": TransitionForm(),
        **extra,
    }


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    if practice.contact is not None:
        audit.record(
            actor=request.user,
            action="contactpoint.viewed",
            obj=practice.contact,
            fields=["name", "email", "phone"],
            detail=f"practice {practice.pk}",
        )
    return render(request, "practices/practice_detail.html", _detail_context(request, practice))


@login_required
@require_POST
def practice_transition(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    policy.require(request.user, "practice.publish", practice)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        context = _detail_context(
            request, practice, transition_error=_("Choose what to do with the practice.")
        )
        return render(request, "practices/practice_detail.html", context, status=400)
    name = form.cleaned_data["action"]
    try:
        services.TRANSITIONS[name][0](actor=request.user, practice=practice)
    except ValidationError:
        context = _detail_context(
            request,
            practice,
            transition_error=_("The practice is not complete yet: edit it first."),
        )
        return render(request, "practices/practice_detail.html", context, status=400)
    except services.PracticeError:
        context = _detail_context(
            request,
            practice,
            transition_error=_(
                "This practice's status has changed in the meantime. Look at it again."
            ),
        )
        return render(request, "practices/practice_detail.html", context, status=409)
    messages.success(request, _SUCCESS[name]())
    return redirect(practice)


_SUCCESS = {
    "publish": lambda: _("The practice is published: every region can read it now."),
    "archive": lambda: _("The practice has been archived: it is no longer in the library."),
    "reopen": lambda: _(
        "The practice is a draft again. Change it and publish it when it is ready."
    ),
}


# --- "We want to try this" -----------------------------------------------------------------------


@login_required
@require_POST
def interest_mark(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    policy.require(request.user, "practice.mark_interest", practice)
    regions = _interest_regions(request.user, practice)
    form = InterestForm(request.POST, regions=regions)
    if not form.is_valid():
        context = _detail_context(request, practice, interest_form=form)
        return render(request, "practices/practice_detail.html", context, status=400)
    try:
        services.mark_interest(
            actor=request.user,
            practice=practice,
            region=form.cleaned_data["region"],
            note=form.cleaned_data["note"],
        )
    except services.PracticeError:
        context = _detail_context(
            request,
            practice,
            interest_form=form,
            interest_error=_("Only a published practice of another region can be marked."),
        )
        return render(request, "practices/practice_detail.html", context, status=409)
    messages.success(
        request,
        _("Noted: %(region)s wants to try this. The region of the practice sees it.")
        % {"region": form.cleaned_data["region"].name},
    )
    return redirect(practice)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    policy.require(request.user, "practice.mark_interest", practice)
    form = WithdrawForm(request.POST, regions=_interest_regions(request.user, practice))
    if not form.is_valid():
        context = _detail_context(
            request, practice, interest_error=_("Choose one of your regions.")
        )
        return render(request, "practices/practice_detail.html", context, status=400)
    region = form.cleaned_data["region"]
    if services.withdraw_interest(actor=request.user, practice=practice, region=region):
        messages.success(
            request, _("%(region)s no longer wants to try this.") % {"region": region.name}
        )
    else:
        messages.info(request, _("Nothing was changed."))
    return redirect(practice)


# --- Creating and changing -----------------------------------------------------------------------


def _regions_for_practices(request: HttpRequest) -> QuerySet[Region]:
    """Regions the user may create practices for."""
    grants = policy.grants_for(request.user)
    if grants.programme_admin:
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=sorted(grants.region_ids(Role.COORDINATOR))).order_by(
        "name"
    )


def _refreshed_initial(data: Any) -> dict[str, Any]:
    """The posted values as initial data (to redraw the form without showing errors)."""
    initial: dict[str, Any] = {}
    for name in data:
        if name == "csrfmiddlewaretoken":
            continue
        initial[name] = data.getlist(name) if name == "themes" else data[name]
    return initial


@login_required
def practice_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "practice.create")
    regions = _regions_for_practices(request)
    current = _my_region(request)
    chosen = None
    raw = request.GET.get("region", "")
    if raw.isdigit():
        chosen = regions.filter(pk=raw).first()
    elif current is not None:
        chosen = regions.filter(pk=current.pk).first()
    if chosen is None and len(regions) == 1:
        chosen = regions.first()
    initial: dict[str, Any] = {"region": chosen.pk if chosen else None}
    if request.method == "POST" and "refresh" in request.POST:
        raw = str(request.POST.get("region", ""))
        chosen = regions.filter(pk=raw).first() if raw.isdigit() else None
        form = PracticeForm(
            initial=_refreshed_initial(request.POST), regions=regions, region=chosen
        )
        return render(request, "practices/practice_form.html", {"form": form})
    if request.method == "POST":
        form = PracticeForm(request.POST, regions=regions)
        if form.is_valid():
            region = form.cleaned_data["region"]
            policy.require(request.user, "practice.create", region)
            fields = form.practice_fields()
            try:
                practice = services.create_practice(actor=request.user, region=region, **fields)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The practice has been saved as a draft. Publish it when it is ready."),
                )
                return redirect(practice)
        return render(request, "practices/practice_form.html", {"form": form}, status=400)
    form = PracticeForm(initial=initial, regions=regions, region=chosen)
    return render(request, "practices/practice_form.html", {"form": form})


@login_required
def practice_update(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _practice(request, pk)
    policy.require(request.user, "practice.change", practice)
    if practice.status == PracticeStatus.ARCHIVED:
        messages.error(request, _("An archived practice can no longer be changed."))
        return redirect(practice)
    form = PracticeForm(request.POST or None, practice=practice)
    context = {"form": form, "practice": practice}
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.update_practice(
                    actor=request.user, practice=practice, **form.practice_fields()
                )
            except services.PracticeError:
                messages.error(request, _("An archived practice can no longer be changed."))
                return redirect(practice)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("The changes have been saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(practice)
        return render(request, "practices/practice_form.html", context, status=400)
    return render(request, "practices/practice_form.html", context)


def _add_errors(form: PracticeForm, error: ValidationError) -> None:
    """Errors the service found (rules of the model) shown on the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    names = {"themes_mask": "themes", "links": "link_url_1"}
    for field, messages_ in error.message_dict.items():
        target = names.get(field, field)
        form.add_error(target if target in form.fields else None, messages_)
