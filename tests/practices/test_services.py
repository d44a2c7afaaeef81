from django.core.exceptions import ValidationError

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.practices import services
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.models import Practice, PracticeInterest, PracticeLink
from tests.practices.factories import PracticeFactory, PracticeInterestFactory

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "title": "  Partnercafé   met wisselende gastheer ",
        "main_theme": PracticeTheme.COMMUNICATION,
        "themes_mask": 1 << PracticeTheme.COLLABORATION,
        "what": "Vier keer per jaar een informeel café voor alle partners.",
        "why": "Partners kenden elkaar alleen van naam.",
        "how": "Telkens bij een andere partner, met twee korte pitches.",
        "lessons": "",
        "contact": None,
        "contact_name": "An Peeters",
        "contact_email": "an@voorbeeld.be",
    }
    fields.update(overrides)
    return fields


def test_create_practice_makes_a_draft_of_the_region_with_links_and_an_audit_entry(world):
    coordinator = world.users["coordinator"]
    practice = services.create_practice(
        actor=coordinator,
        region=world.gent,
        links=[("Verslag", "https://voorbeeld.be/verslag"), ("", "")],
        **_fields(),
    )
    assert practice.status == PracticeStatus.DRAFT
    assert practice.region == world.gent
    assert practice.created_by == coordinator
    assert practice.published_at is None
    assert practice.title == "Partnercafé met wisselende gastheer"
    # The main theme is one of the themes, and comes first.
    assert practice.themes == [PracticeTheme.COMMUNICATION, PracticeTheme.COLLABORATION]
    assert list(practice.links.values_list("label", "url")) == [
        ("Verslag", "https://voorbeeld.be/verslag")
    ]
    assert "partnercafe" in practice.search_text
    assert "gent" in practice.search_text
    entry = AuditEntry.objects.get(action="practice.created", object_id=str(practice.pk))
    assert entry.actor == coordinator
    assert "links" in entry.fields


@pytest.mark.parametrize(
    ("overrides", "links"),
    [
        ({"contact_name": "", "contact_email": ""}, []),  # no contact at all
        ({"contact_name": ""}, []),  # an e-mail address without a name
        ({"main_theme": None}, []),
        ({"main_theme": 20}, []),  # an unknown theme
        ({"themes_mask": 1 << 20}, []),
        ({"what": ""}, []),
        ({}, [("Verslag", "ftp://voorbeeld.be/verslag")]),
        ({}, [("", "https://voorbeeld.be")]),
        ({}, [("Link", "https://voorbeeld.be")] * 6),
    ],
)
def test_create_practice_refuses_broken_rules_and_writes_nothing(world, overrides, links):
    with pytest.raises(ValidationError):
        services.create_practice(
            actor=world.users["coordinator"], region=world.gent, links=links, **_fields(**overrides)
        )
    assert not Practice.objects.exists()
    assert not PracticeLink.objects.exists()
    assert not AuditEntry.objects.filter(action="practice.created").exists()


def test_the_contact_point_must_work_in_the_region(world):
    kempen_contact = world.kempen_club.contact_points.first()
    with pytest.raises(ValidationError) as error:
        services.create_practice(
            actor=world.users["coordinator"],
            region=world.gent,
            **_fields(contact=kempen_contact, contact_name="", contact_email=""),
        )
    assert "contact" in error.value.message_dict
    gent_contact = world.gent_club.contact_points.first()
    practice = services.create_practice(
        actor=world.users["coordinator"],
        region=world.gent,
        **_fields(contact=gent_contact, contact_name="", contact_email=""),
    )
    assert practice.contact == gent_contact
    assert gent_contact.name.lower() in practice.search_text


def test_a_contact_point_and_an_outside_contact_together_are_refused(world):
    with pytest.raises(ValidationError):
        services.create_practice(
            actor=world.users["coordinator"],
            region=world.gent,
            **_fields(contact=world.gent_club.contact_points.first()),
        )


