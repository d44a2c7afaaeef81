"""Growing the network: stages, contact moments, next steps and the growth board."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry
from participatienet.network import adapter, services
from participatienet.network.choices import (
    NetworkRole,
    OrganisationKind,
    OrganisationStage,
    mask_of_roles,
)
from participatienet.network.models import ContactMoment, Organisation, StageChange
from tests import factories

pytestmark = pytest.mark.django_db

BOARD = "network:pipeline"


def _today():
    return timezone.localdate()


def _days(n):
    return _today() + dt.timedelta(days=n)


def _board(client, user, **params):
    client.force_login(user)
    return client.get(reverse(BOARD), params)


def _stage_url(organisation):
    return reverse("network:stage_change", kwargs={"pk": organisation.pk})


def _contact_url(organisation):
    return reverse("network:contact_moment_create", kwargs={"pk": organisation.pk})


def _column(html, stage):
    """The HTML of one column of the board."""
    return html.split(f'id="stage-{stage}"')[1].split("</section>")[0]


# --- Services: stages ----------------------------------------------------------------------------


def test_an_organisation_moves_through_the_pipeline_and_every_move_is_recorded(world):
    coordinator = world.users["coordinator"]
    club = factories.OrganisationFactory(region=world.gent, prospect=True)
    for stage in ("engaged", "active", "dormant", "active"):
        change = services.set_stage(actor=coordinator, organisation=club, stage=stage)
        assert change is not None and change.to_stage == stage
    club.refresh_from_db()
    assert club.stage == OrganisationStage.ACTIVE
    moves = list(
        StageChange.objects.filter(organisation=club)
        .order_by("pk")
        .values_list("from_stage", "to_stage")
    )
    assert moves == [
        ("prospect", "engaged"),
        ("engaged", "active"),
        ("active", "dormant"),
        ("dormant", "active"),
    ]
    assert AuditEntry.objects.filter(action="organisation.stage_changed").count() == 4
    assert StageChange.objects.filter(changed_by=coordinator).count() == 4


def test_an_engaged_organisation_can_go_back_to_prospect(world):
    club = factories.OrganisationFactory(region=world.gent, engaged=True)
    services.set_stage(actor=world.users["coordinator"], organisation=club, stage="prospect")
    club.refresh_from_db()
    assert club.stage == "prospect" and club.joined_on is None


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("prospect", "active"),
        ("prospect", "dormant"),
        ("engaged", "dormant"),
        ("active", "prospect"),
        ("active", "engaged"),
        ("dormant", "prospect"),
        ("dormant", "engaged"),
        ("active", "archived"),
    ],
)
def test_other_moves_are_refused_and_change_nothing(world, start, target):
    club = factories.OrganisationFactory(region=world.gent, stage=start)
    with pytest.raises(ValidationError) as error:
        services.set_stage(actor=world.users["coordinator"], organisation=club, stage=target)
    assert "stage" in error.value.message_dict
    club.refresh_from_db()
    assert club.stage == start
    assert not StageChange.objects.exists()
    assert not AuditEntry.objects.filter(action="organisation.stage_changed").exists()


def test_joining_sets_the_join_date_once(world):
    coordinator = world.users["coordinator"]
    club = factories.OrganisationFactory(region=world.gent, engaged=True)
    last_week = _days(-7)
    services.set_stage(actor=coordinator, organisation=club, stage="active", on=last_week)
    club.refresh_from_db()
    assert club.joined_on == last_week
    entry = AuditEntry.objects.get(action="organisation.stage_changed")
    assert entry.fields == ["joined_on", "stage"] and entry.detail == "engaged → active"
    services.set_stage(actor=coordinator, organisation=club, stage="dormant")
    services.set_stage(actor=coordinator, organisation=club, stage="active")
    club.refresh_from_db()
    assert club.joined_on == last_week  # coming back does not make it a new member


def test_a_stage_change_cannot_be_in_the_future(world):
    club = factories.OrganisationFactory(region=world.gent, engaged=True)
    with pytest.raises(ValidationError):
        services.set_stage(
            actor=world.users["coordinator"], organisation=club, stage="active", on=_days(1)
        )
    club.refresh_from_db()
    assert club.stage == "engaged" and club.joined_on is None


def test_moving_to_the_current_stage_changes_nothing(world):
    club = factories.OrganisationFactory(region=world.gent)
    assert (
        services.set_stage(actor=world.users["coordinator"], organisation=club, stage="active")
        is None
    )
    assert not StageChange.objects.exists()
    assert not AuditEntry.objects.exists()


# --- Services: creating and changing organisations ------------------------------------------------


def test_a_new_active_organisation_joins_today_with_its_roles(world):
    coordinator = world.users["coordinator"]
    organisation = services.create_organisation(
        actor=coordinator,
        name="Stad Eeklo",
        kind=OrganisationKind.LOCAL_GOVERNMENT,
        municipality=factories.municipality_of(world.gent),
        roles=[NetworkRole.LOCAL_GOVERNMENT, NetworkRole.OFFER_PARTNER],
    )
    assert organisation.stage == "active" and organisation.joined_on == _today()
    assert organisation.roles == [NetworkRole.OFFER_PARTNER, NetworkRole.LOCAL_GOVERNMENT]
    first = StageChange.objects.get(organisation=organisation)
    assert (first.from_stage, first.to_stage) == ("", "active")
    entry = AuditEntry.objects.get(action="organisation.created")
    assert {"roles_mask", "stage", "joined_on"} <= set(entry.fields)


def test_a_prospect_has_no_join_date(world):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=world.users["coordinator"],
            name="Schaakclub",
            kind="club",
            municipality=factories.municipality_of(world.gent),
            stage="prospect",
            joined_on=_days(-3),
        )
    assert "joined_on" in error.value.message_dict
    assert not Organisation.objects.filter(name="Schaakclub").exists()
    prospect = services.create_organisation(
        actor=world.users["coordinator"],
        name="Schaakclub",
        kind="club",
        municipality=factories.municipality_of(world.gent),
        stage="prospect",
    )
    assert prospect.joined_on is None and prospect.stage == "prospect"


def test_updating_an_organisation_keeps_roles_and_stage_unless_given(world):
    club = world.gent_club
    services.set_roles(
        actor=world.users["coordinator"], organisation=club, roles=[NetworkRole.OFFER_PARTNER]
    )
    services.update_organisation(
        actor=world.users["partner_contact"],
        organisation=club,
        name="KV Gent-Zuid",
        kind=club.kind,
        municipality=club.municipality,
    )
    club.refresh_from_db()
    assert club.roles == [NetworkRole.OFFER_PARTNER] and club.stage == "active"


def test_updating_the_stage_follows_the_pipeline(world):
    club = world.gent_club
    base = {"name": club.name, "kind": club.kind, "municipality": club.municipality}
    with pytest.raises(ValidationError) as error:
        services.update_organisation(
            actor=world.users["coordinator"], organisation=club, stage="prospect", **base
        )
    assert "stage" in error.value.message_dict
    club.refresh_from_db()
    assert club.stage == "active"
    changed = services.update_organisation(
        actor=world.users["coordinator"], organisation=club, stage="dormant", **base
    )
    assert changed == ["stage"]
    assert StageChange.objects.get(organisation=club).to_stage == "dormant"
    assert "active → dormant" in AuditEntry.objects.get(action="organisation.changed").detail


def test_roles_are_a_bit_mask_filtered_in_sql(world):
    coordinator = world.users["coordinator"]
    services.set_roles(
        actor=coordinator,
        organisation=world.gent_town,
        roles=[NetworkRole.LOCAL_GOVERNMENT, NetworkRole.CORE_PARTNER],
    )
    services.set_roles(
        actor=coordinator, organisation=world.gent_club, roles=[NetworkRole.OFFER_PARTNER]
    )
    town = Organisation.objects.get(pk=world.gent_town.pk)
    assert town.roles_mask == mask_of_roles([NetworkRole.LOCAL_GOVERNMENT, 0])
    assert town.has_role(NetworkRole.CORE_PARTNER) and not town.has_role(NetworkRole.AGII)
    assert list(Organisation.objects.with_role(NetworkRole.CORE_PARTNER)) == [town]
    offer_or_core = Organisation.objects.with_any_role(
        mask_of_roles([NetworkRole.OFFER_PARTNER, NetworkRole.CORE_PARTNER])
    )
    assert set(offer_or_core) == {town, world.gent_club}
    assert (
        services.set_roles(
            actor=coordinator, organisation=town, roles=[0, NetworkRole.LOCAL_GOVERNMENT]
        )
        == []
    )
    assert AuditEntry.objects.filter(action="organisation.changed").count() == 2


# --- Services: contact moments and next steps ----------------------------------------------------


def test_a_contact_moment_records_the_contact_the_move_and_the_next_step(world):
    coordinator = world.users["coordinator"]
    prospect = factories.OrganisationFactory(region=world.gent, prospect=True)
    moment = services.record_contact(
        actor=coordinator,
        organisation=prospect,
        contacted_on=_days(-2),
        channel="visit",
        summary="Bezoek aan de training: de trainer wil graag meedoen.",
        contacted_by=coordinator,
        stage="engaged",
        next_step="Uitnodigen op het netwerkoverleg",
        next_step_due=_days(10),
        next_step_owner=coordinator,
    )
    prospect.refresh_from_db()
    assert moment.contacted_by_name == coordinator.full_name
    assert moment.recorded_by == coordinator
    assert prospect.stage == "engaged"
    assert prospect.next_step == "Uitnodigen op het netwerkoverleg"
    assert prospect.next_step_owner == coordinator and prospect.next_step_due == _days(10)
    change = StageChange.objects.get(organisation=prospect)
    assert change.contact_moment == moment and change.changed_on == _days(-2)
    entry = AuditEntry.objects.get(action="organisation.contact_recorded")
    assert {"stage", "next_step", "next_step_due", "next_step_owner"} <= set(entry.fields)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contacted_on": "tomorrow"}, "contacted_on"),
        ({"next_step_due": "before"}, "next_step_due"),
        ({"contacted_by": None}, "contacted_by"),
        ({"stage": "active"}, "stage"),
        ({"stage": "gone"}, "stage"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_contact_moments_are_refused_and_write_nothing(world, overrides, field):
    coordinator = world.users["coordinator"]
    prospect = factories.OrganisationFactory(region=world.gent, prospect=True)
    values = {
        "contacted_on": _days(-1),
        "channel": "phone",
        "summary": "Telefoon",
        "contacted_by": coordinator,
        "next_step": "Bezoeken",
        "next_step_due": _days(5),
    }
    values.update(overrides)
    if values["contacted_on"] == "tomorrow":
        values["contacted_on"] = _days(1)
    if values["next_step_due"] == "before":
        values["next_step_due"] = _days(-3)
    with pytest.raises(ValidationError) as error:
        services.record_contact(actor=coordinator, organisation=prospect, **values)
    assert field in error.value.message_dict
    prospect.refresh_from_db()
    assert prospect.stage == "prospect" and prospect.next_step == ""
    assert not ContactMoment.objects.exists() and not AuditEntry.objects.exists()


def test_someone_without_an_account_can_be_named_as_the_contact(world):
    moment = services.record_contact(
        actor=world.users["coordinator"],
        organisation=world.gent_club,
        contacted_on=_today(),
        channel="meeting",
        contacted_by_name="  Fatima,   ambassadeur ",
    )
    assert moment.contacted_by is None and moment.contacted_by_name == "Fatima, ambassadeur"
    world.gent_club.refresh_from_db()
    assert world.gent_club.next_step == ""  # no next step given: unchanged


def test_an_old_due_date_may_stay_when_a_later_contact_is_recorded(world):
    coordinator = world.users["coordinator"]
    club = factories.OrganisationFactory(
        region=world.gent, engaged=True, next_step="Bellen", next_step_due=_days(-5)
    )
    services.record_contact(
        actor=coordinator,
        organisation=club,
        contacted_on=_days(-1),
        channel="phone",
        contacted_by=coordinator,
        next_step="Bellen",
        next_step_due=_days(-5),
    )
    club.refresh_from_db()
    assert club.next_step_due == _days(-5) and club.is_next_step_overdue()


def test_the_next_step_is_set_and_cleared(world):
    coordinator = world.users["coordinator"]
    club = world.gent_club
    changed = services.set_next_step(
        actor=coordinator,
        organisation=club,
        next_step="Flyer maken",
        due=_days(3),
        owner=coordinator,
    )
    assert changed == ["next_step", "next_step_due", "next_step_owner"]
    with pytest.raises(ValidationError):
        services.set_next_step(
            actor=coordinator, organisation=club, next_step="Flyer maken", due=_days(-1)
        )
    with pytest.raises(ValidationError):
        services.set_next_step(actor=coordinator, organisation=club, next_step="", due=_days(4))
    services.set_next_step(actor=coordinator, organisation=club, next_step="")
    club.refresh_from_db()
    assert (club.next_step, club.next_step_due, club.next_step_owner) == ("", None, None)
    assert AuditEntry.objects.filter(action="organisation.next_step_set").count() == 2


def test_a_prospect_is_added_with_its_first_contact_and_next_step(world):
    coordinator = world.users["coordinator"]
    prospect = services.add_prospect(
        actor=coordinator,
        name="Fanfare De Eendracht",
        kind="club",
        municipality=factories.municipality_of(world.gent),
        contacted_by=coordinator,
        summary="Ontmoet op de markt.",
        next_step="Langsgaan op een repetitie",
        next_step_due=_days(14),
        next_step_owner=coordinator,
    )
    assert prospect.stage == "prospect" and prospect.joined_on is None
    moment = prospect.contact_moments.get()
    assert moment.contacted_on == _today() and moment.contacted_by == coordinator
    prospect.refresh_from_db()
    assert prospect.next_step == "Langsgaan op een repetitie"
    without_contact = services.add_prospect(
        actor=coordinator,
        name="Bibliotheek",
        kind="other",
        municipality=factories.municipality_of(world.gent),
        next_step="Mailen",
    )
    assert not without_contact.contact_moments.exists()
    assert Organisation.objects.get(pk=without_contact.pk).next_step == "Mailen"


def test_existing_organisations_become_active_members_with_roles_from_their_kind(world):
    migration = importlib.import_module(
        "participatienet.network.migrations.0005_organisation_roles_from_kind"
    )
    office = factories.OrganisationFactory(region=world.gent, kind=OrganisationKind.AGII)
    Organisation.objects.update(roles_mask=0, joined_on=None, stage="prospect")
    migration.forwards(django_apps, None)
    town, club, office = (
        Organisation.objects.get(pk=pk)
        for pk in (world.gent_town.pk, world.gent_club.pk, office.pk)
    )
    assert town.roles == [NetworkRole.LOCAL_GOVERNMENT]
    assert office.roles == [NetworkRole.REFERRER, NetworkRole.AGII]
    assert club.roles == [NetworkRole.OFFER_PARTNER]
    assert {o.stage for o in Organisation.objects.all()} == {"active"}
    assert club.joined_on == timezone.localdate(club.created_at)


# --- The network graph ---------------------------------------------------------------------------


def test_prospects_are_not_in_the_network_and_members_join_on_their_join_date(world):
    prospect = factories.OrganisationFactory(region=world.gent, prospect=True)
    engaged = factories.OrganisationFactory(region=world.gent, engaged=True)
    dormant = factories.OrganisationFactory(region=world.gent, dormant=True)
    Organisation.objects.filter(pk=world.gent_club.pk).update(joined_on=dt.date(2025, 3, 1))
    nodes, _ties = adapter.region_graph(world.gent)
    by_id = {node.id: node for node in nodes}
    assert prospect.pk not in by_id
    assert engaged.pk not in by_id
    assert dormant.pk in by_id
    assert by_id[world.gent_club.pk].joined_on == dt.date(2025, 3, 1)
    assert by_id[world.gent_town.pk].joined_on == world.gent_town.created_at.date()


# --- The growth board ----------------------------------------------------------------------------


@pytest.fixture
def board_world(world):
    """Gent: two prospects (one overdue), one engaged, one recent member, one dormant; the two
    organisations of the world joined long ago."""
    coordinator = world.users["coordinator"]
    Organisation.objects.filter(pk__in=[world.gent_club.pk, world.gent_town.pk]).update(
        joined_on=dt.date(2020, 1, 1)
    )
    late = factories.OrganisationFactory(
        name="Jeugdhuis Kavka",
        region=world.gent,
        prospect=True,
        next_step="Bellen",
        next_step_due=_days(-2),
        next_step_owner=coordinator,
        roles_mask=mask_of_roles([NetworkRole.OFFER_PARTNER]),
    )
    soon = factories.OrganisationFactory(
        name="Atelier Zuid",
        region=world.gent,
        prospect=True,
        next_step="Mailen",
        next_step_due=_days(4),
    )
    engaged = factories.OrganisationFactory(
        name="Buurtwerk Brugse Poort",
        region=world.gent,
        engaged=True,
        roles_mask=mask_of_roles([NetworkRole.REFERRER]),
    )
    recent = factories.OrganisationFactory(name="Repair Café", region=world.gent)
    Organisation.objects.filter(pk=recent.pk).update(joined_on=_days(-30))
    dormant = factories.OrganisationFactory(name="Turnkring", region=world.gent, dormant=True)
    factories.ContactMomentFactory(
        organisation=late, contacted_by_name="Sara", contacted_on=_days(-9)
    )
    factories.ContactMomentFactory(
        organisation=late, contacted_by_name="Jonas", contacted_on=_days(-3)
    )
    return {"late": late, "soon": soon, "engaged": engaged, "recent": recent, "dormant": dormant}


def test_the_board_shows_four_columns_with_their_counts(client, world, board_world):
    response = _board(client, world.users["coordinator"])
    assert response.status_code == 200
    html = response.content.decode()
    counts = {
        stage: _column(html, stage).count('<li class="board-card') for stage in OrganisationStage
    }
    assert counts == {"prospect": 2, "engaged": 1, "active": 1, "dormant": 1}
    assert 'id="stage-active" aria-labelledby="stage-active-title" data-count="1"' in html
    assert "Wandelclub Turnhout" not in html
    # Prospects: the most urgent next step first; the latest contact on the card.
    prospects = _column(html, "prospect")
    assert prospects.index("Jeugdhuis Kavka") < prospects.index("Atelier Zuid")
    late_card = prospects.split(f'id="card-{board_world["late"].pk}"')[1].split("</li>\n")[0]
    assert "Jonas" in late_card and "Sara" not in late_card
    # Members of long ago are counted but not shown.
    assert "Voetbalclub Gent-Zuid" not in html


def test_an_overdue_next_step_stands_out_with_text(client, world, board_world):
    html = _board(client, world.users["coordinator"]).content.decode()
    late = html.split(f'id="card-{board_world["late"].pk}"')[0].rsplit("<li", 1)[1]
    assert "is-overdue" in late
    assert html.count('class="overdue-label"') == 1


def test_the_board_filters_by_owner_role_and_municipality(client, world, board_world):
    coordinator = world.users["coordinator"]
    html = _board(client, coordinator, owner="mine").content.decode()
    assert "Jeugdhuis Kavka" in html and "Atelier Zuid" not in html
    html = _board(client, coordinator, owner=str(coordinator.pk)).content.decode()
    assert "Jeugdhuis Kavka" in html and "Atelier Zuid" not in html
    html = _board(client, coordinator, owner="nobody").content.decode()
    assert "Jeugdhuis Kavka" not in html and "Atelier Zuid" in html
    html = _board(client, coordinator, role=str(NetworkRole.REFERRER)).content.decode()
    assert "Buurtwerk Brugse Poort" in html and "Jeugdhuis Kavka" not in html


def test_the_board_filters_by_municipality(client, world):
    turnhout, geel = world.kempen.municipalities.order_by("nis_code")[:2]
    factories.OrganisationFactory(
        name="Jeugdhuis Turnhout", region=world.kempen, municipality=turnhout, prospect=True
    )
    factories.OrganisationFactory(
        name="Jeugdhuis Geel", region=world.kempen, municipality=geel, prospect=True
    )
    html = _board(
        client, world.users["coordinator_other"], municipality=str(geel.pk)
    ).content.decode()
    assert "Jeugdhuis Geel" in html and "Jeugdhuis Turnhout" not in html


@pytest.mark.parametrize(
    "params",
    [{"role": "42"}, {"owner": "someone"}, {"municipality": "999999"}],
)
def test_a_bad_board_filter_answers_400(client, world, board_world, params):
    assert _board(client, world.users["coordinator"], **params).status_code == 400


def test_a_municipality_of_another_region_is_not_a_filter(client, world, board_world):
    turnhout = world.kempen.municipalities.first()
    response = _board(client, world.users["coordinator"], municipality=str(turnhout.pk))
    assert response.status_code == 400


def test_the_board_has_the_same_number_of_queries_for_few_and_many(client, world):
    def count():
        client.force_login(world.users["coordinator"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(BOARD)).status_code == 200
        return len(queries)

    def grow(n):
        for i in range(n):
            organisation = factories.OrganisationFactory(
                region=world.gent,
                stage=("prospect", "engaged", "dormant")[i % 3],
                next_step=f"Stap {i}",
                next_step_due=_days(i - 5),
                next_step_owner=factories.UserFactory(),
                roles_mask=mask_of_roles([i % 7]),
            )
            factories.ContactMomentFactory(organisation=organisation)

    grow(3)
    few = count()
    grow(27)
    assert count() == few
    assert few <= 14


def test_viewers_see_the_board_without_changing_it(client, world, board_world):
    html = _board(client, world.users["viewer"]).content.decode()
    assert "Jeugdhuis Kavka" in html
    assert 'action="/organisaties/' not in html  # no stage buttons
    assert 'id="prospect-form"' not in html
    assert f'href="{board_world["late"].get_absolute_url()}"' not in html  # detail is a 404


def test_a_coordinator_sees_the_quick_actions(client, world, board_world):
    html = _board(client, world.users["coordinator"]).content.decode()
    assert f'action="{_stage_url(board_world["late"])}"' in html
    assert _contact_url(board_world["late"]) in html
    assert 'id="prospect-form"' in html


def test_the_board_asks_for_a_region_first(client, world):
    response = _board(client, world.users["programme_admin"])
    assert response.status_code == 200
    assert 'id="pipeline-board"' not in response.content.decode()


def test_the_navigation_shows_the_board_to_those_who_may_see_it(client, world):
    client.force_login(world.users["coordinator"])
    assert reverse(BOARD) in client.get(reverse("home")).content.decode()
    client.force_login(world.users["counsellor"])
    assert reverse(BOARD) not in client.get(reverse("home")).content.decode()


# --- Changing the stage --------------------------------------------------------------------------


def test_the_quick_action_moves_a_card_and_returns_to_the_board(client, world, board_world):
    client.force_login(world.users["coordinator"])
    late = board_world["late"]
    back = f"{reverse(BOARD)}?owner=mine"
    response = client.post(_stage_url(late), {"stage": "engaged", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    late.refresh_from_db()
    assert late.stage == "engaged"


def test_a_foreign_next_address_is_ignored(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        _stage_url(world.gent_club), {"stage": "dormant", "next": "https://evil.example/"}
    )
    assert response["Location"] == world.gent_club.get_absolute_url()


@pytest.mark.parametrize("stage", ["prospect", "engaged", "gone", ""])
def test_a_refused_stage_change_answers_400_and_writes_nothing(client, world, stage):
    client.force_login(world.users["coordinator"])
    response = client.post(_stage_url(world.gent_club), {"stage": stage})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    world.gent_club.refresh_from_db()
    assert world.gent_club.stage == "active"
    assert (
        not StageChange.objects.exists()
        and not AuditEntry.objects.filter(action="organisation.stage_changed").exists()
    )


def test_a_second_click_changes_nothing(client, world):
    client.force_login(world.users["coordinator"])
    client.post(_stage_url(world.gent_club), {"stage": "dormant"})
    assert client.post(_stage_url(world.gent_club), {"stage": "dormant"}).status_code == 302
    assert StageChange.objects.count() == 1


# --- Recording a contact -------------------------------------------------------------------------


def _contact_data(user, **overrides):
    data = {
        "contacted_on": _today().isoformat(),
        "channel": "phone",
        "contacted_by": str(user.pk),
        "contacted_by_name": "",
        "summary": "Ze willen een proefdag organiseren.",
        "stage": "engaged",
        "next_step": "Proefdag plannen",
        "next_step_due": _days(7).isoformat(),
        "next_step_owner": str(user.pk),
    }
    data.update(overrides)
    return data


def test_a_name_in_the_form_means_someone_without_an_account(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    data = _contact_data(coordinator, contacted_by_name="Fatima", stage="active")
    assert client.post(_contact_url(world.gent_club), data).status_code == 302
    moment = ContactMoment.objects.get()
    assert moment.contacted_by is None and moment.contacted_by_name == "Fatima"
    assert moment.recorded_by == coordinator


def test_the_contact_form_is_prefilled(client, world):
    coordinator = world.users["coordinator"]
    prospect = factories.OrganisationFactory(
        region=world.gent, prospect=True, next_step="Bellen", next_step_owner=coordinator
    )
    client.force_login(coordinator)
    html = client.get(_contact_url(prospect)).content.decode()
    assert f'value="{_today().isoformat()}"' in html
    assert 'value="Bellen"' in html
    assert f'<option value="{coordinator.pk}" selected>' in html
    # Only the current stage and the allowed moves.
    stage_select = html.split('name="stage"')[1].split("</select>")[0]
    assert 'value="engaged"' in stage_select and 'value="active"' not in stage_select


def test_a_contact_is_recorded_through_the_page(client, world):
    coordinator = world.users["coordinator"]
    prospect = factories.OrganisationFactory(region=world.gent, prospect=True)
    client.force_login(coordinator)
    response = client.post(
        f"{_contact_url(prospect)}?next={reverse(BOARD)}", _contact_data(coordinator)
    )
    assert response.status_code == 302 and response["Location"] == reverse(BOARD)
    prospect.refresh_from_db()
    assert prospect.stage == "engaged" and prospect.next_step == "Proefdag plannen"
    assert prospect.contact_moments.get().summary == "Ze willen een proefdag organiseren."


@pytest.mark.parametrize(
    "overrides",
    [
        {"contacted_on": "tomorrow"},
        {"next_step_due": "before"},
        {"contacted_by": "", "contacted_by_name": ""},
        {"contacted_by": "999999"},
        {"summary": "   "},
        {"stage": "dormant"},
        {"stage": "gone"},
        {"next_step": "", "next_step_due": "soon"},
        {"contacted_on": "vorige week"},
    ],
)
def test_a_bad_contact_answers_400_and_writes_nothing(client, world, overrides):
    coordinator = world.users["coordinator"]
    prospect = factories.OrganisationFactory(region=world.gent, prospect=True)
    replacements = {
        "tomorrow": _days(1).isoformat(),
        "before": _days(-3).isoformat(),
        "soon": _days(3).isoformat(),
    }
    data = _contact_data(
        coordinator, **{key: replacements.get(value, value) for key, value in overrides.items()}
    )
    data["contacted_on"] = (
        _days(-1).isoformat() if "next_step_due" in overrides else data["contacted_on"]
    )
    client.force_login(coordinator)
    response = client.post(_contact_url(prospect), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    prospect.refresh_from_db()
    assert prospect.stage == "prospect" and prospect.next_step == ""
    assert not ContactMoment.objects.exists() and not AuditEntry.objects.exists()


# --- Adding a prospect ---------------------------------------------------------------------------


def _prospect_data(municipality, **overrides):
    data = {
        "name": "Kookclub Ledeberg",
        "kind": "club",
        "municipality": str(municipality.pk),
        "contacted_by": "",
        "summary": "",
        "next_step": "Langsgaan",
        "next_step_due": _days(5).isoformat(),
        "next_step_owner": "",
    }
    data.update(overrides)
    return data


def test_a_prospect_is_added_from_the_board(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    municipality = factories.municipality_of(world.gent)
    response = client.post(
        reverse("network:prospect_create"),
        _prospect_data(
            municipality,
            contacted_by=str(coordinator.pk),
            summary="Op de buurtfeest ontmoet.",
            next_step_owner=str(coordinator.pk),
        ),
    )
    assert response.status_code == 302
    prospect = Organisation.objects.get(name="Kookclub Ledeberg")
    assert prospect.stage == "prospect" and prospect.region == world.gent
    assert prospect.next_step_owner == coordinator
    assert prospect.contact_moments.get().contacted_by == coordinator
    html = _board(client, coordinator).content.decode()
    assert "Kookclub Ledeberg" in _column(html, "prospect")


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "  "},
        {"kind": ""},
        {"next_step_due": "past"},
        {"next_step": "", "next_step_owner": "me"},
        {"summary": "Gesprek zonder naam"},
    ],
)
def test_a_bad_prospect_answers_400_and_writes_nothing(client, world, overrides):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    values = {"past": _days(-1).isoformat(), "me": str(coordinator.pk)}
    data = _prospect_data(
        factories.municipality_of(world.gent),
        **{key: values.get(value, value) for key, value in overrides.items()},
    )
    response = client.post(reverse("network:prospect_create"), data)
    assert response.status_code == 400
    assert Organisation.objects.count() == 3
    assert not AuditEntry.objects.exists()


def test_a_prospect_cannot_be_added_in_another_region(client, world):
    client.force_login(world.users["coordinator"])
    turnhout = world.kempen.municipalities.first()
    response = client.post(reverse("network:prospect_create"), _prospect_data(turnhout))
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Kookclub Ledeberg").exists()


# --- The organisation pages ----------------------------------------------------------------------


def test_the_detail_shows_the_growth_to_coordinators_only(client, world):
    coordinator = world.users["coordinator"]
    services.record_contact(
        actor=coordinator,
        organisation=world.gent_club,
        contacted_on=_today(),
        channel="phone",
        summary="Evaluatie van het seizoen",
        contacted_by=coordinator,
        next_step="Nieuwe kalender vragen",
    )
    url = world.gent_club.get_absolute_url()
    client.force_login(coordinator)
    html = client.get(url).content.decode()
    assert 'id="organisation-growth"' in html and "Evaluatie van het seizoen" in html
    assert 'data-stage="active"' in html
    assert f'action="{_stage_url(world.gent_club)}"' in html
    client.force_login(world.users["counsellor"])
    html = client.get(url).content.decode()
    assert 'id="organisation-stage"' in html
    assert 'id="organisation-growth"' not in html and "Evaluatie van het seizoen" not in html


def test_the_detail_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(20):
        factories.ContactMomentFactory(organisation=world.gent_club, contacted_by_name=f"P{i}")
        StageChange.objects.create(
            organisation=world.gent_club,
            from_stage="active" if i % 2 else "dormant",
            to_stage="dormant" if i % 2 else "active",
            changed_on=_today(),
        )
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(14):
        response = client.get(world.gent_club.get_absolute_url())
    assert response.content.decode().count('id="contact-moment-') == 20


def test_the_organisation_list_filters_by_role_and_stage(client, world):
    services.set_roles(
        actor=world.users["coordinator"],
        organisation=world.gent_town,
        roles=[NetworkRole.LOCAL_GOVERNMENT],
    )
    factories.OrganisationFactory(name="Schaakclub", region=world.gent, prospect=True)
    client.force_login(world.users["coordinator"])
    url = reverse("network:organisation_list")
    html = client.get(url, {"role": str(NetworkRole.LOCAL_GOVERNMENT)}).content.decode()
    assert "Stad Gent" in html and "Voetbalclub Gent-Zuid" not in html
    html = client.get(url, {"stage": "prospect"}).content.decode()
    assert "Schaakclub" in html and "Stad Gent" not in html
    assert client.get(url, {"stage": "gone"}).status_code == 400


def test_a_coordinator_sets_roles_stage_and_join_date_in_the_organisation_form(client, world):
    client.force_login(world.users["coordinator"])
    club = world.gent_club
    url = reverse("network:organisation_update", kwargs={"pk": club.pk})
    html = client.get(url).content.decode()
    assert 'id="network-fields"' in html
    data = {
        "name": club.name,
        "kind": club.kind,
        "municipality": club.municipality_id,
        "roles": [str(NetworkRole.OFFER_PARTNER), str(NetworkRole.AMBASSADOR)],
        "stage": "dormant",
        "joined_on": "2024-09-01",
    }
    assert client.post(url, data).status_code == 302
    club.refresh_from_db()
    assert club.roles == [NetworkRole.OFFER_PARTNER, NetworkRole.AMBASSADOR]
    assert club.stage == "dormant" and club.joined_on == dt.date(2024, 9, 1)
    # An empty join date does not erase it; an illegal move is refused.
    assert client.post(url, {**data, "joined_on": ""}).status_code == 302
    club.refresh_from_db()
    assert club.joined_on == dt.date(2024, 9, 1)
    assert client.post(url, {**data, "stage": "prospect"}).status_code == 400
    assert client.post(url, {**data, "joined_on": _days(2).isoformat()}).status_code == 400
    club.refresh_from_db()
    assert club.stage == "dormant"


def test_a_partner_contact_does_not_see_or_change_the_network_fields(client, world):
    club = world.gent_club
    services.set_roles(
        actor=world.users["coordinator"], organisation=club, roles=[NetworkRole.OFFER_PARTNER]
    )
    client.force_login(world.users["partner_contact"])
    url = reverse("network:organisation_update", kwargs={"pk": club.pk})
    assert 'id="network-fields"' not in client.get(url).content.decode()
    data = {
        "name": "KV Gent-Zuid",
        "kind": club.kind,
        "municipality": club.municipality_id,
        "stage": "dormant",
        "roles": [str(NetworkRole.CORE_PARTNER)],
    }
    assert client.post(url, data).status_code == 302
    club.refresh_from_db()
    assert club.name == "KV Gent-Zuid"
    assert club.stage == "active" and club.roles == [NetworkRole.OFFER_PARTNER]


def test_a_coordinator_adds_a_prospect_through_the_organisation_form(client, world):
    client.force_login(world.users["coordinator"])
    data = {
        "name": "Wijkcomité",
        "kind": "volunteer_organisation",
        "municipality": factories.municipality_of(world.gent).pk,
        "roles": [str(NetworkRole.AMBASSADOR)],
        "stage": "prospect",
    }
    assert client.post(reverse("network:organisation_create"), data).status_code == 302
    organisation = Organisation.objects.get(name="Wijkcomité")
    assert organisation.stage == "prospect" and organisation.joined_on is None
    assert organisation.roles == [NetworkRole.AMBASSADOR]


def test_the_partner_contact_role_is_not_a_pipeline_manager(world):
    from participatienet.accounts import policy

    assert not policy.can(world.users["partner_contact"], "pipeline.manage", world.gent_club)
    assert not policy.can(world.users["coordinator_other"], "pipeline.manage", world.gent_club)
    assert policy.can(world.users["coordinator"], "pipeline.manage", world.gent_club)
    viewer = world.users["viewer"]
    assert policy.can(viewer, "pipeline.view", world.gent)
    assert not policy.can(viewer, "pipeline.manage", world.gent_club)
    assert Role.VIEWER in policy.grants_for(viewer).roles


def test_the_growth_forms_have_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for _ in range(15):
        factories.MembershipFactory(role=Role.COORDINATOR, region=world.gent)
        factories.ContactMomentFactory(organisation=world.gent_club)
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(10):
        response = client.get(_contact_url(world.gent_club))
    assert response.content.decode().count("<option") > 30
    with django_assert_max_num_queries(10):
        assert client.get(reverse("network:prospect_create")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.post(_stage_url(world.gent_club), {"stage": "prospect"}).status_code == 400
