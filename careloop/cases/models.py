"""Consent to share, a practice's jurisdiction setting, and the cases shared to the network.

A shared case belongs to the practice whose episode it came from (TenantModel): the link
to the episode is practice data. Members of the network read only the case document (no
name, date or place) through the thread it heads; only the practice's own members see
which episode it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from careloop.accounts.models import Practice, TenantModel
from careloop.clients.models import Client
from careloop.episodes.models import Episode
from careloop.network.models import Member, Post, Thread


class CaseSharingConsent(TenantModel):
    """The client's consent to their episode being shared as a de-identified case."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Case sharing consent given {self.given_on}"


class CaseSharingSetting(models.Model):
    """Consent is required unless the practice records that its jurisdiction does not
    require it for de-identified cases (audited, with the reason)."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="+")
    consent_required = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "consent required" if self.consent_required else "consent not required"


class SharedCase(TenantModel):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    thread = models.OneToOneField(Thread, on_delete=models.PROTECT, related_name="shared_case")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(help_text="The case document as the author confirmed it")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Shared case {self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


class CaseUpdate(models.Model):
    """A "what happened next" post: the episode's later course, de-identified again."""

    shared_case = models.ForeignKey(SharedCase, on_delete=models.CASCADE, related_name="updates")
    post = models.OneToOneField(Post, on_delete=models.PROTECT, related_name="case_update")
    document = models.JSONField(help_text="what_happened_next at the time of the update")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Update of shared case {self.shared_case_id}"
