"""Rows for learning days (``exchange:*``).

- ``learningday.view`` (the list, a day and its programme with the public link): everyone who
  works in the programme — programme admin, coordinators of every region, counsellors, local
  workers, viewers. Partner contacts 403. Drafts exist only for the programme team: the others
  get a 404 for them.
- ``learningday.manage`` (create and change days, sessions, learning tables, status; the
  participant list with personal data, export, giving a place, cancelling for someone): the
  programme admin only; the other roles 403 (404 for a draft they cannot see).
- Groups (forming, moving, reporters, rooms, pair rules, printables, export) and the team's
  work on the report (editing, hiding, merging insights, publishing) hold names: the programme
  admin only, like the participant list.
- The report page of a day: once published, everyone with ``learningday.view`` (partner
  contacts 403); before that only the programme admin sees its preview (the others 404).
- The public pages need no account: the registration page by the day's code (unknown code 404,
  closed registration 409 on POST, bad input 400), the cancel page by a personal signed link
  (altered 400, used 410), a reporter's page by their personal link (altered 400, published
  report 410). Every test gets a fresh world, so a POST row uses a fresh link.
"""

from __future__ import annotations

from participatienet.accounts import links
from participatienet.exchange import group_services, report_services, services
from participatienet.exchange.choices import DayStatus, PairKind, ReportStatus
from participatienet.exchange.models import GroupMember
from tests.access.rows import Row, everyone, extra, only
from tests.exchange.builders import (
    form_data,
    learning_day,
    mixed_session,
    people,
    register,
    with_tables,
)

#: Personas with ``learningday.view``.
VIEWERS = (
    "programme_admin",
    "coordinator",
    "coordinator_other",
    "counsellor",
    "local_worker",
    "viewer",
)
PUBLIC_OK = everyone(200, anonymous=200)


def _viewers(outcome):
    return only(dict.fromkeys(VIEWERS, outcome), 403)


def _manager(outcome, others=403):
    """The programme admin gets ``outcome``; the other roles ``others``, partners 403."""
    return only({"programme_admin": outcome, **dict.fromkeys(VIEWERS[1:], others)}, 403)


def _day(w):
    return extra(w, "open day", lambda w: learning_day())


def _draft(w):
    return extra(w, "draft day", lambda w: learning_day(status=DayStatus.DRAFT, title="Concept"))


def _closed(w):
    return extra(w, "closed day", lambda w: learning_day(status=DayStatus.CLOSED))


def _tables(w):
    return extra(w, "tables", lambda w: with_tables(_day(w)))


def _session(w):
    return _tables(w)[0].session


def _full_day_with_waiting(w):
    def build(w):
        day = learning_day(capacity=1, title="Volzet")
        holder = register(day, 0)
        waiting = register(day, 1)
        return day, holder, waiting

    return extra(w, "full day", build)


def _cancel_link(w):
    def build(w):
        registration = register(_day(w), 7)
        return links.create(
            purpose=services.PURPOSE_CANCEL, obj=registration, recipient=registration.email
        )

    return extra(w, "cancel link", build)


def _used_cancel_link(w):
    def build(w):
        registration = register(_day(w), 8)
        raw = links.create(purpose=services.PURPOSE_CANCEL, obj=registration)
        services.cancel_by_link(raw=raw)
        return raw

    return extra(w, "used cancel link", build)


def _pk(getter):
    return lambda w: {"pk": getter(w).pk}


def _grouped(w):
    """An open day with 12 people, its mixed groups formed and a reporter in group 1."""

    def build(w):
        day = learning_day(title="Met groepen")
        registrations = people(day, 12)
        session = mixed_session(day)
        plan = group_services.form_groups(actor=None, session=session, seed=1)
        group = plan.groups.order_by("round", "number").first()
        member = group.members.select_related("registration").order_by("pk").first()
        group_services.set_reporter(actor=None, group=group, registration=member.registration)
        rule = group_services.add_pair_rule(
            actor=None, day=day, a=registrations[0], b=registrations[1], kind=PairKind.KEEP_APART
        )
        return day, session, plan, group, GroupMember.objects.get(pk=member.pk), rule

    return extra(w, "grouped day", build)


def _session_kwargs(w):
    day, session, *_rest = _grouped(w)
    return {"pk": day.pk, "session": session.pk}


def _other_member(w):
    """Someone of round 1 outside the first group, and a group of round 1 to move them to."""
    _day, _session, plan, group, *_rest = _grouped(w)
    member = plan.members.filter(round=1).exclude(group=group).order_by("pk").first()
    return member, group


