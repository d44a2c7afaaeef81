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
from participatienet.network import measures
from participatienet.network.choices import OrganisationKind, TieKind
from participatienet.network.measures import MEASURE_TEXTS
from participatienet.network.models import Organisation, Tie
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
    table = html.split('id="network-table"')[1].split("</table>")[0]
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


# --- The period of the map -----------------------------------------------------------------------


def _period(html):
    match = re.search(
        r'id="map-period" data-period="([^"]*)" data-start="([^"]*)" data-end="([^"]*)"', html
    )
    return match.groups()


def _club_circle(html, club):
    svg = html.split('id="network-svg"')[1].split("</svg>")[0]
    return re.search(rf'data-id="{club.pk}"[^>]* r="([\d.]+)"', svg).group(1)


def _club_row(html, club):
    table = html.split('id="network-table"')[1].split("</table>")[0]
    row = table.split(f'href="{club.get_absolute_url()}"')[1].split("</tr>")[0]
    return re.findall(r'<td class="num">(\d+)</td>', row)  # ties, participations


@pytest.mark.parametrize(
    "params",
    [
        {"period": "someday"},
        {"period": "year"},  # no year
        {"period": "year", "year": "1999"},
        {"year": "twintig"},
        {"period": "dates"},  # no dates
        {"date_from": "2026-03-01", "date_to": "2026-02-01"},
        {"date_from": "2026-13-45"},
    ],
)
def test_map_bad_period_is_400(client, world, small_graph, params):
    response = _get(client, world.users["coordinator"], **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="node"' not in html and 'class="error-summary"' in html
    assert 'id="map-period"' not in html


def test_map_period_sizes_circles_and_derived_ties_by_the_period(client, world, small_graph):
    user = world.users["coordinator"]
    # The one participation (5 January 2026) is a referral by the AgII counsellor.
    html = _get(client, user).content.decode()
    assert _period(html) == ("all", "", "")
    assert _club_row(html, world.gent_club) == ["2", "1"]
    big = float(_club_circle(html, world.gent_club))

    html = _get(client, user, period="year", year="2025").content.decode()
    assert _period(html) == ("year", "2025-01-01", "2026-01-01")
    assert _club_row(html, world.gent_club) == ["1", "0"]  # the declared tie has no date
    assert 'class="tie derived"' not in html and html.count('class="tie"') == 1
    assert float(_club_circle(html, world.gent_club)) < big

    html = _get(client, user, date_from="2026-01-05", date_to="2026-01-05").content.decode()
    assert _period(html) == ("dates", "2026-01-05", "2026-01-06")
    assert '<option value="dates" selected>' in html  # dates alone choose "between two dates"
    assert _club_row(html, world.gent_club) == ["2", "1"]
    assert html.count('class="tie derived"') == 1


def test_declared_ties_count_from_their_start_date(client, world, small_graph):
    Tie.objects.update(since=dt.date(2026, 6, 1))
    user = world.users["coordinator"]
    html = _get(client, user, period="dates", date_to="2026-05-31").content.decode()
    assert _period(html) == ("dates", "", "2026-06-01")
    assert 'class="tie"' not in html and html.count('class="tie derived"') == 1
    html = _get(client, user, period="dates", date_from="2026-06-01").content.decode()
    assert html.count('class="tie"') == 1 and 'class="tie derived"' not in html


def test_map_periods_relative_to_today(client, world, small_graph):
    from participatienet.network.measures import Quarter

    today = timezone.localdate()
    quarter = Quarter.of(today)
    user = world.users["coordinator"]
    html = _get(client, user, period="this_quarter").content.decode()
    assert _period(html) == ("this_quarter", str(quarter.start), str(quarter.end))
    html = _get(client, user, period="last_quarter").content.decode()
    assert _period(html) == ("last_quarter", str(quarter.previous().start), str(quarter.start))
    html = _get(client, user, period="last_12_months").content.decode()
    _, start, end = _period(html)
    assert end == str(today + dt.timedelta(days=1))
    assert 365 <= (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days <= 366


def test_map_tells_joint_offer_ties_from_referral_ties(client, world, small_graph):
    office, school = small_graph
    offer = factories.OfferFactory(organisation=world.gent_club, start_date=dt.date(2026, 1, 1))
    offer.co_organisers.set([school])
    html = _get(client, world.users["coordinator"]).content.decode()
    svg = html.split('id="network-svg"')[1].split("</svg>")[0]
    assert svg.count('data-source="joint_offer"') == 1
    assert svg.count('data-source="referrals"') == 1
    assert svg.count('data-source="declared"') == 1
    counts = re.search(
        r'id="map-counts" data-declared="(\d+)" data-referrals="(\d+)" '
        r'data-joint-offer="(\d+)"',
        html,
    ).groups()
    assert counts == ("1", "1", "1")
    legend = html.split('class="legend"')[1].split("</ul>")[0]
    assert 'class="line derived joint-offer"' in legend
    table = html.split('id="ties-table"')[1].split("</table>")[0]
    assert sorted(re.findall(r'<tr data-source="(\w+)"', table)) == [
        "declared",
        "joint_offer",
        "referrals",
    ]
    # Ties of the kind "joint offer": the declared one and the derived one, told apart.
    html = _get(client, world.users["coordinator"], kind="joint_offer").content.decode()
    assert sorted(re.findall(r'data-source="(\w+)" x1', html)) == ["declared", "joint_offer"]
    # Derived ties of 2025, before the offer started: none from the joint offer.
    html = _get(client, world.users["coordinator"], source="derived", year="2025").content.decode()
    assert 'data-source="joint_offer" x1' not in html


@pytest.mark.parametrize(
    "params",
    [{}, {"period": "last_12_months"}, {"date_from": "2026-01-01", "source": "derived"}],
)
def test_map_queries_do_not_grow_with_organisations_in_any_period(client, world, params):
    client.force_login(world.users["coordinator"])
    _organisations(world.gent, 8)
    client.get(reverse(MAP), params)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(MAP), params).status_code == 200
    _organisations(world.gent, 90)
    made = list(Organisation.objects.filter(region=world.gent).order_by("pk"))
    for left, right in zip(made[::2], made[1::2], strict=False):
        offer = factories.OfferFactory(organisation=left, start_date=dt.date(2026, 2, 1))
        offer.co_organisers.set([right])
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(MAP), params)
    assert response.status_code == 200
    assert response.content.decode().count('class="node"') == 100
    assert len(large) == len(small)


