import re

from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatienet.offers import schedule, selectors
from participatienet.offers.models import Offer
from participatienet.regions.models import Municipality
from tests import factories
from tests.offers.factories import bulk_offers

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("offers:catalogue")


def _place(name):
    return Municipality.objects.get(name=name)


def _offer(world, **fields):
    fields.setdefault("organisation", world.gent_club)
    return factories.OfferFactory(**fields)


def _found(client, **params):
    params.setdefault("region", "")
    response = client.get(CATALOGUE, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return {int(pk) for pk in re.findall(r'id="offer-(\d+)"', response.content.decode())}


@pytest.fixture
def counsellor(client, world):
    client.force_login(world.users["counsellor"])
    return client


def test_search_ignores_case_and_accents(world, counsellor):
    cafe = _offer(world, title="Taalcafé in de bib")
    crepe = _offer(world, title="Crêpes bakken", description="Samen CAFE-crêpes bakken.")
    other = _offer(world, title="Voetbal")
    assert _found(counsellor, q="cafe") == {cafe.pk, crepe.pk}
    assert _found(counsellor, q="CAFÉ") == {cafe.pk, crepe.pk}
    assert _found(counsellor, q="crepes") == {crepe.pk}
    assert other.pk not in _found(counsellor, q="café")


def test_search_matches_every_word(world, counsellor):
    both = _offer(world, title="Samen koken", description="Koken en tuinieren met buren.")
    one = _offer(world, title="Samen koken", description="Koken met buren in het buurthuis.")
    assert _found(counsellor, q="koken tuinieren") == {both.pk}
    assert _found(counsellor, q="  koken   buren ") == {both.pk, one.pk}


def test_search_finds_the_organisation_name(world, counsellor):
    offer = _offer(world)
    assert offer.pk in _found(counsellor, q="voetbalclub gent-zuid")


def test_distance_from_a_municipality(world, counsellor):
    gent = _place("Gent")
    near = _offer(world, municipality=_place("Destelbergen"))  # ~7 km
    middle = _offer(world, municipality=_place("Eeklo"))  # ~18 km
    far = _offer(world, municipality=_place("Aalst"))  # ~28 km
    assert _found(counsellor, municipality=gent.pk, distance=10) == {near.pk}
    assert _found(counsellor, municipality=gent.pk, distance=20) == {near.pk, middle.pk}
    assert _found(counsellor, municipality=gent.pk, distance=30) == {near.pk, middle.pk, far.pk}


def test_a_municipality_without_distance_means_offers_located_there(world, counsellor):
    here = _offer(world, municipality=_place("Destelbergen"))
    _offer(world, municipality=_place("Gent"))
    assert _found(counsellor, municipality=_place("Destelbergen").pk) == {here.pk}


def test_flexible_offers_count_where_they_serve(world, counsellor):
    aalst, gent = _place("Aalst"), _place("Gent")
    serving = _offer(world, municipality=aalst, is_location_flexible=True)
    serving.municipalities_served.set([aalst, gent])
    elsewhere = _offer(world, municipality=gent, is_location_flexible=True)
    elsewhere.municipalities_served.set([aalst])
    found = _found(counsellor, municipality=gent.pk, distance=5)
    assert serving.pk in found
    assert elsewhere.pk not in found  # located in Gent, but it does not serve Gent
    assert _found(counsellor, municipality=gent.pk) == {serving.pk}


def test_nearest_first(world, counsellor):
    gent = _place("Gent")
    far = _offer(world, municipality=_place("Aalst"), title="A ver")
    near = _offer(world, municipality=_place("Destelbergen"), title="Z dichtbij")
    page = counsellor.get(
        CATALOGUE, {"region": "", "municipality": gent.pk, "distance": 50, "sort": "nearest"}
    ).content.decode()
    assert page.index(f'id="offer-{near.pk}"') < page.index(f'id="offer-{far.pk}"')


def test_schedule_filters_by_day_and_part_of_day(world, counsellor):
    tuesday_evening = _offer(world, schedule_mask=1 << schedule.slot(1, 2))
    monday_morning = _offer(world, schedule_mask=1 << schedule.slot(0, 0))
    flexible = _offer(world, schedule_mask=0, is_schedule_flexible=True)
    assert _found(counsellor, weekday=1) == {tuesday_evening.pk, flexible.pk}
    assert _found(counsellor, part=0) == {monday_morning.pk, flexible.pk}
    assert _found(counsellor, weekday=1, part=0) == {flexible.pk}
    assert _found(counsellor, weekday=0, part=0) == {monday_morning.pk, flexible.pk}


def test_dutch_level_shows_offers_the_newcomer_can_join(world, counsellor):
    none = _offer(world, min_dutch_level=0)
    a2 = _offer(world, min_dutch_level=2)
    b1 = _offer(world, min_dutch_level=3)
    assert _found(counsellor, level=0) == {none.pk}
    assert _found(counsellor, level=2) == {none.pk, a2.pk}
    assert _found(counsellor, level=3) == {none.pk, a2.pk, b1.pk}


def test_accessibility_needs_must_all_be_met(world, counsellor):
    childcare = _offer(world, has_childcare=True, is_wheelchair_accessible=False)
    both = _offer(world, has_childcare=True, is_wheelchair_accessible=True)
    paid = _offer(world, has_childcare=True, is_wheelchair_accessible=True, is_free=False)
    women = _offer(world, is_women_only=True, near_public_transport=True)
    assert _found(counsellor, needs="childcare") == {childcare.pk, both.pk, paid.pk}
    assert _found(counsellor, needs=["childcare", "wheelchair"]) == {both.pk, paid.pk}
    assert _found(counsellor, needs=["childcare", "wheelchair", "free"]) == {both.pk}
    assert _found(counsellor, needs=["women_only", "public_transport"]) == {women.pk}


def test_free_places_filter(world, counsellor):
    full = _offer(world, capacity=1)
    factories.ParticipationFactory(offer=full, status="active")
    open_ = _offer(world, capacity=2)
    factories.ParticipationFactory(offer=open_, status="active")
    factories.ParticipationFactory(offer=open_, status="completed")  # no longer takes a place
    assert _found(counsellor, free="1") == {open_.pk}
    assert _found(counsellor, free="0") == {full.pk}
    assert _found(counsellor) == {full.pk, open_.pk}


def test_most_free_places_first(world, counsellor):
    small = _offer(world, capacity=1, title="A klein")
    large = _offer(world, capacity=9, title="Z groot")
    page = counsellor.get(CATALOGUE, {"region": "", "sort": "free_places"}).content.decode()
    assert page.index(f'id="offer-{large.pk}"') < page.index(f'id="offer-{small.pk}"')


def test_kind_and_theme(world, counsellor):
    cooking_club = _offer(world, kind="club", themes_mask=1 << 2)
    sport_buddy = _offer(world, kind="buddy", themes_mask=(1 << 0) | (1 << 7))
    assert _found(counsellor, kind="buddy") == {sport_buddy.pk}
    assert _found(counsellor, theme=2) == {cooking_club.pk}
    assert _found(counsellor, theme=7) == {sport_buddy.pk}


def test_the_catalogue_shows_the_current_region_unless_asked_otherwise(world, counsellor):
    gent = _offer(world)
    kempen = _offer(world, organisation=world.kempen_club)
    page = counsellor.get(CATALOGUE).content.decode()
    assert f'id="offer-{gent.pk}"' in page and f'id="offer-{kempen.pk}"' not in page
    assert _found(counsellor) == {gent.pk, kempen.pk}
    assert _found(counsellor, region=world.kempen.pk) == {kempen.pk}


def test_counsellors_see_only_active_offers_whatever_the_status_parameter(world, counsellor):
    active = _offer(world)
    _offer(world, status="draft")
    _offer(world, status="submitted")
    assert _found(counsellor) == {active.pk}
    assert _found(counsellor, status="submitted") == {active.pk}
    assert _found(counsellor, status="all") == {active.pk}


def test_coordinators_see_what_waits_for_validation_in_their_region(world, client):
    waiting = _offer(world, status="submitted")
    _offer(world, status="draft")
    foreign = _offer(world, organisation=world.kempen_club, status="submitted")
    client.force_login(world.users["coordinator"])
    assert _found(client, status="submitted") == {waiting.pk}
    client.force_login(world.users["coordinator_other"])
    assert _found(client, status="submitted") == {foreign.pk}


def test_drafts_are_invisible_to_other_regions_and_other_partners(world, client):
    draft = _offer(world, status="draft")
    other_gent_club = factories.OrganisationFactory(region=world.gent)
    other_draft = _offer(world, organisation=other_gent_club, status="draft")
    client.force_login(world.users["coordinator_other"])
    assert _found(client, status="all") == set()
    client.force_login(world.users["partner_contact"])
    assert _found(client, status="all") == {draft.pk}
    assert other_draft.pk not in _found(client, status="draft")


def test_the_map_has_one_marker_per_offer_on_the_page(world, counsellor):
    offers = [_offer(world, municipality=_place(n)) for n in ("Gent", "Eeklo", "Aalst")]
    page = counsellor.get(CATALOGUE, {"region": ""}).content.decode()
    markers = re.findall(r'<a href="/aanbod/(\d+)/" class="marker', page)
    assert {int(pk) for pk in markers} == {o.pk for o in offers}
    start = page.index('<figure class="map results-map"')
    svg = page[start : page.index("</svg>", start)]
    numbers = re.findall(r' (?:cx|cy|x|y)="([^"]*)"', svg)
    assert numbers
    for number in numbers:  # a Dutch decimal comma would break the SVG
        float(number)


def test_bad_filters_answer_400_and_list_nothing(world, counsellor):
    _offer(world)
    response = counsellor.get(CATALOGUE, {"distance": "5"})
    assert response.status_code == 400
    assert 'id="offer-' not in response.content.decode()
    assert counsellor.get(CATALOGUE, {"level": "9"}).status_code == 400


def test_selector_search_accepts_an_already_visible_queryset(world):
    offer = _offer(world, title="Fietsles")
    found = selectors.search(Offer.objects.all(), selectors.CatalogueFilters(text="FIETS"))
    assert list(found) == [offer]
    assert found[0].free_places == 2


def _count_queries(client, params):
    from django.db import connection

    with CaptureQueriesContext(connection) as context:
        response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"region": ""},
        {"region": "", "q": "bulkaanbod", "free": "1", "sort": "free_places"},
        {"municipality": "__gent__", "distance": "10", "sort": "nearest", "weekday": "1"},
        {"region": "", "status": "all", "needs": ["free"], "level": "2", "theme": "3"},
    ],
)
def test_the_catalogue_runs_as_many_queries_for_500_offers_as_for_10(world, client, params):
    params = dict(params)
    if params.get("municipality") == "__gent__":
        params["municipality"] = _place("Gent").pk
    client.force_login(world.users["coordinator"])
    bulk_offers(10, world.gent_club)
    with_ten = _count_queries(client, params)
    bulk_offers(490, world.gent_club)
    with_five_hundred = _count_queries(client, params)
    assert with_ten == with_five_hundred
