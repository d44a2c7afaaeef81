"""The contact point directory: per municipality and per theme, searchable, exportable,
audited, and with the same number of queries for a small and a large region."""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from participatienet.accounts import scope
from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry
from participatienet.network import contacts
from participatienet.network.choices import OrganisationKind
from participatienet.offers.choices import OfferStatus, Theme
from tests import factories

PAGE = "network:contact_directory"
EXPORT = "network:contact_directory_export"


@pytest.fixture
def kempen(world):
    """Kempen: five municipalities (m[0]..m[4]) and the organisations around them.

    - Wandelclub Turnhout (world): based in m0, one direct contact point.
    - Zwemclub Geel: based in m1; Ann (direct) and Bart (trainer); Bart is the contact of an
      active sport offer held in m2.
    - Bibliotheek Mol (a school): based in m0, no contact point.
    - Buurtwerk Dessel: based in m1, a flexible cooking offer serving m3, contact Céline.
    - m4: nobody.
    - A draft offer in m4 of Zwemclub does not count.
    """
    m = list(world.kempen.municipalities.order_by("nis_code")[:5])
    swim = factories.OrganisationFactory(
        name="Zwemclub Geel", region=world.kempen, municipality=m[1]
    )
    ann = factories.ContactPointFactory(
        organisation=swim, name="Ann Peeters", function="voorzitter", email="ann@zwem.be"
    )
    bart = factories.ContactPointFactory(
        organisation=swim,
        name="Bart Janssens",
        function="trainer",
        email="bart@zwem.be",
        is_direct=False,
    )
    factories.OfferFactory(
        organisation=swim,
        title="Zwemmen op dinsdag",
        municipality=m[2],
        contact=bart,
        themes_mask=1 << Theme.SPORT,
    )
    factories.OfferFactory(
        organisation=swim,
        title="Nog niet actief",
        municipality=m[4],
        contact=bart,
        themes_mask=1 << Theme.ANIMALS,
        status=OfferStatus.DRAFT,
    )
    library = factories.OrganisationFactory(
        name="Bibliotheek Mol",
        region=world.kempen,
        municipality=m[0],
        kind=OrganisationKind.SCHOOL,
    )
    neighbourhood = factories.OrganisationFactory(
        name="Buurtwerk Dessel",
        region=world.kempen,
        municipality=m[1],
        kind=OrganisationKind.WELFARE,
    )
    celine = factories.ContactPointFactory(
        organisation=neighbourhood,
        name="Céline Dubois",
        function="opbouwwerker",
        email="celine@buurtwerk.be",
    )
    cooking = factories.OfferFactory(
        organisation=neighbourhood,
        title="Samen koken",
        municipality=m[1],
        contact=celine,
        is_location_flexible=True,
        themes_mask=1 << Theme.COOKING,
    )
    cooking.municipalities_served.set([m[3]])
    return {
        "m": m,
        "swim": swim,
        "ann": ann,
        "bart": bart,
        "library": library,
        "neighbourhood": neighbourhood,
        "celine": celine,
        "walk_contact": world.kempen_club.contact_points.get(),
    }


def _get(client, user, name=PAGE, region=None, **params):
    client.force_login(user)
    if region is not None:
        session = client.session
        session[scope.SESSION_KEY] = region.pk
        session.save()
    return client.get(reverse(name), params)


def _groups(html):
    """{group key: [(kind of line, id)]} of the directory table, in page order."""
    table = html.split('id="contact-directory"')[1].split("</table>")[0]
    result = {}
    for body in re.findall(r'<tbody data-group="(\d+)">(.*?)</tbody>', table, re.S):
        key, content = int(body[0]), body[1]
        lines = []
        for row in re.findall(r"<tr ([^>]*)>", content):
            if 'data-contact="' in row:
                lines.append(("contact", int(re.search(r'data-contact="(\d+)"', row)[1])))
            elif 'data-gap="organisation"' in row:
                lines.append(("gap", int(re.search(r'data-organisation="(\d+)"', row)[1])))
            elif 'data-gap="group"' in row:
                lines.append(("gap", None))
        result[key] = lines
    return result


