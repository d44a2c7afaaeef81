"""Unmet demand: why long-waiting and unplaced newcomers find no offer."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from participatienet.allocation import proposal_services as services
from participatienet.matching import engine
from tests import factories

EVENINGS = sum(1 << (day * 3 + 2) for day in range(7))


def waiting(days, **newcomer):
    return factories.TrajectoryFactory(
        newcomer=factories.NewcomerFactory(**newcomer),
        status="searching",
        started_on=timezone.localdate() - dt.timedelta(days=days),
    )


def test_unmet_demand_counts_long_waiting_newcomers_by_municipality_moment_need_and_reason(world):
    factories.OfferFactory(organisation=world.gent_club, capacity=5)
    for _ in range(2):
        waiting(60, needs_childcare=True, availability_mask=EVENINGS)
    waiting(50, needs_women_only=True)
    waiting(50)  # an offer fits: counted as "refer"
    waiting(3, needs_childcare=True)  # waits too short and was never left unplaced

    demand = services.unmet_demand(world.gent)

    assert demand.newcomers == 4
    top = demand.rows[0]
    assert (top.code, top.count, top.parts, top.needs) == (
        engine.CHILDCARE,
        2,
        ("evening",),
        ("childcare",),
    )
    assert top.municipality_id == factories.municipality_of(world.gent).pk
    assert demand.codes == {engine.CHILDCARE: 2, engine.WOMEN_ONLY: 1, services.FITS: 1}
    counts = {m.pk: m.count for m in demand.municipalities}
    assert counts[top.municipality_id] == 4
    assert sum(counts.values()) == 4


def test_unmet_demand_includes_the_unplaced_of_the_latest_proposal(world):
    factories.OfferFactory(organisation=world.gent_club, capacity=1)
    waiting(1)
    waiting(1)
    services.build_proposal(actor=world.users["coordinator"], region=world.gent)

    demand = services.unmet_demand(world.gent)

    assert demand.newcomers == 1
    assert demand.codes == {services.FITS: 1}


def test_full_offers_show_as_missing_places(world):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    factories.ParticipationFactory(offer=offer, status="active")
    waiting(70)

    assert services.unmet_demand(world.gent).codes == {engine.FULL: 1}


def test_the_unmet_demand_page_draws_numbers_the_svg_can_read(world, login, settings):
    settings.LANGUAGE_CODE = "nl"
    waiting(60, needs_wheelchair=True)
    client = login(world.users["coordinator"])

    response = client.get(reverse("allocation:unmet_demand"), HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="wheelchair"' in html or 'data-code="distance"' in html
    numbers = re.findall(r'<circle cx="([^"]*)" cy="([^"]*)" r="([^"]*)"', html)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for row in numbers for n in row)


def test_the_unmet_demand_page_reads_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries
):
    factories.OfferFactory(organisation=world.gent_club, capacity=1)
    for _ in range(30):
        waiting(60, needs_childcare=True)
    client = login(world.users["coordinator"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("allocation:unmet_demand")).status_code == 200
