"""Who may see and change strategies: one role matrix per permission and kind of owner."""

import pytest

from blaupause.strategies.constants import StrategyStatus
from tests.factories.strategies import StrategyFactory

pytestmark = pytest.mark.django_db

EVERYONE = [
    "anonymous",
    "without role",
    "contributor",
    "cdo of a member",
    "cdo elsewhere",
    "coordinator",
    "coordinator elsewhere",
    "regional admin",
    "admin of another region",
]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("without role", False),
        ("contributor", False),
        ("cdo of a member", False),  # a member municipality does not own the network's strategy
        ("cdo elsewhere", False),
        ("coordinator", True),
        ("coordinator elsewhere", False),
        ("regional admin", True),
        ("admin of another region", False),
    ],
)
def test_change_a_network_strategy(world, who, allowed):
    user = world["people"][who]
    assert user.has_perm("strategies.change_strategy", world["strategy"]) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("contributor", False),
        ("cdo of a member", True),
        ("cdo elsewhere", False),
        ("coordinator", False),  # the network's coordination does not own a municipality's plan
        ("regional admin", True),
        ("admin of another region", False),
    ],
)
def test_change_a_municipality_strategy(world, who, allowed):
    strategy = StrategyFactory(network=None, municipality=world["member"])
    user = world["people"][who]
    assert user.has_perm("strategies.change_strategy", strategy) is allowed


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_sees_an_adopted_strategy(world, who):
    assert world["people"][who].has_perm("strategies.view_strategy", world["strategy"])


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("without role", False),
        ("cdo of a member", False),
        ("coordinator", True),
        ("coordinator elsewhere", False),
        ("regional admin", True),
    ],
)
def test_a_draft_is_seen_only_by_its_editors(world, who, allowed):
    draft = StrategyFactory(network=world["network"], status=StrategyStatus.DRAFT)
    assert world["people"][who].has_perm("strategies.view_strategy", draft) is allowed


@pytest.mark.parametrize(
    ("who", "owner", "allowed"),
    [
        ("anonymous", "network", False),
        ("coordinator", "network", True),
        ("coordinator elsewhere", "network", False),
        ("cdo of a member", "network", False),
        ("cdo of a member", "member", True),
        ("cdo elsewhere", "member", False),
        ("regional admin", "network", True),
        ("regional admin", "member", True),
        ("admin of another region", "member", False),
    ],
)
def test_start_a_strategy(world, who, owner, allowed):
    assert world["people"][who].has_perm("strategies.add_strategy", world[owner]) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator", False), ("regional admin", True), ("admin of another region", False)],
)
def test_only_regional_admins_mark_blueprints(world, who, allowed):
    assert (
        world["people"][who].has_perm("strategies.manage_blueprint", world["strategy"]) is allowed
    )
