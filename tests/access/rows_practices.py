"""Rows for the practice library (inspiratiegids): the library, the guide, a practice, its
form and status changes, and "we want to try this".

Extra objects (built lazily per test world): a published and a draft practice of Gent, a
published and a draft practice of Kempen.
"""

from participatienet.practices.choices import PracticeStatus
from tests.access.rows import Row, everyone, extra, only
from tests.practices.factories import PracticeFactory, practice_form_data


def _gent_published(w):
    return extra(w, "gent_practice", lambda w: PracticeFactory(region=w.gent))


def _gent_draft(w):
    return extra(
        w,
        "gent_draft_practice",
        lambda w: PracticeFactory(region=w.gent, status=PracticeStatus.DRAFT),
    )


def _kempen_published(w):
    return extra(w, "kempen_practice", lambda w: PracticeFactory(region=w.kempen))


def _kempen_draft(w):
    return extra(
        w,
        "kempen_draft_practice",
        lambda w: PracticeFactory(region=w.kempen, status=PracticeStatus.DRAFT),
    )


def _gent_contact(w):
    return w.gent_club.contact_points.first()


#: Who writes practices of Gent: its coordinator and the programme admin.
GENT_EDITORS = ("programme_admin", "coordinator")
#: Who may create practices at all: coordinators (of any region) and the programme admin.
CREATORS = ("programme_admin", "coordinator", "coordinator_other")

# Drafts exist only for the coordinators of their region and the programme admin.
GENT_DRAFT = only(dict.fromkeys(GENT_EDITORS, 200), 404)
KEMPEN_DRAFT = only({"programme_admin": 200, "coordinator_other": 200}, 404)


def _for_editors(outcome, others=403):
    return only(dict.fromkeys(GENT_EDITORS, outcome), others)


ROWS = [
    # --- The library and the guide -------------------------------------------------------------
    Row("practices:library", everyone(200)),
    Row(
        "practices:library",
        everyone(200),
        query=lambda w: f"q=buddy&theme=0&region={w.gent.pk}&sort=interest&interest=on",
        note="filtered",
    ),
    Row("practices:library", everyone(400), query=lambda w: "theme=99", note="unknown theme"),
    Row("practices:guide", everyone(200)),
    # --- Creating a practice -------------------------------------------------------------------
    Row("practices:create", only(dict.fromkeys(CREATORS, 200), 403)),
    Row(
        "practices:create",
        only({"programme_admin": 302, "coordinator": 302, "coordinator_other": 400}, 403),
        method="post",
        data=lambda w: practice_form_data(w.gent, _gent_contact(w)),
        note="a practice of Gent",
    ),
    Row(
        "practices:create",
        only(dict.fromkeys(CREATORS, 400), 403),
        method="post",
        data=lambda w: practice_form_data(w.gent, what="Te kort."),
        note="too short",
    ),
    # --- One practice --------------------------------------------------------------------------
    Row(
        "practices:detail",
        everyone(200),
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        note="published, Gent",
    ),
    Row(
        "practices:detail",
        GENT_DRAFT,
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        note="draft, Gent",
    ),
    Row(
        "practices:detail",
        KEMPEN_DRAFT,
        kwargs=lambda w: {"pk": _kempen_draft(w).pk},
        note="draft, Kempen",
    ),
    Row(
        "practices:detail",
        everyone(404),
        kwargs=lambda w: {"pk": 999999},
        note="no such practice",
    ),
    Row(
        "practices:update",
        _for_editors(200),
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        note="published, Gent",
    ),
    Row(
        "practices:update",
        GENT_DRAFT,
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        note="draft, Gent",
    ),
    Row(
        "practices:update",
        only({"programme_admin": 200, "coordinator_other": 200}, 403),
        kwargs=lambda w: {"pk": _kempen_published(w).pk},
        note="published, Kempen",
    ),
    Row(
        "practices:update",
        only(dict.fromkeys(GENT_EDITORS, 302), 404),
        method="post",
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        data=lambda w: practice_form_data(w.gent, title="Nieuwe titel"),
        note="valid, draft of Gent",
    ),
    Row(
        "practices:update",
        _for_editors(400),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: practice_form_data(w.gent, main_theme=""),
        note="without a main theme, published of Gent",
    ),
    # --- Status changes ------------------------------------------------------------------------
    Row(
        "practices:transition",
        only(dict.fromkeys(GENT_EDITORS, 302), 404),
        method="post",
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        data=lambda w: {"action": "publish"},
        note="publish a draft of Gent",
    ),
    Row(
        "practices:transition",
        _for_editors(302),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"action": "archive"},
        note="archive a published practice of Gent",
    ),
    Row(
        "practices:transition",
        _for_editors(409),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"action": "publish"},
        note="publish what is published already",
    ),
    Row(
        "practices:transition",
        _for_editors(400),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"action": "delete"},
        note="unknown action",
    ),
    Row(
        "practices:transition",
        only({}, 405),
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        note="GET is not allowed",
    ),
    # --- We want to try this -------------------------------------------------------------------
    Row(
        "practices:interest_mark",
        only({"coordinator_other": 302}, 403),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"region": w.kempen.pk, "note": "Graag een gesprek in mei."},
        note="Kempen marks a practice of Gent",
    ),
    Row(
        "practices:interest_mark",
        only({"coordinator": 302}, 403),
        method="post",
        kwargs=lambda w: {"pk": _kempen_published(w).pk},
        data=lambda w: {"region": w.gent.pk},
        note="Gent marks a practice of Kempen",
    ),
    Row(
        "practices:interest_mark",
        only({"coordinator_other": 400}, 403),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"region": w.kempen.pk, "note": "x" * 600},
        note="a note that is too long",
    ),
    Row(
        "practices:interest_mark",
        only({"coordinator_other": 400}, 403),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"region": w.gent.pk},
        note="for the practice's own region",
    ),
    Row(
        "practices:interest_mark",
        only(dict.fromkeys(GENT_EDITORS, 403), 404),
        method="post",
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        data=lambda w: {"region": w.kempen.pk},
        note="a draft of Gent",
    ),
    Row(
        "practices:interest_mark",
        only({}, 405),
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        note="GET is not allowed",
    ),
    Row(
        "practices:interest_withdraw",
        only({"coordinator_other": 302}, 403),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"region": w.kempen.pk},
        note="Kempen withdraws",
    ),
    Row(
        "practices:interest_withdraw",
        only({"coordinator_other": 400}, 403),
        method="post",
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        data=lambda w: {"region": w.gent.pk},
        note="for a region that is not theirs",
    ),
    Row(
        "practices:interest_withdraw",
        only({}, 405),
        kwargs=lambda w: {"pk": _gent_published(w).pk},
        note="GET is not allowed",
    ),
]
