import re

from django.urls import reverse

import pytest

from participatienet.practices import selectors
from participatienet.practices.choices import PracticeStatus, PracticeTheme
from tests.practices.factories import PracticeFactory, PracticeLinkFactory

pytestmark = pytest.mark.django_db

GUIDE = reverse("practices:guide")


def _mask(*themes):
    mask = 0
    for theme in themes:
        mask |= 1 << theme
    return mask


def test_each_practice_is_printed_once_under_its_main_theme():
    buddy = PracticeFactory(
        title="Buddy's",
        main_theme=PracticeTheme.LEISURE,
        themes_mask=_mask(PracticeTheme.BUDDY, PracticeTheme.LEISURE),
    )
    cafe = PracticeFactory(
        title="Partnercafé",
        main_theme=PracticeTheme.COLLABORATION,
        themes_mask=_mask(PracticeTheme.COLLABORATION, PracticeTheme.BUDDY),
    )
    chapters = selectors.guide([buddy, cafe])
    assert [chapter.theme for chapter in chapters] == [
        PracticeTheme.COLLABORATION,
        PracticeTheme.BUDDY,
        PracticeTheme.LEISURE,
    ]  # the order of the themes, without empty chapters
    by_theme = {chapter.theme: chapter for chapter in chapters}
    assert [e.practice for e in by_theme[PracticeTheme.COLLABORATION].entries] == [cafe]
    # Leisure comes after buddy projects, but it is the main theme of the buddy practice.
    assert [e.practice for e in by_theme[PracticeTheme.LEISURE].entries] == [buddy]
    assert by_theme[PracticeTheme.BUDDY].entries == []
    assert by_theme[PracticeTheme.BUDDY].references == [buddy, cafe]
    assert len(by_theme[PracticeTheme.LEISURE].entries[0].see_also) == 1


def test_the_guide_holds_every_published_practice_and_nothing_else(world, client):
    published = PracticeFactory(region=world.gent, main_theme=PracticeTheme.WORK)
    other = PracticeFactory(region=world.kempen, main_theme=PracticeTheme.WORK)
    draft = PracticeFactory(region=world.gent, status=PracticeStatus.DRAFT)
    archived = PracticeFactory(region=world.gent, status=PracticeStatus.ARCHIVED)
    link = PracticeLinkFactory(practice=published)
    client.force_login(world.users["coordinator"])  # sees the drafts of Gent elsewhere
    response = client.get(GUIDE)
    assert response.status_code == 200
    page = response.content.decode()
    pattern = r'<article class="guide-practice" id="practice-(\d+)"'
    printed = {int(pk) for pk in re.findall(pattern, page)}
    assert printed == {published.pk, other.pk}
    assert draft.pk not in printed and archived.pk not in printed
    assert 'data-practices="2"' in page
    assert f'href="#theme-{PracticeTheme.WORK.value}"' in page  # the table of contents
    assert link.url in page


def test_the_guide_without_practices_still_answers(world, client):
    client.force_login(world.users["viewer"])
    response = client.get(GUIDE)
    assert response.status_code == 200
    assert 'id="no-practices"' in response.content.decode()


@pytest.mark.parametrize("count", [2, 25])
def test_the_guide_runs_the_same_number_of_queries_for_few_and_many_practices(
    world, client, django_assert_max_num_queries, count
):
    contact = world.gent_club.contact_points.first()
    for index in range(count):
        practice = PracticeFactory(
            main_theme=index % len(PracticeTheme),
            themes_mask=_mask(index % len(PracticeTheme), PracticeTheme.FEEDBACK),
            contact=contact if index % 2 else None,
            contact_name="" if index % 2 else "An Peeters",
            contact_email="" if index % 2 else "an@voorbeeld.be",
        )
        PracticeLinkFactory(practice=practice)
    client.force_login(world.users["partner_contact"])
    with django_assert_max_num_queries(8):
        assert client.get(GUIDE).status_code == 200
