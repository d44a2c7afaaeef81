"""Who may do what with the collaboration scan, and the navigation entry."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatienet.accounts import policy
from participatienet.accounts.choices import Role
from participatienet.collaboration.models import (
    Action,
    ActionPlan,
    Answer,
    Goal,
    Invitation,
    Milestone,
    Response,
    Wave,
)
from tests import factories
from tests.collaboration import builders

pytestmark = pytest.mark.django_db


def test_only_the_region_coordinators_manage_its_waves(world):
    users = world.users
    assert policy.can(users["coordinator"], "scan.manage", world.gent)
    assert not policy.can(users["coordinator"], "scan.manage", world.kempen)
    for persona in ("programme_admin", "viewer", "counsellor", "local_worker", "partner_contact"):
        assert not policy.can(users[persona], "scan.manage", world.gent), persona


def test_coordinators_and_viewers_see_their_region_results_and_no_one_else(world):
    users = world.users
    assert policy.can(users["coordinator"], "scan.results", world.gent)
    assert policy.can(users["viewer"], "scan.results", world.gent)
    assert not policy.can(users["viewer"], "scan.results", world.kempen)
    assert not policy.can(users["programme_admin"], "scan.results", world.gent)
    wave = builders.open_wave(world.gent)
    assert list(policy.visible(users["viewer"], Wave.objects.all())) == [wave]
    assert not policy.visible(users["programme_admin"], Wave.objects.all()).exists()
    assert not policy.visible(users["coordinator_other"], Wave.objects.all()).exists()


def test_invitations_are_visible_to_the_region_coordinators_only(world):
    wave = builders.open_wave(world.gent)
    builders.invite(wave)
    assert policy.visible(world.users["coordinator"], Invitation.objects.all()).count() == 1
    for persona in ("viewer", "programme_admin", "coordinator_other"):
        assert not policy.visible(world.users[persona], Invitation.objects.all()).exists()


def test_answers_are_never_listed_for_anyone(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave)
    for user in world.users.values():
        assert not policy.visible(user, Response.objects.all()).exists()
        assert not policy.visible(user, Answer.objects.all()).exists()


def test_the_programme_team_sees_the_spread_and_only_the_admin_writes_versions(world):
    programme_viewer = factories.user_with_role(Role.VIEWER, region_slug=None)
    assert policy.can(programme_viewer, "scan.spread")
    assert not policy.can(programme_viewer, "scan.version_manage")
    assert policy.can(world.users["programme_admin"], "scan.version_manage")
    assert not policy.can(world.users["coordinator"], "scan.spread")


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("coordinator", "collaboration:overview"),
        ("viewer", "collaboration:overview"),
        ("programme_admin", "collaboration:version_list"),
    ],
)
def test_the_navigation_leads_to_the_scan(world, login, persona, url_name):
    response = login(world.users[persona]).get(reverse("home"))
    urls = [item.url for item in response.context["nav_items"]]
    assert reverse(url_name) in urls


def test_the_navigation_has_no_scan_for_partners(world, login):
    response = login(world.users["partner_contact"]).get(reverse("home"))
    assert not [i for i in response.context["nav_items"] if "/samenwerking/" in i.url]


def test_the_regions_coordinators_write_its_plans_and_timeline_and_its_viewers_read(world):
    users = world.users
    for action in ("plan.manage", "timeline.manage"):
        assert policy.can(users["coordinator"], action, world.gent)
        assert not policy.can(users["coordinator"], action, world.kempen)
        for persona in (
            "viewer",
            "programme_admin",
            "counsellor",
            "local_worker",
            "partner_contact",
        ):
            assert not policy.can(users[persona], action, world.gent), (action, persona)
    for action in ("plan.view", "timeline.view"):
        assert policy.can(users["coordinator"], action, world.gent)
        assert policy.can(users["viewer"], action, world.gent)
        assert not policy.can(users["viewer"], action, world.kempen)
        for persona in ("programme_admin", "counsellor", "local_worker", "partner_contact"):
            assert not policy.can(users[persona], action, world.gent), (action, persona)


def test_plans_goals_actions_and_milestones_are_visible_in_their_region_only(world):
    plan = builders.plan(world.gent)
    builders.goal(plan)
    builders.action(plan, world.gent_club)
    builders.milestone(world.gent)
    kempen = builders.plan(world.kempen)
    builders.action(kempen, world.kempen_club)
    builders.milestone(world.kempen)
    for model in (ActionPlan, Goal, Action, Milestone):
        mine = policy.visible(world.users["viewer"], model.objects.all())
        assert mine.count() == 1, model
        assert policy.visible(world.users["coordinator_other"], model.objects.all()).count() == (
            0 if model is Goal else 1
        ), model
        for persona in ("programme_admin", "partner_contact", "counsellor"):
            assert not policy.visible(world.users[persona], model.objects.all()).exists()
