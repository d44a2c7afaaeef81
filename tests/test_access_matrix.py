"""Every URL of the project, requested as every persona, with the outcome each must get.

The rows live in ``tests/access/rows_*.py``. `test_every_url_has_a_row` fails when a URL
pattern is added without a row. Outcomes: a status code, or LOGIN for a redirect to login.
"""

from __future__ import annotations

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

import tests.access
from tests.access.rows import LOGIN
from tests.conftest import PERSONAS

ROWS = [
    row
    for module in sorted(m.name for m in pkgutil.iter_modules(tests.access.__path__))
    if module.startswith("rows_")
    for row in importlib.import_module(f"tests.access.{module}").ROWS
]

ADMIN_NAMESPACE = "admin"


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _all_url_names(entry, namespace)
        elif isinstance(entry, URLPattern):
            names.add(
                f"{prefix}{entry.name}" if entry.name else f"{prefix}<unnamed {entry.pattern}>"
            )
    return names


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(
        name
        for name in _all_url_names()
        if name not in covered and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


def test_every_row_names_every_persona():
    for row in ROWS:
        assert set(row.expected) == set(PERSONAS), row.name


CASES = [
    pytest.param(row, persona, id=f"{row.name}{'[' + row.note + ']' if row.note else ''}-{persona}")
    for row in ROWS
    for persona in PERSONAS
]


@pytest.mark.parametrize(("row", "persona"), CASES)
def test_access(row, persona, world, client):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(row.name, kwargs=row.kwargs(world))
    if query := row.query(world):
        url = f"{url}?{query}"
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, (url, persona, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == expected, (url, persona, response.status_code)
