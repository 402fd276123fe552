"""`careloop audit seal`: record each chain's verified head outside the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage

from careloop.accounts.models import Membership, Practice
from careloop.audit.chain import utc_iso
from careloop.audit.sealfile import ChainHead, head_mac, seal_latest, seal_write
from careloop.audit.verify import VerifyResult, audit_verify
from careloop.outbox.models import OutgoingEmail
from careloop.outbox.services import email_queue


@dataclass(frozen=True)
class SealOutcome:
    verify: VerifyResult
    path: Path | None = None
    emails_sent: int = 0


def audit_seal(*, email_owners: bool = False) -> SealOutcome:
    """Verify every chain against the previous seal, then seal the verified heads.

    A broken trail is not sealed: sealing it would bless the tampering. Raises SealError
    when the previous seal itself is unreadable or forged."""
    directory = Path(settings.AUDIT_SEAL_DIR)
    key = settings.AUDIT_KEY
    result = audit_verify(seal=seal_latest(directory=directory, key=key))
    if not result.ok:
        return SealOutcome(verify=result)
    sealed_at = datetime.now(UTC)
    heads = sorted(result.heads.values(), key=lambda h: (h.practice_id is not None, h.chain))
    path = seal_write(directory=directory, key=key, sealed_at=sealed_at, heads=heads)
    sent = _email_owners(heads, utc_iso(sealed_at), key) if email_owners else 0
    return SealOutcome(verify=result, path=path, emails_sent=sent)


def _email_owners(heads: list[ChainHead], stamp: str, key: str) -> int:
    """Send each practice's active owners their own chain's head: a copy of the seal that
    lives in their mailboxes, out of reach of whoever can reach the server. Each practice
    sees only its own line (no other practice's ids or counts)."""
    practices = Practice.objects.in_bulk([h.practice_id for h in heads if h.practice_id])
    sent = 0
    for head in heads:
        practice = practices.get(head.practice_id) if head.practice_id else None
        if practice is None:
            continue
        owners = Membership.objects.filter(
            practice=practice, role=Membership.Role.OWNER, is_active=True, user__is_active=True
        ).values_list("user__email", flat=True)
        if not owners:
            continue
        body = (
            f"CareLoop sealed the audit trail of {practice.name} ({stamp}).\n\n"
            "Keep this e-mail: if the audit trail is ever questioned, it shows how far the\n"
            "trail reached at this time. It contains no client information.\n\n"
            f"chain: {head.chain}\nevent: #{head.chain_seq}\nevent MAC: {head.hash}\n"
            f"event time: {head.at}\nsealed at: {stamp}\n"
            f"seal MAC: {head_mac(key, stamp, head)}\n"
        )
        subject = f"CareLoop audit seal: {practice.name}, event #{head.chain_seq}"
        email_queue(
            message=EmailMessage(subject, body, None, sorted(owners)),
            kind=OutgoingEmail.Kind.AUDIT_SEAL,
            practice=practice,
        )
        sent += 1
    return sent
