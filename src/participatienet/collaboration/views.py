"""Pages of the collaboration scan for people with an account.

- Coordinators of a region open waves, invite, remind and close (``scan.manage``); they and the
  region's viewers see the response rate and, once the wave has closed, the results
  (``scan.results``). The current region (``request.region``) is where a new wave opens.
- A programme admin writes and publishes versions of the questionnaire
  (``scan.version_manage``) and sees the spread over regions without names (``scan.spread``),
  never a region's own results: its waves do not exist for them (404).

Bad input answers 400 and writes nothing; a version that is no longer a draft answers 409 to
any change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from participatienet.accounts import audit, policy
from participatienet.collaboration import charts, results, selectors, services
from participatienet.collaboration.choices import StakeholderGroup
from participatienet.collaboration.forms import (
    SCALE_LABELS,
    AnswerForm,
    DimensionForm,
    InviteForm,
    PublishForm,
    WaveForm,
)
from participatienet.collaboration.models import Dimension, Invitation, ScanVersion, Wave
from participatienet.paging import paginate

ERRORS = {
    "wave_open": gettext_lazy(
        "This region already has an open wave. Close it before you open a new one."
    ),
    "no_version": gettext_lazy(
        "There is no published version of the scan yet. Ask the programme team."
    ),
    "dates": gettext_lazy("The closing day cannot come before the opening."),
    "closes_in_past": gettext_lazy("The closing day has already passed."),
    "too_long": gettext_lazy("A wave is open for half a year at most."),
    "closed": gettext_lazy("This wave is closed."),
    "bad_email": gettext_lazy("Some addresses are not e-mail addresses."),
    "bad_group": gettext_lazy("Choose one of the groups."),
    "too_many": gettext_lazy("Too many addresses at once."),
    "responded": gettext_lazy("This invitation has been answered and can no longer be withdrawn."),
    "draft_exists": gettext_lazy(
        "There is already a draft version. Publish or discard it before you start another."
    ),
    "not_draft": gettext_lazy(
        "This version is published and can no longer be changed. Make a new draft instead."
    ),
    "statement_count": gettext_lazy("Write two to four statements."),
    "question_missing": gettext_lazy("Write the open question."),
    "key_taken": gettext_lazy("This version already has a dimension with this key."),
    "incomplete": gettext_lazy("The version is not complete yet."),
    "no_dimensions": gettext_lazy("The version has no dimensions."),
}

#: Colour and shape per stakeholder group (colour-blind safe; AgII and local governments as on
#: the network map).
GROUP_STYLE = {
    StakeholderGroup.PARTNER: ("#009E73", "circle"),
    StakeholderGroup.AGII: ("#D55E00", "triangle"),
    StakeholderGroup.LOCAL_GOVERNMENT: ("#0072B2", "square"),
    StakeholderGroup.COORDINATION: ("#CC79A7", "diamond"),
    StakeholderGroup.OTHER: ("#6B6B6B", "down"),
}
OTHERS = "others"
ALL = "all"
#: Rows of the chart on the printed page are closer together (it must fit one A4).
PRINT_ROW_HEIGHT = 24
#: The waves of a trend, oldest to newest: lighter to darker.
WAVE_COLOURS = ("#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")


def error_text(code: str) -> str:
    return str(ERRORS.get(code, _("This is not possible now.")))


def _region(request: HttpRequest) -> Any:
    return getattr(request, "region", None)


def _group_labels() -> dict[str, str]:
    labels = {key: str(label) for key, label in StakeholderGroup.choices}
    labels[OTHERS] = _("other groups together")
    labels[ALL] = _("everyone")
    return labels


# --- Waves ---------------------------------------------------------------------------------------


@login_required
def wave_list(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "scan.results", region)
    waves = policy.visible(request.user, Wave.objects.select_related("region", "version"))
    if region is not None:
        waves = waves.filter(region=region)
    waves = waves.with_counts().order_by("-opens_on", "-pk")
    return render(
        request,
        "collaboration/wave_list.html",
        {
            "region": region,
            "can_open": region is not None and policy.can(request.user, "scan.manage", region),
            **paginate(request, waves),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    policy.require(request.user, "scan.manage", region)
    version = ScanVersion.objects.current().first()
    form = WaveForm(request.POST or None, initial=WaveForm.initial_for(region))
    context = {"form": form, "region": region, "version": version}
    if request.method == "POST":
        if form.is_valid():
            try:
                wave = services.open_wave(actor=request.user, region=region, **form.cleaned_data)
            except services.ScanError as error:
                form.add_error(None, error_text(error.code))
            else:
                messages.success(request, _("The wave is open. Now invite the people to answer."))
                return redirect("collaboration:wave_invite", pk=wave.pk)
        return render(request, "collaboration/wave_form.html", context, status=400)
    return render(request, "collaboration/wave_form.html", context)


def _wave(request: HttpRequest, pk: int, action: str = "scan.results") -> Wave:
    wave = policy.get_visible_or_404(
        request.user, Wave.objects.select_related("region", "version", "created_by"), pk=pk
    )
    policy.require(request.user, action, wave.region)
    return wave


def _detail(request: HttpRequest, wave: Wave, status: int = 200, error: str = "") -> HttpResponse:
    can_manage = policy.can(request.user, "scan.manage", wave.region)
    context: dict[str, Any] = {
        "wave": wave,
        "rate": selectors.response_rate(wave),
        "can_manage": can_manage,
        "accepts": wave.accepts_answers(),
        "ended": wave.has_ended(),
        "error": error,
        "reminder_days": services.REMINDER_DAYS,
    }
    if can_manage:
        context["due"] = services.invitations_due(wave=wave).count()
        context["last_reminder"] = services.last_reminder(wave)
        invitations = policy.visible(request.user, Invitation.objects.filter(wave=wave)).order_by(
            "group", "email", "pk"
        )
        context.update(paginate(request, invitations))
    return render(request, "collaboration/wave_detail.html", context, status=status)


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _wave(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def wave_invite(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "scan.manage")
    candidates = selectors.invitation_candidates(wave)
    form = InviteForm(request.POST or None, candidates=candidates)
    groups = []
    for value, label in StakeholderGroup.choices:
        members = [c for c in candidates if c.group == value]
        if members:
            groups.append({"key": value, "label": label, "candidates": members})
    context = {"wave": wave, "form": form, "groups": groups, "ended": wave.has_ended()}
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.invite(actor=request.user, wave=wave, invitees=form.invitees())
            except services.ScanError as error:
                form.add_error(None, error_text(error.code))
            else:
                if report.invited:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s invitation has been sent.",
                            "%(count)s invitations have been sent.",
                            len(report.invited),
                        )
                        % {"count": len(report.invited)},
                    )
                if report.already:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)s address was already invited.",
                            "%(count)s addresses were already invited.",
                            len(report.already),
                        )
                        % {"count": len(report.already)},
                    )
                if report.failed:
                    messages.error(
                        request,
                        _(
                            "Some e-mails could not be sent now: %(list)s. They go out with "
                            "the next reminders."
                        )
                        % {"list": ", ".join(report.failed)},
                    )
                return redirect(wave)
        return render(request, "collaboration/wave_invite.html", context, status=400)
    if candidates:
        audit.record(
            actor=request.user,
            action="contactpoint.viewed",
            obj=wave,
            fields=["name", "email"],
            detail=f"{len(candidates)} people to invite to the scan",
        )
    return render(request, "collaboration/wave_invite.html", context)


@login_required
@require_POST
def wave_remind(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "scan.manage")
    if not wave.accepts_answers():
        return _detail(request, wave, status=400, error=_("This wave does not take answers now."))
    report = services.send_reminders(actor=request.user, wave=wave)
    sent = report.reminded + report.invited
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s reminder has been sent.", "%(count)s reminders have been sent.", sent
            )
            % {"count": sent},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody to remind now: everyone who has not answered got an e-mail in the last "
                "%(days)s days."
            )
            % {"days": services.REMINDER_DAYS},
        )
    if report.failed:
        messages.error(request, _("Some e-mails could not be sent; they are tried again later."))
    return redirect(wave)


@login_required
@require_POST
def wave_close(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "scan.manage")
    try:
        services.close_wave(actor=request.user, wave=wave)
    except services.ScanError as error:
        return _detail(request, wave, status=400, error=error_text(error.code))
    messages.success(request, _("The wave is closed. The results are ready."))
    return redirect("collaboration:wave_results", pk=wave.pk)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation: int) -> HttpResponse:
    wave = _wave(request, pk, "scan.manage")
    found = policy.get_visible_or_404(
        request.user, Invitation.objects.filter(wave=wave), pk=invitation
    )
    try:
        services.withdraw_invitation(actor=request.user, invitation=found)
    except services.ScanError as error:
        return _detail(request, wave, status=400, error=error_text(error.code))
    messages.success(request, _("The invitation has been withdrawn; its link no longer works."))
    return redirect(wave)


@login_required
def wave_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire as invitees see it, without a link and without saving."""
    wave = _wave(request, pk, "scan.manage")
    dimensions = services.questionnaire(wave.version)
    form = AnswerForm(dimensions=dimensions)
    context = answer_context(wave, form, dimensions, preview=True)
    return render(request, "collaboration/links/answer.html", context)


