import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry
from participatienet.offers import schedule, services
from participatienet.offers.models import Offer
from tests import factories

pytestmark = pytest.mark.django_db


def _fields(organisation, **overrides):
    municipality = organisation.municipality
    fields = {
        "title": "Samen koken",
        "description": "We koken samen en praten Nederlands met elkaar.",
        "kind": "community",
        "themes_mask": 1 << 2,
        "is_location_flexible": False,
        "address": "Kerkstraat 1",
        "municipality": municipality,
        "latitude": None,
        "longitude": None,
        "is_schedule_flexible": False,
        "schedule_mask": 1 << schedule.slot(1, 2),
        "hours_per_week": Decimal("2"),
        "duration_weeks": None,
        "capacity": 6,
        "start_date": None,
        "end_date": None,
        "min_dutch_level": 0,
        "has_childcare": False,
        "is_wheelchair_accessible": True,
        "is_women_only": False,
        "near_public_transport": True,
        "is_free": True,
        "cost_note": "",
        "support_languages": ["en"],
        "contact": organisation.contact_points.first(),
        "attests_dutch_context": True,
        "attests_social_contact": True,
    }
    fields.update(overrides)
    return fields


def test_create_offer_makes_a_draft_in_the_organisations_region_with_an_audit_entry(world):
    coordinator = world.users["coordinator"]
    offer = services.create_offer(
        actor=coordinator, organisation=world.gent_club, **_fields(world.gent_club)
    )
    assert offer.status == "draft"
    assert offer.region == world.gent
    entry = AuditEntry.objects.get(action="offer.created", object_id=str(offer.pk))
    assert entry.actor == coordinator
    assert "title" in entry.fields and "contact" in entry.fields


def test_create_offer_uses_the_municipality_centre_without_coordinates(world):
    offer = services.create_offer(
        actor=world.users["coordinator"], organisation=world.gent_club, **_fields(world.gent_club)
    )
    municipality = world.gent_club.municipality
    assert (offer.latitude, offer.longitude) == (municipality.latitude, municipality.longitude)


def test_create_offer_keeps_given_coordinates(world):
    offer = services.create_offer(
        actor=world.users["coordinator"],
        organisation=world.gent_club,
        **_fields(world.gent_club, latitude=51.05, longitude=3.72),
    )
    assert (offer.latitude, offer.longitude) == (51.05, 3.72)


def test_create_offer_with_coordinates_outside_belgium_writes_nothing(world):
    with pytest.raises(ValidationError):
        services.create_offer(
            actor=world.users["coordinator"],
            organisation=world.gent_club,
            **_fields(world.gent_club, latitude=48.85, longitude=2.35),
        )
    assert Offer.objects.count() == 0
    assert not AuditEntry.objects.filter(action="offer.created").exists()


def test_create_offer_refuses_a_contact_of_another_organisation(world):
    foreign = world.kempen_club.contact_points.first()
    with pytest.raises(ValidationError) as error:
        services.create_offer(
            actor=world.users["programme_admin"],
            organisation=world.gent_club,
            **_fields(world.gent_club, contact=foreign),
        )
    assert "contact" in error.value.message_dict
    assert Offer.objects.count() == 0


def test_create_offer_refuses_a_contact_without_email(world):
    silent = factories.ContactPointFactory(organisation=world.gent_club, email="")
    with pytest.raises(ValidationError):
        services.create_offer(
            actor=world.users["coordinator"],
            organisation=world.gent_club,
            **_fields(world.gent_club, contact=silent),
        )
    assert Offer.objects.count() == 0


def test_a_flexible_location_needs_municipalities_served(world):
    with pytest.raises(ValidationError) as error:
        services.create_offer(
            actor=world.users["coordinator"],
            organisation=world.gent_club,
            **_fields(world.gent_club, is_location_flexible=True),
        )
    assert "municipalities_served" in error.value.message_dict
    served = list(world.gent.municipalities.all()[:2])
    offer = services.create_offer(
        actor=world.users["coordinator"],
        organisation=world.gent_club,
        municipalities_served=served,
        **_fields(world.gent_club, is_location_flexible=True),
    )
    assert set(offer.municipalities_served.all()) == set(served)
    assert offer.address == ""


def test_a_flexible_schedule_stores_no_slots(world):
    offer = services.create_offer(
        actor=world.users["coordinator"],
        organisation=world.gent_club,
        **_fields(world.gent_club, is_schedule_flexible=True),
    )
    assert offer.schedule_mask == 0


