"""forms of the knowledge app: search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin

from ..search.constants import FACET_PARAMS, MAX_QUERY_LENGTH


class SearchForm(KernFormMixin, forms.Form):
    """The search box and the facet filters from the address (all optional, never an error)."""

    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )

    def query(self) -> str:
        # Read the raw value: overlong or odd input is cleaned by the search, not rejected.
        return str(self.data.get("q", "") or "")

    def facet_filters(self) -> dict[str, str]:
        return {
            name: str(self.data.get(param, "") or "")[:200]
            for name, param in FACET_PARAMS.items()
            if self.data.get(param)
        }

    def page(self) -> int:
        try:
            return max(1, min(int(str(self.data.get("seite", "1"))[:6]), 10_000))
        except ValueError:
            return 1
