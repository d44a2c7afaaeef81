"""Rows for growing the network: the growth board, prospects, contact moments and stages."""

import datetime as dt

from django.utils import timezone

from tests import factories
from tests.access.rows import Row, only

#: Who sees a region's growth board: like the network map, its coordinators and viewers (the
#: other coordinator sees Kempen); a programme admin without a chosen region is asked to pick.
BOARD_VIEWERS = ("coordinator", "coordinator_other", "viewer", "programme_admin")
#: Who may change the growth of the Gent club: the coordinators of Gent and admins.
GROWERS = ("coordinator", "programme_admin")
#: Who cannot see the Gent club at all (a 404 rather than a 403).
OUTSIDERS = {"coordinator_other": 404, "viewer": 404}


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _contact(**overrides):
    def data(world):
        values = {
            "contacted_on": _day(0),
            "channel": "phone",
            "contacted_by": "",
            "contacted_by_name": "Fatima, ambassadeur",
            "summary": "Ze willen een opendeurdag voor nieuwkomers.",
            "stage": "active",
            "next_step": "Opendeurdag plannen",
            "next_step_due": _day(7),
            "next_step_owner": "",
        }
        values.update(overrides)
        return values

    return data


def _prospect(**overrides):
    def data(world):
        values = {
            "name": "Kookclub Ledeberg",
            "kind": "club",
            "municipality": factories.municipality_of(world.gent).pk,
            "next_step": "Langsgaan",
            "next_step_due": _day(5),
        }
        values.update(overrides)
        return values

    return data


def _club(world):
    return {"pk": world.gent_club.pk}


ROWS = [
    Row("network:pipeline", only(dict.fromkeys(BOARD_VIEWERS, 200), 403)),
    Row(
        "network:pipeline",
        only(dict.fromkeys(BOARD_VIEWERS, 400), 403),
        query=lambda w: "role=42",
        note="bad filter",
    ),
    Row(
        "network:prospect_create",
        only({"coordinator": 200, "coordinator_other": 200, "programme_admin": 200}, 403),
    ),
    Row(
        "network:prospect_create",
        only({"coordinator": 302, "programme_admin": 302, "coordinator_other": 400}, 403),
        method="post",
        data=_prospect(),
        note="a prospect in Gent",
    ),
    Row(
        "network:prospect_create",
        only({"coordinator": 400, "programme_admin": 400, "coordinator_other": 400}, 403),
        method="post",
        data=_prospect(name=" "),
        note="without a name",
    ),
    Row(
        "network:contact_moment_create",
        only({**dict.fromkeys(GROWERS, 200), **OUTSIDERS}, 403),
        kwargs=_club,
    ),
    Row(
        "network:contact_moment_create",
        only({**dict.fromkeys(GROWERS, 302), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=_contact(),
        note="valid",
    ),
    Row(
        "network:contact_moment_create",
        only({**dict.fromkeys(GROWERS, 400), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=_contact(contacted_on=_day(1)),
        note="in the future",
    ),
    Row(
        "network:contact_moment_create",
        only({**dict.fromkeys(GROWERS, 400), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=_contact(contacted_on=_day(-1), next_step_due=_day(-3)),
        note="due before the contact",
    ),
    Row(
        "network:stage_change",
        only({**dict.fromkeys(GROWERS, 302), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=lambda w: {"stage": "dormant"},
        note="active to dormant",
    ),
    Row(
        "network:stage_change",
        only({**dict.fromkeys(GROWERS, 400), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=lambda w: {"stage": "prospect"},
        note="active back to prospect",
    ),
    Row(
        "network:stage_change",
        only({**dict.fromkeys(GROWERS, 400), **OUTSIDERS}, 403),
        method="post",
        kwargs=_club,
        data=lambda w: {"stage": "archived"},
        note="unknown stage",
    ),
    Row("network:stage_change", only({}, 405), kwargs=_club, note="GET is not allowed"),
]
