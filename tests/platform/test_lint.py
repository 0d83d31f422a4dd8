"""Lint that means something: a ``# noqa`` silences only a rule the ruff config runs.

A comment naming a rule that is not enabled (or that the config ignores anyway) says the
code was checked when it never was; RUF100 in the config reports the same at lint time.
"""

import io
import os
import re
import tokenize
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOQA = re.compile(r"#\s*noqa\b(?P<colon>:?)(?P<codes>[\s,]*(?:[A-Z]+[0-9]+[\s,]*)*)",
                  re.IGNORECASE)
SKIPPED_DIRS = {"node_modules", "__pycache__", "migrations", "venv", "build", "dist"}


def _lint_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]


def _covered(code, prefixes):
    return any(code.startswith(prefix) for prefix in prefixes)


def _python_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder, name)


def _comments(text):
    """(line number, text) of each comment: a noqa in a string is not a noqa."""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def _noqa_comments():
    for path in _python_files():
        relative = path.relative_to(ROOT).as_posix()
        for number, comment in _comments(path.read_text(encoding="utf-8")):
            for match in NOQA.finditer(comment):
                codes = re.findall(r"[A-Z]+[0-9]+", match["codes"].upper())
                yield f"{relative}:{number}", relative, match["colon"], codes


def test_the_security_and_bugbear_rules_are_on():
    assert {"S", "B"} <= set(_lint_config()["select"])


def test_every_noqa_names_a_rule_that_is_enabled_there():
    config = _lint_config()
    selected = [*config["select"], *config.get("extend-select", [])]
    ignored = config.get("ignore", [])
    per_file = config.get("per-file-ignores", {})
    meaningless = []
    for where, path, colon, codes in _noqa_comments():
        if not colon or not codes:
            meaningless.append(f"{where}: a bare noqa silences every rule")
            continue
        file_ignored = [code for pattern, codes in per_file.items() if fnmatch(path, pattern)
                        for code in codes]
        for code in codes:
            if not _covered(code, selected):
                meaningless.append(f"{where}: {code} is not enabled")
            elif _covered(code, ignored) or _covered(code, file_ignored):
                meaningless.append(f"{where}: {code} is ignored anyway")
    assert meaningless == []


def test_the_check_reads_comments_only_with_their_codes():
    source = 'x = "# noqa"  # noqa: S307, E501 - the reason\ny = 1  # noqa\n'
    found = [(number, match["colon"], re.findall(r"[A-Z]+[0-9]+", match["codes"]))
             for number, comment in _comments(source) for match in NOQA.finditer(comment)]
    assert found == [(1, ":", ["S307", "E501"]), (2, "", [])]