# --- How quickly partners confirm hours ---------------------------------------------------------


def _confirmed(offer, entered, confirmed, status="confirmed", **fields):
    """An hour entry of a participation in ``offer``, entered and confirmed on those days."""
    return factories.HourEntryFactory(
        participation=factories.ParticipationFactory(offer=offer),
        status=status,
        entered_at=timezone.make_aware(dt.datetime.combine(entered, dt.time(21, 30))),
        confirmed_at=timezone.make_aware(dt.datetime.combine(confirmed, dt.time(8)))
        if confirmed
        else None,
        **fields,
    )


def test_confirmation_delays_by_hand(world):
    from participatienet.network import adapter

    club_offer = factories.OfferFactory(organisation=world.gent_club)
    town_offer = factories.OfferFactory(organisation=world.gent_town)
    _confirmed(club_offer, dt.date(2026, 1, 5), dt.date(2026, 1, 7))  # 2 days
    _confirmed(club_offer, dt.date(2026, 1, 5), dt.date(2026, 1, 15))  # 10 days
    _confirmed(town_offer, dt.date(2026, 2, 1), dt.date(2026, 2, 1))  # the same day: 0
    _confirmed(town_offer, dt.date(2026, 3, 20), dt.date(2026, 4, 2))  # 13, next quarter
    _confirmed(club_offer, dt.date(2026, 1, 5), None, status="unconfirmed")
    _confirmed(club_offer, dt.date(2026, 1, 5), dt.date(2026, 1, 30), status="rejected")
    _confirmed(
        factories.OfferFactory(organisation=world.kempen_club),
        dt.date(2026, 1, 5),
        dt.date(2026, 3, 5),
    )
    # A partner's own entry counts as confirmed at once: left out.
    partner = world.users["partner_contact"]
    _confirmed(
        club_offer,
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 5),
        entered_by=partner,
        confirmed_by=partner,
    )

    rows = adapter.confirmation_delays(world.gent, dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert sorted((o, d) for o, _, d in rows) == [
        (world.gent_club.pk, 2),
        (world.gent_club.pk, 10),
        (world.gent_town.pk, 0),
    ]
    q1, q2 = measures.Quarter(2026, 1), measures.Quarter(2026, 2)
    activity = adapter.quarterly_activity(world.gent, [q1, q2])
    assert activity[q1].confirmation_days == {world.gent_club.pk: [2, 10], world.gent_town.pk: [0]}
    assert activity[q2].confirmation_days == {world.gent_town.pk: [13]}
    assert measures.median_days_to_confirm([2, 10, 0]) == 2.0


def test_measures_page_shows_the_median_days_and_the_slowest_partners(client, world):
    today = timezone.localdate()
    club_offer = factories.OfferFactory(organisation=world.gent_club)
    town_offer = factories.OfferFactory(organisation=world.gent_town)
    for days in (1, 4, 6):
        _confirmed(club_offer, today - dt.timedelta(days=days), today)
    _confirmed(town_offer, today, today)
    client.force_login(world.users["coordinator"])
    html = client.get(reverse(MEASURES)).content.decode()
    # Days 0, 1, 4, 6: the median is 2.5.
    assert re.fullmatch(r"2[.,]50?", _current_cell(html, "median_days_to_confirm"))
    assert MEASURE_TEXTS["median_days_to_confirm"] in html
    table = html.split('id="slowest-table"')[1].split("</table>")[0]
    assert re.findall(r'<tr data-id="(\d+)">', table) == [
        str(world.gent_club.pk),
        str(world.gent_town.pk),
    ]
    club_row = table.split(f'data-id="{world.gent_club.pk}"')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', club_row) == ["4", "3"]


def test_measures_page_without_confirmed_hours_shows_a_dash(client, world):
    client.force_login(world.users["coordinator"])
    html = client.get(reverse(MEASURES)).content.decode()
    assert _current_cell(html, "median_days_to_confirm") == "–"
    assert 'id="slowest-table"' not in html


def test_measures_queries_stay_bounded_with_confirmed_hours(client, world):
    today = timezone.localdate()
    client.force_login(world.users["coordinator"])

    def confirm_at(count):
        for organisation in factories.OrganisationFactory.create_batch(count, region=world.gent):
            _confirmed(factories.OfferFactory(organisation=organisation), today, today)

    confirm_at(3)
    client.get(reverse(MEASURES))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(MEASURES))
    confirm_at(20)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse(MEASURES)).content.decode()
    assert len(large) == len(small)
    assert html.split('id="slowest-table"')[1].count("<tr data-id=") == 5


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({}, None, None),
        ({"period": "this_quarter"}, dt.date(2028, 1, 1), dt.date(2028, 4, 1)),
        ({"period": "last_quarter"}, dt.date(2027, 10, 1), dt.date(2028, 1, 1)),
        ({"period": "last_12_months"}, dt.date(2027, 3, 1), dt.date(2028, 3, 1)),
        ({"year": "2027"}, dt.date(2027, 1, 1), dt.date(2028, 1, 1)),
        ({"period": "dates", "date_to": "2027-12-31"}, None, dt.date(2028, 1, 1)),
        # Dates left in the form count only for "between two dates".
        (
            {"period": "this_quarter", "date_from": "2020-01-01"},
            dt.date(2028, 1, 1),
            dt.date(2028, 4, 1),
        ),
    ],
)
def test_map_period_bounds_on_29_february(monkeypatch, params, start, end):
    from participatienet.network.forms import NetworkMapFilterForm

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2028, 2, 29))
    form = NetworkMapFilterForm(params)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (start, end)
