from django import forms

from blaupause.core.forms import KernFormMixin


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
