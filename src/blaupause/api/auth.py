"""Token authentication: `Authorization: Bearer bp_<prefix>_<secret>`.

Reads are public: without a header the caller is anonymous and sees what the public pages show.
A header with an unknown, expired or malformed token is refused (401) rather than silently
treated as anonymous, so that a client notices a revoked token.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ninja.security import HttpBearer

from blaupause.accounts.models import ApiToken

#: `last_used_at` is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain column update: no version bump, history entry or audit event for a timestamp.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class TokenAuth(HttpBearer):
    """A personal API token; the request acts with exactly the permissions of its user."""

    def authenticate(self, request, token: str):
        token = token.strip()
        if not token.startswith("bp_") or len(token) > 200:
            return None
        api_token = ApiToken.find_by_key(token)
        if api_token is None:
            return None
        _touch(api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class OptionalTokenAuth(TokenAuth):
    """Anonymous without an `Authorization` header, the token's user with a valid one."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return AnonymousUser()
        return super().__call__(request)


token_auth = TokenAuth()
optional_auth = OptionalTokenAuth()
