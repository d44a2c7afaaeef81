import csv
from collections import Counter

from django.urls import reverse

import pytest

from participatienet.regions.loader import DATA_DIR
from participatienet.regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def test_the_migration_loads_18_regions_and_304_municipalities():
    assert Region.objects.count() == 18
    assert Municipality.objects.count() == 304


def test_each_region_has_the_municipalities_of_the_reference_file():
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as handle:
        expected = {
            row["programme_region"]: int(row["number_of_municipalities"])
            for row in csv.DictReader(handle)
        }
    actual = Counter(Municipality.objects.values_list("region__name", flat=True))
    assert dict(actual) == expected


def test_cities_and_facts_are_right():
    gent = Municipality.objects.get(nis_code="44021")
    assert gent.region.slug == "gent"
    assert "9000" in gent.postcode_list
    assert 51.0 < gent.latitude < 51.2 and 3.6 < gent.longitude < 3.9
    assert Municipality.objects.get(nis_code="46030").name == "Beveren-Kruibeke-Zwijndrecht"
    assert Region.objects.get(slug="brussel").municipalities.count() == 19


def test_region_page_shows_its_municipalities_on_a_map(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("regions:detail", kwargs={"slug": "vlaamse-ardennen"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    names = Region.objects.get(slug="vlaamse-ardennen").municipalities.values_list(
        "name", flat=True
    )
    for name in names:
        assert f"<title>{name}</title>" in page
    assert page.count('class="region-points"') == 1


def test_map_coordinates_are_not_localised(client, world):
    """A Dutch decimal comma in cx="12,5" would silently break the SVG."""
    import re

    client.force_login(world.users["coordinator"])
    for url in (reverse("regions:list"), reverse("regions:detail", kwargs={"slug": "limburg"})):
        page = client.get(url).content.decode()
        values = re.findall(r' (?:cx|cy|x|y)="([^"]*)"', page)
        assert values
        for value in values:
            float(value)


def test_region_list_shows_all_regions(client, world):
    client.force_login(world.users["viewer"])
    page = client.get(reverse("regions:list")).content.decode()
    for region in Region.objects.all():
        assert region.get_absolute_url() in page
    assert page.count('r="4.5"') == 304


def test_organisation_figures_only_in_own_region(client, world):
    client.force_login(world.users["coordinator"])
    own = client.get(reverse("regions:detail", kwargs={"slug": "gent"})).content.decode()
    other = client.get(reverse("regions:detail", kwargs={"slug": "kempen"})).content.decode()
    assert 'id="org-figures"' in own
    assert 'id="org-figures"' not in other


def test_region_pages_have_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users["programme_admin"])
    with django_assert_max_num_queries(12):
        client.get(reverse("regions:list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("regions:detail", kwargs={"slug": "limburg"}))
