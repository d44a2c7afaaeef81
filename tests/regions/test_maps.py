"""The map projection is pure: no database needed."""

from participatienet.regions.maps import Place, project


def test_north_is_up_and_east_is_right():
    svg = project(
        [
            Place("a", "Noord", 51.3, 4.0),
            Place("b", "Zuid", 50.8, 4.0),
            Place("c", "Oost", 51.0, 5.0),
        ],
        width=400,
    )
    points = {p.label: p for p in svg.points}
    assert points["Noord"].y < points["Zuid"].y
    assert points["Oost"].x > points["Noord"].x


def test_points_stay_inside_the_canvas():
    places = [Place(str(i), str(i), 50.7 + i * 0.01, 2.6 + i * 0.05) for i in range(60)]
    svg = project(places, width=500, padding=20)
    for point in svg.points:
        assert 0 <= point.x <= svg.width
        assert 0 <= point.y <= svg.height


def test_a_region_of_one_municipality_gets_a_frame():
    svg = project([Place("44021", "Gent", 51.08, 3.73)], width=400)
    (point,) = svg.points
    assert 0 < point.x < 400 and 0 < point.y < svg.height


def test_context_points_outside_the_frame_are_left_out():
    svg = project(
        [Place("a", "Hier", 51.0, 4.0), Place("b", "Ver weg", 49.6, 6.3, highlighted=False)],
        width=400,
    )
    assert [p.label for p in svg.points] == ["Hier"]


def test_no_places_give_an_empty_map():
    assert project([]).points == ()
