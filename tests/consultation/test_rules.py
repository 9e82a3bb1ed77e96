"""The role matrix of the consultation permissions."""

import pytest

from tests.factories.accounts import UserFactory
from tests.factories.consultation import CommentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "cdo", "outsider", "coordinator", "regional_admin"]


def _person(world, role):
    if role == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return getattr(world, role)


@pytest.mark.parametrize(
    ("role", "participate", "run"),
    [
        ("anonymous", False, False),
        ("contributor", True, False),
        ("cdo", True, False),
        ("outsider", False, False),
        ("coordinator", True, True),
        ("regional_admin", True, True),
    ],
)
def test_role_matrix(world, role, participate, run):
    user = _person(world, role)
    comment = CommentFactory(consultation=world.consultation)
    assert user.has_perm("consultation.view_consultation", world.consultation)
    assert user.has_perm("consultation.add_comment", world.consultation) is participate
    assert user.has_perm("consultation.report_comment", comment) is participate
    assert user.has_perm("consultation.set_outcome", comment) is run
    assert user.has_perm("consultation.moderate_comment", comment) is run
    assert user.has_perm("consultation.open_consultation", world.strategy) is run
    assert user.has_perm("consultation.close_consultation", world.consultation) is run


def test_nobody_comments_after_the_end(world):
    ended = ConsultationFactory(strategy=world.strategy, ended=True)
    assert not world.cdo.has_perm("consultation.add_comment", ended)
    assert world.cdo.has_perm("consultation.participate", ended)
    assert not UserFactory().has_perm("consultation.participate", ended)
