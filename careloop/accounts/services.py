"""Writes for practices, people and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.models import Invitation, Membership, Practice, User
from careloop.audit.services import audit_log

INVITATION_DAYS = 7


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def practice_create(*, name: str, owner: User, **fields: Any) -> Practice:
    with transaction.atomic():
        practice = Practice(name=name, **fields)
        practice.full_clean()
        practice.save()
        Membership.objects.create(user=owner, practice=practice, role=Membership.Role.OWNER)
        audit_log(actor=owner, practice=practice, action="create", obj=practice)
    return practice


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
    email = email.strip().lower()
    if Membership.objects.filter(practice=practice, user__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already a member of the practice."})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            practice=practice,
            email=email,
            role=role,
            token_hash=_token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_log(actor=invited_by, practice=practice, action="create", obj=invitation)
        link = settings.SITE_URL + reverse("invitation_accept", args=[token])
        body = render_to_string(
            "accounts/invitation_email.txt",
            {"practice": practice, "invited_by": invited_by, "link": link, "days": INVITATION_DAYS},
        )
        transaction.on_commit(
            lambda: send_mail(
                f"Join {practice.name} on CareLoop", body, None, [email], fail_silently=False
            )
        )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("practice").filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


def invitation_accept(
    *, invitation: Invitation, full_name: str, password: str, credentials: str = ""
) -> User:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError("This invitation has already been used or has expired.")
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                invitation.email, password, full_name=full_name, credentials=credentials
            )
        Membership.objects.update_or_create(
            user=user,
            practice=invitation.practice,
            defaults={"role": invitation.role, "is_active": True, "deactivated_at": None},
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
    return user


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