def _reporter_link(w):
    return extra(w, "reporter link", lambda w: group_services.reporter_link(_grouped(w)[4]))


def _insights(w):
    """Two submitted ideas of the first group."""

    def build(w):
        raw = _reporter_link(w)
        report_services.save_insight(raw=raw, kind="idea", text="Begin klein.")
        report_services.save_insight(raw=raw, kind="idea", text="Bouw van daaruit op.")
        report_services.submit(raw=raw)
        return list(_grouped(w)[0].insights.order_by("pk"))

    return extra(w, "insights", build)


def _published(w):
    def build(w):
        day = _grouped(w)[0]
        _insights(w)
        report_services.set_report_status(actor=None, day=day, status=ReportStatus.PUBLISHED)
        return day

    return extra(w, "published report", build)


def _published_link(w):
    _published(w)
    return _reporter_link(w)


def _insight_kwargs(w):
    return {"pk": _grouped(w)[0].pk, "insight": _insights(w)[0].pk}


INSIGHT_FORM = {"kind": "idea", "text": "Begin klein (coalition of the willing)."}


DAY_FORM = {"title": "Leerdag", "date": "2099-06-03", "venue": "Brussel", "capacity": "40"}
SESSION_FORM = {
    "starts_at": "10:00",
    "ends_at": "11:00",
    "title": "Uitwisseling",
    "kind": "mixed_groups",
    "rounds": "2",
    "group_size": "6",
}

