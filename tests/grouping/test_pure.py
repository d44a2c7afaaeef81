"""Group formation is pure: no Django import anywhere under ``participatienet/grouping``."""

from __future__ import annotations

import ast
from pathlib import Path

import participatienet.grouping

PACKAGE = Path(participatienet.grouping.__file__).parent


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_grouping_modules_import_no_django():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    offenders = [
        f"{path.name}: {name}"
        for path in files
        for name in _imports(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_grouping_imports_only_itself_from_the_project():
    """Other apps import Django, so importing them would bring Django in by the back door."""
    offenders = [
        f"{path.name}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _imports(path)
        if name.startswith("participatienet") and not name.startswith("participatienet.grouping")
    ]
    assert offenders == []
