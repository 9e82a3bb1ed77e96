"""Forms of the registry that need no database."""

from blaupause.regions.forms import MunicipalityFilterForm


def test_plain_select_escapes_and_keeps_the_field_attributes():
    form = MunicipalityFilterForm(
        {"district": "x<y", "kind": "Burg"}, districts=[("x<y", "A & B"), ("z", "Z")]
    )
    form.is_valid()
    html = str(form["district"])
    assert '<option value="x&lt;y" selected>A &amp; B</option>' in html
    assert '<option value="z">Z</option>' in html
    assert 'class="kern-form-input__select"' in html
    assert 'id="id_district"' in html
    assert 'name="district"' in html
