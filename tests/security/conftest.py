"""One shared world for the access-control matrix.

Two municipalities A and B in one district of one region; a network N with A as member (B is
outside it) and a coordinator; a published blueprint strategy of N with measures, versions and
history; commitments of A (one public, one not); evidence; a self-check; an event with agenda
and decision; a workshop with card and cluster; an open consultation with a comment; a working
group, an API token, an invitation, a notification, a follow, a report build and a trashed item.
Collaboration and knowledge (`_add_collaboration`, `_add_knowledge`): a public joint project led
by A with B invited (work package, milestone, document) and a non-public one of A; a
procurement plan of A; a synergy suggestion of A with a third municipality C (no one of B in
it); articles by A's contributor (published public best practice with an attachment, published
for members of the region, draft with an attachment); an expert listing of A's CDO; a published
and an unpublished learning offer of the region and a learning path.

`world` maps the names used in `access_matrix.APP_KWARGS` and entry overrides to URL values;
`world.users` maps each role of `access_matrix.ROLES` to a person (``None`` for anonymous).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.assessments import AssessmentFactory, submitted_assessment
from tests.factories.commitments import CommitmentFactory, EvidenceFileFactory
from tests.factories.consultation import CommentFactory, ConsultationFactory
from tests.factories.events import AgendaItemFactory, EventFactory
from tests.factories.exchange import published_blueprint
from tests.factories.notifications import FollowFactory, NotificationFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)
from tests.factories.reports import ReportBuildFactory
from tests.factories.strategies import ValueFactory
from tests.factories.workshops import CardFactory, ClusterFactory, WorkshopFactory


@dataclass
class World:
    values: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    api_keys: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.values[key]


def build_world() -> World:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from blaupause.accounts.services import api_token_create, invitation_create
    from blaupause.events.models import Decision
    from blaupause.regions.models import WorkingGroup

    world = World()
    region = RegionFactory()
    district = DistrictFactory(region=region)
    town_a = MunicipalityFactory(district=district)
    town_b = MunicipalityFactory(district=district)
    network = NetworkFactory(district=district, region=region)
    network.municipalities.add(town_a)

    contributor = UserFactory(name="Mitwirkende A")
    cdo = UserFactory(name="CDO A")
    cdo_other = UserFactory(name="CDO B")
    coordinator = UserFactory(name="Koordination N")
    regional_admin = UserFactory(name="Regionaladmin")
    contributor_role = MembershipFactory(user=contributor, role="contributor", municipality=town_a)
    MembershipFactory(user=cdo, role="cdo", municipality=town_a)
    MembershipFactory(user=cdo_other, role="cdo", municipality=town_b)
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    MembershipFactory(user=regional_admin, role="regional_admin", region=region)
    # Regional admins must use a second factor; with one set up, the pages open normally.
    TOTP.activate(regional_admin, generate_totp_secret())
    world.users = {
        "anonymous": None,
        "contributor": contributor,
        "cdo": cdo,
        "cdo_other": cdo_other,
        "coordinator": coordinator,
        "regional_admin": regional_admin,
    }

    strategy = published_blueprint(network, slug="matrix-rahmen")
    measures = {m.key: m for m in strategy.measures.all()}
    measure, private_measure, free_measure = (
        measures["A-M01"],
        measures["A-M02"],
        measures["B-M01"],
    )
    commitment = CommitmentFactory(municipality=town_a, measure=measure)
    private_commitment = CommitmentFactory(
        municipality=town_a, measure=private_measure, is_public=False
    )
    evidence = EvidenceFileFactory(commitment=commitment)
    private_evidence = EvidenceFileFactory(commitment=private_commitment)
    AssessmentFactory(municipality=town_a, year=2026)
    submitted_assessment(town_a, year=2025)

    event = EventFactory(network=network)
    agenda_item = AgendaItemFactory(event=event)
    decision = Decision.objects.create(event=event, text="Wir beschließen das Portal.")

    workshop = WorkshopFactory(strategy__network=network, facilitator=coordinator)
    card = CardFactory(workshop=workshop)
    cluster = ClusterFactory(workshop=workshop)

    consultation = ConsultationFactory(strategy__network=network)
    comment = CommentFactory(consultation=consultation)

    group = WorkingGroup.objects.create(network=network, name="AG Portal")
    token, secret = api_token_create(actor=cdo, name="Matrix")
    invitation = invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=town_a
    )
    notification = NotificationFactory(recipient=cdo)
    follow = FollowFactory(user=cdo, target=strategy)
    build = ReportBuildFactory(subject_key=strategy.slug, requested_by=cdo)
    trashed = ValueFactory(strategy=strategy)
    trashed.deleted_at = timezone.now()
    trashed.save(update_fields=["deleted_at"])

    for role, user in world.users.items():
        if user is not None:
            world.api_keys[role] = (
                secret if user is cdo else api_token_create(actor=user, name="Matrix")[1]
            )

    today = timezone.localdate()
    world.values = {
        "ags": town_a.ags,
        "region_slug": region.slug,
        "district_slug": district.slug,
        "network_slug": network.slug,
        "strategy_slug": strategy.slug,
        "measure_key": measure.key,
        "measure_uuid": measure.uuid,
        "free_measure_uuid": free_measure.uuid,
        "private_commitment_uuid": private_commitment.uuid,
        "commitment_uuid": commitment.uuid,
        "commitment_version": commitment.version,
        "measure_kind": "massnahmen",
        "history_id": measure.history.order_by("history_id").first().history_id,
        "version_number": 1,
        "evidence_uuid": evidence.uuid,
        "private_evidence_uuid": private_evidence.uuid,
        "private_measure_title": private_measure.title,
        "year": 2026,
        "submitted_year": 2025,
        "event_uuid": event.uuid,
        "agenda_uuid": agenda_item.uuid,
        "decision_uuid": decision.uuid,
        "calendar_year": f"{today.year:04d}",
        "calendar_month": f"{today.month:02d}",
        "workshop_strategy_slug": workshop.strategy.slug,
        "workshop_uuid": workshop.uuid,
        "card_uuid": card.uuid,
        "cluster_uuid": cluster.uuid,
        "consultation_slug": consultation.strategy.slug,
        "comment_uuid": comment.uuid,
        "group_uuid": group.uuid,
        "api_token_uuid": token.uuid,
        "membership_uuid": contributor_role.uuid,
        "invitation_uuid": invitation.uuid,
        "contributor_pk": contributor.pk,
        "notification_pk": notification.pk,
        "follow_pk": follow.pk,
        "follow_key": "strategies.strategy",
        "strategy_pk": strategy.pk,
        "build_uuid": build.uuid,
        "dataset_key": "kommunen",
        "dataset_format": "csv",
        "legal_kind": "impressum",
        "trash_label": trashed._meta.label,
        "trash_uuid": trashed.uuid,
        # Secret links: an unknown secret must never open anything.
        "unknown_secret": "unbekannt-0000000000",
    }
    world.objects = {"town_a": town_a, "town_b": town_b, "network": network}
    _add_collaboration(world, measure=measure)
    _add_knowledge(world, measure=measure)
    return world


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _add_collaboration(world: World, *, measure) -> None:
    """Joint projects, a procurement plan and a synergy suggestion, through the services."""
    import datetime

    from blaupause.collaboration.models import SynergySuggestion
    from blaupause.collaboration.services import procurement, projects

    users, objects = world.users, world.objects
    cdo, town_a, town_b = users["cdo"], objects["town_a"], objects["town_b"]
    # A third municipality of the district, outside network N, with nobody of the roles in it.
    town_c = MunicipalityFactory(district=town_a.district)
    today = timezone.localdate()
    # Without a measure: creating the project would otherwise raise A's commitment to the
    # measure (the commitment rows above must stay as they are).
    project = projects.project_create(
        actor=cdo,
        title="Matrix Gemeinsames Bürgerportal",
        lead_municipality=town_a,
        network=objects["network"],
        partner_municipalities=[town_b],
        summary="Ein gemeinsames Portal.",
        internal_notes="Matrix vertrauliche Projektnotiz",
        budget_total="1000",
    )
    invitation_b = project.partners.get(municipality=town_b)
    package = projects.work_package_create(actor=cdo, project=project, title="Matrix Paket")
    milestone = projects.milestone_create(
        actor=cdo, project=project, title="Matrix Meilenstein", due_on=today
    )
    document = projects.document_add(
        actor=cdo, project=project, upload=_pdf("absicht.pdf"), title="Absichtserklärung"
    )
    private_project = projects.project_create(
        actor=cdo,
        title="Matrix Nichtöffentliches Projekt",
        lead_municipality=town_a,
        network=objects["network"],
        is_public=False,
    )
    plan = procurement.plan_create(
        actor=cdo,
        municipality=town_a,
        subject="Matrix Ratsinformationssystem",
        category="software",
        planned_on=today + datetime.timedelta(days=200),
        open_for_partners=True,
    )
    plan_c = procurement.plan_create(
        actor=users["regional_admin"],
        municipality=town_c,
        subject="Matrix Ratsinfosystem",
        category="software",
        planned_on=today + datetime.timedelta(days=220),
        open_for_partners=True,
    )
    suggestion = SynergySuggestion.objects.create(
        key="matrix-suggestion",
        kind="joint_tender",
        title="Matrix Synergie Ratsinformationssystem",
        region=town_a.district.region,
        reasons=[],
        score=0.9,
    )
    suggestion.municipalities.set([town_a, town_c])
    suggestion.plans.set([plan, plan_c])
    objects.update(town_c=town_c, project=project, private_project=private_project)
    world.values.update(
        {
            "project_uuid": project.uuid,
            "project_title": project.title,
            "project_secret": "Matrix vertrauliche Projektnotiz",
            "private_project_uuid": private_project.uuid,
            "private_project_title": private_project.title,
            "partner_uuid": invitation_b.uuid,
            "package_uuid": package.uuid,
            "milestone_uuid": milestone.uuid,
            "document_uuid": document.uuid,
            "plan_uuid": plan.uuid,
            "plan_subject": plan.subject,
            "suggestion_uuid": suggestion.uuid,
            "suggestion_title": suggestion.title,
        }
    )


def _add_knowledge(world: World, *, measure) -> None:
    """Articles, an attachment, an expert listing, learning offers and a path."""
    from blaupause.knowledge.models import LearningPath, LearningPathStep
    from blaupause.knowledge.services import articles, experts, learning

    users, town_a = world.users, world.objects["town_a"]
    author = users["contributor"]

    def article(title, **values):
        return articles.article_create(
            actor=author, municipality=town_a, title=title, body="Matrix Text.", **values
        )

    public = article("Matrix Praxisbeispiel Portal", kind="best_practice", measure=measure)
    public = articles.article_publish(actor=author, article=public, expected_version=public.version)
    members = article("Matrix Mitgliederartikel", kind="howto", visibility="members")
    members = articles.article_publish(
        actor=author, article=members, expected_version=members.version
    )
    draft = article("Matrix Entwurfsartikel", kind="template")
    attachment = articles.attachment_add(
        actor=author, article=public, upload=_pdf("vorlage.pdf"), title="Vorlage"
    )
    draft_attachment = articles.attachment_add(
        actor=author, article=draft, upload=_pdf("entwurf.pdf"), title="Entwurf"
    )
    experts.expert_listing_update(actor=users["cdo"], listed=True, topics="Matrixportal")

    region = town_a.district.region
    offer = learning.learning_offer_create(
        actor=users["regional_admin"],
        region=region,
        title="Matrix Kurs Digitalisierung",
        kind="course",
        roles=["cdo"],
        is_published=True,
    )
    hidden_offer = learning.learning_offer_create(
        actor=users["regional_admin"],
        region=region,
        title="Matrix Unveröffentlichter Kurs",
        kind="webinar",
        is_published=False,
    )
    path = LearningPath.objects.create(
        title="Matrix Lernpfad", slug="matrix-lernpfad", role="cdo", region=region
    )
    LearningPathStep.objects.create(path=path, offer=offer, order=1)
    LearningPathStep.objects.create(path=path, offer=hidden_offer, order=2)
    world.values.update(
        {
            "article_slug": public.slug,
            "members_article_slug": members.slug,
            "members_article_uuid": members.uuid,
            "members_article_title": members.title,
            "draft_article_slug": draft.slug,
            "draft_article_title": draft.title,
            "attachment_uuid": attachment.uuid,
            "draft_attachment_uuid": draft_attachment.uuid,
            "expert_name": users["cdo"].name,
            "expert_topic": "Matrixportal",
            "offer_slug": offer.slug,
            "hidden_offer_slug": hidden_offer.slug,
            "hidden_offer_uuid": hidden_offer.uuid,
            "hidden_offer_title": hidden_offer.title,
            "path_slug": path.slug,
        }
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at its end; each test
    runs in a savepoint of it (the `db` fixture), like Django's `TestCase.setUpTestData`."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