def _overview_gaps(html):
    overview = html.split('id="directory-overview"')[1].split("</table>")[0]
    return {int(key) for key in re.findall(r'<tr data-group="(\d+)" class="gap"', overview)}


def test_per_municipality_lists_who_is_based_there_or_has_an_offer_there_and_the_gaps(
    client, world, kempen
):
    m = kempen["m"]
    response = _get(client, world.users["coordinator_other"])
    assert response.status_code == 200
    html = response.content.decode()
    groups = _groups(html)
    assert groups[m[0].pk] == [
        ("gap", kempen["library"].pk),
        ("contact", kempen["walk_contact"].pk),
    ]
    # Zwemclub Geel: its direct contact point first.
    assert groups[m[1].pk] == [
        ("contact", kempen["celine"].pk),
        ("contact", kempen["ann"].pk),
        ("contact", kempen["bart"].pk),
    ]
    # m2 through the swimming offer, m3 served by the flexible cooking offer.
    assert groups[m[2].pk] == [("contact", kempen["ann"].pk), ("contact", kempen["bart"].pk)]
    assert groups[m[3].pk] == [("contact", kempen["celine"].pk)]
    # Nobody in m4 (a draft offer does not count): shown as a gap, here and in the overview.
    assert groups[m[4].pk] == [("gap", None)]
    assert m[4].pk in _overview_gaps(html)
    assert m[0].pk not in _overview_gaps(html)
    assert 'href="mailto:ann@zwem.be"' in html
    assert 'href="tel:+3291234567"' in html
    # Nothing of Gent.
    assert world.gent_club.name not in html


def test_per_theme_prefers_the_offers_own_contact_and_shows_themes_without_one(
    client, world, kempen
):
    html = _get(client, world.users["coordinator_other"], view="theme").content.decode()
    groups = _groups(html)
    assert set(groups) == set(Theme.values)
    assert groups[Theme.SPORT] == [("contact", kempen["bart"].pk)]
    assert groups[Theme.COOKING] == [("contact", kempen["celine"].pk)]
    # The draft animals offer does not count: a gap like every theme without an offer.
    assert groups[Theme.ANIMALS] == [("gap", None)]
    assert _overview_gaps(html) == set(Theme.values) - {Theme.SPORT, Theme.COOKING}
    assert "Zwemmen op dinsdag" in html


def test_only_direct_contact_points_falls_back_to_the_organisations_direct_contact(
    client, world, kempen
):
    m = kempen["m"]
    html = _get(
        client, world.users["coordinator_other"], view="theme", direct="on"
    ).content.decode()
    assert _groups(html)[Theme.SPORT] == [("contact", kempen["ann"].pk)]
    html = _get(client, world.users["coordinator_other"], direct="on").content.decode()
    assert _groups(html)[m[2].pk] == [("contact", kempen["ann"].pk)]


def test_search_is_accent_insensitive_on_name_function_organisation_and_email(
    client, world, kempen
):
    user = world.users["coordinator_other"]

    def found(text):
        groups = _groups(_get(client, user, q=text).content.decode())
        return {line for lines in groups.values() for line in lines}

    celine = ("contact", kempen["celine"].pk)
    assert found("celine") == {celine}
    assert found("CÉLINE dubois") == {celine}
    assert found("opbouw") == {celine}
    assert found("buurtwerk") == {celine}
    assert found("bart@zwem") == {("contact", kempen["bart"].pk)}
    # The name of an organisation without a contact point finds it as a gap; empty
    # municipalities are left out while searching.
    assert found("bibliotheek") == {("gap", kempen["library"].pk)}
    assert found("niemand") == set()


