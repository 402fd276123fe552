"""Writes of the cases app: consent, the practice's setting, sharing, updates, withdrawal.

Every change is audited in the practice's chain with no clinical value in the detail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from careloop.accounts.models import Membership
from careloop.audit.services import audit_log
from careloop.cases.document import CaseDocument, WhatHappenedNext
from careloop.cases.models import CaseSharingConsent, CaseSharingSetting, CaseUpdate, SharedCase
from careloop.cases.selectors import consent_needed
from careloop.network.access import require_member, require_poster
from careloop.network.categories import ensure_default_categories
from careloop.network.models import Category, Member
from careloop.network.services.posts import reply_create, thread_create

CASES_SLUG = "cases"
WITHDRAWN_BODY = "This case was withdrawn. The discussion below is kept."


def case_consent_record(*, client: Any, recorded_by: Any, given_on: dt.date) -> CaseSharingConsent:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "Consent cannot be recorded as given in the future."})
    with transaction.atomic():
        consent = CaseSharingConsent.objects.create(
            practice_id=client.practice_id,
            client=client,
            given_on=given_on,
            recorded_by=recorded_by,
        )
        audit_log(
            actor=recorded_by,
            practice=client.practice_id,
            action="case_consent_given",
            obj=consent,
        )
    return consent


def case_setting_set(
    *, practice: Any, changed_by: Any, consent_required: bool, reason: str = ""
) -> CaseSharingSetting:
    """Only an owner may record that the practice's jurisdiction needs no consent."""
    if not Membership.objects.filter(
        user=changed_by, practice=practice, role=Membership.Role.OWNER, is_active=True
    ).exists():
        raise PermissionDenied("Only an owner of the practice can change this.")
    reason = reason.strip()
    if not consent_required and not reason:
        raise ValidationError({"reason": "Say which rule of your jurisdiction allows it."})
    with transaction.atomic():
        setting, _ = CaseSharingSetting.objects.update_or_create(
            practice=practice,
            defaults={
                "consent_required": consent_required,
                "reason": reason,
                "changed_by": changed_by,
                "changed_at": timezone.now(),
            },
        )
        audit_log(
            actor=changed_by,
            practice=practice,
            action="case_consent_setting",
            obj=setting,
            detail="consent required" if consent_required else "consent not required",
        )
    return setting


def _cases_category() -> Category:
    found = Category.objects.filter(slug=CASES_SLUG).first()
    if found is None:
        ensure_default_categories()
        found = Category.objects.get(slug=CASES_SLUG)
    return found


def case_share(
    *, episode: Any, user: Any, case: CaseDocument, title: str, question: str
) -> SharedCase:
    """Post the confirmed case as a thread in the Cases category."""
    if consent_needed(episode.client):
        raise ValidationError(
            {"consent": "Record the client's consent to de-identified case sharing first."}
        )
    member = require_member(user)
    require_poster(member)
    body = question.strip() or "What would you have done?"
    with transaction.atomic():
        thread = thread_create(
            member=member, category=_cases_category(), title=title, body=body, tags=["case"]
        )
        shared = SharedCase.objects.create(
            practice_id=episode.practice_id,
            episode=episode,
            thread=thread,
            author=member,
            document=case.model_dump(mode="json"),
        )
        audit_log(actor=user, practice=episode.practice_id, action="case_shared", obj=shared)
    return shared


def case_update_post(
    *, shared_case: SharedCase, user: Any, what_happened_next: WhatHappenedNext, text: str
) -> CaseUpdate:
    member = require_member(user)
    if shared_case.author_id != member.pk or shared_case.is_withdrawn:
        raise PermissionDenied("Only the author of a case can post its updates.")
    body = text.strip() or "What happened next: see the update above."
    with transaction.atomic():
        post = reply_create(member=member, thread=shared_case.thread, body=body)
        update = CaseUpdate.objects.create(
            shared_case=shared_case,
            post=post,
            document=what_happened_next.model_dump(mode="json"),
        )
        audit_log(
            actor=user, practice=shared_case.practice_id, action="case_updated", obj=shared_case
        )
    return update


def case_withdraw(*, shared_case: SharedCase, member: Member) -> SharedCase:
    """The author or a moderator withdraws a case: its content goes (the document, the
    updates' documents, the opening post's text); the thread and its replies stay."""
    if shared_case.author_id != member.pk and not member.is_moderator:
        raise PermissionDenied("Only the author or a moderator can withdraw a case.")
    if shared_case.is_withdrawn:
        return shared_case
    with transaction.atomic():
        shared_case.document = {}
        shared_case.status = SharedCase.Status.WITHDRAWN
        shared_case.withdrawn_at = timezone.now()
        shared_case.withdrawn_by = member
        shared_case.save()
        shared_case.updates.update(document={})
        # The opening post is the author's question about the case: it goes with the case,
        # earlier versions too. Written directly, as a moderator may withdraw a case in a
        # locked thread, or of a suspended author, where an edit would be refused.
        opening = shared_case.thread.posts.get(number=1)
        opening.body = WITHDRAWN_BODY
        opening.html = f"<p>{escape(WITHDRAWN_BODY)}</p>"
        opening.save(update_fields=["body", "html"])
        opening.revisions.all().delete()
        audit_log(
            actor=member.user,
            practice=shared_case.practice_id,
            action="case_withdrawn",
            obj=shared_case,
            detail="by a moderator" if shared_case.author_id != member.pk else "by the author",
        )
    return shared_case
