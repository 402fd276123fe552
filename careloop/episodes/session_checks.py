"""What the episodes app asks of a session being corrected or voided: a pain report whose
triage measured from the session must stay valid. Registered with training's corrections
at start-up (apps.py), so training needs no import of episodes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from careloop.episodes.models import PainReport
from careloop.training.models import Session


def linked_reports_check(session: Session, ended_at: dt.datetime | None) -> None:
    """Refuse a void while a pain report that counts follows the session, and a correction
    that would end the session after such a report was given."""
    reports = PainReport.objects.filter(session=session, voided_at__isnull=True)
    if ended_at is None:
        if reports.exists():
            raise ValidationError(
                "A pain report follows this session: correct or void that report first "
                "(its triage measured from this session)."
            )
        return
    early = reports.filter(reported_at__lt=ended_at).order_by("reported_at").first()
    if early is not None:
        at = timezone.localtime(early.reported_at)
        raise ValidationError(
            {
                "started_at": f"A pain report linked to this session was given at "
                f"{at:%H:%M on %-d %b}, before this session would end. Check the time."
            }
        )
