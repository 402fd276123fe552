"""`careloop worker`: django-tasks-db's worker, plus the schedule between batches.

The loop: run the due scheduled jobs (jobs/schedule.py), then every ready task until none
is left (django-tasks-db's Worker in batch mode), then sleep ``interval`` seconds. SIGTERM
or Ctrl-C finishes the task in hand and stops (a second one stops at once); kill -9 is
survived by design (docs/tasks.md, "Idempotency").
"""

from __future__ import annotations

import logging
import time

from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from careloop.jobs.schedule import schedule_tick

log = logging.getLogger(__name__)


def worker_run(*, interval: float = 1.0, once: bool = False) -> None:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    log.info("worker %s started", worker.worker_id)
    while worker.running:
        close_old_connections()
        # While a job runs, a first SIGTERM waits for it like for a task.
        worker.running_task = True
        try:
            schedule_tick()
        finally:
            worker.running_task = False
        if not worker.running:
            break
        worker.run()  # every ready task, then back here
        if once:
            break
        close_old_connections()
        time.sleep(interval)
