"""The upload form of the blueprint import: one JSON file and the network to import it into."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.strategies.forms._base import KernStyled

from .exchange_format import MAX_FILE_SIZE


class ImportUploadForm(KernStyled, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Blaupausen-Datei (JSON)"),
        help_text=gettext_lazy(
            "Eine Datei, die eine andere Blaupause-Installation exportiert hat "
            "(„Als Datei exportieren“), höchstens 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )
    network = forms.ModelChoiceField(
        label=gettext_lazy("Netzwerk, in das importiert wird"),
        queryset=None,
        empty_label=None,
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.data_parsed = None
        self.text = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s MB groß; erlaubt sind höchstens 2 MB.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
            )
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(_("Bitte wählen Sie eine JSON-Datei (Endung .json)."))
        raw = upload.read(MAX_FILE_SIZE + 1)
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Die Datei ist nicht in UTF-8 gespeichert und daher keine Blaupausen-Datei.")
            ) from None
        try:
            self.data_parsed = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Die Datei ist kein gültiges JSON (Zeile %(line)d, Spalte %(col)d).")
                % {"line": exc.lineno, "col": exc.colno}
            ) from None
        except RecursionError:
            raise forms.ValidationError(_("Die Datei ist zu tief verschachtelt.")) from None
        return upload


class ImportConfirmForm(forms.Form):
    """Only names the upload kept on the server; the file itself never travels in the form."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
