"""Learning-day services: places, the waiting list, cancelling, duplicates and the programme."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry
from participatienet.exchange import services
from participatienet.exchange.choices import DayStatus, RegistrationStatus, SessionKind
from participatienet.exchange.models import Registration
from participatienet.network.models import Organisation
from tests.exchange.builders import learning_day, register, with_tables

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def test_registrations_get_a_place_until_the_day_is_full_then_wait_in_order(world):
    day = learning_day(capacity=2)
    first, second, third, fourth = (register(day, n) for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [
        CONFIRMED,
        CONFIRMED,
        WAITING,
        WAITING,
    ]
    assert (third.waiting_position, fourth.waiting_position) == (1, 2)
    assert services.waiting_rank(fourth) == 2
    assert services.free_places(day) == 0


def test_cancelling_a_place_gives_it_to_the_first_on_the_waiting_list(world):
    day = learning_day(capacity=1)
    holder, first_waiting, second_waiting = (register(day, n) for n in range(3))

    promoted = services.cancel_registration(actor=None, registration=holder)

    assert [r.pk for r in promoted] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    holder.refresh_from_db()
    assert holder.status == CANCELLED and holder.cancelled_at is not None
    assert first_waiting.status == CONFIRMED and first_waiting.waiting_position is None
    assert second_waiting.status == WAITING
    assert services.waiting_rank(second_waiting) == 1
    assert day.registrations.confirmed().count() == 1


def test_cancelling_from_the_waiting_list_gives_nobody_a_place(world):
    day = learning_day(capacity=1)
    register(day, 0)
    waiting = register(day, 1)
    assert services.cancel_registration(actor=None, registration=waiting) == []
    assert day.registrations.confirmed().count() == 1
    assert day.registrations.waiting().count() == 0


def test_a_second_active_registration_with_the_same_email_is_refused(world):
    day = learning_day()
    first = register(day, 0)
    with pytest.raises(services.AlreadyRegistered) as caught:
        register(day, 0, email="  Deelnemer0@Netwerk.BE ")
    assert caught.value.registration.pk == first.pk
    assert Registration.objects.count() == 1


def test_after_cancelling_the_same_email_may_register_again(world):
    day = learning_day()
    first = register(day, 0)
    services.cancel_registration(actor=None, registration=first)
    again = register(day, 0)
    assert again.status == CONFIRMED
    assert Registration.objects.filter(email="deelnemer0@netwerk.be").count() == 2


@pytest.mark.parametrize(
    ("status", "days_ahead", "closes_in", "reason"),
    [
        (DayStatus.DRAFT, 10, None, "not_open"),
        (DayStatus.CLOSED, 10, None, "closed"),
        (DayStatus.OPEN, -1, None, "past"),
        (DayStatus.HELD, 0, None, "past"),
        (DayStatus.OPEN, 10, -1, "deadline"),
    ],
)
def test_nobody_can_register_when_registration_is_not_open(
    world, status, days_ahead, closes_in, reason
):
    closes = timezone.localdate() + dt.timedelta(days=closes_in) if closes_in else None
    day = learning_day(status=status, days_ahead=days_ahead, registration_closes_on=closes)
    with pytest.raises(services.RegistrationClosed) as caught:
        register(day, 0)
    assert caught.value.code == reason
    assert not Registration.objects.exists()


def test_registration_is_open_on_the_day_itself_and_on_the_closing_day(world):
    today = timezone.localdate()
    day = learning_day(days_ahead=0, registration_closes_on=today)
    assert register(day, 0).status == CONFIRMED


def test_theme_choices_are_required_different_and_of_the_day(world):
    day = learning_day()
    first, second, third = with_tables(day)
    other_day_tables = with_tables(learning_day(title="Andere dag"))

    registration = register(day, 0, choices=[second, first, third])
    assert registration.theme_choices == [second, first, third]

    for choices in (
        [],
        [first, first, third],
        [first, second],
        [first, second, other_day_tables[0]],
        [first, None, third],
    ):
        with pytest.raises(services.ExchangeError) as caught:
            register(day, 1, choices=choices)
        assert caught.value.code == "choices"
    assert Registration.objects.filter(day=day).count() == 1


def test_a_day_with_two_tables_asks_for_two_choices(world):
    day = learning_day()
    first, second = with_tables(day, themes=("Schaal", "Feedback"))
    assert register(day, 0, choices=[second, first]).third_choice is None


def test_theme_choices_are_refused_when_the_day_has_no_learning_tables(world):
    day = learning_day()
    stray = with_tables(learning_day(title="Andere dag"))
    with pytest.raises(services.ExchangeError):
        register(day, 0, choices=stray)


def test_a_known_organisation_of_the_region_is_linked(world):
    day = learning_day()
    registration = register(day, 0, organisation_name="voetbalclub gent-zuid")
    assert registration.organisation == world.gent_club
    Organisation.objects.create(
        name="Voetbalclub Gent-Zuid",
        kind="club",
        region=world.gent,
        municipality=world.gent_club.municipality,
    )
    ambiguous = register(day, 1, organisation_name="Voetbalclub Gent-Zuid")
    assert ambiguous.organisation is None


def test_cancelling_by_link_twice_says_it_is_cancelled_already(world):
    day = learning_day(capacity=1)
    registration = register(day, 0)
    waiting = register(day, 1)
    raw = links.create(
        purpose=services.PURPOSE_CANCEL, obj=registration, recipient=registration.email
    )

    cancelled = services.cancel_by_link(raw=raw)
    assert cancelled.status == CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED

    with pytest.raises(links.LinkUsed):
        services.cancel_by_link(raw=raw)
    second = links.create(
        purpose=services.PURPOSE_CANCEL, obj=registration, recipient=registration.email
    )
    with pytest.raises(services.ExchangeError) as caught:
        services.cancel_by_link(raw=second)
    assert caught.value.code == "already_cancelled"
    assert links.peek(second).used_at is None  # nothing written


def test_a_cancel_link_for_another_purpose_or_object_does_not_cancel(world):
    day = learning_day()
    registration = register(day, 0)
    wrong_purpose = links.create(purpose="hours.confirm", obj=registration)
    with pytest.raises(links.LinkInvalid):
        services.cancel_by_link(raw=wrong_purpose)
    wrong_object = links.create(purpose=services.PURPOSE_CANCEL, obj=day)
    with pytest.raises(links.LinkInvalid):
        services.cancel_by_link(raw=wrong_object)
    registration.refresh_from_db()
    assert registration.status == CONFIRMED


def test_the_cancel_link_expires_at_the_end_of_the_day(world):
    day = learning_day(days_ahead=5)
    registration = register(day, 0)
    url = services.cancel_link(registration)
    token = links.peek(url.rstrip("/").rsplit("/", 1)[-1])
    local = timezone.localtime(token.expires_at)
    assert (local.date(), local.hour, local.minute) == (day.date, 23, 59)


def test_a_registration_cannot_be_cancelled_after_the_day(world):
    day = learning_day(days_ahead=3)
    registration = register(day, 0)
    later = timezone.now() + dt.timedelta(days=5)
    with pytest.raises(services.RegistrationClosed):
        services.cancel_registration(actor=None, registration=registration, now=later)
    registration.refresh_from_db()
    assert registration.status == CONFIRMED


def test_the_programme_team_gives_a_place_out_of_turn_only_over_capacity_when_asked(world):
    admin = world.users["programme_admin"]
    day = learning_day(capacity=1)
    register(day, 0)
    first, second = register(day, 1), register(day, 2)

    with pytest.raises(services.DayFull):
        services.promote(actor=admin, registration=second)
    second.refresh_from_db()
    assert second.status == WAITING

    services.promote(actor=admin, registration=second, over_capacity=True)
    second.refresh_from_db()
    assert second.status == CONFIRMED
    assert day.registrations.confirmed().count() == 2
    with pytest.raises(services.ExchangeError):
        services.promote(actor=admin, registration=second)
    # The one left waiting is now first in line.
    first.refresh_from_db()
    assert services.waiting_rank(first) == 1


def test_more_places_go_to_the_waiting_list_at_once(world):
    admin = world.users["programme_admin"]
    day = learning_day(capacity=1)
    for n in range(4):
        register(day, n)
    changed = services.update_day(actor=admin, day=day, capacity=3)
    assert changed == ["capacity"]
    assert day.registrations.confirmed().count() == 3
    assert day.registrations.waiting().count() == 1


def test_places_cannot_go_below_the_places_given(world):
    admin = world.users["programme_admin"]
    day = learning_day(capacity=3)
    for n in range(3):
        register(day, n)
    with pytest.raises(services.ExchangeError) as caught:
        services.update_day(actor=admin, day=day, capacity=2)
    assert caught.value.code == "capacity_below_confirmed"
    day.refresh_from_db()
    assert day.capacity == 3


def test_status_changes_follow_the_allowed_moves(world):
    admin = world.users["programme_admin"]
    day = learning_day(status=DayStatus.DRAFT, days_ahead=10)
    services.set_day_status(actor=admin, day=day, status=DayStatus.OPEN)
    with pytest.raises(services.ExchangeError) as caught:
        services.set_day_status(actor=admin, day=day, status=DayStatus.HELD)
    assert caught.value.code == "not_yet"
    register(day, 0)
    with pytest.raises(services.ExchangeError) as caught:
        services.set_day_status(actor=admin, day=day, status=DayStatus.DRAFT)
    assert caught.value.code == "has_registrations"
    services.set_day_status(actor=admin, day=day, status=DayStatus.CLOSED)
    day.refresh_from_db()
    assert day.status == DayStatus.CLOSED
    assert AuditEntry.objects.filter(action="learningday.status").count() == 2


def test_a_learning_table_session_keeps_its_kind_while_it_has_tables(world):
    admin = world.users["programme_admin"]
    day = learning_day()
    table = with_tables(day)[0]
    session = table.session
    with pytest.raises(services.ExchangeError) as caught:
        services.update_session(actor=admin, session=session, kind=SessionKind.PLENARY)
    assert caught.value.code == "has_tables"
    plenary = day.sessions.get(kind=SessionKind.PLENARY)
    with pytest.raises(services.ExchangeError):
        services.add_table(actor=admin, session=plenary, theme="Iets")


def test_sessions_without_groups_have_one_round_and_no_group_size(world):
    admin = world.users["programme_admin"]
    day = learning_day()
    session = services.add_session(
        actor=admin,
        day=day,
        starts_at=dt.time(12, 0),
        ends_at=dt.time(13, 0),
        title="Lunch",
        kind=SessionKind.BREAK,
        rounds=3,
        group_size=5,
    )
    assert (session.rounds, session.group_size) == (1, None)


def test_every_registration_change_is_audited(world):
    day = learning_day(capacity=1)
    holder = register(day, 0)
    register(day, 1)
    services.cancel_registration(actor=None, registration=holder)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "registration.confirmed",
        "registration.waiting",
        "registration.cancelled",
        "registration.promoted",
    ]
