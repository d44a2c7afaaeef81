"""Rows for the contact point directory of the current region and its export."""

from tests.access.rows import Row, only

#: Everyone who works with the organisations of a region; not viewers (personal contact
#: data). A programme admin without a chosen region is asked to pick one (the page) or gets
#: a 400 (nothing to export).
DIRECTORY_USERS = (
    "coordinator",
    "coordinator_other",
    "counsellor",
    "local_worker",
    "partner_contact",
)

PAGE = only({**dict.fromkeys(DIRECTORY_USERS, 200), "programme_admin": 200}, 403)
EXPORT = only({**dict.fromkeys(DIRECTORY_USERS, 200), "programme_admin": 400}, 403)
BAD = only({**dict.fromkeys(DIRECTORY_USERS, 400), "programme_admin": 200}, 403)

ROWS = [
    Row("network:contact_directory", PAGE),
    Row("network:contact_directory", PAGE, query=lambda w: "view=theme&direct=on", note="theme"),
    Row("network:contact_directory", BAD, query=lambda w: "theme=99", note="bad filter"),
    Row("network:contact_directory_export", EXPORT, query=lambda w: "format=csv", note="csv"),
    Row(
        "network:contact_directory_export",
        EXPORT,
        query=lambda w: "format=xlsx&view=theme",
        note="xlsx",
    ),
    Row(
        "network:contact_directory_export",
        only({**dict.fromkeys(DIRECTORY_USERS, 400), "programme_admin": 400}, 403),
        query=lambda w: "format=pdf",
        note="bad format",
    ),
]
