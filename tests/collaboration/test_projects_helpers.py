"""Shared set-up of the joint project tests (no tests here): two partner municipalities in a
network with a strategy and a measure, a third municipality outside, and people with roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from blaupause.collaboration.services.projects import project_create
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import MeasureFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@dataclass
class World:
    lead: object
    partner: object
    third: object
    outsider: object
    network: object
    measure: object
    lead_cdo: object
    partner_cdo: object
    partner_contributor: object
    third_cdo: object
    outsider_cdo: object
    coordinator: object
    admin: object


def _person(role: str, **scope):
    user = UserFactory()
    MembershipFactory(user=user, role=role, **scope)
    return user


def build_world() -> World:
    district = DistrictFactory()
    lead = MunicipalityFactory(district=district, name="Lemgo", population=40_000)
    partner = MunicipalityFactory(district=district, name="Blomberg", population=15_000)
    third = MunicipalityFactory(district=district, name="Lage", population=35_000)
    outsider = MunicipalityFactory(district=district, name="Extertal", population=11_000)
    network = NetworkFactory(district=district, region=district.region, name="Netzwerk Lippe")
    network.municipalities.add(lead, partner, third, outsider)
    measure = MeasureFactory(strategy__network=network, key="B-M04", title="Gemeinsames ISMS")
    admin = _person("regional_admin", region=district.region)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(admin, generate_totp_secret())
    return World(
        lead=lead,
        partner=partner,
        third=third,
        outsider=outsider,
        network=network,
        measure=measure,
        lead_cdo=_person("cdo", municipality=lead),
        partner_cdo=_person("cdo", municipality=partner),
        partner_contributor=_person("contributor", municipality=partner),
        third_cdo=_person("cdo", municipality=third),
        outsider_cdo=_person("cdo", municipality=outsider),
        coordinator=_person("network_coordinator", network=network),
        admin=admin,
    )


@pytest.fixture(name="world")
def world_fixture(db) -> World:
    return build_world()


def make_project(world: World, **fields):
    values = {
        "title": "Gemeinsames Informationssicherheitsmanagement",
        "lead_municipality": world.lead,
        "measure": world.measure,
        "network": world.network,
        "partner_municipalities": [world.partner, world.third],
        "summary": "Ein **gemeinsamer** Informationssicherheitsbeauftragter.",
        "goal": "ISMS nach BSI-Standard 200-2",
        "internal_notes": "Vertrauliche Notiz zur Verhandlung",
        "budget_total": "1000",
    }
    values.update(fields)
    return project_create(actor=world.lead_cdo, **values)


def accept(world: World, project, municipality, actor):
    from blaupause.collaboration.services.projects import partner_respond

    partner = project.partners.get(municipality=municipality)
    return partner_respond(actor=actor, partner=partner, accept=True)
