"""Users, their roles (memberships), invitations and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.hashing import hash_secret
from blaupause.core.models import BaseModel

from .constants import ROLE_SCOPE, Role


class BlaupauseUserManager(UserManager):
    """Users log in with their e-mail address; there is no user name."""

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


@dataclass(frozen=True)
class RoleIndex:
    """The ids a user holds each role for; built with one query per request."""

    regional_admin_region_ids: frozenset[int] = field(default_factory=frozenset)
    coordinated_network_ids: frozenset[int] = field(default_factory=frozenset)
    cdo_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    contributor_municipality_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def member_municipality_ids(self) -> frozenset[int]:
        return self.cdo_municipality_ids | self.contributor_municipality_ids

    @property
    def is_regional_admin(self) -> bool:
        return bool(self.regional_admin_region_ids)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("Demo-Konto"), default=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = BlaupauseUserManager()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    @cached_property
    def roles(self) -> RoleIndex:
        rows = Membership.objects.filter(user=self).values_list(
            "role", "region_id", "network_id", "municipality_id"
        )
        buckets: dict[str, set[int]] = {role: set() for role in Role.values}
        for role, region_id, network_id, municipality_id in rows:
            buckets[role].add(region_id or network_id or municipality_id)
        return RoleIndex(
            regional_admin_region_ids=frozenset(buckets[Role.REGIONAL_ADMIN]),
            coordinated_network_ids=frozenset(buckets[Role.NETWORK_COORDINATOR]),
            cdo_municipality_ids=frozenset(buckets[Role.CDO]),
            contributor_municipality_ids=frozenset(buckets[Role.CONTRIBUTOR]),
        )

    def forget_roles(self) -> None:
        self.__dict__.pop("roles", None)


class Membership(BaseModel):
    """One role of one person for one region, network or municipality."""

    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "regions.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rolle")
        verbose_name_plural = _("Rollen")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role=Role.REGIONAL_ADMIN,
                        region__isnull=False,
                        network__isnull=True,
                        municipality__isnull=True,
                    )
                    | Q(
                        role=Role.NETWORK_COORDINATOR,
                        network__isnull=False,
                        region__isnull=True,
                        municipality__isnull=True,
                    )
                    | Q(
                        role__in=[Role.CDO, Role.CONTRIBUTOR],
                        municipality__isnull=False,
                        region__isnull=True,
                        network__isnull=True,
                    )
                ),
            ),
            # One row per person, role and scope (partial indexes work on SQLite too).
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "network"],
                condition=Q(network__isnull=False),
                name="membership_unique_network",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self):
        return self.region or self.network or self.municipality

    @property
    def scope_kind(self) -> str:
        return ROLE_SCOPE[self.role]

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags if self.municipality_id else ""


class Invitation(BaseModel):
    """An e-mail invitation to take a role; the link carries a secret, only its hash is stored."""

    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "regions.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    @property
    def scope(self):
        return self.region or self.network or self.municipality

    @property
    def scope_kind(self) -> str:
        return ROLE_SCOPE[self.role]

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags if self.municipality_id else ""

    @property
    def status(self) -> str:
        """One of ``open``, ``accepted``, ``revoked`` (soft-deleted) or ``expired``."""
        if self.deleted_at is not None:
            return "revoked"
        if self.accepted_at is not None:
            return "accepted"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @staticmethod
    def new_secret() -> tuple[str, str]:
        secret = secrets.token_urlsafe(32)
        return secret, hash_secret(secret)

    @classmethod
    def find_by_secret(cls, secret: str) -> Invitation | None:
        """The invitation for a link secret, revoked ones included (to say why it is closed)."""
        return (
            cls.all_objects.filter(token_hash=hash_secret(secret))
            .select_related("region", "network", "municipality", "invited_by")
            .first()
        )


class ApiToken(BaseModel):
    """A personal API token. Only a hash is stored; the key is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> tuple[str, str, str]:
        """Return (key, prefix, hash). The key is `bp_<prefix>_<secret>`."""
        prefix = secrets.token_hex(4)
        key = f"bp_{prefix}_{secrets.token_urlsafe(32)}"
        return key, prefix, hash_secret(key)

    @classmethod
    def find_by_key(cls, key: str) -> ApiToken | None:
        token = cls.objects.select_related("user").filter(key_hash=hash_secret(key)).first()
        if token is None or not token.user.is_active:
            return None
        if token.expires_at and token.expires_at <= timezone.now():
            return None
        return token
