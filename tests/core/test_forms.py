from django import forms
from django.test.html import parse_html

import pytest

from blaupause.core.forms import KernFormMixin
from blaupause.core.widgets import Select


class _Form(KernFormMixin, forms.Form):
    name = forms.CharField(label="Name", help_text="Wie Sie genannt werden möchten.")
    kind = forms.ChoiceField(label="Art", choices=[("a", "A"), ("b", "B")])
    many = forms.MultipleChoiceField(
        label="Mehrere", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(label="Eine", choices=[("a", "A")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="Zustimmung", required=False)


def test_widgets_get_the_matching_kern_class():
    form = _Form()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "kern-form-input__input",
        "kind": "kern-form-input__select",
        "many": "kern-form-check__checkbox",
        "one": "kern-form-check__radio",
        "agree": "kern-form-check__checkbox",
    }


def test_invalid_field_is_marked_and_points_to_its_error_and_help():
    form = _Form(data={"kind": "a", "one": "a"})
    assert not form.is_valid()
    html = str(form["name"])
    assert "kern-form-input__input--error" in html
    assert 'aria-describedby="id_name-error id_name_helptext"' in html
    assert 'aria-invalid="true"' in html


# --- the select rendered without a template per option ----------------------------------------

_CHOICES = [
    ("", "alle"),
    ("a&b", 'Kreis "Lippe" <Süd>'),
    ("Gruppe", [("1", "eins"), ("2", "zwei")]),
    (3, "drei"),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {}),
        ("a&b", {"class": "kern-form-input__select", "aria-describedby": "x-error"}),
        ("2", {"required": True, "disabled": False}),
        (3, {"data-x": 'a"b'}),
    ],
)
def test_select_renders_what_djangos_templates_render(value, attrs):
    ours = Select(choices=_CHOICES).render("kreis", value, attrs={"id": "id_kreis", **attrs})
    django = forms.Select(choices=_CHOICES).render(
        "kreis", value, attrs={"id": "id_kreis", **attrs}
    )
    assert parse_html(ours) == parse_html(django)
    assert ours.count("<option") == 5


def test_plain_selects_of_kern_forms_use_it_and_keep_their_choices():
    form = _Form(data={"kind": "b"})
    assert type(form.fields["kind"].widget) is Select
    assert type(form.fields["one"].widget) is forms.RadioSelect
    html = str(form["kind"])
    assert '<option value="b" selected>B</option>' in html
    assert 'class="kern-form-input__select"' in html
