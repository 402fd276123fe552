"""The letters' background task: render a delivery's PDF and queue its e-mail."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_letter(delivery_id: int) -> str:
    # Imported here: the services import this module to enqueue the task.
    from careloop.letters.services.delivery import deliver  # noqa: PLC0415

    return str(deliver(delivery_id).status)
