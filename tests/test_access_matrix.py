"""Every URL of the project, requested as every persona, with the outcome each must get.

`test_every_url_has_a_row` fails when a URL pattern is added without rows here.
Outcomes: a status code, or LOGIN for a redirect to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from tests.conftest import PERSONAS

LOGIN = "login"
ALL_USERS = [p for p in PERSONAS if p != "anonymous"]


def everyone(outcome, anonymous=LOGIN):
    return {"anonymous": anonymous, **{p: outcome for p in ALL_USERS}}


def only(allowed: dict, others, anonymous=LOGIN):
    return {"anonymous": anonymous, **{p: allowed.get(p, others) for p in ALL_USERS}}


@dataclass
class Row:
    name: str
    expected: dict
    kwargs: Callable = lambda world: {}
    method: str = "get"
    data: Callable = lambda world: {}
    note: str = ""
    extra: dict = field(default_factory=dict)


def _membership_of(world, persona):
    return world.users[persona].memberships.get().pk


ROWS = [
    Row("home", everyone(200)),
    Row("health", everyone(200, anonymous=200)),
    Row(
        "set_language",
        everyone(302, anonymous=302),
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
    ),
    Row("accounts:login", everyone(302, anonymous=200)),
    Row("accounts:logout", everyone(302, anonymous=302), method="post"),
    Row("accounts:profile", everyone(200)),
    Row(
        "accounts:switch_scope", everyone(302), method="post", data=lambda w: {"region": w.gent.pk}
    ),
    Row("accounts:password_change", everyone(200)),
    Row("accounts:password_reset", everyone(200, anonymous=200)),
    Row("accounts:password_reset_done", everyone(200, anonymous=200)),
    Row(
        "accounts:password_reset_confirm",
        everyone(200, anonymous=200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "ongeldig-token"},
    ),
    Row("accounts:password_reset_complete", everyone(200, anonymous=200)),
    Row("accounts:user_list", only({"programme_admin": 200}, 403)),
    Row("accounts:user_create", only({"programme_admin": 200}, 403)),
    Row(
        "accounts:user_detail",
        only({"programme_admin": 200}, 403),
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
    ),
    Row(
        "accounts:membership_add",
        only({"programme_admin": 200}, 403),
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
    ),
    Row(
        "accounts:membership_end",
        only({"programme_admin": 302}, 403),
        method="post",
        kwargs=lambda w: {"pk": w.users["viewer"].pk, "membership_pk": _membership_of(w, "viewer")},
    ),
    Row("accounts:audit_log", only({"programme_admin": 200}, 403)),
    Row("regions:list", everyone(200)),
    Row("regions:detail", everyone(200), kwargs=lambda w: {"slug": "gent"}),
    Row(
        "regions:detail",
        everyone(404),
        kwargs=lambda w: {"slug": "atlantis"},
        note="unknown region",
    ),
    Row("network:organisation_list", only({"viewer": 403}, 200)),
    Row(
        "network:organisation_detail",
        only({"coordinator_other": 404, "viewer": 404}, 200),
        kwargs=lambda w: {"pk": w.gent_club.pk},
        note="a club in Gent",
    ),
    Row(
        "network:organisation_detail",
        only({"programme_admin": 200, "coordinator_other": 200}, 404),
        kwargs=lambda w: {"pk": w.kempen_club.pk},
        note="a club in Kempen",
    ),
    Row(
        "network:organisation_detail",
        only({"partner_contact": 404, "coordinator_other": 404, "viewer": 404}, 200),
        kwargs=lambda w: {"pk": w.gent_town.pk},
        note="the local government of Gent",
    ),
    # Django's technical admin: one row stands for all its patterns (namespace "admin").
    Row("admin:index", only({"programme_admin": 200}, 302, anonymous=302)),
    Row("admin:accounts_user_changelist", only({"programme_admin": 200}, 302, anonymous=302)),
]

ADMIN_NAMESPACE = "admin"


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _all_url_names(entry, namespace)
        elif isinstance(entry, URLPattern):
            names.add(
                f"{prefix}{entry.name}" if entry.name else f"{prefix}<unnamed {entry.pattern}>"
            )
    return names


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(
        name
        for name in _all_url_names()
        if name not in covered and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


def test_every_row_names_every_persona():
    for row in ROWS:
        assert set(row.expected) == set(PERSONAS), row.name


CASES = [
    pytest.param(row, persona, id=f"{row.name}{'[' + row.note + ']' if row.note else ''}-{persona}")
    for row in ROWS
    for persona in PERSONAS
]


@pytest.mark.parametrize(("row", "persona"), CASES)
def test_access(row, persona, world, client):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(row.name, kwargs=row.kwargs(world))
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (url, persona, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == expected, (url, persona, response.status_code)
