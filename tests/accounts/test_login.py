from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.accounts.models import AuditEntry, LoginFailure
from tests import factories

pytestmark = pytest.mark.django_db


def _try(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_user_logs_in_with_email_and_password(client):
    user = factories.UserFactory(email="an@voorbeeld.be")
    response = _try(client, "AN@voorbeeld.be", factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEntry.objects.filter(action="user.logged_in", object_id=str(user.pk)).exists()


def test_a_wrong_password_gets_a_dutch_message_and_no_session(client):
    factories.UserFactory(email="an@voorbeeld.be")
    response = _try(client, "an@voorbeeld.be", "fout")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "komen niet overeen" in response.content.decode()


def test_five_wrong_passwords_block_further_tries_for_a_while(client, settings):
    settings.LOGIN_MAX_FAILURES = 5
    factories.UserFactory(email="an@voorbeeld.be")
    for _ in range(5):
        _try(client, "an@voorbeeld.be", "fout")
    # Even the right password is refused while the block lasts.
    response = _try(client, "an@voorbeeld.be", factories.PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Te veel mislukte pogingen" in page


def test_the_block_ends_after_the_window(client, settings):
    factories.UserFactory(email="an@voorbeeld.be")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "an@voorbeeld.be", "fout")
    LoginFailure.objects.update(
        at=timezone.now() - timedelta(seconds=settings.LOGIN_BLOCK_SECONDS + 1)
    )
    response = _try(client, "an@voorbeeld.be", factories.PASSWORD)
    assert response.status_code == 302


def test_a_block_for_one_address_does_not_block_another(client, settings):
    factories.UserFactory(email="an@voorbeeld.be")
    factories.UserFactory(email="bo@voorbeeld.be")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "an@voorbeeld.be", "fout")
    assert _try(client, "bo@voorbeeld.be", factories.PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, settings):
    factories.UserFactory(email="an@voorbeeld.be")
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _try(client, "an@voorbeeld.be", "fout")
    assert _try(client, "an@voorbeeld.be", factories.PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(email="an@voorbeeld.be").exists()


def test_an_inactive_user_cannot_log_in(client):
    factories.UserFactory(email="weg@voorbeeld.be", is_active=False)
    response = _try(client, "weg@voorbeeld.be", factories.PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_passwords_are_hashed_with_argon2_outside_tests():
    from participatienet import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mailoutbox):
    user = factories.UserFactory(email="vergeten@voorbeeld.be")
    response = client.post(reverse("accounts:password_reset"), {"email": "vergeten@voorbeeld.be"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/account/wachtwoord-kiezen/" in line)
    path = link[link.index("/account/") :]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "een-nieuw-wachtwoord-77"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@voorbeeld.be"})
    assert response.status_code == 302
    assert mailoutbox == []
