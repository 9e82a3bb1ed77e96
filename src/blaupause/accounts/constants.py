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
