"""Rows for the matching weights page (``/matching/gewichten/``).

The page works on ``request.region``, the user's current region: Gent for the Gent coordinator,
Kempen for the other region's coordinator (so both may use it, each for their own region), none
for the programme admin working programme-wide (the page asks to choose a region: 200 on a
read, 400 on a write). Counsellors, local workers, partner contacts and viewers are refused.
"""

from __future__ import annotations

from tests.access.rows import Row, only

COORDINATORS = ("coordinator", "coordinator_other")
BAD = {
    "distance": "101",
    "schedule": "25",
    "themes": "25",
    "free_places": "15",
    "load_spreading": "0.3",
    "load_half": "10",
}

ROWS = [
    Row(
        "allocation:weights",
        only({"programme_admin": 200, "coordinator": 200, "coordinator_other": 200}, 403),
    ),
    Row(
        "allocation:weights",
        only({"programme_admin": 200, "coordinator": 200, "coordinator_other": 200}, 403),
        query=lambda world: (
            "preview=1&distance=50&schedule=20&themes=20&free_places=10"
            "&load_spreading=0.3&load_half=10"
        ),
        note="preview",
    ),
    Row(
        "allocation:weights",
        only({"programme_admin": 400, **{p: 400 for p in COORDINATORS}}, 403),
        method="post",
        data=lambda world: BAD,
        note="bad input",
    ),
    Row(
        "allocation:weights_reset",
        only({"programme_admin": 400, **{p: 302 for p in COORDINATORS}}, 403),
        method="post",
    ),
]
