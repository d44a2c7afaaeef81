"""Newcomers: the list and its filters, registering (the trajectory opens), editing, audits."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry
from participatienet.offers import schedule
from participatienet.trajectories.models import Newcomer, Trajectory
from tests import factories
from tests.trajectories.builders import (
    active_participation,
    audit_actions,
    caseload,
    confirmed_hours,
)

pytestmark = pytest.mark.django_db

LIST = reverse("trajectories:newcomer_list")
CREATE = reverse("trajectories:newcomer_create")


def valid_data(world, **overrides):
    municipality = factories.municipality_of(world.gent)
    data = {
        "first_name": "Yara",
        "last_name": "Mansour",
        "email": "yara@voorbeeld.be",
        "phone": "+32 470 11 22 33",
        "preferred_channel": "whatsapp",
        "preferred_language": "ar",
        "municipality": municipality.pk,
        "languages": ["ar", "en"],
        "dutch_level": "1",
        "themes": ["2", "7"],
        "availability": ["1-2", "5-0"],
        "mobility": "bike",
        "max_distance_km": "8",
        "needs_childcare": "on",
        "obligation": "mandatory",
        "kbi_reference": "KBI-2026-0042",
        "counsellor": world.users["counsellor"].pk,
        "consent_given_on": "2026-01-10",
        "consent_share_contact": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def listed_ids(response):
    return [row.pk for row in response.context["page"]]


# --- Registering -------------------------------------------------------------------------------


def test_registering_a_newcomer_opens_the_trajectory_and_audits_it(login, world):
    client = login(world.users["counsellor"])
    response = client.post(CREATE, valid_data(world))
    newcomer = Newcomer.objects.get()
    trajectory = Trajectory.objects.get(newcomer=newcomer)
    assert response.status_code == 302
    assert response["Location"] == trajectory.get_absolute_url()
    assert trajectory.status == "intake"
    assert trajectory.counsellor == world.users["counsellor"]
    assert newcomer.region == world.gent
    assert newcomer.languages == ["ar", "en"]
    assert newcomer.themes_mask == schedule.mask_of_bits([2, 7])
    assert newcomer.availability_mask == schedule.mask_of_slots([(1, 2), (5, 0)])
    assert newcomer.needs_childcare and not newcomer.needs_wheelchair
    assert newcomer.preferred_channel == "whatsapp" and newcomer.preferred_language == "ar"
    assert audit_actions(newcomer) == ["newcomer.created"]
    assert audit_actions(trajectory) == ["trajectory.opened"]


def test_the_form_proposes_the_acting_counsellor_and_todays_consent(login, world):
    response = login(world.users["counsellor"]).get(CREATE)
    form = response.context["form"]
    assert form.initial["counsellor"] == world.users["counsellor"].pk
    assert form.initial["consent_given_on"] == timezone.localdate()
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "geen-adres"}, "email"),
        ({"phone": "bel me"}, "phone"),
        ({"preferred_channel": "email", "email": ""}, "email"),
        ({"preferred_channel": "sms", "phone": ""}, "phone"),
        ({"municipality": "999999"}, "municipality"),
        ({"max_distance_km": "0"}, "max_distance_km"),
        ({"max_distance_km": "500"}, "max_distance_km"),
        ({"themes": ["99"]}, "themes"),
        ({"availability": ["7-0"]}, "availability"),
        ({"languages": ["xx"]}, "languages"),
        ({"consent_given_on": "2999-01-01"}, "consent_given_on"),
        ({"kbi_reference": "85.07.30-033.28"}, "kbi_reference"),
    ],
)
def test_bad_input_answers_400_and_writes_nothing(login, world, overrides, field):
    before = AuditEntry.objects.count()
    response = login(world.users["counsellor"]).post(CREATE, valid_data(world, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Newcomer.objects.exists()
    assert not Trajectory.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_national_register_number_is_refused_but_a_kbi_number_is_not(login, world):
    client = login(world.users["counsellor"])
    refused = client.post(CREATE, valid_data(world, kbi_reference="85073003328"))
    assert refused.status_code == 400
    accepted = client.post(CREATE, valid_data(world, kbi_reference="12345678901"))
    assert accepted.status_code == 302


def test_a_counsellor_cannot_give_the_newcomer_to_someone_else(login, world):
    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    response = login(world.users["counsellor"]).post(
        CREATE, valid_data(world, counsellor=colleague.pk)
    )
    assert response.status_code == 400
    assert "counsellor" in response.context["form"].errors
    assert not Newcomer.objects.exists()


def test_a_coordinator_assigns_any_counsellor_of_the_region(login, world):
    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    response = login(world.users["coordinator"]).post(
        CREATE, valid_data(world, counsellor=colleague.pk)
    )
    assert response.status_code == 302
    assert Newcomer.objects.get().counsellor == colleague
    assert Trajectory.objects.get().counsellor == colleague


def test_the_counsellor_must_work_in_the_newcomers_region(login, world):
    kempen_counsellor = factories.user_with_role(
        Role.COUNSELLOR, region_slug="kempen", email="tb-kempen@test.be"
    )
    response = login(world.users["programme_admin"]).post(
        CREATE, valid_data(world, counsellor=kempen_counsellor.pk)
    )
    assert response.status_code == 400
    assert "counsellor" in response.context["form"].errors


def test_a_counsellor_picks_only_municipalities_of_their_regions(login, world):
    kempen = factories.municipality_of(world.kempen)
    response = login(world.users["counsellor"]).post(
        CREATE, valid_data(world, municipality=kempen.pk)
    )
    assert response.status_code == 400
    assert "municipality" in response.context["form"].errors


# --- Reading and editing -----------------------------------------------------------------------


def test_the_detail_page_audits_the_read(login, world):
    trajectory = caseload(world)
    newcomer = trajectory.newcomer
    response = login(world.users["counsellor"]).get(newcomer.get_absolute_url())
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert entry.actor == world.users["counsellor"]
    assert entry.object_id == str(newcomer.pk)
    assert "phone" in entry.fields and "dutch_level" in entry.fields
    assert response.context["full_record"] is True
    assert trajectory.get_absolute_url() in response.content.decode()


def test_a_partner_contact_sees_only_what_it_needs(login, world):
    participation = active_participation(world)
    newcomer = participation.trajectory.newcomer
    response = login(world.users["partner_contact"]).get(newcomer.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["full_record"] is False
    assert newcomer.last_name not in page
    assert newcomer.kbi_reference == "" or newcomer.kbi_reference not in page
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert set(entry.fields) <= {
        "first_name",
        "email",
        "phone",
        "preferred_channel",
        "preferred_language",
        "dutch_level",
        "needs_childcare",
        "needs_women_only",
        "needs_wheelchair",
    }
    assert "last_name" not in entry.fields


def test_without_consent_a_partner_does_not_see_phone_or_email(login, world):
    trajectory = caseload(world, consent_share_contact=False, status="active")
    participation = active_participation(world, trajectory)
    newcomer = participation.trajectory.newcomer
    page = login(world.users["partner_contact"]).get(newcomer.get_absolute_url())
    assert newcomer.phone not in page.content.decode()
    assert newcomer.email not in page.content.decode()
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert "phone" not in entry.fields and "email" not in entry.fields


def test_editing_changes_through_the_service_and_audits(login, world):
    newcomer = caseload(world).newcomer
    client = login(world.users["counsellor"])
    edit = reverse("trajectories:newcomer_edit", kwargs={"pk": newcomer.pk})
    form = client.get(edit).context["form"]
    assert audit_actions(newcomer) == ["newcomer.viewed"]
    data = {**form.initial, "municipality": newcomer.municipality_id}
    data["counsellor"] = newcomer.counsellor_id
    data["consent_given_on"] = newcomer.consent_given_on.isoformat()
    data["dutch_level"] = "2"
    data["needs_wheelchair"] = "on"
    data = {key: value for key, value in data.items() if value not in (None, False)}
    response = client.post(edit, data)
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.dutch_level == 2 and newcomer.needs_wheelchair
    changed = AuditEntry.objects.get(action="newcomer.changed")
    assert changed.fields == ["dutch_level", "needs_wheelchair"]


def test_editing_without_changes_writes_no_change(login, world):
    newcomer = caseload(world).newcomer
    client = login(world.users["counsellor"])
    edit = reverse("trajectories:newcomer_edit", kwargs={"pk": newcomer.pk})
    form = client.get(edit).context["form"]
    data = {key: value for key, value in form.initial.items() if value not in (None, False)}
    data["consent_given_on"] = newcomer.consent_given_on.isoformat()
    response = client.post(edit, data)
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="newcomer.changed").exists()


def test_a_coordinator_hands_a_newcomer_over_and_the_trajectory_follows(login, world):
    trajectory = caseload(world)
    newcomer = trajectory.newcomer
    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    client = login(world.users["coordinator"])
    edit = reverse("trajectories:newcomer_edit", kwargs={"pk": newcomer.pk})
    data = {
        k: v for k, v in client.get(edit).context["form"].initial.items() if v not in (None, False)
    }
    data.update(counsellor=colleague.pk, consent_given_on=newcomer.consent_given_on.isoformat())
    assert client.post(edit, data).status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.counsellor == colleague
    assert "trajectory.changed" in audit_actions(trajectory)
    # the former counsellor no longer sees the newcomer
    former = login(world.users["counsellor"])
    assert former.get(newcomer.get_absolute_url()).status_code == 404


def test_bad_edit_answers_400_and_changes_nothing(login, world):
    newcomer = caseload(world).newcomer
    client = login(world.users["counsellor"])
    edit = reverse("trajectories:newcomer_edit", kwargs={"pk": newcomer.pk})
    data = {
        k: v for k, v in client.get(edit).context["form"].initial.items() if v not in (None, False)
    }
    data.update(first_name="", consent_given_on=newcomer.consent_given_on.isoformat())
    response = client.post(edit, data)
    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.first_name
    assert not AuditEntry.objects.filter(action="newcomer.changed").exists()


def test_a_new_trajectory_opens_only_after_the_last_one_closed(login, world):
    trajectory = caseload(world, status="completed")
    client = login(world.users["counsellor"])
    url = reverse("trajectories:newcomer_trajectory_open", kwargs={"pk": trajectory.newcomer.pk})
    assert client.post(url).status_code == 302
    assert Trajectory.objects.filter(newcomer=trajectory.newcomer, status="intake").count() == 1
    assert client.post(url).status_code == 400
    assert Trajectory.objects.filter(newcomer=trajectory.newcomer).count() == 2


# --- The list ----------------------------------------------------------------------------------


def test_the_counsellor_lists_only_their_caseload(login, world):
    own = caseload(world).newcomer
    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    other = caseload(world, counsellor=colleague).newcomer
    response = login(world.users["counsellor"]).get(LIST)
    assert listed_ids(response) == [own.pk]
    response = login(world.users["coordinator"]).get(LIST)
    assert set(listed_ids(response)) == {own.pk, other.pk}


def test_the_list_shows_progress_from_confirmed_hours(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 32)
    factories.HourEntryFactory(participation=participation, hours=5)  # unconfirmed
    response = login(world.users["counsellor"]).get(LIST)
    row = response.context["page"][0]
    assert row.progress.confirmed == 32
    assert row.progress.required == 40
    assert row.progress.percent == 80


def test_the_list_filters_by_name_status_counsellor_and_municipality(login, world):
    amal = caseload(world, first_name="Amal", last_name="Haddad", status="searching").newcomer
    omar = caseload(world, first_name="Omar", last_name="Nasser", status="active").newcomer
    unassigned = caseload(world, counsellor=None, first_name="Lina", last_name="Kovalenko").newcomer
    client = login(world.users["coordinator"])
    assert listed_ids(client.get(LIST, {"q": "haddad amal"})) == [amal.pk]
    assert listed_ids(client.get(LIST, {"status": "active"})) == [omar.pk]
    assert listed_ids(client.get(LIST, {"counsellor": "none"})) == [unassigned.pk]
    counsellor = world.users["counsellor"].pk
    assert set(listed_ids(client.get(LIST, {"counsellor": counsellor}))) == {amal.pk, omar.pk}
    municipality = factories.municipality_of(world.gent).pk
    assert len(listed_ids(client.get(LIST, {"municipality": municipality}))) == 3


def test_the_list_filters_newcomers_waiting_without_a_participation(login, world):
    today = timezone.localdate()
    fresh = caseload(world)
    fresh.started_on = today - dt.timedelta(days=3)
    fresh.save()
    middle = caseload(world)
    middle.started_on = today - dt.timedelta(days=20)
    middle.save()
    old = caseload(world)
    old.started_on = today - dt.timedelta(days=60)
    old.save()
    busy = active_participation(world).trajectory  # has an active participation
    busy.started_on = today - dt.timedelta(days=90)
    busy.save()
    client = login(world.users["coordinator"])
    ids = {t: t.newcomer.pk for t in (fresh, middle, old, busy)}
    assert set(listed_ids(client.get(LIST, {"waiting": "any"}))) == {
        ids[fresh],
        ids[middle],
        ids[old],
    }
    assert listed_ids(client.get(LIST, {"waiting": "lt2w"})) == [ids[fresh]]
    assert listed_ids(client.get(LIST, {"waiting": "2to6w"})) == [ids[middle]]
    assert listed_ids(client.get(LIST, {"waiting": "gt6w"})) == [ids[old]]
    longest_first = client.get(LIST, {"waiting": "any", "sort": "waiting"})
    assert listed_ids(longest_first) == [ids[old], ids[middle], ids[fresh]]
    assert longest_first.context["page"][0].waiting_days == 60


def test_the_list_filters_newcomers_with_unconfirmed_hours(login, world):
    waiting = active_participation(world)
    factories.HourEntryFactory(participation=waiting)
    done = active_participation(world)
    confirmed_hours(done, 8)
    response = login(world.users["coordinator"]).get(LIST, {"hours": "unconfirmed"})
    assert listed_ids(response) == [waiting.trajectory.newcomer.pk]


def test_a_foreign_counsellor_filter_answers_400(login, world):
    response = login(world.users["counsellor"]).get(LIST, {"counsellor": "424242"})
    assert response.status_code == 400
    assert listed_ids(response) == []


def test_the_list_follows_the_current_region(login, world):
    gent = caseload(world).newcomer
    kempen = factories.NewcomerFactory(municipality=factories.municipality_of(world.kempen))
    response = login(world.users["programme_admin"]).get(LIST)
    assert set(listed_ids(response)) == {gent.pk, kempen.pk}
    client = login(world.users["programme_admin"])
    client.post(reverse("accounts:switch_scope"), {"region": world.kempen.pk})
    assert listed_ids(client.get(LIST)) == [kempen.pk]