def test_update_offer_records_the_changed_fields(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    partner = world.users["partner_contact"]
    fields = _fields(world.gent_club, title=offer.title, capacity=9)
    changed = services.update_offer(actor=partner, offer=offer, **fields)
    assert "capacity" in changed
    entry = AuditEntry.objects.get(action="offer.changed", object_id=str(offer.pk))
    assert "capacity" in entry.fields and "title" not in entry.fields
    assert Offer.objects.get(pk=offer.pk).capacity == 9


def test_update_offer_without_changes_writes_no_audit_entry(world):
    offer = services.create_offer(
        actor=world.users["coordinator"], organisation=world.gent_club, **_fields(world.gent_club)
    )
    assert (
        services.update_offer(
            actor=world.users["coordinator"],
            offer=offer,
            **_fields(world.gent_club, latitude=offer.latitude, longitude=offer.longitude),
        )
        == []
    )
    assert not AuditEntry.objects.filter(action="offer.changed").exists()


def test_update_with_bad_input_changes_nothing(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft", capacity=2)
    with pytest.raises(ValidationError):
        services.update_offer(
            actor=world.users["coordinator"],
            offer=offer,
            **_fields(
                world.gent_club,
                capacity=7,
                start_date=dt.date(2026, 5, 1),
                end_date=dt.date(2026, 4, 1),
            ),
        )
    assert Offer.objects.get(pk=offer.pk).capacity == 2
    assert not AuditEntry.objects.filter(action="offer.changed").exists()


def test_an_offer_beyond_draft_keeps_both_criteria(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="active")
    with pytest.raises(ValidationError):
        services.update_offer(
            actor=world.users["coordinator"],
            offer=offer,
            **_fields(world.gent_club, attests_social_contact=False),
        )
    assert Offer.objects.get(pk=offer.pk).attests_social_contact


def test_an_archived_offer_cannot_be_changed(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="archived")
    with pytest.raises(services.OfferError):
        services.update_offer(
            actor=world.users["coordinator"], offer=offer, **_fields(world.gent_club)
        )


def test_submit_requires_both_criteria(world):
    offer = factories.OfferFactory(
        organisation=world.gent_club, status="draft", attests_social_contact=False
    )
    with pytest.raises(services.CriteriaNotAttested):
        services.submit(actor=world.users["partner_contact"], offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == "draft"
    assert not AuditEntry.objects.filter(action="offer.submitted").exists()


def test_the_full_lifecycle_is_audited_step_by_step(world):
    partner = world.users["partner_contact"]
    coordinator = world.users["coordinator"]
    offer = factories.OfferFactory(organisation=world.gent_club, status="draft")
    offer = services.submit(actor=partner, offer=offer)
    assert offer.status == "submitted"
    offer = services.validate(actor=coordinator, offer=offer, remarks="  Mooi aanbod.  ")
    assert offer.status == "validated"
    assert offer.validated_by == coordinator and offer.validated_at is not None
    assert offer.validation_remarks == "Mooi aanbod."
    offer = services.activate(actor=partner, offer=offer)
    assert offer.status == "active"
    offer = services.pause(actor=partner, offer=offer)
    assert offer.status == "paused"
    offer = services.activate(actor=partner, offer=offer)
    offer = services.archive(actor=coordinator, offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == "archived"
    actions = list(
        AuditEntry.objects.filter(object_id=str(offer.pk), object_type="offers.offer")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "offer.submitted",
        "offer.validated",
        "offer.activated",
        "offer.paused",
        "offer.activated",
        "offer.archived",
    ]


def test_send_back_returns_to_draft_with_remarks(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    offer = services.send_back(
        actor=world.users["coordinator"], offer=offer, remarks="Beschrijf wat je meebrengt."
    )
    assert offer.status == "draft"
    assert offer.validation_remarks == "Beschrijf wat je meebrengt."
    assert AuditEntry.objects.filter(action="offer.sent_back").exists()


def test_send_back_needs_remarks(world):
    offer = factories.OfferFactory(organisation=world.gent_club, status="submitted")
    with pytest.raises(services.RemarksRequired):
        services.send_back(actor=world.users["coordinator"], offer=offer, remarks="   ")
    assert Offer.objects.get(pk=offer.pk).status == "submitted"


@pytest.mark.parametrize(
    ("status", "service"),
    [
        ("draft", services.validate),
        ("draft", services.activate),
        ("submitted", services.activate),
        ("active", services.submit),
        ("archived", services.activate),
        ("archived", services.archive),
        ("validated", services.pause),
    ],
)
def test_transitions_outside_the_lifecycle_are_refused(world, status, service):
    offer = factories.OfferFactory(organisation=world.gent_club, status=status)
    with pytest.raises(services.TransitionNotAllowed):
        service(actor=world.users["programme_admin"], offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == status


def test_an_offer_past_its_end_date_cannot_be_activated(world):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    offer = factories.OfferFactory(
        organisation=world.gent_club,
        status="validated",
        start_date=yesterday - dt.timedelta(days=30),
        end_date=yesterday,
    )
    with pytest.raises(services.OfferEnded):
        services.activate(actor=world.users["coordinator"], offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == "validated"
