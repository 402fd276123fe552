"""What check-in messages say: to the client (in their language) and to the practitioner.

A message to the client carries the practice's name, the client's first name and the link,
nothing of the record. A message to the practitioner carries the client's initials and a
link to the signed-in page, never clinical detail (mail shows on lock screens).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from careloop.checkin.models import CheckinLink
from careloop.episodes.models import TriageRecord
from careloop.episodes.services.reminders import initials


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("checkin_page", args=[token])


def _context(link: CheckinLink, token: str, emergency_number: str) -> dict[str, object]:
    practice = link.practice
    return {
        "first_name": link.client.first_name,
        "practice_name": practice.name,
        "practice_phone": practice.phone,
        "url": link_url(token),
        "emergency_number": emergency_number,
        "morning_after": link.kind == CheckinLink.Kind.MORNING_AFTER,
        "standing": link.kind == CheckinLink.Kind.STANDING,
    }


def client_email(
    link: CheckinLink, token: str, *, emergency_number: str, reminder: bool = False
) -> EmailMessage:
    with translation.override(link.client.language):
        context = _context(link, token, emergency_number) | {"reminder": reminder}
        body = render_to_string("checkin/client_email.txt", context)
        if reminder:
            subject = _("Reminder: %(practice)s would like to know how you are") % {
                "practice": link.practice.name
            }
        else:
            subject = _("%(practice)s: how are you feeling?") % {"practice": link.practice.name}
    return EmailMessage(subject, body, None, [link.client.email])


def client_text(
    link: CheckinLink, token: str, *, emergency_number: str, reminder: bool = False
) -> str:
    with translation.override(link.client.language):
        context = _context(link, token, emergency_number) | {"reminder": reminder}
        return render_to_string("checkin/client_sms.txt", context).strip()


def practitioner_alert(record: TriageRecord, recipients: list[str]) -> EmailMessage:
    client = record.pain_report.client
    urgent = record.action == "emergency"
    subject = (
        "CareLoop: URGENT client check-in, decide now"
        if urgent
        else "CareLoop: a client check-in needs your decision today"
    )
    body = render_to_string(
        "checkin/practitioner_alert.txt",
        {
            "initials": initials(client.first_name, client.last_name),
            "urgent": urgent,
            "care": record.action_label.removeprefix("Emergency: "),
            "link": settings.SITE_URL
            + reverse("recommendation", kwargs={"triage_record_id": record.pk}),
        },
    )
    return EmailMessage(subject, body, None, recipients)
