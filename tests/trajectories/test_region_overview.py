"""The region overview: figures of the current region, each linking to its filtered list."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.trajectories.models import Feedback
from tests import factories
from tests.trajectories.builders import active_participation, caseload, confirmed_hours

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("trajectories:region_overview")
NEWCOMERS = reverse("trajectories:newcomer_list")


def started_days_ago(trajectory, days):
    trajectory.started_on = timezone.localdate() - dt.timedelta(days=days)
    trajectory.save(update_fields=["started_on"])
    return trajectory


@pytest.fixture
def region_data(world):
    started_days_ago(caseload(world, status="intake"), 3)
    started_days_ago(caseload(world, status="searching"), 20)
    started_days_ago(caseload(world, status="searching"), 70)
    running = active_participation(world)
    factories.HourEntryFactory(
        participation=running, entered_at=timezone.now() - dt.timedelta(days=16)
    )
    factories.HourEntryFactory(participation=running)
    done = active_participation(world, status="completed")
    done.trajectory.status = "completed"
    done.trajectory.save()
    confirmed_hours(done, 40)
    for score in (4, 5, 3):
        participation = active_participation(world, status="completed")
        participation.trajectory.status = "completed"
        participation.trajectory.save()
        Feedback.objects.create(
            participation=participation, respondent="newcomer", felt_welcome=score
        )
    Feedback.objects.create(participation=done, respondent="partner", fit=5)
    full = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    factories.ParticipationFactory(offer=full, status="active")
    # Kempen: must not count for Gent
    kempen = factories.NewcomerFactory(municipality=factories.municipality_of(world.kempen))
    factories.TrajectoryFactory(newcomer=kempen, status="searching")
    return world


def test_the_overview_counts_the_region(login, region_data):
    response = login(region_data.users["coordinator"]).get(OVERVIEW)
    overview = response.context["overview"]
    assert response.status_code == 200
    assert overview.region == region_data.gent
    by_status = {bar.key: bar.value for bar in overview.statuses}
    # searching: two caseload newcomers and the one taking the full offer's place
    assert by_status["intake"] == 1
    assert by_status["searching"] == 3
    assert by_status["completed"] == 4
    assert overview.total == sum(by_status.values())
    waiting = {figure.key: figure.value for figure in overview.waiting}
    assert waiting == {"lt2w": 1, "2to6w": 1, "gt6w": 1}
    assert overview.waiting_total.value == 3
    assert overview.oldest_waiting_days == 70
    assert overview.unconfirmed.value == 2
    assert (timezone.now() - overview.oldest_unconfirmed).days == 16
    assert overview.offers_full.value >= 1
    welcome = overview.newcomer_feedback[0]
    assert welcome.answers == 3 and welcome.average == pytest.approx(4.0) and welcome.shown
    fit = overview.partner_feedback[0]
    assert fit.answers == 1 and not fit.shown  # fewer than 3 answers stay hidden


def test_every_figure_links_to_a_list_that_shows_the_same_number(login, region_data):
    client = login(region_data.users["coordinator"])
    overview = client.get(OVERVIEW).context["overview"]
    for bar in overview.statuses:
        assert bar.url.startswith(NEWCOMERS)
        listed = client.get(bar.url)
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == bar.value, bar.key
    for figure in [*overview.waiting, overview.waiting_total]:
        listed = client.get(figure.url)
        assert listed.context["page"].paginator.count == figure.value, figure.key
    listed = client.get(overview.unconfirmed.url)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 1  # one participation, two entries
    assert client.get(overview.newcomer_feedback_url).context["page"].paginator.count == 3
    assert overview.offers_full.url == "/aanbod/?free=0"
    catalogue = client.get(overview.offers_full.url)
    assert catalogue.status_code == 200
    assert catalogue.context["page"].paginator.count == overview.offers_full.value


def test_the_chart_is_svg_with_numbers_in_plain_notation(login, region_data, settings):
    settings.LANGUAGE_CODE = "nl-be"
    page = login(region_data.users["coordinator"]).get(OVERVIEW).content.decode()
    start = page.index('<svg class="bar-chart"')
    svg = page[start : page.index("</svg>", start)]
    assert "<title" in svg
    for value in re.findall(r'(?:width|x|y|height|dx)="([^"]+)"', svg):
        assert "," not in value, value
    assert svg.count("<rect") == 5
    assert f'href="{NEWCOMERS}?status=searching"' in svg


def test_the_other_regions_coordinator_sees_only_kempen(login, region_data):
    overview = login(region_data.users["coordinator_other"]).get(OVERVIEW).context["overview"]
    assert overview.region == region_data.kempen
    assert overview.total == 1
    assert overview.waiting_total.value == 1


def test_counsellors_and_partners_have_no_region_overview(login, world):
    for persona in ("counsellor", "local_worker", "partner_contact", "viewer"):
        assert login(world.users[persona]).get(OVERVIEW).status_code == 403
