"""Seal files: each chain's head (chain_seq, MAC, time) written outside the database.

A seal is a small JSON document, MACed as a whole with AUDIT_KEY and per chain (so one
practice's line can be e-mailed to its owners on its own). `audit verify` checks the
chains against the newest seal: an event deleted or a tail cut off after a seal no longer
reaches the sealed head.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from careloop.audit.chain import chain_name, keyed_mac, macs_equal, utc_iso

FORMAT = "careloop-audit-seal/1"
_PREFIX = "seal-"


class SealError(Exception):
    """The newest seal cannot be read or its MAC is wrong (treated as tampering)."""


@dataclass(frozen=True)
class ChainHead:
    practice_id: int | None
    chain_seq: int
    hash: str
    at: str

    @property
    def chain(self) -> str:
        return chain_name(self.practice_id)


@dataclass(frozen=True)
class Seal:
    sealed_at: str
    heads: dict[int | None, ChainHead]
    path: Path | None = None


def head_mac(key: str, sealed_at: str, head: ChainHead) -> str:
    return keyed_mac(
        key, [FORMAT, "head", sealed_at, head.chain, head.chain_seq, head.hash, head.at]
    )


def _seal_mac(key: str, sealed_at: str, heads: list[dict[str, object]]) -> str:
    return keyed_mac(key, [FORMAT, "seal", sealed_at, heads])


def seal_write(*, directory: Path, key: str, sealed_at: datetime, heads: list[ChainHead]) -> Path:
    """Write one seal file atomically (a reader never sees half a seal) and return its path."""
    stamp = utc_iso(sealed_at)
    entries: list[dict[str, object]] = [
        {
            "chain": head.chain,
            "practice_id": head.practice_id,
            "chain_seq": head.chain_seq,
            "hash": head.hash,
            "at": head.at,
            "mac": head_mac(key, stamp, head),
        }
        for head in heads
    ]
    document = {
        "format": FORMAT,
        "sealed_at": stamp,
        "chains": entries,
        "mac": _seal_mac(key, stamp, entries),
    }
    directory.mkdir(parents=True, exist_ok=True)
    # The name sorts by time, so the newest seal is the last name.
    name = _PREFIX + stamp.replace(":", "").replace("+0000", "Z") + ".json"
    path = directory / name
    tmp = directory / f".{name}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def seal_latest(*, directory: Path, key: str) -> Seal | None:
    """The newest seal in `directory` (None when there is none yet).

    Raises SealError if it is unreadable or its MACs do not match: a forged or edited
    seal must not quietly lower the bar verify checks against."""
    if not directory.is_dir():
        return None
    names = sorted(p.name for p in directory.glob(f"{_PREFIX}*.json"))
    if not names:
        return None
    path = directory / names[-1]
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            raise SealError(f"seal {path.name}: unknown format {document.get('format')!r}")
        sealed_at = str(document["sealed_at"])
        entries = list(document["chains"])
        mac = str(document["mac"])
        heads = {}
        for entry in entries:
            head = ChainHead(
                practice_id=entry["practice_id"],
                chain_seq=int(entry["chain_seq"]),
                hash=str(entry["hash"]),
                at=str(entry["at"]),
            )
            if not macs_equal(str(entry["mac"]), head_mac(key, sealed_at, head)):
                raise SealError(f"seal {path.name}: the MAC of chain {head.chain} is wrong")
            heads[head.practice_id] = head
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SealError(f"seal {path.name}: cannot be read ({exc})") from None
    if not macs_equal(mac, _seal_mac(key, sealed_at, entries)):
        raise SealError(f"seal {path.name}: its MAC is wrong (edited, or another AUDIT_KEY)")
    return Seal(sealed_at=sealed_at, heads=heads, path=path)
