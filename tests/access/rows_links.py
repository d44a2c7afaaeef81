"""Rows for the pages behind signed links and the partner's in-app pages (``links:*``).

Link pages are public: whoever holds a valid link gets the page (200), with or without an
account; a GET never uses a link. An altered link answers 400 for everyone, an expired or used
one 410. Every test gets a fresh world, so a POST row uses a fresh link each time.

The partner's in-app pages go through the policy: objects outside the user's scope 404, actions
the user may not take 403.
- ``partner_todo``: partner contacts only; every other role 403 (no organisation to do it for).
- ``partner_referral`` (``participation.answer``): the hosting partner contact, and whoever runs
  the trajectory (the region's coordinator, the newcomer's counsellor, a programme admin: they
  may record an answer given by phone); a local worker sees the newcomer of its municipality but
  may not answer (403); everyone else does not see it (404).
- ``partner_hours`` and ``partner_feedback`` (``hours.confirm``): only the hosting partner
  contact (200); those who see the participation but are not its partner 403; others 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participatienet.accounts import links
from participatienet.trajectories import services
from tests import factories
from tests.access.rows import LOGIN, Row, everyone, extra, only

RECIPIENT = "contact@club.be"


# --- Builders (also used by tests/trajectories/test_links_*.py and test_partner_*.py) -----------


def referred(world, *, organisation=None, counsellor=None, **newcomer):
    """A newcomer (of Gent) referred to an offer of ``organisation`` (the Gent club)."""
    offer = factories.OfferFactory(organisation=organisation or world.gent_club)
    trajectory = factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(counsellor=counsellor, **newcomer)
    )
    return factories.ParticipationFactory(
        trajectory=trajectory,
        offer=offer,
        status="referred",
        started_on=None,
        referred_at=timezone.now() - dt.timedelta(days=3),
    )


def active_with_hours(world, *, organisation=None, hours=(4, 3), counsellor=None, **newcomer):
    """A running participation with unconfirmed hour entries (one per value of ``hours``)."""
    offer = factories.OfferFactory(organisation=organisation or world.gent_club)
    trajectory = factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(counsellor=counsellor, **newcomer), status="active"
    )
    participation = factories.ParticipationFactory(
        trajectory=trajectory, offer=offer, status="active"
    )
    for day, value in enumerate(hours, start=1):
        factories.HourEntryFactory(
            participation=participation, date=dt.date(2026, 3, day), hours=value
        )
    return participation


def ended(world, *, organisation=None, status="completed", **newcomer):
    """A participation that ran and ended today (feedback is due)."""
    offer = factories.OfferFactory(organisation=organisation or world.gent_club)
    trajectory = factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(**newcomer), status="active"
    )
    return factories.ParticipationFactory(
        trajectory=trajectory,
        offer=offer,
        status=status,
        ended_on=timezone.localdate(),
        stop_reason="verhuisd" if status == "stopped" else "",
    )


def link(purpose, participation, **kwargs):
    return links.create(purpose=purpose, obj=participation, recipient=RECIPIENT, **kwargs)


def used_link(purpose, participation):
    raw = link(purpose, participation)
    links.use(links.open(raw))
    return raw


def tampered(raw: str) -> str:
    """The same token with one character of its signature changed."""
    last = raw[-1]
    return raw[:-1] + ("A" if last != "A" else "B")


# --- Rows ---------------------------------------------------------------------------------------


def _token(key, build):
    return lambda w: {"token": extra(w, key, build)}


def _pk(key, build):
    return lambda w: {"pk": extra(w, key, build).pk}


PUBLIC_OK = everyone(200, anonymous=200)

_referral_link = _token("referral link", lambda w: link(services.PURPOSE_ANSWER, referred(w)))
_hours_participation = lambda w: extra(w, "hours participation", active_with_hours)  # noqa: E731
_hours_link = _token("hours link", lambda w: link(services.PURPOSE_HOURS, _hours_participation(w)))
_ended = lambda w: extra(w, "ended participation", ended)  # noqa: E731
_newcomer_link = _token(
    "newcomer feedback link", lambda w: link(services.PURPOSE_FEEDBACK_NEWCOMER, _ended(w))
)
_partner_link = _token(
    "partner feedback link", lambda w: link(services.PURPOSE_FEEDBACK_PARTNER, _ended(w))
)


def _answerers(outcome):
    """``participation.answer`` on a Gent referral: the partner and who runs the trajectory."""
    return only(
        {
            "programme_admin": outcome,
            "coordinator": outcome,
            "partner_contact": outcome,
            "local_worker": 403,
        },
        404,
    )


def _hosting_partner(outcome):
    """``hours.confirm``: only the hosting partner; those who see the participation 403."""
    return only(
        {
            "partner_contact": outcome,
            "programme_admin": 403,
            "coordinator": 403,
            "local_worker": 403,
        },
        404,
    )


def _confirm_all(w):
    participation = _hours_participation(w)
    ids = ",".join(str(pk) for pk in participation.hour_entries.values_list("pk", flat=True))
    return {"purpose": services.PURPOSE_HOURS, "entries": ids, "shortcut": "all"}


def _confirm_all_in_app(w):
    return {k: v for k, v in _confirm_all(w).items() if k != "purpose"}


ROWS = [
    # --- Signed links: public -------------------------------------------------------------------
    Row("links:open", PUBLIC_OK, kwargs=_referral_link, note="referral answer"),
    Row("links:open", PUBLIC_OK, kwargs=_hours_link, note="hours confirmation"),
    Row("links:open", PUBLIC_OK, kwargs=_newcomer_link, note="newcomer feedback"),
    Row("links:open", PUBLIC_OK, kwargs=_partner_link, note="partner feedback"),
    Row(
        "links:open",
        PUBLIC_OK,
        kwargs=_newcomer_link,
        query=lambda w: "lang=ar",
        note="newcomer feedback in Arabic",
    ),
    Row(
        "links:open",
        everyone(400, anonymous=400),
        kwargs=lambda w: {"token": "dit-is-geen-link"},
        note="not a link",
    ),
    Row(
        "links:open",
        everyone(400, anonymous=400),
        kwargs=lambda w: {
            "token": tampered(extra(w, "tampered", lambda w: link("hours.confirm", referred(w))))
        },
        note="altered link",
    ),
    Row(
        "links:open",
        everyone(410, anonymous=410),
        kwargs=_token("expired", lambda w: link(services.PURPOSE_ANSWER, referred(w), days=0)),
        note="expired link",
    ),
    Row(
        "links:open",
        everyone(410, anonymous=410),
        kwargs=_token("used", lambda w: used_link(services.PURPOSE_ANSWER, referred(w))),
        note="used link",
    ),
    Row(
        "links:open",
        PUBLIC_OK,
        method="post",
        kwargs=_referral_link,
        data=lambda w: {"purpose": services.PURPOSE_ANSWER, "answer": "accept"},
        note="accept a referral",
    ),
    Row(
        "links:open",
        everyone(400, anonymous=400),
        method="post",
        kwargs=_referral_link,
        data=lambda w: {"purpose": services.PURPOSE_ANSWER, "answer": "decline"},
        note="decline without a reason",
    ),
    Row(
        "links:open",
        PUBLIC_OK,
        method="post",
        kwargs=_hours_link,
        data=_confirm_all,
        note="confirm all hours",
    ),
    Row(
        "links:open",
        everyone(400, anonymous=400),
        method="post",
        kwargs=_hours_link,
        data=lambda w: {"purpose": services.PURPOSE_ANSWER, "answer": "accept"},
        note="an hours link cannot answer a referral",
    ),
    Row(
        "links:open",
        PUBLIC_OK,
        method="post",
        kwargs=_newcomer_link,
        data=lambda w: {
            "purpose": services.PURPOSE_FEEDBACK_NEWCOMER,
            "lang": "nl",
            "felt_welcome": "5",
        },
        note="newcomer gives feedback",
    ),
    Row(
        "links:open",
        PUBLIC_OK,
        method="post",
        kwargs=_partner_link,
        data=lambda w: {"purpose": services.PURPOSE_FEEDBACK_PARTNER, "fit": "4"},
        note="partner gives feedback",
    ),
    # --- The partner's pages in the app ---------------------------------------------------------
    Row("links:partner_todo", only({"partner_contact": 200}, 403)),
    Row(
        "links:partner_referral",
        _answerers(200),
        kwargs=_pk("referred", referred),
        note="referred to the Gent club",
    ),
    Row(
        "links:partner_referral",
        only(
            {
                "programme_admin": 200,
                "coordinator": 200,
                "counsellor": 200,
                "partner_contact": 200,
                "local_worker": 403,
            },
            404,
        ),
        kwargs=_pk(
            "referred own caseload",
            lambda w: referred(w, counsellor=w.users["counsellor"]),
        ),
        note="the counsellor's own newcomer",
    ),
    Row(
        "links:partner_referral",
        only({"programme_admin": 200, "coordinator": 200, "local_worker": 403}, 404),
        kwargs=_pk("referred elsewhere", lambda w: referred(w, organisation=w.kempen_club)),
        note="referred to another organisation",
    ),
    Row(
        "links:partner_referral",
        _answerers(302),
        method="post",
        kwargs=_pk("referred", referred),
        data=lambda w: {"answer": "accept"},
        note="accept in the app",
    ),
    Row(
        "links:partner_hours",
        _hosting_partner(200),
        kwargs=lambda w: {"pk": _hours_participation(w).pk},
    ),
    Row(
        "links:partner_hours",
        _hosting_partner(302),
        method="post",
        kwargs=lambda w: {"pk": _hours_participation(w).pk},
        data=_confirm_all_in_app,
        note="confirm all in the app",
    ),
    Row(
        "links:partner_hours",
        only({"programme_admin": 403, "coordinator": 403, "local_worker": 403}, 404),
        kwargs=_pk("hours elsewhere", lambda w: active_with_hours(w, organisation=w.kempen_club)),
        note="hours of another organisation",
    ),
    Row(
        "links:partner_feedback",
        _hosting_partner(200),
        kwargs=lambda w: {"pk": _ended(w).pk},
    ),
    Row(
        "links:partner_feedback",
        _hosting_partner(302),
        method="post",
        kwargs=lambda w: {"pk": _ended(w).pk},
        data=lambda w: {"fit": "5", "would_host_again": "5"},
        note="give feedback in the app",
    ),
]

__all__ = ["LOGIN", "ROWS"]
