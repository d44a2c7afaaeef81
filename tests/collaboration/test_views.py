"""Pages of the collaboration scan: what they show, bad input, and query budgets."""

from __future__ import annotations

import datetime as dt
import random
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.collaboration import services
from participatienet.collaboration.models import (
    Answer,
    Dimension,
    Invitation,
    OpenQuestion,
    Response,
    ScanVersion,
    Statement,
    Wave,
)
from participatienet.demo.collaboration import seed_scans
from tests.collaboration import builders

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"collaboration:{name}", kwargs=kwargs)


def _answer_url(raw):
    return _url("answer", token=raw)


def _all(wave, value="4"):
    return {f"s{pk}": value for pk in builders.statement_ids(wave)}


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.fixture
def coordinator(world, login):
    return login(world.users["coordinator"])


# --- Opening a wave ------------------------------------------------------------------------------


def test_a_coordinator_opens_a_wave_for_the_current_region(world, coordinator):
    today = timezone.localdate()
    response = coordinator.post(
        _url("wave_create"),
        {
            "title": "Scan voorjaar",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=14)).isoformat(),
        },
    )
    wave = Wave.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("wave_invite", pk=wave.pk)
    assert wave.region == world.gent and wave.version.number == 1


def test_a_second_open_wave_is_refused_with_400_and_nothing_written(world, coordinator):
    builders.open_wave(world.gent)
    today = timezone.localdate()
    response = coordinator.post(
        _url("wave_create"),
        {"title": "Nog een", "opens_on": today, "closes_on": today + dt.timedelta(days=3)},
    )
    assert response.status_code == 400
    assert Wave.objects.count() == 1


def test_without_a_published_version_no_wave_opens(world, coordinator):
    ScanVersion.objects.update(status="retired")
    today = timezone.localdate()
    response = coordinator.post(
        _url("wave_create"),
        {"title": "x", "opens_on": today, "closes_on": today + dt.timedelta(days=3)},
    )
    assert response.status_code == 400
    assert not Wave.objects.exists()


# --- Inviting ------------------------------------------------------------------------------------


def test_the_invite_page_lists_the_region_people_and_marks_who_is_invited(world, coordinator):
    wave = builders.open_wave(world.gent)
    services.invite(
        actor=None, wave=wave, invitees=[services.Invitee("partner@test.be", "partner")]
    )
    page = coordinator.get(_url("wave_invite", pk=wave.pk)).content.decode()
    assert "coord@test.be" in page and "tb@test.be" in page
    assert "coord-kempen@test.be" not in page
    assert 'value="m' in page and 'value="c' in page


def test_inviting_people_of_the_region_and_typed_addresses_sends_mails(
    world, coordinator, mailoutbox
):
    wave = builders.open_wave(world.gent)
    contact = world.gent_club.contact_points.get()
    response = coordinator.post(
        _url("wave_invite", pk=wave.pk),
        {
            "people": [f"c{contact.pk}"],
            "addresses": "Een@School.be, twee@school.be\nDrie@school.be",
            "group": "other",
        },
    )
    assert response.status_code == 302
    invited = dict(Invitation.objects.values_list("email", "group"))
    assert invited == {
        contact.email: "partner",
        "een@school.be": "other",
        "twee@school.be": "other",
        "drie@school.be": "other",
    }
    assert len(mailoutbox) == 4
    assert {m.to[0] for m in mailoutbox} == set(invited)


def test_a_person_of_another_region_cannot_be_smuggled_in(world, coordinator):
    wave = builders.open_wave(world.gent)
    kempen = world.kempen_club.contact_points.get()
    response = coordinator.post(_url("wave_invite", pk=wave.pk), {"people": [f"c{kempen.pk}"]})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"addresses": "goed@club.be geen-adres", "group": "partner"},
        {"addresses": "goed@club.be"},
        {"addresses": "goed@club.be", "group": "friends"},
        {},
    ],
    ids=["bad address", "no group", "unknown group", "nobody"],
)
def test_bad_invitations_answer_400_and_invite_nobody(world, coordinator, mailoutbox, data):
    wave = builders.open_wave(world.gent)
    response = coordinator.post(_url("wave_invite", pk=wave.pk), data)
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    assert mailoutbox == []


# --- Running the wave ----------------------------------------------------------------------------


def test_the_wave_page_shows_counts_per_group_but_not_who_answered(world, coordinator):
    wave = builders.open_wave(world.gent)
    raws = builders.invite(wave, "partner", 3) + builders.invite(wave, "agii", 2)
    builders.answer(raws[0], wave)
    builders.answer(raws[3], wave)
    builders.answer(raws[1], wave, submit=False)
    response = coordinator.get(_url("wave_detail", pk=wave.pk))
    rate = {row.group: row for row in response.context["rate"].groups}
    assert (rate["partner"].invited, rate["partner"].responded, rate["partner"].drafts) == (3, 1, 1)
    assert (rate["agii"].invited, rate["agii"].responded) == (2, 1)
    page = response.content.decode()
    assert "partner0@voorbeeld.be" in page
    assert 'data-responded="2"' in page