# --- Results -------------------------------------------------------------------------------------


def _series(result: results.WaveResult) -> list[charts.Series]:
    labels = _group_labels()
    series = [charts.Series(key=ALL, label=labels[ALL], colour="#1d1d1f", shape="diamond")]
    present = {cell.group for d in result.dimensions for cell in d.groups if cell.stats}
    for group, _size in result.group_sizes:
        if group in present:
            colour, shape = GROUP_STYLE.get(group, ("#6B6B6B", "circle"))
            series.append(
                charts.Series(key=group, label=labels.get(group, group), colour=colour, shape=shape)
            )
    if any(d.others for d in result.dimensions):
        series.append(
            charts.Series(key=OTHERS, label=labels[OTHERS], colour="#6B6B6B", shape="down")
        )
    return series


def groups_plot(
    result: results.WaveResult, row_height: float = charts.ROW_HEIGHT
) -> charts.DotPlot:
    rows = []
    for dimension in result.dimensions:
        values: dict[str, float | None] = {}
        band = None
        if dimension.overall is not None:
            values[ALL] = dimension.overall.mean
            band = (dimension.overall.low, dimension.overall.high)
        for cell in dimension.groups:
            if cell.stats is not None:
                values[cell.group] = cell.stats.mean
        if dimension.others is not None:
            values[OTHERS] = dimension.others.mean
        rows.append(charts.PlotRow(label=dimension.title, values=values, band=band))
    return charts.dot_plot(rows, _series(result), row_height=row_height)


