"""The programme team's group pages: forming, moving, reporters, rooms, pair rules, printables,
the export, and their query budgets."""

from __future__ import annotations

import csv
import io
import re

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from participatienet.accounts import links
from participatienet.exchange import group_services, report_services
from participatienet.exchange.choices import PairKind, SessionKind
from participatienet.exchange.models import (
    GroupMember,
    GroupPlan,
    LearningTable,
    PairRule,
    Session,
)
from tests.exchange.builders import add_session, learning_day, mixed_session, people

pytestmark = pytest.mark.django_db

#: The most queries a groups page may take, whatever the number of people.
GROUPS_PAGE_BUDGET = 18
PRINT_BUDGET = 10


@pytest.fixture
def admin(world, login):
    return login(world.users["programme_admin"])


def _url(name, session, **kwargs):
    return reverse(
        f"exchange:{name}", kwargs={"pk": session.day_id, "session": session.pk, **kwargs}
    )


def _formed(count: int = 12, *, core: int = 0):
    day = learning_day()
    people(day, count, core=core)
    session = mixed_session(day)
    plan = group_services.form_groups(actor=None, session=session, seed=1)
    return day, session, plan


def test_forming_groups_by_the_page_creates_the_plan_and_shows_the_score(admin):
    day = learning_day()
    people(day, 18)
    session = mixed_session(day)
    response = admin.post(_url("groups_form", session), {"rooms": "Zaal 1, Zaal 2"})
    assert response.status_code == 302
    plan = GroupPlan.objects.get(session=session)
    assert plan.members.count() == 18 * 2
    assert set(plan.groups.values_list("room", flat=True)) == {"Zaal 1", "Zaal 2"}
    page = admin.get(_url("session_groups", session))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="score-table"' in html
    assert f'data-quality="{plan.score["quality"]}"' in html
    assert 'data-key="random"' in html and 'data-key="greedy"' in html
    assert html.count('class="move-form"') == 18 * 2


def test_forming_again_without_the_confirmation_answers_400_and_keeps_the_groups(admin):
    _day, session, plan = _formed()
    response = admin.post(_url("groups_form", session), {"rooms": ""})
    assert response.status_code == 400
    assert GroupPlan.objects.get().pk == plan.pk
    response = admin.post(_url("groups_form", session), {"replace": "on"})
    assert response.status_code == 302
    assert GroupPlan.objects.get().pk != plan.pk


def test_forming_groups_for_a_session_without_groups_is_a_404(admin):
    day = learning_day()
    plenary = day.sessions.get(kind=SessionKind.PLENARY)
    assert admin.post(_url("groups_form", plenary), {}).status_code == 404
    assert not GroupPlan.objects.exists()


def test_a_state_problem_answers_409_with_a_message(admin):
    day = learning_day()
    people(day, 1)
    response = admin.post(_url("groups_form", mixed_session(day)), {})
    assert response.status_code == 409
    assert 'id="groups-error"' in response.content.decode()
    assert not GroupPlan.objects.exists()


def test_moving_someone_shows_the_new_score_and_the_change(admin):
    _day, session, plan = _formed(18)
    member = plan.members.filter(round=2).select_related("group").first()
    target = plan.groups.filter(round=2).exclude(pk=member.group_id).first()
    response = admin.post(
        _url("group_move", session),
        {"registration": member.registration_id, "round": 2, "group": target.pk},
    )
    assert response.status_code == 302
    assert f"moved={member.registration_id}" in response["Location"]
    member.refresh_from_db()
    assert member.group_id == target.pk
    page = admin.get(response["Location"])
    html = page.content.decode()
    assert 'id="last-change"' in html
    plan.refresh_from_db()
    assert plan.previous_score["quality"] != plan.score["quality"]
    assert f'data-after="{plan.score["quality"]}"' in html
    assert f'id="member-2-{member.registration_id}"' in html and "just-moved" in html


