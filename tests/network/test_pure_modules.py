"""The pure network algorithms must not import Django (STYLE.md: pure algorithms)."""

import ast
from pathlib import Path

import pytest

import participatienet

PACKAGE = Path(participatienet.__file__).parent
PURE_MODULES = ["network/measures.py", "network/layout.py"]


def imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_django(module):
    names = imported_modules((PACKAGE / module).read_text())
    assert not [name for name in names if name == "django" or name.startswith("django.")]
    first_party = {name for name in names if name.startswith("participatienet")}
    assert first_party <= {"participatienet.network.measures"}  # nothing that pulls Django in


def test_the_check_would_catch_a_django_import():
    assert "django.db" in imported_modules("from django.db import models\n")
    assert "django" in imported_modules("import django\n")
