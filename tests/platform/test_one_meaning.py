"""One msgid, one meaning: a message translated two ways in one language (in two of our
catalogues) means the same English word serves two meanings, and only one of the
translations wins at run time (the project's catalogue, then the first app's). Such words
take a context (pgettext, ``{% translate "Open" context "hub status" %}``); words with one
meaning take one translation."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
              if ".venv" not in p.parts and "node_modules" not in p.parts)
LANGUAGES = sorted({p.parts[-3] for p in OURS})


def read_po(path):
    """{(context, msgid): msgstr} of the translated, non-fuzzy singular messages."""
    entries, current, field, fuzzy = {}, {}, None, False

    def flush():
        if current.get("msgid") and current.get("msgstr") and not fuzzy:
            entries[(current.get("msgctxt"), current["msgid"])] = current["msgstr"]

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            current, field, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and field:
            current[field] = current.get(field, "") + ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            field = {"msgctxt": "msgctxt", "msgid": "msgid", "msgstr": "msgstr"}.get(keyword)
            if field:
                current[field] = ast.literal_eval(value)
    return entries


def normalised(text):
    return " ".join(text.split())


def test_the_reader_finds_our_messages():
    assert OURS and any(read_po(path) for path in OURS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_msgid_has_one_translation_across_our_catalogues(language):
    seen = defaultdict(dict)
    for path in (p for p in OURS if p.parts[-3] == language):
        for key, msgstr in read_po(path).items():
            seen[key][normalised(msgstr)] = path.relative_to(ROOT)
    clashes = {f"{ctx + ' | ' if ctx else ''}{msgid}": sorted(map(str, found.values()))
               for (ctx, msgid), found in seen.items() if len(found) > 1}
    assert not clashes, (
        "the same message translated differently: give each meaning a context (pgettext) "
        f"or use one translation: {clashes}")
