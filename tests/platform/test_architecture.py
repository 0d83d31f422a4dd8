"""The floors of docs/architecture.md, kept: the import contracts of pyproject.toml
([tool.importlinter]: layers, a kernel that imports no domain app, regional_hubs below the
apps that use it, no circle between the modules of a package), and the arrows an import
check cannot see: a lower floor naming an upper app by string (``apps.get_model``,
``{% url %}``, ``reverse``)."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UPPER_APPS = ("cooperatives", "events", "projects_bank")
DOMAIN_APPS = ("regional_hubs", *UPPER_APPS)


def contracts():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _named(apps):
    names = "|".join(apps)
    return re.compile(
        rf"""get_model\(\s*["']({names})["'.]"""       # apps.get_model("events", ...)
        rf"""|{{%\s*url\s+["']({names}):"""              # {% url 'events:list' %}
        rf"""|reverse(_lazy)?\(\s*["']({names}):"""      # reverse("events:list")
        rf"""|["']({names})\.[A-Z]\w*["']""")            # "events.Event" (model labels)


def _files(folder):
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
            yield path


def _strings_naming(folders, apps):
    pattern = _named(apps)
    found = []
    for folder in folders:
        for path in _files(folder):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_import_contracts_are_kept():
    """Runs import-linter on the project's contracts (the same as `lint-imports`)."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, "
            "no_logo=True))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_contracts_cover_the_floors_and_the_circles():
    kinds = {contract["type"] for contract in contracts()["contracts"]}
    assert {"layers", "forbidden", "acyclic_siblings"} <= kinds
    roots = set(contracts()["root_packages"])
    assert roots == {"ess_platform", *DOMAIN_APPS}


def test_regional_hubs_names_no_app_above_it():
    """Not by import (the contracts), nor by a model label, a URL name or get_model."""
    assert _strings_naming([ROOT / "regional_hubs"], UPPER_APPS) == []


def _kernel_paths():
    kernel = next(contract for contract in contracts()["contracts"]
                  if contract["name"] == "The kernel imports no domain app")
    for module in kernel["source_modules"]:
        path = ROOT.joinpath(*module.split("."))
        yield path if path.is_dir() else path.with_suffix(".py")


def test_the_kernel_names_no_domain_app():
    paths = list(_kernel_paths())
    assert paths and all(path.exists() for path in paths)
    found = []
    pattern = _named(DOMAIN_APPS)
    for path in paths:
        for file in ([path] if path.is_file() else _files(path)):
            for number, line in enumerate(file.read_text().splitlines(), start=1):
                if pattern.search(line):
                    found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize("line", [
    'apps.get_model("events", "Event")',
    "{% url 'cooperatives:directory' %}",
    'reverse("projects_bank:ideas")',
    'models.ForeignKey("events.Event", on_delete=models.CASCADE)',
])
def test_the_string_check_sees_each_way_of_naming_an_app(line):
    assert _named(UPPER_APPS).search(line)