def trend_plot(rows: list[results.TrendRow]) -> charts.DotPlot | None:
    if not rows or len(rows[0].points) < 2:
        return None
    points = rows[0].points
    count = len(points)
    colours = WAVE_COLOURS[-count:] if count <= len(WAVE_COLOURS) else WAVE_COLOURS
    series = [
        charts.Series(
            key=str(point.wave_id),
            label=point.label,
            colour=colours[min(index, len(colours) - 1)],
            shape="circle",
            hollow=index < count - 1,
        )
        for index, point in enumerate(points)
    ]
    plot_rows = [
        charts.PlotRow(label=row.title, values={str(p.wave_id): p.mean for p in row.points})
        for row in rows
    ]
    return charts.dot_plot(plot_rows, series, join=True)


def _difference(found: results.Difference, labels: dict[str, str]) -> dict[str, Any]:
    pair = {found.high_group, found.low_group}
    return {
        "key": found.key,
        "title": found.title,
        "high": labels.get(found.high_group, found.high_group),
        "high_mean": found.high_mean,
        "low": labels.get(found.low_group, found.low_group),
        "low_mean": found.low_mean,
        "gap": found.gap,
        "agii_and_local": pair == {StakeholderGroup.AGII, StakeholderGroup.LOCAL_GOVERNMENT},
    }


def present(found: results.WaveResult) -> dict[str, Any]:
    """The result with labels in place, ready for the templates (no lookups in templates)."""
    labels = _group_labels()
    any_shown = {
        cell.group
        for dimension in found.dimensions
        for cell in dimension.groups
        if cell.stats is not None
    }
    dimensions = []
    for dimension in found.dimensions:
        dimensions.append(
            {
                "key": dimension.key,
                "title": dimension.title,
                "description": dimension.description,
                "overall": dimension.overall,
                "cells": [
                    {
                        "group": cell.group,
                        "label": labels.get(cell.group, cell.group),
                        "stats": cell.stats,
                        "hidden": cell.hidden,
                        "any_shown": cell.group in any_shown,
                    }
                    for cell in dimension.groups
                ],
                "others": dimension.others,
                "others_label": ", ".join(labels.get(g, g) for g in dimension.others_groups),
                "statements": dimension.statements,
                "differences": [_difference(d, labels) for d in dimension.differences],
            }
        )
    return {
        "columns": [
            {
                "group": group,
                "label": labels.get(group, group),
                "size": size,
                "any_shown": group in any_shown,
            }
            for group, size in found.group_sizes
        ],
        "dimensions": dimensions,
        "differences": [_difference(d, labels) for d in found.differences],
        "has_others": any(d.others for d in found.dimensions),
        "has_hidden": any(cell.hidden for d in found.dimensions for cell in d.groups),
    }


