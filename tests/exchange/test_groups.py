"""Group formation for learning days: the adapter to ``grouping`` and the group services."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry, LinkToken
from participatienet.exchange import group_services, planning, report_services
from participatienet.exchange.choices import PairKind, RegistrationStatus, SessionKind
from participatienet.exchange.group_services import GroupError
from participatienet.exchange.models import Group, GroupMember, GroupPlan, LearningTable
from tests.exchange.builders import add_session, learning_day, mixed_session, people, register

pytestmark = pytest.mark.django_db


def _groups(plan: GroupPlan) -> dict[int, list[list[int]]]:
    """Round number -> the registration ids of each group, groups in order."""
    result: dict[int, list[list[int]]] = {}
    for group in plan.groups.order_by("round", "number").prefetch_related("members"):
        result.setdefault(group.round, []).append(
            sorted(m.registration_id for m in group.members.all())
        )
    return result


def _form(session, **kwargs):
    return group_services.form_groups(actor=None, session=session, seed=3, **kwargs)


def test_everyone_is_placed_once_per_round_in_groups_within_one_of_each_other(world):
    day = learning_day()
    registrations = people(day, 27)
    plan = _form(mixed_session(day))
    rounds = _groups(plan)
    assert sorted(rounds) == [1, 2]
    for groups in rounds.values():
        placed = [pk for group in groups for pk in group]
        assert sorted(placed) == sorted(r.pk for r in registrations)
        sizes = [len(group) for group in groups]
        assert max(sizes) - min(sizes) <= 1
        assert len(groups) == 5  # 27 / 6 rounded
    assert plan.score["quality"] > plan.random_score["quality"]
    assert plan.score["size_violations"] == 0
    assert plan.formed_score == plan.score


def test_nobody_sits_with_someone_of_their_own_region_when_it_can_be_avoided(world):
    day = learning_day()
    registrations = people(day, 24, regions=6)  # 4 per region, 4 groups of 6
    region_of = {r.pk: r.region_id for r in registrations}
    plan = _form(mixed_session(day))
    for groups in _groups(plan).values():
        for group in groups:
            regions = Counter(region_of[pk] for pk in group)
            assert max(regions.values()) == 1
    assert plan.score["same_region_pairs"] == 0
    assert plan.score["repeat_meetings"] <= plan.random_score["repeat_meetings"]


def test_earlier_mixed_sessions_count_as_meetings_for_a_later_one(world):
    day = learning_day()
    people(day, 12, regions=12)
    first = mixed_session(day)
    first.rounds, first.group_size = 1, 3
    first.save()
    second = add_session(day, SessionKind.MIXED_GROUPS, 14, rounds=1, group_size=3)
    earlier = _form(first)
    met = {frozenset(pair) for group in _groups(earlier)[1] for pair in combinations(group, 2)}
    assert planning.previous_rounds(second) == (tuple(tuple(g) for g in _groups(earlier)[1]),)
    later = _form(second)
    again = {
        frozenset(pair) for group in _groups(later)[1] for pair in combinations(group, 2)
    } & met
    assert again == set()
    assert later.score["repeat_meetings"] == 0
    assert "variety" in later.score["parts"]


def test_the_earlier_session_is_not_counted_for_the_earlier_session_itself(world):
    day = learning_day()
    people(day, 12)
    add_session(day, SessionKind.MIXED_GROUPS, 14, rounds=1, group_size=3)
    assert planning.previous_rounds(mixed_session(day)) == ()


def test_pair_rules_are_kept_in_every_round(world):
    day = learning_day()
    registrations = people(day, 24, regions=6)
    a, b, c, d = registrations[0], registrations[6], registrations[1], registrations[2]
    group_services.add_pair_rule(actor=None, day=day, a=a, b=b, kind=PairKind.KEEP_APART)
    group_services.add_pair_rule(actor=None, day=day, a=c, b=d, kind=PairKind.KEEP_TOGETHER)
    plan = _form(mixed_session(day))
    for groups in _groups(plan).values():
        where = {pk: index for index, group in enumerate(groups) for pk in group}
        assert where[a.pk] != where[b.pk]
        assert where[c.pk] == where[d.pk]
    assert plan.score["kept_apart_violations"] == plan.score["kept_together_violations"] == 0


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        ((0, 0, PairKind.KEEP_APART), None, "same_person"),
        ((0, 1, PairKind.KEEP_APART), (1, 0, PairKind.KEEP_TOGETHER), "both_kinds"),
        ((0, 1, PairKind.KEEP_APART), (0, 1, PairKind.KEEP_APART), "rule_exists"),
    ],
)
def test_impossible_pair_rules_are_refused_and_write_nothing(world, first, second, code):
    day = learning_day()
    registrations = people(day, 6)
    rules = [first, second] if second else [first]
    with pytest.raises(GroupError) as error:
        for x, y, kind in rules:
            group_services.add_pair_rule(
                actor=None, day=day, a=registrations[x], b=registrations[y], kind=kind
            )
    assert error.value.code == code
    assert day.pair_rules.count() == len(rules) - 1


def test_a_pair_kept_apart_cannot_be_tied_together_through_others(world):
    day = learning_day()
    a, b, c = people(day, 3)
    group_services.add_pair_rule(actor=None, day=day, a=a, b=b, kind=PairKind.KEEP_TOGETHER)
    group_services.add_pair_rule(actor=None, day=day, a=b, b=c, kind=PairKind.KEEP_TOGETHER)
    with pytest.raises(GroupError) as error:
        group_services.add_pair_rule(actor=None, day=day, a=c, b=a, kind=PairKind.KEEP_APART)
    assert error.value.code == "conflict"


def test_more_people_kept_together_than_fit_a_group_is_refused(world):
    day = learning_day()
    session = mixed_session(day)
    session.group_size = 2
    session.save()
    a, b, c = people(day, 3)
    group_services.add_pair_rule(actor=None, day=day, a=a, b=b, kind=PairKind.KEEP_TOGETHER)
    with pytest.raises(GroupError) as error:
        group_services.add_pair_rule(actor=None, day=day, a=b, b=c, kind=PairKind.KEEP_TOGETHER)
    assert error.value.code == "too_many_together"


def test_moving_someone_re_scores_the_plan_and_keeps_the_score_before(world):
    day = learning_day()
    people(day, 24, regions=6)
    plan = _form(mixed_session(day))
    before = plan.score
    member = plan.members.filter(round=1).select_related("registration", "group").first()
    target = plan.groups.filter(round=1).exclude(pk=member.group_id).first()

    move = group_services.move_member(
        actor=world.users["programme_admin"],
        plan=plan,
        registration=member.registration,
        round=1,
        group=target,
    )

    plan.refresh_from_db()
    member.refresh_from_db()
    assert member.group_id == target.pk
    assert plan.previous_score == before == move.before
    assert plan.score == move.after
    assert plan.score["quality"] < before["quality"]  # one group too large now
    assert plan.score["size_violations"] > 0
    assert plan.formed_score == before
    assert plan.moves == 1
    assert AuditEntry.objects.filter(action="groupmember.moved").count() == 1


@pytest.mark.parametrize("case", ["same_group", "wrong_group"])
def test_a_move_to_the_own_group_or_another_round_is_refused(world, case):
    day = learning_day()
    people(day, 12)
    plan = _form(mixed_session(day))
    member = plan.members.filter(round=1).select_related("registration").first()
    target = (
        Group.objects.get(pk=member.group_id)
        if case == "same_group"
        else plan.groups.filter(round=2).first()
    )
    with pytest.raises(GroupError) as error:
        group_services.move_member(
            actor=None, plan=plan, registration=member.registration, round=1, group=target
        )
    assert error.value.code == case
    plan.refresh_from_db()
    assert plan.moves == 0 and plan.previous_score is None


def test_region_groups_are_one_per_region_with_the_core_partners_spread_as_guests(world):
    day = learning_day()
    registrations = people(day, 18, regions=6, core=4)
    session = add_session(day, SessionKind.REGION_GROUPS, 14, rounds=2)
    plan = _form(session)
    assert plan.method == planning.METHOD_REGIONS and plan.score == {}
    core = {r.pk for r in registrations if r.region_id is None}
    groups = list(plan.groups.order_by("round", "number").prefetch_related("members"))
    assert len(groups) == 12  # 6 regions, 2 rounds
    visits: dict[int, set[int]] = {pk: set() for pk in core}
    for group in groups:
        ids = {m.registration_id for m in group.members.all()}
        regions = {r.region_id for r in registrations if r.pk in ids and r.region_id}
        assert regions == {group.region_id}
        assert group.label == group.region.name
        assert len(ids & core) <= 1
        for pk in ids & core:
            visits[pk].add(group.region_id)
    assert all(len(regions) == 2 for regions in visits.values())


def test_learning_tables_give_first_choices_as_far_as_places_allow(world):
    day = learning_day()
    session = add_session(day, SessionKind.LEARNING_TABLES, 14, group_size=4)
    tables = [
        LearningTable.objects.create(session=session, theme=theme) for theme in ("A", "B", "C")
    ]
    registrations = people(day, 9)
    for index, registration in enumerate(registrations):
        registration.first_choice = tables[index % 3]
        registration.second_choice = tables[(index + 1) % 3]
        registration.save()
    plan = _form(session)
    assert plan.score["choices_honoured"][0] == 9
    assert plan.optimal
    for group in plan.groups.prefetch_related("members__registration"):
        assert group.label == group.table.theme
        assert all(m.registration.first_choice_id == group.table_id for m in group.members.all())


def test_tables_with_too_few_places_are_refused(world):
    day = learning_day()
    session = add_session(day, SessionKind.LEARNING_TABLES, 14, group_size=2)
    LearningTable.objects.create(session=session, theme="A")
    people(day, 5)
    with pytest.raises(GroupError) as error:
        _form(session)
    assert error.value.code == "seats"
    assert not GroupPlan.objects.exists()


def test_an_existing_plan_is_replaced_only_when_asked_and_its_score_stays_in_the_audit(world):
    day = learning_day()
    people(day, 12)
    session = mixed_session(day)
    first = _form(session)
    with pytest.raises(GroupError) as error:
        _form(session)
    assert error.value.code == "plan_exists"
    assert GroupPlan.objects.get().pk == first.pk
    second = _form(session, replace=True)
    assert GroupPlan.objects.get().pk == second.pk
    entry = AuditEntry.objects.get(action="groupplan.replaced")
    assert f"quality {first.score['quality']}" in entry.detail


def test_a_plan_with_insights_is_not_replaced(world):
    day = learning_day()
    people(day, 12)
    session = mixed_session(day)
    plan = _form(session)
    member = plan.members.select_related("group").first()
    group_services.set_reporter(actor=None, group=member.group, registration=member.registration)
    member.refresh_from_db()
    raw = group_services.reporter_link(member)
    report_services.save_insight(raw=raw, kind="idea", text="Samen dingen doen geeft energie.")
    with pytest.raises(GroupError) as error:
        _form(session, replace=True)
    assert error.value.code == "has_insights"
    assert GroupPlan.objects.get().pk == plan.pk


def test_too_few_people_or_no_group_size_is_refused(world):
    day = learning_day()
    people(day, 1)
    with pytest.raises(GroupError) as error:
        _form(mixed_session(day))
    assert error.value.code == "too_few"
    without_size = add_session(day, SessionKind.MIXED_GROUPS, 15, group_size=None)
    register(day, 50)
    with pytest.raises(GroupError) as error:
        _form(without_size)
    assert error.value.code == "no_group_size"


def test_cancelled_registrations_are_not_placed(world):
    day = learning_day()
    registrations = people(day, 8)
    registrations[0].status = RegistrationStatus.CANCELLED
    registrations[0].cancelled_at = registrations[0].created_at
    registrations[0].save()
    plan = _form(mixed_session(day))
    assert not plan.members.filter(registration=registrations[0]).exists()
    assert plan.members.filter(round=1).count() == 7


def test_one_reporter_per_group_and_a_new_one_stops_the_old_link(world):
    day = learning_day()
    people(day, 12)
    plan = _form(mixed_session(day))
    group = plan.groups.first()
    first, second = [m.registration for m in group.members.order_by("pk")[:2]]
    group_services.set_reporter(actor=None, group=group, registration=first)
    old = group_services.reporter_link(GroupMember.objects.get(group=group, registration=first))
    group_services.set_reporter(actor=None, group=group, registration=second)
    assert list(group.members.filter(is_reporter=True).values_list("registration", flat=True)) == [
        second.pk
    ]
    with pytest.raises(links.LinkError):
        report_services.open_link(old)


def test_a_reporter_who_moves_is_no_longer_reporter(world):
    day = learning_day()
    people(day, 12)
    plan = _form(mixed_session(day))
    member = plan.members.filter(round=1).select_related("group", "registration").first()
    group_services.set_reporter(actor=None, group=member.group, registration=member.registration)
    member.refresh_from_db()
    group_services.reporter_link(member)
    target = plan.groups.filter(round=1).exclude(pk=member.group_id).first()
    group_services.move_member(
        actor=None, plan=plan, registration=member.registration, round=1, group=target
    )
    member.refresh_from_db()
    assert not member.is_reporter
    assert not LinkToken.objects.filter(purpose=group_services.PURPOSE_REPORT).exists()


def test_rooms_are_given_in_turn(world):
    day = learning_day()
    people(day, 24)
    plan = _form(mixed_session(day), rooms=["Zaal A", "Zaal B"])
    rooms = list(plan.groups.filter(round=1).order_by("number").values_list("room", flat=True))
    assert rooms == ["Zaal A", "Zaal B", "Zaal A", "Zaal B"]
    group_services.set_rooms(actor=None, plan=plan, rooms=["Zaal C"])
    assert set(plan.groups.values_list("room", flat=True)) == {"Zaal C"}
