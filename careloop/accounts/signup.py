"""Self-service sign-up of a new practice (only when SIGNUP_OPEN): an e-mailed link
verifies the address before anything is created or anyone can sign in.

A new address chooses its password on the verification page and then signs in. An address
that already has an account gets the practice only while signed in to that account, just
like an invitation: the sign-up form never touches an existing account.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careloop.accounts.models import Membership, PracticeSignup, User, normalise_email
from careloop.accounts.services import hash_token, practice_create
from careloop.audit.services import audit_log
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue


def signup_request(*, practice_name: str, owner_name: str, email: str) -> PracticeSignup:
    """Store the request and e-mail its link. The answer to the person is the same whether
    or not the address has an account (the e-mail itself says which way it goes on)."""
    email = normalise_email(email)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        signup = PracticeSignup.objects.create(
            practice_name=practice_name.strip(),
            owner_name=owner_name.strip(),
            email=email,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(hours=settings.SIGNUP_LINK_HOURS),
        )
        body = render_to_string(
            "accounts/signup_email.txt",
            {
                "signup": signup,
                "has_account": User.objects.filter(email__iexact=email).exists(),
                "link": settings.SITE_URL + reverse("signup_verify", args=[token]),
                "hours": settings.SIGNUP_LINK_HOURS,
            },
        )
        email_queue(
            message=EmailMessage(
                "Confirm your e-mail to start your practice on CareLoop", body, None, [email]
            ),
            kind=OutgoingEmail.Kind.SIGNUP,
        )
    return signup


def signup_for_token(token: str) -> PracticeSignup | None:
    signup = PracticeSignup.objects.filter(token_hash=hash_token(token)).first()
    if signup is None or not signup.is_usable:
        return None
    return signup


def signup_account(signup: PracticeSignup) -> User | None:
    return User.objects.filter(email__iexact=signup.email).first()


def _signup_use(signup: PracticeSignup) -> PracticeSignup:
    signup = PracticeSignup.objects.select_for_update().get(pk=signup.pk)
    if not signup.is_usable:
        raise ValidationError("This link has already been used or has expired.")
    return signup


def signup_complete_new_account(*, signup: PracticeSignup, password: str) -> User:
    """The address is verified (the link reached it): create the owner's account with the
    password they chose, and the practice. Nobody is signed in here."""
    with transaction.atomic():
        signup = _signup_use(signup)
        if signup_account(signup) is not None:
            raise ValidationError("This address already has a CareLoop account: sign in to it.")
        owner = User.objects.create_user(signup.email, password, full_name=signup.owner_name)
        audit_log(actor=owner, practice=None, action="create", obj=owner, detail="sign-up")
        _signup_finish(signup, owner)
    return owner


def signup_complete_existing_account(*, signup: PracticeSignup, user: User) -> Membership:
    """`user`, signed in with every factor, starts the practice they asked for."""
    with transaction.atomic():
        signup = _signup_use(signup)
        if normalise_email(user.email) != signup.email:
            raise ValidationError("This link is for another e-mail address.")
        return _signup_finish(signup, user)


def _signup_finish(signup: PracticeSignup, owner: User) -> Membership:
    practice = practice_create(name=signup.practice_name, owner=owner, actor=owner)
    signup.completed_at = timezone.now()
    signup.practice = practice
    signup.save(update_fields=["completed_at", "practice"])
    return Membership.objects.get(user=owner, practice=practice)
