"""The demo offers, newcomers and trajectories: every status somewhere, and the rules kept.

All tests read one small seed (a module fixture), so the module stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.demo.generator import seed
from participatienet.offers.choices import OfferStatus
from participatienet.offers.models import Offer, in_belgium, offer_search_text
from participatienet.regions.models import Region
from participatienet.trajectories.choices import (
    OCCUPYING_STATUSES,
    OPEN_TRAJECTORY_STATUSES,
    HourStatus,
    ParticipationStatus,
    Respondent,
    TrajectoryStatus,
)
from participatienet.trajectories.models import (
    Feedback,
    HourEntry,
    Newcomer,
    Participation,
    Trajectory,
)
from participatienet.trajectories.services import NEWCOMER_QUESTIONS, PARTNER_QUESTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small(django_db_setup, django_db_blocker):
    """One small seed for the whole module (the tests only read it), rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed(size="small", seed=1)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_region_has_offers_and_newcomers_and_every_status_occurs(small):
    regions = set(Region.objects.values_list("pk", flat=True))
    assert set(Offer.objects.values_list("region_id", flat=True)) == regions
    assert set(Newcomer.objects.values_list("region_id", flat=True)) == regions
    per_region = Counter(Offer.objects.values_list("region_id", flat=True))
    assert all(10 <= count <= 20 for count in per_region.values())
    assert set(Offer.objects.values_list("status", flat=True)) == set(OfferStatus.values)
    assert set(Trajectory.objects.values_list("status", flat=True)) == set(TrajectoryStatus.values)
    assert set(Participation.objects.values_list("status", flat=True)) == set(
        ParticipationStatus.values
    )
    assert set(HourEntry.objects.values_list("status", flat=True)) == set(HourStatus.values)
    # Every region has an offer waiting for validation.
    submitted = Offer.objects.filter(status=OfferStatus.SUBMITTED)
    assert set(submitted.values_list("region_id", flat=True)) == regions
    assert small.offers == Offer.objects.count()
    assert small.newcomers == Newcomer.objects.count()
    assert small.trajectories == Trajectory.objects.count()
    assert small.participations == Participation.objects.count()
    assert small.hour_entries == HourEntry.objects.count()
    assert small.feedback == Feedback.objects.count()


def test_offers_are_complete_and_fit_their_organisation(small):
    offers = list(Offer.objects.select_related("organisation", "contact", "municipality"))
    for offer in offers:
        offer.full_clean()
        assert offer.region_id == offer.organisation.region_id
        assert offer.municipality_id == offer.organisation.municipality_id
        assert offer.contact.organisation_id == offer.organisation_id
        assert offer.contact.email
        assert in_belgium(offer.latitude, offer.longitude)
        assert 1 <= offer.capacity <= 6
        assert Decimal(1) <= offer.hours_per_week <= Decimal(8)
        assert offer.search_text == offer_search_text(
            title=offer.title,
            description=offer.description,
            address=offer.address,
            organisation=offer.organisation.name,
        )
        assert offer.is_schedule_flexible or 1 <= len(offer.schedule_slots) <= 3
        assert offer.is_location_flexible or offer.address.endswith(offer.municipality.name)
        if offer.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED):
            assert offer.validated_at is None and offer.validated_by is None
        else:
            assert offer.meets_criteria
            assert offer.validated_at is not None and offer.validated_by is not None
            assert offer.validated_at >= offer.created_at
            assert Membership.objects.filter(
                user=offer.validated_by, role=Role.COORDINATOR, region_id=offer.region_id
            ).exists()
    flexible = [offer for offer in offers if offer.is_location_flexible]
    assert flexible
    for offer in flexible:
        served = list(offer.municipalities_served.all())
        assert offer.municipality in served
        assert {m.region_id for m in served} == {offer.region_id}
    # Internships at companies, clubs at clubs, never a club offer at a company.
    kinds = Counter(Offer.objects.values_list("organisation__kind", "kind"))
    assert kinds[("company", "club")] == 0
    assert kinds[("club", "internship")] == 0
    # Mostly easy to join: no Dutch yet or A1.
    levels = Counter(offer.min_dutch_level for offer in offers)
    assert levels[0] + levels[1] > len(offers) / 2


def test_newcomers_have_a_plausible_minimal_profile(small):
    newcomers = list(Newcomer.objects.select_related("municipality", "counsellor"))
    for newcomer in newcomers:
        newcomer.full_clean()
        assert newcomer.region_id == newcomer.municipality.region_id
        assert newcomer.languages and newcomer.dutch_level in (0, 1, 2, 3)
        assert newcomer.themes_mask and newcomer.availability_mask
        assert newcomer.email or newcomer.phone
        assert not newcomer.email or newcomer.email.split("@")[1].startswith("example.")
        assert newcomer.counsellor is not None
        assert (
            Membership.objects.current()
            .filter(user=newcomer.counsellor, role=Role.COUNSELLOR, region_id=newcomer.region_id)
            .exists()
        )
        assert newcomer.consent_given_on <= timezone.localdate()
    assert len({newcomer.preferred_language for newcomer in newcomers}) >= 4
    origins = {newcomer.last_name for newcomer in newcomers}
    assert len(origins) > 60


