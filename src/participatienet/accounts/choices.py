from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md. Only ``accounts.policy`` decides what a role may do."""

    PROGRAMME_ADMIN = "programme_admin", _("programme admin")
    COORDINATOR = "coordinator", _("coordinator")
    COUNSELLOR = "counsellor", _("counsellor")
    LOCAL_WORKER = "local_worker", _("local worker")
    PARTNER_CONTACT = "partner_contact", _("partner contact")
    VIEWER = "viewer", _("viewer")


#: Roles held at a region (the organisation, when given, is where the person works).
REGION_ROLES = frozenset({Role.COORDINATOR, Role.COUNSELLOR})
#: Roles held at an organisation; the region follows from the organisation.
ORGANISATION_ROLES = frozenset({Role.LOCAL_WORKER, Role.PARTNER_CONTACT})
