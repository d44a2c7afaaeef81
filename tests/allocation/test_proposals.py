"""Allocation proposals: building, adjusting and sending (services and pages)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.allocation import proposal_services as services
from participatienet.allocation.models import AllocationProposal, ProposalStatus, ProposedPlacement
from participatienet.matching import engine
from participatienet.trajectories.models import Participation
from tests import factories

MONDAY_MORNING = 1 << 0
TUESDAY_EVENING = 1 << (1 * 3 + 2)


def waiting(**newcomer):
    return factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(**newcomer), status="searching"
    )


@pytest.fixture
def coordinator(world):
    return world.users["coordinator"]


def build(world, coordinator):
    return services.build_proposal(actor=coordinator, region=world.gent)


def test_building_places_everyone_who_fits_and_keeps_why_others_do_not(world, coordinator):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=2)
    fits = [waiting(), waiting()]
    childcare = waiting(needs_childcare=True)
    monday = waiting(availability_mask=MONDAY_MORNING)

    proposal = build(world, coordinator)

    assert (proposal.placed, proposal.unplaced) == (2, 2)
    assert proposal.greedy_placed == 2
    rows = {row.trajectory_id: row for row in proposal.placements.all()}
    assert {rows[t.pk].offer_id for t in fits} == {offer.pk}
    assert all(rows[t.pk].score and rows[t.pk].explanation for t in fits)
    assert rows[childcare.pk].offer_id is None
    assert rows[childcare.pk].reason_code == engine.CHILDCARE
    assert rows[childcare.pk].reason
    assert rows[monday.pk].reason_code == engine.SCHEDULE
    assert AuditEntry.objects.filter(action="allocationproposal.created").count() == 1


def test_building_maximises_the_number_placed(world, coordinator):
    anyone = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    advanced = factories.OfferFactory(organisation=world.gent_club, capacity=1, min_dutch_level=2)
    strong = waiting(dutch_level=2)
    beginner = waiting(dutch_level=1)

    proposal = build(world, coordinator)

    placed = dict(proposal.placements.values_list("trajectory_id", "offer_id"))
    assert placed == {strong.pk: advanced.pk, beginner.pk: anyone.pk}
    assert proposal.total_score >= proposal.greedy_total_score


def test_the_waiting_list_leaves_out_placed_and_closed_trajectories(world, coordinator):
    factories.OfferFactory(organisation=world.gent_club, capacity=5)
    waiting_one = waiting()
    busy = waiting()
    factories.ParticipationFactory(trajectory=busy, status="referred")
    factories.TrajectoryFactory(status="completed")
    factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(municipality=factories.municipality_of(world.kempen))
    )

    proposal = build(world, coordinator)

    assert list(proposal.placements.values_list("trajectory_id", flat=True)) == [waiting_one.pk]


def test_adjusting_refuses_an_offer_that_does_not_fit_and_writes_nothing(world, coordinator):
    factories.OfferFactory(organisation=world.gent_club, capacity=2)
    waiting(availability_mask=MONDAY_MORNING | TUESDAY_EVENING)
    monday = factories.OfferFactory(
        organisation=world.gent_club, capacity=2, schedule_mask=1 << 3, min_dutch_level=3
    )
    proposal = build(world, coordinator)
    row = proposal.placements.get()
    before = (row.offer_id, row.score, row.included)

    with pytest.raises(services.ProposalError) as error:
        services.adjust_placement(actor=coordinator, placement=row, included=True, offer=monday)

    assert error.value.code == "not_feasible"
    row.refresh_from_db()
    assert (row.offer_id, row.score, row.included) == before
    assert not AuditEntry.objects.filter(action="proposedplacement.changed").exists()


def test_adjusting_keeps_the_capacity_across_the_proposal(world, coordinator):
    first = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    second = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    waiting()
    waiting()
    proposal = build(world, coordinator)
    one, two = proposal.placements.order_by("pk")
    target = second if one.offer_id == first.pk else first

    with pytest.raises(services.ProposalError) as error:
        services.adjust_placement(actor=coordinator, placement=one, included=True, offer=target)
    assert error.value.code == "no_place_left"

    services.adjust_placement(actor=coordinator, placement=two, included=False)
    moved = services.adjust_placement(actor=coordinator, placement=one, included=True, offer=target)
    assert moved.offer_id == target.pk
    with pytest.raises(services.ProposalError):
        services.adjust_placement(actor=coordinator, placement=two, included=True)
    assert AuditEntry.objects.filter(action="proposedplacement.changed").count() == 2


def test_sending_refers_through_the_service_and_reports_a_full_offer_per_row(world, coordinator):
    for organisation in (world.gent_club, world.gent_club, world.gent_town):
        factories.OfferFactory(organisation=organisation, capacity=1)
    for _ in range(3):
        waiting()
    proposal = build(world, coordinator)
    left_out, to_fill, to_send = proposal.placements.order_by("pk")
    services.adjust_placement(actor=coordinator, placement=left_out, included=False)
    factories.ParticipationFactory(offer=to_fill.offer, status="accepted")

    result = services.send_proposal(actor=coordinator, proposal=proposal)

    assert [row.pk for row in result.sent] == [to_send.pk]
    assert [(row.pk, code) for row, code in result.failed] == [(to_fill.pk, "offer_full")]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SENT and proposal.sent_at
    referred = Participation.objects.get(status="referred")
    assert (referred.trajectory_id, referred.offer_id) == (to_send.trajectory_id, to_send.offer_id)
    to_fill.refresh_from_db()
    assert to_fill.participation_id is None and to_fill.reason_code == "offer_full"
    to_send.refresh_from_db()
    assert to_send.participation_id == referred.pk
    left_out.refresh_from_db()
    assert left_out.participation_id is None
    assert AuditEntry.objects.filter(action="participation.referred").count() == 1
    assert AuditEntry.objects.filter(action="allocationproposal.sent").count() == 1
    with pytest.raises(services.ProposalError):
        services.send_proposal(actor=coordinator, proposal=proposal)


# --- Pages -------------------------------------------------------------------------------------


def test_a_coordinator_makes_a_proposal_and_sees_it(world, coordinator, login):
    factories.OfferFactory(organisation=world.gent_club, capacity=3)
    waiting()
    waiting(needs_wheelchair=True)
    client = login(coordinator)

    response = client.post(reverse("allocation:proposal_list"))

    proposal = AllocationProposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("allocation:proposal_detail", kwargs={"pk": proposal.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.count(b'data-reason="wheelchair"') == 1
    assert client.get(reverse("allocation:proposal_list")).status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["proposal_detail", "proposal_list"])
def test_the_proposal_pages_read_the_same_number_of_queries_for_10_or_200_rows(
    world, coordinator, login, name
):
    client = login(coordinator)
    factories.OfferFactory(organisation=world.gent_club, capacity=4)
    factories.OfferFactory(organisation=world.gent_town, capacity=4)
    for _ in range(10):
        waiting()
    small = build(world, coordinator)
    kwargs = {"pk": small.pk} if name == "proposal_detail" else {}
    few = _queries(client, reverse(f"allocation:{name}", kwargs=kwargs))
    for _ in range(190):
        waiting()
    large = build(world, coordinator)
    assert large.placements.count() == 200
    kwargs = {"pk": large.pk} if name == "proposal_detail" else {}
    many = _queries(client, reverse(f"allocation:{name}", kwargs=kwargs))
    assert many == few


def test_bad_adjustments_answer_400_and_write_nothing(world, coordinator, login):
    factories.OfferFactory(organisation=world.gent_club, capacity=2)
    kempen_offer = factories.OfferFactory(organisation=world.kempen_club, capacity=2)
    waiting()
    proposal = build(world, coordinator)
    row = proposal.placements.get()
    url = reverse("allocation:proposal_adjust", kwargs={"pk": proposal.pk, "placement_pk": row.pk})
    client = login(coordinator)

    for data in ({"offer": "geen-getal"}, {"offer": kempen_offer.pk, "included": "on"}):
        assert client.post(url, data).status_code == 400
    row.refresh_from_db()
    assert row.offer_id != kempen_offer.pk and row.included

    assert client.post(url, {"offer": row.offer_id}).status_code == 302
    row.refresh_from_db()
    assert not row.included


def test_the_send_page_sends_and_a_sent_proposal_cannot_change(world, coordinator, login):
    factories.OfferFactory(organisation=world.gent_club, capacity=2)
    waiting()
    proposal = build(world, coordinator)
    row = proposal.placements.get()
    client = login(coordinator)

    response = client.post(reverse("allocation:proposal_send", kwargs={"pk": proposal.pk}))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.participation.status == "referred"
    url = reverse("allocation:proposal_adjust", kwargs={"pk": proposal.pk, "placement_pk": row.pk})
    assert client.post(url, {"offer": row.offer_id}).status_code == 400
    assert (
        client.get(reverse("allocation:proposal_detail", kwargs={"pk": proposal.pk})).status_code
        == 200
    )
    assert ProposedPlacement.objects.get(pk=row.pk).included


def test_a_programme_admin_without_a_region_cannot_make_a_proposal(world, login):
    client = login(world.users["programme_admin"])
    assert client.post(reverse("allocation:proposal_list")).status_code == 400
    assert not AllocationProposal.objects.exists()