ROWS = [
    # --- Days -----------------------------------------------------------------------------------
    Row("exchange:day_list", _viewers(200)),
    Row("exchange:day_create", _manager(200)),
    Row("exchange:day_create", _manager(302), method="post", data=lambda w: DAY_FORM, note="valid"),
    Row(
        "exchange:day_create",
        _manager(400),
        method="post",
        data=lambda w: {**DAY_FORM, "capacity": "0"},
        note="no places",
    ),
    Row("exchange:day_detail", _viewers(200), kwargs=_pk(_day), note="open"),
    Row("exchange:day_detail", _manager(200, others=404), kwargs=_pk(_draft), note="draft"),
    Row("exchange:day_update", _manager(200), kwargs=_pk(_day)),
    Row("exchange:day_update", _manager(200, others=404), kwargs=_pk(_draft), note="draft"),
    Row(
        "exchange:day_update",
        _manager(302),
        method="post",
        kwargs=_pk(_day),
        data=lambda w: {**DAY_FORM, "title": "Nieuwe titel"},
        note="valid",
    ),
    Row(
        "exchange:day_status",
        _manager(302),
        method="post",
        kwargs=_pk(_day),
        data=lambda w: {"status": "closed"},
        note="close",
    ),
    Row(
        "exchange:day_status",
        _manager(409),
        method="post",
        kwargs=_pk(_day),
        data=lambda w: {"status": "held"},
        note="held before the day",
    ),
    # --- Programme ------------------------------------------------------------------------------
    Row("exchange:session_create", _manager(200), kwargs=_pk(_day)),
    Row(
        "exchange:session_create",
        _manager(302),
        method="post",
        kwargs=_pk(_day),
        data=lambda w: SESSION_FORM,
        note="valid",
    ),
    Row(
        "exchange:session_create",
        _manager(400),
        method="post",
        kwargs=_pk(_day),
        data=lambda w: {**SESSION_FORM, "ends_at": "09:00"},
        note="ends before it starts",
    ),
    Row(
        "exchange:session_update",
        _manager(200),
        kwargs=lambda w: {"pk": _day(w).pk, "session": _session(w).pk},
    ),
    Row(
        "exchange:session_update",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _day(w).pk, "session": _session(w).pk},
        data=lambda w: {**SESSION_FORM, "kind": "learning_tables", "rounds": "1"},
        note="valid",
    ),
    Row(
        "exchange:session_delete",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _day(w).pk, "session": _session(w).pk},
    ),
    Row(
        "exchange:session_delete",
        _manager(404),
        method="post",
        kwargs=lambda w: {"pk": _closed(w).pk, "session": _session(w).pk},
        note="session of another day",
    ),
    Row(
        "exchange:table_create",
        _manager(200),
        kwargs=lambda w: {"pk": _day(w).pk, "session": _session(w).pk},
    ),
    Row(
        "exchange:table_create",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _day(w).pk, "session": _session(w).pk},
        data=lambda w: {"theme": "Nieuw thema"},
        note="valid",
    ),
    Row(
        "exchange:table_update",
        _manager(200),
        kwargs=lambda w: {"pk": _day(w).pk, "table": _tables(w)[0].pk},
    ),
    Row(
        "exchange:table_update",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _day(w).pk, "table": _tables(w)[0].pk},
        data=lambda w: {"theme": "Ander thema"},
        note="valid",
    ),
    Row(
        "exchange:table_delete",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _day(w).pk, "table": _tables(w)[0].pk},
    ),
    # --- Participants ---------------------------------------------------------------------------
    Row("exchange:participant_list", _manager(200), kwargs=_pk(_day)),
    Row(
        "exchange:participant_list",
        _manager(400),
        kwargs=_pk(_day),
        query=lambda w: "status=gek",
        note="bad filter",
    ),
    Row(
        "exchange:participant_export",
        _manager(200),
        kwargs=_pk(_day),
        query=lambda w: "format=xlsx",
    ),
    Row(
        "exchange:participant_export",
        _manager(400),
        kwargs=_pk(_day),
        query=lambda w: "format=pdf",
        note="unknown format",
    ),
    Row(
        "exchange:registration_promote",
        _manager(302),
        method="post",
        kwargs=lambda w: {
            "pk": _full_day_with_waiting(w)[0].pk,
            "registration": _full_day_with_waiting(w)[2].pk,
        },
        data=lambda w: {"over_capacity": "on"},
    ),
    Row(
        "exchange:registration_cancel",
        _manager(302),
        method="post",
        kwargs=lambda w: {
            "pk": _full_day_with_waiting(w)[0].pk,
            "registration": _full_day_with_waiting(w)[1].pk,
        },
    ),
    # --- Groups ---------------------------------------------------------------------------------
    Row("exchange:day_groups", _manager(200), kwargs=lambda w: {"pk": _grouped(w)[0].pk}),
    Row("exchange:day_groups", _manager(200, others=404), kwargs=_pk(_draft), note="draft"),
    Row("exchange:session_groups", _manager(200), kwargs=_session_kwargs),
    Row(
        "exchange:session_groups",
        _manager(404),
        kwargs=lambda w: {"pk": _day(w).pk, "session": _grouped(w)[1].pk},
        note="session of another day",
    ),
    Row(
        "exchange:groups_form",
        _manager(302),
        method="post",
        kwargs=_session_kwargs,
        data=lambda w: {"replace": "on", "rooms": "Zaal 1"},
        note="replace",
    ),
    Row(
        "exchange:groups_form",
        _manager(400),
        method="post",
        kwargs=_session_kwargs,
        data=lambda w: {"rooms": ""},
        note="replace without confirmation",
    ),
    Row(
        "exchange:group_move",
        _manager(302),
        method="post",
        kwargs=_session_kwargs,
        data=lambda w: {
            "registration": _other_member(w)[0].registration_id,
            "round": "1",
            "group": _other_member(w)[1].pk,
        },
        note="valid",
    ),
    Row(
        "exchange:group_move",
        _manager(400),
        method="post",
        kwargs=_session_kwargs,
        data=lambda w: {"registration": "0", "round": "1", "group": "0"},
        note="nobody",
    ),
    Row(
        "exchange:group_rooms",
        _manager(302),
        method="post",
        kwargs=_session_kwargs,
        data=lambda w: {"rooms": "Zaal A\nZaal B"},
    ),
    Row(
        "exchange:group_reporter",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk, "group": _grouped(w)[3].pk},
        data=lambda w: {"registration": ""},
    ),
    Row(
        "exchange:reporter_links",
        _manager(302),
        method="post",
        kwargs=_session_kwargs,
    ),
    Row("exchange:groups_print", _manager(200), kwargs=_session_kwargs),
    Row("exchange:badges", _manager(200), kwargs=lambda w: {"pk": _grouped(w)[0].pk}),
    Row("exchange:room_sheets", _manager(200), kwargs=lambda w: {"pk": _grouped(w)[0].pk}),
    Row(
        "exchange:groups_export",
        _manager(200),
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        query=lambda w: "format=csv",
    ),
    Row(
        "exchange:groups_export",
        _manager(400),
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        query=lambda w: "format=doc",
        note="unknown format",
    ),
    Row("exchange:pair_rules", _manager(200), kwargs=lambda w: {"pk": _grouped(w)[0].pk}),
    Row(
        "exchange:pair_rules",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {
            "a": _grouped(w)[2].members.order_by("registration_id")[2].registration_id,
            "b": _grouped(w)[2].members.order_by("registration_id")[4].registration_id,
            "kind": "keep_together",
        },
        note="valid",
    ),
    Row(
        "exchange:pair_rules",
        _manager(400),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {
            "a": _grouped(w)[5].a_id,
            "b": _grouped(w)[5].a_id,
            "kind": "keep_apart",
        },
        note="a person with themself",
    ),
    Row(
        "exchange:pair_rule_delete",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk, "rule": _grouped(w)[5].pk},
    ),
    # --- The report of the day ------------------------------------------------------------------
    Row("exchange:report", _viewers(200), kwargs=_pk(_published), note="published"),
    Row(
        "exchange:report",
        _manager(200, others=404),
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        note="not published: preview",
    ),
    Row("exchange:report_manage", _manager(200), kwargs=lambda w: {"pk": _grouped(w)[0].pk}),
    Row(
        "exchange:report_manage",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {"introduction": "Veel energie en goesting."},
        note="introduction",
    ),
    Row(
        "exchange:report_status",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {"status": "closed"},
    ),
    Row("exchange:insight_edit", _manager(200), kwargs=_insight_kwargs),
    Row(
        "exchange:insight_edit",
        _manager(302),
        method="post",
        kwargs=_insight_kwargs,
        data=lambda w: INSIGHT_FORM,
        note="valid",
    ),
    Row(
        "exchange:insight_edit",
        _manager(400),
        method="post",
        kwargs=_insight_kwargs,
        data=lambda w: {**INSIGHT_FORM, "text": ""},
        note="no text",
    ),
    Row(
        "exchange:insight_hide",
        _manager(302),
        method="post",
        kwargs=_insight_kwargs,
        data=lambda w: {"hidden": "1"},
    ),
    Row(
        "exchange:insights_merge",
        _manager(302),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {"insights": [insight.pk for insight in _insights(w)]},
        note="valid",
    ),
    Row(
        "exchange:insights_merge",
        _manager(400),
        method="post",
        kwargs=lambda w: {"pk": _grouped(w)[0].pk},
        data=lambda w: {"insights": [_insights(w)[0].pk]},
        note="one insight",
    ),
    Row("exchange:report_by_link", PUBLIC_OK, kwargs=lambda w: {"token": _reporter_link(w)}),
    Row(
        "exchange:report_by_link",
        everyone(302, anonymous=302),
        method="post",
        kwargs=lambda w: {"token": _reporter_link(w)},
        data=lambda w: {"action": "save", **INSIGHT_FORM},
        note="save a draft",
    ),
    Row(
        "exchange:report_by_link",
        everyone(400, anonymous=400),
        method="post",
        kwargs=lambda w: {"token": _reporter_link(w)},
        data=lambda w: {"action": "save", "kind": "idea", "text": ""},
        note="no text",
    ),
    Row(
        "exchange:report_by_link",
        everyone(400, anonymous=400),
        kwargs=lambda w: {"token": "geen-link"},
        note="not a link",
    ),
    Row(
        "exchange:report_by_link",
        everyone(410, anonymous=410),
        method="post",
        kwargs=lambda w: {"token": _published_link(w)},
        data=lambda w: {"action": "save", **INSIGHT_FORM},
        note="report published",
    ),
    # --- Public pages ---------------------------------------------------------------------------
    Row("exchange:register", PUBLIC_OK, kwargs=lambda w: {"token": _day(w).public_token}),
    Row(
        "exchange:register",
        everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "geen-leerdag"},
        note="unknown code",
    ),
    Row(
        "exchange:register",
        PUBLIC_OK,
        method="post",
        kwargs=lambda w: {"token": _day(w).public_token},
        data=lambda w: form_data(3),
        note="register",
    ),
    Row(
        "exchange:register",
        everyone(400, anonymous=400),
        method="post",
        kwargs=lambda w: {"token": _day(w).public_token},
        data=lambda w: form_data(3, email="geen-adres"),
        note="bad e-mail",
    ),
    Row(
        "exchange:register",
        everyone(409, anonymous=409),
        method="post",
        kwargs=lambda w: {"token": _closed(w).public_token},
        data=lambda w: form_data(3),
        note="registration closed",
    ),
    Row("exchange:cancel", PUBLIC_OK, kwargs=lambda w: {"token": _cancel_link(w)}),
    Row(
        "exchange:cancel",
        PUBLIC_OK,
        method="post",
        kwargs=lambda w: {"token": _cancel_link(w)},
        note="cancel",
    ),
    Row(
        "exchange:cancel",
        everyone(400, anonymous=400),
        kwargs=lambda w: {"token": "dit-is-geen-link"},
        note="not a link",
    ),
    Row(
        "exchange:cancel",
        everyone(410, anonymous=410),
        method="post",
        kwargs=lambda w: {"token": _used_cancel_link(w)},
        note="cancelled already",
    ),
]
