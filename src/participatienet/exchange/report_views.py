"""The report of a learning day.

- ``report_by_link``: a group's reporter, without an account, by the personal link from the
  e-mail (``/leerdagen/verslag/<code>/``). Adds insights, bottlenecks and ideas one by one
  (each saved as a draft at once), changes or removes drafts, comes back later with the same
  link, and submits. A closed report shows what was written and refuses input (409); a
  published report, or a reporter who was replaced, makes the link stop (410). An altered link
  answers 400, an expired one 410. Bad input answers 400 and writes nothing.
- The programme team (``learningday.manage``): edits, hides and merges insights, writes an
  introduction, closes the report for input, publishes it.
- ``report``: the published report, for everyone who sees learning days (the programme team
  also sees a preview before publishing). Quotes carry names only with consent.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participatienet.accounts import links, policy
from participatienet.exchange import group_selectors, report_services
from participatienet.exchange.choices import (
    REPORT_TRANSITIONS,
    InsightKind,
    InsightStatus,
    ReportStatus,
)
from participatienet.exchange.group_forms import (
    HideForm,
    InsightForm,
    InsightIdForm,
    IntroductionForm,
    MergeForm,
    ReportStatusForm,
)
from participatienet.exchange.models import DayReport, Insight, LearningDay
from participatienet.exchange.public_views import _public
from participatienet.exchange.views import _day

#: Status codes of the reporter link's problem pages.
LINK_STATUS = {"invalid": 400, "expired": 410, "published": 410, "not_reporter": 410}

#: The buttons that change the report's status, by target status.
STATUS_ACTIONS = {
    ReportStatus.OPEN: gettext_lazy("Open again for input"),
    ReportStatus.CLOSED: gettext_lazy("Close for input"),
    ReportStatus.PUBLISHED: gettext_lazy("Publish the report"),
}

ERRORS = {
    "transition": gettext_lazy("The status of the report changed in the meantime. Look again."),
    "empty": gettext_lazy("There is nothing to publish yet: no submitted insights."),
    "merge_few": gettext_lazy("Tick at least two insights to merge."),
    "merge_kinds": gettext_lazy(
        "Only insights of the same kind can be merged (insights, bottlenecks or ideas)."
    ),
    "invalid": gettext_lazy("Check the text, the themes and the quote."),
}


def _error(code: str) -> str:
    return str(ERRORS.get(code, ERRORS["transition"]))


# --- By the reporter's link ----------------------------------------------------------------------


def _link_problem(request: HttpRequest, reason: str) -> HttpResponse:
    pages = {
        "invalid": (
            _("This link does not work"),
            _(
                "The link is incomplete or has been changed. Open it again from the e-mail, or "
                "copy the whole link."
            ),
        ),
        "expired": (
            _("This link has expired"),
            _("Ask the programme team for a new link if you still want to add something."),
        ),
        "published": (
            _("The report has been published"),
            _(
                "Thank you: the report of the day is published, so nothing more can be added "
                "by this link. Send additions to the programme team."
            ),
        ),
        "not_reporter": (
            _("Someone else reports for this group now"),
            _("The programme team chose another reporter for this group, so this link stopped."),
        ),
    }
    title, body = pages[reason]
    context = {
        "reason": reason,
        "title": title,
        "body": body,
        "calm": reason == "published",
    }
    return _public(
        render(request, "exchange/public/problem.html", context, status=LINK_STATUS[reason])
    )


def _reporter_page(
    request: HttpRequest,
    token: str,
    access: report_services.ReporterAccess,
    *,
    form: InsightForm | None = None,
    editing: Insight | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    group = access.group
    members = [m.registration for m in group.members.select_related("registration").order_by("pk")]
    insights = list(group.insights.select_related("quoted").order_by("pk"))
    if form is None:
        initial = InsightForm.initial_for(editing) if editing else {"kind": InsightKind.INSIGHT}
        form = InsightForm(initial=initial, members=members)
    context: dict[str, Any] = {
        "token": token,
        "access": access,
        "group": group,
        "session": group.plan.session,
        "day": access.day,
        "members": members,
        "insights": insights,
        "drafts": [i for i in insights if i.status == InsightStatus.DRAFT],
        "form": form,
        "editing": editing,
        "state": access.state,
        "error": error,
    }
    return _public(render(request, "exchange/public/report.html", context, status=status))


def _self(token: str) -> str:
    return reverse("exchange:report_by_link", kwargs={"token": token})


@require_http_methods(["GET", "POST"])
def report_by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        access = report_services.open_link(token)
    except links.LinkError as error:
        return _link_problem(request, error.reason if error.reason in LINK_STATUS else "invalid")
    if access.state in ("published", "not_reporter"):
        return _link_problem(request, access.state)
    if request.method != "POST":
        editing = None
        if (edit := request.GET.get("edit", "")).isdigit():
            editing = access.group.insights.filter(pk=int(edit), status=InsightStatus.DRAFT).first()
        return _reporter_page(request, token, access, editing=editing)
    if access.state != "open":
        return _reporter_page(
            request,
            token,
            access,
            status=409,
            error=_("The report of this day is closed for input. Nothing has been saved."),
        )
    action = request.POST.get("action", "")
    try:
        if action == "save":
            return _save_by_link(request, token, access)
        if action == "delete":
            id_form = InsightIdForm(request.POST)
            if not id_form.is_valid():
                raise report_services.ReportError("not_draft")
            report_services.delete_draft(raw=token, insight_id=id_form.cleaned_data["insight"])
            messages.success(request, _("The draft has been removed."))
            return redirect(_self(token))
        if action == "submit":
            count = report_services.submit(raw=token)
            messages.success(
                request,
                _(
                    "Thank you: %(count)s sent to the programme team. You can still add more "
                    "with this link until the report is published."
                )
                % {"count": count},
            )
            return redirect(_self(token))
    except links.LinkError as error:
        return _link_problem(request, error.reason if error.reason in LINK_STATUS else "invalid")
    except report_services.ReportError as error:
        if error.code in ("published", "not_reporter"):
            return _link_problem(request, error.code)
        messages_by_code = {
            "closed": _("The report of this day is closed for input. Nothing has been saved."),
            "empty": _("Add at least one insight, bottleneck or idea before you submit."),
            "not_draft": _("That is no longer a draft of your group: it cannot be changed."),
            "too_many": _("Your group has the most insights this page takes."),
        }
        return _reporter_page(
            request,
            token,
            access,
            status=409 if error.code == "closed" else 400,
            error=messages_by_code.get(error.code, _error("invalid")),
        )
    return _reporter_page(
        request, token, access, status=400, error=_("Choose what you want to do.")
    )


def _save_by_link(
    request: HttpRequest, token: str, access: report_services.ReporterAccess
) -> HttpResponse:
    members = [m.registration for m in access.group.members.select_related("registration")]
    form = InsightForm(request.POST, members=members)
    insight_id = request.POST.get("insight", "")
    editing = None
    if insight_id:
        if not insight_id.isdigit():
            raise report_services.ReportError("not_draft")
        editing = access.group.insights.filter(pk=int(insight_id)).first()
        if editing is None:
            raise report_services.ReportError("not_draft")
    if not form.is_valid():
        return _reporter_page(request, token, access, form=form, editing=editing, status=400)
    report_services.save_insight(
        raw=token, insight_id=editing.pk if editing else None, **form.insight_fields()
    )
    messages.success(
        request,
        _(
            "Saved as a draft. Add more, or submit when your group's list is complete. You can "
            "come back with the same link."
        ),
    )
    return redirect(f"{_self(token)}#insights")


# --- The programme team --------------------------------------------------------------------------


def _report(day: LearningDay) -> DayReport:
    return DayReport.objects.filter(day=day).first() or DayReport(day=day)


def _manage_page(
    request: HttpRequest,
    day: LearningDay,
    *,
    status: int = 200,
    error: str = "",
    intro_form: IntroductionForm | None = None,
) -> HttpResponse:
    report = _report(day)
    insights = list(
        policy.visible(request.user, Insight.objects.filter(day=day))
        .select_related("group__plan__session", "quoted", "edited_by", "merged_into")
        .order_by("group__plan__session__starts_at", "group__round", "group__number", "pk")
    )
    groups: dict[int, dict[str, Any]] = {}
    for insight in insights:
        entry = groups.setdefault(insight.group_id, {"group": insight.group, "insights": []})
        entry["insights"].append(insight)
    counts = {status: 0 for status in InsightStatus.values}
    for insight in insights:
        counts[insight.status] += 1
    return render(
        request,
        "exchange/report_manage.html",
        {
            "day": day,
            "report": report,
            "groups": list(groups.values()),
            "counts": counts,
            "intro_form": intro_form
            or IntroductionForm(initial={"introduction": report.introduction}),
            "status_actions": [
                (target, STATUS_ACTIONS[target])
                for target in ReportStatus.values
                if target in REPORT_TRANSITIONS[report.status]
            ],
            "sessions": group_selectors.group_sessions(day),
            "error": error,
        },
        status=status,
    )


def _manage_url(day: LearningDay) -> str:
    return reverse("exchange:report_manage", kwargs={"pk": day.pk})


@login_required
@require_http_methods(["GET", "POST"])
def report_manage(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    if request.method != "POST":
        return _manage_page(request, day)
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, day, status=400, intro_form=form)
    report_services.save_introduction(
        actor=request.user, day=day, introduction=form.cleaned_data["introduction"]
    )
    messages.success(request, _("The introduction has been saved."))
    return redirect(_manage_url(day))


@login_required
@require_POST
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    form = ReportStatusForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, day, status=400, error=_error("transition"))
    try:
        report = report_services.set_report_status(
            actor=request.user, day=day, status=form.cleaned_data["status"]
        )
    except report_services.ReportError as error:
        return _manage_page(request, day, status=409, error=_error(error.code))
    done = {
        ReportStatus.OPEN: _("The report takes input by the reporters' links again."),
        ReportStatus.CLOSED: _("The report is closed for input."),
        ReportStatus.PUBLISHED: _("The report has been published."),
    }
    messages.success(request, done[report.status])
    return redirect(_manage_url(day))


def _insight(request: HttpRequest, day: LearningDay, insight_pk: int) -> Insight:
    return policy.get_visible_or_404(
        request.user,
        Insight.objects.filter(day=day).select_related("group__plan__session", "quoted"),
        pk=insight_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def insight_edit(request: HttpRequest, pk: int, insight: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _insight(request, day, insight)
    members = [
        m.registration for m in found.group.members.select_related("registration").order_by("pk")
    ]
    form = InsightForm(
        request.POST or None, initial=InsightForm.initial_for(found), members=members
    )
    context = {"day": day, "insight": found, "form": form, "group": found.group}
    if request.method != "POST":
        return render(request, "exchange/insight_form.html", context)
    if form.is_valid():
        try:
            report_services.edit_insight(actor=request.user, insight=found, **form.insight_fields())
        except report_services.ReportError as error:
            form.add_error(None, _error(error.code))
        else:
            messages.success(request, _("The insight has been saved."))
            return redirect(f"{_manage_url(day)}#insight-{found.pk}")
    return render(request, "exchange/insight_form.html", context, status=400)


@login_required
@require_POST
def insight_hide(request: HttpRequest, pk: int, insight: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    found = _insight(request, day, insight)
    form = HideForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, day, status=400, error=_error("transition"))
    hidden = form.cleaned_data["hidden"]
    report_services.set_hidden(actor=request.user, insight=found, hidden=hidden)
    messages.success(
        request,
        _("The insight is left out of the report.")
        if hidden
        else _("The insight is back in the report."),
    )
    return redirect(f"{_manage_url(day)}#insight-{found.pk}")


@login_required
@require_POST
def insights_merge(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk, manage=True)
    ids = list(
        policy.visible(request.user, Insight.objects.filter(day=day)).values_list("pk", flat=True)
    )
    form = MergeForm(request.POST, ids=ids)
    if not form.is_valid():
        return _manage_page(request, day, status=400, error=_error("merge_few"))
    chosen = list(Insight.objects.filter(day=day, pk__in=form.cleaned_data["insights"]))
    try:
        target = report_services.merge_insights(actor=request.user, day=day, insights=chosen)
    except report_services.ReportError as error:
        return _manage_page(request, day, status=400, error=_error(error.code))
    messages.success(
        request, _("The insights have been merged. Check the merged text and edit it.")
    )
    return redirect(f"{_manage_url(day)}#insight-{target.pk}")


# --- The report page -----------------------------------------------------------------------------


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    can_manage = policy.can(request.user, "learningday.manage", day)
    found = DayReport.objects.filter(day=day).first()
    published = found is not None and found.status == ReportStatus.PUBLISHED
    if not published and not can_manage:
        raise Http404
    if published:
        found = policy.get_visible_or_404(request.user, DayReport.objects.all(), pk=found.pk)
    insights = group_selectors.report_insights(
        policy.visible(request.user, Insight.objects.filter(day=day)), preview=not published
    )
    page = group_selectors.report_page(day, insights)
    return render(
        request,
        "exchange/report.html",
        {
            "day": day,
            "report": found,
            "page": page,
            "preview": not published,
            "can_manage": can_manage,
        },
    )
