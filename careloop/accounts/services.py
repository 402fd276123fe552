"""Writes for practices, people and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from careloop.accounts.models import Invitation, Membership, Practice, User, normalise_email
from careloop.audit.services import audit_log
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue

INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def practice_create(
    *, name: str, owner: User, actor: User | None = None, **fields: Any
) -> Practice:
    """A new practice with `owner` as its owner (added to their other memberships)."""
    with transaction.atomic():
        practice = Practice(name=name, **fields)
        practice.full_clean()
        practice.save()
        audit_log(actor=actor, practice=practice, action="create", obj=practice)
        membership_add(user=owner, practice=practice, role=Membership.Role.OWNER, actor=actor)
    return practice


def practice_start(*, name: str, owner_email: str, owner_name: str) -> tuple[Practice, User, bool]:
    """A practice and its owner, from the command line. A new owner gets an account without
    a password (they set one through the link from `password_setup_link`); an existing
    account only gains the owner membership: its password is never touched.

    Returns (practice, owner, whether the owner's account is new)."""
    email = normalise_email(owner_email)
    with transaction.atomic():
        owner = User.objects.filter(email__iexact=email).first()
        is_new = owner is None
        if owner is None:
            owner = User.objects.create_user(email, None, full_name=owner_name.strip())
            audit_log(actor=None, practice=None, action="create", obj=owner, detail="owner")
        practice = practice_create(name=name.strip(), owner=owner)
    return practice, owner, is_new


def password_setup_link(user: User) -> str:
    """A one-time link where `user` chooses a password (the password reset page: the token
    stops working once the password changes, and after PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def membership_add(*, user: User, practice: Practice, role: str, actor: User | None) -> Membership:
    """Add `user` to `practice` (or reactivate their old membership there). Their
    memberships in other practices are untouched."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, practice=practice, defaults={"role": role}
        )
        if not created:
            membership.role = role
            membership.is_active = True
            membership.deactivated_at = None
            membership.save(update_fields=["role", "is_active", "deactivated_at"])
        audit_log(
            actor=actor,
            practice=practice,
            action="create" if created else "update",
            obj=membership,
            detail=f"membership added as {role}" if created else f"membership renewed as {role}",
        )
    return membership


def practice_update(*, practice: Practice, actor: User, **fields: Any) -> Practice:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(practice, name, value)
        practice.full_clean()
        practice.save()
        audit_log(
            actor=actor,
            practice=practice,
            action="update",
            obj=practice,
            detail="fields: " + ",".join(sorted(fields)),
        )
    return practice


def invitation_create(
    *, practice: Practice, invited_by: User, email: str, role: str = Membership.Role.PRACTITIONER
) -> tuple[Invitation, str]:
    """Invite a colleague; the e-mail with the link goes out once the invitation is saved."""
    email = normalise_email(email)
    if Membership.objects.filter(practice=practice, user__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already a member of the practice."})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            practice=practice,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_log(actor=invited_by, practice=practice, action="create", obj=invitation)
        link = settings.SITE_URL + reverse("invitation_accept", args=[token])
        body = render_to_string(
            "accounts/invitation_email.txt",
            {"practice": practice, "invited_by": invited_by, "link": link, "days": INVITATION_DAYS},
        )
        email_queue(
            message=EmailMessage(f"Join {practice.name} on CareLoop", body, None, [email]),
            kind=OutgoingEmail.Kind.INVITATION,
            practice=practice,
        )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("practice").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def invitation_account(invitation: Invitation) -> User | None:
    """The account that already has the invitation's address, if any."""
    return User.objects.filter(email__iexact=invitation.email).first()


def _invitation_use(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError("This invitation has already been used or has expired.")
    return invitation


def invitation_accept_new_account(
    *, invitation: Invitation, full_name: str, password: str, credentials: str = ""
) -> User:
    """Create the invitee's account and membership. Refused when the address already has
    an account: that account joins only by signing in (invitation_accept_existing_account).
    Nobody is signed in here; the new member signs in with the password they chose."""
    with transaction.atomic():
        invitation = _invitation_use(invitation)
        if invitation_account(invitation) is not None:
            raise ValidationError(
                "This address already has a CareLoop account: sign in to it to accept."
            )
        user = User.objects.create_user(
            invitation.email, password, full_name=full_name, credentials=credentials
        )
        _invitation_complete(invitation, user)
    return user


def invitation_accept_existing_account(*, invitation: Invitation, user: User) -> Membership:
    """`user` (signed in with their own password, and every other factor) joins the
    practice; their other memberships stay as they are."""
    with transaction.atomic():
        invitation = _invitation_use(invitation)
        if normalise_email(user.email) != normalise_email(invitation.email):
            raise ValidationError("This invitation is for another e-mail address.")
        membership = _invitation_complete(invitation, user)
    return membership


def _invitation_complete(invitation: Invitation, user: User) -> Membership:
    membership = membership_add(
        user=user, practice=invitation.practice, role=invitation.role, actor=user
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_log(
        actor=user,
        practice=invitation.practice,
        action="update",
        obj=invitation,
        detail="accepted",
    )
    return membership


def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.user_id == actor.pk:
            raise ValidationError("You cannot deactivate your own membership.")
        if (
            membership.is_owner
            and not Membership.objects.filter(
                practice=membership.practice, role=Membership.Role.OWNER, is_active=True
            )
            .exclude(pk=membership.pk)
            .exists()
        ):
            raise ValidationError("A practice needs at least one active owner.")
        membership.is_active = False
        membership.deactivated_at = timezone.now()
        membership.save(update_fields=["is_active", "deactivated_at"])
        audit_log(
            actor=actor,
            practice=membership.practice,
            action="update",
            obj=membership,
            detail="deactivated",
        )
    return membership


def membership_reactivate(*, membership: Membership, actor: User) -> Membership:
    with transaction.atomic():
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["is_active", "deactivated_at"])
        audit_log(
            actor=actor,
            practice=membership.practice,
            action="update",
            obj=membership,
            detail="reactivated",
        )
    return membership
