"""The owner's view of what CareLoop e-mailed for the practice: failures first, each with
its reason and a button to send it again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careloop.accounts.access import require_owner
from careloop.accounts.decorators import practice_view
from careloop.audit.services import audit_log
from careloop.outbox import selectors
from careloop.outbox.access import email_for_owner
from careloop.outbox.services import email_retry


@practice_view
def outbox_list(request: HttpRequest) -> HttpResponse:
    owner = require_owner(request.user)
    failed = list(selectors.failed_emails(owner.practice_id))
    recent = selectors.recent_emails(owner.practice_id)
    # The list names recipients (clients' addresses among them).
    audit_log(
        actor=request.user,
        practice=owner.practice_id,
        action="view",
        object_type="outbox.outgoingemail",
        detail=f"e-mail list ({len(failed)} failed)",
    )
    return render(request, "outbox/list.html", {"failed": failed, "recent": recent})


@practice_view
@require_POST
def outbox_retry(request: HttpRequest, email_id: int) -> HttpResponse:
    email = email_for_owner(request.user, email_id)
    try:
        email_retry(email=email, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Queued again: {email.subject or email.get_kind_display()}.")
    return redirect("outbox_list")
