"""A coordinator logs in, opens the region page and sees its municipalities."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participatienet.accounts.choices import Role
from participatienet.regions.models import Region
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/account/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def test_coordinator_opens_the_region_page_and_sees_the_municipalities(page, live_server):
    factories.user_with_role(
        Role.COORDINATOR, region_slug="vlaamse-ardennen", email="coord@test.be"
    )
    _log_in(page, live_server, "coord@test.be")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fijn je te zien")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Regio's"
    ).click()
    page.get_by_role("link", name="Vlaamse Ardennen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vlaamse Ardennen")
    region = Region.objects.get(slug="vlaamse-ardennen")
    names = list(region.municipalities.values_list("name", flat=True))
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(len(names) + 1)
    for name in names:
        expect(rows.filter(has_text=name).first).to_be_visible()
    expect(page.locator("svg.map-svg .region-points circle")).to_have_count(len(names))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "region-page.png"), full_page=True)


def test_five_wrong_passwords_block_login_with_a_dutch_message(page, live_server):
    factories.UserFactory(email="an@test.be")
    for _ in range(5):
        page.goto(f"{live_server.url}/account/aanmelden/")
        page.get_by_label("E-mailadres").fill("an@test.be")
        page.get_by_label("Wachtwoord").fill("verkeerd")
        page.get_by_role("button", name="Aanmelden").click()
    _log_in(page, live_server, "an@test.be")
    expect(page.get_by_role("alert")).to_contain_text("Te veel mislukte pogingen")


def test_the_menu_folds_open_on_a_phone(phone, live_server):
    factories.user_with_role(Role.COUNSELLOR, region_slug="gent", email="tb@test.be")
    _log_in(phone, live_server, "tb@test.be")
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(phone.get_by_role("link", name="Regio's")).to_be_hidden()
    menu.click()
    expect(phone.get_by_role("link", name="Regio's")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
