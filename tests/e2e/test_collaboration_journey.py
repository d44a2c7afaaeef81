"""The collaboration journey in a browser, as the issue's acceptance test describes it.

A coordinator of Gent opens a wave of the collaboration scan and invites three offer partners,
two people of the Agency (AgII) and one of a local government; they answer by the personal links
in their e-mails (taken from ``mail.outbox``, locmem backend), without an account. The
coordinator closes the wave and sees the results: the offer partners (three) are shown, the two
smaller groups are hidden (and shown together). The coordinator makes an action plan, adds a goal
tied to a measure (the scan's ownership, at least 3.5) with its live value, adds an action (late,
so it is marked overdue), moves it on the board, and the timeline shows the wave.

Texts new in this part are not translated yet when the test is written, so the test finds them
by id, name or address instead of by their (Dutch) wording.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participatienet.accounts.choices import Role
from participatienet.collaboration.models import Action, ActionPlan, Goal, Response, Wave
from participatienet.network.choices import OrganisationKind
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINK_PATH = re.compile(r"https?://[^/\s]+(/samenwerking/scan/[^/\s]+/)")
#: Who is invited, per stakeholder group, and the score each group gives every statement.
INVITEES = {
    "partner": (["an@kookclub.be", "bart@voetbal.be", "chris@buurthuis.be"], "4"),
    "agii": (["dina@integratie-inburgering.be", "eric@integratie-inburgering.be"], "2"),
    "local_government": (["fien@stad.gent"], "3"),
}


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/account/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fijn je te zien")


def _keep(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _link_in_newest_mail(to):
    sent = [message for message in mail.outbox if to in message.to]
    assert sent, f"no e-mail to {to}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    match = LINK_PATH.search(sent[-1].body)
    assert match, f"no link in the e-mail to {to}:\n{sent[-1].body}"
    return match.group(1)


def _answer_by_link(browser, live_server, path, score):
    """Someone with only the e-mail: every statement gets ``score``, then send."""
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    guest = context.new_page()
    guest.set_default_timeout(15_000)
    try:
        guest.goto(live_server.url + path)
        labels = guest.locator(f"fieldset.statement label[for$='-{score}']")
        count = labels.count()
        assert count >= 16, count
        for index in range(count):
            labels.nth(index).click()
        guest.locator("#submit-answers").click()
        expect(guest.locator("#submit-answers")).to_have_count(0)
    finally:
        context.close()


def test_a_wave_answered_by_link_becomes_results_a_goal_an_action_and_the_timeline(
    page, browser, live_server
):
    gent = factories.region("gent")
    coordinator = factories.user_with_role(
        Role.COORDINATOR, region_slug="gent", email="coord@gent.be"
    )
    town = factories.OrganisationFactory(
        name="Stad Gent", region=gent, kind=OrganisationKind.LOCAL_GOVERNMENT
    )
    factories.OrganisationFactory(name="Kookclub De Pollepel", region=gent)
    page.on("dialog", lambda dialog: dialog.accept())  # "Close the wave?"

    # 1. The coordinator opens a wave from the collaboration pages.
    _log_in(page, live_server, coordinator.email)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Samenwerking"
    ).click()
    page.locator(".subnav a[href$='/samenwerking/']").click()
    page.locator("#open-wave").click()
    page.locator("form.narrow button[type=submit]").click()
    wave = Wave.objects.get(region=gent)
    assert wave.is_open and wave.accepts_answers()

    # 2. ... and invites three offer partners, two of the Agency and one of the city.
    for group, (emails, _score) in INVITEES.items():
        page.goto(f"{live_server.url}/samenwerking/scans/{wave.pk}/uitnodigen/")
        page.locator("#id_addresses").fill("\n".join(emails))
        page.locator("#id_group").select_option(group)
        page.locator("form.invite-form button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/samenwerking/scans/{wave.pk}/$"))
    assert wave.invitations.count() == 6

    # 3. Each answers by the link in their e-mail, without an account.
    for _group, (emails, score) in INVITEES.items():
        for email in emails:
            _answer_by_link(browser, live_server, _link_in_newest_mail(email), score)
    assert Response.objects.filter(wave=wave, submitted=True).count() == 6

    # 4. The coordinator closes the wave and sees the results: the group of three is shown,
    # the smaller groups are hidden (and together, three people, shown as "other groups").
    page.goto(f"{live_server.url}/samenwerking/scans/{wave.pk}/")
    page.locator("#close-button").click()
    expect(page).to_have_url(re.compile(rf"/samenwerking/scans/{wave.pk}/resultaten/$"))
    expect(page.locator("#respondent-count")).to_have_text("6")
    row = page.locator("#group-table tr[data-dimension='ownership']")
    expect(row.locator("td[data-cell='partner']")).not_to_have_attribute("data-hidden", "small")
    expect(row.locator("td[data-cell='partner']")).to_contain_text("4,0")
    expect(row.locator("td[data-cell='agii']")).to_have_attribute("data-hidden", "small")
    expect(row.locator("td[data-cell='local_government']")).to_have_attribute(
        "data-hidden", "small"
    )
    expect(row.locator("td[data-cell='others']")).to_contain_text("2,3")
    _keep(page, "collaboration-results.png")

    # 5. An action plan for the year, led by the city.
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Samenwerking"
    ).click()
    page.locator(".subnav a[href$='/actieplannen/']").click()
    page.locator("#new-plan").click()
    page.locator("#id_title").fill("Actieplan Gent")
    page.locator("#id_lead_organisation").select_option(label="Stad Gent")
    page.locator("#save-plan").click()
    plan = ActionPlan.objects.get(region=gent)
    assert plan.lead_organisation == town
    expect(page).to_have_url(re.compile(rf"/samenwerking/actieplannen/{plan.pk}/$"))

    # 6. A goal tied to a measure: the scan's ownership at least 3.5 (a decimal comma).
    page.locator("#add-goal").click()
    page.locator("#id_title").fill("Partners voelen zich mee-eigenaar")
    page.locator("#id_measure").select_option("scan_dimension")
    page.locator("#id_dimension_key").select_option("ownership")
    page.locator("#id_comparator").select_option("gte")
    page.locator("#id_target_value").fill("9")
    page.locator("#save-goal").click()
    # A score above 5 is refused, and nothing is written.
    expect(page.locator(".error-summary")).to_be_visible()
    assert not Goal.objects.exists()
    page.locator("#id_target_value").fill("3,5")
    page.locator("#save-goal").click()
    goal = Goal.objects.get(plan=plan)
    card = page.locator(f"#goal-{goal.pk}")
    # Everyone's mean: (3 × 4 + 2 × 2 + 3) / 6 = 3.2, below the target.
    expect(card).to_have_attribute("data-met", "no")
    expect(card.locator(".measure-value")).to_have_text("3,2")

    # 7. An action for the goal, owned by the city, due yesterday: it shows as overdue.
    page.locator("#add-action").click()
    page.locator("#id_title").fill("Overleg om beurten voorzitten")
    page.locator("#id_owner").select_option(label="Stad Gent")
    page.locator("#id_lead_name").fill("Fien Claes")
    page.locator("#id_due_on").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.locator("#id_goal").select_option(str(goal.pk))
    page.locator("#id_dimension_key").select_option("ownership")
    page.locator("#save-action").click()
    action = Action.objects.get(plan=plan)
    assert action.owner == town and action.goal == goal
    page.locator("#board-link").click()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_have_attribute("data-overdue", "1")
    expect(card).to_have_attribute("data-status", "todo")
    card.locator("button[data-move='doing']").click()
    expect(page.locator(f"#column-doing #action-{action.pk}")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "doing"
    _keep(page, "collaboration-board.png")

    # 8. The timeline shows the wave (there are no milestones yet) and its results.
    page.goto(f"{live_server.url}/samenwerking/tijdlijn/")
    expect(page.locator(f"svg.timeline-svg g.wave[data-wave='{wave.pk}']")).to_have_count(1)
    expect(page.locator("svg.timeline-svg .overall-mark")).to_have_count(1)
    expect(page.locator(f"#timeline-scan-table th[data-wave='{wave.pk}']")).to_be_visible()
    expect(page.locator(f"svg.timeline-svg .period-mark[data-plan='{plan.pk}']")).to_have_count(1)
    _keep(page, "collaboration-timeline.png")
