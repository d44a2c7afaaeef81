"""The demo history is deterministic by seed and dated back from "now"; reset starts afresh."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from participatienet.accounts.models import User
from participatienet.demo.generator import seed
from participatienet.network.models import ContactPoint
from participatienet.offers.models import Offer
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)

pytestmark = pytest.mark.django_db

#: A fixed "now", so two seeds can be compared field by field.
NOW = dt.datetime(2026, 3, 15, 10, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _snapshot() -> dict[str, list]:
    return {
        "offers": list(
            Offer.objects.order_by("pk").values_list(
                "title",
                "organisation__name",
                "status",
                "capacity",
                "schedule_mask",
                "hours_per_week",
                "municipality__nis_code",
                "created_at",
                "validated_by__email",
            )
        ),
        "newcomers": list(
            Newcomer.objects.order_by("pk").values_list(
                "first_name",
                "last_name",
                "municipality__nis_code",
                "languages",
                "counsellor__email",
                "consent_given_on",
            )
        ),
        "trajectories": list(
            Trajectory.objects.order_by("pk").values_list("status", "started_on", "closed_on")
        ),
        "participations": list(
            Participation.objects.order_by("pk").values_list(
                "status", "offer__title", "own_title", "referred_at"
            )
        ),
        "hours": list(
            HourEntry.objects.order_by("pk").values_list("date", "hours", "status", "confirmed_at")
        ),
        "feedback": list(
            Feedback.objects.order_by("pk").values_list("respondent", "felt_welcome", "fit")
        ),
    }


def test_the_same_seed_gives_the_same_history():
    seed(size="small", seed=7, now=NOW)
    first = _snapshot()
    seed(size="small", seed=7, now=NOW, reset=True)
    assert _snapshot() == first
    seed(size="small", seed=8, now=NOW, reset=True)
    second = _snapshot()
    assert second["offers"] != first["offers"]
    assert second["newcomers"] != first["newcomers"]


def test_history_follows_the_given_now():
    seed(size="small", seed=1, now=NOW)
    today = NOW.date()
    assert HourEntry.objects.latest("date").date <= today
    assert Trajectory.objects.latest("started_on").started_on <= today
    latest_entry = HourEntry.objects.order_by("-entered_at").first()
    assert latest_entry.entered_at <= NOW
    assert Trajectory.objects.earliest("started_on").started_on >= today - dt.timedelta(days=700)


def test_reset_removes_the_history_and_the_generated_staff():
    seed(size="small", seed=1)
    staff = User.objects.filter(email__endswith="@agii-demo.be").count()
    assert staff
    seed(size="small", seed=2, reset=True)
    assert User.objects.filter(email__endswith="@agii-demo.be").count() == staff
    assert ContactPoint.objects.exists()
    # No leftovers of the first seed: every participation points to a trajectory of this one.
    assert not Participation.objects.exclude(trajectory__in=Trajectory.objects.all()).exists()
    counts = defaultdict(int)
    for slug in Offer.objects.values_list("region__slug", flat=True):
        counts[slug] += 1
    assert len(counts) == 18
