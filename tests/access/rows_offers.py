"""Rows for the offer catalogue and for managing organisations and their contact points.

Extra objects (built lazily per test world): an active and a draft offer of the Gent club, a
submitted one of the Gent club, a draft offer of the Kempen club, and a spare contact point of
the Gent club that no offer uses.
"""

from participatienet.regions.models import Municipality
from tests import factories
from tests.access.rows import LOGIN, Row, extra, only  # noqa: F401
from tests.offers.factories import offer_form_data, organisation_form_data


def _gent_active(w):
    return extra(
        w,
        "gent_active_offer",
        lambda w: factories.OfferFactory(organisation=w.gent_club, title="Voetbal op dinsdag"),
    )


def _gent_draft(w):
    return extra(
        w,
        "gent_draft_offer",
        lambda w: factories.OfferFactory(organisation=w.gent_club, status="draft"),
    )


def _gent_submitted(w):
    return extra(
        w,
        "gent_submitted_offer",
        lambda w: factories.OfferFactory(organisation=w.gent_club, status="submitted"),
    )


def _kempen_draft(w):
    return extra(
        w,
        "kempen_draft_offer",
        lambda w: factories.OfferFactory(organisation=w.kempen_club, status="draft"),
    )


def _spare_contact(w):
    return extra(
        w,
        "gent_spare_contact",
        lambda w: factories.ContactPointFactory(organisation=w.gent_club, is_direct=False),
    )


def _used_contact(w):
    return _gent_active(w).contact


def _gent_municipality(w):
    return Municipality.objects.filter(region=w.gent).order_by("nis_code").first()


# Who may see an offer that is not active: its organisation and the coordinators of its region.
ACTIVE_OFFER = only({"viewer": 403}, 200)
GENT_DRAFT = only(
    {"programme_admin": 200, "coordinator": 200, "partner_contact": 200, "viewer": 403}, 404
)
KEMPEN_DRAFT = only({"programme_admin": 200, "coordinator_other": 200, "viewer": 403}, 404)

