"""Services and selectors keep the house shape.

Every public function of a ``services`` module takes keyword arguments only, so a call
says what each value is (``accept(idea=idea, by=user)``) and a new argument cannot shift
the others. Reads and permission questions live in ``selectors`` and ``permissions``
modules; a selector answers with data or None and leaves HTTP to the views.
"""

import ast
import importlib
import inspect
import os
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "tests", "migrations", ".git", "static", "templates"}

#: Public service functions allowed a positional parameter, each with its reason.
POSITIONAL_ALLOWED = {
    "events.services.clean_email": "a field cleaner: forms pass it the value, as they call "
                                   "Django's validators",
}


def _modules(name):
    """Dotted names of the project's ``<name>.py`` modules and ``<name>/`` packages."""
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if d not in SKIP_DIRS and not d.startswith("."))
        here = Path(directory)
        if not (here / "__init__.py").exists():
            continue
        package = ".".join(here.relative_to(ROOT).parts)
        if here.name == name:
            found.append(package)
            found += [f"{package}.{file[:-3]}" for file in sorted(files)
                      if file.endswith(".py") and file != "__init__.py"]
        elif f"{name}.py" in files:
            found.append(f"{package}.{name}")
    return sorted(found)


SERVICE_MODULES = _modules("services")
SELECTOR_MODULES = _modules("selectors")


def _public_functions(module):
    for name, value in vars(module).items():
        if (not name.startswith("_") and inspect.isfunction(value)
                and value.__module__ == module.__name__):
            yield name, value


def test_the_service_and_selector_modules_are_found():
    for expected in ("cooperatives.services", "projects_bank.services", "events.services",
                     "regional_hubs.services", "ess_platform.kernel.notifications.services",
                     "ess_platform.users.services"):
        assert expected in SERVICE_MODULES
    for expected in ("cooperatives.selectors", "projects_bank.selectors",
                     "regional_hubs.selectors", "events.selectors"):
        assert expected in SELECTOR_MODULES


def _positional(module):
    """The module's public functions that take a positional parameter (allowed aside)."""
    flagged = []
    for name, function in _public_functions(module):
        if f"{module.__name__}.{name}" in POSITIONAL_ALLOWED:
            continue
        parameters = inspect.signature(function).parameters.values()
        if any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
               for p in parameters):
            flagged.append(name)
    return flagged


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_public_service_functions_take_keyword_arguments_only(module_name):
    positional = _positional(importlib.import_module(module_name))
    assert not positional, (
        f"{module_name}: make these keyword-only (def name(*, ...)): {positional}")


def test_the_allow_list_names_functions_that_exist():
    for dotted in POSITIONAL_ALLOWED:
        module_name, _dot, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module_name), name), dotted


def test_a_positional_service_function_is_caught():
    """The check itself: of these, only the function with a positional parameter fails."""

    def accept(idea, *, by):
        return idea, by

    def close(*, call, by):
        return call, by

    def _helper(value):
        return value

    module = types.ModuleType("example.services")
    for function in (accept, close, _helper):
        function.__module__ = module.__name__
        setattr(module, function.__name__, function)
    assert _positional(module) == ["accept"]


def _imported_modules(module_name):
    source = Path(importlib.import_module(module_name).__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize("module_name", SELECTOR_MODULES)
def test_selectors_know_nothing_of_http(module_name):
    http = [name for name in _imported_modules(module_name)
            if name in ("django.http", "django.shortcuts")
            or name.startswith(("django.http.", "django.shortcuts."))]
    assert not http, f"{module_name} imports {http}: return None and let the view answer 404"
