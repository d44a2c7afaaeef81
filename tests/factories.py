"""Shared factories. Regions and municipalities are reference data loaded by a migration, so
factories look them up instead of inventing them."""

from __future__ import annotations

import datetime as dt

import factory

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.network.choices import OrganisationKind
from participatienet.network.models import ContactPoint, Organisation
from participatienet.regions.models import Municipality, Region

PASSWORD = "een-goed-wachtwoord-42"


def region(slug: str = "gent") -> Region:
    return Region.objects.get(slug=slug)


def municipality_of(region_obj: Region) -> Municipality:
    return region_obj.municipalities.order_by("nis_code").first()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.be")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.CLUB
    region = factory.LazyFunction(lambda: region("gent"))
    municipality = factory.LazyAttribute(lambda o: municipality_of(o.region))

    class Params:
        local_government = factory.Trait(kind=OrganisationKind.LOCAL_GOVERNMENT)
        prospect = factory.Trait(stage="prospect")
        engaged = factory.Trait(stage="engaged")
        dormant = factory.Trait(stage="dormant")


class ContactMomentFactory(factory.django.DjangoModelFactory):
    """A phone call with an organisation, yesterday."""

    class Meta:
        model = "network.ContactMoment"

    organisation = factory.SubFactory(OrganisationFactory)
    contacted_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=1))
    contacted_by = None
    contacted_by_name = factory.Sequence(lambda n: f"Netwerkcoach {n}")
    channel = "phone"
    summary = "Kennismaking: ze willen graag nieuwkomers verwelkomen."


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contactpersoon {n}")
    function = "voorzitter"
    email = factory.Sequence(lambda n: f"contact{n}@club.be")
    phone = "+32 9 123 45 67"
    is_direct = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR
    region = factory.LazyFunction(lambda: region("gent"))
    organisation = None


def user_with_role(
    role: str,
    *,
    region_slug: str | None = "gent",
    organisation: Organisation | None = None,
    email: str | None = None,
) -> User:
    """A user holding one current membership."""
    kwargs = {"email": email} if email else {}
    user = UserFactory(**kwargs)
    region_obj = region(region_slug) if region_slug else None
    if role == Role.PROGRAMME_ADMIN:
        region_obj = None
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if organisation is not None:
        region_obj = organisation.region
    MembershipFactory(user=user, role=role, region=region_obj, organisation=organisation)
    return user


# --- Offers and trajectories ---------------------------------------------------------------------


class OfferFactory(factory.django.DjangoModelFactory):
    """An active offer of a club in Gent, on Tuesday evenings, two places."""

    class Meta:
        model = "offers.Offer"

    title = factory.Sequence(lambda n: f"Aanbod {n}")
    description = "Samen koken en praten in het Nederlands."
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    kind = "club"
    themes_mask = 1 << 2  # cooking
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)
    latitude = factory.LazyAttribute(lambda o: o.municipality.latitude)
    longitude = factory.LazyAttribute(lambda o: o.municipality.longitude)
    schedule_mask = 1 << (1 * 3 + 2)  # Tuesday evening
    hours_per_week = 2
    capacity = 2
    contact = factory.LazyAttribute(
        lambda o: (
            o.organisation.contact_points.first()
            or ContactPointFactory(organisation=o.organisation)
        )
    )
    attests_dutch_context = True
    attests_social_contact = True
    status = "active"


class NewcomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trajectories.Newcomer"

    first_name = factory.Sequence(lambda n: f"Amal{n}")
    last_name = "Haddad"
    email = factory.Sequence(lambda n: f"nieuwkomer{n}@voorbeeld.be")
    phone = "+32 470 12 34 56"
    municipality = factory.LazyFunction(lambda: municipality_of(region("gent")))
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    dutch_level = 1
    themes_mask = 1 << 2
    availability_mask = (1 << 21) - 1
    consent_given_on = factory.LazyFunction(lambda: dt.date(2026, 1, 5))
    counsellor = None


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trajectories.Trajectory"

    newcomer = factory.SubFactory(NewcomerFactory)
    region = factory.LazyAttribute(lambda o: o.newcomer.region)
    counsellor = factory.LazyAttribute(lambda o: o.newcomer.counsellor)
    status = "searching"


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A participation in an offer; ``status`` defaults to active."""

    class Meta:
        model = "trajectories.Participation"

    trajectory = factory.SubFactory(TrajectoryFactory)
    offer = factory.SubFactory(OfferFactory)
    organisation = factory.LazyAttribute(lambda o: o.offer.organisation if o.offer else None)
    status = "active"
    started_on = factory.LazyFunction(lambda: dt.date(2026, 2, 1))


class HourEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trajectories.HourEntry"

    participation = factory.SubFactory(ParticipationFactory)
    date = factory.LazyFunction(lambda: dt.date(2026, 3, 1))
    hours = 4
    entered_by_label = "test"
    status = "unconfirmed"
