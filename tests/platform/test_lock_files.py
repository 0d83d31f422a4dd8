"""The lock files (`make lock`) hold the whole dependency tree: they agree with the pins of
pyproject.toml, with each other, and with what is installed."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path):
    """{package: version} of a lock file."""
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def pinned(requirements):
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement.replace(" ", ""))
        assert match, f"{requirement!r} is not pinned exactly (name==version) in pyproject.toml"
        pins[canonical(match.group(1))] = match.group(2)
    return pins


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def disagreements(pins, lock):
    return {name: (wanted, lock.get(name)) for name, wanted in pins.items()
            if lock.get(name) != wanted}


def test_the_run_lock_holds_every_runtime_pin(project):
    assert disagreements(pinned(project["dependencies"]), locked(RUN_LOCK)) == {}, \
        "pyproject.toml and requirements.lock disagree: run `make lock`"


def test_the_test_lock_holds_every_runtime_and_test_pin(project):
    pins = pinned(project["dependencies"]) | pinned(project["optional-dependencies"]["test"])
    assert disagreements(pins, locked(TEST_LOCK)) == {}, \
        "pyproject.toml and requirements-test.lock disagree: run `make lock`"


def test_what_runs_is_what_the_tests_ran():
    assert disagreements(locked(RUN_LOCK), locked(TEST_LOCK)) == {}


def test_every_locked_package_is_installed_at_its_version():
    wrong = {}
    for name, wanted in locked(TEST_LOCK).items():
        try:
            found = version(name)
        except PackageNotFoundError:
            found = None
        if found != wanted:
            wrong[name] = (wanted, found)
    assert wrong == {}, "installed packages differ from requirements-test.lock: make install-test"


def test_the_locks_name_no_machine_path_or_index():
    for path in (RUN_LOCK, TEST_LOCK):
        text = path.read_text()
        assert not re.search(r"^\s*(-e|--index-url|--extra-index-url|--find-links|-f)\b",
                             text, re.M), path.name
        assert "file:" not in text and "/home/" not in text, path.name


def test_the_benchmark_only_packages_stay_out_of_the_site(project):
    extras = project["optional-dependencies"]
    bench, test = pinned(extras["bench"]), pinned(extras["test"])
    assert "orjson" in bench
    assert not set(bench) & set(pinned(project["dependencies"]))
    assert not set(bench) & set(locked(RUN_LOCK))
    # The tests run the benchmark's endpoints (tests/bench), at the same versions.
    assert {name: test.get(name) for name in bench} == bench