def test_filters_narrow_to_a_municipality_a_theme_and_a_kind(client, world, kempen):
    m = kempen["m"]
    user = world.users["coordinator_other"]
    groups = _groups(_get(client, user, municipality=m[1].pk).content.decode())
    assert list(groups) == [m[1].pk]
    groups = _groups(_get(client, user, theme=Theme.SPORT).content.decode())
    assert groups[m[1].pk] == [("contact", kempen["ann"].pk), ("contact", kempen["bart"].pk)]
    assert groups[m[3].pk] == [("gap", None)]  # no sport there: a gap for that theme
    groups = _groups(_get(client, user, kind=OrganisationKind.SCHOOL).content.decode())
    assert groups[m[0].pk] == [("gap", kempen["library"].pk)]
    groups = _groups(_get(client, user, view="theme", municipality=m[3].pk).content.decode())
    assert groups[Theme.COOKING] == [("contact", kempen["celine"].pk)]
    assert groups[Theme.SPORT] == [("gap", None)]


@pytest.mark.parametrize(
    "params",
    [{"theme": "99"}, {"municipality": "abc"}, {"kind": "circus"}, {"view": "alphabet"}],
)
def test_bad_filters_answer_400_show_no_contact_details_and_write_nothing(
    client, world, kempen, params
):
    response = _get(client, world.users["coordinator_other"], **params)
    assert response.status_code == 400
    assert "ann@zwem.be" not in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="contactpoint.").exists()


def test_a_municipality_of_another_region_is_a_bad_filter(client, world, kempen):
    gent_municipality = factories.municipality_of(world.gent)
    response = _get(client, world.users["coordinator_other"], municipality=gent_municipality.pk)
    assert response.status_code == 400


def test_partner_contacts_see_the_contact_points_of_their_region_only(client, world):
    other = factories.OrganisationFactory(name="Kookclub Gent", region=world.gent)
    cook = factories.ContactPointFactory(organisation=other, name="Dirk Gentenaar")
    html = _get(client, world.users["partner_contact"]).content.decode()
    lines = {line for lines in _groups(html).values() for line in lines}
    assert ("contact", cook.pk) in lines
    assert ("contact", world.gent_club.contact_points.get().pk) in lines
    assert "Wandelclub Turnhout" not in html
    # They may not open the other organisation's page, so it is not a link.
    assert f'href="{other.get_absolute_url()}"' not in html
    assert f'href="{world.gent_club.get_absolute_url()}"' in html


def test_a_coordinator_with_two_regions_sees_the_region_chosen_in_the_header(client, world, kempen):
    user = world.users["coordinator"]
    factories.MembershipFactory(user=user, role=Role.COORDINATOR, region=world.kempen)
    html = _get(client, user, region=world.kempen).content.decode()
    assert "celine@buurtwerk.be" in html and world.gent_club.name not in html
    html = _get(client, user, region=world.gent).content.decode()
    assert "celine@buurtwerk.be" not in html and world.gent_club.name in html


def test_a_programme_admin_chooses_a_region_first(client, world, kempen):
    response = _get(client, world.users["programme_admin"])
    assert response.status_code == 200
    assert 'id="contact-directory"' not in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="contactpoint.").exists()
    html = _get(client, world.users["programme_admin"], region=world.kempen).content.decode()
    assert "celine@buurtwerk.be" in html