def _results_context(wave: Wave) -> dict[str, Any]:
    page = selectors.results_page(wave)
    found, waves, trend_rows = page.result, page.waves, page.trend
    return {
        "wave": wave,
        "result": found,
        "shown": present(found),
        "plot": groups_plot(found) if found.shown else None,
        "trend_rows": trend_rows if len(waves) > 1 else [],
        "trend_waves": waves,
        "trend_plot": trend_plot(trend_rows) if len(waves) > 1 else None,
        "open_answers": selectors.open_answers(wave, page.specs, found.respondents),
        "scale": SCALE_LABELS,
        "others_label": _group_labels()[OTHERS],
        "min_group": results.MIN_GROUP,
        "difference": results.DIFFERENCE,
    }


@login_required
def wave_results(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    context: dict[str, Any] = {
        "wave": wave,
        "ready": not wave.is_open,
        # A milestone goes on the timeline of the current region.
        "can_add_milestone": wave.region == _region(request)
        and policy.can(request.user, "timeline.manage", wave.region),
    }
    if not wave.is_open:
        context.update(_results_context(wave))
    else:
        context["rate"] = selectors.response_rate(wave)
    return render(request, "collaboration/wave_results.html", context)


@login_required
def wave_print(request: HttpRequest, pk: int) -> HttpResponse:
    """One printable page for the network meeting."""
    wave = _wave(request, pk)
    context: dict[str, Any] = {"wave": wave, "ready": not wave.is_open}
    if not wave.is_open:
        context.update(_results_context(wave))
        if context["result"].shown:
            context["plot"] = groups_plot(context["result"], row_height=PRINT_ROW_HEIGHT)
    return render(request, "collaboration/wave_print.html", context)


# --- Versions (programme admin) ------------------------------------------------------------------


def _versions(request: HttpRequest, status: int = 200, error: str = "") -> HttpResponse:
    versions = policy.visible(request.user, ScanVersion.objects.all()).with_counts()
    return render(
        request,
        "collaboration/version_list.html",
        {
            "versions": versions.order_by("-number"),
            "has_draft": any(v.is_draft for v in versions),
            "error": error,
        },
        status=status,
    )


@login_required
def version_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "scan.version_manage")
    return _versions(request)


@login_required
@require_POST
def version_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "scan.version_manage")
    try:
        version = services.create_draft_version(actor=request.user)
    except services.ScanError as error:
        return _versions(request, status=400, error=error_text(error.code))
    messages.success(request, _("A new draft has been made from the latest version."))
    return redirect(version)


def _version(request: HttpRequest, pk: int) -> ScanVersion:
    policy.require(request.user, "scan.version_manage")
    return policy.get_visible_or_404(request.user, ScanVersion.objects.all(), pk=pk)


def _version_page(
    request: HttpRequest,
    version: ScanVersion,
    status: int = 200,
    error: str = "",
    form: PublishForm | None = None,
) -> HttpResponse:
    problems = (
        [(title, error_text(code)) for title, code in services.version_problems(version)]
        if version.is_draft
        else []
    )
    return render(
        request,
        "collaboration/version_detail.html",
        {
            "version": version,
            "dimensions": services.questionnaire(version),
            "problems": problems,
            "error": error,
            "publish_form": form or PublishForm(),
            "wave_count": version.waves.count(),
        },
        status=status,
    )


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_page(request, _version(request, pk))


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, status=400, form=form)
    try:
        services.publish_version(actor=request.user, version=version, **form.cleaned_data)
    except services.ScanError as error:
        status = 409 if error.code == "not_draft" else 400
        return _version_page(
            request, version, status=status, error=error_text(error.code), form=form
        )
    messages.success(
        request,
        _("Version %(number)s is published: new waves use it.") % {"number": version.number},
    )
    return redirect("collaboration:version_list")


@login_required
@require_POST
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    try:
        services.discard_draft(actor=request.user, version=version)
    except services.ScanError as error:
        return _version_page(request, version, status=409, error=error_text(error.code))
    messages.success(request, _("The draft has been discarded."))
    return redirect("collaboration:version_list")


def _locked(request: HttpRequest, version: ScanVersion) -> HttpResponse:
    return _version_page(request, version, status=409, error=error_text("not_draft"))


