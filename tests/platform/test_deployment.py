"""What goes into the Docker image, and what the installed product needs to run.

No Docker engine is needed: the build context is packed by the Docker SDK's own code
(``docker.utils.build.tar``, which reads ``.dockerignore`` like ``docker build``), so the
test sees the exact files a build would send. ``scripts/check-image`` checks a built image
where an engine is available.
"""

import ast
import importlib.metadata
import re
import shlex
import shutil
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("ess_platform", "regional_hubs", "cooperatives", "projects_bank", "events")

# Heavy or private folders of a working tree that the copy below does not need to carry:
# the test creates its own stand-ins for them.
NOT_COPIED = shutil.ignore_patterns(".venv", "venv", ".git", "node_modules", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", "media", "var",
                                    "staticfiles", "test-artifacts", "*.sqlite3*", ".env*")

#: Files a developer's tree typically holds and no image may contain.
PRIVATE_FILES = [
    ".env", ".env.production", "deploy/.env", "db.sqlite3", "db.sqlite3-journal",
    "media/products/x.jpg", "media/ideas/plan.pdf", "var/private/ideas/plan.pdf",
    "var/reports/pdf/2025/01/report.pdf", "staticfiles/css/site.css", ".venv/bin/python",
    ".venv/lib/python3.11/site-packages/secret.py", "venv/pyvenv.cfg",
    "ess_platform/__pycache__/settings.cpython-311.pyc", ".pytest_cache/v/cache/nodeids",
    ".ruff_cache/CACHEDIR.TAG", "node_modules/axe-core/axe.js", "test-artifacts/home-ar.png",
    "bench/results/latest.txt", ".git/config", ".idea/workspace.xml",
    ".vscode/settings.json", "ess_platform/settings.py.swp", "README.md~", ".DS_Store",
    "deploy/server.key", "ess_platform.egg-info/PKG-INFO",
]

#: Files the image needs.
NEEDED_FILES = [
    "manage.py", "pyproject.toml", "README.md", "requirements.lock", "Dockerfile",
    "ess_platform/settings.py",
    "ess_platform/wsgi.py", "ess_platform/celery.py", "regional_hubs/data/boundaries.json",
    "cooperatives/locale/ar/LC_MESSAGES/django.po", "locale/ar/LC_MESSAGES/django.po",
    "locale/fr/LC_MESSAGES/django.po", "templates/base.html",
]


