"""Rows for the counsellor's and coordinator's pages: newcomers, trajectories, participations,
hours, proofs of participation and the region overview.

Who sees what (``accounts.policy``): coordinators their region's newcomers, the counsellor their
own caseload, the local worker the newcomers living in their municipality, a partner contact
only newcomers referred to its own organisation, viewers none (403 on lists, 404 on records).
Objects outside a user's scope answer 404, forbidden actions 403.

The objects:
- ``caseload``: a newcomer in Gent of the Gent counsellor, with an open trajectory and an active
  participation in an offer of the Gent club (so its partner contact sees them);
- ``colleague``: a newcomer in Gent of another counsellor, nothing referred anywhere;
- ``kempen``: a newcomer in Kempen, active in an offer of the Kempen club;
- ``closed``: a newcomer of the Gent counsellor whose trajectory is completed.
"""

from __future__ import annotations

from participatienet.accounts.choices import Role
from tests import factories
from tests.access.rows import LOGIN, Row, extra, only  # noqa: F401


def _caseload(world):
    def build(w):
        counsellor = w.users["counsellor"]
        newcomer = factories.NewcomerFactory(counsellor=counsellor)
        trajectory = factories.TrajectoryFactory(newcomer=newcomer, status="active")
        offer = factories.OfferFactory(organisation=w.gent_club, capacity=3)
        participation = factories.ParticipationFactory(trajectory=trajectory, offer=offer)
        return {"newcomer": newcomer, "trajectory": trajectory, "participation": participation}

    return extra(world, "caseload", build)


def _colleague(world):
    def build(w):
        colleague = factories.user_with_role(Role.COUNSELLOR, email="tb-collega@test.be")
        newcomer = factories.NewcomerFactory(counsellor=colleague)
        trajectory = factories.TrajectoryFactory(newcomer=newcomer, status="searching")
        return {"newcomer": newcomer, "trajectory": trajectory}

    return extra(world, "colleague", build)


def _kempen(world):
    def build(w):
        counsellor = factories.user_with_role(
            Role.COUNSELLOR, region_slug="kempen", email="tb-kempen@test.be"
        )
        newcomer = factories.NewcomerFactory(
            counsellor=counsellor, municipality=factories.municipality_of(w.kempen)
        )
        trajectory = factories.TrajectoryFactory(newcomer=newcomer, status="active")
        offer = factories.OfferFactory(organisation=w.kempen_club)
        participation = factories.ParticipationFactory(trajectory=trajectory, offer=offer)
        return {"newcomer": newcomer, "trajectory": trajectory, "participation": participation}

    return extra(world, "kempen", build)


def _closed(world):
    def build(w):
        newcomer = factories.NewcomerFactory(counsellor=w.users["counsellor"])
        factories.TrajectoryFactory(newcomer=newcomer, status="completed")
        return {"newcomer": newcomer}

    return extra(world, "closed", build)


def _gent_offer(world):
    return extra(world, "gent_offer", lambda w: factories.OfferFactory(organisation=w.gent_town))


def pk_of(builder, key):
    return lambda w: {"pk": builder(w)[key].pk}


#: Lists of newcomers and participations: the roles that follow newcomers.
LISTS = only({"partner_contact": 403, "viewer": 403}, 200)
#: Registering a newcomer: counsellors and coordinators.
CREATE = only({"local_worker": 403, "partner_contact": 403, "viewer": 403}, 200)

#: Reading the caseload newcomer: everyone with a path to them, the partner through its referral.
CASELOAD_READ = only({"coordinator_other": 404, "viewer": 404}, 200)
#: Changing the caseload newcomer or running the trajectory: counsellor and coordinator.
CASELOAD_MANAGE = only(
    {"coordinator_other": 404, "viewer": 404, "local_worker": 403, "partner_contact": 403}, 200
)
#: On the caseload participation: the partner of its organisation may act too.
CASELOAD_PARTICIPATION_ACT = only(
    {"coordinator_other": 404, "viewer": 404, "local_worker": 403}, 200
)

#: The colleague's newcomer: the coordinator and the local worker see them; not the counsellor,
#: and not the partner contact (nothing referred to its organisation).
COLLEAGUE_READ = only(
    {"coordinator_other": 404, "viewer": 404, "counsellor": 404, "partner_contact": 404}, 200
)
COLLEAGUE_MANAGE = only(
    {
        "coordinator_other": 404,
        "viewer": 404,
        "counsellor": 404,
        "partner_contact": 404,
        "local_worker": 403,
    },
    200,
)
#: Kempen: only its coordinator and the programme admin.
KEMPEN = only({"programme_admin": 200, "coordinator_other": 200}, 404)


