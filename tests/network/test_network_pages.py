"""The network map: who sees it, what it draws, and bounded queries."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.measures import MEASURE_TEXTS
from participatienet.network.models import Tie
from tests import factories

MAP = "network:map"


@pytest.fixture
def small_graph(world):
    """Gent: club, town, AgII office, school. Declared club-town, derived AgII -> club.

    Four organisations, two ties: density 2 / 6 = 0.3333.
    """
    office = factories.OrganisationFactory(
        name="AgII Gent", region=world.gent, kind=OrganisationKind.AGII
    )
    school = factories.OrganisationFactory(
        name="School Gent", region=world.gent, kind=OrganisationKind.SCHOOL
    )
    counsellor = factories.UserFactory()
    factories.MembershipFactory(
        user=counsellor, role=Role.COUNSELLOR, region=world.gent, organisation=office
    )
    Tie.objects.create(a=world.gent_club, b=world.gent_town, kind=TieKind.JOINT_OFFER)
    offer = factories.OfferFactory(organisation=world.gent_club)
    factories.ParticipationFactory(
        offer=offer,
        referred_by=counsellor,
        created_at=timezone.make_aware(dt.datetime(2026, 1, 5, 12)),
    )
    return office, school


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse(MAP), params)


def test_map_draws_every_organisation_and_both_kinds_of_tie(client, world, small_graph):
    response = _get(client, world.users["coordinator"])
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="node"') == 4
    assert html.count('class="tie"') == 1
    assert html.count('class="tie derived"') == 1
    assert f'href="{world.gent_club.get_absolute_url()}"' in html
    assert "Wandelclub Turnhout" not in html
    table = html.split('id="network-table"')[1]
    assert table.count("<tr>") == 5  # header and four organisations
    # Numbers in the SVG are never localised (no decimal commas).
    svg = html.split('id="network-svg"')[1].split("</svg>")[0]
    assert not re.search(r'c[xy]="\d+,\d', svg)


def test_map_filters_ties(client, world, small_graph):
    html = _get(client, world.users["coordinator"], source="declared").content.decode()
    assert html.count('class="tie"') == 1 and 'class="tie derived"' not in html
    html = _get(client, world.users["coordinator"], kind="referrals").content.decode()
    assert 'class="tie"' not in html and html.count('class="tie derived"') == 1


def test_map_bad_filter_is_400(client, world, small_graph):
    response = _get(client, world.users["coordinator"], kind="friendship")
    assert response.status_code == 400
    assert 'class="node"' not in response.content.decode()


def test_map_in_dutch_keeps_svg_numbers_plain(client, world, small_graph, settings):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse(MAP), HTTP_ACCEPT_LANGUAGE="nl")
    svg = response.content.decode().split('id="network-svg"')[1]
    assert re.search(r'cx="\d+(\.\d+)?"', svg)
    assert not re.search(r'cx="\d+,\d+"', svg)


def _organisations(region, count):
    kinds = [OrganisationKind.CLUB, OrganisationKind.SCHOOL, OrganisationKind.WELFARE]
    made = [factories.OrganisationFactory(region=region, kind=kinds[i % 3]) for i in range(count)]
    for left, right in zip(made, made[1:], strict=False):
        Tie.objects.create(a=left, b=right, kind=TieKind.INFORMATION_EXCHANGE)


def test_map_queries_do_not_grow_with_organisations(client, world):
    user = world.users["coordinator"]
    client.force_login(user)
    _organisations(world.gent, 8)
    client.get(reverse(MAP))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(MAP)).status_code == 200
    _organisations(world.gent, 90)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(MAP))
    assert response.status_code == 200
    assert response.content.decode().count('class="node"') == 100
    assert len(large) == len(small)


MEASURES = "network:measures"


def _current_cell(html, name):
    row = html.split(f'id="measure-{name}"')[1].split("</tr>")[0]
    return re.findall(r'<td class="num current">([^<]*)</td>', row)[0]


def test_measures_page_shows_hand_computed_density(client, world, small_graph):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse(MEASURES))
    assert response.status_code == 200
    html = response.content.decode()
    # Four organisations, two ties (one declared, one derived): 2 of 6 possible pairs.
    assert re.fullmatch(r"0[.,]33", _current_cell(html, "density"))
    assert _current_cell(html, "ties") == "2"
    assert _current_cell(html, "organisations") == "4"
    # The star club - town, club - AgII: centralisation (1 + 1 + 2) / (3 * 2) = 0.67.
    assert re.fullmatch(r"0[.,]67", _current_cell(html, "degree_centralisation"))
    # Six quarters in every row, and each measure's Dutch sentence.
    assert html.split('id="measure-density"')[1].split("</tr>")[0].count('<td class="num') == 6
    assert MEASURE_TEXTS["density"] in html


def test_measures_page_trend_counts_participations_per_quarter(client, world):
    today = timezone.localdate()
    offer = factories.OfferFactory(organisation=world.gent_club)
    factories.ParticipationFactory(
        offer=offer, created_at=timezone.make_aware(dt.datetime.combine(today, dt.time(10)))
    )
    client.force_login(world.users["coordinator"])
    html = client.get(reverse(MEASURES)).content.decode()
    assert _current_cell(html, "active_offer_partners") == "1"
    assert _current_cell(html, "newcomers") == "1"
    assert "<polyline" in html


def test_measures_queries_do_not_grow_with_organisations(client, world):
    client.force_login(world.users["coordinator"])
    _organisations(world.gent, 8)
    client.get(reverse(MEASURES))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(MEASURES))
    _organisations(world.gent, 90)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(MEASURES)).status_code == 200
    assert len(large) == len(small)


def test_admin_with_a_chosen_region_sees_the_map(client, world, small_graph):
    client.force_login(world.users["programme_admin"])
    client.post(reverse("accounts:switch_scope"), {"region": world.gent.pk})
    html = client.get(reverse(MAP)).content.decode()
    assert html.count('class="node"') == 4


def test_map_stays_readable_at_300_organisations(client, world):
    _organisations(world.gent, 298)
    client.force_login(world.users["coordinator"])
    html = client.get(reverse(MAP)).content.decode()
    svg = html.split('id="network-svg"')[1].split("</svg>")[0]
    assert svg.count('class="node"') == 300
    assert "<text" not in svg  # names on hover only, the table lists them all
    width = int(re.search(r'<svg viewBox="0 0 (\d+) [^>]*id="network-svg"', html).group(1))
    assert width >= 1200