def _dockerignore_patterns(root):
    """The patterns as the Docker SDK's build() reads them."""
    lines = (line.strip() for line in (root / ".dockerignore").read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _build_context(root):
    """The names of the files in the tarball `docker build` would send from ``root``."""
    from docker.api.build import process_dockerfile
    from docker.utils.build import tar

    dockerfile = process_dockerfile("Dockerfile", str(root))
    with tar(str(root), exclude=_dockerignore_patterns(root), dockerfile=dockerfile) as fileobj:
        with tarfile.open(fileobj=fileobj) as archive:
            return {member.name for member in archive.getmembers()}


@pytest.fixture(scope="module")
def working_tree(tmp_path_factory):
    """A copy of the project beside the private files of a developer's working tree."""
    tree = tmp_path_factory.mktemp("tree") / "project"
    shutil.copytree(ROOT, tree, ignore=NOT_COPIED)
    for name in PRIVATE_FILES:
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("DJANGO_SECRET_KEY=do-not-ship\n")
    return tree


@pytest.fixture(scope="module")
def context(working_tree):
    return _build_context(working_tree)


@pytest.mark.parametrize("name", PRIVATE_FILES)
def test_private_file_stays_out_of_the_build_context(context, name):
    assert name not in context


def test_no_secret_database_or_upload_folder_at_all_in_the_build_context(context):
    top_level = {name.split("/", 1)[0] for name in context}
    assert not top_level & {".env", ".git", ".venv", "venv", "media", "var", "staticfiles",
                            "node_modules", ".pytest_cache", ".ruff_cache", "test-artifacts"}
    assert not [name for name in context if "__pycache__" in name or ".sqlite3" in name]


@pytest.mark.parametrize("name", NEEDED_FILES)
def test_needed_file_is_in_the_build_context(context, name):
    assert name in context


def test_env_example_may_be_shipped(working_tree):
    example = working_tree / ".env.example"
    example.write_text("DJANGO_SECRET_KEY=\n")
    try:
        assert ".env.example" in _build_context(working_tree)
    finally:
        example.unlink()


def _dockerfile_copies():
    """(sources, destination) of each COPY instruction of the Dockerfile."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    copies = []
    for line in text.splitlines():
        words = shlex.split(line.split("#", 1)[0]) if not line.lstrip().startswith("#") else []
        if words and words[0].upper() in ("COPY", "ADD"):
            arguments = [word for word in words[1:] if not word.startswith("--")]
            copies.append((arguments[:-1], arguments[-1]))
    return copies


def test_dockerfile_copies_only_named_paths_that_are_in_the_context(context):
    copies = _dockerfile_copies()
    assert copies, "the Dockerfile copies nothing?"
    for sources, _destination in copies:
        for source in sources:
            assert source not in (".", "./", "*"), "COPY of the whole tree"
            assert source in context or any(name.startswith(source.rstrip("/") + "/")
                                            for name in context), source


def test_dockerfile_copies_every_app_the_project_installs():
    copied = {source for sources, _dest in _dockerfile_copies() for source in sources}
    assert set(FIRST_PARTY) <= copied
    assert {"manage.py", "templates", "static", "locale"} <= copied


# ---------------------------------------------------------------- runtime dependencies

def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement):
    return _canonical(re.split(r"[\s\[<>=!~;(]", requirement.strip(), maxsplit=1)[0])


def _runtime_distributions():
    """The runtime dependencies of pyproject.toml and, installed, what they require."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pending = [(requirement, None) for requirement in project["dependencies"]]
    seen = set()
    while pending:
        requirement, _parent = pending.pop()
        if ";" in requirement and "extra ==" in requirement.split(";", 1)[1]:
            continue  # an optional extra of the parent, not installed by it
        name = _requirement_name(requirement)
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        pending.extend((child, name) for child in requires)
    return seen


def _direct_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_requirement_name(requirement) for requirement in project["dependencies"]}


def _optional(node, parents):
    """Inside `try: ... except ImportError`: the code runs without that module."""
    for parent in parents:
        if isinstance(parent, ast.Try):
            for handler in parent.handlers:
                names = handler.type
                caught = [names] if not isinstance(names, ast.Tuple) else names.elts
                if any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError")
                       for n in caught):
                    return True
    return False


def _imports_of_product():
    """{top-level module: [where]} for every import statement in the product's code."""
    found = {}
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            parents = {}
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    parents[child] = node
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                chain, current = [], node
                while current in parents:
                    current = parents[current]
                    chain.append(current)
                if _optional(node, chain):
                    continue
                for module in modules:
                    found.setdefault(module.split(".")[0], []).append(
                        f"{relative}:{node.lineno}")
    return found


def test_every_module_the_product_imports_is_installed_by_its_runtime_dependencies():
    provided_by = importlib.metadata.packages_distributions()
    runtime = _runtime_distributions()
    missing = {}
    for module, places in _imports_of_product().items():
        if module in sys.stdlib_module_names or module in FIRST_PARTY or module == "__future__":
            continue
        distributions = {_canonical(name) for name in provided_by.get(module, [])}
        if not distributions & runtime:
            missing[module] = (sorted(distributions), places[:3])
    assert not missing, f"imported, but not installed by `dependencies`: {missing}"


def test_pdf_checks_work_in_a_runtime_install():
    """validate_pdf reads uploads with pypdf: a runtime dependency, not a test one."""
    assert "pypdf" in _direct_dependencies()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    test_extra = {_requirement_name(r) for r in project["optional-dependencies"]["test"]}
    assert "pypdf" not in test_extra


def test_the_import_walk_sees_imports_inside_functions():
    """The check would have caught the PDF check's late import of pypdf."""
    places = _imports_of_product().get("pypdf", [])
    assert any(place.startswith("ess_platform/kernel/uploads.py:") for place in places)
