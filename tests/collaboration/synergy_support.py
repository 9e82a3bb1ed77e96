"""Small builders for the synergy tests (procurement plans without going through a form)."""

import datetime

from django.utils import timezone

from blaupause.collaboration.models import ProcurementPlan
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory


def plan(municipality, subject, *, planned_on=None, category="software", **fields):
    return ProcurementPlan.objects.create(
        municipality=municipality,
        subject=subject,
        category=category,
        planned_on=planned_on or timezone.localdate() + datetime.timedelta(days=200),
        **fields,
    )


def hoexter(count=4):
    """`count` municipalities in one Kreis of the OWL region."""
    district = DistrictFactory(name="Kreis Höxter", kind="kreis")
    return [MunicipalityFactory(district=district, name=f"Stadt {n}") for n in range(count)]


def person(role="cdo", **scope):
    """A person with one role; coordinators and regional admins with an authenticator app
    (without one the site asks them to set it up first)."""
    user = UserFactory()
    MembershipFactory(user=user, role=role, **scope)
    if role in ("regional_admin", "network_coordinator"):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    return user
