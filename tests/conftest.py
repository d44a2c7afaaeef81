"""Personas and fixtures shared by all tests.

The personas (as in STYLE.md): a coordinator of Gent and one of another region (Kempen), a
counsellor, a local worker and a partner contact in Gent, a viewer of Gent, a programme admin,
and anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from participatienet.accounts.choices import Role
from participatienet.network.choices import OrganisationKind
from tests import factories


@pytest.fixture(scope="session")
def _empty_static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture(autouse=True)
def _fast_and_plain(settings, _empty_static_root):
    # WhiteNoise scans STATIC_ROOT whenever a test client starts: an empty folder keeps that
    # fast and independent of a `collectstatic` running beside the tests.
    settings.STATIC_ROOT = _empty_static_root
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class World:
    """Objects in Gent and in another region (Kempen), and one user per persona."""

    gent: object
    kempen: object
    gent_club: object
    gent_town: object
    kempen_club: object
    users: dict


PERSONAS = (
    "anonymous",
    "programme_admin",
    "coordinator",
    "coordinator_other",
    "counsellor",
    "local_worker",
    "partner_contact",
    "viewer",
)


@pytest.fixture
def world(db) -> World:
    gent = factories.region("gent")
    kempen = factories.region("kempen")
    gent_club = factories.OrganisationFactory(name="Voetbalclub Gent-Zuid", region=gent)
    factories.ContactPointFactory(organisation=gent_club)
    gent_town = factories.OrganisationFactory(
        name="Stad Gent", region=gent, kind=OrganisationKind.LOCAL_GOVERNMENT
    )
    kempen_club = factories.OrganisationFactory(name="Wandelclub Turnhout", region=kempen)
    factories.ContactPointFactory(organisation=kempen_club)
    users = {
        "programme_admin": factories.user_with_role(Role.PROGRAMME_ADMIN, email="admin@test.be"),
        "coordinator": factories.user_with_role(Role.COORDINATOR, email="coord@test.be"),
        "coordinator_other": factories.user_with_role(
            Role.COORDINATOR, region_slug="kempen", email="coord-kempen@test.be"
        ),
        "counsellor": factories.user_with_role(Role.COUNSELLOR, email="tb@test.be"),
        "local_worker": factories.user_with_role(
            Role.LOCAL_WORKER, organisation=gent_town, email="lokaal@test.be"
        ),
        "partner_contact": factories.user_with_role(
            Role.PARTNER_CONTACT, organisation=gent_club, email="partner@test.be"
        ),
        "viewer": factories.user_with_role(Role.VIEWER, email="viewer@test.be"),
    }
    return World(
        gent=gent,
        kempen=kempen,
        gent_club=gent_club,
        gent_town=gent_town,
        kempen_club=kempen_club,
        users=users,
    )


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in as ``user`` (None stays anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
