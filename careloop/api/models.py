"""API tokens: one practice each, created and revoked by the practice's owners.

Only the SHA-256 of a token is stored (a copy of the database lets nobody call the API);
the first characters are kept in clear so owners can tell their tokens apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from careloop.accounts.models import TenantModel

USER = settings.AUTH_USER_MODEL


class ApiToken(TenantModel):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    name = models.CharField(max_length=100, help_text="What uses it, e.g. Booking system.")
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # The owner who made it answers for it: what the token records is recorded under their
    # name, while the audit trail names the token itself as the actor.
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The rate limit's fixed window: when it started and how many calls it has seen.
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["practice", "-created_at"])]

    def __str__(self) -> str:
        return f"API token {self.prefix}… ({self.name})"

    @property
    def audit_actor_ref(self) -> str:
        return f"api.token:{self.pk}"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class BulkExport(TenantModel):
    """One asynchronous FHIR bulk export ($export) asked for with a token: the worker writes
    its NDJSON files under settings.FHIR_EXPORT_DIR/<pk>/, the status URL reports them."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETE = "complete", "Complete"
        FAILED = "failed", "Failed"

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="exports")
    since = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Resource type -> number of resources written (never what they hold).
    counts = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"FHIR bulk export {self.pk} ({self.status})"
