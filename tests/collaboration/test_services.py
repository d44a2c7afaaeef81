"""Services of the collaboration scan: versions, waves, invitations, drafts and submissions."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from participatienet.accounts import links
from participatienet.accounts.models import AuditEntry, LinkToken
from participatienet.collaboration import selectors, services
from participatienet.collaboration.models import (
    Answer,
    Dimension,
    Invitation,
    OpenAnswer,
    OpenQuestion,
    Response,
    ScanVersion,
    Statement,
    Wave,
)
from tests.collaboration import builders

pytestmark = pytest.mark.django_db


# --- Version 1 and new versions ----------------------------------------------------------------


def test_version_one_is_published_with_eight_dimensions_of_two_to_four_statements(db):
    version = builders.current_version()
    assert version.number == 1
    keys = list(version.dimensions.values_list("key", flat=True))
    assert keys == [
        "shared_ambition",
        "interests_roles",
        "ownership",
        "communication",
        "trust_empathy",
        "newcomer_focus",
        "energy",
        "results",
    ]
    for dimension in version.dimensions.all():
        assert 2 <= dimension.statements.count() <= 4
        assert dimension.open_question.text
    assert services.version_problems(version) == []


def test_a_new_draft_is_a_copy_of_the_latest_version(world):
    admin = world.users["programme_admin"]
    draft = services.create_draft_version(actor=admin)
    assert (draft.number, draft.status) == (2, "draft")
    original = builders.current_version()
    assert list(draft.dimensions.values_list("key", "title")) == list(
        original.dimensions.values_list("key", "title")
    )
    assert Statement.objects.filter(dimension__version=draft).count() == (
        Statement.objects.filter(dimension__version=original).count()
    )
    assert OpenQuestion.objects.filter(dimension__version=draft).count() == 8
    with pytest.raises(services.ScanError) as error:
        services.create_draft_version(actor=admin)
    assert error.value.code == "draft_exists"


def test_editing_a_draft_dimension_keeps_two_to_four_statements(world):
    admin = world.users["programme_admin"]
    draft = services.create_draft_version(actor=admin)
    dimension = draft.dimensions.get(key="ownership")
    services.update_dimension(
        actor=admin,
        dimension=dimension,
        title="Gedeeld eigenaarschap",
        description="",
        question="Wie neemt wat op?",
        statements=["Eén", "  Twee  "],
        order=3,
    )
    dimension.refresh_from_db()
    assert dimension.title == "Gedeeld eigenaarschap"
    assert list(dimension.statements.values_list("text", flat=True)) == ["Eén", "Twee"]
    assert dimension.open_question.text == "Wie neemt wat op?"
    with pytest.raises(services.ScanError) as error:
        services.update_dimension(
            actor=admin,
            dimension=dimension,
            title="x",
            description="",
            question="?",
            statements=["alleen één"],
            order=3,
        )
    assert error.value.code == "statement_count"
    assert dimension.statements.count() == 2


def test_publishing_retires_the_previous_version_and_keeps_waves_on_theirs(world):
    admin = world.users["programme_admin"]
    wave = builders.open_wave(world.gent)
    draft = services.create_draft_version(actor=admin)
    services.publish_version(actor=admin, version=draft, note="Nieuwe tekst")
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert ScanVersion.objects.get(number=1).status == "retired"
    assert ScanVersion.objects.filter(status="published").count() == 1
    wave.refresh_from_db()
    assert wave.version.number == 1
    assert AuditEntry.objects.filter(action="scanversion.published").exists()


def test_a_published_version_can_no_longer_change(world):
    admin = world.users["programme_admin"]
    version = builders.current_version()
    dimension = version.dimensions.first()
    with pytest.raises(services.ScanError) as error:
        services.update_dimension(
            actor=admin,
            dimension=dimension,
            title="x",
            description="",
            question="?",
            statements=["a", "b"],
            order=1,
        )
    assert error.value.code == "not_draft"
    with pytest.raises(services.ScanError):
        services.publish_version(actor=admin, version=version)
    with pytest.raises(services.ScanError):
        services.remove_dimension(actor=admin, dimension=dimension)


def test_an_incomplete_draft_cannot_be_published(world):
    admin = world.users["programme_admin"]
    draft = services.create_draft_version(actor=admin)
    Statement.objects.filter(dimension__version=draft, dimension__key="energy").exclude(
        order=1
    ).delete()
    with pytest.raises(services.ScanError) as error:
        services.publish_version(actor=admin, version=draft)
    assert error.value.code == "incomplete"
    assert error.value.detail == [("Energie en samen doen", "statement_count")]
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert builders.current_version().number == 1


def test_a_draft_dimension_needs_a_new_key(world):
    admin = world.users["programme_admin"]
    draft = services.create_draft_version(actor=admin)
    with pytest.raises(services.ScanError) as error:
        services.add_dimension(
            actor=admin,
            version=draft,
            key="ownership",
            title="Dubbel",
            description="",
            question="?",
            statements=["a", "b"],
            order=9,
        )
    assert error.value.code == "key_taken"
    added = services.add_dimension(
        actor=admin,
        version=draft,
        key="learning",
        title="Samen leren",
        description="",
        question="Wat leerde je?",
        statements=["a", "b", "c"],
        order=9,
    )
    assert added.statements.count() == 3


def test_at_most_one_version_is_published(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScanVersion.objects.create(number=7, status="published")


# --- Waves ---------------------------------------------------------------------------------------


def test_a_wave_opens_in_the_current_version(world):
    coordinator = world.users["coordinator"]
    wave = builders.open_wave(world.gent, coordinator)
    assert wave.version == builders.current_version()
    assert wave.status == "open" and wave.accepts_answers()
    assert wave.created_by == coordinator
    assert AuditEntry.objects.filter(action="wave.opened", object_id=str(wave.pk)).exists()


def test_a_region_has_one_open_wave_at_a_time(world):
    builders.open_wave(world.gent)
    with pytest.raises(services.ScanError) as error:
        builders.open_wave(world.gent)
    assert error.value.code == "wave_open"
    builders.open_wave(world.kempen)  # another region is free


def test_a_wave_past_its_closing_day_is_closed_before_a_new_one_opens(world):
    old = builders.open_wave(world.gent)
    Wave.objects.filter(pk=old.pk).update(
        opens_on=timezone.localdate() - dt.timedelta(days=30),
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    builders.open_wave(world.gent)
    old.refresh_from_db()
    assert old.status == "closed"


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(0, -1, "dates"), (-10, -1, "closes_in_past"), (0, 400, "too_long")],
)
def test_wrong_dates_open_no_wave(world, opens, closes, code):
    today = timezone.localdate()
    with pytest.raises(services.ScanError) as error:
        services.open_wave(
            actor=None,
            region=world.gent,
            title="x",
            opens_on=today + dt.timedelta(days=opens),
            closes_on=today + dt.timedelta(days=closes),
        )
    assert error.value.code == code
    assert not Wave.objects.exists()


def test_closing_erases_addresses_and_drafts_but_keeps_answers_and_counts(world):
    wave = builders.open_wave(world.gent)
    raws = builders.invite(wave, "partner", 3)
    builders.answer(raws[0], wave, 4)
    builders.answer(raws[1], wave, 3, submit=False)
    builders.close(wave)
    wave.refresh_from_db()
    assert wave.status == "closed" and wave.closed_at is not None
    assert set(wave.invitations.values_list("email", flat=True)) == {""}
    assert wave.invitations.count() == 3
    assert Response.objects.filter(wave=wave).count() == 1
    assert selectors.response_rate(wave).responded == 1
    with pytest.raises(services.ScanError):
        builders.close(wave)


# --- Invitations ---------------------------------------------------------------------------------


def test_invitations_are_sent_with_a_personal_link(world, mailoutbox):
    wave = builders.open_wave(world.gent)
    report = services.invite(
        actor=world.users["coordinator"],
        wave=wave,
        invitees=[
            services.Invitee("An@Club.be ", "partner"),
            services.Invitee("an@club.be", "partner"),
            services.Invitee("tb@agii.be", "agii"),
        ],
    )
    assert [i.email for i in report.invited] == ["an@club.be", "tb@agii.be"]
    assert len(mailoutbox) == 2
    assert mailoutbox[0].to == ["an@club.be"]
    assert "/samenwerking/scan/" in mailoutbox[0].body
    assert all(i.sent_at is not None for i in Invitation.objects.all())
    token = LinkToken.objects.filter(purpose=services.PURPOSE).first()
    # The address is not copied into the link; the link expires after the closing day.
    assert token.recipient == ""
    assert timezone.localtime(token.expires_at).date() == wave.closes_on + dt.timedelta(days=1)


def test_an_address_is_invited_once(world, mailoutbox):
    wave = builders.open_wave(world.gent)
    services.invite(actor=None, wave=wave, invitees=[services.Invitee("a@b.be", "partner")])
    report = services.invite(actor=None, wave=wave, invitees=[services.Invitee("a@b.be", "agii")])
    assert report.invited == [] and report.already == ["a@b.be"]
    assert len(mailoutbox) == 1


def test_one_bad_address_invites_nobody(world, mailoutbox):
    wave = builders.open_wave(world.gent)
    with pytest.raises(services.ScanError) as error:
        services.invite(
            actor=None,
            wave=wave,
            invitees=[services.Invitee("goed@b.be", "partner"), services.Invitee("fout", "agii")],
        )
    assert error.value.code == "bad_email"
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_closed_wave_takes_no_invitations(world):
    wave = builders.close(builders.open_wave(world.gent))
    with pytest.raises(services.ScanError) as error:
        builders.invite(wave)
    assert error.value.code == "closed"


def test_a_failed_email_is_sent_again_by_the_next_reminder_run(world, mailoutbox, monkeypatch):
    wave = builders.open_wave(world.gent)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    report = services.invite(
        actor=None, wave=wave, invitees=[services.Invitee("a@b.be", "partner")]
    )
    assert report.failed == ["a@b.be"]
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    monkeypatch.undo()
    again = services.send_reminders()
    assert again.invited == 1 and again.reminded == 0
    assert len(mailoutbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_invitation_candidates_are_the_region_people_with_their_group(world):
    wave = builders.open_wave(world.gent)
    candidates = {c.email: c for c in selectors.invitation_candidates(wave)}
    assert candidates["coord@test.be"].group == "coordination"
    assert candidates["tb@test.be"].group == "agii"
    assert candidates["lokaal@test.be"].group == "local_government"
    assert candidates["partner@test.be"].group == "partner"
    contact = world.gent_club.contact_points.get()
    assert candidates[contact.email].group == "partner"
    assert candidates[contact.email].value == f"c{contact.pk}"
    # Kempen's people are not candidates for Gent.
    assert "coord-kempen@test.be" not in candidates
    assert world.kempen_club.contact_points.get().email not in candidates


def test_withdrawing_an_invitation_stops_its_link_and_deletes_its_draft(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave, 3, submit=False)
    invitation = Invitation.objects.get()
    services.withdraw_invitation(actor=None, invitation=invitation)
    assert not Invitation.objects.exists()
    assert not Response.objects.exists()
    with pytest.raises(links.LinkError):
        services.open_link(raw)


def test_an_answered_invitation_cannot_be_withdrawn(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave)
    with pytest.raises(services.ScanError) as error:
        services.withdraw_invitation(actor=None, invitation=Invitation.objects.get())
    assert error.value.code == "responded"


# --- Answering -----------------------------------------------------------------------------------


def test_a_draft_is_kept_behind_the_link_and_replaced_on_the_next_save(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave, "agii")
    first, second, *_ = builders.statement_ids(wave)
    question = OpenQuestion.objects.filter(dimension__version=wave.version).first()
    services.save_answers(
        raw=raw, scores={first: 2}, texts={question.pk: "Meer overleg"}, submit=False
    )
    services.save_answers(raw=raw, scores={first: 4, second: None}, texts={}, submit=False)
    response = Response.objects.get()
    assert not response.submitted and response.group == "agii"
    assert dict(response.answers.values_list("statement_id", "score")) == {first: 4, second: None}
    assert not OpenAnswer.objects.exists()
    access = services.open_link(raw)
    assert access.response == response and services.link_state(access) == "open"
    assert not Invitation.objects.get().responded


def test_a_reminder_link_opens_the_same_draft(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.answer(raw, wave, 3, submit=False)
    other = builders.link_of(Invitation.objects.get())
    assert services.open_link(other).response == Response.objects.get()


def test_submitting_needs_every_statement_and_writes_nothing_otherwise(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    first, *_ = builders.statement_ids(wave)
    with pytest.raises(services.ScanError) as error:
        services.save_answers(raw=raw, scores={first: 3}, texts={}, submit=True)
    assert error.value.code == "incomplete"
    assert not Response.objects.exists()


def test_a_submission_is_final_and_says_nothing_about_who(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave, "local_government")
    question = OpenQuestion.objects.filter(dimension__version=wave.version).first()
    builders.answer(raw, wave, None, texts={question.pk: "  Sneller info delen  "})
    response = Response.objects.get()
    assert response.submitted and response.group == "local_government"
    assert set(response.answers.values_list("score", flat=True)) == {None}
    assert OpenAnswer.objects.get().text == "Sneller info delen"
    invitation = Invitation.objects.get()
    assert invitation.responded
    # Nothing in the response points to the invitation, and the link was not marked used.
    assert not [f for f in Response._meta.get_fields() if f.name == "invitation"]
    assert response.key != str(invitation.pk) and len(response.key) == 64
    assert not LinkToken.objects.filter(used_at__isnull=False).exists()
    entry = AuditEntry.objects.get(action="wave.response_submitted")
    assert entry.object_id == str(wave.pk) and "@" not in entry.actor_label
    # The link now shows the answers read-only and takes no more answers.
    assert services.link_state(services.open_link(raw)) == "submitted"
    with pytest.raises(services.ScanError) as error:
        builders.answer(raw, wave, 5)
    assert error.value.code == "submitted"
    assert set(Answer.objects.values_list("score", flat=True)) == {None}


def test_a_closed_wave_refuses_answers(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.close(wave)
    with pytest.raises(services.ScanError) as error:
        builders.answer(raw, wave)
    assert error.value.code == "closed"
    assert not Response.objects.exists()


def test_an_expired_link_refuses_answers(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    builders.expire_links(wave)
    with pytest.raises(links.LinkExpired):
        builders.answer(raw, wave)


def test_a_wave_not_open_yet_refuses_answers(world):
    today = timezone.localdate()
    wave = services.open_wave(
        actor=None,
        region=world.gent,
        title="Later",
        opens_on=today + dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=20),
    )
    (raw,) = builders.invite(wave)
    with pytest.raises(services.ScanError) as error:
        builders.answer(raw, wave)
    assert error.value.code == "not_yet"


def test_answers_must_belong_to_the_wave_version(world):
    wave = builders.open_wave(world.gent)
    (raw,) = builders.invite(wave)
    draft = services.create_draft_version(actor=world.users["programme_admin"])
    foreign = Statement.objects.filter(dimension__version=draft).first()
    for scores in ({foreign.pk: 3}, {builders.statement_ids(wave)[0]: 7}):
        with pytest.raises(services.ScanError) as error:
            services.save_answers(raw=raw, scores=scores, texts={}, submit=False)
        assert error.value.code == "invalid"
    assert not Response.objects.exists()


def test_a_link_for_something_else_is_not_a_scan_link(world):
    raw = links.create(purpose=services.PURPOSE, obj=world.gent_club)
    with pytest.raises(links.LinkInvalid):
        services.open_link(raw)
    other = links.create(purpose="hours.confirm", obj=world.gent_club)
    with pytest.raises(links.LinkInvalid):
        services.open_link(other)


# --- Results through the adapter -----------------------------------------------------------------


def test_results_of_a_wave_hide_small_groups(world):
    wave = builders.open_wave(world.gent)
    builders.respond(wave, "partner", [4, 4, 5])
    builders.respond(wave, "agii", [2, 2, 2])
    builders.respond(wave, "local_government", [5])
    builders.close(wave)
    result = selectors.wave_results([wave])[wave.pk]
    assert result.respondents == 7
    ownership = result.dimension("ownership")
    assert ownership.overall.mean == pytest.approx((4 + 4 + 5 + 2 + 2 + 2 + 5) / 7)
    assert ownership.group("local_government").stats is None
    assert ownership.group("partner").stats.mean == pytest.approx(13 / 3)
    # One hidden person: the smallest shown group is hidden with it (on a tie, the one listed
    # last).
    assert ownership.group("agii").hidden == "complementary"
    assert ownership.others.respondents == 4


def test_open_answers_need_three_respondents(world):
    wave = builders.open_wave(world.gent)
    question = OpenQuestion.objects.filter(dimension__version=wave.version, dimension__key="energy")
    question = question.get()
    raws = builders.invite(wave, "partner", 3)
    for raw, text in zip(raws[:2], ["Zeker", "Actie in mei"], strict=True):
        builders.answer(raw, wave, 3, texts={question.pk: text})
    specs = selectors.results_page(wave).specs
    assert selectors.open_answers(wave, specs, 2) == []
    builders.answer(raws[2], wave, 3, texts={question.pk: "bbq"})
    energy = {block.key: block for block in selectors.open_answers(wave, specs, 3)}["energy"]
    assert energy.answers == ("Actie in mei", "bbq", "Zeker")


def test_the_spread_over_regions_uses_each_region_latest_closed_wave(world):
    from participatienet.regions.models import Region

    extra = Region.objects.exclude(pk__in=[world.gent.pk, world.kempen.pk]).order_by("pk")[:2]
    for region, score in zip([world.gent, world.kempen, *extra], [2, 3, 4, 5], strict=True):
        wave = builders.open_wave(region)
        builders.respond(wave, "partner", [score] * 3, prefix=f"r{region.pk}-")
        builders.close(wave)
    small = builders.open_wave(world.gent, title="te klein")
    Wave.objects.filter(pk=small.pk).update(opens_on=timezone.localdate() + dt.timedelta(days=1))
    rows, count = selectors.programme_spread()
    assert count == 4
    ownership = {row.key: row for row in rows}["ownership"]
    assert (ownership.minimum, ownership.median, ownership.maximum) == (2.0, 3.5, 5.0)


def test_dimension_keys_are_unique_per_version(db):
    version = builders.current_version()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dimension.objects.create(version=version, key="ownership", title="x")
