from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only audit event, chained to the previous one by a SHA-256 hash.

    Holds who, which practice, which object and what was done: never clinical values.
    A database trigger refuses UPDATE and DELETE (see audit/triggers.py).
    """

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        VIEW = "view"
        DELETE = "delete"
        EXPORT = "export"
        SEND = "send"
        LOGIN = "login"
        LOGOUT = "logout"
        LOGIN_FAILED = "login_failed"

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(
        max_length=200, blank=True, help_text="Non-clinical context, e.g. the field names changed."
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["practice", "object_type", "object_id"]),
            models.Index(fields=["practice", "-at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
