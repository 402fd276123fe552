"""The task that sends one e-mail. It carries only the row's id: the row holds the message
and its state, so a retried or duplicated task can never send twice (services.email_deliver)."""

from __future__ import annotations

from django_tasks import task

from careloop.outbox.services import email_deliver


@task()
def deliver_email(email_id: int) -> str:
    return email_deliver(email_id=email_id)
