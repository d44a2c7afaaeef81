"""Who sees which newcomer: a partner contact only those referred to its own organisation."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatienet.accounts import policy
from participatienet.trajectories.models import Newcomer, Participation
from tests import factories
from tests.trajectories.builders import active_participation, caseload

pytestmark = pytest.mark.django_db


def test_partner_cannot_see_other_organisations_newcomers(login, world):
    ours = active_participation(world)  # referred to the partner's club
    theirs = active_participation(world, organisation=world.gent_town)
    proposed_here = caseload(world)
    factories.ParticipationFactory(
        trajectory=proposed_here,
        offer=factories.OfferFactory(organisation=world.gent_club),
        status="proposed",
    )
    partner = world.users["partner_contact"]
    client = login(partner)

    visible = set(policy.visible(partner, Newcomer.objects.all()).values_list("pk", flat=True))
    assert visible == {ours.trajectory.newcomer_id}

    assert client.get(ours.trajectory.newcomer.get_absolute_url()).status_code == 200
    for other in (theirs,):
        assert client.get(other.trajectory.newcomer.get_absolute_url()).status_code == 404
        assert client.get(other.trajectory.get_absolute_url()).status_code == 404
        assert client.get(other.get_absolute_url()).status_code == 404
        proof = reverse("trajectories:participation_proof", kwargs={"pk": other.pk})
        assert client.get(proof).status_code == 404
        hours = reverse("trajectories:participation_hours", kwargs={"pk": other.pk})
        assert client.post(hours, {"date": "2026-03-03", "hours": "2"}).status_code == 404
    # not yet referred (only proposed): not visible either
    assert client.get(proposed_here.newcomer.get_absolute_url()).status_code == 404
    # and the lists are closed to partners altogether
    assert client.get(reverse("trajectories:newcomer_list")).status_code == 403
    assert client.get(reverse("trajectories:participation_list")).status_code == 403


def test_a_partner_sees_only_its_own_participation_on_a_shared_trajectory(login, world):
    trajectory = caseload(world, status="active")
    ours = active_participation(world, trajectory)
    theirs = active_participation(world, trajectory, organisation=world.gent_town)
    partner = world.users["partner_contact"]
    visible = policy.visible(partner, Participation.objects.filter(trajectory=trajectory))
    assert list(visible) == [ours]
    client = login(partner)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    summary = client.get(reverse("trajectories:trajectory_proof", kwargs={"pk": trajectory.pk}))
    assert [p.pk for p in summary.context["participations"]] == [ours.pk]


def test_a_viewer_sees_no_newcomer(login, world):
    participation = active_participation(world)
    client = login(world.users["viewer"])
    assert client.get(reverse("trajectories:newcomer_list")).status_code == 403
    assert client.get(participation.trajectory.newcomer.get_absolute_url()).status_code == 404
    assert client.get(participation.get_absolute_url()).status_code == 404


def test_a_counsellor_cannot_act_on_a_colleagues_trajectory(login, world):
    from participatienet.accounts.choices import Role

    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    trajectory = caseload(world, counsellor=colleague)
    offer = factories.OfferFactory(organisation=world.gent_club)
    client = login(world.users["counsellor"])
    refer = reverse("trajectories:trajectory_refer", kwargs={"pk": trajectory.pk})
    assert client.post(refer, {"offer": offer.pk}).status_code == 404
    assert not Participation.objects.exists()