def test_a_viewer_sees_the_counts_but_not_the_addresses(world, login):
    wave = builders.open_wave(world.gent)
    builders.invite(wave, "partner", 2)
    page = login(world.users["viewer"]).get(_url("wave_detail", pk=wave.pk)).content.decode()
    assert 'data-invited="2"' in page
    assert "@voorbeeld.be" not in page


def test_reminders_go_only_to_who_has_not_answered_once_a_week(world, coordinator, mailoutbox):
    wave = builders.open_wave(world.gent)
    raws = builders.invite(wave, "partner", 3)
    builders.answer(raws[0], wave)
    Invitation.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
    mailoutbox.clear()
    assert coordinator.post(_url("wave_remind", pk=wave.pk)).status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["partner1@voorbeeld.be", "partner2@voorbeeld.be"]
    assert "/samenwerking/scan/" in mailoutbox[0].body
    coordinator.post(_url("wave_remind", pk=wave.pk))
    assert len(mailoutbox) == 2
    assert set(Invitation.objects.filter(responded=False).values_list("reminders", flat=True)) == {
        1
    }


def test_closing_a_wave_leads_to_its_results(world, coordinator):
    wave = builders.open_wave(world.gent)
    response = coordinator.post(_url("wave_close", pk=wave.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("wave_results", pk=wave.pk)
    wave.refresh_from_db()
    assert wave.status == "closed"


def test_withdrawing_an_answered_invitation_answers_400(world, coordinator):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave)
    invitation = Invitation.objects.get()
    response = coordinator.post(_url("invitation_withdraw", pk=wave.pk, invitation=invitation.pk))
    assert response.status_code == 400
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_an_invitation_of_another_wave_is_not_found(world, coordinator):
    wave = builders.open_wave(world.gent)
    other = builders.open_wave(world.kempen)
    builders.invite(other)
    invitation = Invitation.objects.get(wave=other)
    response = coordinator.post(_url("invitation_withdraw", pk=wave.pk, invitation=invitation.pk))
    assert response.status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_preview_shows_the_questionnaire_without_a_form_that_posts(world, coordinator):
    wave = builders.open_wave(world.gent)
    page = coordinator.get(_url("wave_preview", pk=wave.pk)).content.decode()
    assert 'id="preview-notice"' in page
    assert 'name="action"' not in page and "csrfmiddlewaretoken" not in page
    assert (
        page.count('type="radio"')
        == 6 * Statement.objects.filter(dimension__version=wave.version).count()
    )


# --- Answering by link ---------------------------------------------------------------------------


def test_the_answer_page_shows_every_statement_and_the_saved_draft(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave, "agii")
    first = builders.statement_ids(wave)[0]
    services.save_answers(raw=raw, scores={first: 2}, texts={}, submit=False)
    response = client.get(_answer_url(raw))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert f'id="s{first}-2" value="2" checked' in page
    assert 'value="dk"' in page
    assert response.context["answered"] == 1
    assert response.context["total"] == len(builders.statement_ids(wave))


def test_saving_a_draft_redirects_back_and_keeps_it(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    data = {"action": "draft", **dict(list(_all(wave, "dk").items())[:2])}
    response = client.post(_answer_url(raw), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?opgeslagen=1")
    assert Response.objects.get().submitted is False
    assert Answer.objects.filter(score__isnull=True).count() == 2
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["saved"]


def test_submitting_then_opening_the_link_shows_the_answers_read_only(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    question = OpenQuestion.objects.filter(dimension__version=wave.version).first()
    data = {"action": "submit", **_all(wave, "5"), f"q{question.pk}": "Samen koken <b>"}
    response = client.post(_answer_url(raw), data)
    assert response.status_code == 302
    assert Response.objects.get().submitted
    page = client.get(_answer_url(raw))
    assert page.status_code == 200 and page.context["readonly"]
    text = page.content.decode()
    assert 'type="radio"' not in text
    assert "Samen koken &lt;b&gt;" in text
    again = client.post(_answer_url(raw), {"action": "draft"})
    assert again.status_code == 410
    assert set(Answer.objects.values_list("score", flat=True)) == {5}


@pytest.mark.parametrize(
    "bad",
    [
        lambda wave: {"action": "submit", **dict(list(_all(wave).items())[:-1])},
        lambda wave: {"action": "draft", **dict(list(_all(wave, "6").items())[:1])},
        lambda wave: {"action": "send", **_all(wave)},
        lambda wave: {"action": "draft", f"q{OpenQuestion.objects.first().pk}": "x" * 2001},
    ],
    ids=["statement missing", "score 6", "unknown action", "answer too long"],
)
def test_bad_answers_answer_400_and_write_nothing(world, client, bad):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    response = client.post(_answer_url(raw), bad(wave))
    assert response.status_code == 400
    assert not Response.objects.exists()
    assert not Invitation.objects.get().responded


def test_a_closed_wave_refuses_answers_with_a_clear_page(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.close(wave)
    get = client.get(_answer_url(raw))
    post = client.post(_answer_url(raw), {"action": "submit", **_all(wave)})
    assert get.status_code == post.status_code == 410
    assert post.context["reason"] == "closed"
    assert not Response.objects.exists()


def test_an_altered_link_answers_400(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    response = client.post(_answer_url(builders.tampered(raw)), {"action": "submit", **_all(wave)})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_wave_that_has_not_opened_yet_says_so(world, client):
    today = timezone.localdate()
    wave = services.open_wave(
        actor=None,
        region=world.gent,
        title="Later",
        opens_on=today + dt.timedelta(days=2),
        closes_on=today + dt.timedelta(days=9),
    )
    (raw,) = builders.invite(wave)
    assert client.get(_answer_url(raw)).status_code == 409
    assert client.post(_answer_url(raw), {"action": "draft"}).status_code == 409


def test_the_link_page_is_in_dutch_whatever_the_browser_asks(world, client):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    response = client.get(_answer_url(raw), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"].startswith("nl")


# --- Results -------------------------------------------------------------------------------------


def _closed_with_answers(world):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 4, 5])
    builders.respond(wave, "agii", [2, 2, 2])
    builders.respond(wave, "local_government", [4, 5, 4])
    builders.respond(wave, "coordination", [5])
    return builders.close(wave)


def test_results_show_groups_side_by_side_and_flag_differences(world, coordinator):
    wave = _closed_with_answers(world)
    response = coordinator.get(_url("wave_results", pk=wave.pk))
    assert response.status_code == 200
    shown = response.context["shown"]
    ownership = next(d for d in shown["dimensions"] if d["key"] == "ownership")
    cells = {cell["group"]: cell for cell in ownership["cells"]}
    assert cells["coordination"]["stats"] is None
    # The coordinator alone would be given away by the total: a second group is hidden too.
    assert sum(1 for cell in cells.values() if cell["hidden"]) == 2
    assert ownership["others"] is not None
    page = response.content.decode()
    assert 'class="dot-plot"' in page and 'id="group-table"' in page
    # Numbers in SVG attributes never get a decimal comma (the page is in Dutch).
    svg = page.split('class="dot-plot"')[1].split("</svg>")[0]
    attributes = re.findall(r'\s([a-z0-9-]+)="([^"]*)"', svg)
    assert [value for name, value in attributes if re.search(r"\d,\d", value)] == []
    assert re.search(r'cx="|x="\d+\.\d"', svg)


def test_results_of_an_open_wave_show_only_the_response_rate(world, coordinator):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 4, 4])
    response = coordinator.get(_url("wave_results", pk=wave.pk))
    assert response.status_code == 200
    assert "result" not in response.context
    assert 'id="not-ready"' in response.content.decode()


def test_results_compare_the_region_with_its_earlier_waves(world, coordinator):
    older = builders.open_wave(world.gent, title="Vroeger")
    builders.respond(older, "partner", [2, 2, 3])
    builders.close(older)
    Wave.objects.filter(pk=older.pk).update(opens_on=timezone.localdate() - dt.timedelta(days=200))
    wave = builders.open_wave(world.gent, title="Nu")
    builders.respond(wave, "partner", [4, 4, 4], prefix="nu")
    builders.close(wave)
    response = coordinator.get(_url("wave_results", pk=wave.pk))
    rows = {row.key: row for row in response.context["trend_rows"]}
    assert rows["ownership"].change == pytest.approx(4 - 7 / 3)
    assert 'id="trend-chart"' in response.content.decode()


def test_the_print_page_is_one_standalone_page(world, coordinator):
    wave = _closed_with_answers(world)
    response = coordinator.get(_url("wave_print", pk=wave.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "collaboration/print.css" in page
    assert 'class="main-nav"' not in page


def test_the_programme_admin_never_reaches_a_region_results(world, login):
    wave = _closed_with_answers(world)
    client = login(world.users["programme_admin"])
    assert client.get(_url("wave_results", pk=wave.pk)).status_code == 404
    assert client.get(_url("wave_list")).status_code == 403


# --- Versions ------------------------------------------------------------------------------------


def test_an_admin_edits_a_draft_and_publishes_it(world, login):
    client = login(world.users["programme_admin"])
    assert client.post(_url("version_create")).status_code == 302
    draft = ScanVersion.objects.get(status="draft")
    dimension = draft.dimensions.get(key="energy")
    response = client.post(
        _url("dimension_update", pk=draft.pk, dimension=dimension.pk),
        {
            "title": "Energie",
            "description": "",
            "order": "7",
            "statement_1": "Het netwerk geeft me energie.",
            "statement_3": "We doen dingen samen.",
            "question": "Wat gaf energie?",
        },
    )
    assert response.status_code == 302
    assert list(dimension.statements.values_list("text", flat=True)) == [
        "Het netwerk geeft me energie.",
        "We doen dingen samen.",
    ]
    assert client.post(_url("version_publish", pk=draft.pk), {"note": "x"}).status_code == 302
    assert ScanVersion.objects.get(status="published") == draft


def test_a_dimension_with_one_statement_is_refused_with_400(world, login):
    client = login(world.users["programme_admin"])
    draft = services.create_draft_version(actor=None)
    dimension = draft.dimensions.get(key="energy")
    before = list(dimension.statements.values_list("text", flat=True))
    response = client.post(
        _url("dimension_update", pk=draft.pk, dimension=dimension.pk),
        {"title": "E", "order": "1", "statement_1": "Alleen", "question": "?"},
    )
    assert response.status_code == 400
    assert list(dimension.statements.values_list("text", flat=True)) == before


def test_a_published_version_answers_409_and_stays_as_it_was(world, login):
    client = login(world.users["programme_admin"])
    version = ScanVersion.objects.get(number=1)
    dimension = version.dimensions.first()
    response = client.post(
        _url("dimension_update", pk=version.pk, dimension=dimension.pk),
        {"title": "Anders", "order": "1", "statement_1": "a", "statement_2": "b", "question": "?"},
    )
    assert response.status_code == 409
    dimension.refresh_from_db()
    assert dimension.title == "Gedeelde ambitie"
    assert (
        client.post(_url("dimension_delete", pk=version.pk, dimension=dimension.pk)).status_code
        == 409
    )
    assert Dimension.objects.filter(pk=dimension.pk).exists()


# --- Query budgets -------------------------------------------------------------------------------


def test_the_wave_list_runs_the_same_queries_for_few_and_many_waves(world, coordinator):
    builders.close(builders.open_wave(world.gent))
    few = _queries(coordinator, _url("wave_list"))
    for _ in range(12):
        wave = builders.open_wave(world.gent)
        builders.invite(wave, "partner", 2)
        builders.close(wave)
    assert _queries(coordinator, _url("wave_list")) == few


def test_the_wave_page_runs_the_same_queries_for_few_and_many_invitations(world, coordinator):
    wave = builders.open_wave(world.gent)
    builders.invite(wave, "partner", 2)
    few = _queries(coordinator, _url("wave_detail", pk=wave.pk))
    builders.invite(wave, "agii", 40)
    assert _queries(coordinator, _url("wave_detail", pk=wave.pk)) == few


def test_results_and_print_pages_run_the_same_queries_for_small_and_large_waves(world, coordinator):
    small = _closed_with_answers(world)
    few = _queries(coordinator, _url("wave_results", pk=small.pk))
    few_print = _queries(coordinator, _url("wave_print", pk=small.pk))
    seed_scans(rng=random.Random(1), now=timezone.now() + dt.timedelta(days=400))
    large = Wave.objects.filter(region=world.gent, status="closed").order_by("-opens_on").first()
    assert Response.objects.filter(wave=large).count() > 10
    assert _queries(coordinator, _url("wave_results", pk=large.pk)) == few
    assert _queries(coordinator, _url("wave_print", pk=large.pk)) == few_print


def test_the_answer_page_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries
):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave, 3, submit=False)
    with django_assert_max_num_queries(12):
        assert client.get(_answer_url(raw)).status_code == 200


def test_version_and_spread_pages_run_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries
):
    client = login(world.users["programme_admin"])
    seed_scans(rng=random.Random(2), now=timezone.now())
    with django_assert_max_num_queries(12):
        assert client.get(_url("spread")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("version_list")).status_code == 200
    with django_assert_max_num_queries(14):
        version = ScanVersion.objects.get(number=1)
        assert client.get(_url("version_detail", pk=version.pk)).status_code == 200


def test_the_invite_page_runs_a_bounded_number_of_queries(
    world, coordinator, django_assert_max_num_queries
):
    wave = builders.open_wave(world.gent)
    with django_assert_max_num_queries(14):
        assert coordinator.get(_url("wave_invite", pk=wave.pk)).status_code == 200
