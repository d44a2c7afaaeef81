"""The demo network: roles, stages, ties and the growth board in every region, shaped so the
measures differ the way a coordinator would recognise (centralised Gent, spread Kempen, a
fast-growing Westhoek).

Most tests read one small seed (a module fixture) with a fixed "now"."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Min, Q
from django.test import override_settings
from django.urls import reverse

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.demo import generator
from participatienet.demo.generator import seed
from participatienet.network import adapter, measures
from participatienet.network.choices import (
    NetworkRole,
    OrganisationKind,
    OrganisationStage,
    TieKind,
)
from participatienet.network.models import ContactMoment, Organisation, StageChange, Tie
from participatienet.offers.choices import OfferStatus
from participatienet.offers.models import Offer
from participatienet.regions.models import Region
from participatienet.trajectories.models import Participation

pytestmark = pytest.mark.django_db

#: A fixed "now" in the middle of a quarter, so quarters and "overdue" do not move.
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
CORE = 1 << int(NetworkRole.CORE_PARTNER)


@pytest.fixture(scope="module")
def small(django_db_setup, django_db_blocker):
    """One small seed for the module (the tests only read it), rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed(size="small", seed=1, now=NOW)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _graph(slug: str) -> tuple[Region, list[measures.Node], list[measures.Tie]]:
    region = Region.objects.get(slug=slug)
    nodes, ties = adapter.region_graph(region)
    return region, nodes, ties


def _declared_without_hub(region: Region) -> float:
    """Share of the region's declared ties that do not touch its coordinating organisation."""
    hub = adapter.coordinating_organisation_ids(region)
    ties = list(Tie.objects.filter(a__region=region).values_list("a_id", "b_id"))
    return sum(1 for a, b in ties if a not in hub and b not in hub) / len(ties)


def test_gent_turns_around_its_coordinator_and_the_kempen_spreads_ownership(small):
    gent, gent_nodes, gent_ties = _graph("gent")
    kempen, kempen_nodes, kempen_ties = _graph("kempen")
    # The coordinators work at the AgII office, so the measures know it.
    for region in (gent, kempen):
        agii = Organisation.objects.get(region=region, kind=OrganisationKind.AGII)
        assert adapter.coordinating_organisation_ids(region) == {agii.pk}

    gent_centralisation = measures.degree_centralisation(gent_nodes, gent_ties)
    kempen_centralisation = measures.degree_centralisation(kempen_nodes, kempen_ties)
    gent_share = measures.coordinator_tie_share(gent_nodes, gent_ties)
    kempen_share = measures.coordinator_tie_share(kempen_nodes, kempen_ties)
    assert gent_centralisation > 0.75
    assert gent_centralisation > kempen_centralisation + 0.3
    assert gent_share > 0.75
    assert kempen_share < 0.35
    assert gent_share > kempen_share + 0.4

    # Partners of the Kempen know each other; in Gent nearly every tie runs through AgII.
    assert _declared_without_hub(kempen) > 0.6
    assert _declared_without_hub(gent) < 0.25
    # Several core partners and offers run together in the Kempen.
    assert (
        Organisation.objects.filter(region=kempen).with_role(NetworkRole.CORE_PARTNER).count() >= 4
    )
    joint = Offer.co_organisers.through.objects.filter(offer__region=kempen)
    assert joint.exists()
    assert all(
        row.organisation.region_id == kempen.pk and row.organisation_id != row.offer.organisation_id
        for row in joint.select_related("offer", "organisation")
    )
    kempen_kinds = {tie.kind for tie in kempen_ties}
    assert TieKind.JOINT_OFFER.value in kempen_kinds


def _joined_per_quarter(region: Region) -> Counter:
    return Counter(
        measures.Quarter.of(day)
        for day in Organisation.objects.filter(region=region, joined_on__isnull=False).values_list(
            "joined_on", flat=True
        )
    )


