"""When each scheduled job last ran, shared by every worker (jobs/schedule.py)."""

from __future__ import annotations

from django.db import models


class ScheduledJob(models.Model):
    name = models.CharField(max_length=50, primary_key=True)
    # A worker takes a run by moving this forward in one UPDATE (whoever moves it runs it).
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name
