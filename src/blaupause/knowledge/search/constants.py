from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ARTICLE = "article", _("Wissensartikel")
    MEASURE = "measure", _("Maßnahme")
    PROJECT = "project", _("Gemeinsames Projekt")
    EVENT = "event", _("Veranstaltung")


class DocumentVisibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    #: Role holders of the region (or, with a network, of that network's municipalities).
    MEMBERS = "members", _("Mitglieder")
    #: Partners (municipalities in the municipality facet), the network coordination and the
    #: regional admins.
    RESTRICTED = "restricted", _("Beteiligte")


class FacetName(models.TextChoices):
    TYPE = "type", _("Typ")
    FIELD = "field", _("Handlungsfeld")
    LIFE_AREA = "life_area", _("Lebensbereich")
    MUNICIPALITY = "municipality", _("Kommune")


#: Facets in the order the page shows them; the GET parameter of each.
FACET_PARAMS = {
    FacetName.TYPE: "typ",
    FacetName.FIELD: "handlungsfeld",
    FacetName.LIFE_AREA: "lebensbereich",
    FacetName.MUNICIPALITY: "kommune",
}
#: Longest query that is analysed; the rest is ignored.
MAX_QUERY_LENGTH = 500
#: Most matches a search counts, ranks and counts facets over (the candidates: exact hits
#: first, newest first). More matches are shown as "more than 1,000 hits"; this bound keeps a
#: broad query on a large index as fast as a selective one.
CANDIDATE_LIMIT = 1000
#: Results per page.
PAGE_SIZE = 20
#: Facet values shown per facet.
FACET_LIMIT = 12
