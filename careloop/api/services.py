"""Creating, revoking and checking API tokens, and counting calls for the rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careloop.accounts.models import Membership, Practice
from careloop.api.models import ApiToken
from careloop.audit.services import audit_log

# "cl_" marks a CareLoop token (secret scanners can look for it); 32 random bytes after it.
TOKEN_PREFIX = "cl_"  # noqa: S105 - a marker, not a secret
TOKEN_BYTES = 32
SHOWN_PREFIX = 10
RATE_WINDOW = dt.timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *, practice: Practice, actor: Any, name: str, scope: str
) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once; only its hash is kept). Owners only."""
    if not Membership.objects.filter(
        practice=practice, user=actor, is_active=True, role=Membership.Role.OWNER
    ).exists():
        raise ValidationError("Only a practice owner can create API tokens.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        token = ApiToken(
            practice=practice,
            name=(name or "").strip(),
            scope=scope,
            prefix=secret[:SHOWN_PREFIX],
            token_hash=token_hash(secret),
            created_by=actor,
        )
        token.full_clean()
        token.save()
        audit_log(actor=actor, practice=practice, action="create", obj=token, detail=scope)
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
            audit_log(
                actor=actor,
                practice=token.practice_id,
                action="update",
                obj=token,
                detail="revoked",
            )
    return token


def api_token_for_secret(secret: str) -> tuple[ApiToken, Membership] | None:
    """The live token with this secret and the membership it acts under, or None.

    A token stops working when revoked, and when the owner who created it is no longer an
    active member of its practice."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("practice", "created_by")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.created_by.is_active:
        return None
    membership = (
        Membership.objects.select_related("practice")
        .filter(practice_id=token.practice_id, user_id=token.created_by_id, is_active=True)
        .first()
    )
    if membership is None:
        return None
    return token, membership


def api_call_count(*, token: ApiToken, now: dt.datetime | None = None) -> int:
    """Count one call of ``token`` and note its last use; returns the calls made in the
    current one-minute window, this one included. One UPDATE in the common case."""
    now = now or timezone.now()
    rows = ApiToken.objects.filter(pk=token.pk, window_start__gt=now - RATE_WINDOW)
    if rows.update(window_count=F("window_count") + 1, last_used_at=now):
        return int(ApiToken.objects.values_list("window_count", flat=True).get(pk=token.pk))
    ApiToken.objects.filter(pk=token.pk).update(window_start=now, window_count=1, last_used_at=now)
    return 1


def seconds_until_window_ends(token: ApiToken, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    start = ApiToken.objects.values_list("window_start", flat=True).get(pk=token.pk) or now
    return max(1, int((start + RATE_WINDOW - now).total_seconds()) + 1)
