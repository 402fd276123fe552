"""Verifying the audit trail: every chain's links and MACs, then its head against the seal."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F

from careloop.audit.chain import GENESIS_HASH, chain_name, event_mac, macs_equal, utc_iso
from careloop.audit.models import AuditEvent
from careloop.audit.sealfile import ChainHead, Seal


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    chain_seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event #{self.chain_seq}" if self.chain_seq is not None else "missing tail"
        return f"chain {self.chain}: {where}: {self.reason}"


@dataclass
class VerifyResult:
    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    # The last verified event of each chain that verified (what a new seal records).
    heads: dict[int | None, ChainHead] = field(default_factory=dict)
    seal: Seal | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class _ChainWalk:
    """The state of one chain while its events go by in chain_seq order."""

    def __init__(self, practice_id: int | None, sealed: ChainHead | None) -> None:
        self.practice_id = practice_id
        self.sealed = sealed
        self.prev_hash = GENESIS_HASH
        self.expected = 1
        self.last: AuditEvent | None = None
        self.problem: ChainProblem | None = None

    def _fail(self, chain_seq: int | None, reason: str) -> None:
        self.problem = ChainProblem(chain_name(self.practice_id), chain_seq, reason)

    def step(self, event: AuditEvent, key: str) -> bool:
        if self.problem is not None:
            return False  # everything after the first break is suspect anyway
        if event.chain_seq != self.expected:
            what = "deleted or inserted" if event.chain_seq > self.expected else "repeated"
            self._fail(
                event.chain_seq,
                f"expected event #{self.expected} next (events {what} before it)",
            )
            return False
        if event.prev_hash != self.prev_hash:
            self._fail(event.chain_seq, "does not link to the previous event")
            return False
        mac = event_mac(
            key=key,
            prev_hash=event.prev_hash,
            chain_seq=event.chain_seq,
            at=event.at,
            practice_id=event.practice_id,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            request_id=event.request_id,
            detail=event.detail,
            actor_ref=event.actor_ref,
        )
        if not macs_equal(mac, event.hash):
            self._fail(event.chain_seq, "contents do not match its MAC (edited or forged)")
            return False
        sealed = self.sealed
        if (
            sealed
            and event.chain_seq == sealed.chain_seq
            and not macs_equal(event.hash, sealed.hash)
        ):
            self._fail(event.chain_seq, "differs from the sealed head (chain rewritten)")
            return False
        self.prev_hash = event.hash
        self.expected += 1
        self.last = event
        return True

    def finish(self) -> None:
        if self.problem is None and self.sealed is not None:
            ends = self.last.chain_seq if self.last else 0
            if ends < self.sealed.chain_seq:
                self._fail(
                    None,
                    f"sealed at event #{self.sealed.chain_seq} ({self.sealed.at}), "
                    f"the database ends at #{ends}: events were deleted",
                )

    def head(self) -> ChainHead | None:
        if self.problem is not None or self.last is None:
            return None
        last = self.last
        return ChainHead(self.practice_id, last.chain_seq, last.hash, utc_iso(last.at))


def audit_verify(*, seal: Seal | None = None) -> VerifyResult:
    """Walk every chain in order and report, per chain, the first event whose MAC or link
    is wrong; with a seal, also every chain that no longer reaches its sealed head."""
    key = settings.AUDIT_KEY
    sealed = seal.heads if seal else {}
    result = VerifyResult(seal=seal)
    walks: dict[int | None, _ChainWalk] = {}
    events = AuditEvent.objects.order_by(F("practice_id").asc(nulls_first=True), "chain_seq")
    for event in events.iterator(chunk_size=2000):
        walk = walks.get(event.practice_id)
        if walk is None:
            walk = walks[event.practice_id] = _ChainWalk(
                event.practice_id, sealed.get(event.practice_id)
            )
        if walk.step(event, key):
            result.checked += 1
    for practice_id, sealed_head in sealed.items():
        if practice_id not in walks:  # every event of a sealed chain is gone
            walks[practice_id] = _ChainWalk(practice_id, sealed_head)
    for walk in walks.values():
        walk.finish()
        if walk.problem is not None:
            result.problems.append(walk.problem)
        elif (verified := walk.head()) is not None:
            result.heads[walk.practice_id] = verified
    return result