def test_the_westhoek_grows_fast_with_a_full_pipeline(small):
    westhoek = Region.objects.get(slug="westhoek")
    current = measures.Quarter.of(TODAY)
    latest = [current, current.previous()]
    before = [current.previous().previous(), current.previous().previous().previous()]

    joined = _joined_per_quarter(westhoek)
    recent = sum(joined[q] for q in latest)
    assert recent >= 4
    assert recent > sum(joined[q] for q in before)
    for slug in ("gent", "kempen"):
        other = _joined_per_quarter(Region.objects.get(slug=slug))
        assert recent > sum(other[q] for q in latest)

    coordinators = set(
        Membership.objects.filter(role=Role.COORDINATOR, region=westhoek).values_list(
            "user_id", flat=True
        )
    )
    pipeline = list(
        Organisation.objects.filter(
            region=westhoek, stage__in=[OrganisationStage.PROSPECT, OrganisationStage.ENGAGED]
        )
    )
    stages = Counter(o.stage for o in pipeline)
    assert stages[OrganisationStage.PROSPECT] >= 4
    assert stages[OrganisationStage.ENGAGED] >= 2
    for organisation in pipeline:
        assert organisation.next_step
        assert organisation.next_step_due is not None
        assert organisation.next_step_owner_id is None or organisation.next_step_owner_id in (
            coordinators
        )
        moments = list(organisation.contact_moments.all())
        assert moments and all(m.contacted_on <= TODAY and m.summary for m in moments)
        assert organisation.next_step_due > min(m.contacted_on for m in moments)
    assert any(o.next_step_owner_id for o in pipeline)
    assert any(o.is_next_step_overdue(TODAY) for o in pipeline)
    # Their way through the board is recorded, one move after the other.
    moves = StageChange.objects.filter(organisation__region=westhoek)
    assert (
        moves.filter(
            from_stage=OrganisationStage.PROSPECT, to_stage=OrganisationStage.ENGAGED
        ).count()
        >= stages[OrganisationStage.ENGAGED]
    )
    assert moves.filter(
        from_stage=OrganisationStage.ENGAGED, to_stage=OrganisationStage.ACTIVE
    ).exists()


def test_every_region_has_roles_ties_and_several_stages(small):
    ties = defaultdict(int)
    for region_id in Tie.objects.values_list("a__region_id", flat=True):
        ties[region_id] += 1
    for region in Region.objects.all():
        organisations = list(Organisation.objects.filter(region=region))
        assert all(o.roles_mask for o in organisations), region.slug
        assert any(len(o.roles) >= 2 for o in organisations), region.slug
        assert len({o.stage for o in organisations}) >= 2, region.slug
        assert ties[region.pk] > 0, region.slug
        agii = next(o for o in organisations if o.kind == OrganisationKind.AGII)
        assert {NetworkRole.AGII, NetworkRole.REFERRER, NetworkRole.CORE_PARTNER} <= set(agii.roles)
    governments = Organisation.objects.filter(kind=OrganisationKind.LOCAL_GOVERNMENT)
    assert all(
        {NetworkRole.LOCAL_GOVERNMENT, NetworkRole.REFERRER} <= set(o.roles) for o in governments
    )
    # Every main city is a core partner.
    for slug, city in generator.MAIN_CITY.items():
        main = governments.get(region__slug=slug, municipality__name=city)
        assert main.roles_mask & CORE, slug