@login_required
@require_http_methods(["GET", "POST"])
def dimension_create(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if not version.is_draft:
        return _locked(request, version)
    last = max((d.order for d in version.dimensions.all()), default=0)
    form = DimensionForm(request.POST or None, initial={"order": last + 1})
    context = {"version": version, "form": form, "dimension": None}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_dimension(actor=request.user, version=version, **form.service_kwargs())
            except services.ScanError as error:
                if error.code == "not_draft":
                    return _locked(request, version)
                form.add_error("key" if error.code == "key_taken" else None, error_text(error.code))
            else:
                messages.success(request, _("The dimension has been added."))
                return redirect(version)
        return render(request, "collaboration/dimension_form.html", context, status=400)
    return render(request, "collaboration/dimension_form.html", context)


def _dimension(request: HttpRequest, pk: int, dimension: int) -> tuple[ScanVersion, Dimension]:
    version = _version(request, pk)
    found = policy.get_visible_or_404(
        request.user,
        Dimension.objects.filter(version=version).select_related("open_question"),
        pk=dimension,
    )
    return version, found


@login_required
@require_http_methods(["GET", "POST"])
def dimension_update(request: HttpRequest, pk: int, dimension: int) -> HttpResponse:
    version, found = _dimension(request, pk, dimension)
    if not version.is_draft:
        return _locked(request, version)
    form = DimensionForm(
        request.POST or None, with_key=False, initial=DimensionForm.initial_for(found)
    )
    context = {"version": version, "form": form, "dimension": found}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_dimension(
                    actor=request.user, dimension=found, **form.service_kwargs()
                )
            except services.ScanError as error:
                if error.code == "not_draft":
                    return _locked(request, version)
                form.add_error(None, error_text(error.code))
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(version)
        return render(request, "collaboration/dimension_form.html", context, status=400)
    return render(request, "collaboration/dimension_form.html", context)


@login_required
@require_POST
def dimension_delete(request: HttpRequest, pk: int, dimension: int) -> HttpResponse:
    version, found = _dimension(request, pk, dimension)
    try:
        services.remove_dimension(actor=request.user, dimension=found)
    except services.ScanError:
        return _locked(request, version)
    messages.success(request, _("The dimension has been removed from the draft."))
    return redirect(version)


# --- The spread over regions ---------------------------------------------------------------------


@login_required
def spread(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "scan.spread")
    rows, region_count = selectors.programme_spread()
    shown = [row for row in rows if row.shown]
    plot = None
    if shown:
        plot = charts.box_plot(
            [
                charts.BoxRow(
                    label=row.title,
                    minimum=row.minimum,
                    q1=row.q1,
                    median=row.median,
                    q3=row.q3,
                    maximum=row.maximum,
                )
                for row in shown
            ]
        )
    return render(
        request,
        "collaboration/spread.html",
        {
            "rows": rows,
            "plot": plot,
            "region_count": region_count,
            "min_regions": results.MIN_REGIONS,
            "can_manage_versions": policy.can(request.user, "scan.version_manage"),
            "min_group": results.MIN_GROUP,
        },
    )


# --- Shared with the link page -------------------------------------------------------------------


def answer_context(
    wave: Wave,
    form: AnswerForm,
    dimensions: list[Dimension],
    *,
    preview: bool = False,
    readonly: bool = False,
) -> dict[str, Any]:
    """What the answer page shows: per dimension its statements with the chosen answer (the
    posted one, else the saved one) and its open question."""
    sections = []
    answered = total = 0
    for number, dimension in enumerate(dimensions, start=1):
        statements = []
        for statement in dimension.statements.all():
            field = form[f"s{statement.pk}"]
            value = field.value() or ""
            total += 1
            answered += 1 if value else 0
            statements.append(
                {
                    "name": f"s{statement.pk}",
                    "text": statement.text,
                    "value": str(value),
                    "errors": field.errors,
                    "label": _choice_label(field, value),
                }
            )
        question = getattr(dimension, "open_question", None)
        question_field = form[f"q{question.pk}"] if question is not None else None
        done = sum(1 for s in statements if s["value"])
        sections.append(
            {
                "number": number,
                "anchor": f"dimensie-{dimension.key}",
                "title": dimension.title,
                "description": dimension.description,
                "statements": statements,
                "done": done,
                "question": question,
                "question_field": question_field,
                "question_value": (question_field.value() or "") if question_field else "",
                "has_error": any(s["errors"] for s in statements),
            }
        )
    options = [(str(value), label) for value, label in SCALE_LABELS]
    return {
        "wave": wave,
        "form": form,
        "sections": sections,
        "answered": answered,
        "total": total,
        "options": options,
        "preview": preview,
        "readonly": readonly,
        "page_lang": translation.get_language(),
        "page_dir": "ltr",
    }


def _choice_label(field: Any, value: Any) -> str:
    for choice, label in field.field.choices:
        if str(choice) == str(value):
            return str(label)
    return ""
