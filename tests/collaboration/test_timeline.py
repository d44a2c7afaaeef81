"""The timeline: the pure drawing (milestones around one time axis, waves, plan periods and the
scan's means beneath) and its page, with the forms for milestones."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatienet.collaboration import timeline
from participatienet.collaboration.models import Milestone
from participatienet.collaboration.timeline import (
    DimensionIn,
    MilestoneIn,
    PeriodIn,
    WaveIn,
    draw,
)
from tests.collaboration import builders

D = dt.date


# --- The drawing (no database) -------------------------------------------------------------------


def _milestones():
    return [
        MilestoneIn(id=1, day=D(2025, 3, 1), kind="high", title="Startdag met alle partners"),
        MilestoneIn(id=2, day=D(2025, 6, 1), kind="low", title="Twee clubs haken af"),
        MilestoneIn(id=3, day=D(2025, 9, 1), kind="turning", title="Nieuwe afspraken"),
    ]


def _waves():
    return [
        WaveIn(
            id=10,
            opens_on=D(2025, 4, 1),
            closes_on=D(2025, 4, 21),
            label="04/2025",
            closed=True,
            means={"ownership": 2.5, "energy": 3.5},
        ),
        WaveIn(
            id=11,
            opens_on=D(2025, 10, 1),
            closes_on=D(2025, 10, 21),
            label="10/2025",
            closed=True,
            means={"ownership": 3.5, "energy": None},
        ),
        WaveIn(
            id=12,
            opens_on=D(2026, 2, 1),
            closes_on=D(2026, 2, 21),
            label="02/2026",
            closed=False,
            means={},
        ),
    ]


DIMENSIONS = [DimensionIn("ownership", "Eigenaarschap"), DimensionIn("energy", "Energie")]


def test_highs_go_above_the_line_lows_below_it_and_turning_points_on_it():
    drawing = draw(_milestones())
    marks = {mark.id: mark for mark in drawing.milestones}
    assert marks[1].y < drawing.axis_y and marks[1].label_y < drawing.axis_y
    assert marks[2].y > drawing.axis_y and marks[2].label_y > drawing.axis_y
    assert marks[3].y == drawing.axis_y
    assert marks[1].x < marks[2].x < marks[3].x
    assert drawing.left <= min(m.x for m in marks.values())
    assert max(m.x for m in marks.values()) <= drawing.right


def test_labels_that_would_overlap_go_to_another_lane():
    close = [
        MilestoneIn(
            id=n, day=D(2025, 5, 1) + dt.timedelta(days=n), kind="high", title="Een hoogtepunt"
        )
        for n in range(3)
    ]
    drawing = draw(close)
    assert sorted(mark.lane for mark in drawing.milestones) == [0, 1, 2]
    assert len({mark.label_y for mark in drawing.milestones}) == 3


def test_long_titles_are_shortened_on_the_drawing_but_kept_whole():
    title = "Een heel lange titel die nooit op de tijdlijn past zonder in te korten"
    (mark,) = draw([MilestoneIn(id=1, day=D(2025, 5, 1), kind="high", title=title)]).milestones
    assert mark.title == title and mark.label.endswith("…")
    assert len(mark.label) <= timeline.LABEL_MAX_CHARS


def test_waves_are_marked_on_the_axis_in_time_order():
    drawing = draw([], _waves())
    assert [wave.id for wave in drawing.waves] == [10, 11, 12]
    xs = [wave.x1 for wave in drawing.waves]
    assert xs == sorted(xs)
    assert all(wave.x2 > wave.x1 for wave in drawing.waves)
    assert [wave.closed for wave in drawing.waves] == [True, True, False]
    assert not drawing.empty


def test_the_scan_panel_shows_each_dimension_and_the_overall_mean_per_closed_wave():
    drawing = draw([], _waves(), DIMENSIONS)
    scan = drawing.scan
    assert scan is not None and scan.top > drawing.axis_y
    # Three dots: the hidden energy of the second wave is left out; the open wave has none.
    assert sorted((dot.key, dot.wave_label) for dot in scan.dots) == [
        ("energy", "04/2025"),
        ("ownership", "04/2025"),
        ("ownership", "10/2025"),
    ]
    assert [mark.value for mark in scan.overall] == [3.0, 3.5]
    # Higher means are drawn higher up.
    first, second = scan.overall
    assert second.y < first.y
    assert scan.line == f"{first.x},{first.y} {second.x},{second.y}"
    assert [tick.value for tick in scan.ticks] == [1, 2, 3, 4, 5]
    assert scan.ticks[0].y == scan.bottom and scan.ticks[-1].y == scan.top
    assert [item.key for item in scan.legend] == ["ownership", "energy"]


def test_without_closed_waves_there_is_no_scan_panel():
    assert draw(_milestones(), _waves()[2:]).scan is None


def test_plan_periods_run_under_the_axis_with_their_lead():
    periods = [
        PeriodIn(id=1, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31), label="Stad Gent"),
        PeriodIn(id=2, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), label="Agentschap"),
    ]
    drawing = draw([], (), (), periods)
    first, second = drawing.periods
    assert first.x < second.x and first.y > drawing.axis_y
    assert first.label == "Stad Gent"


def test_the_span_covers_every_date_and_today_with_a_margin():
    today = D(2026, 5, 1)
    drawing = draw(_milestones(), today=today)
    assert drawing.start < D(2025, 3, 1) and drawing.end > today
    assert drawing.today_x is not None and drawing.today_x <= drawing.right
    assert drawing.ticks and all(drawing.left <= tick.x <= drawing.right for tick in drawing.ticks)
    assert drawing.ticks[0].label == "04/2025" or drawing.ticks[0].label.endswith("/2025")


def test_an_empty_timeline_is_drawn_empty():
    drawing = draw([], today=D(2026, 5, 1))
    assert drawing.empty and drawing.scan is None and drawing.milestones == ()


def test_a_single_milestone_gets_room_around_it():
    drawing = draw([MilestoneIn(id=1, day=D(2025, 5, 1), kind="low", title="Dip")])
    (mark,) = drawing.milestones
    assert drawing.left < mark.x < drawing.right


# --- The page ------------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"collaboration:{name}", kwargs=kwargs)


def _closed_wave(region, title="Najaar"):
    wave = builders.open_wave(region, title=title)
    builders.respond(wave, "partner", [4, 3, 5])
    builders.respond(wave, "agii", [2, 2, 3])
    return builders.close(wave)


@pytestmark_db
def test_the_timeline_shows_the_regions_waves_even_without_milestones(world, login):
    closed = _closed_wave(world.gent)
    open_wave = builders.open_wave(world.gent, title="Nu")
    builders.open_wave(world.kempen)
    response = login(world.users["viewer"]).get(_url("timeline"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<svg viewBox="0 0')
    svg = html[start : html.index("</svg>", start)]
    assert re.findall(r'class="wave" data-wave="(\d+)"', svg) == [str(closed.pk), str(open_wave.pk)]
    assert 'class="overall-mark"' in svg and "<title" in svg
    # Numbers in the SVG never get a decimal comma.
    assert not re.search(r'(?:x|y|x1|x2|y1|y2|cx|cy)="[^"]*,', svg)
    assert 'id="timeline-scan-table"' in html
    assert not Milestone.objects.exists()


@pytestmark_db
def test_the_timeline_draws_the_milestones_and_lists_them_in_a_table(world, login):
    wave = _closed_wave(world.gent)
    high = builders.milestone(world.gent, title="Kookavond", wave=wave)
    low = builders.milestone(world.gent, kind="low", title="Afhakers")
    builders.milestone(world.kempen, title="Niet van Gent")
    response = login(world.users["coordinator"]).get(_url("timeline"))
    html = response.content.decode()
    assert re.findall(r'class="milestone milestone-(\w+)" data-milestone="(\d+)"', html) == [
        ("high", str(high.pk)),
        ("low", str(low.pk)),
    ]
    table = html[html.index('id="milestone-table"') :]
    assert sorted(re.findall(r'<tr data-milestone="(\d+)"', table)) == sorted(
        [str(high.pk), str(low.pk)]
    )
    assert _url("milestone_update", pk=high.pk) in html


@pytestmark_db
def test_an_empty_timeline_says_so(world, login):
    response = login(world.users["coordinator"]).get(_url("timeline"))
    assert response.status_code == 200 and b'id="timeline-empty"' in response.content


@pytestmark_db
def test_the_timeline_is_for_the_regions_coordinators_and_viewers(world, login):
    assert login(world.users["viewer"]).get(_url("timeline")).status_code == 200
    assert login(world.users["partner_contact"]).get(_url("timeline")).status_code == 403
    assert login(world.users["viewer"]).get(_url("milestone_create")).status_code == 403


def _data(**values):
    return {
        "date": timezone.localdate().isoformat(),
        "kind": "turning",
        "title": "Nieuwe afspraken",
        "text": "",
        "wave": "",
        "action": "",
        **values,
    }


@pytestmark_db
def test_a_coordinator_adds_changes_and_removes_a_milestone(world, login):
    client = login(world.users["coordinator"])
    wave = builders.open_wave(world.gent)
    response = client.post(_url("milestone_create"), _data(wave=wave.pk))
    assert response.status_code == 302 and response["Location"] == _url("timeline")
    milestone = Milestone.objects.get()
    assert milestone.region == world.gent and milestone.wave == wave
    response = client.post(_url("milestone_update", pk=milestone.pk), _data(kind="high"))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.kind == "high" and milestone.wave is None
    assert client.post(_url("milestone_delete", pk=milestone.pk)).status_code == 302
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    "values",
    [{"kind": "middle"}, {"title": ""}, {"date": "ooit"}, {"wave": "kempen"}, {"action": "kempen"}],
)
@pytestmark_db
def test_a_milestone_with_bad_input_answers_400_and_writes_nothing(world, login, values):
    if values.get("wave") == "kempen":
        values["wave"] = builders.open_wave(world.kempen).pk
    if values.get("action") == "kempen":
        values["action"] = builders.action(builders.plan(world.kempen), world.kempen_club).pk
    response = login(world.users["coordinator"]).post(_url("milestone_create"), _data(**values))
    assert response.status_code == 400
    assert not Milestone.objects.exists()


@pytestmark_db
def test_another_regions_milestone_does_not_exist_for_a_coordinator(world, login):
    milestone = builders.milestone(world.kempen)
    client = login(world.users["coordinator"])
    assert client.get(_url("milestone_update", pk=milestone.pk)).status_code == 404
    assert client.post(_url("milestone_delete", pk=milestone.pk)).status_code == 404
    assert Milestone.objects.exists()


@pytestmark_db
def test_the_timeline_runs_the_same_queries_for_few_and_many_milestones_and_waves(world, login):
    client = login(world.users["coordinator"])
    builders.milestone(world.gent)
    _closed_wave(world.gent, "Eerste")
    builders.plan(world.gent, lead_organisation=world.gent_town)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url("timeline")).status_code == 200
        return len(context.captured_queries)

    few = count()
    for number in range(12):
        builders.milestone(
            world.gent, kind=("high", "low", "turning")[number % 3], title=f"M{number}"
        )
    _closed_wave(world.gent, "Tweede")
    _closed_wave(world.gent, "Derde")
    builders.plan(
        world.gent, title="Vorig", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31)
    )
    assert count() == few


@pytestmark_db
def test_the_results_of_a_wave_lead_to_a_milestone_about_it(world, login):
    wave = _closed_wave(world.gent)
    client = login(world.users["coordinator"])
    link = _url("milestone_create") + f"?wave={wave.pk}"
    assert link in client.get(_url("wave_results", pk=wave.pk)).content.decode()
    form = client.get(link).context["form"]
    assert form["wave"].value() == wave.pk
    viewer = login(world.users["viewer"])
    assert link not in viewer.get(_url("wave_results", pk=wave.pk)).content.decode()
