from __future__ import annotations

from django.conf import settings
from django.db import models

# The actions that change a practice's records (not views, sign-ins or exports): the
# newest of them is the practice's change mark (careloop/core/pageparts.py).
CHANGE_ACTIONS = ("create", "update", "delete", "send")


class AuditEvent(models.Model):
    """One append-only audit event, chained to the previous event of its practice's chain.

    Each practice has its own chain (events with no practice form the "system" chain):
    chain_seq counts 1, 2, 3... within the chain, prev_hash is the previous event's MAC and
    hash is this event's HMAC-SHA256 under AUDIT_KEY (see audit/chain.py).
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

    # Global insertion order, assigned by the database; the chains do not depend on it.
    seq = models.BigAutoField(primary_key=True)
    chain_seq = models.BigIntegerField()
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
    # An actor that is not a user, as "<kind>:<id>" (a client's check-in link is
    # "checkin.link:12"); empty for users and the system. Nullable without a default so
    # adding it changed no stored row, and every earlier MAC still verifies.
    actor_ref = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(
        max_length=200, blank=True, help_text="Non-clinical context, e.g. the field names changed."
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True, help_text="HMAC-SHA256 under AUDIT_KEY")

    class Meta:
        ordering = ["seq"]
        constraints = [
            # Also the index that finds a chain's head quickly.
            models.UniqueConstraint(fields=["practice", "chain_seq"], name="audit_chain_seq"),
            models.UniqueConstraint(
                fields=["chain_seq"],
                condition=models.Q(practice__isnull=True),
                name="audit_system_chain_seq",
            ),
        ]
        indexes = [
            models.Index(fields=["practice", "object_type", "object_id"]),
            models.Index(fields=["practice", "-at"]),
            # The practice's newest change without reading past its views.
            models.Index(
                fields=["practice", "chain_seq"],
                condition=models.Q(action__in=CHANGE_ACTIONS),
                name="audit_change_head",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.chain_seq} {self.action} {self.object_type}:{self.object_id}"
