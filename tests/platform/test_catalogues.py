"""Every translation catalogue is complete: no untranslated and no fuzzy message."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/*.po") if ".venv" not in p.parts
)


def test_every_language_has_catalogues():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"ar", "fr", "zgh"} <= languages


def test_tamazight_has_a_catalogue_wherever_french_has_one():
    """Tamazight is offered on the public and member pages of every app that has texts."""
    french = {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == "fr"}
    tamazight = {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == "zgh"}
    assert french <= tamazight, sorted(str(d.relative_to(ROOT)) for d in french - tamazight)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is installed by make test")
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