def test_generated_counsellors_have_unusable_passwords_and_an_agii_office(small):
    staff = User.objects.filter(email__endswith="@agii-demo.be")
    per_region = Counter(
        Membership.objects.filter(user__in=staff, role=Role.COUNSELLOR).values_list(
            "region_id", flat=True
        )
    )
    assert len(per_region) == 18
    assert all(2 <= count <= 5 for count in per_region.values())
    for user in staff:
        assert not user.has_usable_password()
    coordinators = Membership.objects.filter(role=Role.COORDINATOR)
    assert Counter(coordinators.values_list("region_id", flat=True)).most_common()[-1][1] >= 1


def test_no_offer_has_more_occupying_participations_than_places(small):
    over = (
        Offer.objects.annotate(
            taken=Count("participations", filter=Q(participations__status__in=OCCUPYING_STATUSES))
        )
        .filter(taken__gt=F("capacity"))
        .count()
    )
    assert over == 0
    occupying = Participation.objects.filter(status__in=OCCUPYING_STATUSES)
    assert (
        not occupying.exclude(offer__status=OfferStatus.ACTIVE)
        .exclude(is_own_activity=True)
        .exists()
    )


def test_participations_keep_the_rules(small):
    participations = list(Participation.objects.select_related("offer", "trajectory"))
    own = [p for p in participations if p.is_own_activity]
    assert own and len(own) < len(participations) * 0.3
    for participation in participations:
        participation.full_clean()
        if participation.is_own_activity:
            assert participation.offer_id is None and participation.organisation_id is None
            assert participation.own_title and participation.own_contact_email
            assert participation.own_attests_dutch_context
            assert participation.own_attests_social_contact
        else:
            assert participation.organisation_id == participation.offer.organisation_id
            if participation.status != ParticipationStatus.PROPOSED:
                assert participation.referred_at is not None
        if participation.answered_at is not None:
            assert participation.referred_at <= participation.answered_at <= timezone.now()
        if participation.status == ParticipationStatus.DECLINED:
            assert participation.decline_reason and participation.answered_at
        if participation.status == ParticipationStatus.STOPPED:
            assert participation.stop_reason
        if participation.status in (ParticipationStatus.ACTIVE, ParticipationStatus.COMPLETED):
            assert participation.started_on is not None
        if participation.status == ParticipationStatus.COMPLETED:
            assert participation.ended_on >= participation.started_on
        trajectory = participation.trajectory
        assert timezone.localdate(participation.created_at) >= trajectory.started_on
        if trajectory.closed_on and participation.answered_at:
            assert timezone.localdate(participation.answered_at) <= trajectory.closed_on
        if participation.started_on:
            assert participation.started_on >= trajectory.started_on
        if trajectory.closed_on and participation.ended_on:
            assert participation.ended_on <= trajectory.closed_on
        if participation.status in OCCUPYING_STATUSES:
            assert trajectory.status in OPEN_TRAJECTORY_STATUSES


def test_hours_belong_to_running_or_completed_participations_and_are_never_in_the_future(small):
    today = timezone.localdate()
    now = timezone.now()
    entries = list(HourEntry.objects.select_related("participation"))
    assert entries
    for entry in entries:
        participation = entry.participation
        assert participation.status in (
            ParticipationStatus.ACTIVE,
            ParticipationStatus.COMPLETED,
        )
        assert participation.started_on <= entry.date <= today
        assert Decimal("1") <= entry.hours <= Decimal("4")
        assert entry.entered_at <= now
        assert timezone.localdate(entry.entered_at) >= entry.date
        if participation.ended_on:
            assert entry.date <= participation.ended_on
        if entry.status == HourStatus.UNCONFIRMED:
            assert entry.confirmed_at is None and not entry.confirmed_via
        else:
            assert entry.confirmed_via in ("link", "account")
            assert entry.confirmed_by_label
            assert entry.entered_at <= entry.confirmed_at <= now
        if entry.status == HourStatus.REJECTED:
            assert entry.correction_reason
    # Reminders have something to do: entries unconfirmed for more than 14 days.
    stale = HourEntry.objects.filter(
        status=HourStatus.UNCONFIRMED, entered_at__lte=now - dt.timedelta(days=14)
    )
    assert stale.exists()


