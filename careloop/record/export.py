"""``careloop episode export``: one stored episode's document as JSON, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from careloop.accounts.models import Membership
from careloop.audit.services import audit_log
from careloop.episodes.models import Episode
from careloop.record.build import episode_document


def episode_export(*, episode_id: int, author_email: str = "") -> str:
    """The episode document as JSON text (``careloop episode export``), audited as an export.

    The author is the member named by ``author_email``, else whoever opened the episode."""
    episode = Episode.objects.select_related("client__practice", "opened_by").get(pk=episode_id)
    author = episode.opened_by
    if author_email:
        membership = (
            Membership.objects.select_related("user")
            .filter(
                practice_id=episode.practice_id, user__email__iexact=author_email, is_active=True
            )
            .first()
        )
        if membership is None:
            raise ValidationError({"author": f"{author_email} is not a member of the practice."})
        author = membership.user
    document = episode_document(episode, author=author)
    with transaction.atomic():
        audit_log(
            actor=author,
            practice=episode.practice_id,
            action="export",
            obj=episode,
            detail="episode document",
        )
    return document.model_dump_json(indent=2) + "\n"
