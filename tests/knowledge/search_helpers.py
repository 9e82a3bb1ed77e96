"""Helpers for the search tests: articles created like the services do (saved, so indexed)."""

import itertools

from django.utils import timezone

from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Visibility
from blaupause.knowledge.models import Article

_numbers = itertools.count(1)

#: Unrelated articles, so that term statistics are realistic (no term is in every document).
FILLER = [
    ("Breitbandausbau im ländlichen Raum", "Glasfaser für alle Ortsteile bis 2030."),
    ("Schulen ans Netz", "WLAN und Tablets für die Grundschulen der Region."),
    ("E-Akte in der Kämmerei", "Die elektronische Akte ersetzt die Papierablage."),
    ("Bürgerportal mit Terminbuchung", "Termine im Bürgerbüro online vereinbaren."),
    ("Open Data Portal", "Haushaltsdaten und Geodaten offen bereitstellen."),
    ("Mängelmelder", "Schlaglöcher und defekte Laternen per App melden."),
]


def article(title, body="", *, kind=ArticleKind.HOWTO, visibility=Visibility.PUBLIC, **fields):
    number = next(_numbers)
    return Article.objects.create(
        title=title,
        slug=f"artikel-{number}",
        kind=kind,
        body=body,
        status=fields.pop("status", ArticleStatus.PUBLISHED),
        visibility=visibility,
        published_at=timezone.now(),
        **fields,
    )


def filler(**fields):
    return [article(title, body, **fields) for title, body in FILLER]
