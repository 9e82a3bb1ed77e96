from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictKind(models.TextChoices):
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")


class MunicipalityKind(models.TextChoices):
    """Status as in the Destatis municipality register (GV-ISys)."""

    KREISFREIE_STADT = "kreisfreie Stadt", _("Kreisfreie Stadt")
    STADTKREIS = "Stadtkreis", _("Stadtkreis")
    STADT = "Stadt", _("Stadt")
    GROSSE_KREISSTADT = "Große Kreisstadt", _("Große Kreisstadt")
    GEMEINDE = "Gemeinde", _("Gemeinde")
    MARKT = "Markt", _("Markt")
    GEMEINDEFREI = "gemeindefreies Gebiet (bewohnt)", _("Gemeindefreies Gebiet (bewohnt)")


class SizeClass(models.TextChoices):
    """Size classes used for peer comparison (inhabitants)."""

    UNDER_10K = "lt10k", _("unter 10.000")
    FROM_10K = "10k-20k", _("10.000 bis unter 20.000")
    FROM_20K = "20k-50k", _("20.000 bis unter 50.000")
    FROM_50K = "50k-100k", _("50.000 bis unter 100.000")
    FROM_100K = "gte100k", _("100.000 und mehr")


SIZE_CLASS_BOUNDS = [
    (10_000, SizeClass.UNDER_10K),
    (20_000, SizeClass.FROM_10K),
    (50_000, SizeClass.FROM_20K),
    (100_000, SizeClass.FROM_50K),
]


def size_class_for(population: int | None) -> str | None:
    if population is None:
        return None
    for bound, size_class in SIZE_CLASS_BOUNDS:
        if population < bound:
            return size_class
    return SizeClass.FROM_100K
