"""Building blocks of the access matrix: a row per URL (and case), the outcome per persona.

Each ``rows_*.py`` module in this package holds the rows of one part of the project and is
picked up by ``tests/test_access_matrix.py``. Rows needing extra objects build them lazily
from the ``world`` fixture (see ``extra``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS

LOGIN = "login"
ALL_USERS = [p for p in PERSONAS if p != "anonymous"]


def everyone(outcome, anonymous=LOGIN):
    return {"anonymous": anonymous, **{p: outcome for p in ALL_USERS}}


def only(allowed: dict, others, anonymous=LOGIN):
    return {"anonymous": anonymous, **{p: allowed.get(p, others) for p in ALL_USERS}}


@dataclass
class Row:
    name: str
    expected: dict
    kwargs: Callable = lambda world: {}
    method: str = "get"
    data: Callable = lambda world: {}
    note: str = ""
    query: Callable = lambda world: ""
    extra: dict = field(default_factory=dict)


def extra(world, key: str, build: Callable):
    """An object built once per test world (``build(world)``), cached under ``key``."""
    cache = world.__dict__.setdefault("_extra", {})
    if key not in cache:
        cache[key] = build(world)
    return cache[key]
