"""FHIR R4 resources for what was decided and done about an episode: the hold (Flag), its
follow-ups (Task), the communication log and final letters (Communication,
DocumentReference) and the decision (Provenance). Plain dicts from plain values, like
:mod:`careloop.fhir.resources`.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import Any

from careloop.fhir import codes
from careloop.fhir.resources import FOLLOW_UP_STATUS, Resource, _drop_empty, instant, ref
from careloop.triage.codes import ACTION_LABELS


def hold_flag(
    *,
    id: str,
    patient: str,
    since: dt.datetime,
    reason: str = "",
    lifted_at: dt.datetime | None = None,
    cleared_by: str = "",
    author: str | None = None,
) -> Resource:
    """A program on hold: active until a clearance lifts it. Says what the hold is and the
    practitioner's reason; never a finding."""
    text = "Exercise program on hold: awaiting clearance from the referral source"
    if reason:
        text += f". Reason: {reason}"
    if lifted_at and cleared_by:
        text += f". Cleared by {cleared_by}"
    return _drop_empty(
        {
            "resourceType": "Flag",
            "id": id,
            "status": "inactive" if lifted_at else "active",
            "category": codes.category(codes.FLAG_CATEGORY, "clinical", "Clinical"),
            "code": {"text": text[:1000]},
            "subject": ref(patient),
            "period": _drop_empty(
                {"start": instant(since), "end": instant(lifted_at) if lifted_at else None}
            ),
            "author": ref(author),
        }
    )


def follow_up_task(
    *,
    id: str,
    patient: str,
    kind: str,
    label: str,
    status: str,
    due_at: dt.datetime,
    authored_on: dt.datetime | None = None,
    completed_at: dt.datetime | None = None,
    note: str = "",
    focus: str | None = None,
    based_on: str | None = None,
) -> Resource:
    """A follow-up: requested until done (completed), missed (failed) or cancelled."""
    return _drop_empty(
        {
            "resourceType": "Task",
            "id": id,
            "status": FOLLOW_UP_STATUS.get(status, "requested"),
            "intent": "plan",
            "code": {"text": label or kind.replace("_", " ")},
            "description": label,
            "for": ref(patient),
            "focus": ref(focus),
            "basedOn": [ref(based_on)] if based_on else [],
            "authoredOn": instant(authored_on) if authored_on else None,
            "restriction": {"period": {"end": instant(due_at)}},
            "executionPeriod": {"end": instant(completed_at)} if completed_at else None,
            "note": [{"text": note}] if note else [],
        }
    )


def communication(
    *,
    id: str,
    patient: str,
    at: dt.datetime,
    channel: str,
    direction: str,
    party: str,
    by: str,
    summary: str,
    practice_member: str | None = None,
    party_ref: str | None = None,
    document: str | None = None,
    status: str = "completed",
) -> Resource:
    """An entry of the communication log (a call, a message, a letter sent, a reply)."""
    mode = codes.CHANNEL_MODES.get(channel)
    ours = ref(practice_member, by)
    theirs = ref(party_ref, party)
    sender, recipient = (ours, theirs) if direction == "outgoing" else (theirs, ours)
    payload: list[dict[str, Any]] = [{"contentString": summary}]
    if document:
        payload.append({"contentReference": ref(document)})
    return _drop_empty(
        {
            "resourceType": "Communication",
            "id": id,
            "status": status,
            "medium": (
                [
                    {
                        "coding": [
                            {
                                "system": codes.PARTICIPATION_MODE,
                                "code": mode[0],
                                "display": mode[1],
                            }
                        ]
                    }
                ]
                if mode
                else []
            ),
            "subject": ref(patient),
            "sent": instant(at) if direction == "outgoing" else None,
            "received": instant(at) if direction == "incoming" else None,
            "sender": sender,
            "recipient": [recipient] if recipient else [],
            "payload": payload,
        }
    )


def letter_document(
    *,
    id: str,
    patient: str,
    title: str,
    date: dt.datetime,
    author: str | None = None,
    author_name: str = "",
    custodian: str | None = None,
    superseded: bool = False,
    pdf: bytes | None = None,
    url: str = "",
    context: Sequence[str] = (),
) -> Resource:
    """A final letter (LOINC 51852-2): the PDF inline when given, else its URL."""
    attachment: dict[str, Any] = {
        "contentType": "application/pdf",
        "title": title,
        "creation": instant(date),
    }
    if pdf is not None:
        attachment["data"] = base64.b64encode(pdf).decode("ascii")
        attachment["size"] = len(pdf)
    elif url:
        attachment["url"] = url
    return _drop_empty(
        {
            "resourceType": "DocumentReference",
            "id": id,
            "status": "superseded" if superseded else "current",
            "docStatus": "final",
            "type": {"coding": [codes.LETTER_DOCUMENT], "text": title},
            "subject": ref(patient),
            "date": instant(date),
            "author": [ref(author, author_name)] if author or author_name else [],
            "custodian": ref(custodian),
            "description": title,
            "content": [{"attachment": attachment}],
            "context": {"related": [ref(r) for r in context]} if context else None,
        }
    )


def decision_provenance(
    *,
    id: str,
    targets: Sequence[str],
    decided_at: dt.datetime,
    decided_by: str,
    decided_by_ref: str | None,
    recommended_action: str,
    action: str,
    reason: str = "",
    actions_taken: Sequence[str] = (),
    organization: str | None = None,
    source: str | None = None,
) -> Resource:
    """The practitioner's decision on a triage recommendation: who decided what, when, on
    which report, and what it set (the targets). CareLoop's engine recommends; the
    practitioner decides, and a departure carries their reason."""
    departs = action != recommended_action
    label = ACTION_LABELS.get(action, action)  # type: ignore[call-overload]
    recommended = ACTION_LABELS.get(recommended_action, recommended_action)  # type: ignore[call-overload]
    words = f"Decision: {label}"
    words += f" (the recommendation was: {recommended})" if departs else " (as recommended)"

    if actions_taken:
        words += ". Done: " + "; ".join(actions_taken)
    agent: dict[str, Any] = _drop_empty(
        {
            "type": {
                "coding": [
                    {"system": codes.PROVENANCE_PARTICIPANT, "code": "author", "display": "Author"}
                ]
            },
            "who": ref(decided_by_ref, decided_by),
            "onBehalfOf": ref(organization),
        }
    )
    return _drop_empty(
        {
            "resourceType": "Provenance",
            "id": id,
            "target": [ref(t) for t in targets],
            "recorded": instant(decided_at),
            "occurredDateTime": instant(decided_at),
            "activity": {
                "coding": [{"system": codes.CARELOOP_ACTION, "code": action, "display": label}],
                "text": words[:1000],
            },
            "reason": [{"text": reason}] if reason else [],
            "agent": [agent],
            "entity": [{"role": "source", "what": ref(source)}] if source else [],
        }
    )
