from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin

from .constants import AUDIT_VERB_LABELS, Role
from .models import User


class InvitationForm(KernFormMixin, forms.Form):
    """Invite a person by e-mail; the role choice holds only what the inviter may grant."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rolle"))

    def __init__(self, *args, roles: tuple[Role, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        if roles:  # preselect the role with the fewest rights
            self.fields["role"].initial = roles[-1].value
        if len(roles) == 1:
            # Nothing to choose: the page names the role in the text instead.
            self.fields["role"].widget = forms.HiddenInput()


class AcceptInvitationForm(KernFormMixin, forms.Form):
    """Create an account for an invited address: name and password (twice)."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        help_text=_("So sehen andere Sie im Team, z. B. „Maria Muster“."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        help_text = password_validation.password_validators_help_text_html()
        self.fields["password1"].help_text = help_text

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif password1:
            candidate = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ApiTokenForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür Sie den Token nutzen, z. B. „Ratsinformationssystem“."),
    )


class AuditLogFilterForm(KernFormMixin, forms.Form):
    person = forms.CharField(label=_("Person (E-Mail-Adresse)"), required=False, max_length=254)
    verb = forms.ChoiceField(label=_("Aktion"), required=False)

    def __init__(self, *args, verbs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("Alle Aktionen"))] + [
            (verb, AUDIT_VERB_LABELS.get(verb, verb)) for verb in verbs
        ]


class EraseOwnAccountForm(KernFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Ich möchte mein Konto endgültig löschen."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort stimmt nicht."))
        return password


class PersonLookupForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Person"), max_length=254)


class EraseAccountForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Anlass (z. B. Antrag vom …)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Das Konto wird endgültig gelöscht."),
        error_messages={"required": _("Bitte bestätigen Sie die Löschung.")},
    )
