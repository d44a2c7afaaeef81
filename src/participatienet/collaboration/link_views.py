"""The answer page behind an invitee's personal link (no account needed).

- GET shows the questionnaire with the draft saved behind the link, or, once submitted, the
  answers read-only. It never changes anything.
- POST saves a draft (anything may be missing) or submits (every statement answered, 1-5 or
  "don't know"), then redirects to the same link. Bad input re-renders the form with status
  400 and writes nothing.
- An altered link answers 400; an expired link or a closed wave 410, with a page that says so;
  posting to a submitted response 410 as well; a wave that has not opened yet refuses answers
  with 409.

The pages are in Dutch, whatever the browser asks for, like the partners' link pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatienet.accounts import links
from participatienet.collaboration import services
from participatienet.collaboration.forms import AnswerForm
from participatienet.collaboration.models import Wave
from participatienet.collaboration.views import answer_context

STATUS = {"invalid": 400, "expired": 410, "used": 410, "closed": 410, "submitted": 410}
STATUS["not_yet"] = 409

#: Query parameters of the page after a redirect: a draft was saved, the answers were sent.
SAVED, SENT = "opgeslagen", "verzonden"


def _private(response: HttpResponse) -> HttpResponse:
    """Personal: never cached, never indexed, the token never sent on as a referrer."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _problem(
    request: HttpRequest, reason: str, wave: Wave | None = None, submitted: bool = False
) -> HttpResponse:
    pages = {
        "invalid": (
            _("This link does not work"),
            _(
                "The link is incomplete or has been changed. Open it again from the e-mail, or "
                "copy the whole link."
            ),
        ),
        "expired": (
            _("This scan is closed"),
            _("The link worked until the scan closed. Answers can no longer be given."),
        ),
        "used": (
            _("This scan is closed"),
            _("The link worked until the scan closed. Answers can no longer be given."),
        ),
        "closed": (
            _("This scan is closed"),
            _("The coordinator has closed the scan. Answers can no longer be given."),
        ),
        "submitted": (
            _("Your answers have already been sent"),
            _("Sent answers can no longer be changed. Thank you for taking part!"),
        ),
        "not_yet": (
            _("This scan is not open yet"),
            _("Come back with the same link on the day it opens."),
        ),
    }
    title, body = pages[reason]
    return render(
        request,
        "collaboration/links/problem.html",
        {
            "reason": reason,
            "title": title,
            "body": body,
            "wave": wave,
            "submitted": submitted,
            "page_lang": translation.get_language(),
            "page_dir": "ltr",
        },
        status=STATUS[reason],
    )


def _form_page(
    request: HttpRequest,
    access: services.LinkAccess,
    form: AnswerForm,
    *,
    status: int = 200,
    readonly: bool = False,
    **extra: Any,
) -> HttpResponse:
    context = answer_context(access.wave, form, form.dimensions, readonly=readonly)
    context.update(
        group=access.invitation.get_group_display(),
        region=access.wave.region,
        saved=request.GET.get(SAVED) == "1",
        sent=request.GET.get(SENT) == "1",
        **extra,
    )
    return render(request, "collaboration/links/answer.html", context, status=status)


def _show(request: HttpRequest, access: services.LinkAccess, state: str) -> HttpResponse:
    dimensions = services.questionnaire(access.wave.version)
    scores, texts = services.saved_answers(access.response)
    form = AnswerForm(dimensions=dimensions, initial=AnswerForm.initial_from(scores, texts))
    if state == "submitted":
        return _form_page(request, access, form, readonly=True)
    return _form_page(request, access, form)


def _answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        access = services.open_link(token)
    except links.LinkError as error:
        return _problem(request, error.reason)
    state = services.link_state(access)
    if request.method != "POST":
        if state in ("open", "submitted"):
            return _show(request, access, state)
        if state == "not_yet":
            return _problem(request, state, access.wave)
        return _problem(request, "closed", access.wave, submitted=access.submitted)
    if state != "open":
        return _problem(request, state, access.wave, submitted=access.submitted)
    dimensions = services.questionnaire(access.wave.version)
    form = AnswerForm(request.POST, dimensions=dimensions)
    if not form.is_valid():
        return _form_page(request, access, form, status=400)
    try:
        services.save_answers(
            raw=token, scores=form.scores(), texts=form.texts(), submit=form.submit
        )
    except links.LinkError as error:
        return _problem(request, error.reason)
    except services.ScanError as error:
        if error.code in STATUS:
            return _problem(request, error.code, access.wave, submitted=error.code == "submitted")
        form.add_error(None, _("Your answers could not be saved. Please try again."))
        return _form_page(request, access, form, status=400)
    return redirect(f"{request.path}?{SENT if form.submit else SAVED}=1")


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """``/samenwerking/scan/<token>/``: the scan for the invitee of this link."""
    with translation.override(settings.LANGUAGE_CODE):
        response = _answer(request, token)
        response["Content-Language"] = translation.get_language()
    return _private(response)
