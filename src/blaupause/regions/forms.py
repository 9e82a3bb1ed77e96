from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin
from blaupause.core.forms import KernFormMixin

from .constants import MunicipalityKind, SizeClass
from .models import Municipality, Network

MARKDOWN_HINT = _(
    "Einfache Formatierung ist möglich: **fett**, Listen mit „-“, Links als [Text](https://…)."
)


class PlainSelect(forms.Select):
    """A flat <select> rendered in Python.

    Django renders every <option> through a template; for the 400 German districts that costs
    about 50 ms per page, this about 1 ms. The attributes (KERN class, aria-*) stay the same.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(item) for item in self.format_value(value)}
        options = "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(key), " selected" if str(key) in selected else "", escape(label)
            )
            for key, label in self.choices
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # escaped above


class MunicipalityFilterForm(KernFormMixin, forms.Form):
    """The search and filters of the municipality list; every value lives in the URL."""

    q = forms.CharField(
        label=_("Name oder Gemeindeschlüssel"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    district = forms.ChoiceField(label=_("Kreis"), required=False, widget=PlainSelect)
    kind = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("alle Arten")), *MunicipalityKind.choices],
    )
    size = forms.ChoiceField(
        label=_("Größenklasse (Einwohner)"),
        required=False,
        choices=[("", _("alle Größen")), *SizeClass.choices],
    )

    def __init__(self, *args, districts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("alle Kreise")), *districts]

    def filters(self) -> dict[str, str]:
        """The valid filter values; a broken one is dropped (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "district_slug": data.get("district") or "",
            "kind": data.get("kind") or "",
            "size_class": data.get("size") or "",
        }


class MunicipalityProfileForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(
        label=Municipality._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=_("Zum Beispiel https://www.detmold.de"),
    )

    class Meta:
        model = Municipality
        fields = ["website", "contact_name", "contact_email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8, "class": "bp-textarea"})}
        help_texts = {"description": MARKDOWN_HINT}


class MemberField(forms.ModelMultipleChoiceField):
    """Municipalities as checkboxes; the template groups them by district."""

    def label_from_instance(self, obj):
        return obj.name


class NetworkForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    # Named `members`, not `municipalities`: the conflict page compares texts only.
    members = MemberField(
        label=_("Mitglieder"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Network
        fields = ["description", "history_text", "coordinating_body"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8, "class": "bp-textarea"}),
            "history_text": forms.Textarea(attrs={"rows": 14, "class": "bp-textarea"}),
        }
        help_texts = {"description": MARKDOWN_HINT, "history_text": MARKDOWN_HINT}

    def __init__(self, *args, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = member_choices
        # Checkboxes, not radio buttons: KernFormMixin matches CheckboxSelectMultiple as the
        # RadioSelect it inherits from.
        self.fields["members"].widget.attrs["class"] = "kern-form-check__checkbox"
        if self.instance.pk and not self.is_bound:
            self.initial["members"] = list(
                self.instance.municipalities.values_list("pk", flat=True)
            )
