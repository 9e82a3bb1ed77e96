"""Index upkeep: saving, soft-deleting and deleting objects updates the search; rebuild."""

from django.core.management import call_command
from django.utils import timezone

import pytest

from blaupause.collaboration.constants import PartnerStatus
from blaupause.collaboration.models import JointProject, ProjectPartner
from blaupause.events.constants import Audience
from blaupause.knowledge.constants import ArticleStatus
from blaupause.knowledge.models import SearchDocument
from blaupause.knowledge.search import indexing
from blaupause.knowledge.search.query import search
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    LifeAreaFactory,
    MeasureFactory,
    StrategyFactory,
)

from .search_helpers import article, filler

pytestmark = pytest.mark.django_db


def found(query, viewer=None, **filters):
    return [hit.document.title for hit in search(viewer=viewer, query=query, filters=filters).hits]


def test_article_changes_reach_the_index(municipality):
    filler()
    item = article("Ratsinformationssystem", "Text")
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]
    item.title = "Bürgerportal"
    item.save()
    assert found("Ratsinformationssystem") == []
    assert found("Bürgerportal") == ["Bürgerportal", "Bürgerportal mit Terminbuchung"] or found(
        "Bürgerportal"
    )[0] in {"Bürgerportal", "Bürgerportal mit Terminbuchung"}


def test_soft_deleted_and_deleted_articles_disappear():
    item = article("Ratsinformationssystem")
    item.deleted_at = timezone.now()
    item.save()
    assert found("Ratsinformationssystem") == []
    item.deleted_at = None
    item.save()
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]
    item.delete()
    assert not SearchDocument.objects.exists()


def test_unpublishing_removes_an_article():
    item = article("Ratsinformationssystem")
    item.status = ArticleStatus.DRAFT
    item.save()
    assert found("Ratsinformationssystem") == []


def test_measures_of_adopted_strategies_are_found_with_their_facets(network):
    strategy = StrategyFactory(network=network)
    field = FieldOfActionFactory(strategy=strategy, title="Digitale Verwaltung")
    area = LifeAreaFactory(strategy=strategy, title="Bürgerservice")
    MeasureFactory(field=field, title="Ratsinformationssystem einführen", life_areas=[area])
    results = search(viewer=None, query="Ratsinformationssystem")
    assert [hit.document.kind for hit in results.hits] == ["measure"]
    facets = {facet.name: [value.label for value in facet.values] for facet in results.facets}
    assert facets["field"] == ["Digitale Verwaltung"]
    assert facets["life_area"] == ["Bürgerservice"]
    assert facets["type"] == ["Maßnahme"]


def test_measures_of_draft_strategies_are_not_found_until_published(network):
    strategy = StrategyFactory(network=network, status=StrategyStatus.DRAFT)
    MeasureFactory(field=FieldOfActionFactory(strategy=strategy), title="Ratsinformationssystem")
    assert found("Ratsinformationssystem") == []
    strategy.status = StrategyStatus.ADOPTED
    strategy.save()
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]


def test_public_and_member_events(network, municipality, cdo):
    EventFactory(network=network, title="Webinar Ratsinformationssystem", audience=Audience.PUBLIC)
    EventFactory(network=network, title="Netzwerktreffen Ratsinformationssystem")
    EventFactory(
        network=network, title="Einladung Ratsinformationssystem", audience=Audience.INVITED
    )
    assert found("Ratsinformationssystem") == ["Webinar Ratsinformationssystem"]
    assert sorted(found("Ratsinformationssystem", viewer=cdo)) == [
        "Netzwerktreffen Ratsinformationssystem",
        "Webinar Ratsinformationssystem",
    ]


def test_member_events_of_another_network_stay_hidden(network, municipality):
    from tests.factories.regions import MunicipalityFactory, NetworkFactory

    EventFactory(network=network, title="Netzwerktreffen Ratsinformationssystem")
    stranger = MunicipalityFactory(district=municipality.district)
    other = NetworkFactory(district=municipality.district, region=municipality.district.region)
    other.municipalities.add(stranger)
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=stranger)
    assert found("Ratsinformationssystem", viewer=user) == []


def _project(network, lead, *, is_public):
    return JointProject.objects.create(
        title="Gemeinsames Ratsinformationssystem",
        network=network,
        lead_municipality=lead,
        summary="Ausschreibung 2027",
        goal="Gremienarbeit vereinfachen",
        internal_notes="Vertraulich: Angebot Firma X",
        is_public=is_public,
    )


def test_public_projects_are_found_without_internal_notes(network, municipality):
    _project(network, municipality, is_public=True)
    assert found("Ratsinformationssystem") == ["Gemeinsames Ratsinformationssystem"]
    assert found("Vertraulich") == []
    assert found("vereinfachen") == []  # the goal is not public


def test_internal_projects_only_for_partners(network, municipality, other_municipality, cdo):
    project = _project(network, other_municipality, is_public=False)
    assert found("Ratsinformationssystem") == []
    assert found("Ratsinformationssystem", viewer=cdo) == []  # not (yet) a partner
    ProjectPartner.objects.create(
        project=project, municipality=municipality, status=PartnerStatus.ACCEPTED
    )
    assert found("Ratsinformationssystem", viewer=cdo) == ["Gemeinsames Ratsinformationssystem"]
    assert found("vereinfachen", viewer=cdo) == ["Gemeinsames Ratsinformationssystem"]


def test_rebuild_and_command(network, municipality, capsys):
    filler()
    article("Ratsinformationssystem")
    SearchDocument.objects.all().delete()
    assert found("Ratsinformationssystem") == []
    assert indexing.rebuild() == 7
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]
    call_command("rebuild_search_index")
    assert "7 documents indexed" in capsys.readouterr().out
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]


def test_remove_object():
    item = article("Ratsinformationssystem")
    indexing.remove_object(item)
    assert found("Ratsinformationssystem") == []
    assert indexing.index_object(item) is True
    assert found("Ratsinformationssystem") == ["Ratsinformationssystem"]
