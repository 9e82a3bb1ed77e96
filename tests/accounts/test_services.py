"""Invitations, roles and tokens in the service layer: permissions, data, audit, mails."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from blaupause.accounts import services
from blaupause.accounts.models import ApiToken, Invitation, Membership, User
from blaupause.core.models import AuditEvent
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _verbs():
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


# --- who may invite whom -------------------------------------------------------------------


def test_cdo_invites_contributor_and_cdo_to_own_municipality(cdo, municipality):
    for role in ("contributor", "cdo"):
        invitation = services.invitation_create(
            actor=cdo, email=f"{role}@Beispiel.example", role=role, municipality=municipality
        )
        assert invitation.email == f"{role}@beispiel.example"
        assert invitation.invited_by == cdo
        assert invitation.token_hash != invitation.secret  # only the hash is stored
        assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)
    assert len(mail.outbox) == 2


def test_cdo_cannot_invite_to_another_municipality(cdo, other_municipality):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=cdo, email="x@example.org", role="contributor", municipality=other_municipality
        )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_cdo_cannot_invite_network_coordinators(cdo, network):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=cdo, email="x@example.org", role="network_coordinator", network=network
        )


def test_coordinator_invites_only_co_coordinators_of_own_network(
    coordinator, network, municipality
):
    invitation = services.invitation_create(
        actor=coordinator, email="ko@example.org", role="network_coordinator", network=network
    )
    assert invitation.network == network
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=coordinator, email="cdo@example.org", role="cdo", municipality=municipality
        )


def test_regional_admin_invites_every_role_in_the_region(regional_admin, municipality, network):
    region = municipality.district.region
    services.invitation_create(
        actor=regional_admin, email="a@example.org", role="cdo", municipality=municipality
    )
    services.invitation_create(
        actor=regional_admin, email="b@example.org", role="network_coordinator", network=network
    )
    services.invitation_create(
        actor=regional_admin, email="c@example.org", role="regional_admin", region=region
    )
    assert Invitation.objects.count() == 3


@pytest.mark.parametrize("who", ["anonymous", "contributor", "other_cdo", "coordinator"])
def test_others_may_not_invite_to_the_municipality(people, municipality, who):
    actor = people[who]
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=actor, email="x@example.org", role="contributor", municipality=municipality
        )


def test_role_must_match_scope(cdo, municipality):
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=cdo, email="x@example.org", role="regional_admin", municipality=municipality
        )
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=cdo, email="x@example.org", role="erfunden", municipality=municipality
        )


def test_inviting_someone_who_has_the_role_already_is_refused(cdo, contributor, municipality):
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            actor=cdo,
            email=contributor.email.upper(),
            role="contributor",
            municipality=municipality,
        )
    assert "bereits" in str(error.value)


def test_new_invitation_replaces_the_open_one(cdo, municipality):
    first = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    second = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    first = Invitation.all_objects.get(pk=first.pk)
    assert first.status == "revoked"
    assert second.status == "open"
    assert list(Invitation.objects.all()) == [second]


def test_invitation_mail_is_german_text_and_html_with_the_link(cdo, municipality, settings):
    settings.BLAUPAUSE_BASE_URL = "https://blaupause.example/"
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert message.subject.startswith("[Blaupause] Einladung zu Blaupause: Mitwirkende für")
    # Sent outside a request: the link uses the configured base address.
    assert f"https://blaupause.example/einladung/{invitation.secret}/" in message.body
    assert "14 Tage" in message.body
    assert cdo.name in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"/einladung/{invitation.secret}/" in html
    assert '<html lang="de">' in html


def test_failed_mail_saves_nothing(cdo, municipality, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    with pytest.raises(services.InvitationMailFailed):
        services.invitation_create(
            actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
        )
    assert not Invitation.all_objects.exists()


def test_invitation_create_and_revoke_are_audited(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    services.invitation_revoke(actor=cdo, invitation=invitation)
    created, revoked = AuditEvent.objects.order_by("id")
    assert (created.verb, created.actor, created.municipality_ags) == (
        "invitation.created",
        cdo,
        municipality.ags,
    )
    assert created.data["email"] == "neu@example.org"
    assert revoked.verb == "invitation.revoked"
    assert Invitation.all_objects.get().status == "revoked"


def test_other_cdo_cannot_revoke(cdo, other_cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=other_cdo, invitation=invitation)
    assert Invitation.objects.get().status == "open"


# --- accepting ---------------------------------------------------------------------------------


def test_accept_creates_membership_once(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    person = UserFactory(email="neu@example.org")
    membership = services.invitation_accept(invitation=invitation, user=person)
    assert (membership.user, membership.role, membership.municipality) == (
        person,
        "contributor",
        municipality,
    )
    assert membership.created_by == cdo
    assert municipality.pk in person.roles.contributor_municipality_ids
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == person
    with pytest.raises(services.InvitationClosed) as closed:
        services.invitation_accept(invitation=invitation, user=person)
    assert closed.value.status == "accepted"
    assert _verbs()[-2:] == ["membership.created", "invitation.accepted"]


def test_accept_by_another_person_is_refused(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    with pytest.raises(services.InvitationForOtherAddress):
        services.invitation_accept(invitation=invitation, user=UserFactory())
    assert not Membership.objects.filter(municipality=municipality, role="contributor").exists()


def test_accept_with_a_second_verified_address(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="dienst@example.org", role="contributor", municipality=municipality
    )
    person = UserFactory(email="privat@example.org")
    EmailAddress.objects.create(user=person, email="dienst@example.org", verified=True)
    services.invitation_accept(invitation=invitation, user=person)
    assert municipality.pk in person.roles.contributor_municipality_ids


def test_expired_invitation_cannot_be_accepted(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="contributor", municipality=municipality
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(services.InvitationClosed) as closed:
        services.invitation_accept(invitation=invitation, user=UserFactory(email="neu@example.org"))
    assert closed.value.status == "expired"


def test_accept_new_account_creates_verified_user(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="cdo", municipality=municipality
    )
    user = services.invitation_accept_new_account(
        invitation=invitation, name="Nora Neu", password="lang-und-sicher-2026"
    )
    assert user.email == "neu@example.org"
    assert user.name == "Nora Neu"
    assert user.check_password("lang-und-sicher-2026")
    assert EmailAddress.objects.get(user=user).verified is True
    assert municipality.pk in user.roles.cdo_municipality_ids
    assert "account.created" in _verbs()


def test_accept_new_account_applies_password_validators(cdo, municipality):
    invitation = services.invitation_create(
        actor=cdo, email="neu@example.org", role="cdo", municipality=municipality
    )
    with pytest.raises(ValidationError):
        services.invitation_accept_new_account(invitation=invitation, name="N", password="123")
    assert not User.objects.filter(email="neu@example.org").exists()


def test_removed_member_can_be_invited_again(cdo, contributor, municipality):
    membership = Membership.objects.get(user=contributor)
    services.membership_remove(actor=cdo, membership=membership)
    invitation = services.invitation_create(
        actor=cdo, email=contributor.email, role="contributor", municipality=municipality
    )
    services.invitation_accept(invitation=invitation, user=contributor)
    restored = Membership.all_objects.get(user=contributor)
    assert restored.pk == membership.pk  # the same row, restored
    assert restored.deleted_at is None


# --- removing roles ----------------------------------------------------------------------------


def test_cdo_removes_contributor(cdo, contributor, municipality):
    membership = Membership.objects.get(user=contributor)
    services.membership_remove(actor=cdo, membership=membership)
    assert not Membership.objects.filter(user=contributor).exists()
    assert Membership.all_objects.get(user=contributor).deleted_at is not None
    contributor = User.objects.get(pk=contributor.pk)
    assert contributor.roles.member_municipality_ids == frozenset()
    event = AuditEvent.objects.get(verb="membership.removed")
    assert event.actor == cdo
    assert event.data["person"] == contributor.email


@pytest.mark.parametrize("who", ["anonymous", "contributor", "other_cdo", "coordinator"])
def test_others_cannot_remove(people, cdo, municipality, who):
    membership = Membership.objects.get(user=cdo)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=people[who], membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_last_cdo_cannot_remove_themselves_but_regional_admin_can(cdo, regional_admin):
    membership = Membership.objects.get(user=cdo)
    with pytest.raises(ValidationError) as error:
        services.membership_remove(actor=cdo, membership=membership)
    assert "einzige Person" in str(error.value)
    services.membership_remove(actor=regional_admin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_cdo_may_leave_when_another_cdo_remains(cdo, municipality):
    MembershipFactory(role="cdo", municipality=municipality)
    services.membership_remove(actor=cdo, membership=Membership.objects.get(user=cdo))
    assert not Membership.objects.filter(user=cdo).exists()


def test_last_regional_admin_is_never_removed(regional_admin):
    membership = Membership.objects.get(user=regional_admin)
    with pytest.raises(ValidationError):
        services.membership_remove(actor=regional_admin, membership=membership)
    second = UserFactory()
    MembershipFactory(user=second, role="regional_admin", region=membership.region)
    services.membership_remove(actor=second, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


# --- API tokens --------------------------------------------------------------------------------


def test_token_create_stores_only_a_hash_and_revoke_stops_it(cdo):
    token, key = services.api_token_create(actor=cdo, name="Ratsinfo")
    assert key.startswith(f"bp_{token.prefix}_")
    assert key not in (token.key_hash, token.prefix)
    assert ApiToken.find_by_key(key) == token
    services.api_token_revoke(actor=cdo, token=token)
    assert ApiToken.find_by_key(key) is None
    assert ApiToken.all_objects.get(pk=token.pk).deleted_at is not None
    assert _verbs()[-2:] == ["api_token.created", "api_token.revoked"]


def test_nobody_creates_or_revokes_tokens_of_others(cdo, regional_admin):
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=regional_admin, owner=cdo, name="x")
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=AnonymousUser(), name="x")
    token, _key = services.api_token_create(actor=cdo, name="Meins")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=regional_admin, token=token)
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_needs_a_name(cdo):
    with pytest.raises(ValidationError):
        services.api_token_create(actor=cdo, name="   ")