ROWS = [
    # Newcomers
    Row("trajectories:newcomer_list", LISTS),
    Row(
        "trajectories:newcomer_list",
        LISTS,
        query=lambda w: "waiting=gt6w&sort=waiting",
        note="filtered",
    ),
    Row(
        "trajectories:newcomer_list",
        only({"partner_contact": 403, "viewer": 403}, 400),
        query=lambda w: "status=unknown",
        note="bad filter",
    ),
    Row("trajectories:newcomer_create", CREATE),
    Row(
        "trajectories:newcomer_create",
        only({"local_worker": 403, "partner_contact": 403, "viewer": 403}, 400),
        method="post",
        note="empty form",
    ),
    Row(
        "trajectories:newcomer_detail",
        CASELOAD_READ,
        kwargs=pk_of(_caseload, "newcomer"),
        note="caseload",
    ),
    Row(
        "trajectories:newcomer_detail",
        COLLEAGUE_READ,
        kwargs=pk_of(_colleague, "newcomer"),
        note="colleague's newcomer",
    ),
    Row("trajectories:newcomer_detail", KEMPEN, kwargs=pk_of(_kempen, "newcomer"), note="Kempen"),
    Row(
        "trajectories:newcomer_detail",
        only({}, 404),
        kwargs=lambda w: {"pk": 999999},
        note="unknown",
    ),
    Row(
        "trajectories:newcomer_edit",
        CASELOAD_MANAGE,
        kwargs=pk_of(_caseload, "newcomer"),
        note="caseload",
    ),
    Row(
        "trajectories:newcomer_edit",
        COLLEAGUE_MANAGE,
        kwargs=pk_of(_colleague, "newcomer"),
        note="colleague's newcomer",
    ),
    Row("trajectories:newcomer_edit", KEMPEN, kwargs=pk_of(_kempen, "newcomer"), note="Kempen"),
    Row(
        "trajectories:newcomer_trajectory_open",
        {**CASELOAD_MANAGE, **{p: 400 for p in ("programme_admin", "coordinator", "counsellor")}},
        method="post",
        kwargs=pk_of(_caseload, "newcomer"),
        note="already open",
    ),
    Row(
        "trajectories:newcomer_trajectory_open",
        {
            **CASELOAD_MANAGE,
            "partner_contact": 404,
            **{p: 302 for p in ("programme_admin", "coordinator", "counsellor")},
        },
        method="post",
        kwargs=pk_of(_closed, "newcomer"),
        note="after a completed trajectory",
    ),
    # Trajectories
    Row(
        "trajectories:trajectory_detail",
        CASELOAD_READ,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_detail",
        COLLEAGUE_READ,
        kwargs=pk_of(_colleague, "trajectory"),
        note="colleague's newcomer",
    ),
    Row(
        "trajectories:trajectory_detail", KEMPEN, kwargs=pk_of(_kempen, "trajectory"), note="Kempen"
    ),
    Row(
        "trajectories:trajectory_find_offers",
        CASELOAD_MANAGE,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_find_offers",
        COLLEAGUE_MANAGE,
        kwargs=pk_of(_colleague, "trajectory"),
        note="colleague's newcomer",
    ),
    Row(
        "trajectories:trajectory_find_offers",
        KEMPEN,
        kwargs=pk_of(_kempen, "trajectory"),
        note="Kempen",
    ),
    Row(
        "trajectories:trajectory_refer",
        {**CASELOAD_MANAGE, **{p: 302 for p in ("programme_admin", "coordinator", "counsellor")}},
        method="post",
        kwargs=pk_of(_caseload, "trajectory"),
        data=lambda w: {"offer": _gent_offer(w).pk},
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_refer",
        {**KEMPEN, "programme_admin": 302, "coordinator_other": 302},
        method="post",
        kwargs=pk_of(_kempen, "trajectory"),
        data=lambda w: {"offer": _gent_offer(w).pk},
        note="Kempen",
    ),
    Row(
        "trajectories:trajectory_refer",
        {**CASELOAD_MANAGE, **{p: 400 for p in ("programme_admin", "coordinator", "counsellor")}},
        method="post",
        kwargs=pk_of(_caseload, "trajectory"),
        data=lambda w: {"offer": "niet-een-aanbod"},
        note="bad offer",
    ),
    Row(
        "trajectories:trajectory_own_activity",
        CASELOAD_MANAGE,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_own_activity",
        KEMPEN,
        kwargs=pk_of(_kempen, "trajectory"),
        note="Kempen",
    ),
    Row(
        "trajectories:trajectory_complete",
        CASELOAD_MANAGE,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_complete",
        {**CASELOAD_MANAGE, **{p: 400 for p in ("programme_admin", "coordinator", "counsellor")}},
        method="post",
        kwargs=pk_of(_caseload, "trajectory"),
        note="too few hours",
    ),
    Row(
        "trajectories:trajectory_complete",
        KEMPEN,
        kwargs=pk_of(_kempen, "trajectory"),
        note="Kempen",
    ),
    Row(
        "trajectories:trajectory_stop",
        CASELOAD_MANAGE,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_stop",
        {**CASELOAD_MANAGE, **{p: 400 for p in ("programme_admin", "coordinator", "counsellor")}},
        method="post",
        kwargs=pk_of(_caseload, "trajectory"),
        note="no reason",
    ),
    Row(
        "trajectories:trajectory_stop",
        COLLEAGUE_MANAGE,
        kwargs=pk_of(_colleague, "trajectory"),
        note="colleague's newcomer",
    ),
    Row(
        "trajectories:trajectory_proof",
        CASELOAD_READ,
        kwargs=pk_of(_caseload, "trajectory"),
        note="caseload",
    ),
    Row(
        "trajectories:trajectory_proof", KEMPEN, kwargs=pk_of(_kempen, "trajectory"), note="Kempen"
    ),
    # Participations and hours
    Row("trajectories:participation_list", LISTS),
    Row(
        "trajectories:participation_list",
        LISTS,
        query=lambda w: "hours=unconfirmed&feedback=newcomer",
        note="filtered",
    ),
    Row(
        "trajectories:participation_detail",
        CASELOAD_READ,
        kwargs=pk_of(_caseload, "participation"),
        note="referred to the Gent club",
    ),
    Row(
        "trajectories:participation_detail",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="referred to the Kempen club",
    ),
    Row(
        "trajectories:participation_answer",
        CASELOAD_PARTICIPATION_ACT,
        kwargs=pk_of(_caseload, "participation"),
        note="Gent club",
    ),
    Row(
        "trajectories:participation_answer",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="Kempen club",
    ),
    Row(
        "trajectories:participation_start",
        CASELOAD_PARTICIPATION_ACT,
        kwargs=pk_of(_caseload, "participation"),
        note="Gent club",
    ),
    Row(
        "trajectories:participation_start",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="Kempen club",
    ),
    Row(
        "trajectories:participation_hours",
        CASELOAD_PARTICIPATION_ACT,
        kwargs=pk_of(_caseload, "participation"),
        note="Gent club",
    ),
    Row(
        "trajectories:participation_hours",
        {
            **CASELOAD_PARTICIPATION_ACT,
            **{p: 302 for p in ("programme_admin", "coordinator", "counsellor", "partner_contact")},
        },
        method="post",
        kwargs=pk_of(_caseload, "participation"),
        data=lambda w: {"date": "2026-02-02", "hours": "2.5", "note": "training"},
        note="valid entry",
    ),
    Row(
        "trajectories:participation_hours",
        {
            **CASELOAD_PARTICIPATION_ACT,
            **{p: 400 for p in ("programme_admin", "coordinator", "counsellor", "partner_contact")},
        },
        method="post",
        kwargs=pk_of(_caseload, "participation"),
        data=lambda w: {"date": "2026-02-02", "hours": "13"},
        note="too many hours",
    ),
    Row(
        "trajectories:participation_hours",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="Kempen club",
    ),
    Row(
        "trajectories:participation_end",
        CASELOAD_PARTICIPATION_ACT,
        kwargs=pk_of(_caseload, "participation"),
        note="Gent club",
    ),
    Row(
        "trajectories:participation_end",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="Kempen club",
    ),
    Row(
        "trajectories:participation_proof",
        CASELOAD_READ,
        kwargs=pk_of(_caseload, "participation"),
        note="Gent club",
    ),
    Row(
        "trajectories:participation_proof",
        KEMPEN,
        kwargs=pk_of(_kempen, "participation"),
        note="Kempen club",
    ),
    # Region overview: coordinators of the current region (and the programme admin)
    Row(
        "trajectories:region_overview",
        only({"programme_admin": 200, "coordinator": 200, "coordinator_other": 200}, 403),
    ),
]
