"""Use cases that combine several services of ``services.py`` in one transaction.

``services.py`` holds the single steps; registering a newcomer also opens the trajectory.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from participatienet.trajectories import services
from participatienet.trajectories.models import Newcomer, Trajectory


@transaction.atomic
def register_newcomer(*, actor: Any, **fields: Any) -> tuple[Newcomer, Trajectory]:
    """Create a newcomer and open their trajectory (intake), both or neither."""
    newcomer = services.create_newcomer(actor=actor, **fields)
    trajectory = services.open_trajectory(actor=actor, newcomer=newcomer)
    return newcomer, trajectory
