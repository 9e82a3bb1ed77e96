import factory
from factory.django import DjangoModelFactory

from blaupause.regions.models import District, Municipality, Network, Region


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("ags_prefix",)

    slug = "owl"
    name = "Ostwestfalen-Lippe"
    short_name = "OWL"
    ags_prefix = "057"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    ags = factory.Sequence(lambda n: f"057{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kreis Beispiel {n}")
    slug = factory.Sequence(lambda n: f"kreis-beispiel-{n}")
    kind = "kreis"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    ags = factory.Sequence(lambda n: f"05799{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Beispielstadt {n}")
    kind = "Stadt"
    population = 25_000


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    coordinating_body = "Kreisverwaltung"
