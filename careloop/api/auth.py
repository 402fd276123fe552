"""Who is calling: an API token, checked on every call, counted for the rate limit.

A token acts for the owner who created it, in the token's practice: the access functions
(``client_for_user`` and the rest) see that owner's membership of that practice, so another
practice's object is a 404 exactly as on the web. The owner's user object carries the
token's ``audit_actor_ref``, so every audit event of the call names the token, not a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from careloop.accounts.models import Membership, Practice
from careloop.api.errors import ApiProblem
from careloop.api.models import ApiToken
from careloop.api.services import api_call_count, api_token_for_secret, seconds_until_window_ends

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class ApiCaller:
    token: ApiToken
    user: Any
    membership: Membership

    @property
    def practice(self) -> Practice:
        return self.membership.practice


def caller(request: HttpRequest) -> ApiCaller:
    found: ApiCaller = request.auth  # type: ignore[attr-defined]
    return found


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        found = api_token_for_secret(token.strip())
        if found is None:
            return None
        api_token, membership = found
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        if api_call_count(token=api_token) > limit:
            wait = seconds_until_window_ends(api_token)
            raise ApiProblem(
                429,
                f"This token made more than {limit} calls in a minute; retry in {wait} s.",
                headers={"Retry-After": str(wait)},
            )
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise PermissionDenied("This token is read-only: ask an owner for a read-write one.")
        user: Any = api_token.created_by
        # The access functions read the membership cached on the user (as within a request
        # from the web, where PracticeMiddleware sets it from the session's choice).
        user._careloop_memberships = [membership]
        user._careloop_membership = membership
        user.audit_actor_ref = api_token.audit_actor_ref
        request.careloop_api_caller = True  # type: ignore[attr-defined]
        return ApiCaller(token=api_token, user=user, membership=membership)
