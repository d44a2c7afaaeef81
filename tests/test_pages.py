"""Error pages, language and the base layout."""

from django.test import Client
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_404_page_is_dutch(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "We vinden deze pagina niet" in response.content.decode()


def test_403_page_is_dutch(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("accounts:audit_log"))
    assert response.status_code == 403
    assert "Je hebt geen toegang" in response.content.decode()


def test_500_page_is_dutch(client, world, settings):
    from participatienet import errors

    response = errors.server_error(None)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_csrf_failure_is_explained_in_dutch(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.be", "password": "x"})
    assert response.status_code == 403
    assert "verlopen" in response.content.decode()


def test_english_is_available(client, world):
    client.force_login(world.users["coordinator"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "My work" in page
    assert '<html lang="en">' in page


def test_layout_has_skip_link_landmarks_and_navigation_per_role(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert 'aria-label="Hoofdnavigatie"' in page or 'aria-label="Hoofdmenu"' in page
    assert reverse("network:organisation_list") in page
    assert reverse("accounts:user_list") not in page
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("home")).content.decode()
    assert reverse("accounts:user_list") in page and reverse("accounts:audit_log") in page


def test_health_answers_without_login(client, db):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok"}