def test_viewers_may_not_see_contact_details(client, world):
    assert _get(client, world.users["viewer"]).status_code == 403
    assert _get(client, world.users["viewer"], EXPORT, format="csv").status_code == 403


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_holds_exactly_the_filtered_rows(client, world, kempen):
    m = kempen["m"]
    user = world.users["coordinator_other"]
    response = _get(client, user, EXPORT, format="csv", municipality=m[1].pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert len(rows[0]) == 8
    # Every column but the kind (a translated label, present on every line).
    assert all(row[2] for row in rows[1:])
    assert [row[:2] + row[3:] for row in rows[1:]] == [
        [m[1].name, "Buurtwerk Dessel", "Céline Dubois", "opbouwwerker",
         "celine@buurtwerk.be", "'+32 9 123 45 67", "ja"],
        [m[1].name, "Zwemclub Geel", "Ann Peeters", "voorzitter", "ann@zwem.be",
         "'+32 9 123 45 67", "ja"],
        [m[1].name, "Zwemclub Geel", "Bart Janssens", "trainer", "bart@zwem.be",
         "'+32 9 123 45 67", "nee"],
    ]  # fmt: skip
    # The gaps are part of the list too, with empty contact cells.
    rows = _csv_rows(_get(client, user, EXPORT, format="csv", municipality=m[4].pk))
    assert rows[1:] == [[m[4].name, "", "", "", "", "", "", ""]]
    # The theme view exports its own grouping.
    rows = _csv_rows(_get(client, user, EXPORT, format="csv", view="theme", theme=Theme.SPORT))
    assert [row[3] for row in rows[1:]] == ["Bart Janssens"]


def test_xlsx_export_matches_the_page_and_keeps_texts_as_texts(client, world, kempen):
    user = world.users["coordinator_other"]
    response = _get(client, user, EXPORT, format="xlsx", view="theme", theme=Theme.COOKING)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 1
    theme, organisation, kind, *contact = values[0]
    assert theme and kind  # translated labels
    assert organisation == "Buurtwerk Dessel"
    assert contact == [
        "Céline Dubois", "opbouwwerker", "celine@buurtwerk.be", "+32 9 123 45 67", True
    ]  # fmt: skip
    assert all(cell.data_type == "s" for cell in sheet[2][:7])


def test_formulas_typed_into_a_contact_point_stay_harmless_on_the_page_and_in_exports(
    client, world, kempen
):
    evil = factories.ContactPointFactory(
        organisation=kempen["library"],
        name='=HYPERLINK("http://x.test","klik")',
        function="@SUM(A1)",
        phone="-1+1",
    )
    user = world.users["coordinator_other"]
    html = _get(client, user, q="hyperlink").content.decode()
    assert ("contact", evil.pk) in {line for lines in _groups(html).values() for line in lines}
    assert "=HYPERLINK(&quot;http://x.test&quot;,&quot;klik&quot;)" in html
    rows = _csv_rows(_get(client, user, EXPORT, format="csv", q="hyperlink"))
    assert rows[1][3:7] == [
        '\'=HYPERLINK("http://x.test","klik")',
        "'@SUM(A1)",
        evil.email,
        "'-1+1",
    ]
    response = _get(client, user, EXPORT, format="xlsx", q="hyperlink")
    name = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=4)
    assert name.value == '=HYPERLINK("http://x.test","klik")'
    assert name.data_type == "s"


def test_a_bad_export_format_is_400_and_exports_nothing(client, world, kempen):
    user = world.users["coordinator_other"]
    for params in ({"format": "pdf"}, {}, {"format": "csv", "theme": "99"}):
        response = _get(client, user, EXPORT, **params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "ann@zwem.be" not in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="contactpoint.").exists()
    # The page that explains it searches and switches on the directory, not the export.
    html = _get(client, user, EXPORT, format="pdf", view="theme").content.decode()
    page = reverse(PAGE)
    assert f'action="{page}"' in html
    assert f'href="{page}?view=municipality"' in html
    assert '<input type="hidden" name="view" value="theme">' in html


def test_views_and_exports_of_contact_details_are_audited_with_the_count(client, world, kempen):
    user = world.users["coordinator_other"]
    _get(client, user)
    viewed = AuditEntry.objects.get(action="contactpoint.viewed")
    assert viewed.actor == user
    assert viewed.object_type == "regions.region"
    assert viewed.object_id == str(world.kempen.pk)
    assert viewed.fields == ["email", "function", "name", "phone"]
    assert viewed.detail.startswith("4 contact points")
    _get(client, user, EXPORT, format="xlsx", municipality=kempen["m"][1].pk)
    exported = AuditEntry.objects.get(action="contactpoint.exported")
    assert exported.detail.startswith("3 contact points")
    assert "xlsx" in exported.detail
    # A page without contact details writes no entry.
    AuditEntry.objects.all().delete()
    _get(client, user, q="niemand")
    assert not AuditEntry.objects.exists()


