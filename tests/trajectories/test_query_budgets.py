"""Query budgets: every list page runs the same number of queries with 10 rows as with 500, and
detail pages stay bounded however many participations and hours they show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.offers.models import Offer
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)
from tests import factories
from tests.trajectories.builders import active_participation, caseload, confirmed_hours

pytestmark = pytest.mark.django_db


def bulk_caseload(world, count: int) -> None:
    """``count`` newcomers of the Gent counsellor, each with a trajectory, a participation in
    an offer of the Gent club, confirmed and unconfirmed hours and feedback."""
    counsellor = world.users["counsellor"]
    municipality = factories.municipality_of(world.gent)
    offers = [factories.OfferFactory(organisation=world.gent_club, capacity=500) for _ in range(3)]
    start = Newcomer.objects.count()
    Newcomer.objects.bulk_create(
        Newcomer(
            first_name=f"Naam{start + i}",
            last_name=f"Familie{start + i}",
            municipality=municipality,
            region=world.gent,
            counsellor=counsellor,
            availability_mask=7,
            consent_given_on=dt.date(2026, 1, 5),
        )
        for i in range(count)
    )
    newcomers = list(Newcomer.objects.order_by("-pk")[:count])
    today = timezone.localdate()
    Trajectory.objects.bulk_create(
        Trajectory(
            newcomer=newcomer,
            region=world.gent,
            counsellor=counsellor,
            status=("searching", "active", "intake")[i % 3],
            started_on=today - dt.timedelta(days=i % 90),
        )
        for i, newcomer in enumerate(newcomers)
    )
    trajectories = list(Trajectory.objects.filter(newcomer__in=newcomers))
    Participation.objects.bulk_create(
        Participation(
            trajectory=trajectory,
            offer=offers[i % 3],
            organisation=world.gent_club,
            status="active",
            started_on=dt.date(2026, 2, 1),
        )
        for i, trajectory in enumerate(trajectories)
        if trajectory.status == "active"
    )
    participations = list(Participation.objects.filter(trajectory__in=trajectories))
    HourEntry.objects.bulk_create(
        HourEntry(
            participation=participation,
            date=dt.date(2026, 2, 2),
            hours=Decimal(4),
            status=status,
            entered_by_label="test",
            confirmed_by_label="Contact" if status == "confirmed" else "",
        )
        for participation in participations
        for status in ("confirmed", "unconfirmed")
    )
    Feedback.objects.bulk_create(
        Feedback(participation=participation, respondent="newcomer", felt_welcome=4)
        for participation in participations
    )


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(queries)


LIST_PAGES = [
    ("trajectories:newcomer_list", {}),
    ("trajectories:newcomer_list", {"waiting": "any", "sort": "waiting"}),
    ("trajectories:newcomer_list", {"hours": "unconfirmed", "status": "active"}),
    ("trajectories:participation_list", {}),
    ("trajectories:participation_list", {"hours": "unconfirmed"}),
    ("trajectories:participation_list", {"feedback": "newcomer"}),
    ("trajectories:region_overview", {}),
]


@pytest.mark.parametrize(("name", "params"), LIST_PAGES)
def test_list_pages_run_as_many_queries_with_10_rows_as_with_500(login, world, name, params):
    client = login(world.users["coordinator"])
    bulk_caseload(world, 10)
    few = count_queries(client, reverse(name), params)
    bulk_caseload(world, 490)
    assert Newcomer.objects.count() == 500
    many = count_queries(client, reverse(name), params)
    assert few == many


def test_find_offers_is_bounded_whatever_the_number_of_offers(login, world):
    trajectory = caseload(world)
    client = login(world.users["counsellor"])
    url = reverse("trajectories:trajectory_find_offers", kwargs={"pk": trajectory.pk})
    for _ in range(3):
        factories.OfferFactory(organisation=world.gent_club)
    few = count_queries(client, url)
    template = Offer.objects.first()
    values = {f.attname: getattr(template, f.attname) for f in Offer._meta.concrete_fields}
    values.pop("id")
    Offer.objects.bulk_create(Offer(**{**values, "title": f"Aanbod {i}"}) for i in range(200))
    many = count_queries(client, url)
    assert few == many


def test_detail_pages_are_bounded(login, world, django_assert_max_num_queries):
    trajectory = caseload(world, status="active")
    participations = [active_participation(world, trajectory) for _ in range(6)]
    for participation in participations:
        confirmed_hours(participation, 16, per_entry=2)
        factories.HourEntryFactory(participation=participation)
        Feedback.objects.create(participation=participation, respondent="newcomer", felt_welcome=5)
    client = login(world.users["counsellor"])
    newcomer = trajectory.newcomer
    participation = participations[0]
    pages = [
        newcomer.get_absolute_url(),
        reverse("trajectories:newcomer_edit", kwargs={"pk": newcomer.pk}),
        trajectory.get_absolute_url(),
        reverse("trajectories:trajectory_proof", kwargs={"pk": trajectory.pk}),
        reverse("trajectories:trajectory_complete", kwargs={"pk": trajectory.pk}),
        reverse("trajectories:trajectory_own_activity", kwargs={"pk": trajectory.pk}),
        participation.get_absolute_url(),
        reverse("trajectories:participation_proof", kwargs={"pk": participation.pk}),
        reverse("trajectories:participation_hours", kwargs={"pk": participation.pk}),
        reverse("trajectories:participation_end", kwargs={"pk": participation.pk}),
        reverse("trajectories:newcomer_create"),
    ]
    for url in pages:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_the_trajectory_page_does_not_grow_with_its_participations(login, world):
    trajectory = caseload(world, status="active")
    client = login(world.users["counsellor"])
    first = active_participation(world, trajectory)
    confirmed_hours(first, 8)
    few = count_queries(client, trajectory.get_absolute_url())
    for _ in range(8):
        confirmed_hours(active_participation(world, trajectory), 8, per_entry=1)
    many = count_queries(client, trajectory.get_absolute_url())
    assert few == many
