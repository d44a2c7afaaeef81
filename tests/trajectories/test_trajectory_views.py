"""The trajectory page and its actions: find offers, refer, own activity, complete, stop."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.offers import schedule
from participatienet.regions.models import Municipality
from participatienet.trajectories.models import Participation
from tests import factories
from tests.trajectories.builders import (
    active_participation,
    audit_actions,
    caseload,
    confirmed_hours,
)

pytestmark = pytest.mark.django_db

TUESDAY_EVENING = schedule.mask_of_slots([(1, 2)])
SATURDAY_MORNING = schedule.mask_of_slots([(5, 0)])


def url(name, obj):
    return reverse(f"trajectories:{name}", kwargs={"pk": obj.pk})


def suggested(response):
    return [s.offer["pk"] for s in response.context["search"].suggestions]


def gent_offer(world, **fields):
    fields.setdefault("organisation", world.gent_club)
    return factories.OfferFactory(**fields)


def near_municipality(world, km_min, km_max):
    """A municipality between ``km_min`` and ``km_max`` km from Gent."""
    from participatienet.matching.engine import haversine_km

    gent = factories.municipality_of(world.gent)
    for municipality in Municipality.objects.exclude(pk=gent.pk).order_by("nis_code"):
        km = float(
            haversine_km(
                gent.latitude, gent.longitude, municipality.latitude, municipality.longitude
            )
        )
        if km_min <= km <= km_max:
            return municipality
    raise AssertionError("no municipality at that distance")


# --- The trajectory page -----------------------------------------------------------------------


def test_the_trajectory_page_shows_progress_participations_and_actions(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 12)
    factories.HourEntryFactory(participation=participation, hours=3)
    trajectory = participation.trajectory
    response = login(world.users["counsellor"]).get(trajectory.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["progress"].confirmed == 12
    assert 'class="progress-bar"' in page and 'style="width: 30%"' in page
    assert url("trajectory_find_offers", trajectory) in page
    assert url("trajectory_own_activity", trajectory) in page
    assert url("trajectory_stop", trajectory) in page
    assert url("trajectory_complete", trajectory) not in page  # fewer than 40 hours
    assert url("participation_hours", participation) in page
    assert url("participation_end", participation) in page
    shown = response.context["participations"][0]
    assert shown.hours.confirmed == 12 and shown.hours.waiting_count == 1
    assert shown.hours.confirmers == ["Contact <contact@club.be>"]
    assert audit_actions(trajectory.newcomer) == ["newcomer.viewed"]


def test_a_local_worker_reads_the_trajectory_without_actions(login, world):
    trajectory = active_participation(world).trajectory
    response = login(world.users["local_worker"]).get(trajectory.get_absolute_url())
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert url("trajectory_find_offers", trajectory) not in response.content.decode()


def test_a_partner_sees_only_its_own_participations_of_a_trajectory(login, world):
    trajectory = caseload(world, status="active")
    ours = active_participation(world, trajectory)
    theirs = active_participation(world, trajectory, organisation=world.gent_town)
    response = login(world.users["partner_contact"]).get(trajectory.get_absolute_url())
    assert [p.pk for p in response.context["participations"]] == [ours.pk]
    assert theirs.title not in response.content.decode()
    assert response.context["full_record"] is False


# --- Find offers -------------------------------------------------------------------------------


def test_find_offers_honours_the_hard_constraints(login, world):
    trajectory = caseload(
        world, availability_mask=TUESDAY_EVENING, dutch_level=1, max_distance_km=10
    )
    good = gent_offer(world, title="Samen koken")
    too_high = gent_offer(world, min_dutch_level=2)
    other_moment = gent_offer(world, schedule_mask=SATURDAY_MORNING)
    flexible = gent_offer(world, schedule_mask=0, is_schedule_flexible=True)
    full = gent_offer(world, capacity=1)
    factories.ParticipationFactory(offer=full, status="active")
    paused = gent_offer(world, status="paused")
    far_place = near_municipality(world, 30, 60)
    far = gent_offer(
        world, municipality=far_place, latitude=far_place.latitude, longitude=far_place.longitude
    )
    ended = gent_offer(world, end_date=timezone.localdate() - dt.timedelta(days=1))
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    ids = suggested(response)
    assert response.status_code == 200
    assert set(ids) == {good.pk, flexible.pk}
    for excluded in (too_high, other_moment, full, paused, far, ended):
        assert excluded.pk not in ids
    explanation = response.context["search"].suggestions[0].explanation
    assert explanation  # one line of reasons
    assert "," in explanation


def test_find_offers_honours_needs(login, world):
    trajectory = caseload(world, needs_childcare=True, needs_women_only=True)
    fitting = gent_offer(world, has_childcare=True, is_women_only=True)
    gent_offer(world, has_childcare=True)
    gent_offer(world, is_women_only=True)
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    assert suggested(response) == [fitting.pk]


def test_find_offers_includes_a_flexible_location_serving_the_newcomer(login, world):
    trajectory = caseload(world, max_distance_km=5)
    far_place = near_municipality(world, 30, 60)
    serving = gent_offer(
        world,
        municipality=far_place,
        latitude=far_place.latitude,
        longitude=far_place.longitude,
        is_location_flexible=True,
    )
    serving.municipalities_served.add(trajectory.newcomer.municipality)
    not_serving = gent_offer(
        world,
        municipality=far_place,
        latitude=far_place.latitude,
        longitude=far_place.longitude,
        is_location_flexible=True,
    )
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    assert suggested(response) == [serving.pk]
    assert not_serving.pk not in suggested(response)


def test_find_offers_leaves_out_offers_the_newcomer_is_referred_to(login, world):
    trajectory = caseload(world)
    offer = gent_offer(world, capacity=5)
    factories.ParticipationFactory(trajectory=trajectory, offer=offer, status="referred")
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    assert offer.pk not in suggested(response)


def test_find_offers_ranks_the_best_fit_first_and_shows_at_most_20(login, world):
    trajectory = caseload(world, themes_mask=schedule.mask_of_bits([2]))
    for _ in range(22):
        gent_offer(world, themes_mask=schedule.mask_of_bits([0]))
    best = gent_offer(world, themes_mask=schedule.mask_of_bits([2]), capacity=5)
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    ids = suggested(response)
    assert len(ids) == 20
    assert ids[0] == best.pk
    scores = [s.fit.score for s in response.context["search"].suggestions]
    assert scores == sorted(scores, reverse=True)
    assert response.context["search"].considered == 23


def test_a_newcomer_without_availability_gets_an_explanation(login, world):
    trajectory = caseload(world, availability_mask=0)
    gent_offer(world)
    response = login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    search = response.context["search"]
    assert response.status_code == 200
    assert search.problems and not search.suggestions
    assert reverse("trajectories:newcomer_edit", kwargs={"pk": trajectory.newcomer.pk}) in (
        response.content.decode()
    )


def test_finding_offers_audits_the_profile_read(login, world):
    trajectory = caseload(world)
    login(world.users["counsellor"]).get(url("trajectory_find_offers", trajectory))
    entry = AuditEntry.objects.get(action="newcomer.viewed")
    assert "availability_mask" in entry.fields and "phone" not in entry.fields


# --- Refer -------------------------------------------------------------------------------------


def test_referring_takes_a_place_and_leads_to_the_participation(
    login, world, mailoutbox, django_capture_on_commit_callbacks
):
    trajectory = caseload(world, status="intake")
    offer = gent_offer(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users["counsellor"]).post(
            url("trajectory_refer", trajectory), {"offer": offer.pk}
        )
    participation = Participation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == participation.get_absolute_url()
    assert participation.status == "referred" and participation.offer == offer
    assert participation.referred_by == world.users["counsellor"]
    trajectory.refresh_from_db()
    assert trajectory.status == "searching"
    assert "participation.referred" in audit_actions(participation)
    assert mailoutbox[0].to == [offer.contact.email]


def test_referring_to_a_full_offer_is_refused_and_changes_nothing(login, world):
    trajectory = caseload(world)
    offer = gent_offer(world, capacity=1)
    factories.ParticipationFactory(offer=offer, status="referred")
    before = AuditEntry.objects.count()
    response = login(world.users["counsellor"]).post(
        url("trajectory_refer", trajectory), {"offer": offer.pk}
    )
    assert response.status_code == 409
    assert response.context["code"] == "offer_full"
    assert Participation.objects.filter(trajectory=trajectory).count() == 0
    assert AuditEntry.objects.count() == before
    trajectory.refresh_from_db()
    assert trajectory.status == "searching"


def test_referring_to_an_offer_that_is_not_active_is_refused(login, world):
    trajectory = caseload(world)
    offer = gent_offer(world, status="paused")
    response = login(world.users["coordinator"]).post(
        url("trajectory_refer", trajectory), {"offer": offer.pk}
    )
    assert response.status_code == 409
    assert not Participation.objects.exists()


def test_referring_twice_to_the_same_offer_is_refused(login, world):
    trajectory = caseload(world)
    offer = gent_offer(world, capacity=5)
    client = login(world.users["counsellor"])
    assert client.post(url("trajectory_refer", trajectory), {"offer": offer.pk}).status_code == 302
    again = client.post(url("trajectory_refer", trajectory), {"offer": offer.pk})
    assert again.status_code == 400
    assert Participation.objects.count() == 1


def test_referring_to_an_unknown_offer_answers_400(login, world):
    trajectory = caseload(world)
    response = login(world.users["counsellor"]).post(
        url("trajectory_refer", trajectory), {"offer": "424242"}
    )
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_refer_only_accepts_post(login, world):
    trajectory = caseload(world)
    assert (
        login(world.users["counsellor"]).get(url("trajectory_refer", trajectory)).status_code == 405
    )


# --- Own activity ------------------------------------------------------------------------------

OWN = {
    "title": "Vrijwilliger in het repaircafé",
    "organisation_name": "Repaircafé Ledeberg",
    "contact_name": "Jan Peeters",
    "contact_email": "jan@repaircafe.be",
    "contact_phone": "09 123 45 67",
    "attests_dutch_context": "on",
    "attests_social_contact": "on",
    "started_on": "2026-03-02",
}


def test_an_own_activity_is_recorded_active(login, world):
    trajectory = caseload(world)
    response = login(world.users["counsellor"]).post(
        url("trajectory_own_activity", trajectory), OWN
    )
    participation = Participation.objects.get()
    assert response.status_code == 302
    assert participation.is_own_activity and participation.status == "active"
    assert participation.own_contact_email == "jan@repaircafe.be"
    assert participation.started_on == dt.date(2026, 3, 2)
    trajectory.refresh_from_db()
    assert trajectory.status == "active"
    assert "participation.own_activity_recorded" in audit_actions(participation)


@pytest.mark.parametrize(
    "missing", ["attests_dutch_context", "attests_social_contact", "contact_email", "title"]
)
def test_an_own_activity_needs_both_criteria_and_its_contact(login, world, missing):
    trajectory = caseload(world)
    data = {key: value for key, value in OWN.items() if key != missing}
    response = login(world.users["counsellor"]).post(
        url("trajectory_own_activity", trajectory), data
    )
    assert response.status_code == 400
    assert missing in response.context["form"].errors
    assert not Participation.objects.exists()


def test_an_own_activity_cannot_start_in_the_future(login, world):
    trajectory = caseload(world)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = login(world.users["counsellor"]).post(
        url("trajectory_own_activity", trajectory), {**OWN, "started_on": tomorrow}
    )
    assert response.status_code == 400
    assert not Participation.objects.exists()


# --- Complete and stop -------------------------------------------------------------------------


def test_completing_needs_40_confirmed_hours(login, world):
    participation = active_participation(world)
    confirmed_hours(participation, 39)
    factories.HourEntryFactory(participation=participation, hours=8)  # not confirmed
    trajectory = participation.trajectory
    client = login(world.users["counsellor"])
    page = client.get(url("trajectory_complete", trajectory))
    assert page.status_code == 200 and page.context["progress"].is_enough is False
    response = client.post(url("trajectory_complete", trajectory))
    assert response.status_code == 400
    trajectory.refresh_from_db()
    assert trajectory.status == "active"
    confirmed_hours(participation, 1)
    response = client.post(url("trajectory_complete", trajectory))
    assert response.status_code == 302
    trajectory.refresh_from_db()
    participation.refresh_from_db()
    assert trajectory.status == "completed" and trajectory.closed_on == timezone.localdate()
    assert participation.status == "completed"
    assert "trajectory.completed" in audit_actions(trajectory)


def test_stopping_needs_a_reason(login, world):
    participation = active_participation(world)
    trajectory = participation.trajectory
    client = login(world.users["counsellor"])
    response = client.post(url("trajectory_stop", trajectory), {"reason": "   "})
    assert response.status_code == 400
    trajectory.refresh_from_db()
    assert trajectory.status == "active"
    response = client.post(url("trajectory_stop", trajectory), {"reason": "Werk gevonden"})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    participation.refresh_from_db()
    assert trajectory.status == "stopped" and trajectory.stop_reason == "Werk gevonden"
    assert participation.status == "stopped"
    assert "trajectory.stopped" in audit_actions(trajectory)


def test_a_closed_trajectory_offers_no_actions(login, world):
    trajectory = caseload(world, status="stopped")
    client = login(world.users["counsellor"])
    response = client.get(trajectory.get_absolute_url())
    assert response.context["can_manage"] is False
    assert client.post(url("trajectory_stop", trajectory), {"reason": "x"}).status_code == 400
    search = client.get(url("trajectory_find_offers", trajectory)).context["search"]
    assert search.problems
    response = client.post(url("trajectory_own_activity", trajectory), OWN)
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_the_whole_catalogue_opens_around_the_newcomer(login, world):
    trajectory = caseload(world, max_distance_km=12)
    client = login(world.users["counsellor"])
    response = client.get(url("trajectory_find_offers", trajectory))
    catalogue = response.context["catalogue_url"]
    assert f"municipality={trajectory.newcomer.municipality_id}" in catalogue
    assert "distance=12" in catalogue
    assert client.get(catalogue).status_code == 200