@pytest.mark.parametrize(
    "data",
    [
        {"registration": "x", "round": "1", "group": "1"},
        {"registration": "999999", "round": "1", "group": "GROUP1"},
        {"registration": "MEMBER", "round": "1", "group": "GROUP2"},
        {"registration": "MEMBER", "round": "7", "group": "GROUP1"},
        {},
    ],
)
def test_a_bad_move_answers_400_and_writes_nothing(admin, data):
    _day, session, plan = _formed()
    member = plan.members.filter(round=1).first()
    placeholders = {
        "MEMBER": str(member.registration_id),
        "GROUP1": str(plan.groups.filter(round=1).exclude(pk=member.group_id).first().pk),
        "GROUP2": str(plan.groups.filter(round=2).first().pk),
    }
    data = {key: placeholders.get(value, value) for key, value in data.items()}
    before = list(GroupMember.objects.order_by("pk").values_list("pk", "group_id"))
    response = admin.post(_url("group_move", session), data)
    assert response.status_code == 400
    assert list(GroupMember.objects.order_by("pk").values_list("pk", "group_id")) == before
    plan.refresh_from_db()
    assert plan.moves == 0


def test_moving_to_the_own_group_answers_409_and_writes_nothing(admin):
    _day, session, plan = _formed()
    member = plan.members.filter(round=1).first()
    response = admin.post(
        _url("group_move", session),
        {"registration": member.registration_id, "round": 1, "group": member.group_id},
    )
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.moves == 0


@pytest.mark.parametrize("count", [6, 60])
def test_the_groups_page_keeps_its_query_budget(admin, count, django_assert_max_num_queries):
    day = learning_day(capacity=100)
    registrations = people(day, count, core=2)
    session = mixed_session(day)
    group_services.add_pair_rule(
        actor=None, day=day, a=registrations[0], b=registrations[1], kind=PairKind.KEEP_APART
    )
    first = add_session(day, SessionKind.MIXED_GROUPS, 8, rounds=1, group_size=4)
    group_services.form_groups(actor=None, session=first, seed=1)
    group_services.form_groups(actor=None, session=session, seed=1)
    with django_assert_max_num_queries(GROUPS_PAGE_BUDGET):
        response = admin.get(_url("session_groups", session))
    assert response.status_code == 200


def test_a_reporter_is_chosen_per_group_and_bad_input_answers_400(admin):
    _day, session, plan = _formed()
    group = plan.groups.first()
    member = group.members.first()
    url = reverse("exchange:group_reporter", kwargs={"pk": session.day_id, "group": group.pk})
    outsider = plan.members.exclude(group=group).filter(round=1).first()
    assert admin.post(url, {"registration": outsider.registration_id}).status_code == 400
    assert not GroupMember.objects.filter(is_reporter=True).exists()
    assert admin.post(url, {"registration": member.registration_id}).status_code == 302
    assert GroupMember.objects.get(is_reporter=True).pk == member.pk
    assert admin.post(url, {"registration": ""}).status_code == 302
    assert not GroupMember.objects.filter(is_reporter=True).exists()


def test_the_reporters_get_their_links_by_e_mail(
    admin, mailoutbox, django_capture_on_commit_callbacks
):
    _day, session, plan = _formed()
    reporters = []
    for group in plan.groups.filter(round=1)[:2]:
        member = group.members.select_related("registration").first()
        group_services.set_reporter(actor=None, group=group, registration=member.registration)
        reporters.append(member.registration.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_url("reporter_links", session))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == sorted(reporters)
    token = re.search(r"/leerdagen/verslag/(\S+)/", mailoutbox[0].body).group(1)
    assert links.peek(token).purpose == group_services.PURPOSE_REPORT


def test_rooms_are_saved_and_a_too_long_list_answers_400(admin):
    _day, session, plan = _formed()
    assert admin.post(_url("group_rooms", session), {"rooms": "A\nB"}).status_code == 302
    assert set(plan.groups.values_list("room", flat=True)) == {"A", "B"}
    response = admin.post(_url("group_rooms", session), {"rooms": "x" * 1001})
    assert response.status_code == 400
    assert set(plan.groups.values_list("room", flat=True)) == {"A", "B"}


