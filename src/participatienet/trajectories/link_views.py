"""Pages behind signed links, for people without an account.

One URL (``links:open``) reads the link's purpose and shows the page for it: a partner answers a
referral, confirms hours or gives feedback; a newcomer gives feedback in their own language.

- GET shows the page and never changes anything (a link stays usable until it is submitted).
- POST does the work in one transaction: the link is opened for its purpose with its row
  locked, the form is validated, the service is called and the link is marked used. Bad input
  re-renders the form with status 400 and writes nothing.
- An altered link answers 400, an expired or used one 410, with a page that says what happened
  and what to do. A link only ever acts on its own object and for its own purpose.

Partner pages are in Dutch (the gettext catalogue); the newcomer's pages use
``feedback_texts`` in the newcomer's language, switchable with ``?lang=``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatienet.accounts import links
from participatienet.accounts.models import LinkToken
from participatienet.trajectories import feedback_texts, link_services, services
from participatienet.trajectories.choices import ParticipationStatus, Respondent
from participatienet.trajectories.link_forms import (
    PARTNER_SCALE_LABELS,
    HoursForm,
    NewcomerFeedbackForm,
    PartnerFeedbackForm,
    ReferralAnswerForm,
    parse_entry_ids,
    scales_of,
)
from participatienet.trajectories.models import HourEntry, Participation

#: Status codes of the problem pages.
STATUS = {"invalid": 400, "expired": 410, "used": 410, "answered": 410, "closed": 410, "given": 410}


class _Problem(Exception):
    """The link is fine but its work is done or no longer possible (shown as a problem page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Invalid(Exception):
    """The form did not validate: re-render it with status 400 (nothing is written)."""


class _Stale(Exception):
    """The hours shown are no longer the hours waiting: re-render with the current list."""


def _private(response: HttpResponse) -> HttpResponse:
    """A link page is personal: never cached, never indexed, and its address (the token) never
    sent to another site as a referrer. ("no-referrer" would be stricter, but then browsers
    send ``Origin: null`` with the form and Django's CSRF check refuses it.)"""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _partner_render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a partner's page in Dutch, whatever the browser asks for."""
    with translation.override(settings.LANGUAGE_CODE):
        language = translation.get_language()
        response = render(
            request,
            template,
            {"page_lang": language, "page_dir": "ltr", **context},
            status=status,
        )
    response["Content-Language"] = language
    return response


def _check_posted_purpose(request: HttpRequest, purpose: str) -> None:
    """A form for one purpose can never be sent to a link for another."""
    if request.POST.get("purpose") != purpose:
        raise links.LinkInvalid


# --- Problem pages -------------------------------------------------------------------------------


def _partner_problem(
    request: HttpRequest, reason: str, participation: Participation | None = None
) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        ask = _("Ask the trajectory counsellor who sent you the link for a new one.")
        pages = {
            "invalid": (
                _("This link does not work"),
                _(
                    "The link is incomplete or has been changed. Open it again from the e-mail, "
                    "or copy the whole link."
                ),
                ask,
            ),
            "expired": (
                _("This link has expired"),
                _("Links work for a limited time, and this one is too old."),
                ask,
            ),
            "used": (
                _("This link has already been used"),
                _("Each link works once. What was done with it has been saved."),
                _("Is something not right? Contact the trajectory counsellor."),
            ),
            "answered": (
                _("This referral has already been answered"),
                _("Someone of your organisation already answered it, by link or in the app."),
                _("Is something not right? Contact the trajectory counsellor."),
            ),
            "closed": (
                _("This referral is no longer open"),
                _("The trajectory counsellor closed it. You do not need to do anything."),
                "",
            ),
            "given": (
                _("Feedback has already been given"),
                _("Feedback on this participation has already been saved. Thank you!"),
                "",
            ),
        }
        title, body, advice = pages[reason]
    other_languages = []
    if reason in ("invalid", "expired"):
        # The link may have been a newcomer's: say it in their languages too.
        for code in feedback_texts.LANGUAGES:
            if code == feedback_texts.DEFAULT_LANGUAGE:
                continue
            texts = feedback_texts.texts_for(code)
            other_languages.append(
                {
                    "code": code,
                    "dir": texts.direction,
                    "title": texts[f"{reason}_title"],
                    "body": texts[f"{reason}_body"],
                }
            )
    response = _partner_render(
        request,
        "trajectories/links/problem.html",
        {
            "reason": reason,
            "title": title,
            "body": body,
            "advice": advice,
            "calm": reason in ("used", "answered", "closed", "given"),
            "participation": participation,
            "other_languages": other_languages,
        },
        status=STATUS[reason],
    )
    return _private(response)


def _newcomer_language(
    request: HttpRequest, participation: Participation | None, posted: bool = False
) -> feedback_texts.FormTexts:
    asked = request.POST.get("lang") if posted else request.GET.get("lang")
    preferred = participation.trajectory.newcomer.preferred_language if participation else None
    return feedback_texts.texts_for(feedback_texts.language_or_default(asked, preferred))


def _newcomer_render(
    request: HttpRequest,
    template: str,
    texts: feedback_texts.FormTexts,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        template,
        {
            "page_lang": texts.code,
            "page_dir": texts.direction,
            "texts": texts,
            "languages": feedback_texts.switch(texts.code),
            **context,
        },
        status=status,
    )
    response["Content-Language"] = texts.code
    return _private(response)


def _newcomer_problem(
    request: HttpRequest, reason: str, participation: Participation | None, posted: bool = False
) -> HttpResponse:
    texts = _newcomer_language(request, participation, posted)
    return _newcomer_render(
        request,
        "trajectories/links/newcomer_problem.html",
        texts,
        {"reason": reason, "title": texts[f"{reason}_title"], "body": texts[f"{reason}_body"]},
        status=STATUS[reason],
    )


def _participation_of(record: LinkToken) -> Participation | None:
    try:
        return link_services.link_participation(record)
    except links.LinkError:
        return None


# --- Referral answer -----------------------------------------------------------------------------


def _referral_context(participation: Participation, form: ReferralAnswerForm) -> dict[str, Any]:
    newcomer = link_services.newcomer_for_partner(participation.trajectory.newcomer)
    offer = participation.offer
    return {
        "participation": participation,
        "newcomer": newcomer,
        "counsellor": link_services.counsellor_of(participation),
        "offer_schedule": link_services.availability_labels(offer.schedule_mask) if offer else [],
        "form": form,
        "purpose": services.PURPOSE_ANSWER,
    }


def _show_referral(
    request: HttpRequest, use: link_services.LinkUse, form: ReferralAnswerForm, status: int = 200
) -> HttpResponse:
    context = _referral_context(use.participation, form)
    link_services.record_partner_read(
        actor=None,
        newcomer=use.participation.trajectory.newcomer,
        shown=context["newcomer"],
        via=use.label,
    )
    return _partner_render(request, "trajectories/links/referral.html", context, status=status)


def _referral_state(participation: Participation) -> None:
    if participation.status == ParticipationStatus.REFERRED:
        return
    if participation.answered_at is not None:
        raise _Problem("answered")
    raise _Problem("closed")


def _referral(request: HttpRequest, raw: str, record: LinkToken) -> HttpResponse:
    purpose = services.PURPOSE_ANSWER
    use = None
    try:
        if request.method != "POST":
            token = links.open(raw, purpose=purpose)
            use = link_services.LinkUse(token, link_services.link_participation(token))
            _referral_state(use.participation)
            return _show_referral(request, use, ReferralAnswerForm())
        form = ReferralAnswerForm(request.POST)
        with link_services.using_link(raw, purpose=purpose) as use:
            _check_posted_purpose(request, purpose)
            _referral_state(use.participation)
            if not form.is_valid():
                raise _Invalid
            try:
                services.answer_referral(
                    actor=None,
                    participation=use.participation,
                    accept=form.accept,
                    reason=form.cleaned_data["reason"],
                    via="link",
                )
            except services.TrajectoryError as error:
                if error.code == "already_answered":
                    raise _Problem("answered") from error
                form.add_error(None, _("Your answer could not be saved. Please try again."))
                raise _Invalid from error
            link_services.name_link_answer(use)
    except links.LinkError as error:
        return _partner_problem(request, error.reason)
    except _Problem as problem:
        return _partner_problem(request, problem.reason, use.participation if use else None)
    except _Invalid:
        return _show_referral(request, use, form, status=400)
    participation = link_services.load_participation(use.participation.pk)
    return _partner_render(
        request, "trajectories/links/referral_done.html", {"participation": participation}
    )


# --- Hours ---------------------------------------------------------------------------------------


def _hours_context(
    participation: Participation, hours_form: HoursForm, stale: bool = False
) -> dict[str, Any]:
    return {
        "participation": participation,
        "hours_form": hours_form,
        "progress": link_services.progress_of(participation.trajectory),
        "purpose": services.PURPOSE_HOURS,
        "stale": stale,
    }


def _hours(request: HttpRequest, raw: str, record: LinkToken) -> HttpResponse:
    purpose = services.PURPOSE_HOURS
    use = None
    hours_form = None
    try:
        if request.method != "POST":
            token = links.open(raw, purpose=purpose)
            participation = link_services.link_participation(token)
            hours_form = HoursForm(link_services.unconfirmed_entries(participation))
            return _partner_render(
                request,
                "trajectories/links/hours.html",
                _hours_context(participation, hours_form),
            )
        with link_services.using_link(raw, purpose=purpose) as use:
            _check_posted_purpose(request, purpose)
            entries = _posted_entries(request, use.participation)
            hours_form = HoursForm(entries, request.POST)
            if request.POST.get("shortcut") == "all":
                decisions = hours_form.confirm_all()
            elif hours_form.is_valid():
                decisions = hours_form.decisions()
            else:
                raise _Invalid
            try:
                changed = services.confirm_hours(
                    actor=None, participation=use.participation, decisions=decisions, via="link"
                )
            except services.TrajectoryError as error:
                raise _Stale from error
            link_services.name_link_confirmations(use, changed)
    except links.LinkError as error:
        return _partner_problem(request, error.reason)
    except _Invalid:
        return _partner_render(
            request,
            "trajectories/links/hours.html",
            _hours_context(use.participation, hours_form),
            status=400,
        )
    except _Stale:
        current = HoursForm(link_services.unconfirmed_entries(use.participation))
        return _partner_render(
            request,
            "trajectories/links/hours.html",
            _hours_context(use.participation, current, stale=True),
            status=400,
        )
    changed = list(HourEntry.objects.filter(pk__in=[e.pk for e in changed]).order_by("date", "pk"))
    return _partner_render(
        request,
        "trajectories/links/hours_done.html",
        {
            "participation": use.participation,
            "changed": changed,
            "progress": link_services.progress_of(use.participation.trajectory),
        },
    )


def _posted_entries(request: HttpRequest, participation: Participation) -> list[HourEntry]:
    """The entries the form was shown with; ``_Stale`` unless all still wait for confirmation."""
    try:
        ids = parse_entry_ids(request.POST.get("entries", ""))
    except ValueError as error:
        raise _Stale from error
    entries = link_services.unconfirmed_entries(participation)
    shown = [entry for entry in entries if entry.pk in set(ids)]
    if len(shown) != len(ids):
        raise _Stale
    return shown


# --- Feedback ------------------------------------------------------------------------------------


def _newcomer_feedback(request: HttpRequest, raw: str, record: LinkToken) -> HttpResponse:
    purpose = services.PURPOSE_FEEDBACK_NEWCOMER
    posted = request.method == "POST"
    use = None
    form = None
    try:
        if not posted:
            token = links.open(raw, purpose=purpose)
            participation = link_services.link_participation(token)
            if link_services.newcomer_feedback_given(participation):
                raise _Problem("given")
            texts = _newcomer_language(request, participation)
            form = NewcomerFeedbackForm(texts=texts)
            return _show_newcomer_feedback(request, participation, texts, form)
        with link_services.using_link(raw, purpose=purpose) as use:
            _check_posted_purpose(request, purpose)
            texts = _newcomer_language(request, use.participation, posted=True)
            if link_services.newcomer_feedback_given(use.participation):
                raise _Problem("given")
            form = NewcomerFeedbackForm(request.POST, texts=texts)
            if not form.is_valid():
                raise _Invalid
            try:
                services.give_feedback(
                    participation=use.participation,
                    respondent=Respondent.NEWCOMER,
                    answers=form.answers(),
                    language=texts.code,
                )
            except (services.TrajectoryError, IntegrityError) as error:
                # Given meanwhile (in the app, or by another link to the same form).
                raise _Problem("given") from error
    except links.LinkError as error:
        return _newcomer_problem(request, error.reason, _participation_of(record), posted)
    except _Problem as problem:
        participation = use.participation if use else _participation_of(record)
        return _newcomer_problem(request, problem.reason, participation, posted)
    except _Invalid:
        return _show_newcomer_feedback(request, use.participation, form.texts, form, status=400)
    return _newcomer_render(request, "trajectories/links/feedback_newcomer_done.html", texts, {})


def _show_newcomer_feedback(
    request: HttpRequest,
    participation: Participation,
    texts: feedback_texts.FormTexts,
    form: NewcomerFeedbackForm,
    status: int = 200,
) -> HttpResponse:
    return _newcomer_render(
        request,
        "trajectories/links/feedback_newcomer.html",
        texts,
        {
            "form": form,
            "scales": scales_of(form, texts.scale),
            "intro": texts.intro_parts(participation.title),
            "purpose": services.PURPOSE_FEEDBACK_NEWCOMER,
        },
        status=status,
    )


def _partner_feedback(request: HttpRequest, raw: str, record: LinkToken) -> HttpResponse:
    purpose = services.PURPOSE_FEEDBACK_PARTNER
    use = None
    form = PartnerFeedbackForm(request.POST if request.method == "POST" else None)
    try:
        if request.method != "POST":
            token = links.open(raw, purpose=purpose)
            participation = link_services.link_participation(token)
            if link_services.partner_feedback_given(participation):
                raise _Problem("given")
            return _show_partner_feedback(request, participation, form)
        with link_services.using_link(raw, purpose=purpose) as use:
            _check_posted_purpose(request, purpose)
            if link_services.partner_feedback_given(use.participation):
                raise _Problem("given")
            if not form.is_valid():
                raise _Invalid
            try:
                services.give_feedback(
                    participation=use.participation,
                    respondent=Respondent.PARTNER,
                    answers=form.answers(),
                    language="nl",
                )
            except (services.TrajectoryError, IntegrityError) as error:
                # Given meanwhile (in the app, or by another link to the same form).
                raise _Problem("given") from error
    except links.LinkError as error:
        return _partner_problem(request, error.reason)
    except _Problem as problem:
        return _partner_problem(request, problem.reason)
    except _Invalid:
        return _show_partner_feedback(request, use.participation, form, status=400)
    return _partner_render(request, "trajectories/links/feedback_partner_done.html", {})


def _show_partner_feedback(
    request: HttpRequest, participation: Participation, form: PartnerFeedbackForm, status: int = 200
) -> HttpResponse:
    with translation.override(settings.LANGUAGE_CODE):
        scales = scales_of(form, PARTNER_SCALE_LABELS)
    return _partner_render(
        request,
        "trajectories/links/feedback_partner.html",
        {
            "participation": participation,
            "form": form,
            "scales": scales,
            "purpose": services.PURPOSE_FEEDBACK_PARTNER,
        },
        status=status,
    )


# --- The one URL ---------------------------------------------------------------------------------

PAGES: dict[str, Callable[[HttpRequest, str, LinkToken], HttpResponse]] = {
    services.PURPOSE_ANSWER: _referral,
    services.PURPOSE_HOURS: _hours,
    services.PURPOSE_FEEDBACK_NEWCOMER: _newcomer_feedback,
    services.PURPOSE_FEEDBACK_PARTNER: _partner_feedback,
}


@require_http_methods(["GET", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """``/link/<token>/``: the page for the link's purpose, or a page saying why it fails."""
    try:
        record = links.peek(token)
    except links.LinkError:
        return _partner_problem(request, "invalid")
    page = PAGES.get(record.purpose)
    if page is None:
        return _partner_problem(request, "invalid")
    if record.purpose == services.PURPOSE_FEEDBACK_NEWCOMER:
        return _private(page(request, token, record))
    # A partner's page: in Dutch from the first label to the last error message.
    with translation.override(settings.LANGUAGE_CODE):
        return _private(page(request, token, record))
