"""The demo data generator: shape, determinism, demo accounts and safety."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict

from django.contrib.auth.password_validation import validate_password

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.demo import generator
from participatienet.demo.generator import (
    DEMO_PASSWORD,
    create_demo_accounts,
    database_is_empty,
    seed,
)
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import ContactPoint, Organisation
from participatienet.regions.models import Municipality, Region

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"^\+32 (4\d\d \d\d \d\d \d\d|\d \d{3} \d\d \d\d|\d\d \d\d \d\d \d\d)$")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _snapshot() -> list[tuple[str, str, str]]:
    return list(
        Organisation.objects.order_by("pk").values_list("name", "kind", "municipality__nis_code")
    )


def test_small_seed_has_a_local_government_per_municipality_and_one_agii_office_per_region():
    assert database_is_empty()
    report = seed(size="small", seed=1)

    assert not database_is_empty()
    governments = Organisation.objects.filter(kind=OrganisationKind.LOCAL_GOVERNMENT)
    assert governments.count() == Municipality.objects.count() == 304
    assert set(governments.values_list("municipality_id", flat=True)) == set(
        Municipality.objects.values_list("pk", flat=True)
    )
    for government in governments.select_related("municipality", "region"):
        assert government.region_id == government.municipality.region_id
        assert government.name.endswith(government.municipality.name)
    assert governments.get(municipality__name="Gent").name == "Stad Gent"
    assert governments.get(municipality__name="Kasterlee").name == "Gemeente Kasterlee"
    assert governments.get(municipality__name="Brussel").name == "Stad Brussel"
    assert (
        governments.get(municipality__name="Beveren-Kruibeke-Zwijndrecht").name
        == "Gemeente Beveren-Kruibeke-Zwijndrecht"
    )

    offices = Organisation.objects.filter(kind=OrganisationKind.AGII)
    assert offices.count() == 18
    assert sorted(offices.values_list("region_id", flat=True)) == sorted(
        Region.objects.values_list("pk", flat=True)
    )
    assert offices.get(region__slug="brussel").name == "Agentschap Inburgering Brussel"
    assert (
        offices.get(region__slug="kempen").name
        == "Agentschap Integratie en Inburgering – kantoor Turnhout"
    )

    others = Organisation.objects.exclude(
        kind__in=[OrganisationKind.LOCAL_GOVERNMENT, OrganisationKind.AGII]
    )
    per_region = Counter(others.values_list("region_id", flat=True))
    assert len(per_region) == 18
    assert all(6 <= count <= 10 for count in per_region.values())
    assert report.organisations == Organisation.objects.count()
    assert report.contact_points == ContactPoint.objects.count()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed(size="small", seed=1)
    first = _snapshot()
    seed(size="small", seed=1, reset=True)
    assert _snapshot() == first
    seed(size="small", seed=2, reset=True)
    assert _snapshot() != first


def test_every_region_is_varied_and_names_are_unique_per_region():
    seed(size="small", seed=1)
    kinds: dict[int, set[str]] = defaultdict(set)
    names: dict[int, list[str]] = defaultdict(list)
    for region_id, kind, name in Organisation.objects.values_list("region_id", "kind", "name"):
        kinds[region_id].add(kind)
        names[region_id].append(name)
    assert len(kinds) == 18
    for region_id in kinds:
        assert len(kinds[region_id]) >= 5
        assert len(names[region_id]) == len(set(names[region_id]))


def test_contact_points_look_real_and_some_organisations_have_none():
    seed(size="small", seed=1)
    contacts = list(ContactPoint.objects.select_related("organisation"))
    assert contacts
    for contact in contacts:
        assert contact.email.isascii()
        local, domain = contact.email.split("@")
        assert re.fullmatch(r"[a-z-]+\.[a-z-]+", local)
        assert re.fullmatch(r"[a-z0-9-]+\.be", domain)
        assert not contact.phone or PHONE.match(contact.phone), contact.phone
    per_org = Counter(contact.organisation_id for contact in contacts)
    assert max(per_org.values()) <= 3
    without = Organisation.objects.filter(contact_points__isnull=True).count()
    assert 0 < without < Organisation.objects.count() * 0.2
    direct = Counter(contact.organisation_id for contact in contacts if contact.is_direct)
    assert max(direct.values()) == 1
    assert len(direct) > len(per_org) * 0.7


def test_demo_accounts_have_the_right_memberships_and_the_demo_password():
    # The validators of settings accept the password on its own. (With a user, the similarity
    # validator finds it too close to "participatienet" in the demo e-mail addresses.)
    validate_password(DEMO_PASSWORD)
    report = seed(size="small", seed=1)

    admin = User.objects.get(email="admin@participatienet.demo")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert Membership.objects.current().filter(user=admin, role=Role.PROGRAMME_ADMIN).exists()

    for slug, main_city in (("gent", "Gent"), ("kempen", "Turnhout")):
        region = Region.objects.get(slug=slug)
        for role in (
            Role.COORDINATOR,
            Role.COUNSELLOR,
            Role.LOCAL_WORKER,
            Role.PARTNER_CONTACT,
            Role.VIEWER,
        ):
            email = f"{role.replace('_', '-')}.{slug}@participatienet.demo"
            user = User.objects.get(email=email)
            assert user.full_name
            assert not user.is_superuser
            assert user.check_password(DEMO_PASSWORD)
            memberships = list(Membership.objects.current().filter(user=user))
            assert len(memberships) == 1
            membership = memberships[0]
            assert membership.role == role
            assert membership.region_id == region.pk
            organisation = membership.organisation
            if role in (Role.COORDINATOR, Role.VIEWER):
                assert organisation is None
            elif role == Role.COUNSELLOR:
                assert organisation.kind == OrganisationKind.AGII
            elif role == Role.LOCAL_WORKER:
                assert organisation.name == f"Stad {main_city}"
            else:
                assert organisation.kind in (
                    OrganisationKind.CLUB,
                    OrganisationKind.VOLUNTEER_ORGANISATION,
                )
                assert organisation.contact_points.exists()
            if organisation is not None:
                assert organisation.region_id == region.pk

    assert len(report.accounts) == 11
    assert {account.password for account in report.accounts} == {DEMO_PASSWORD}
    assert [account.email for account in report.accounts][:2] == [
        "admin@participatienet.demo",
        "coordinator.gent@participatienet.demo",
    ]


def test_demo_accounts_are_idempotent_and_survive_a_reset():
    seed(size="small", seed=1)
    users, memberships = User.objects.count(), Membership.objects.current().count()
    create_demo_accounts()
    assert (User.objects.count(), Membership.objects.current().count()) == (users, memberships)

    seed(size="small", seed=3, reset=True)
    assert User.objects.count() == users
    assert Membership.objects.current().count() == memberships


def test_seeding_twice_without_reset_is_refused():
    seed(size="small", seed=1)
    before = _snapshot()
    with pytest.raises(RuntimeError, match="already holds organisations"):
        seed(size="small", seed=2)
    assert _snapshot() == before


def test_a_bad_size_is_refused():
    with pytest.raises(ValueError, match="size"):
        seed(size="huge")
    assert database_is_empty()


def test_missing_reference_data_is_refused():
    Municipality.objects.all().delete()
    with pytest.raises(RuntimeError, match="reference data"):
        seed(size="small")
    assert database_is_empty()


def test_create_demo_accounts_alone_needs_the_organisations():
    with pytest.raises(RuntimeError, match="lacks the organisations"):
        create_demo_accounts()


def test_progress_is_reported_per_region_the_accounts_and_the_programme_work():
    calls: list[tuple[str, int, int]] = []
    report = seed(
        size="small", seed=1, progress=lambda label, done, total: calls.append((label, done, total))
    )
    assert [done for _, done, _ in calls] == list(range(1, 21))
    assert {total for _, _, total in calls} == {20}
    assert {label for label, _, _ in calls[:-2]} == set(
        Region.objects.values_list("name", flat=True)
    )
    assert calls[-2][0] == "demo accounts"
    assert calls[-1][0] == "scans, plans, learning days, practices"
    assert report.scan_waves > 0
    assert report.action_plans > 0
    assert report.learning_day_registrations > 0
    assert report.practices > 0


def test_full_seed_makes_about_three_thousand_organisations(monkeypatch):
    # The full network, with a fraction of the offers and newcomers so the test stays quick
    # (the whole full seed is measured by hand: see the module docstring of ``generator``).
    monkeypatch.setattr(generator, "FULL_OFFERS", 400)
    monkeypatch.setattr(generator, "FULL_NEWCOMERS", 600)
    report = seed(size="full", seed=1)
    assert report.organisations == Organisation.objects.count() == generator.FULL_TOTAL
    per_region = Counter(Organisation.objects.values_list("region__slug", flat=True))
    # More in bigger regions: Limburg outgrows Middenkust, the city of Gent is well filled.
    assert per_region["limburg"] > 2 * per_region["middenkust"]
    assert per_region["gent"] > 80
    assert report.offers == 400
    assert report.newcomers == 600


def test_full_seed_spreads_eight_thousand_offers_and_twenty_thousand_newcomers():
    regions = generator._load_reference_data()
    counts = generator._allocate(regions, "full", random.Random(1))
    offers, newcomers = generator._allocate_activity(regions, counts, "full", random.Random(1))
    assert sum(offers.values()) == generator.FULL_OFFERS == 8000
    assert sum(newcomers.values()) == generator.FULL_NEWCOMERS == 20000
    # The cities hold the most newcomers; every region has its share.
    assert sorted(newcomers, key=newcomers.get, reverse=True)[:2] == ["antwerpen", "brussel"]
    assert newcomers["gent"] > 2 * newcomers["regio-gent"]
    assert min(newcomers.values()) > 300
    assert min(offers.values()) > 150
    # Roughly enough places: offers follow the newcomers.
    for slug in newcomers:
        assert offers[slug] * 2 > newcomers[slug] * 0.5
