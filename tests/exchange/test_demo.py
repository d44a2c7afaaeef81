"""The demo learning days: the exploration day of 27 June 2024 and an upcoming day."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

import pytest

from participatienet.accounts.models import LinkToken
from participatienet.demo import exchange as demo
from participatienet.demo import generator
from participatienet.exchange.choices import (
    DayStatus,
    InsightKind,
    InsightStatus,
    ParticipantRole,
    ReportStatus,
    SessionKind,
)
from participatienet.exchange.group_services import PURPOSE_REPORT
from participatienet.exchange.models import (
    DayReport,
    Group,
    GroupPlan,
    Insight,
    LearningDay,
    Registration,
    Session,
)
from participatienet.regions.models import Region

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _seed(seed: int = 1) -> int:
    return demo.seed_learning_days(rng=random.Random(seed), now=NOW)


def test_the_exploration_day_brings_two_network_workers_of_every_region_and_agii_staff():
    written = _seed()
    day = LearningDay.objects.get(date=dt.date(2024, 6, 27))
    assert day.status == DayStatus.HELD
    assert "NH Hotel" in day.venue
    registrations = day.registrations.all()
    assert written == Registration.objects.count()
    roles = Counter(registrations.values_list("role", flat=True))
    assert roles[ParticipantRole.NETWORK_WORKER] == 36
    assert roles[ParticipantRole.AGII] == Region.objects.count() == 18
    assert roles[ParticipantRole.CORE_PARTNER] == 4
    per_region = Counter(
        registrations.filter(role=ParticipantRole.NETWORK_WORKER).values_list(
            "region_id", flat=True
        )
    )
    assert set(per_region.values()) == {2}
    assert registrations.confirmed().count() <= day.capacity
    assert all(
        email.endswith("@" + demo.DEMO_EMAIL_DOMAIN)
        for email in registrations.values_list("email", flat=True)
    )
    assert len(set(registrations.values_list("email", flat=True))) == registrations.count()


def test_the_exploration_day_follows_the_programme_of_the_account():
    _seed()
    day = LearningDay.objects.get(date=dt.date(2024, 6, 27))
    kinds = list(day.sessions.order_by("starts_at").values_list("kind", flat=True))
    assert kinds[0] == SessionKind.PLENARY
    assert kinds[-1] == SessionKind.PLENARY
    mixed = day.sessions.get(kind=SessionKind.MIXED_GROUPS)
    region = day.sessions.get(kind=SessionKind.REGION_GROUPS)
    lunch = day.sessions.get(kind=SessionKind.BREAK)
    assert mixed.rounds == 2 and mixed.group_size
    assert mixed.ends_at <= lunch.starts_at < region.starts_at


def test_the_upcoming_day_is_open_with_learning_tables_and_three_choices_each():
    _seed()
    day = LearningDay.objects.get(status=DayStatus.OPEN)
    assert day.date > timezone.localdate(NOW)
    assert day.registration_problem(timezone.localdate(NOW)) == ""
    tables = list(Session.objects.get(day=day, kind=SessionKind.LEARNING_TABLES).tables.all())
    assert len(tables) >= 3
    registrations = list(day.registrations.all())
    assert registrations
    for registration in registrations:
        chosen = registration.theme_choices
        assert len(chosen) == 3 and len({t.pk for t in chosen}) == 3
        assert all(t in tables for t in chosen)
        assert registration.created_at <= NOW


def test_the_same_seed_gives_the_same_days():
    _seed(5)
    first = list(Registration.objects.order_by("pk").values_list("name", "email", "status"))
    demo.reset_learning_days()
    assert not LearningDay.objects.exists()
    _seed(5)
    second = list(Registration.objects.order_by("pk").values_list("name", "email", "status"))
    assert first == second


def test_the_generated_coordinators_come_when_they_exist(world):
    _seed()
    day = LearningDay.objects.get(date=dt.date(2024, 6, 27))
    assert day.registrations.filter(email="coord@test.be", region=world.gent).exists()


def test_the_demo_domain_is_the_generators():
    assert demo.DEMO_EMAIL_DOMAIN == generator.DEMO_EMAIL_DOMAIN


def test_after_the_generator_the_days_bring_its_network_workers_and_agii_offices(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The generator seeds the learning days itself, after the networks and their staff.
    generator.seed(size="small", seed=3, now=NOW)
    day = LearningDay.objects.get(date=dt.date(2024, 6, 27))
    workers = day.registrations.filter(role=ParticipantRole.NETWORK_WORKER)
    assert workers.count() == 36
    assert workers.filter(email__endswith="@netwerk-demo.be").count() >= 30
    agii = day.registrations.filter(role=ParticipantRole.AGII)
    assert agii.filter(organisation__kind="agii").count() == 18
    assert all(r.organisation.region_id == r.region_id for r in agii.select_related("organisation"))


def test_the_exploration_day_has_its_groups_reporters_and_a_published_report():
    _seed()
    day = LearningDay.objects.get(date=dt.date(2024, 6, 27))
    mixed = day.sessions.get(kind=SessionKind.MIXED_GROUPS)
    regional = day.sessions.get(kind=SessionKind.REGION_GROUPS)
    confirmed = set(day.registrations.confirmed().values_list("pk", flat=True))
    plan = GroupPlan.objects.get(session=mixed)
    assert plan.score["quality"] > plan.random_score["quality"]
    for number in (1, 2):
        placed = list(plan.members.filter(round=number).values_list("registration_id", flat=True))
        assert sorted(placed) == sorted(confirmed)
    assert plan.score["avoidable_same_region_pairs"] == 0
    regions = GroupPlan.objects.get(session=regional)
    assert regions.groups.count() == Region.objects.count()
    assert all(group.members.filter(is_reporter=True).count() == 1 for group in Group.objects.all())
    report = DayReport.objects.get(day=day)
    assert report.status == ReportStatus.PUBLISHED and report.introduction
    published = Insight.objects.filter(day=day, status=InsightStatus.PUBLISHED)
    assert published.count() >= 15
    assert {kind for kind in published.values_list("kind", flat=True)} == set(InsightKind.values)
    assert Insight.objects.filter(day=day, status=InsightStatus.DRAFT).count() == 1
    assert Insight.objects.filter(day=day, merged_into__isnull=False).count() == 1
    assert published.exclude(quote="").exists()


def test_resetting_removes_groups_reports_and_reporter_links():
    _seed()
    demo.reset_learning_days()
    assert not GroupPlan.objects.exists() and not Insight.objects.exists()
    assert not DayReport.objects.exists()
    assert not LinkToken.objects.filter(purpose=PURPOSE_REPORT).exists()
