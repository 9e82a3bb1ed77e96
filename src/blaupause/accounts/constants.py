from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", _("Regionaladmin")
    NETWORK_COORDINATOR = "network_coordinator", _("Netzwerk-Koordination")
    CDO = "cdo", _("Kommunale Digitalverantwortliche")
    CONTRIBUTOR = "contributor", _("Mitwirkende")


#: Which scope each role needs: exactly one of region, network, municipality.
ROLE_SCOPE = {
    Role.REGIONAL_ADMIN: "region",
    Role.NETWORK_COORDINATOR: "network",
    Role.CDO: "municipality",
    Role.CONTRIBUTOR: "municipality",
}


#: Which roles can be granted for each kind of scope (the invite form offers these).
SCOPE_ROLES = {
    "region": (Role.REGIONAL_ADMIN,),
    "network": (Role.NETWORK_COORDINATOR,),
    "municipality": (Role.CDO, Role.CONTRIBUTOR),
}

#: An invitation link is valid this many days.
INVITATION_VALID_DAYS = 14

#: Readable names of the audit log's actions. Unknown actions are shown as they are stored.
AUDIT_VERB_LABELS = {
    "auth.login": _("Anmeldung"),
    "auth.logout": _("Abmeldung"),
    "auth.login_failed": _("Fehlgeschlagene Anmeldung"),
    "auth.password_changed": _("Passwort geändert"),
    "auth.password_reset": _("Passwort zurückgesetzt"),
    "mfa.authenticator_added": _("Zweiter Faktor eingerichtet"),
    "mfa.authenticator_removed": _("Zweiter Faktor entfernt"),
    "mfa.recovery_codes_reset": _("Wiederherstellungscodes erneuert"),
    "account.created": _("Konto angelegt"),
    "invitation.created": _("Einladung versendet"),
    "invitation.revoked": _("Einladung zurückgenommen"),
    "invitation.accepted": _("Einladung angenommen"),
    "membership.created": _("Rolle vergeben"),
    "membership.removed": _("Rolle entzogen"),
    "api_token.created": _("API-Token erstellt"),
    "api_token.revoked": _("API-Token widerrufen"),
    "legal_page.updated": _("Rechtstext geändert"),
    "privacy.exported": _("Persönliche Daten ausgegeben"),
    "privacy.erased": _("Konto gelöscht"),
}