ROWS = [
    # --- The catalogue -------------------------------------------------------------------------
    Row("offers:catalogue", only({"viewer": 403}, 200)),
    Row(
        "offers:catalogue",
        only({"viewer": 403}, 200),
        query=lambda w: "status=submitted&region=",
        note="waiting for validation",
    ),
    Row(
        "offers:catalogue",
        only({"viewer": 403}, 400),
        query=lambda w: "distance=5",
        note="a distance without a municipality",
    ),
    # --- Creating an offer ---------------------------------------------------------------------
    Row(
        "offers:create",
        only({"counsellor": 403, "viewer": 403}, 200),
    ),
    Row(
        "offers:create",
        only({"programme_admin": 302, "coordinator": 302, "partner_contact": 302}, 400)
        | {"counsellor": 403, "viewer": 403},
        method="post",
        data=lambda w: offer_form_data(w.gent_club),
        note="an offer of the Gent club",
    ),
    # --- One offer -----------------------------------------------------------------------------
    Row(
        "offers:detail",
        ACTIVE_OFFER,
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        note="active, Gent",
    ),
    Row(
        "offers:detail", GENT_DRAFT, kwargs=lambda w: {"pk": _gent_draft(w).pk}, note="draft, Gent"
    ),
    Row(
        "offers:detail",
        KEMPEN_DRAFT,
        kwargs=lambda w: {"pk": _kempen_draft(w).pk},
        note="draft, Kempen",
    ),
    Row(
        "offers:detail",
        only({"viewer": 403}, 404),
        kwargs=lambda w: {"pk": 999999},
        note="no such offer",
    ),
    Row(
        "offers:flyer",
        ACTIVE_OFFER,
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        note="active, Gent",
    ),
    Row("offers:flyer", GENT_DRAFT, kwargs=lambda w: {"pk": _gent_draft(w).pk}, note="draft, Gent"),
    Row(
        "offers:update",
        only(
            {"programme_admin": 200, "coordinator": 200, "partner_contact": 200},
            403,
        ),
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        note="active, Gent",
    ),
    Row(
        "offers:update", GENT_DRAFT, kwargs=lambda w: {"pk": _gent_draft(w).pk}, note="draft, Gent"
    ),
    Row(
        "offers:update",
        KEMPEN_DRAFT,
        kwargs=lambda w: {"pk": _kempen_draft(w).pk},
        note="draft, Kempen",
    ),
    # --- Status changes ------------------------------------------------------------------------
    Row(
        "offers:transition",
        {k: (302 if v == 200 else v) for k, v in GENT_DRAFT.items()},
        method="post",
        kwargs=lambda w: {"pk": _gent_draft(w).pk},
        data=lambda w: {"action": "submit"},
        note="submit a Gent draft",
    ),
    Row(
        "offers:transition",
        only(
            {"programme_admin": 302, "coordinator": 302, "partner_contact": 403, "viewer": 403},
            404,
        ),
        method="post",
        kwargs=lambda w: {"pk": _gent_submitted(w).pk},
        data=lambda w: {"action": "validate", "remarks": "In orde."},
        note="validate a submitted Gent offer",
    ),
    Row(
        "offers:transition",
        only(
            {"programme_admin": 302, "coordinator": 302, "partner_contact": 302, "viewer": 403},
            403,
        ),
        method="post",
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        data=lambda w: {"action": "pause"},
        note="pause an active Gent offer",
    ),
    Row(
        "offers:transition",
        only(
            {"programme_admin": 409, "coordinator": 409, "partner_contact": 409, "viewer": 403}, 403
        ),
        method="post",
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        data=lambda w: {"action": "submit"},
        note="submit an offer that is already active",
    ),
    Row(
        "offers:transition",
        only({}, 405),
        kwargs=lambda w: {"pk": _gent_active(w).pk},
        note="GET is not allowed",
    ),
    # --- Organisations -------------------------------------------------------------------------
    Row(
        "network:organisation_create",
        only({"programme_admin": 200, "coordinator": 200, "coordinator_other": 200}, 403),
    ),
    Row(
        "network:organisation_create",
        only(
            {"programme_admin": 302, "coordinator": 302, "coordinator_other": 400},
            403,
        ),
        method="post",
        data=lambda w: organisation_form_data(_gent_municipality(w)),
        note="an organisation in Gent",
    ),
    Row(
        "network:organisation_update",
        only(
            {
                "programme_admin": 200,
                "coordinator": 200,
                "partner_contact": 200,
                "counsellor": 403,
                "local_worker": 403,
            },
            404,
        ),
        kwargs=lambda w: {"pk": w.gent_club.pk},
        note="the Gent club",
    ),
    Row(
        "network:organisation_update",
        only({"programme_admin": 200, "coordinator_other": 200}, 404),
        kwargs=lambda w: {"pk": w.kempen_club.pk},
        note="the Kempen club",
    ),
    Row(
        "network:organisation_update",
        only(
            {
                "programme_admin": 200,
                "coordinator": 200,
                "counsellor": 403,
                "local_worker": 200,  # its own local government
            },
            404,
        ),
        kwargs=lambda w: {"pk": w.gent_town.pk},
        note="the local government of Gent",
    ),
    Row(
        "network:contact_point_create",
        only(
            {
                "programme_admin": 200,
                "coordinator": 200,
                "partner_contact": 200,
                "counsellor": 403,
                "local_worker": 403,
            },
            404,
        ),
        kwargs=lambda w: {"pk": w.gent_club.pk},
        note="the Gent club",
    ),
    Row(
        "network:contact_point_create",
        only({"programme_admin": 200, "coordinator_other": 200}, 404),
        kwargs=lambda w: {"pk": w.kempen_club.pk},
        note="the Kempen club",
    ),
    Row(
        "network:contact_point_update",
        only(
            {
                "programme_admin": 200,
                "coordinator": 200,
                "partner_contact": 200,
                "counsellor": 403,
                "local_worker": 403,
            },
            404,
        ),
        kwargs=lambda w: {"pk": w.gent_club.pk, "cp": _spare_contact(w).pk},
        note="a contact point of the Gent club",
    ),
    Row(
        "network:contact_point_update",
        only({"counsellor": 403}, 404),
        kwargs=lambda w: {"pk": w.gent_town.pk, "cp": _spare_contact(w).pk},
        note="a contact point under another organisation's address",
    ),
    Row(
        "network:contact_point_delete",
        only(
            {
                "programme_admin": 302,
                "coordinator": 302,
                "partner_contact": 302,
                "counsellor": 403,
                "local_worker": 403,
            },
            404,
        ),
        method="post",
        kwargs=lambda w: {"pk": w.gent_club.pk, "cp": _spare_contact(w).pk},
        note="a contact point no offer uses",
    ),
    Row(
        "network:contact_point_delete",
        only(
            {
                "programme_admin": 409,
                "coordinator": 409,
                "partner_contact": 409,
                "counsellor": 403,
                "local_worker": 403,
            },
            404,
        ),
        method="post",
        kwargs=lambda w: {"pk": w.gent_club.pk, "cp": _used_contact(w).pk},
        note="the contact point of an offer",
    ),
]
