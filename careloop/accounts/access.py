"""Access to protected objects: one function per object, 404 for missing and foreign alike.

Every view and API endpoint that takes an object id goes through one of these (or the
ones in the other apps' access modules, all built on `get_in_practice`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from careloop.accounts.models import Membership, Practice

M = TypeVar("M", bound=Model)


# The practice a signed-in person is working in is a per-session choice (the menu's
# practice switcher); PracticeMiddleware validates it against their active memberships on
# every request and caches the result on the user object for that request.
SESSION_PRACTICE_KEY = "careloop_practice_id"


def active_memberships(user: Any) -> list[Membership]:
    """Every active membership of the user, newest first (cached for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_careloop_memberships"):
        user._careloop_memberships = list(
            Membership.objects.select_related("practice")
            .filter(user=user, is_active=True)
            .order_by("-created_at", "-pk")
        )
    memberships: list[Membership] = user._careloop_memberships
    return memberships


def choose_membership(user: Any, practice_id: Any) -> Membership | None:
    """The active membership in the chosen practice; without a (still valid) choice, the
    newest active membership. Caches the answer as the user's current membership."""
    memberships = active_memberships(user)
    chosen = next((m for m in memberships if m.practice_id == practice_id), None)
    current = chosen or (memberships[0] if memberships else None)
    user._careloop_membership = current
    return current


def active_membership(user: Any) -> Membership | None:
    """The membership the user is working in now. Within a request that is the session's
    chosen practice (set by PracticeMiddleware); elsewhere (command line, signals before
    the middleware ran) the newest active membership."""
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_careloop_membership"):
        cached: Membership | None = user._careloop_membership
        return cached
    return choose_membership(user, None)


def practice_for_user(user: Any) -> Practice:
    membership = active_membership(user)
    if membership is None:
        raise Http404("No practice")
    return membership.practice


def get_in_practice(queryset: QuerySet[M], user: Any, pk: Any) -> M:
    """The object with this pk in the user's practice, or 404 (never 403: a foreign id
    must look exactly like a missing one)."""
    practice = practice_for_user(user)
    try:
        return queryset.get(practice=practice, pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404("Not found") from None


def membership_for_user(user: Any, membership_id: Any) -> Membership:
    return get_in_practice(Membership.objects.select_related("user"), user, membership_id)


def require_owner(user: Any) -> Membership:
    membership = active_membership(user)
    if membership is None or not membership.is_owner:
        raise PermissionDenied("Only a practice owner can do this.")
    return membership
