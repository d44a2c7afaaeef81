from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("local government")
    AGII = "agii", _("Agency for Integration and Civic Integration")
    CLUB = "club", _("club")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("volunteer organisation")
    COMMUNITY_CENTRE = "community_centre", _("community centre")
    COMPANY = "company", _("company")
    SCHOOL = "school", _("school")
    WELFARE = "welfare", _("welfare organisation")
    OTHER = "other", _("other")


class TieKind(models.TextChoices):
    REFERRALS = "referrals", _("referrals")
    JOINT_OFFER = "joint_offer", _("joint offer")
    INFORMATION_EXCHANGE = "information_exchange", _("information exchange")
    SHARED_RESOURCES = "shared_resources", _("shared resources")
    FORMAL_AGREEMENT = "formal_agreement", _("formal agreement")


class NetworkRole(models.IntegerChoices):
    """Roles in the network as bit positions, so a set of roles is one integer (``roles_mask``).

    An organisation may hold several roles at once: a local government that also runs offers,
    an AgII office that refers newcomers and coordinates.
    """

    CORE_PARTNER = 0, _("core partner")
    OFFER_PARTNER = 1, _("offer partner")
    REFERRER = 2, _("referrer")
    LOCAL_GOVERNMENT = 3, _("local government")
    AGII = 4, _("AgII")
    AMBASSADOR = 5, _("ambassador")
    OTHER = 6, _("other role")


#: Every role bit set: the largest valid ``roles_mask``.
ALL_ROLES_MASK = (1 << len(NetworkRole.values)) - 1


def mask_of_roles(roles: Iterable[int]) -> int:
    """The ``roles_mask`` of a set of roles (bit ``1 << role``)."""
    mask = 0
    for role in roles:
        mask |= 1 << int(role)
    return mask


def roles_of_mask(mask: int) -> list[NetworkRole]:
    """The roles in ``mask``, in the order of ``NetworkRole`` (unknown bits are ignored)."""
    return [NetworkRole(role) for role in NetworkRole.values if mask >> role & 1]


class OrganisationStage(models.TextChoices):
    """Where an organisation stands in the network: start small and build up."""

    PROSPECT = "prospect", _("prospect")
    ENGAGED = "engaged", _("engaged")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")


#: Allowed stage changes: prospect → engaged → active ⇄ dormant, and engaged back to prospect.
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    OrganisationStage.PROSPECT: frozenset({OrganisationStage.ENGAGED}),
    OrganisationStage.ENGAGED: frozenset({OrganisationStage.ACTIVE, OrganisationStage.PROSPECT}),
    OrganisationStage.ACTIVE: frozenset({OrganisationStage.DORMANT}),
    OrganisationStage.DORMANT: frozenset({OrganisationStage.ACTIVE}),
}

#: The usual next stage, offered as the quick action on the growth board.
NEXT_STAGE: dict[str, str] = {
    OrganisationStage.PROSPECT: OrganisationStage.ENGAGED,
    OrganisationStage.ENGAGED: OrganisationStage.ACTIVE,
    OrganisationStage.ACTIVE: OrganisationStage.DORMANT,
    OrganisationStage.DORMANT: OrganisationStage.ACTIVE,
}

#: Stages of organisations that have not joined the network (yet): no join date.
NOT_JOINED_STAGES = frozenset({OrganisationStage.PROSPECT, OrganisationStage.ENGAGED})


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    VISIT = "visit", _("visit")
    MEETING = "meeting", _("meeting")
    OTHER = "other", _("other")
