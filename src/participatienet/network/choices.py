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