def test_long_lists_are_paged_and_only_the_page_shown_is_audited(client, world, settings):
    town = factories.OrganisationFactory(name="Gemeente Groot", region=world.kempen)
    for number in range(contacts_page_size() + 5):
        factories.ContactPointFactory(organisation=town, name=f"Persoon {number:03d}")
    user = world.users["coordinator_other"]
    first = _get(client, user, municipality=town.municipality_id)
    assert first.content.decode().count("data-contact=") == contacts_page_size()
    second = _get(client, user, municipality=town.municipality_id, page=2).content.decode()
    assert second.count("data-contact=") == 6  # 5 of the town and the Wandelclub's
    assert 'rel="prev"' in second
    details = list(
        AuditEntry.objects.filter(action="contactpoint.viewed")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert [d.split()[0] for d in details] == [str(contacts_page_size()), "6"]


def contacts_page_size():
    from participatienet.network.contact_views import PAGE_SIZE

    return PAGE_SIZE


def _region_with(count):
    """``count`` organisations in Kempen, each with a contact point and an active offer
    serving two municipalities."""
    municipalities = list(factories.region("kempen").municipalities.order_by("nis_code")[:4])
    for number in range(count):
        organisation = factories.OrganisationFactory(
            region=municipalities[0].region,
            municipality=municipalities[number % 4],
            kind=[OrganisationKind.CLUB, OrganisationKind.SCHOOL][number % 2],
        )
        contact = factories.ContactPointFactory(organisation=organisation)
        offer = factories.OfferFactory(
            organisation=organisation,
            contact=contact,
            is_location_flexible=True,
            themes_mask=(1 << (number % 5)) | (1 << Theme.WORK),
        )
        offer.municipalities_served.set(municipalities[1:3])


@pytest.mark.parametrize("params", [{}, {"view": "theme"}, {"q": "contact", "direct": "on"}])
def test_the_directory_takes_as_many_queries_for_3_as_for_30_organisations(client, world, params):
    user = world.users["coordinator_other"]
    client.force_login(user)
    _region_with(3)
    client.get(reverse(PAGE), params)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(PAGE), params).status_code == 200
    _region_with(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse(PAGE), params)
    assert response.status_code == 200
    assert response.content.decode().count("data-contact=") >= 30
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as small_export:
        client.get(reverse(EXPORT), {**params, "format": "csv"})
    _region_with(30)
    with CaptureQueriesContext(connection) as large_export:
        client.get(reverse(EXPORT), {**params, "format": "csv"})
    assert len(large_export) == len(small_export)


def test_the_directory_page_stays_within_its_query_budget(
    client, world, kempen, django_assert_max_num_queries
):
    client.force_login(world.users["coordinator_other"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse(PAGE)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse(PAGE), {"view": "theme"}).status_code == 200


def test_the_organisation_list_the_network_map_and_the_menu_link_to_the_directory(client, world):
    url = reverse(PAGE)
    client.force_login(world.users["coordinator"])
    for page in ("network:organisation_list", "network:map"):
        html = client.get(reverse(page)).content.decode()
        assert 'id="contact-directory-link"' in html
        assert f'href="{url}"' in html
    # The menu: on every page, for whoever may use the directory.
    assert f'<a href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.users["partner_contact"])
    assert f'href="{url}"' in client.get(reverse("network:organisation_list")).content.decode()
    assert f'<a href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(world.users["viewer"])
    assert f'href="{url}"' not in client.get(reverse("network:map")).content.decode()


def test_directory_rows_export_gaps_with_empty_cells():
    directory = contacts.Directory(
        view="municipality", rows=[contacts.DirectoryRow(group=1, group_label="Mol")]
    )
    assert contacts.export_rows(directory) == [["Mol", "", "", "", "", "", "", None]]
    assert directory.contact_count == 0
