"""Rows for the coordinator's allocation proposals and the unmet demand view.

Coordinators of the current region and programme admins may use them (policy
``allocation.run`` and ``unmet_demand.view`` with ``request.region``); counsellors, local
workers, partner contacts and viewers get 403. The Kempen coordinator works in Kempen: its own
pages answer, a Gent proposal is outside its scope (404). A programme admin without a current
region sees the pages but cannot make a proposal (400).

The objects: ``gent_proposal``, a draft proposal of Gent with one newcomer placed in an offer
of the Gent club.
"""

from __future__ import annotations

from participatienet.allocation import proposal_services
from tests import factories
from tests.access.rows import Row, extra, only


def _gent_proposal(world):
    def build(w):
        factories.OfferFactory(organisation=w.gent_club, capacity=2)
        factories.TrajectoryFactory(status="searching")
        proposal = proposal_services.build_proposal(actor=w.users["coordinator"], region=w.gent)
        return {"proposal": proposal, "placement": proposal.placements.get()}

    return extra(world, "gent_proposal", build)


def _proposal(w):
    return {"pk": _gent_proposal(w)["proposal"].pk}


def _placement(w):
    objects = _gent_proposal(w)
    return {"pk": objects["proposal"].pk, "placement_pk": objects["placement"].pk}


def _coordinators(outcome, others=403, **overrides):
    return only(
        {
            "programme_admin": outcome,
            "coordinator": outcome,
            "coordinator_other": outcome,
            **overrides,
        },
        others,
    )


#: A Gent proposal: its coordinator and the programme admin; Kempen's coordinator 404.
def _gent(outcome, **overrides):
    return _coordinators(outcome, coordinator_other=404, **overrides)


ROWS = [
    Row("allocation:proposal_list", _coordinators(200)),
    Row(
        "allocation:proposal_list",
        _coordinators(302, programme_admin=400),
        method="post",
        note="make a proposal (the admin has no current region)",
    ),
    Row("allocation:proposal_detail", _gent(200), kwargs=_proposal, note="Gent"),
    Row(
        "allocation:proposal_detail",
        _coordinators(404),
        kwargs=lambda w: {"pk": 999999},
        note="unknown",
    ),
    Row(
        "allocation:proposal_adjust",
        _gent(302),
        method="post",
        kwargs=_placement,
        data=lambda w: {"offer": _gent_proposal(w)["placement"].offer_id},
        note="leave out",
    ),
    Row(
        "allocation:proposal_adjust",
        _gent(400),
        method="post",
        kwargs=_placement,
        data=lambda w: {"offer": "geen-aanbod", "included": "on"},
        note="bad offer",
    ),
    Row("allocation:proposal_send", _gent(302), method="post", kwargs=_proposal, note="Gent"),
    Row("allocation:unmet_demand", _coordinators(200)),
]
