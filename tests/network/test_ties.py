"""Declared ties, who may see and add them, and ties derived from referrals."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from participatienet.accounts import policy
from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry
from participatienet.network import adapter, measures, ties
from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.models import Tie
from participatienet.offers.models import Offer
from tests import factories


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _referral(referrer, host, day: dt.date):
    offer = factories.OfferFactory(organisation=host)
    return factories.ParticipationFactory(offer=offer, referred_by=referrer, created_at=_at(day))


@pytest.fixture
def agii(world):
    office = factories.OrganisationFactory(
        name="AgII Gent", region=world.gent, kind=OrganisationKind.AGII
    )
    counsellor = factories.UserFactory()
    factories.MembershipFactory(
        user=counsellor, role=Role.COUNSELLOR, region=world.gent, organisation=office
    )
    return office, counsellor


def test_a_tie_needs_two_different_organisations(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.create(a=world.gent_club, b=world.gent_club, kind=TieKind.JOINT_OFFER)
    with pytest.raises(ValidationError):
        ties.add_tie(
            actor=world.users["coordinator"],
            a=world.gent_club,
            b=world.gent_club,
            kind=TieKind.JOINT_OFFER,
        )
    assert not Tie.objects.exists()


def test_add_and_delete_tie_are_audited(world):
    user = world.users["coordinator"]
    tie = ties.add_tie(
        actor=user, a=world.gent_club, b=world.gent_town, kind=TieKind.JOINT_OFFER, strength=2
    )
    assert tie.created_by == user
    assert AuditEntry.objects.filter(action="tie.created").count() == 1
    ties.delete_tie(actor=user, tie=tie)
    assert not Tie.objects.exists()
    assert AuditEntry.objects.filter(action="tie.deleted").count() == 1


def test_strength_out_of_range_is_refused(world):
    with pytest.raises(ValidationError):
        ties.add_tie(
            actor=None, a=world.gent_club, b=world.gent_town, kind=TieKind.REFERRALS, strength=4
        )
    assert not Tie.objects.exists()


def test_visibility_of_ties(world):
    gent_tie = Tie.objects.create(a=world.gent_club, b=world.gent_town, kind=TieKind.REFERRALS)
    other = factories.OrganisationFactory(region=world.kempen)
    kempen_tie = Tie.objects.create(a=world.kempen_club, b=other, kind=TieKind.REFERRALS)
    town_tie = Tie.objects.create(a=world.gent_town, b=other, kind=TieKind.JOINT_OFFER)

    def seen(persona):
        return set(policy.visible(world.users[persona], Tie.objects.all()))

    assert seen("programme_admin") == {gent_tie, kempen_tie, town_tie}
    assert seen("coordinator") == {gent_tie, town_tie}
    assert seen("coordinator_other") == {kempen_tie, town_tie}
    assert seen("partner_contact") == {gent_tie}
    for persona in ("counsellor", "local_worker", "viewer"):
        assert seen(persona) == set()


def test_who_may_add_a_tie(world):
    users = world.users
    assert policy.can(users["coordinator"], "tie.create", world.gent_town)
    assert not policy.can(users["coordinator"], "tie.create", world.kempen_club)
    assert policy.can(users["partner_contact"], "tie.create", world.gent_club)
    assert not policy.can(users["partner_contact"], "tie.create", world.gent_town)
    assert policy.can(users["programme_admin"], "tie.delete", world.kempen_club)
    for persona in ("counsellor", "local_worker", "viewer"):
        assert not policy.can(users[persona], "tie.create", world.gent_club)


def test_derived_ties_from_referrals(world, agii):
    office, counsellor = agii
    for day in (dt.date(2026, 1, 10), dt.date(2026, 1, 3), dt.date(2026, 2, 1)):
        _referral(counsellor, world.gent_club, day)
    _referral(world.users["local_worker"], world.gent_club, dt.date(2026, 3, 1))
    # A coordinator without an organisation gives no tie; nor a referral hosted elsewhere.
    _referral(world.users["coordinator"], world.gent_club, dt.date(2026, 3, 1))
    _referral(counsellor, world.kempen_club, dt.date(2026, 3, 1))

    derived = ties.derived_ties(world.gent)
    assert set(derived) == {
        measures.Tie(
            a=office.pk,
            b=world.gent_club.pk,
            kind="referrals",
            strength=2,
            since=dt.date(2026, 1, 3),
            declared=False,
        ),
        measures.Tie(
            a=world.gent_town.pk,
            b=world.gent_club.pk,
            kind="referrals",
            strength=1,
            since=dt.date(2026, 3, 1),
            declared=False,
        ),
    }
    assert derived == sorted(derived, key=lambda t: (t.a, t.b))
    assert {(t.a, t.b, t.strength) for t in derived} == {
        (office.pk, world.gent_club.pk, 2),
        (world.gent_town.pk, world.gent_club.pk, 1),
    }
    assert ties.derived_ties(world.gent, start=dt.date(2026, 2, 1)) != derived
    assert {t.strength for t in ties.derived_ties(world.gent, end=dt.date(2026, 2, 1))} == {1}


@pytest.mark.parametrize(("count", "strength"), [(1, 1), (2, 1), (3, 2), (9, 2), (10, 3)])
def test_strength_by_count(count, strength):
    assert ties.strength_for(count) == strength


def test_region_graph(world, agii, django_assert_max_num_queries):
    office, counsellor = agii
    coordinator = world.users["coordinator"]
    membership = coordinator.memberships.get()
    membership.organisation = world.gent_town
    membership.save()
    _referral(counsellor, world.gent_club, dt.date(2026, 1, 3))
    Tie.objects.create(a=world.gent_town, b=office, kind=TieKind.FORMAL_AGREEMENT, strength=3)
    Tie.objects.create(
        a=world.kempen_club,
        b=factories.OrganisationFactory(region=world.kempen),
        kind=TieKind.REFERRALS,
    )
    # Coordinating organisations, organisations, declared ties, referrals (two), joint offers.
    with django_assert_max_num_queries(6):
        nodes, graph_ties = adapter.region_graph(world.gent)
    by_id = {node.id: node for node in nodes}
    assert set(by_id) == {world.gent_club.pk, world.gent_town.pk, office.pk}
    assert by_id[world.gent_town.pk].is_coordinating
    assert not by_id[office.pk].is_coordinating
    assert by_id[world.gent_club.pk].participations == 1
    assert sorted((t.declared, t.kind) for t in graph_ties) == [
        (False, "referrals"),
        (True, "formal_agreement"),
    ]
    # Three organisations, two ties: density 2/3.
    assert measures.density(nodes, graph_ties) == pytest.approx(2 / 3)


def _tie_url(organisation):
    from django.urls import reverse

    return reverse("network:tie_create", kwargs={"pk": organisation.pk})


def test_partner_cannot_add_a_tie_for_another_organisation(client, world):
    client.force_login(world.users["partner_contact"])
    data = {"b": world.gent_club.pk, "kind": "joint_offer", "strength": "1"}
    response = client.post(_tie_url(world.gent_town), data)
    assert response.status_code == 404
    assert not Tie.objects.exists()
    response = client.post(
        _tie_url(world.gent_club), {"b": world.gent_town.pk, "kind": "joint_offer", "strength": "1"}
    )
    assert response.status_code == 302
    tie = Tie.objects.get()
    assert (tie.a, tie.b, tie.created_by) == (
        world.gent_club,
        world.gent_town,
        world.users["partner_contact"],
    )


@pytest.mark.parametrize(
    "bad",
    [
        lambda w: {"kind": "joint_offer", "strength": "1"},  # no other organisation
        lambda w: {"b": w.gent_town.pk, "kind": "friendship", "strength": "1"},
        lambda w: {"b": w.gent_town.pk, "kind": "joint_offer", "strength": "5"},
        lambda w: {"b": w.gent_town.pk, "kind": "joint_offer", "strength": "1", "since": "x"},
        lambda w: {"b": w.gent_club.pk, "kind": "joint_offer", "strength": "1"},  # itself
        lambda w: {"b": w.kempen_club.pk, "kind": "joint_offer", "strength": "1"},  # elsewhere
    ],
)
def test_bad_tie_input_is_400_and_writes_nothing(client, world, bad):
    client.force_login(world.users["coordinator"])
    response = client.post(_tie_url(world.gent_club), bad(world))
    assert response.status_code == 400
    assert not Tie.objects.exists()
    assert not AuditEntry.objects.filter(action="tie.created").exists()


def test_organisation_page_lists_ties_and_deleting_is_audited(client, world):
    tie = Tie.objects.create(a=world.gent_club, b=world.gent_town, kind=TieKind.JOINT_OFFER)
    client.force_login(world.users["coordinator"])
    html = client.get(world.gent_club.get_absolute_url()).content.decode()
    assert f'id="tie-{tie.pk}"' in html
    from django.urls import reverse

    url = reverse("network:tie_delete", kwargs={"pk": world.gent_club.pk, "tie": tie.pk})
    assert client.post(url).status_code == 302
    assert not Tie.objects.exists()
    assert AuditEntry.objects.filter(action="tie.deleted").count() == 1


# --- Ties derived from offers run together ------------------------------------------------------


def _joint(owner, *partners, status="active", start=None, end=None, created=None, archived=None):
    """An offer of ``owner`` run together with ``partners``."""
    offer = factories.OfferFactory(
        organisation=owner, status=status, start_date=start, end_date=end
    )
    offer.co_organisers.set(partners)
    changes = {}
    if created is not None:
        changes["created_at"] = _at(created)
    if archived is not None:
        changes["updated_at"] = _at(archived)
    if changes:
        Offer.objects.filter(pk=offer.pk).update(**changes)
    return offer


@pytest.fixture
def joint_offers(world, agii):
    """Club and town: four live offers together, and a draft and a submitted one that do not
    count. Club and AgII office: one. Two Kempen organisations: one (another region)."""
    office, _counsellor = agii
    club, town = world.gent_club, world.gent_town
    _joint(club, town, start=dt.date(2026, 1, 10))  # active, running
    _joint(club, town, status="paused", created=dt.date(2026, 2, 1))  # no start date
    _joint(club, town, status="archived", start=dt.date(2025, 6, 1), end=dt.date(2025, 12, 31))
    _joint(town, club, status="validated", start=dt.date(2026, 3, 1))  # the town runs it
    _joint(club, town, status="draft", start=dt.date(2024, 1, 1))
    _joint(club, town, status="submitted", start=dt.date(2024, 1, 1))
    _joint(club, office, start=dt.date(2026, 1, 5))
    _joint(world.kempen_club, factories.OrganisationFactory(region=world.kempen))
    return office


def _joint_ties(world, **period):
    return {
        (t.a, t.b): (t.strength, t.since)
        for t in ties.joint_offer_ties(world.gent, **period)
        if t.kind == "joint_offer" and not t.declared
    }


def test_joint_offer_ties_count_live_offers_run_together(world, joint_offers):
    office = joint_offers
    club, town = world.gent_club, world.gent_town
    pair = (min(club.pk, town.pk), max(club.pk, town.pk))
    office_pair = (min(club.pk, office.pk), max(club.pk, office.pk))
    # Four live offers (draft and submitted left out): strength 3, since the archived one began.
    assert _joint_ties(world) == {
        pair: (3, dt.date(2025, 6, 1)),
        office_pair: (1, dt.date(2026, 1, 5)),
    }
    found = ties.joint_offer_ties(world.gent)
    assert all(t.kind == TieKind.JOINT_OFFER and not t.declared for t in found)
    assert all(t.a < t.b for t in found)


def test_joint_offer_ties_follow_the_period(world, joint_offers):
    office = joint_offers
    club, town = world.gent_club, world.gent_town
    pair = (min(club.pk, town.pk), max(club.pk, town.pk))
    office_pair = (min(club.pk, office.pk), max(club.pk, office.pk))
    # January 2026: only the active offer ran (the archived one ended on 31 December, the
    # paused one was created on 1 February, the validated one starts in March).
    january = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 2, 1)}
    assert _joint_ties(world, **january) == {
        pair: (1, dt.date(2026, 1, 10)),
        office_pair: (1, dt.date(2026, 1, 5)),
    }
    # 2025: the archived offer only.
    year = {"start": dt.date(2025, 1, 1), "end": dt.date(2026, 1, 1)}
    assert _joint_ties(world, **year) == {pair: (1, dt.date(2025, 6, 1))}
    # From March 2026 on: active, paused and validated (three: strength 2) and the office's.
    assert _joint_ties(world, start=dt.date(2026, 3, 1)) == {
        pair: (2, dt.date(2026, 1, 10)),
        office_pair: (1, dt.date(2026, 1, 5)),
    }
    assert _joint_ties(world, end=dt.date(2025, 6, 1)) == {}


def test_an_archived_offer_without_end_date_ran_until_it_was_archived(world):
    club, town = world.gent_club, world.gent_town
    _joint(club, town, status="archived", start=dt.date(2025, 1, 1), archived=dt.date(2025, 5, 3))
    assert len(_joint_ties(world, start=dt.date(2025, 5, 1), end=dt.date(2025, 6, 1))) == 1
    assert _joint_ties(world, start=dt.date(2025, 5, 4)) == {}


@pytest.mark.parametrize(("count", "strength"), [(1, 1), (2, 2), (3, 2), (4, 3), (9, 3)])
def test_joint_offer_strength_by_count(count, strength):
    assert ties.joint_offer_strength(count) == strength


def test_a_partner_serving_the_region_gives_a_tie_in_both_regions(world):
    _joint(world.kempen_club, world.gent_club)
    expected = (world.kempen_club.pk, world.gent_club.pk)
    for region in (world.gent, world.kempen):
        found = ties.joint_offer_ties(region)
        assert [(t.a, t.b) for t in found] == [tuple(sorted(expected))]


def test_derived_ties_hold_both_sources(world, agii, joint_offers, django_assert_max_num_queries):
    office, counsellor = agii
    _referral(counsellor, world.gent_club, dt.date(2026, 1, 3))
    with django_assert_max_num_queries(3):
        derived = ties.derived_ties(world.gent)
    assert sorted(t.kind for t in derived) == ["joint_offer", "joint_offer", "referrals"]
    assert derived == sorted(derived, key=lambda t: (t.a, t.b, t.kind))
    # Referral AgII -> club and the joint offer of the club with AgII: one pair in the graph.
    nodes, graph_ties = adapter.region_graph(world.gent)
    assert len(measures.edges(nodes, graph_ties)) == 2


def test_joint_offer_ties_take_one_query_whatever_the_offers(world, django_assert_num_queries):
    for _ in range(2):
        _joint(world.gent_club, world.gent_town)
    with django_assert_num_queries(1):
        ties.joint_offer_ties(world.gent, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    for _ in range(20):
        _joint(world.gent_club, world.gent_town, factories.OrganisationFactory(region=world.gent))
    with django_assert_num_queries(1):
        ties.joint_offer_ties(world.gent, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
