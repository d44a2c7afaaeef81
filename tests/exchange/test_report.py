"""The report of a day: the reporter's link (drafts, coming back, submitting, refusals), the
programme team's editing, hiding, merging and publishing, and the report page."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatienet.accounts import links
from participatienet.exchange import group_services, report_services
from participatienet.exchange.choices import InsightStatus, ReportStatus
from participatienet.exchange.models import DayReport, GroupMember, Insight
from participatienet.exchange.report_services import ReportError
from tests.exchange.builders import learning_day, mixed_session, people

pytestmark = pytest.mark.django_db

REPORT_BUDGET = 13


@pytest.fixture
def setup(world):
    """A day with groups, a reporter in the first group and their link."""
    day = learning_day()
    people(day, 12)
    plan = group_services.form_groups(actor=None, session=mixed_session(day), seed=1)
    group = plan.groups.order_by("round", "number").first()
    member = group.members.select_related("registration").order_by("pk").first()
    group_services.set_reporter(actor=None, group=group, registration=member.registration)
    member.refresh_from_db()
    raw = group_services.reporter_link(member)
    return day, group, member, raw


def _link(raw: str) -> str:
    return reverse("exchange:report_by_link", kwargs={"token": raw})


def _insight(**fields):
    data = {"action": "save", "kind": "bottleneck", "text": "Rollen uitklaren is een zoektocht."}
    data.update(fields)
    return data


@pytest.fixture
def admin(world, login):
    return login(world.users["programme_admin"])


# --- By the reporter's link ----------------------------------------------------------------------


def test_a_reporter_saves_drafts_comes_back_changes_and_submits(client, setup):
    day, group, member, raw = setup
    first = client.post(_link(raw), _insight(themes=["roles", "collaboration"]))
    assert first.status_code == 302
    assert client.post(_link(raw), _insight(kind="idea", text="Begin klein.")).status_code == 302
    drafts = list(Insight.objects.order_by("pk"))
    assert [i.status for i in drafts] == [InsightStatus.DRAFT] * 2
    assert drafts[0].themes == ["roles", "collaboration"]
    assert drafts[0].group == group and drafts[0].day == day

    again = client.get(_link(raw))  # coming back with the same link
    assert again.status_code == 200
    assert f'id="insight-{drafts[0].pk}"' in again.content.decode()
    editing = client.get(_link(raw), {"edit": drafts[1].pk})
    assert "Begin klein." in editing.content.decode()

    changed = client.post(
        _link(raw), _insight(kind="idea", text="Begin klein, bouw op.", insight=drafts[1].pk)
    )
    assert changed.status_code == 302
    drafts[1].refresh_from_db()
    assert drafts[1].text == "Begin klein, bouw op."

    submitted = client.post(_link(raw), {"action": "submit"})
    assert submitted.status_code == 302
    assert set(Insight.objects.values_list("status", flat=True)) == {InsightStatus.SUBMITTED}
    group.refresh_from_db()
    assert group.submitted_at is not None
    # A submitted insight can no longer be changed or removed by the link.
    refused = client.post(_link(raw), _insight(text="Anders", insight=drafts[0].pk))
    assert refused.status_code == 400
    assert client.post(_link(raw), {"action": "delete", "insight": drafts[0].pk}).status_code == 400
    assert Insight.objects.count() == 2
    # More can still be added while the report is open.
    assert client.post(_link(raw), _insight(text="Nog iets")).status_code == 302
    assert Insight.objects.filter(status=InsightStatus.DRAFT).count() == 1


def test_a_draft_can_be_removed(client, setup):
    _day, _group, _member, raw = setup
    client.post(_link(raw), _insight())
    insight = Insight.objects.get()
    assert client.post(_link(raw), {"action": "delete", "insight": insight.pk}).status_code == 302
    assert not Insight.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        _insight(text="   "),
        _insight(kind="gerucht"),
        _insight(themes=["roles", "scale", "capacity", "newcomers"]),
        _insight(themes=["onbekend"]),
        _insight(quote="x" * 301),
        _insight(quote="Zeg het", quoted="OUTSIDER"),
        {"action": "submit"},
        {"action": "iets anders"},
        {"action": "delete", "insight": "geen"},
    ],
)
def test_bad_input_by_the_link_answers_400_and_writes_nothing(client, setup, data):
    _day, group, _member, raw = setup
    outsider = GroupMember.objects.exclude(group=group).filter(round=1).first()
    data = {k: (outsider.registration_id if v == "OUTSIDER" else v) for k, v in data.items()}
    response = client.post(_link(raw), data)
    assert response.status_code == 400
    assert not Insight.objects.exists()


def test_a_quote_names_a_member_of_the_group(client, setup):
    _day, group, member, raw = setup
    other = group.members.exclude(pk=member.pk).first()
    response = client.post(
        _link(raw),
        _insight(quote="Niemand is gemaakt om alleen te zijn.", quoted=other.registration_id),
    )
    assert response.status_code == 302
    assert Insight.objects.get().quoted_id == other.registration_id


def test_a_closed_report_shows_what_was_written_and_refuses_input(client, setup, world):
    day, _group, _member, raw = setup
    client.post(_link(raw), _insight())
    report_services.set_report_status(actor=None, day=day, status=ReportStatus.CLOSED)
    page = client.get(_link(raw))
    assert page.status_code == 200
    assert 'id="report-closed"' in page.content.decode()
    assert client.post(_link(raw), _insight(text="Te laat")).status_code == 409
    assert client.post(_link(raw), {"action": "submit"}).status_code == 409
    assert Insight.objects.get().status == InsightStatus.DRAFT
    with pytest.raises(ReportError) as error:
        report_services.save_insight(raw=raw, kind="idea", text="Via de service")
    assert error.value.code == "closed"


def test_a_published_report_stops_the_link(client, setup):
    day, _group, _member, raw = setup
    client.post(_link(raw), _insight())
    client.post(_link(raw), {"action": "submit"})
    report_services.set_report_status(actor=None, day=day, status=ReportStatus.PUBLISHED)
    assert client.get(_link(raw)).status_code == 410
    assert client.post(_link(raw), _insight(text="Te laat")).status_code == 410
    assert Insight.objects.count() == 1


def test_a_replaced_reporter_or_an_altered_link_is_refused(client, setup):
    _day, group, member, raw = setup
    assert client.get(_link(raw + "x")).status_code == 400
    other = group.members.exclude(pk=member.pk).first()
    group_services.set_reporter(actor=None, group=group, registration=other.registration)
    assert client.get(_link(raw)).status_code == 400  # the old link was revoked
    # A link that was not revoked, of someone who is no longer reporter, stops too.
    member.refresh_from_db()
    kept = links.create(purpose=group_services.PURPOSE_REPORT, obj=member)
    assert client.get(_link(kept)).status_code == 410
    assert client.post(_link(kept), _insight()).status_code == 410
    assert not Insight.objects.exists()


def test_the_link_page_is_not_cached_and_names_the_group(client, setup):
    _day, group, member, raw = setup
    response = client.get(_link(raw))
    assert response["Cache-Control"] == "no-store, private"
    assert member.registration.name in response.content.decode()


# --- The programme team --------------------------------------------------------------------------


def _submitted(raw: str, *texts: str, kind: str = "insight", **fields) -> list[Insight]:
    for text in texts:
        report_services.save_insight(raw=raw, kind=kind, text=text, **fields)
    report_services.submit(raw=raw)
    return list(Insight.objects.order_by("pk"))


def test_the_team_edits_hides_merges_and_publishes(admin, setup):
    day, _group, _member, raw = setup
    first, second, third = _submitted(raw, "Eén", "Twee", "Drie")
    edit = reverse("exchange:insight_edit", kwargs={"pk": day.pk, "insight": first.pk})
    assert admin.get(edit).status_code == 200
    response = admin.post(edit, {"kind": "insight", "text": "Eén, helderder", "themes": ["scale"]})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == InsightStatus.EDITED and first.text == "Eén, helderder"
    assert admin.post(edit, {"kind": "insight", "text": ""}).status_code == 400

    hide = reverse("exchange:insight_hide", kwargs={"pk": day.pk, "insight": third.pk})
    assert admin.post(hide, {"hidden": "1"}).status_code == 302
    third.refresh_from_db()
    assert third.status == InsightStatus.HIDDEN

    merge = reverse("exchange:insights_merge", kwargs={"pk": day.pk})
    assert admin.post(merge, {"insights": [first.pk]}).status_code == 400
    assert admin.post(merge, {"insights": [first.pk, second.pk]}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert "Twee" in first.text and second.status == InsightStatus.HIDDEN
    assert second.merged_into_id == first.pk

    status = reverse("exchange:report_status", kwargs={"pk": day.pk})
    assert admin.post(status, {"status": "published"}).status_code == 302
    statuses = dict(Insight.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: InsightStatus.PUBLISHED,
        second.pk: InsightStatus.HIDDEN,
        third.pk: InsightStatus.HIDDEN,
    }
    assert DayReport.objects.get().status == ReportStatus.PUBLISHED
    # Taking it back makes the published insights edited (or submitted) again.
    assert admin.post(status, {"status": "closed"}).status_code == 302
    first.refresh_from_db()
    assert first.status == InsightStatus.EDITED
    assert admin.post(status, {"status": "gepubliceerd"}).status_code == 400


def test_merging_insights_of_different_kinds_is_refused(admin, setup):
    day, _group, _member, raw = setup
    report_services.save_insight(raw=raw, kind="idea", text="Idee")
    report_services.save_insight(raw=raw, kind="bottleneck", text="Knelpunt")
    ids = list(Insight.objects.values_list("pk", flat=True))
    merge = reverse("exchange:insights_merge", kwargs={"pk": day.pk})
    assert admin.post(merge, {"insights": ids}).status_code == 400
    assert Insight.objects.filter(status=InsightStatus.HIDDEN).count() == 0


def test_publishing_without_anything_submitted_is_refused(admin, setup):
    day, _group, _member, raw = setup
    report_services.save_insight(raw=raw, kind="idea", text="Nog een draft")
    status = reverse("exchange:report_status", kwargs={"pk": day.pk})
    assert admin.post(status, {"status": "published"}).status_code == 409
    assert not DayReport.objects.filter(status=ReportStatus.PUBLISHED).exists()


def test_the_introduction_is_saved(admin, setup):
    day, *_rest = setup
    url = reverse("exchange:report_manage", kwargs={"pk": day.pk})
    assert admin.post(url, {"introduction": "Veel energie."}).status_code == 302
    assert DayReport.objects.get().introduction == "Veel energie."
    assert admin.post(url, {"introduction": "x" * 4001}).status_code == 400
    assert DayReport.objects.get().introduction == "Veel energie."


# --- The report page -----------------------------------------------------------------------------


def test_the_report_names_quoted_people_only_with_their_consent(admin, setup):
    day, group, member, raw = setup
    members = list(group.members.select_related("registration").exclude(pk=member.pk))
    consenting = next(m.registration for m in members if m.registration.consent_named_in_report)
    refusing = next(m.registration for m in members if not m.registration.consent_named_in_report)
    report_services.save_insight(
        raw=raw,
        kind="insight",
        text="Met naam",
        quote="Empathie is het sleutelwoord.",
        quoted=consenting,
    )
    report_services.save_insight(
        raw=raw, kind="insight", text="Zonder naam", quote="Benoem knelpunten.", quoted=refusing
    )
    report_services.submit(raw=raw)
    report_services.set_report_status(actor=None, day=day, status=ReportStatus.PUBLISHED)
    html = admin.get(reverse("exchange:report", kwargs={"pk": day.pk})).content.decode()
    assert "Empathie is het sleutelwoord." in html and "Benoem knelpunten." in html
    assert consenting.name in html
    assert refusing.name not in html
    assert html.count('data-named="1"') == 1 and html.count('data-named="0"') == 1


def test_the_report_is_visible_to_the_programme_only_once_published(world, login, setup):
    day, _group, _member, raw = setup
    url = reverse("exchange:report", kwargs={"pk": day.pk})
    _submitted(raw, "Samen dingen doen geeft energie.")
    coordinator = login(world.users["coordinator"])
    assert coordinator.get(url).status_code == 404
    preview = login(world.users["programme_admin"]).get(url)
    assert preview.status_code == 200 and 'data-preview="1"' in preview.content.decode()
    report_services.set_report_status(actor=None, day=day, status=ReportStatus.PUBLISHED)
    page = login(world.users["coordinator"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Samen dingen doen geeft energie." in html and 'data-preview="0"' in html
    assert login(world.users["partner_contact"]).get(url).status_code == 403


@pytest.mark.parametrize("count", [6, 60])
def test_the_report_and_the_team_page_keep_their_budget(
    world, login, count, django_assert_max_num_queries
):
    day = learning_day(capacity=100)
    people(day, count, core=2)
    plan = group_services.form_groups(actor=None, session=mixed_session(day), seed=1)
    for group in plan.groups.all():
        member = group.members.select_related("registration").first()
        group_services.set_reporter(actor=None, group=group, registration=member.registration)
        raw = group_services.reporter_link(GroupMember.objects.get(pk=member.pk))
        report_services.save_insight(
            raw=raw,
            kind="idea",
            text=f"Idee van {group}",
            quote="Citaat",
            quoted=member.registration,
        )
        report_services.submit(raw=raw)
    report_services.set_report_status(actor=None, day=day, status=ReportStatus.PUBLISHED)
    client = login(world.users["programme_admin"])
    for url in (
        reverse("exchange:report", kwargs={"pk": day.pk}),
        reverse("exchange:report_manage", kwargs={"pk": day.pk}),
    ):
        with django_assert_max_num_queries(REPORT_BUDGET):
            assert client.get(url).status_code == 200
