"""The trajectory services: lifecycle rules, places, hours, audit and e-mails."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.trajectories import services
from participatienet.trajectories.models import HourEntry, Participation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsellor(world):
    return world.users["counsellor"]


@pytest.fixture
def trajectory(world, counsellor):
    newcomer = factories.NewcomerFactory(counsellor=counsellor)
    return services.open_trajectory(actor=counsellor, newcomer=newcomer)


def test_opening_a_trajectory_twice_is_refused(trajectory, counsellor):
    with pytest.raises(services.TrajectoryError) as error:
        services.open_trajectory(actor=counsellor, newcomer=trajectory.newcomer)
    assert error.value.code == "already_open"


def test_referring_takes_a_place_and_mails_the_partner(
    trajectory, counsellor, world, mailoutbox, django_capture_on_commit_callbacks
):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.refer(actor=counsellor, trajectory=trajectory, offer=offer)
    assert participation.status == "referred"
    assert participation.organisation == world.gent_club
    assert services.free_places(offer) == 0
    trajectory.refresh_from_db()
    assert trajectory.status == "searching"
    assert len(mailoutbox) == 1
    assert "/link/" in mailoutbox[0].body
    assert mailoutbox[0].to == [offer.contact.email]


def test_the_last_place_cannot_be_given_twice(trajectory, counsellor, world):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    services.refer(actor=counsellor, trajectory=trajectory, offer=offer)
    other = services.open_trajectory(
        actor=counsellor, newcomer=factories.NewcomerFactory(counsellor=counsellor)
    )
    with pytest.raises(services.OfferFull):
        services.refer(actor=counsellor, trajectory=other, offer=offer)
    assert Participation.objects.filter(offer=offer).count() == 1


def test_an_offer_that_is_not_active_cannot_be_referred_to(trajectory, counsellor, world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    with pytest.raises(services.OfferNotActive):
        services.refer(actor=counsellor, trajectory=trajectory, offer=offer)


def test_declining_needs_a_reason_and_frees_the_place(trajectory, counsellor, world):
    offer = factories.OfferFactory(organisation=world.gent_club, capacity=1)
    participation = services.refer(actor=counsellor, trajectory=trajectory, offer=offer)
    with pytest.raises(services.TrajectoryError):
        services.answer_referral(actor=None, participation=participation, accept=False, via="link")
    services.answer_referral(
        actor=None, participation=participation, accept=False, reason="Volzet", via="link"
    )
    participation.refresh_from_db()
    assert participation.status == "declined"
    assert participation.answered_by_label == "link"
    assert services.free_places(offer) == 1


def test_hours_count_only_once_confirmed_and_complete_the_trajectory_at_40(
    trajectory, counsellor, world
):
    offer = factories.OfferFactory(organisation=world.gent_club)
    participation = services.refer(actor=counsellor, trajectory=trajectory, offer=offer)
    services.answer_referral(
        actor=world.users["partner_contact"], participation=participation, accept=True
    )
    start = timezone.localdate() - dt.timedelta(days=30)
    services.start_participation(actor=counsellor, participation=participation, started_on=start)
    entries = [
        services.add_hours(
            actor=counsellor,
            participation=participation,
            date=start + dt.timedelta(days=i),
            hours=Decimal("8"),
            notify=False,
        )
        for i in range(5)
    ]
    assert services.confirmed_hours(trajectory) == 0
    with pytest.raises(services.TrajectoryError) as error:
        services.complete_trajectory(actor=counsellor, trajectory=trajectory)
    assert error.value.code == "not_enough_hours"
    services.confirm_hours(
        actor=None,
        participation=participation,
        via="link",
        decisions=[services.HourDecision(entry_id=e.pk, confirm=True) for e in entries],
    )
    assert services.confirmed_hours(trajectory) == 40
    services.complete_trajectory(actor=counsellor, trajectory=trajectory)
    trajectory.refresh_from_db()
    participation.refresh_from_db()
    assert trajectory.status == "completed" and trajectory.closed_on == timezone.localdate()
    assert participation.status == "completed"
    assert HourEntry.objects.filter(confirmed_via="link").count() == 5


def test_a_partner_account_confirms_its_own_entries_at_once(trajectory, counsellor, world):
    participation = factories.ParticipationFactory(
        trajectory=trajectory, offer=factories.OfferFactory(organisation=world.gent_club)
    )
    entry = services.add_hours(
        actor=world.users["partner_contact"],
        participation=participation,
        date=dt.date(2026, 3, 2),
        hours=Decimal("2.5"),
    )
    assert entry.status == "confirmed" and entry.confirmed_via == "account"


@pytest.mark.parametrize(
    ("hours", "date", "code"),
    [
        (Decimal("0.1"), dt.date(2026, 3, 2), "hours_out_of_range"),
        (Decimal("12.5"), dt.date(2026, 3, 2), "hours_out_of_range"),
        (Decimal("2"), None, "future_date"),
        (Decimal("2"), dt.date(2026, 1, 1), "before_start"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_written(
    trajectory, counsellor, world, hours, date, code
):
    participation = factories.ParticipationFactory(trajectory=trajectory)
    date = date or timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(services.TrajectoryError) as error:
        services.add_hours(actor=counsellor, participation=participation, date=date, hours=hours)
    assert error.value.code == code
    assert not HourEntry.objects.exists()


def test_a_correction_needs_a_reason_and_keeps_the_original(trajectory, counsellor):
    participation = factories.ParticipationFactory(trajectory=trajectory)
    entry = factories.HourEntryFactory(participation=participation, hours=4)
    decision = services.HourDecision(entry_id=entry.pk, confirm=True, corrected_hours=Decimal("3"))
    with pytest.raises(services.TrajectoryError):
        services.confirm_hours(
            actor=None, participation=participation, decisions=[decision], via="link"
        )
    entry.refresh_from_db()
    assert entry.status == "unconfirmed"
    decision = services.HourDecision(
        entry_id=entry.pk, confirm=True, corrected_hours=Decimal("3"), reason="Vroeger gestopt"
    )
    services.confirm_hours(
        actor=None, participation=participation, decisions=[decision], via="link"
    )
    entry.refresh_from_db()
    assert (entry.hours, entry.original_hours, entry.status) == (3, 4, "confirmed")


def test_an_own_activity_must_meet_both_criteria(trajectory, counsellor):
    activity = services.OwnActivity(
        title="Koor",
        organisation_name="Koor De Leeuwerik",
        contact_name="Els",
        contact_email="els@koor.be",
        attests_dutch_context=True,
        attests_social_contact=False,
    )
    with pytest.raises(services.TrajectoryError):
        services.record_own_activity(actor=counsellor, trajectory=trajectory, activity=activity)
    activity = services.OwnActivity(**{**activity.__dict__, "attests_social_contact": True})
    participation = services.record_own_activity(
        actor=counsellor, trajectory=trajectory, activity=activity
    )
    assert participation.is_own_activity and participation.status == "active"
    assert participation.contact_email == "els@koor.be"


def test_stopping_needs_a_reason_and_stops_open_participations(trajectory, counsellor, world):
    participation = factories.ParticipationFactory(trajectory=trajectory)
    with pytest.raises(services.TrajectoryError):
        services.stop_trajectory(actor=counsellor, trajectory=trajectory, reason=" ")
    services.stop_trajectory(actor=counsellor, trajectory=trajectory, reason="Verhuisd")
    participation.refresh_from_db()
    assert participation.status == "stopped" and participation.stop_reason == "Verhuisd"


def test_ending_a_running_participation_asks_both_sides_for_feedback(
    trajectory, counsellor, mailoutbox, django_capture_on_commit_callbacks
):
    participation = factories.ParticipationFactory(trajectory=trajectory)
    with django_capture_on_commit_callbacks(execute=True):
        services.end_participation(
            actor=counsellor, participation=participation, status="completed"
        )
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == sorted([trajectory.newcomer.email, participation.offer.contact.email])


def test_newcomer_changes_and_reads_are_audited(trajectory, counsellor):
    newcomer = trajectory.newcomer
    changed = services.update_newcomer(
        actor=counsellor,
        newcomer=newcomer,
        phone="+32 470 99 88 77",
        first_name=newcomer.first_name,
    )
    assert changed == ["phone"]
    services.record_newcomer_read(actor=counsellor, newcomer=newcomer)
    actions = list(
        AuditEntry.objects.filter(object_id=str(newcomer.pk), object_type="trajectories.newcomer")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["newcomer.changed", "newcomer.viewed"]


def test_feedback_is_given_once_per_side(trajectory):
    participation = factories.ParticipationFactory(trajectory=trajectory, status="completed")
    services.give_feedback(
        participation=participation,
        respondent="newcomer",
        answers={"felt_welcome": 5},
        language="ar",
    )
    with pytest.raises(services.TrajectoryError):
        services.give_feedback(participation=participation, respondent="newcomer", answers={})
    with pytest.raises(services.TrajectoryError):
        services.give_feedback(
            participation=participation, respondent="partner", answers={"fit": 9}
        )


def test_reminders_skip_contacts_without_email_and_survive_a_failing_mail(
    trajectory, counsellor, world, monkeypatch
):
    old = timezone.now() - dt.timedelta(days=20)
    with_email = factories.ParticipationFactory(trajectory=trajectory)
    own = factories.ParticipationFactory(
        trajectory=factories.TrajectoryFactory(),
        offer=None,
        organisation=None,
        is_own_activity=True,
        own_title="Koor",
        own_contact_email="",
    )
    failing = factories.ParticipationFactory(trajectory=factories.TrajectoryFactory())
    for participation in (with_email, own, failing):
        factories.HourEntryFactory(participation=participation, entered_at=old)
    real_send = services.send_hours_request

    def send(participation):
        if participation.pk == failing.pk:
            raise OSError("mail server down")
        real_send(participation)

    monkeypatch.setattr(services, "send_hours_request", send)
    report = services.send_hour_reminders()
    assert report.recipients == [with_email.contact_email]
    assert report.without_email == [own.pk]
    assert report.failed == [failing.pk]
    assert HourEntry.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_a_closed_trajectory_cannot_be_stopped_or_completed_again(trajectory, counsellor):
    services.stop_trajectory(actor=counsellor, trajectory=trajectory, reason="Verhuisd")
    for call in (
        lambda: services.stop_trajectory(
            actor=counsellor, trajectory=trajectory, reason="Nogmaals"
        ),
        lambda: services.complete_trajectory(actor=counsellor, trajectory=trajectory),
    ):
        with pytest.raises(services.TrajectoryError) as error:
            call()
        assert error.value.code in ("trajectory_closed", "not_enough_hours")
    trajectory.refresh_from_db()
    assert trajectory.stop_reason == "Verhuisd"


def test_hours_after_the_end_of_a_participation_are_refused(trajectory, counsellor):
    participation = factories.ParticipationFactory(
        trajectory=trajectory, status="completed", ended_on=dt.date(2026, 3, 1)
    )
    with pytest.raises(services.TrajectoryError) as error:
        services.add_hours(
            actor=counsellor,
            participation=participation,
            date=dt.date(2026, 3, 5),
            hours=Decimal(2),
        )
    assert error.value.code == "after_end"


def test_changing_the_counsellor_moves_the_open_trajectory(trajectory, counsellor, world):
    other = world.users["coordinator"]
    services.update_newcomer(actor=counsellor, newcomer=trajectory.newcomer, counsellor=other)
    trajectory.refresh_from_db()
    assert trajectory.counsellor == other


def test_the_feedback_email_speaks_the_newcomers_language(
    trajectory, counsellor, mailoutbox, django_capture_on_commit_callbacks
):
    trajectory.newcomer.preferred_language = "ar"
    trajectory.newcomer.save(update_fields=["preferred_language"])
    participation = factories.ParticipationFactory(trajectory=trajectory)
    with django_capture_on_commit_callbacks(execute=True):
        services.end_participation(
            actor=counsellor, participation=participation, status="completed"
        )
    to_newcomer = next(m for m in mailoutbox if m.to == [trajectory.newcomer.email])
    assert to_newcomer.subject == "كيف كانت التجربة؟ أخبرنا في دقيقة واحدة"
    assert participation.offer.title in to_newcomer.body
    assert "/link/" in to_newcomer.body
