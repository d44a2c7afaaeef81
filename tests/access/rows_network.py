"""Rows for the network: the map, the measures and declaring ties."""

from participatienet.network.models import Tie
from tests.access.rows import Row, extra, only

#: Coordinators and viewers see the network of their current region (it holds no personal
#: data); a programme admin without a chosen region is asked to pick one.
NETWORK_VIEWERS = ("coordinator", "coordinator_other", "viewer", "programme_admin")

#: Who may declare a tie for the Gent club: coordinators of Gent, its partner contact, admins.
TIE_MAKERS = ("coordinator", "partner_contact", "programme_admin")
#: Who cannot see the Gent club at all (a 404 rather than a 403).
OUTSIDERS = {"coordinator_other": 404, "viewer": 404}


def _tie(world):
    return extra(
        world,
        "gent_tie",
        lambda w: Tie.objects.create(a=w.gent_club, b=w.gent_town, kind="joint_offer"),
    )


ROWS = [
    Row("network:map", only(dict.fromkeys(NETWORK_VIEWERS, 200), 403)),
    Row(
        "network:map",
        only(dict.fromkeys(NETWORK_VIEWERS, 400), 403),
        query=lambda w: "kind=friendship",
        note="bad filter",
    ),
    Row(
        "network:map",
        only(dict.fromkeys(NETWORK_VIEWERS, 400), 403),
        query=lambda w: "period=dates&date_from=2026-03-01&date_to=2026-02-01",
        note="bad period",
    ),
    Row(
        "network:map",
        only(dict.fromkeys(NETWORK_VIEWERS, 200), 403),
        query=lambda w: "period=year&year=2025",
        note="a period",
    ),
    Row("network:measures", only(dict.fromkeys(NETWORK_VIEWERS, 200), 403)),
    Row(
        "network:tie_create",
        only({**dict.fromkeys(TIE_MAKERS, 200), **OUTSIDERS}, 403),
        kwargs=lambda w: {"pk": w.gent_club.pk},
    ),
    Row(
        "network:tie_create",
        only({**dict.fromkeys(TIE_MAKERS, 302), **OUTSIDERS}, 403),
        method="post",
        kwargs=lambda w: {"pk": w.gent_club.pk},
        data=lambda w: {"b": w.gent_town.pk, "kind": "joint_offer", "strength": "2"},
        note="valid",
    ),
    Row(
        "network:tie_create",
        only({"coordinator": 200, "programme_admin": 200, "partner_contact": 404}, 403)
        | {"coordinator_other": 404, "viewer": 404},
        kwargs=lambda w: {"pk": w.gent_town.pk},
        note="other organisation",
    ),
    Row(
        "network:tie_delete",
        only(
            {**dict.fromkeys(TIE_MAKERS, 302), **OUTSIDERS, "counsellor": 404, "local_worker": 404},
            403,
        ),
        method="post",
        kwargs=lambda w: {"pk": w.gent_club.pk, "tie": _tie(w).pk},
    ),
]