def test_completed_trajectories_have_forty_confirmed_hours_and_others_not_more_than_needed(
    small,
):
    trajectories = Trajectory.objects.with_confirmed_hours()
    for trajectory in trajectories.filter(status=TrajectoryStatus.COMPLETED):
        assert trajectory.confirmed_hours >= Decimal(40)
        assert trajectory.closed_on is not None
        assert not trajectory.participations.filter(status__in=OCCUPYING_STATUSES).exists()
    for trajectory in trajectories.filter(status=TrajectoryStatus.STOPPED):
        assert trajectory.stop_reason and trajectory.closed_on
    for trajectory in trajectories.filter(status__in=OPEN_TRAJECTORY_STATUSES):
        assert trajectory.closed_on is None
    history_start = timezone.localdate() - dt.timedelta(days=700)
    assert not Trajectory.objects.filter(started_on__lt=history_start).exists()
    assert not Trajectory.objects.filter(started_on__gt=timezone.localdate()).exists()
    assert not Trajectory.objects.filter(newcomer__consent_given_on__gt=F("started_on")).exists()


def test_a_newcomer_has_at_most_one_open_trajectory(small):
    open_per_newcomer = Counter(
        Trajectory.objects.filter(status__in=OPEN_TRAJECTORY_STATUSES).values_list(
            "newcomer_id", flat=True
        )
    )
    assert max(open_per_newcomer.values()) == 1
    # Almost every newcomer has a trajectory.
    assert Newcomer.objects.filter(trajectories__isnull=True).count() < small.newcomers * 0.1


def test_feedback_scores_are_on_the_scale_and_in_the_newcomers_language(small):
    feedback = list(Feedback.objects.select_related("participation__trajectory__newcomer"))
    assert {item.respondent for item in feedback} == {Respondent.NEWCOMER, Respondent.PARTNER}
    for item in feedback:
        item.full_clean()
        participation = item.participation
        assert participation.status in (
            ParticipationStatus.COMPLETED,
            ParticipationStatus.STOPPED,
        )
        assert timezone.localdate(item.submitted_at) >= participation.ended_on
        asked = NEWCOMER_QUESTIONS if item.respondent == Respondent.NEWCOMER else PARTNER_QUESTIONS
        other = PARTNER_QUESTIONS if item.respondent == Respondent.NEWCOMER else NEWCOMER_QUESTIONS
        scores = [getattr(item, name) for name in asked]
        assert any(score is not None for score in scores)
        assert all(score is None or 1 <= score <= 5 for score in scores)
        assert all(getattr(item, name) is None for name in other)
        if item.respondent == Respondent.NEWCOMER:
            assert item.language == participation.trajectory.newcomer.preferred_language
    scores = [item.felt_welcome for item in feedback if item.felt_welcome is not None]
    assert sum(scores) / len(scores) > 3.5


@pytest.mark.parametrize(("slug", "main_city"), [("gent", "Gent"), ("kempen", "Turnhout")])
def test_the_demo_accounts_have_real_work_waiting(small, slug, main_city):
    now = timezone.now()
    partner = Membership.objects.get(user__email=f"partner-contact.{slug}@participatienet.demo")
    organisation = partner.organisation
    offers = Offer.objects.filter(organisation=organisation, status=OfferStatus.ACTIVE)
    assert offers.count() >= 3
    participations = Participation.objects.filter(organisation=organisation)
    waiting = participations.filter(status=ParticipationStatus.REFERRED)
    assert waiting.count() >= 2
    assert waiting.filter(referred_at__lte=now - dt.timedelta(days=14)).exists()
    unconfirmed = HourEntry.objects.filter(
        participation__organisation=organisation, status=HourStatus.UNCONFIRMED
    )
    assert unconfirmed.exists()
    assert unconfirmed.filter(entered_at__lte=now - dt.timedelta(days=14)).exists()
    ended = participations.filter(
        status__in=[ParticipationStatus.COMPLETED, ParticipationStatus.STOPPED]
    )
    assert ended.exclude(feedback__respondent=Respondent.PARTNER).exists()

    counsellor = User.objects.get(email=f"counsellor.{slug}@participatienet.demo")
    assert Newcomer.objects.filter(counsellor=counsellor).count() >= 5
    assert Trajectory.objects.filter(counsellor=counsellor).exists()
    assert Offer.objects.filter(region__slug=slug, status=OfferStatus.SUBMITTED).count() >= 2
    assert Newcomer.objects.filter(municipality__name=main_city).exists()


def test_some_searchers_wait_long_without_a_participation(small):
    today = timezone.localdate()
    waiting = Trajectory.objects.filter(
        status=TrajectoryStatus.SEARCHING, participations__isnull=True
    )
    assert waiting.filter(started_on__lte=today - dt.timedelta(days=60)).exists()