def test_pair_rules_by_the_page(admin):
    day = learning_day()
    a, b = people(day, 2)
    url = reverse("exchange:pair_rules", kwargs={"pk": day.pk})
    same = admin.post(url, {"a": a.pk, "b": a.pk, "kind": PairKind.KEEP_APART})
    assert same.status_code == 400
    assert not PairRule.objects.exists()
    assert admin.post(url, {"a": b.pk, "b": a.pk, "kind": PairKind.KEEP_APART}).status_code == 302
    rule = PairRule.objects.get()
    assert (rule.a_id, rule.b_id) == (a.pk, b.pk)
    both = admin.post(url, {"a": a.pk, "b": b.pk, "kind": PairKind.KEEP_TOGETHER})
    assert both.status_code == 400
    assert PairRule.objects.count() == 1
    page = admin.get(url)
    assert f'id="rule-{rule.pk}"' in page.content.decode()
    delete = reverse("exchange:pair_rule_delete", kwargs={"pk": day.pk, "rule": rule.pk})
    assert admin.post(delete).status_code == 302
    assert not PairRule.objects.exists()


@pytest.mark.parametrize("count", [6, 60])
def test_the_printables_render_within_their_budget(admin, count, django_assert_max_num_queries):
    day = learning_day(capacity=100)
    registrations = people(day, count, core=2)
    session = mixed_session(day)
    region_session = add_session(day, SessionKind.REGION_GROUPS, 14)
    group_services.form_groups(actor=None, session=session, seed=1, rooms=["Zaal 2", "Zaal 3"])
    group_services.form_groups(actor=None, session=region_session, seed=1)
    name = registrations[-1].name
    for url in (
        _url("groups_print", session),
        reverse("exchange:badges", kwargs={"pk": day.pk}),
        reverse("exchange:room_sheets", kwargs={"pk": day.pk}),
        reverse("exchange:day_groups", kwargs={"pk": day.pk}),
    ):
        with django_assert_max_num_queries(PRINT_BUDGET):
            response = admin.get(url)
        assert response.status_code == 200, url
        if "groepen/" not in url or "afdruk" in url:
            assert name in response.content.decode(), url


def test_badges_name_the_group_and_room_of_each_session(admin):
    day, session, plan = _formed(12)
    member = plan.members.filter(round=1).select_related("group", "registration").first()
    member.group.room = "Zaal Limburg"
    member.group.save()
    response = admin.get(reverse("exchange:badges", kwargs={"pk": day.pk}))
    html = response.content.decode()
    badge = html.split(f'id="badge-{member.registration_id}"')[1].split("</article>")[0]
    assert member.registration.name in badge
    assert "Zaal Limburg" in badge
    assert badge.count("<li>") == 2  # two rounds


def test_the_room_sheets_list_every_room(admin):
    day, session, plan = _formed(12)
    group_services.set_rooms(actor=None, plan=plan, rooms=["Zaal A", "Zaal B"])
    html = admin.get(reverse("exchange:room_sheets", kwargs={"pk": day.pk})).content.decode()
    assert 'data-room="Zaal A"' in html and 'data-room="Zaal B"' in html


def test_the_groups_export_has_a_row_per_person_per_round(admin):
    day, session, plan = _formed(12)
    url = reverse("exchange:groups_export", kwargs={"pk": day.pk})
    response = admin.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 12 * 2
    xlsx = admin.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + 12 * 2
    assert admin.get(url, {"format": "pdf"}).status_code == 400


def test_learning_table_groups_show_which_choice_each_person_got(admin):
    day = learning_day()
    session = add_session(day, SessionKind.LEARNING_TABLES, 14, group_size=5)
    tables = [LearningTable.objects.create(session=session, theme=t) for t in ("A", "B")]
    registrations = people(day, 6)
    for index, registration in enumerate(registrations):
        registration.first_choice = tables[index % 2]
        registration.save()
    group_services.form_groups(actor=None, session=session, seed=1)
    html = admin.get(_url("session_groups", session)).content.decode()
    assert html.count('data-choice="1"') == 6


def test_a_session_whose_groups_have_insights_is_not_removed(admin):
    day, session, plan = _formed()
    member = plan.members.select_related("group", "registration").first()
    group_services.set_reporter(actor=None, group=member.group, registration=member.registration)
    raw = group_services.reporter_link(GroupMember.objects.get(pk=member.pk))
    report_services.save_insight(raw=raw, kind="idea", text="Begin klein.")
    url = reverse("exchange:session_delete", kwargs={"pk": day.pk, "session": session.pk})
    assert admin.post(url).status_code == 409
    assert Session.objects.filter(pk=session.pk).exists()
