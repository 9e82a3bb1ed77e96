"""Permission matrix of joint projects: each role against each rule."""

from django.contrib.auth.models import AnonymousUser

import pytest

from .test_projects_helpers import make_project, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PEOPLE = (
    "anonymous",
    "lead_cdo",
    "partner_cdo",
    "partner_contributor",
    "outsider_cdo",
    "coordinator",
    "admin",
)


def _people(world):
    found = {name: getattr(world, name, None) for name in PEOPLE}
    found["anonymous"] = AnonymousUser()
    return found


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("collaboration.view_project", set(PEOPLE)),
        (
            "collaboration.view_project_internal",
            {"lead_cdo", "partner_cdo", "partner_contributor", "coordinator", "admin"},
        ),
        ("collaboration.change_project", {"lead_cdo", "coordinator", "admin"}),
        ("collaboration.work_on_project", {"lead_cdo", "coordinator", "admin"}),
    ],
)
def test_public_project_with_invited_partner(world, permission, allowed):
    project = make_project(world)
    for name, person in _people(world).items():
        assert person.has_perm(permission, project) == (name in allowed), (name, permission)


def test_non_public_project_is_invisible_to_outsiders(world):
    project = make_project(world, is_public=False)
    people = _people(world)
    for name in ("anonymous", "outsider_cdo"):
        assert not people[name].has_perm("collaboration.view_project", project)
    for name in ("lead_cdo", "partner_cdo", "coordinator", "admin"):
        assert people[name].has_perm("collaboration.view_project", project)


def test_respond_and_add(world):
    project = make_project(world)
    partner = project.partners.get(municipality=world.partner)
    people = _people(world)
    allowed = {
        name for name in PEOPLE if people[name].has_perm("collaboration.respond_partner", partner)
    }
    assert allowed == {"partner_cdo"}
    allowed = {
        name for name in PEOPLE if people[name].has_perm("collaboration.add_project", world.lead)
    }
    assert allowed == {"lead_cdo", "coordinator", "admin"}
