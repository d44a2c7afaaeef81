from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

import pytest

from participatienet.accounts import policy
from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry, Membership, User
from participatienet.network.models import Organisation
from participatienet.regions.models import Region
from tests import factories

pytestmark = pytest.mark.django_db


def _names(user):
    return set(policy.visible(user, Organisation.objects.all()).values_list("name", flat=True))


def test_coordinator_sees_organisations_of_own_region_only(world):
    assert _names(world.users["coordinator"]) == {"Voetbalclub Gent-Zuid", "Stad Gent"}
    assert _names(world.users["coordinator_other"]) == {"Wandelclub Turnhout"}


def test_partner_cannot_see_other_organisations(world):
    assert _names(world.users["partner_contact"]) == {"Voetbalclub Gent-Zuid"}


def test_viewer_sees_no_organisation_rows(world):
    assert _names(world.users["viewer"]) == set()
    assert not policy.can(world.users["viewer"], "organisation.list")


def test_programme_admin_sees_everything(world):
    assert len(_names(world.users["programme_admin"])) == 3
    assert (
        policy.visible(world.users["programme_admin"], AuditEntry.objects.all()).model is AuditEntry
    )


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert _names(AnonymousUser()) == set()
    assert not policy.can(AnonymousUser(), "home.view")
    assert policy.can(AnonymousUser(), "health.view")


def test_users_see_only_themselves_unless_admin(world):
    coordinator = world.users["coordinator"]
    assert list(policy.visible(coordinator, User.objects.all())) == [coordinator]
    assert policy.visible(world.users["programme_admin"], User.objects.all()).count() == 7


def test_ended_membership_grants_nothing(world):
    coordinator = User.objects.get(pk=world.users["coordinator"].pk)
    Membership.objects.filter(user=coordinator).update(ended_at=timezone.now())
    assert _names(coordinator) == set()
    assert not policy.can(coordinator, "organisation.list")


def test_inactive_user_gets_nothing(world):
    coordinator = User.objects.get(pk=world.users["coordinator"].pk)
    coordinator.is_active = False
    assert _names(coordinator) == set()


def test_unknown_action_is_an_error_not_a_yes(world):
    with pytest.raises(LookupError):
        policy.can(world.users["programme_admin"], "everything.delete")


def test_model_without_rule_is_an_error(world):
    from django.contrib.sessions.models import Session

    with pytest.raises(LookupError):
        policy.visible(world.users["programme_admin"], Session.objects.all())


def test_require_raises_permission_denied(world):
    with pytest.raises(PermissionDenied):
        policy.require(world.users["coordinator"], "user.manage")


def test_get_visible_or_404_hides_foreign_objects(world):
    with pytest.raises(Http404):
        policy.get_visible_or_404(
            world.users["coordinator"], Organisation.objects.all(), pk=world.kempen_club.pk
        )


def test_region_figures_only_for_own_regions(world):
    gent, kempen = world.gent, world.kempen
    assert policy.can(world.users["coordinator"], "region.view_figures", gent)
    assert not policy.can(world.users["coordinator"], "region.view_figures", kempen)
    assert policy.can(world.users["programme_admin"], "region.view_figures", kempen)


def test_programme_wide_viewer_sees_figures_of_every_region(db):
    viewer = factories.user_with_role(Role.VIEWER, region_slug=None)
    assert all(policy.can(viewer, "region.view_figures", r) for r in Region.objects.all())


def test_membership_scope_must_fit_the_role(db):
    from django.core.exceptions import ValidationError

    user = factories.UserFactory()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.COORDINATOR).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.PARTNER_CONTACT, region=factories.region()).full_clean()
