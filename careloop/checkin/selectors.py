"""Reads for check-ins: what the client is told, the links on a client's page, the
dashboard's check-in items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from careloop.accounts.models import Practice
from careloop.checkin.models import CheckinLink, CheckinSubmission, open_call_tasks
from careloop.checkin.services import ALERT_ACTIONS, checkin_settings_for
from careloop.clients.models import Client, Referral, ReferralSource
from careloop.episodes.models import TriageRecord

# The screens the client can be shown after answering (never a diagnosis).
EMERGENCY = "emergency"
EMERGENCY_DEPARTMENT = "emergency_department"
SEE_A_DOCTOR = "see_a_doctor"
HOLD = "hold"
MODIFY = "modify"
CONTINUE = "continue"


@dataclass(frozen=True)
class Outcome:
    screen: str
    practice_name: str
    practice_phone: str
    emergency_number: str
    source: ReferralSource | None


def _screen(record: TriageRecord) -> str:
    if record.action == "emergency":
        return {
            "call_emergency_services": EMERGENCY,
            "emergency_department": EMERGENCY_DEPARTMENT,
        }.get(record.care_setting, SEE_A_DOCTOR)
    return {"hold_and_contact": HOLD, "modify": MODIFY}.get(record.action, CONTINUE)


def referral_source(client: Client) -> ReferralSource | None:
    referral = (
        Referral.objects.filter(client=client)
        .select_related("source")
        .order_by("-referral_date", "-pk")
        .first()
    )
    return referral.source if referral else None


def referral_region(client: Client) -> str:
    referral = Referral.objects.filter(client=client).order_by("-referral_date", "-pk").first()
    if referral is None:
        return ""
    return referral.region or referral.surgery_region


def outcome_for(submission: CheckinSubmission) -> Outcome:
    record = TriageRecord.objects.get(pain_report_id=submission.report_id)
    link = submission.link
    practice = link.practice
    return Outcome(
        screen=_screen(record),
        practice_name=practice.name,
        practice_phone=practice.phone,
        emergency_number=checkin_settings_for(practice.pk).emergency_number,
        source=referral_source(link.client),
    )


def client_links(client: Client) -> QuerySet[CheckinLink]:
    return CheckinLink.objects.filter(client=client).order_by("-created_at", "-pk")[:10]


@dataclass(frozen=True)
class DashboardCheckins:
    needs_decision: list[TriageRecord]
    calls: list[CheckinLink]


def dashboard_checkins(practice: Practice) -> DashboardCheckins:
    """Check-ins that triaged to emergency or hold and wait for a decision, newest first,
    and unanswered check-ins to follow up by phone. Two queries, whatever the numbers;
    nothing here depends on the time (a link's call falls due when the reminder job sets
    call_due_at)."""
    needs_decision = list(
        TriageRecord.objects.filter(
            practice=practice,
            action__in=ALERT_ACTIONS,
            decision__isnull=True,
            pain_report__source="check_in_link",
            pain_report__voided_at__isnull=True,
        )
        .select_related("pain_report__client")
        .order_by("-created_at", "-pk")[:20]
    )
    calls = list(
        CheckinLink.objects.filter(open_call_tasks(), practice=practice)
        .select_related("client")
        .order_by("call_due_at", "pk")[:50]
    )
    return DashboardCheckins(needs_decision=needs_decision, calls=calls)


def link_status(link: CheckinLink, now: dt.datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    if link.one_time and link.answered_at is not None:
        return "answered"
    if link.expires_at is not None and now >= link.expires_at:
        return "expired"
    return "active"


def links_with_status(client: Client, now: dt.datetime) -> list[dict[str, Any]]:
    return [{"link": link, "status": link_status(link, now)} for link in client_links(client)]
