"""The journey of a trajectory, in the browser, from intake to feedback (issue 3, Acceptance).

A counsellor registers a newcomer, finds a fitting offer and refers; the partner accepts by
e-mail link; the counsellor starts the participation and enters 5 × 8 hours; the partner
confirms them all by link; the trajectory (40 of 40 confirmed hours) is completed; its proof
prints; the newcomer gives feedback by link in Arabic (right to left).

The links are taken from the e-mails the live server sent (``mail.outbox``, locmem backend) and
opened in a fresh browser context: partners and newcomers have no account.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participatienet.accounts.choices import Role
from participatienet.trajectories.models import Feedback, HourEntry, Newcomer, Participation
from tests import factories
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTNER_EMAIL = "an.peeters@kookclub-gent.be"
NEWCOMER_EMAIL = "amal.haddad@voorbeeld.be"
OFFER_TITLE = "Samen koken in de Brugse Poort"
TUESDAY_EVENING = 1 << (1 * 3 + 2)  # offers/schedule.py: bit day * 3 + part of day
COOKING = 1 << 2
HOURS = 8
ENTRIES = 5
LINK_PATH = re.compile(r"https?://[^/\s]+(/link/[^/\s]+/)")


# --- Helpers -------------------------------------------------------------------------------------


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/account/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fijn je te zien")


def _link_in_newest_mail(to):
    """The path of the signed link in the newest e-mail to ``to`` (the server's own SITE_URL is
    not the live server's address, so only the path is kept)."""
    sent = [message for message in mail.outbox if to in message.to]
    assert sent, f"no e-mail to {to}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    match = LINK_PATH.search(sent[-1].body)
    assert match, f"no link in the e-mail to {to}:\n{sent[-1].body}"
    return match.group(1)


def _as_guest(browser):
    """A fresh browser context without a session: someone who only has the e-mail."""
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    guest = context.new_page()
    guest.set_default_timeout(15_000)
    return context, guest


def _keep(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _world():
    gent = factories.region("gent")
    municipality = gent.municipalities.get(name="Gent")
    counsellor = factories.user_with_role(Role.COUNSELLOR, region_slug="gent", email="tb@test.be")
    counsellor.full_name = "Sara Claes"
    counsellor.save(update_fields=["full_name"])
    club = factories.OrganisationFactory(
        name="Kookclub De Pollepel", region=gent, municipality=municipality
    )
    contact = factories.ContactPointFactory(
        organisation=club, name="An Peeters", email=PARTNER_EMAIL
    )
    offer = factories.OfferFactory(
        title=OFFER_TITLE,
        organisation=club,
        contact=contact,
        municipality=municipality,
        schedule_mask=TUESDAY_EVENING,
        themes_mask=COOKING,
        min_dutch_level=0,
        capacity=1,
    )
    return counsellor, offer


# --- The journey ---------------------------------------------------------------------------------


def test_a_trajectory_from_intake_to_feedback_in_arabic(page, browser, live_server):
    counsellor, offer = _world()
    today = timezone.localdate()
    started_on = today - dt.timedelta(days=42)

    # 1. The counsellor registers the newcomer; the trajectory opens (intake).
    _log_in(page, live_server, counsellor.email)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Inburgeraars"
    ).click()
    page.get_by_role("link", name="Inburgeraar registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inburgeraar registreren")
    page.get_by_label("Voornaam").fill("Amal")
    page.get_by_label("Achternaam").fill("Haddad")
    page.get_by_label(re.compile(r"^E-mailadres")).fill(NEWCOMER_EMAIL)
    page.get_by_label("Kanaal voor contact").select_option("email")
    page.get_by_label("Taal voor berichten").select_option(label="العربية")
    page.get_by_label("Gemeente waar de inburgeraar woont").select_option(label="Gent (Gent)")
    page.get_by_label("Niveau Nederlands").select_option(label="A1")
    page.get_by_label("Arabisch", exact=True).check()
    page.get_by_label("koken en eten").check()
    page.get_by_label("dinsdag avond").check()
    page.get_by_label("donderdag avond").check()
    page.get_by_role("button", name="Registreren en traject openen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Traject van Amal Haddad")
    newcomer = Newcomer.objects.get(email=NEWCOMER_EMAIL)
    assert newcomer.preferred_language == "ar"
    assert newcomer.counsellor == counsellor
    assert newcomer.municipality.name == "Gent"
    assert newcomer.availability_mask & TUESDAY_EVENING
    trajectory = newcomer.trajectories.get()
    assert trajectory.status == "intake"
    assert trajectory.counsellor == counsellor

    # 2. Find offers lists the fitting offer; the counsellor refers the newcomer to it.
    page.get_by_role("link", name="Aanbod zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanbod voor Amal Haddad")
    suggestion = page.locator(f"#offer-{offer.pk}")
    expect(suggestion.get_by_role("heading", name=OFFER_TITLE)).to_be_visible()
    suggestion.get_by_role("button", name=f"Doorverwijzen naar {OFFER_TITLE}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    participation = Participation.objects.get(trajectory=trajectory)
    assert participation.offer == offer
    assert participation.status == "referred"
    assert participation.referred_by == counsellor
    trajectory.refresh_from_db()
    assert trajectory.status == "searching"

    # 3. The partner accepts by the link in its e-mail, without an account.
    context, partner = _as_guest(browser)
    try:
        partner.goto(live_server.url + _link_in_newest_mail(PARTNER_EMAIL))
        expect(partner.get_by_role("heading", level=1)).to_have_text(
            f"Amal wil graag deelnemen aan “{OFFER_TITLE}”"
        )
        partner.get_by_label("Aanvaarden: de inburgeraar is welkom").check()
        partner.get_by_role("button", name="Mijn antwoord versturen").click()
        expect(partner.get_by_role("heading", level=1)).to_have_text("Bedankt voor je antwoord")
    finally:
        context.close()
    participation.refresh_from_db()
    assert participation.status == "accepted"
    assert participation.answered_by_label == PARTNER_EMAIL

    # 4. The counsellor starts the participation, six weeks ago.
    page.reload()
    page.get_by_role("link", name="Deelname starten").click()
    page.get_by_label("Gestart op").fill(started_on.isoformat())
    page.get_by_role("button", name="Starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    expect(page.get_by_text("De deelname is gestart.")).to_be_visible()
    participation.refresh_from_db()
    trajectory.refresh_from_db()
    assert participation.status == "active"
    assert participation.started_on == started_on
    assert trajectory.status == "active"

    # 5. The counsellor enters 5 × 8 hours on past dates after the start.
    dates = [started_on + dt.timedelta(days=7 * week) for week in range(1, ENTRIES + 1)]
    waiting = page.locator("table.hours-table tbody tr.entry-unconfirmed")
    entry_form = page.get_by_role("region", name="Uren invullen")
    for number, date in enumerate(dates, start=1):
        entry_form.get_by_label("Datum").fill(date.isoformat())
        entry_form.get_by_role("textbox", name="Uren", exact=True).fill(str(HOURS))
        entry_form.get_by_label("Opmerking").fill(f"Kookavond {number}")
        entry_form.get_by_role("button", name="Uren bewaren").click()
        expect(waiting).to_have_count(number)
    expect(page.get_by_text("De uren zijn bewaard en wachten op bevestiging.")).to_be_visible()
    entries = HourEntry.objects.filter(participation=participation)
    assert entries.count() == ENTRIES
    assert set(entries.values_list("status", flat=True)) == {"unconfirmed"}
    assert sorted(entries.values_list("date", flat=True)) == dates
    assert sum(entries.values_list("hours", flat=True)) == Decimal(HOURS * ENTRIES)

    # 6. The partner confirms all hours by the link in the newest e-mail.
    context, partner = _as_guest(browser)
    try:
        partner.goto(live_server.url + _link_in_newest_mail(PARTNER_EMAIL))
        expect(partner.get_by_role("heading", level=1)).to_have_text(
            f"Uren van Amal bij “{OFFER_TITLE}”"
        )
        expect(partner.locator("ol.entries > li")).to_have_count(ENTRIES)
        partner.get_by_role(
            "button", name=f"Alle {ENTRIES} registraties bevestigen ({HOURS * ENTRIES} u)"
        ).click()
        expect(partner.get_by_role("heading", level=1)).to_have_text(
            "Bedankt: de uren zijn bewaard"
        )
    finally:
        context.close()
    assert set(entries.values_list("status", flat=True)) == {"confirmed"}
    assert set(entries.values_list("confirmed_via", flat=True)) == {"link"}
    labels = entries.values_list("confirmed_by_label", flat=True)
    assert all(label == PARTNER_EMAIL for label in labels), list(labels)

    # 7. Back in the app: 40 of 40 confirmed hours; the counsellor completes the trajectory.
    page.get_by_role("link", name="Naar het traject").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject van Amal Haddad")
    expect(page.locator(".progress-panel")).to_contain_text("40 van 40 bevestigde uren")
    page.get_by_role("link", name="Traject afronden").click()
    page.get_by_role("button", name="Traject afronden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject van Amal Haddad")
    expect(page.get_by_text("Het traject is afgerond.", exact=False)).to_be_visible()
    trajectory.refresh_from_db()
    participation.refresh_from_db()
    assert trajectory.status == "completed"
    assert trajectory.closed_on == today
    assert participation.status == "completed"
    assert participation.ended_on == today

    # 8. The proof prints: five entries, each confirmed by the partner's link.
    page.get_by_role("link", name="Overzicht voor het bewijs van deelname").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van de deelnames")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    proof = page.locator("article.proof")
    expect(proof).to_contain_text("40 van 40 bevestigde uren")
    rows = proof.locator("table.proof-hours tbody tr")
    expect(rows).to_have_count(ENTRIES)
    for row, date in zip(rows.all(), dates, strict=True):
        expect(row).to_contain_text(date.strftime("%d/%m/%Y"))
        expect(row).to_contain_text("bevestigd")
        expect(row).to_contain_text(re.compile(rf"door .*{re.escape(PARTNER_EMAIL)}"))
        expect(row).to_contain_text("(via e-maillink)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "trajectory-proof.pdf"), format="A4", print_background=True)
    _keep(page, "trajectory-proof-print.png")
    page.emulate_media(media="screen")

    # 9. The newcomer gives feedback by link, in Arabic (the preferred language), right to left.
    context, newcomer_page = _as_guest(browser)
    try:
        newcomer_page.goto(live_server.url + _link_in_newest_mail(NEWCOMER_EMAIL))
        html = newcomer_page.locator("html")
        expect(html).to_have_attribute("dir", "rtl")
        expect(html).to_have_attribute("lang", "ar")
        expect(newcomer_page.get_by_role("heading", level=1)).to_have_text("كيف كانت التجربة؟")
        # The radios are hidden under the faces: a newcomer taps the face (its label).
        answers = {
            "felt_welcome": (5, "نعم، كثيرًا"),
            "practised_dutch": (4, "نعم"),
            "met_new_people": (5, "نعم، كثيرًا"),
            "wants_to_continue": (4, "نعم"),
        }
        for question, (value, label) in answers.items():
            scale = newcomer_page.locator(f"#q-{question}")
            scale.locator(f"label.face-{value}").click()
            expect(scale.get_by_role("radio", name=label, exact=True)).to_be_checked()
        newcomer_page.get_by_label("هل تريد أن تضيف شيئًا آخر؟").fill("شكرًا على الطبخ معًا!")
        _keep(newcomer_page, "feedback-newcomer-ar.png")
        newcomer_page.get_by_role("button", name="إرسال").click()
        expect(newcomer_page.get_by_role("heading", level=1)).to_have_text("شكرًا لك!")
        expect(html).to_have_attribute("dir", "rtl")
    finally:
        context.close()
    feedback = Feedback.objects.get(participation=participation, respondent="newcomer")
    assert feedback.language == "ar"
    assert (
        feedback.felt_welcome,
        feedback.practised_dutch,
        feedback.met_new_people,
        feedback.wants_to_continue,
    ) == (5, 4, 5, 4)
    assert feedback.text == "شكرًا على الطبخ معًا!"