def test_update_practice_returns_the_changed_fields_and_replaces_the_links(world):
    practice = PracticeFactory(region=world.gent)
    PracticeLink.objects.create(practice=practice, label="Oud", url="https://oud.be")
    changed = services.update_practice(
        actor=world.users["coordinator"],
        practice=practice,
        links=[("Nieuw", "https://nieuw.be")],
        **_fields(title=practice.title, lessons=practice.lessons),
    )
    assert "links" in changed
    assert "what" in changed
    assert "title" not in changed
    assert list(practice.links.values_list("label", flat=True)) == ["Nieuw"]
    entry = AuditEntry.objects.get(action="practice.changed", object_id=str(practice.pk))
    assert set(entry.fields) == set(changed)


def test_update_practice_without_changes_writes_nothing(world):
    practice = PracticeFactory(region=world.gent)
    fields = {
        name: getattr(practice, name) for name in services.PRACTICE_FIELDS if name != "contact"
    }
    assert (
        services.update_practice(
            actor=world.users["coordinator"], practice=practice, contact=None, **fields
        )
        == []
    )
    assert not AuditEntry.objects.filter(action="practice.changed").exists()


def test_an_archived_practice_cannot_be_changed(world):
    practice = PracticeFactory(region=world.gent, status=PracticeStatus.ARCHIVED)
    with pytest.raises(services.PracticeError):
        services.update_practice(actor=world.users["coordinator"], practice=practice, **_fields())


def test_publish_archive_and_reopen_follow_the_lifecycle(world):
    coordinator = world.users["coordinator"]
    practice = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    practice = services.publish(actor=coordinator, practice=practice)
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.published_at is not None
    with pytest.raises(services.PracticeError):
        services.publish(actor=coordinator, practice=practice)
    practice = services.archive(actor=coordinator, practice=practice)
    assert practice.status == PracticeStatus.ARCHIVED
    practice = services.reopen(actor=coordinator, practice=practice)
    assert practice.status == PracticeStatus.DRAFT
    assert practice.published_at is None
    actions = list(
        AuditEntry.objects.filter(object_id=str(practice.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["practice.published", "practice.archived", "practice.reopened"]


def test_publishing_an_incomplete_draft_is_refused(world):
    practice = PracticeFactory(
        region=world.gent, status=PracticeStatus.DRAFT, contact_name="", contact_email=""
    )
    with pytest.raises(ValidationError):
        services.publish(actor=world.users["coordinator"], practice=practice)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_another_region_marks_interest_once_and_can_change_its_note(world):
    practice = PracticeFactory(region=world.gent)
    kempen = world.users["coordinator_other"]
    first = services.mark_interest(actor=kempen, practice=practice, region=world.kempen, note="Ja")
    again = services.mark_interest(
        actor=kempen, practice=practice, region=world.kempen, note="Graag in mei"
    )
    assert first.pk == again.pk
    assert PracticeInterest.objects.get().note == "Graag in mei"
    assert PracticeInterest.objects.get().user == kempen
    assert AuditEntry.objects.filter(action="practice_interest.marked").count() == 1
    assert AuditEntry.objects.filter(action="practice_interest.changed").count() == 1


def test_interest_in_an_own_or_unpublished_practice_is_refused(world):
    own = PracticeFactory(region=world.gent)
    draft = PracticeFactory(region=world.kempen, status=PracticeStatus.DRAFT)
    with pytest.raises(services.PracticeError):
        services.mark_interest(actor=world.users["coordinator"], practice=own, region=world.gent)
    with pytest.raises(services.PracticeError):
        services.mark_interest(actor=world.users["coordinator"], practice=draft, region=world.gent)
    assert not PracticeInterest.objects.exists()


def test_withdrawing_interest_deletes_it_with_an_audit_entry(world):
    interest = PracticeInterestFactory(practice=PracticeFactory(region=world.gent))
    actor = world.users["coordinator_other"]
    assert services.withdraw_interest(actor=actor, practice=interest.practice, region=world.kempen)
    assert not PracticeInterest.objects.exists()
    assert AuditEntry.objects.filter(action="practice_interest.withdrawn").exists()
    assert not services.withdraw_interest(
        actor=actor, practice=interest.practice, region=world.kempen
    )
