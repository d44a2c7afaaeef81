"""Factories of the practice library: a published practice of Gent by default."""

from __future__ import annotations

from django.utils import timezone

import factory

from participatienet.practices.choices import PracticeStatus, PracticeTheme
from participatienet.practices.models import Practice, PracticeInterest, PracticeLink
from tests import factories


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Praktijk {n}")
    region = factory.LazyFunction(lambda: factories.region("gent"))
    main_theme = PracticeTheme.COLLABORATION
    themes_mask = factory.LazyAttribute(lambda o: 1 << o.main_theme)
    what = "Een vaste buddy uit een sportclub voor elke nieuwkomer."
    why = "Nieuwkomers vonden de weg naar clubs niet, clubs de weg naar nieuwkomers niet."
    how = "De netwerkcoach koppelt, de club duidt een vaste buddy aan, we evalueren samen."
    lessons = "Begin klein, met twee clubs die al willen."
    contact = None
    contact_name = "Lies Vermeulen"
    contact_email = "lies@voorbeeld.be"
    status = PracticeStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == PracticeStatus.PUBLISHED else None
    )


class PracticeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeLink

    practice = factory.SubFactory(PracticeFactory)
    label = factory.Sequence(lambda n: f"Verslag {n}")
    url = factory.Sequence(lambda n: f"https://voorbeeld.be/verslag-{n}")


class PracticeInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeInterest

    practice = factory.SubFactory(PracticeFactory)
    region = factory.LazyFunction(lambda: factories.region("kempen"))
    user = None
    note = "We willen dit graag in de Kempen proberen."


def practice_form_data(region, contact=None, **overrides) -> dict:
    """Valid POST data of the practice form (a contact point of ``region`` when given, else a
    contact outside the network)."""
    data = {
        "region": region.pk,
        "title": "Partnercafé voor clubs en diensten",
        "main_theme": str(PracticeTheme.COLLABORATION.value),
        "themes": [str(PracticeTheme.LOCAL_OFFER.value)],
        "what": "Elke drie maanden een informeel café voor alle partners van het netwerk.",
        "why": "Partners kenden elkaar niet en zagen elkaar alleen op formele vergaderingen.",
        "how": "Telkens bij een andere partner, met een korte pitch en veel tijd om te praten.",
        "lessons": "Wissel van gastheer: zo neemt elke partner eigenaarschap op.",
        "contact": contact.pk if contact is not None else "",
        "contact_name": "" if contact is not None else "An Peeters",
        "contact_email": "" if contact is not None else "an.peeters@voorbeeld.be",
        "link_label_1": "Verslag van het eerste partnercafé",
        "link_url_1": "https://voorbeeld.be/partnercafe",
    }
    data.update(overrides)
    return data
