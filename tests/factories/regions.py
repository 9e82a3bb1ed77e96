import factory
from factory.django import DjangoModelFactory

from blaupause.regions.models import District, Municipality, Network, Region


def square(lon: float = 8.8, lat: float = 51.9, size: float = 0.05) -> dict:
    """A square GeoJSON polygon, `size` degrees wide, with its south-west corner at lon/lat."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


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

    class Params:
        # MunicipalityFactory(with_geometry=True): a small square that differs per row.
        with_geometry = factory.Trait(
            geometry=factory.Sequence(
                lambda n: square(8.0 + (n % 30) * 0.05, 51.5 + (n // 30) * 0.05)
            )
        )

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
