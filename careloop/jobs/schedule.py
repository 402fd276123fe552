"""The jobs the worker runs on a schedule, instead of cron or a person.

Each job has an interval. Any number of workers may run ``schedule_tick``: a worker takes
a due run with one UPDATE that moves ``next_run_at`` forward only if it is still due, so
exactly one worker runs it (the database decides, on SQLite and PostgreSQL alike). A job
that fails is logged and tried again at its next interval; the jobs themselves are safe to
repeat (each says why in its own module). Backups are not here: they need the database
owner's role, so deploy/ runs them from a systemd timer (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from careloop.jobs.models import ScheduledJob

log = logging.getLogger(__name__)


def _outbox_sweep() -> str:
    from careloop.outbox.services import outbox_sweep  # noqa: PLC0415 - apps load first

    return ", ".join(f"{k} {v}" for k, v in outbox_sweep().items())


def _reminders() -> str:
    from careloop.episodes.services.reminders import reminders_send  # noqa: PLC0415

    run = reminders_send()
    return f"{run.due} due, {run.emails} e-mails queued"


def _checkin_send_due() -> str:
    from careloop.checkin.schedule import checkin_send_due  # noqa: PLC0415

    return str(checkin_send_due())[:300]


def _network_digest() -> str:
    from careloop.network.notify import digest_send  # noqa: PLC0415

    return f"{digest_send()} digests queued"


def _audit_seal(*, email_owners: bool = False) -> str:
    from careloop.audit.seal import audit_seal  # noqa: PLC0415

    outcome = audit_seal(email_owners=email_owners)
    if not outcome.verify.ok:
        log.error("audit seal: the trail does not verify; not sealed (careloop audit verify)")
        return "not sealed: the trail does not verify"
    return f"sealed {outcome.path}, {outcome.emails_sent} e-mails queued"


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], str]
    every: dt.timedelta


def jobs() -> list[Job]:
    """The schedule; intervals from settings.JOB_INTERVALS (seconds) so a test or an
    operator can change them without code."""
    intervals = settings.JOB_INTERVALS
    table: list[tuple[str, Callable[[], str]]] = [
        ("outbox-sweep", _outbox_sweep),
        ("reminders", _reminders),
        ("checkin-send-due", _checkin_send_due),
        ("network-digest", _network_digest),
        ("audit-seal", _audit_seal),
        ("audit-seal-email", lambda: _audit_seal(email_owners=True)),
    ]
    return [
        Job(name, run, dt.timedelta(seconds=int(intervals[name])))
        for name, run in table
        if int(intervals.get(name, 0)) > 0
    ]


def _take(job: Job, now: dt.datetime) -> bool:
    ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    return bool(
        ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_started_at=now
        )
    )


def schedule_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Run every job that is due (and that no other worker took). Returns their names."""
    ran = []
    for job in jobs():
        now_ = now or timezone.now()
        if not _take(job, now_):
            continue
        try:
            result = job.run()
        except Exception as exc:  # one failing job must not stop the worker or the others
            log.exception("scheduled job %s failed", job.name)
            result = f"failed: {type(exc).__name__}"
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_result=result[:300]
        )
        ran.append(job.name)
    return ran