def test_join_dates_stages_and_ties_keep_the_rules(small):
    first_participation = dict(
        Participation.objects.filter(organisation__isnull=False)
        .values("organisation_id")
        .annotate(first=Min("created_at"))
        .values_list("organisation_id", "first")
    )
    validated = set(
        Offer.objects.exclude(status__in=[OfferStatus.DRAFT, OfferStatus.SUBMITTED]).values_list(
            "organisation_id", flat=True
        )
    )
    for organisation in Organisation.objects.all():
        organisation.full_clean(validate_unique=False, validate_constraints=False)
        if organisation.stage in (OrganisationStage.PROSPECT, OrganisationStage.ENGAGED):
            assert organisation.joined_on is None
            assert organisation.pk not in first_participation
            assert organisation.pk not in validated
        else:
            assert organisation.joined_on is not None and organisation.joined_on < TODAY
            first = first_participation.get(organisation.pk)
            assert first is None or organisation.joined_on <= first.date()
        if organisation.next_step_due is not None or organisation.next_step_owner_id:
            assert organisation.next_step
    # Ties start once both joined, or once an organisation talking with the network engaged.
    since = dict(Organisation.objects.values_list("pk", "joined_on"))
    since.update(
        StageChange.objects.filter(
            to_stage=OrganisationStage.ENGAGED, organisation__stage=OrganisationStage.ENGAGED
        ).values_list("organisation_id", "changed_on")
    )
    for tie in Tie.objects.select_related("a", "b"):
        assert tie.a_id != tie.b_id and tie.a.region_id == tie.b.region_id
        assert OrganisationStage.PROSPECT not in (tie.a.stage, tie.b.stage)
        assert 1 <= tie.strength <= 3
        assert tie.kind in TieKind.values
        assert max(since[tie.a_id], since[tie.b_id]) <= tie.since < TODAY
    pairs = Counter(frozenset(pair) for pair in Tie.objects.values_list("a_id", "b_id"))
    assert max(pairs.values()) == 1
    assert Tie.objects.exclude(note="").exists()
    assert set(Tie.objects.values_list("kind", flat=True)) >= {
        TieKind.REFERRALS,
        TieKind.INFORMATION_EXCHANGE,
        TieKind.SHARED_RESOURCES,
        TieKind.FORMAL_AGREEMENT,
    }
    # Offers run together (derived joint-offer ties) in most regions.
    joint = Offer.co_organisers.through.objects.values_list("offer__region_id", flat=True)
    assert len(set(joint)) >= 5
    for moment in ContactMoment.objects.all():
        assert moment.contacted_on <= TODAY and moment.contacted_by_name
    for change in StageChange.objects.all():
        assert change.changed_on <= TODAY and change.from_stage != change.to_stage


def test_the_gent_coordinator_finds_prospects_on_the_growth_board(small, client):
    coordinator = User.objects.get(email="coordinator.gent@participatienet.demo")
    gent = Region.objects.get(slug="gent")
    prospects = Organisation.objects.filter(region=gent, stage=OrganisationStage.PROSPECT)
    assert prospects.count() >= 2
    # The demo coordinator owns next steps, so "my next steps" shows some too.
    assert Organisation.objects.filter(region=gent, next_step_owner=coordinator).exists()
    client.force_login(coordinator)
    response = client.get(reverse("network:pipeline"))
    assert response.status_code == 200
    content = response.content.decode()
    for prospect in prospects:
        assert f'data-id="{prospect.pk}" data-stage="prospect"' in content


def _network_snapshot() -> dict[str, list]:
    return {
        "organisations": list(
            Organisation.objects.order_by("pk").values_list(
                "name",
                "roles_mask",
                "stage",
                "joined_on",
                "next_step",
                "next_step_due",
                "next_step_owner__email",
            )
        ),
        "ties": list(
            Tie.objects.order_by("pk").values_list(
                "a__name", "b__name", "kind", "strength", "since", "note"
            )
        ),
        "moments": list(
            ContactMoment.objects.order_by("pk").values_list(
                "organisation__name", "contacted_on", "contacted_by_name", "channel", "summary"
            )
        ),
        "changes": list(
            StageChange.objects.order_by("pk").values_list(
                "organisation__name", "from_stage", "to_stage", "changed_on", "changed_by_name"
            )
        ),
        "joint": list(
            Offer.co_organisers.through.objects.order_by("pk").values_list(
                "offer__title", "organisation__name"
            )
        ),
    }


@pytest.fixture
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.usefixtures("_fast_hashing")
def test_the_network_is_the_same_for_the_same_seed_and_reset_leaves_nothing_behind():
    # (The module's seed is there too: start afresh.)
    seed(size="small", seed=4, now=NOW, reset=True)
    first = _network_snapshot()
    assert all(first.values())

    generator._reset()
    assert not Organisation.objects.exists()
    assert not Tie.objects.exists()
    assert not ContactMoment.objects.exists()
    assert not StageChange.objects.exists()
    assert not Offer.co_organisers.through.objects.exists()
    assert not Membership.objects.filter(
        Q(organisation__isnull=False) | Q(role=Role.COORDINATOR)
    ).exists()

    seed(size="small", seed=4, now=NOW)
    assert _network_snapshot() == first
    seed(size="small", seed=5, now=NOW, reset=True)
    assert _network_snapshot() != first
