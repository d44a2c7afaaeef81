"""Rows for the foundation: start page, accounts, regions, organisations, technical admin."""

from tests.access.rows import LOGIN, Row, everyone, only  # noqa: F401


def _membership_of(world, persona):
    return world.users[persona].memberships.get().pk


ROWS = [
    Row("home", everyone(200)),
    Row("health", everyone(200, anonymous=200)),
    Row(
        "set_language",
        everyone(302, anonymous=302),
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
    ),
    Row("accounts:login", everyone(302, anonymous=200)),
    Row("accounts:logout", everyone(302, anonymous=302), method="post"),
    Row("accounts:profile", everyone(200)),
    Row(
        "accounts:switch_scope", everyone(302), method="post", data=lambda w: {"region": w.gent.pk}
    ),
    Row("accounts:password_change", everyone(200)),
    Row("accounts:password_reset", everyone(200, anonymous=200)),
    Row("accounts:password_reset_done", everyone(200, anonymous=200)),
    Row(
        "accounts:password_reset_confirm",
        everyone(200, anonymous=200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "ongeldig-token"},
    ),
    Row("accounts:password_reset_complete", everyone(200, anonymous=200)),
    Row("accounts:user_list", only({"programme_admin": 200}, 403)),
    Row("accounts:user_create", only({"programme_admin": 200}, 403)),
    Row(
        "accounts:user_detail",
        only({"programme_admin": 200}, 403),
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
    ),
    Row(
        "accounts:membership_add",
        only({"programme_admin": 200}, 403),
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
    ),
    Row(
        "accounts:membership_end",
        only({"programme_admin": 302}, 403),
        method="post",
        kwargs=lambda w: {"pk": w.users["viewer"].pk, "membership_pk": _membership_of(w, "viewer")},
    ),
    Row("accounts:audit_log", only({"programme_admin": 200}, 403)),
    Row("regions:list", everyone(200)),
    Row("regions:detail", everyone(200), kwargs=lambda w: {"slug": "gent"}),
    Row(
        "regions:detail",
        everyone(404),
        kwargs=lambda w: {"slug": "atlantis"},
        note="unknown region",
    ),
    Row("network:organisation_list", only({"viewer": 403}, 200)),
    Row(
        "network:organisation_detail",
        only({"coordinator_other": 404, "viewer": 404}, 200),
        kwargs=lambda w: {"pk": w.gent_club.pk},
        note="a club in Gent",
    ),
    Row(
        "network:organisation_detail",
        only({"programme_admin": 200, "coordinator_other": 200}, 404),
        kwargs=lambda w: {"pk": w.kempen_club.pk},
        note="a club in Kempen",
    ),
    Row(
        "network:organisation_detail",
        only({"partner_contact": 404, "coordinator_other": 404, "viewer": 404}, 200),
        kwargs=lambda w: {"pk": w.gent_town.pk},
        note="the local government of Gent",
    ),
    # Django's technical admin: one row stands for all its patterns (namespace "admin").
    Row("admin:index", only({"programme_admin": 200}, 302, anonymous=302)),
    Row("admin:accounts_user_changelist", only({"programme_admin": 200}, 302, anonymous=302)),
]
