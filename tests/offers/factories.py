"""Helpers for offer tests: form data that passes validation, and feedback of newcomers."""

from __future__ import annotations

from participatienet.offers import schedule
from participatienet.offers.models import Offer
from participatienet.trajectories.models import Feedback
from tests import factories


def offer_form_data(organisation, **overrides) -> dict:
    """POST data for the offer form: a cooking evening on Tuesday, 8 places."""
    contact = organisation.contact_points.exclude(email="").first()
    data = {
        "organisation": organisation.pk,
        "title": "Samen koken in de buurt",
        "description": (
            "We koken samen een maaltijd en praten in het Nederlands. Breng een schort mee."
        ),
        "kind": "community",
        "themes": ["2", "7"],
        "municipality": organisation.municipality_id,
        "address": "Kerkstraat 1",
        "latitude": "",
        "longitude": "",
        "schedule": [str(schedule.slot(1, 2))],
        "hours_per_week": "2,5",
        "duration_weeks": "12",
        "capacity": "8",
        "start_date": "",
        "end_date": "",
        "min_dutch_level": "0",
        "is_free": "on",
        "cost_note": "",
        "support_languages": ["en", "ar"],
        "contact": contact.pk if contact else "",
        "attests_dutch_context": "on",
        "attests_social_contact": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def organisation_form_data(municipality, **overrides) -> dict:
    data = {
        "name": "Buurthuis De Brug",
        "kind": "community_centre",
        "municipality": municipality.pk,
        "website": "https://debrug.example.be",
        "kbo_number": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def newcomer_feedback(offer: Offer, *scores: int) -> list[Feedback]:
    """One newcomer's feedback per score (the same score on every question)."""
    rows = []
    for score in scores:
        participation = factories.ParticipationFactory(offer=offer, status="completed")
        rows.append(
            Feedback.objects.create(
                participation=participation,
                respondent="newcomer",
                felt_welcome=score,
                practised_dutch=score,
                met_new_people=score,
                wants_to_continue=score,
            )
        )
    return rows


def bulk_offers(count: int, organisation, **fields) -> list[Offer]:
    """``count`` active offers of ``organisation`` in one insert (for query budgets)."""
    from participatienet.offers.models import offer_search_text

    contact = organisation.contact_points.first() or factories.ContactPointFactory(
        organisation=organisation
    )
    municipality = organisation.municipality
    offers = []
    for n in range(count):
        values = {
            "title": f"Bulkaanbod {n:04d}",
            "description": "Samen iets doen in het Nederlands.",
            "organisation": organisation,
            "region_id": organisation.region_id,
            "kind": "club",
            "themes_mask": 1 << (n % 14),
            "municipality": municipality,
            "latitude": municipality.latitude,
            "longitude": municipality.longitude,
            "schedule_mask": 1 << (n % 21),
            "hours_per_week": 2,
            "capacity": 1 + n % 5,
            "contact": contact,
            "attests_dutch_context": True,
            "attests_social_contact": True,
            "status": "active",
            "is_location_flexible": n % 7 == 0,
        }
        values.update(fields)
        offer = Offer(**values)
        offer.search_text = offer_search_text(
            title=offer.title,
            description=offer.description,
            address=offer.address,
            organisation=organisation.name,
        )
        offers.append(offer)
    created = Offer.objects.bulk_create(offers)
    through = Offer.municipalities_served.through
    through.objects.bulk_create(
        [
            through(offer_id=offer.pk, municipality_id=municipality.pk)
            for offer in created
            if offer.is_location_flexible
        ]
    )
    return created
