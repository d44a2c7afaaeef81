from django.urls import reverse

import pytest

from participatienet.accounts.choices import Role
from participatienet.accounts.models import AuditEntry, Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users["programme_admin"])
    return client


def test_admin_creates_a_user_who_gets_an_invitation(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:user_create"),
            {
                "full_name": "Fatima El Amrani",
                "email": "Fatima@Gemeente.be",
                "send_invitation": "on",
            },
        )
    user = User.objects.get(email="fatima@gemeente.be")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:membership_add", kwargs={"pk": user.pk})
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert "fatima@gemeente.be" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="user.created", object_id=str(user.pk)).exists()


def test_a_duplicate_email_is_refused_and_nothing_changes(admin_client, world):
    before = User.objects.count()
    response = admin_client.post(
        reverse("accounts:user_create"), {"full_name": "Dubbel", "email": "COORD@test.be"}
    )
    assert response.status_code == 400
    assert User.objects.count() == before
    assert "error-summary" in response.content.decode()


def test_admin_edits_a_user_and_the_change_is_audited(admin_client, world):
    subject = world.users["viewer"]
    response = admin_client.post(
        reverse("accounts:user_detail", kwargs={"pk": subject.pk}),
        {"full_name": "Nieuwe Naam", "email": subject.email, "is_active": ""},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.full_name == "Nieuwe Naam"
    assert subject.is_active is False
    entry = AuditEntry.objects.get(action="user.changed", object_id=str(subject.pk))
    assert entry.fields == ["full_name", "is_active"]
    assert entry.actor == world.users["programme_admin"]


def test_reading_a_user_record_is_audited(admin_client, world):
    subject = world.users["counsellor"]
    admin_client.get(reverse("accounts:user_detail", kwargs={"pk": subject.pk}))
    assert AuditEntry.objects.filter(action="user.viewed", object_id=str(subject.pk)).count() == 1


def test_admin_adds_a_coordinator_role(admin_client, world):
    subject = world.users["viewer"]
    response = admin_client.post(
        reverse("accounts:membership_add", kwargs={"pk": subject.pk}),
        {"role": Role.COORDINATOR, "region": world.kempen.pk},
    )
    assert response.status_code == 302
    assert (
        Membership.objects.current()
        .filter(user=subject, role=Role.COORDINATOR, region=world.kempen)
        .exists()
    )
    assert AuditEntry.objects.filter(action="membership.added").exists()


def test_a_partner_role_takes_its_region_from_the_organisation(admin_client, world):
    subject = world.users["viewer"]
    admin_client.post(
        reverse("accounts:membership_add", kwargs={"pk": subject.pk}),
        {
            "role": Role.PARTNER_CONTACT,
            "region": world.kempen.pk,
            "organisation": world.kempen_club.pk,
        },
    )
    membership = Membership.objects.get(user=subject, role=Role.PARTNER_CONTACT)
    assert membership.region == world.kempen


@pytest.mark.parametrize(
    "data",
    [
        {"role": Role.COORDINATOR},  # no region
        {"role": Role.PARTNER_CONTACT},  # no organisation
        {"role": "overlord", "region": 1},  # unknown role
        {"role": Role.PROGRAMME_ADMIN, "region": 1},  # admin with a region
    ],
)
def test_a_role_that_does_not_fit_is_refused_and_nothing_is_written(admin_client, world, data):
    subject = world.users["viewer"]
    before = Membership.objects.count()
    data = {**data}
    if data.get("region") == 1:
        data["region"] = world.gent.pk
    response = admin_client.post(
        reverse("accounts:membership_add", kwargs={"pk": subject.pk}), data
    )
    assert response.status_code == 400
    assert Membership.objects.count() == before


def test_the_same_role_twice_is_refused(admin_client, world):
    subject = world.users["coordinator"]
    response = admin_client.post(
        reverse("accounts:membership_add", kwargs={"pk": subject.pk}),
        {"role": Role.COORDINATOR, "region": world.gent.pk},
    )
    assert response.status_code == 400
    assert Membership.objects.filter(user=subject).count() == 1


def test_ending_a_role_keeps_it_in_the_history(admin_client, world):
    subject = world.users["coordinator"]
    membership = subject.memberships.get()
    admin_client.post(
        reverse(
            "accounts:membership_end", kwargs={"pk": subject.pk, "membership_pk": membership.pk}
        )
    )
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert Membership.objects.filter(pk=membership.pk).exists()
    # The former coordinator now has no access to the region's organisations.
    fresh = User.objects.get(pk=subject.pk)
    from participatienet.accounts import policy

    assert not policy.can(fresh, "organisation.list")


def test_the_last_programme_admin_cannot_be_ended(admin_client, world):
    admin = world.users["programme_admin"]
    membership = admin.memberships.get()
    response = admin_client.post(
        reverse("accounts:membership_end", kwargs={"pk": admin.pk, "membership_pk": membership.pk}),
        follow=True,
    )
    membership.refresh_from_db()
    assert membership.ended_at is None
    assert "laatste programmabeheerder" in response.content.decode()


def test_user_list_filters_by_role_and_region(admin_client, world):
    response = admin_client.get(
        reverse("accounts:user_list"), {"role": Role.COORDINATOR, "region": world.kempen.pk}
    )
    page = response.content.decode()
    assert "coord-kempen@test.be" in page
    assert "coord@test.be" not in page


def test_user_list_has_a_bounded_number_of_queries(
    admin_client, world, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(30):
        factories.user_with_role(Role.COUNSELLOR)
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("accounts:user_list"))


def test_choosing_a_region_lists_its_organisations_without_saving(admin_client, world):
    subject = world.users["viewer"]
    url = reverse("accounts:membership_add", kwargs={"pk": subject.pk})
    before = Membership.objects.count()
    response = admin_client.post(
        url,
        {"role": Role.PARTNER_CONTACT, "region": world.kempen.pk, "show_organisations": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wandelclub Turnhout" in page and "Voetbalclub Gent-Zuid" not in page
    assert "error-summary" not in page
    assert Membership.objects.count() == before


def test_the_technical_admin_cannot_delete_users_or_roles(admin_client, world):
    subject = world.users["viewer"]
    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[subject.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=subject.pk).exists()


def test_user_list_runs_as_many_queries_for_500_users_as_for_10(admin_client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(reverse("accounts:user_list")).status_code == 200
        return len(context.captured_queries)

    for _ in range(3):
        factories.user_with_role(Role.COUNSELLOR)
    few = count()
    User.objects.bulk_create(
        [User(email=f"extra{i}@voorbeeld.be", full_name=f"Extra {i}") for i in range(500)]
    )
    assert count() == few
