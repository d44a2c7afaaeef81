"""The demo waves of the collaboration scan: three per region, each region with its story."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

import pytest

from participatienet.collaboration import selectors
from participatienet.collaboration.goal_measures import RegionFacts
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
from participatienet.demo.collaboration import (
    STORIES,
    reset_plans,
    reset_scans,
    seed_plans,
    seed_scans,
)
from participatienet.network.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


def _means(slug: str, key: str) -> list[float]:
    waves = list(Wave.objects.filter(region__slug=slug, status="closed").order_by("opens_on", "pk"))
    found = selectors.wave_results(waves)
    return [found[w.pk].dimension(key).overall.mean for w in waves]


def _snapshot() -> list[tuple]:
    return sorted(
        Answer.objects.values_list(
            "response__wave__region__slug", "response__group", "statement_id", "score"
        ),
        key=repr,
    )


def test_seed_scans_tells_the_stories(world):
    factories.ContactPointFactory(organisation=world.gent_town, email="stad@gent.be")
    count = seed_scans(rng=random.Random(7), now=NOW)
    assert count == 3 * len(STORIES) == Wave.objects.count()
    assert Wave.objects.filter(status="open").count() == 1
    open_wave = Wave.objects.get(status="open")
    assert open_wave.region.slug == "gent" and open_wave.accepts_answers(NOW.date())
    # Closed waves keep no addresses; the open one does, with some drafts.
    assert not Invitation.objects.filter(wave__status="closed").exclude(email="").exists()
    assert Invitation.objects.filter(wave=open_wave, email="stad@gent.be").exists()
    assert Response.objects.filter(wave=open_wave, submitted=False).exists()

    ownership = _means("kempen", "ownership")
    assert ownership[0] < ownership[1] < ownership[2]
    assert ownership[2] - ownership[0] > 1

    energy = _means("westhoek", "energy")
    assert energy[0] > energy[2] and energy[2] < 2.6

    gent = Wave.objects.filter(region__slug="gent", status="closed").order_by("opens_on")
    result = selectors.wave_results([gent.last()])[gent.last().pk]
    flagged = {(d.key, d.high_group, d.low_group) for d in result.differences if d.gap >= 1}
    assert ("interests_roles", "local_government", "agii") in flagged

    rows, regions = selectors.programme_spread()
    assert regions == len(STORIES)
    assert all(row.shown for row in rows)


def test_seed_scans_is_deterministic_and_reset_removes_it(world):
    seed_scans(rng=random.Random(3), now=NOW)
    first = _snapshot()
    reset_scans()
    assert not Wave.objects.exists() and not Response.objects.exists()
    seed_scans(rng=random.Random(3), now=NOW)
    assert _snapshot() == first


# --- Action plans, actions and milestones --------------------------------------------------------


def _seed_all(rng_seed=5):
    seed_scans(rng=random.Random(rng_seed), now=NOW)
    return seed_plans(rng=random.Random(rng_seed), now=NOW)


def _kempen_organisations(world, count=4):
    for number in range(count):
        factories.OrganisationFactory(region=world.kempen, name=f"Kempense partner {number}")


def test_seed_plans_gives_each_region_two_plans_with_the_lead_taking_turns(world):
    _kempen_organisations(world)
    count = _seed_all()
    assert count == 2 * len(STORIES) == ActionPlan.objects.count()
    for slug in STORIES:
        previous, current = ActionPlan.objects.filter(region__slug=slug).order_by("starts_on")
        assert (previous.status, current.status) == ("closed", "active")
        assert current.starts_on.year == NOW.year
    previous, current = ActionPlan.objects.filter(region__slug="kempen").order_by("starts_on")
    # Taking turns: who leads now was announced last period as the next lead.
    assert previous.next_lead_organisation == current.lead_organisation
    assert current.lead_organisation != previous.lead_organisation
    assert current.next_lead_organisation not in (None, current.lead_organisation)


def test_seed_plans_has_actions_in_every_status_some_overdue_owned_in_the_region(world):
    _kempen_organisations(world)
    _seed_all()
    today = NOW.date()
    current = ActionPlan.objects.get(region__slug="kempen", status="active")
    actions = list(current.actions.select_related("owner"))
    assert {action.status for action in actions} == {"todo", "doing", "done"}
    assert any(action.is_overdue(today) for action in actions)
    assert all(action.owner.region_id == current.region_id for action in actions)
    assert all(action.done_on for action in actions if action.status == "done")
    # A region without organisations still gets plans and goals, without actions.
    westhoek = ActionPlan.objects.get(region__slug="westhoek", status="active")
    assert westhoek.goals.exists() and not westhoek.actions.exists()


def test_seed_plans_has_measured_goals_some_met_and_some_not(world):
    _kempen_organisations(world)
    for _index in range(3):
        factories.OfferFactory(organisation=world.kempen_club)
    _seed_all()
    current = ActionPlan.objects.get(region__slug="kempen", status="active")
    goals = list(current.goals.all())
    measured = [goal for goal in goals if goal.measure]
    assert measured and len(measured) < len(goals)
    facts = RegionFacts(
        current.region, today=NOW.date(), period=(current.starts_on, current.ends_on)
    )
    met = [facts.progress(goal).met for goal in measured]
    assert True in met and False in met
    # Kempen's story: ownership grows past its target.
    ownership = next(goal for goal in measured if goal.dimension_key == "ownership")
    assert facts.progress(ownership).met is True


def test_seed_plans_writes_each_regions_story_on_its_timeline(world):
    _seed_all()
    for slug in STORIES:
        kinds = set(Milestone.objects.filter(region__slug=slug).values_list("kind", flat=True))
        assert kinds == {"high", "low", "turning"}, slug
    westhoek = list(Milestone.objects.filter(region__slug="westhoek").order_by("date"))
    assert [m.kind for m in westhoek].count("low") >= 3
    linked = Milestone.objects.filter(region__slug="kempen", wave__isnull=False)
    assert linked.exists() and all(m.wave.region.slug == "kempen" for m in linked)
    assert all(m.date <= NOW.date() for m in Milestone.objects.all())


def test_seed_plans_is_deterministic_and_reset_removes_plans_before_organisations(world):
    _kempen_organisations(world)
    _seed_all(9)

    def snapshot():
        return sorted(
            Action.objects.values_list(
                "plan__region__slug", "title", "status", "owner__name", "due_on"
            ),
            key=repr,
        ) + sorted(Milestone.objects.values_list("region__slug", "title", "date"), key=repr)

    first = snapshot()
    reset_scans()
    assert not ActionPlan.objects.exists() and not Milestone.objects.exists()
    assert not Goal.objects.exists() and not Action.objects.exists()
    _seed_all(9)
    assert snapshot() == first
    reset_plans()
    # With the plans gone, organisations can go too.
    Organisation.objects.filter(region__slug="kempen").exclude(offers__isnull=False).delete()
    assert not Organisation.objects.filter(name__startswith="Kempense partner").exists()
