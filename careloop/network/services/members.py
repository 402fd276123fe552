"""Joining the network, profiles, mute/block, follows, verification and moderators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from careloop.accounts.access import active_membership
from careloop.accounts.models import Membership
from careloop.audit.services import audit_log
from careloop.network.categories import ensure_default_categories
from careloop.network.models import (
    Category,
    Follow,
    Member,
    MemberRelation,
    ModerationAction,
    Tag,
    Thread,
)

PROFILE_FIELDS = (
    "display_name",
    "handle",
    "credentials",
    "specialties",
    "country",
    "region",
    "bio",
    "declared_credential",
    "email_immediate",
    "digest",
)


def _shown_practice(user: Any, show: bool) -> str:
    membership = active_membership(user)
    return membership.practice.name if show and membership is not None else ""


def member_join(
    *, user: Any, accept_conduct: bool, show_practice: bool = False, **profile: Any
) -> Member:
    if not accept_conduct:
        raise ValidationError({"accept_conduct": "Joining means accepting the code of conduct."})
    if Member.objects.filter(user=user).exists():
        raise ValidationError("You have already joined the network.")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        # The categories appear with the first member (not in a migration: a freshly
        # migrated database holds no rows, which is what `careloop restore` checks).
        ensure_default_categories()
        member = Member(
            user=user,
            conduct_accepted_at=timezone.now(),
            shown_practice_name=_shown_practice(user, show_practice),
            **profile,
        )
        member.handle = member.handle.lower()
        member.full_clean()
        member.save()
        audit_log(actor=user, practice=None, action="network_join", obj=member)
    return member


def member_update(*, member: Member, show_practice: bool, **profile: Any) -> Member:
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in profile.items():
            setattr(member, name, value)
        member.handle = member.handle.lower()
        member.shown_practice_name = _shown_practice(member.user, show_practice)
        member.full_clean()
        member.save()
        audit_log(actor=member.user, practice=None, action="network_profile", obj=member)
    return member


def member_relation_set(*, member: Member, other: Member, kind: str | None) -> None:
    """Mute, block, or (kind None) neither."""
    if other.pk == member.pk:
        raise ValidationError("You cannot mute or block yourself.")
    with transaction.atomic():
        MemberRelation.objects.filter(member=member, other=other).delete()
        if kind is not None:
            MemberRelation.objects.create(member=member, other=other, kind=kind)


def follow_toggle(
    *,
    member: Member,
    thread: Thread | None = None,
    category: Category | None = None,
    tag: Tag | None = None,
) -> bool:
    target = {"thread": thread, "category": category, "tag": tag}
    if sum(v is not None for v in target.values()) != 1:
        raise TypeError("follow exactly one thread, category or tag")
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(member=member, **target).delete()
        if deleted:
            return False
        Follow.objects.create(member=member, **target)
        return True


def _log(kind: str, *, moderator: Member | None, member: Member, reason: str = "") -> None:
    ModerationAction.objects.create(
        kind=kind,
        moderator=moderator,
        member=member,
        reason=reason[:200],
        created_at=timezone.now(),
    )
    audit_log(
        actor=moderator.user if moderator else None,
        practice=None,
        action=f"network_{kind}",
        obj=member,
    )


def member_verify(*, moderator: Member, member: Member, note: str = "") -> Member:
    """A moderator checked the credential the member declared."""
    if not moderator.is_moderator:
        raise PermissionDenied("Only moderators verify members.")
    if not member.declared_credential:
        raise ValidationError("The member has not declared a credential to check.")
    with transaction.atomic():
        member.verified_at = timezone.now()
        member.verified_by = moderator.user
        member.verified_how = "moderator"
        member.save(update_fields=["verified_at", "verified_by", "verified_how"])
        _log(ModerationAction.Kind.VERIFY, moderator=moderator, member=member, reason=note)
    return member


def member_vouch(*, owner: Any, member: Member) -> Member:
    """A practice owner vouches for a member who works in their practice."""
    owner_membership = active_membership(owner)
    if owner_membership is None or not owner_membership.is_owner:
        raise PermissionDenied("Only a practice owner can vouch.")
    staff = Membership.objects.filter(
        practice=owner_membership.practice, user=member.user, is_active=True
    ).exists()
    if not staff or member.user_id == owner.pk:
        raise PermissionDenied("You can vouch only for your own staff.")
    with transaction.atomic():
        member.verified_at = timezone.now()
        member.verified_by = owner
        member.verified_how = "vouched"
        member.save(update_fields=["verified_at", "verified_by", "verified_how"])
        vouching = Member.objects.filter(user=owner).first()
        ModerationAction.objects.create(
            kind=ModerationAction.Kind.VOUCH,
            moderator=vouching,
            member=member,
            created_at=timezone.now(),
        )
        audit_log(
            actor=owner,
            practice=owner_membership.practice,
            action="network_vouch",
            obj=member,
        )
    return member


def member_appoint(*, moderator: Member | None, member: Member, reason: str = "") -> Member:
    """Make a member a moderator. `moderator` None: the first one, from the command line."""
    if moderator is not None and not moderator.is_moderator:
        raise PermissionDenied("Only moderators appoint moderators.")
    if member.role == Member.Role.MODERATOR:
        raise ValidationError({"handle": f"@{member.handle} is already a moderator."})
    if member.status != Member.Status.ACTIVE:
        status = member.get_status_display().lower()
        raise ValidationError({"handle": f"@{member.handle} is {status}: reinstate them first."})
    with transaction.atomic():
        member.role = Member.Role.MODERATOR
        member.save(update_fields=["role"])
        _log(ModerationAction.Kind.APPOINT, moderator=moderator, member=member, reason=reason)
    return member


def member_unappoint(*, moderator: Member, member: Member, reason: str) -> Member:
    """A moderator removes a moderator (themselves included), never the last one: the
    network always keeps someone who can review flags."""
    if not moderator.is_moderator:
        raise PermissionDenied("Only moderators remove moderators.")
    if member.role != Member.Role.MODERATOR:
        raise ValidationError(f"{member.display_name} is not a moderator.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why (members see this in the moderation log)."})
    with transaction.atomic():
        # Locked so two moderators removing each other at once cannot leave none.
        active = list(
            Member.objects.select_for_update()
            .filter(role=Member.Role.MODERATOR, status=Member.Status.ACTIVE)
            .values_list("pk", flat=True)
        )
        if set(active) <= {member.pk}:
            raise ValidationError(
                f"{member.display_name} is the last moderator: appoint another one first."
            )
        member.role = Member.Role.MEMBER
        member.save(update_fields=["role"])
        _log(
            ModerationAction.Kind.UNAPPOINT, moderator=moderator, member=member, reason=reason[:200]
        )
    return member
