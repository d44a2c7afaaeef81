"""Operations that combine services: registering, changing a newcomer, closing trajectories."""

from __future__ import annotations

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry
from participatienet.trajectories import operations, services
from participatienet.trajectories.models import Newcomer, Trajectory
from tests import factories
from tests.trajectories.builders import caseload

pytestmark = pytest.mark.django_db


def test_registering_is_all_or_nothing(world, monkeypatch):
    def broken(**kwargs):
        raise services.TrajectoryError("already_open")

    monkeypatch.setattr(services, "open_trajectory", broken)
    with pytest.raises(services.TrajectoryError):
        operations.register_newcomer(
            actor=world.users["counsellor"],
            first_name="Yara",
            last_name="Mansour",
            municipality=factories.municipality_of(world.gent),
            consent_given_on="2026-01-10",
            counsellor=world.users["counsellor"],
        )
    assert not Newcomer.objects.exists()
    assert not AuditEntry.objects.filter(action="newcomer.created").exists()


def test_moving_to_another_region_moves_the_open_trajectory(world):
    trajectory = caseload(world)
    newcomer = trajectory.newcomer
    kempen_counsellor = factories.user_with_role(
        Role.COUNSELLOR, region_slug="kempen", email="tb-kempen@test.be"
    )
    changed = services.update_newcomer(
        actor=world.users["programme_admin"],
        newcomer=newcomer,
        municipality=factories.municipality_of(world.kempen),
        counsellor=kempen_counsellor,
    )
    assert set(changed) == {"municipality", "counsellor"}
    trajectory.refresh_from_db()
    assert trajectory.region == world.kempen
    assert trajectory.counsellor == kempen_counsellor
    entry = AuditEntry.objects.get(action="trajectory.changed")
    assert entry.fields == ["counsellor", "region"]


def test_a_closed_trajectory_keeps_its_region_and_counsellor(world):
    trajectory = caseload(world, status="completed")
    colleague = factories.user_with_role(Role.COUNSELLOR, email="collega@test.be")
    services.update_newcomer(
        actor=world.users["coordinator"], newcomer=trajectory.newcomer, counsellor=colleague
    )
    trajectory.refresh_from_db()
    assert trajectory.counsellor == world.users["counsellor"]


def test_a_closed_trajectory_cannot_be_stopped_or_completed_again(world):
    trajectory = caseload(world, status="stopped")
    with pytest.raises(services.TrajectoryError) as error:
        services.stop_trajectory(actor=world.users["counsellor"], trajectory=trajectory, reason="x")
    assert error.value.code == "trajectory_closed"
    with pytest.raises(services.TrajectoryError):
        services.complete_trajectory(actor=world.users["counsellor"], trajectory=trajectory)
    assert Trajectory.objects.get().stop_reason == ""
