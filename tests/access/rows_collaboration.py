"""Rows for the collaboration scan (``collaboration:*``).

- A region's waves and results: its coordinators and viewers (``scan.results``); managing a
  wave (open, invite, remind, close, withdraw, preview) only its coordinators (``scan.manage``).
  Every persona works in its current region: Kempen's coordinator sees Kempen's list, and a
  Gent wave does not exist for it (404). Nor for a programme admin, a counsellor, a local
  worker or a partner contact: a region's own results are for the region (404 on a wave, 403
  on the list). A Gent viewer sees a wave but may not manage it (403).
- Versions of the questionnaire and the spread over regions: the programme admin only. A
  published version answers 409 to any change.
- The region's overview, action plans and timeline: like the scan's results, its coordinators
  and viewers read (``plan.view``, ``timeline.view``), only its coordinators write
  (``plan.manage``, ``timeline.manage``). The pages of the current region answer 403 to the
  others; a Gent plan, goal, action or milestone does not exist for them (404), and the Gent
  viewer may read but not change (403).
- The answer page behind a personal link is public: whoever holds a valid link gets it, with
  or without an account. An altered link answers 400, a closed wave or an expired link 410, a
  post to a submitted response 410; a GET of a submitted response shows it read-only (200).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from participatienet.collaboration import services
from participatienet.collaboration.models import Dimension, Invitation, ScanVersion
from tests.access.rows import Row, everyone, extra, only
from tests.collaboration import builders

PUBLIC_OK = everyone(200, anonymous=200)
#: Gent's coordinator and viewer see a Gent wave; for everyone else it does not exist.
GENT_READERS = ("coordinator", "viewer")


def _gent_wave(world):
    return extra(world, "gent wave", lambda w: builders.open_wave(w.gent, w.users["coordinator"]))


def _closed_wave(world):
    def build(w):
        wave = builders.open_wave(w.gent, w.users["coordinator"], title="Najaar")
        builders.respond(wave, "partner", [4, 3, 5])
        builders.respond(wave, "agii", [2, 2, 3])
        builders.respond(wave, "local_government", [4])
        return builders.close(wave)

    return extra(world, "closed wave", build)


def _invitation(world):
    def build(w):
        wave = _gent_wave(w)
        builders.invite(wave, "partner", 1)
        return Invitation.objects.filter(wave=wave).latest("pk")

    return extra(world, "invitation", build)


def _link(world):
    return extra(world, "link", lambda w: services.link_for(_invitation(w), _gent_wave(w)))


def _submitted_link(world):
    def build(w):
        wave = _gent_wave(w)
        (raw,) = builders.invite(wave, "agii", 1, prefix="sent")
        builders.answer(raw, wave, 4)
        return raw

    return extra(world, "submitted link", build)


def _closed_link(world):
    def build(w):
        wave = builders.open_wave(w.kempen, title="Kempen")
        (raw,) = builders.invite(wave, "partner", 1)
        builders.close(wave)
        return raw

    return extra(world, "closed link", build)


def _expired_link(world):
    def build(w):
        wave = builders.open_wave(w.kempen, title="Kempen")
        (raw,) = builders.invite(wave, "partner", 1)
        builders.expire_links(wave)
        return raw

    return extra(world, "expired link", build)


def _draft(world):
    return extra(
        world,
        "draft version",
        lambda w: services.create_draft_version(actor=w.users["programme_admin"]),
    )


def _version_one(world):
    return ScanVersion.objects.get(number=1)


def _draft_dimension(world):
    return Dimension.objects.filter(version=_draft(world)).order_by("order").first()


def _dimension_data(key: str = "learning"):
    return {
        "key": key,
        "title": "Samen leren",
        "description": "",
        "order": "9",
        "statement_1": "We leren van elkaar.",
        "statement_2": "We delen wat werkt.",
        "question": "Wat leerde je?",
    }


def _wave(key):
    return lambda w: {"pk": key(w).pk}


def _token(key):
    return lambda w: {"token": key(w)}


def _readers(outcome):
    """``scan.results`` on a Gent wave."""
    return only(dict.fromkeys(GENT_READERS, outcome), 404)


def _managers(outcome):
    """``scan.manage`` on a Gent wave: its coordinator; the viewer sees it (403)."""
    return only({"coordinator": outcome, "viewer": 403}, 404)


#: The region's people with ``scan.results`` / ``scan.manage`` on their current region.
LIST_READERS = only(dict.fromkeys(("coordinator", "coordinator_other", "viewer"), 200), 403)
COORDINATORS = ("coordinator", "coordinator_other")
ADMIN = "programme_admin"


def _admin(outcome):
    return only({ADMIN: outcome}, 403)


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _scores(w, value="4"):
    return {f"s{pk}": value for pk in builders.statement_ids(_gent_wave(w))}


# --- Action plans and the timeline --------------------------------------------------------------


def _plan(world):
    return extra(
        world,
        "gent plan",
        lambda w: builders.plan(w.gent, w.users["coordinator"], lead_organisation=w.gent_town),
    )


def _goal(world):
    return extra(world, "gent goal", lambda w: builders.goal(_plan(w), title="Doel"))


def _action(world):
    return extra(world, "gent action", lambda w: builders.action(_plan(w), w.gent_club))


def _milestone(world):
    return extra(world, "gent milestone", lambda w: builders.milestone(w.gent))


def _plan_kwargs(w):
    return {"pk": _plan(w).pk}


def _goal_kwargs(w):
    return {"pk": _plan(w).pk, "goal": _goal(w).pk}


def _action_kwargs(w):
    return {"pk": _plan(w).pk, "action": _action(w).pk}


def _plan_data(**values):
    return {
        "title": "Actieplan",
        "starts_on": _today(),
        "ends_on": _today(200),
        "status": "active",
        **values,
    }


def _goal_data(**values):
    return {
        "title": "Minder bij de gebruikelijke partners",
        "measure": "top5_share",
        "comparator": "lte",
        "target_value": "40",
        "status": "open",
        **values,
    }


def _action_data(w, **values):
    return {"title": "Kookavond", "owner": w.gent_club.pk, "status": "todo", **values}


def _milestone_data(**values):
    return {"date": _today(), "kind": "high", "title": "Kookavond", **values}


def _plan_readers(outcome):
    """``plan.view`` on a Gent plan: its coordinator and viewer; nobody else sees it."""
    return only(dict.fromkeys(GENT_READERS, outcome), 404)


def _plan_managers(outcome):
    """``plan.manage`` on a Gent plan: its coordinator; the viewer sees it (403)."""
    return only({"coordinator": outcome, "viewer": 403}, 404)


LEARNING_ROWS = [
    Row("collaboration:overview", LIST_READERS),
    Row("collaboration:plan_list", LIST_READERS),
    Row("collaboration:plan_create", only(dict.fromkeys(COORDINATORS, 200), 403)),
    Row(
        "collaboration:plan_create",
        only(dict.fromkeys(COORDINATORS, 302), 403),
        method="post",
        data=lambda w: _plan_data(),
        note="valid",
    ),
    Row(
        "collaboration:plan_create",
        only(dict.fromkeys(COORDINATORS, 400), 403),
        method="post",
        data=lambda w: _plan_data(ends_on=_today(-30)),
        note="ends before it starts",
    ),
    Row("collaboration:plan_detail", _plan_readers(200), kwargs=_plan_kwargs),
    Row(
        "collaboration:plan_detail", only({}, 404), kwargs=lambda w: {"pk": 999999}, note="unknown"
    ),
    Row("collaboration:plan_update", _plan_managers(200), kwargs=_plan_kwargs),
    Row(
        "collaboration:plan_update",
        _plan_managers(302),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _plan_data(title="Samen verder"),
        note="valid",
    ),
    Row(
        "collaboration:plan_update",
        _plan_managers(400),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _plan_data(lead_organisation=w.kempen_club.pk),
        note="lead of another region",
    ),
    Row(
        "collaboration:plan_export",
        _plan_readers(200),
        kwargs=_plan_kwargs,
        query=lambda w: "what=actions&format=csv",
    ),
    Row(
        "collaboration:plan_export",
        _plan_readers(400),
        kwargs=_plan_kwargs,
        query=lambda w: "what=actions&format=pdf",
        note="unknown format",
    ),
    Row("collaboration:goal_create", _plan_managers(200), kwargs=_plan_kwargs),
    Row(
        "collaboration:goal_create",
        _plan_managers(302),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _goal_data(),
        note="valid",
    ),
    Row(
        "collaboration:goal_create",
        _plan_managers(400),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _goal_data(target_value="140"),
        note="a share above 100",
    ),
    Row("collaboration:goal_update", _plan_managers(200), kwargs=_goal_kwargs),
    Row(
        "collaboration:goal_update",
        _plan_managers(302),
        method="post",
        kwargs=_goal_kwargs,
        data=lambda w: _goal_data(target_value="35"),
        note="valid",
    ),
    Row(
        "collaboration:goal_update",
        _plan_managers(400),
        method="post",
        kwargs=_goal_kwargs,
        data=lambda w: _goal_data(measure="scan_dimension", target_value="3", dimension_key=""),
        note="a scan measure without a dimension",
    ),
    Row("collaboration:goal_delete", _plan_managers(302), method="post", kwargs=_goal_kwargs),
    Row("collaboration:action_board", _plan_readers(200), kwargs=_plan_kwargs),
    Row("collaboration:action_list", _plan_readers(200), kwargs=_plan_kwargs),
    Row(
        "collaboration:action_list",
        _plan_readers(200),
        kwargs=_plan_kwargs,
        query=lambda w: "status=todo&overdue=on",
        note="filtered",
    ),
    Row(
        "collaboration:action_list",
        _plan_readers(400),
        kwargs=_plan_kwargs,
        query=lambda w: "status=later",
        note="unknown status",
    ),
    Row("collaboration:action_create", _plan_managers(200), kwargs=_plan_kwargs),
    Row(
        "collaboration:action_create",
        _plan_managers(302),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _action_data(w),
        note="valid",
    ),
    Row(
        "collaboration:action_create",
        _plan_managers(400),
        method="post",
        kwargs=_plan_kwargs,
        data=lambda w: _action_data(w, owner=w.kempen_club.pk),
        note="owner of another region",
    ),
    Row("collaboration:action_update", _plan_managers(200), kwargs=_action_kwargs),
    Row(
        "collaboration:action_update",
        _plan_managers(302),
        method="post",
        kwargs=_action_kwargs,
        data=lambda w: _action_data(w, status="doing"),
        note="valid",
    ),
    Row(
        "collaboration:action_update",
        _plan_managers(400),
        method="post",
        kwargs=_action_kwargs,
        data=lambda w: _action_data(w, title=""),
        note="no title",
    ),
    Row(
        "collaboration:action_move",
        _plan_managers(302),
        method="post",
        kwargs=_action_kwargs,
        data=lambda w: {"status": "done"},
    ),
    Row(
        "collaboration:action_move",
        _plan_managers(400),
        method="post",
        kwargs=_action_kwargs,
        data=lambda w: {"status": "later"},
        note="unknown column",
    ),
    Row("collaboration:action_delete", _plan_managers(302), method="post", kwargs=_action_kwargs),
    Row("collaboration:timeline", LIST_READERS),
    Row("collaboration:milestone_create", only(dict.fromkeys(COORDINATORS, 200), 403)),
    Row(
        "collaboration:milestone_create",
        only(dict.fromkeys(COORDINATORS, 302), 403),
        method="post",
        data=lambda w: _milestone_data(),
        note="valid",
    ),
    Row(
        "collaboration:milestone_create",
        only(dict.fromkeys(COORDINATORS, 400), 403),
        method="post",
        data=lambda w: _milestone_data(kind="middle"),
        note="unknown kind",
    ),
    Row("collaboration:milestone_update", _plan_managers(200), kwargs=_wave(_milestone)),
    Row(
        "collaboration:milestone_update",
        _plan_managers(302),
        method="post",
        kwargs=_wave(_milestone),
        data=lambda w: _milestone_data(kind="turning"),
        note="valid",
    ),
    Row(
        "collaboration:milestone_update",
        _plan_managers(400),
        method="post",
        kwargs=_wave(_milestone),
        data=lambda w: _milestone_data(title=""),
        note="no title",
    ),
    Row(
        "collaboration:milestone_delete",
        _plan_managers(302),
        method="post",
        kwargs=_wave(_milestone),
    ),
]

ROWS = [
    *LEARNING_ROWS,
    # --- Waves ------------------------------------------------------------------------------------
    Row("collaboration:wave_list", LIST_READERS),
    Row("collaboration:wave_create", only(dict.fromkeys(COORDINATORS, 200), 403)),
    Row(
        "collaboration:wave_create",
        only(dict.fromkeys(COORDINATORS, 302), 403),
        method="post",
        data=lambda w: {"title": "Scan", "opens_on": _today(), "closes_on": _today(14)},
        note="valid",
    ),
    Row(
        "collaboration:wave_create",
        only(dict.fromkeys(COORDINATORS, 400), 403),
        method="post",
        data=lambda w: {"title": "Scan", "opens_on": _today(), "closes_on": _today(-3)},
        note="closing day before opening",
    ),
    Row("collaboration:wave_detail", _readers(200), kwargs=_wave(_gent_wave)),
    Row(
        "collaboration:wave_detail",
        only({}, 404),
        kwargs=lambda w: {"pk": 999999},
        note="unknown",
    ),
    Row("collaboration:wave_invite", _managers(200), kwargs=_wave(_gent_wave)),
    Row(
        "collaboration:wave_invite",
        _managers(302),
        method="post",
        kwargs=_wave(_gent_wave),
        data=lambda w: {"addresses": "nieuw@club.be", "group": "partner"},
        note="valid",
    ),
    Row(
        "collaboration:wave_invite",
        _managers(400),
        method="post",
        kwargs=_wave(_gent_wave),
        data=lambda w: {"addresses": "geen-adres", "group": "partner"},
        note="not an address",
    ),
    Row("collaboration:wave_remind", _managers(302), method="post", kwargs=_wave(_gent_wave)),
    Row(
        "collaboration:wave_remind",
        _managers(400),
        method="post",
        kwargs=_wave(_closed_wave),
        note="closed wave",
    ),
    Row("collaboration:wave_close", _managers(302), method="post", kwargs=_wave(_gent_wave)),
    Row(
        "collaboration:wave_close",
        _managers(400),
        method="post",
        kwargs=_wave(_closed_wave),
        note="already closed",
    ),
    Row(
        "collaboration:invitation_withdraw",
        _managers(302),
        method="post",
        kwargs=lambda w: {"pk": _gent_wave(w).pk, "invitation": _invitation(w).pk},
    ),
    Row("collaboration:wave_preview", _managers(200), kwargs=_wave(_gent_wave)),
    Row("collaboration:wave_results", _readers(200), kwargs=_wave(_closed_wave)),
    Row(
        "collaboration:wave_results",
        _readers(200),
        kwargs=_wave(_gent_wave),
        note="open wave: response rate only",
    ),
    Row("collaboration:wave_print", _readers(200), kwargs=_wave(_closed_wave)),
    # --- Versions and spread (programme admin) ---------------------------------------------------
    Row("collaboration:version_list", _admin(200)),
    Row("collaboration:version_create", _admin(302), method="post"),
    Row("collaboration:version_detail", _admin(200), kwargs=_wave(_version_one)),
    Row(
        "collaboration:version_publish",
        _admin(302),
        method="post",
        kwargs=_wave(_draft),
        data=lambda w: {"note": "Helderder"},
    ),
    Row(
        "collaboration:version_publish",
        _admin(409),
        method="post",
        kwargs=_wave(_version_one),
        note="already published",
    ),
    Row("collaboration:version_discard", _admin(302), method="post", kwargs=_wave(_draft)),
    Row("collaboration:dimension_create", _admin(200), kwargs=_wave(_draft)),
    Row(
        "collaboration:dimension_create",
        _admin(302),
        method="post",
        kwargs=_wave(_draft),
        data=lambda w: _dimension_data(),
        note="valid",
    ),
    Row(
        "collaboration:dimension_create",
        _admin(400),
        method="post",
        kwargs=_wave(_draft),
        data=lambda w: _dimension_data("ownership"),
        note="key taken",
    ),
    Row(
        "collaboration:dimension_create",
        _admin(409),
        kwargs=_wave(_version_one),
        note="published version",
    ),
    Row(
        "collaboration:dimension_update",
        _admin(200),
        kwargs=lambda w: {"pk": _draft(w).pk, "dimension": _draft_dimension(w).pk},
    ),
    Row(
        "collaboration:dimension_update",
        _admin(302),
        method="post",
        kwargs=lambda w: {"pk": _draft(w).pk, "dimension": _draft_dimension(w).pk},
        data=lambda w: {k: v for k, v in _dimension_data().items() if k != "key"},
        note="valid",
    ),
    Row(
        "collaboration:dimension_update",
        _admin(409),
        kwargs=lambda w: {
            "pk": _version_one(w).pk,
            "dimension": _version_one(w).dimensions.first().pk,
        },
        note="published version",
    ),
    Row(
        "collaboration:dimension_delete",
        _admin(302),
        method="post",
        kwargs=lambda w: {"pk": _draft(w).pk, "dimension": _draft_dimension(w).pk},
    ),
    Row("collaboration:spread", _admin(200)),
    # --- The personal link (public) --------------------------------------------------------------
    Row("collaboration:answer", PUBLIC_OK, kwargs=_token(_link), note="open wave"),
    Row(
        "collaboration:answer",
        PUBLIC_OK,
        kwargs=_token(_submitted_link),
        note="submitted: read-only",
    ),
    Row(
        "collaboration:answer",
        everyone(400, anonymous=400),
        kwargs=_token(lambda w: builders.tampered(_link(w))),
        note="altered link",
    ),
    Row(
        "collaboration:answer",
        everyone(410, anonymous=410),
        kwargs=_token(_closed_link),
        note="closed wave",
    ),
    Row(
        "collaboration:answer",
        everyone(410, anonymous=410),
        kwargs=_token(_expired_link),
        note="expired link",
    ),
    Row(
        "collaboration:answer",
        everyone(302, anonymous=302),
        method="post",
        kwargs=_token(_link),
        data=lambda w: {"action": "draft", **dict(list(_scores(w).items())[:3])},
        note="save a draft",
    ),
    Row(
        "collaboration:answer",
        everyone(302, anonymous=302),
        method="post",
        kwargs=_token(_link),
        data=lambda w: {"action": "submit", **_scores(w, "dk")},
        note="submit",
    ),
    Row(
        "collaboration:answer",
        everyone(400, anonymous=400),
        method="post",
        kwargs=_token(_link),
        data=lambda w: {"action": "submit", **dict(list(_scores(w).items())[:3])},
        note="submit with statements missing",
    ),
    Row(
        "collaboration:answer",
        everyone(410, anonymous=410),
        method="post",
        kwargs=_token(_submitted_link),
        data=lambda w: {"action": "submit", **_scores(w)},
        note="post to a submitted response",
    ),
    Row(
        "collaboration:answer",
        everyone(410, anonymous=410),
        method="post",
        kwargs=_token(_closed_link),
        data=lambda w: {"action": "draft"},
        note="post to a closed wave",
    ),
]
