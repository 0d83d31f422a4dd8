"""ess_platform.kernel.search.normalize: the one normalisation for stored text and queries."""

import pytest

from ess_platform.kernel.search import normalize, search_terms


@pytest.mark.parametrize(("written", "typed"), [
    ("أركان", "اركان"),  # hamza above
    ("إنتاج", "انتاج"),  # hamza below
    ("آفاق", "افاق"),  # madda
    ("ٱلتعاون", "التعاون"),  # wasla
    ("تعاونية", "تعاونيه"),  # ta marbuta / ha
    ("مصطفى", "مصطفي"),  # alef maqsura / ya
    ("تَعَاوُنِيَّةٌ", "تعاونيه"),  # harakat, shadda, tanwin
    ("تعـــاونية", "تعاونيه"),  # tatweel
    ("الرحمٰن", "الرحمن"),  # superscript alef
    ("مسؤول", "مسوول"),  # hamza on waw
    ("بيئة", "بييه"),  # hamza on ya
    ("Coopérative", "cooperative"),  # case and acute accent
    ("FÈS-MEKNÈS", "fes-meknes"),
    ("Français", "francais"),  # cedilla
    ("Œuvre", "oeuvre"),
    ("١٢٣٤", "1234"),  # Arabic-Indic digits
])
def test_variants_normalise_the_same(written, typed):
    assert normalize(written) == normalize(typed)


def test_spaces_are_collapsed_and_trimmed():
    assert normalize("  تعاونية \u00a0 \t الأمل  ") == "تعاونيه الامل"


def test_empty_values_give_empty_text():
    assert normalize(None) == ""
    assert normalize("") == ""


def test_lone_hamza_is_kept():
    assert normalize("سماء") == "سماء"


def test_search_terms_split_normalised_words_without_the_article():
    assert search_terms(" زيت  الأَركان ") == ["زيت", "اركان"]
