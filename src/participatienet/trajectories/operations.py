"""Operations that combine the services of ``services.py`` into one use case and one transaction.

``services.py`` holds the single steps; the use cases of the counsellor's pages need two of them
at once (register a newcomer and open the trajectory; change a newcomer and keep the open
trajectory with the right counsellor and region).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from participatienet.accounts import audit
from participatienet.trajectories import services
from participatienet.trajectories.choices import OPEN_TRAJECTORY_STATUSES
from participatienet.trajectories.models import Newcomer, Trajectory


@transaction.atomic
def register_newcomer(*, actor: Any, **fields: Any) -> tuple[Newcomer, Trajectory]:
    """Create a newcomer and open their trajectory (intake), both or neither."""
    newcomer = services.create_newcomer(actor=actor, **fields)
    trajectory = services.open_trajectory(actor=actor, newcomer=newcomer)
    return newcomer, trajectory


@transaction.atomic
def change_newcomer(*, actor: Any, newcomer: Newcomer, **fields: Any) -> list[str]:
    """Change a newcomer (audited by ``services.update_newcomer``). When the counsellor or the
    region changed, the open trajectory follows, so the new counsellor and coordinators see it
    and the old ones no longer do."""
    changed = services.update_newcomer(actor=actor, newcomer=newcomer, **fields)
    if not {"counsellor", "municipality"} & set(changed):
        return changed
    trajectories = Trajectory.objects.select_for_update().filter(
        newcomer=newcomer, status__in=OPEN_TRAJECTORY_STATUSES
    )
    for trajectory in trajectories:
        moved = []
        if trajectory.counsellor_id != newcomer.counsellor_id:
            trajectory.counsellor_id = newcomer.counsellor_id
            moved.append("counsellor")
        if trajectory.region_id != newcomer.region_id:
            trajectory.region_id = newcomer.region_id
            moved.append("region")
        if moved:
            trajectory.save(update_fields=moved)
            audit.record(actor=actor, action="trajectory.changed", obj=trajectory, fields=moved)
    return changed


def _require_open(trajectory: Trajectory) -> None:
    # services._move_trajectory accepts a move to the current status, so stopping a stopped
    # trajectory (or completing a completed one) would rewrite its closing date and reason.
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if not locked.is_open:
        raise services.TrajectoryError("trajectory_closed")


@transaction.atomic
def complete_trajectory(*, actor: Any, trajectory: Trajectory) -> Trajectory:
    """Complete an open trajectory (≥ the required confirmed hours)."""
    _require_open(trajectory)
    return services.complete_trajectory(actor=actor, trajectory=trajectory)


@transaction.atomic
def stop_trajectory(*, actor: Any, trajectory: Trajectory, reason: str) -> Trajectory:
    """Stop an open trajectory with a reason; its running participations stop too."""
    _require_open(trajectory)
    return services.stop_trajectory(actor=actor, trajectory=trajectory, reason=reason)
