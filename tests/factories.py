"""Shared factories. Regions and municipalities are reference data loaded by a migration, so
factories look them up instead of inventing them."""

from __future__ import annotations

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
