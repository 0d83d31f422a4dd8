"""``FastSelect`` writes exactly what Django's template-rendered ``Select`` writes."""

import pytest
from django import forms

from cooperatives.forms import DirectoryFilterForm, ProductSearchForm
from ess_platform.kernel.widgets import FastSelect

CHOICES = [("", "All <regions>"), ("01", "Tanger & Tétouan"), ("09", "سوس ماسة"),
           ("Groupe \"A\"", [("a1", "Un"), ("a2", "Deux")])]


def _django(widget, *args, **kwargs):
    """The same widget rendered by Django's own Select (its templates)."""
    return forms.Select.render(widget, *args, **kwargs)


@pytest.mark.parametrize("value", [None, "", "09", "a2", "missing", ["01", "09"]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_region"},
                                   {"id": "x", "required": True, "disabled": False,
                                    "aria-describedby": "h<1>", "data-n": 3}])
def test_same_markup_as_djangos_select(value, attrs):
    widget = FastSelect(choices=CHOICES, attrs={"class": "filter"})
    assert widget.render("region", value, attrs) == _django(widget, "region", value, attrs)


def test_multiple_selected_options_like_django():
    class Multiple(FastSelect):
        allow_multiple_selected = True

    widget = Multiple(choices=CHOICES)
    assert (widget.render("r", ["01", "a1"], {"multiple": True})
            == _django(widget, "r", ["01", "a1"], {"multiple": True}))


@pytest.mark.django_db
def test_the_directory_and_products_forms_render_their_selects_in_python():
    form = DirectoryFilterForm({"region": "09", "sort": "newest"})
    form.is_valid()
    for name in ("region", "province", "sector", "women_led", "youth_led", "sort"):
        field = form[name]
        assert isinstance(field.field.widget, FastSelect), name
        html = str(field)
        assert html == _django(field.field.widget, field.html_name, field.value(),
                               field.build_widget_attrs({"id": field.auto_id}))
    assert 'value="newest" selected' in str(form["sort"])
    products = ProductSearchForm()
    assert all(isinstance(products.fields[name].widget, FastSelect)
               for name in ("sector", "region", "sort"))
