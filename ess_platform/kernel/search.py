"""The one text normalisation used for search, applied to stored text and to queries alike.

Arabic:
- the alef forms أ إ آ ٱ become ا;
- ta marbuta ة becomes ه and alef maqsura ى becomes ي;
- harakat (U+064B..U+0652: fathatan to sukun), the superscript alef U+0670 and tatweel
  U+0640 are removed;
- the hamza carriers ؤ and ئ lose their hamza (ؤ -> و, ئ -> ي), as people often type
  them without it; the lone hamza ء is kept. (So مسؤول and مسوول match each other, but
  not مسئول, which becomes مسيول: spelling variants between carriers are not folded.)
- letters of Persian, Urdu and kindred keyboard layouts become their Arabic twins:
  ی ې ۍ ێ ے ۓ ٸ -> ي, ک ڪ ګ -> ك, ہ ۂ ۃ ھ ە ۀ -> ه;
- Arabic-Indic digits (٠..٩, ۰..۹) become ASCII digits, so registration numbers match.

The letter table is ``ARABIC_FOLDS``; the admin search's PostgreSQL ``translate()`` is
built from it too, so the two cannot drift.

Latin (French): casefold, then strip accents by NFKD decomposition without the combining
marks (é -> e, ç -> c); the ligatures œ and æ become oe and ae.

Whitespace (including non-breaking spaces) is collapsed to single spaces and trimmed.

Queries go one step further, word by word (``search_words``): the article and the one-letter
clitics written on an Arabic word (و، ب، ل then ال, and لل for ل + ال: والتعاونية,
بالرشيدية, للتعاونيات) and the French elisions (l', d', with either apostrophe) are taken
off its start. What is left is a part of the written word, so a query word is still found
inside the stored text, whichever prefixes that text carries.

Because stored text and queries pass through the same function, a plain ``icontains`` on
the stored column gives the same results on SQLite and PostgreSQL (where a pg_trgm GIN
index serves it).
"""

import re
import unicodedata

#: The version of ``normalize`` (and ``search_text``): raise it with any change to what they
#: give, and every stored ``search_text`` column is rebuilt (``rebuild_search_text``, run
#: after migrate and by the nightly refresh), so stored texts and queries fold alike.
NORMALIZATION_VERSION = 1

#: The one letter table: each character to its folded form ("" drops it). ``normalize``
#: uses it, and the admin search's PostgreSQL ``translate()`` is built from it.
ARABIC_FOLDS = {
    **dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"),  # أ إ آ ٱ -> ا
    **dict.fromkeys("\u0672\u0673\u0675", "\u0627"),  # ٲ ٳ ٵ (wavy/high hamza alef) -> ا
    "\u0629": "\u0647",  # ة -> ه
    "\u0649": "\u064a",  # ى -> ي
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
    **dict.fromkeys("\u0676\u0677", "\u0648"),  # ٶ ٷ (high hamza waw) -> و
    # Persian, Urdu, Pashto, Kurdish and Sindhi keyboards (common on phones):
    # ی ۍ ێ ې ے ۓ ٸ -> ي
    **dict.fromkeys("\u06cc\u06cd\u06ce\u06d0\u06d2\u06d3\u0678", "\u064a"),
    **dict.fromkeys("\u06a9\u06aa\u06ab", "\u0643"),  # ک ڪ ګ -> ك
    # ہ ۂ ۃ ھ ە ۀ -> ه
    **dict.fromkeys("\u06c1\u06c2\u06c3\u06be\u06d5\u06c0", "\u0647"),
    "\u0640": "",  # tatweel
    "\u0670": "",  # superscript alef
    **dict.fromkeys("\u0654\u0655", ""),  # combining hamza above / below
    **{chr(code): "" for code in range(0x064B, 0x0653)},  # harakat
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic digits
}
_ARABIC_TRANSLATION = str.maketrans(
    {char: (folded or None) for char, folded in ARABIC_FOLDS.items()})
_LATIN_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_SPACES = re.compile(r"\s+")


def _strip_latin_accents(text):
    # NFKD splits é into e + U+0301 and ؤ/ئ into و/ي + hamza above (U+0654); dropping
    # the combining marks removes both accents and those hamzas.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text):
    """Normalise ``text`` for storage in a search column or for a query."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # no letter to fold but case (registration numbers, codes, digits)
        return _SPACES.sub(" ", text.lower()).strip()
    text = text.translate(_ARABIC_TRANSLATION)
    text = _strip_latin_accents(text.casefold().translate(_LATIN_LIGATURES))
    # NFKD turns presentation forms (ﻻ, ﺔ...) into base letters: fold them again.
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_TRANSLATION)
    return _SPACES.sub(" ", text).strip()


#: The French elisions taken off a word's start (after normalisation: casefolded).
_ELISION = re.compile(r"^(?:l|d)['’ʼ]")
#: Punctuation around a query word (quotes, commas, the Arabic comma...).
_EDGE_PUNCTUATION = "\"'’ʼ«».,;:!?()[]{}،؛؟-"
_ARABIC_LETTER = re.compile(r"[ء-ي]")


def strip_clitics(word):
    """``word`` (normalised) without its article and one-letter clitics, or its elision.

    A clitic is taken off only when three letters or more remain (two after the article),
    so short words keep their first letter (بني، ولد)."""
    if not _ARABIC_LETTER.match(word):
        return _ELISION.sub("", word) or word
    if word.startswith("و") and len(word) - 1 >= 3:
        word = word[1:]
    if word.startswith("لل") and len(word) - 2 >= 2:
        return word[2:]
    if word[:1] in ("ب", "ل") and len(word) - 1 >= 3:
        word = word[1:]
    if word.startswith("ال") and len(word) - 2 >= 2:
        word = word[2:]
    return word


def search_words(text):
    """The words of ``text`` as search matches them: normalised, without edge punctuation,
    clitics and elisions (empty words dropped)."""
    words = []
    for word in normalize(text).split(" "):
        word = strip_clitics(word.strip(_EDGE_PUNCTUATION))
        if word:
            words.append(word)
    return words


def search_terms(query):
    """The normalised words of a query, each to be matched separately (AND)."""
    return search_words(query)


def search_text(*values):
    """The stored search text of a row from its texts: each normalised, kept once (a name
    written alike in both languages is not doubled), joined by `` | `` so no word runs into
    the next text's."""
    seen, chunks = set(), []
    for value in values:
        text = normalize(value)
        if text and text not in seen:
            seen.add(text)
            chunks.append(text)
    return " | ".join(chunks)
