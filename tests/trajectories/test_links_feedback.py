"""Feedback by link: the newcomer's form in five languages with faces, the partner's in Dutch."""

import re

from django.urls import reverse

import pytest

from participatienet.accounts import links
from participatienet.trajectories import feedback_texts, services
from participatienet.trajectories.models import Feedback
from tests.access.rows_links import ended, link

pytestmark = pytest.mark.django_db

NEWCOMER = services.PURPOSE_FEEDBACK_NEWCOMER
PARTNER = services.PURPOSE_FEEDBACK_PARTNER


def _url(raw, lang=None):
    url = reverse("links:open", kwargs={"token": raw})
    return f"{url}?lang={lang}" if lang else url


def test_every_language_has_every_text():
    keys = set(feedback_texts.TEXTS["nl"])
    assert set(feedback_texts.LANGUAGES) == set(feedback_texts.TEXTS) == set(feedback_texts.NAMES)
    for code, texts in feedback_texts.TEXTS.items():
        assert set(texts) == keys, code
        assert all(value.strip() for value in texts.values()), code
        assert "{offer}" in texts["intro"], code


def test_the_languages_are_those_of_the_feedback_model():
    from participatienet.trajectories.choices import FeedbackLanguage

    assert set(feedback_texts.LANGUAGES) == set(FeedbackLanguage.values)


def test_unknown_languages_fall_back_to_the_preferred_one_then_dutch():
    assert feedback_texts.language_or_default("xx", "fr") == "fr"
    assert feedback_texts.language_or_default(None, "xx") == "nl"
    assert feedback_texts.language_or_default("ar", "fr") == "ar"


def test_the_form_opens_in_the_newcomers_language_with_four_rows_of_faces(client, world):
    participation = ended(world, preferred_language="fr")
    response = client.get(_url(link(NEWCOMER, participation)))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    for name in feedback_texts.QUESTIONS:
        assert feedback_texts.TEXTS["fr"][name] in page
        for value in range(1, 6):
            assert f'id="id_{name}_{value}"' in page
    assert feedback_texts.TEXTS["fr"]["scale_5"] in page
    assert participation.title in page
    assert page.count('class="face face-') == 20


def test_feedback_in_arabic_renders_right_to_left_and_stores_arabic(client, world):
    participation = ended(world, preferred_language="ar")
    raw = link(NEWCOMER, participation)
    page = client.get(_url(raw)).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert feedback_texts.TEXTS["ar"]["felt_welcome"] in page
    assert feedback_texts.TEXTS["ar"]["send"] in page
    response = client.post(
        _url(raw),
        {
            "purpose": NEWCOMER,
            "lang": "ar",
            "felt_welcome": "5",
            "practised_dutch": "4",
            "met_new_people": "3",
            "wants_to_continue": "5",
            "text": "شكرًا على كل شيء",
        },
    )
    assert response.status_code == 200
    assert feedback_texts.TEXTS["ar"]["thanks_title"] in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.respondent, feedback.language) == ("newcomer", "ar")
    assert (feedback.felt_welcome, feedback.practised_dutch) == (5, 4)
    assert (feedback.met_new_people, feedback.wants_to_continue) == (3, 5)
    assert feedback.text == "شكرًا على كل شيء"
    assert links.peek(raw).used_at is not None


def test_the_language_switch_changes_the_form_and_the_stored_language(client, world):
    participation = ended(world, preferred_language="nl")
    raw = link(NEWCOMER, participation)
    page = client.get(_url(raw, "uk")).content.decode()
    assert '<html lang="uk" dir="ltr">' in page
    assert feedback_texts.TEXTS["uk"]["met_new_people"] in page
    for code in feedback_texts.LANGUAGES:
        assert f'href="?lang={code}"' in page
    assert 'aria-current="true">Українська' in page
    client.post(_url(raw), {"purpose": NEWCOMER, "lang": "uk", "met_new_people": "4"})
    feedback = Feedback.objects.get()
    assert feedback.language == "uk"
    assert feedback.felt_welcome is None
    assert feedback.met_new_people == 4


def test_an_empty_form_is_refused_in_the_newcomers_language(client, world):
    participation = ended(world, preferred_language="en")
    raw = link(NEWCOMER, participation)
    response = client.post(_url(raw), {"purpose": NEWCOMER, "lang": "ar", "text": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert feedback_texts.TEXTS["ar"]["error_empty"] in page
    assert 'dir="rtl"' in page
    assert not Feedback.objects.exists()
    assert links.peek(raw).used_at is None


def test_a_score_outside_one_to_five_is_refused(client, world):
    raw = link(NEWCOMER, ended(world))
    response = client.post(_url(raw), {"purpose": NEWCOMER, "lang": "nl", "felt_welcome": "9"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_chosen_face_stays_chosen_when_the_form_comes_back(client, world):
    raw = link(NEWCOMER, ended(world))
    response = client.post(
        _url(raw), {"purpose": NEWCOMER, "lang": "nl", "felt_welcome": "4", "text": "x" * 2001}
    )
    assert response.status_code == 400
    assert re.search(r'value="4" id="id_felt_welcome_4" checked', response.content.decode())


def test_a_second_submission_is_refused_with_a_clear_page(client, world):
    participation = ended(world, preferred_language="fr")
    first = link(NEWCOMER, participation)
    second = link(NEWCOMER, participation)
    data = {"purpose": NEWCOMER, "lang": "fr", "felt_welcome": "5"}
    assert client.post(_url(first), data).status_code == 200
    again = client.post(_url(first), data)
    assert again.status_code == 410
    assert feedback_texts.TEXTS["fr"]["used_title"] in again.content.decode()
    other = client.get(_url(second))
    assert other.status_code == 410
    assert feedback_texts.TEXTS["fr"]["given_title"] in other.content.decode()
    assert client.post(_url(second), data).status_code == 410
    assert Feedback.objects.count() == 1
    assert links.peek(second).used_at is None


def test_the_partner_gives_feedback_by_link(client, world):
    participation = ended(world)
    raw = link(PARTNER, participation)
    page = client.get(_url(raw))
    assert page.status_code == 200
    assert page.content.decode().count('class="face face-') == 15
    response = client.post(
        _url(raw),
        {
            "purpose": PARTNER,
            "fit": "4",
            "counsellor_contact": "5",
            "would_host_again": "5",
            "text": "Fijne samenwerking.",
        },
    )
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.respondent, feedback.language) == ("partner", "nl")
    assert (feedback.fit, feedback.counsellor_contact, feedback.would_host_again) == (4, 5, 5)
    assert client.post(_url(raw), {"purpose": PARTNER, "fit": "1"}).status_code == 410


def test_the_partner_must_answer_something(client, world):
    raw = link(PARTNER, ended(world))
    assert client.post(_url(raw), {"purpose": PARTNER}).status_code == 400
    assert not Feedback.objects.exists()


def test_ending_a_participation_mails_working_feedback_links(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    participation = ended(world, preferred_language="ar")
    participation.status = "active"
    participation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.end_participation(
            actor=world.users["coordinator"], participation=participation, status="completed"
        )
    newcomer_mail, partner_mail = mailoutbox
    assert newcomer_mail.to == [participation.trajectory.newcomer.email]
    raw = re.search(r"/link/(\S+)/", newcomer_mail.body).group(1)
    page = client.get(_url(raw)).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    raw = re.search(r"/link/(\S+)/", partner_mail.body).group(1)
    assert client.get(_url(raw)).status_code == 200
