"""Makers for tests: this app's entry for careloop/testing/objects.py (URL kwarg -> maker of
alice's object); stored records for the letters' database tests (a knee client with
sessions, a decided pain report, a consent, a referral source with e-mail and fax); and
reading rendered letters back (PDF text per page, pages as PNG images via pdftoppm)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from careloop.clients.models import Consent, ReferralSource
from careloop.episodes.inputs import PainReportInput
from careloop.episodes.selectors import program_items_for
from careloop.episodes.services import decision_record, pain_report_create
from careloop.episodes.testing import held_report, knee_call, make_client
from careloop.letters.services import letter_draft, letter_finalise
from careloop.testing.personas import ObjectMaker, Personas
from careloop.training.models import Exercise, Program
from careloop.training.services import PerformedSpec, SetSpec, session_log
from careloop.training.testing import make_program


def _letter(p: Personas) -> object:
    """A final SBAR report about one of alice's episodes on hold."""
    report = held_report(p)
    letter = letter_draft(kind="sbar", author=p.alice, episode=report.episode)
    return letter_finalise(letter=letter, actor=p.alice).pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"letter_id": _letter}


def knee_client(personas: Any, *, first_name: str = "Margaret", consent: bool = True) -> Any:
    """A client after a right knee replacement, with a program and a referral source."""
    client = make_client(
        personas.practice,
        first_name=first_name,
        last_name="Ellis",
        surgery_region="knee_right",
        surgery_date=timezone.localdate() - dt.timedelta(weeks=10),
        source_name="Dr Anjali Patel",
        program=False,
    )
    ReferralSource.objects.filter(practice=personas.practice, name="Dr Anjali Patel").update(
        email="patel@hospital.test", fax="+44 20 7946 0101", organisation="Riverside General"
    )
    referral = client.referrals.get()
    referral.precautions = "No kneeling on the operated knee\nNo running or jumping"
    referral.save()
    make_program(client, personas.alice, loads=(20, 40, 10))
    if consent:
        Consent.objects.create(
            practice=personas.practice,
            client=client,
            given_on=timezone.localdate() - dt.timedelta(days=30),
            scope="Session and pain information with the referring clinician",
            recorded_by=personas.alice,
        )
    return client


def sessions(client: Any, practitioner: Any, count: int, *, last_ended: dt.datetime) -> list[Any]:
    """``count`` sessions three days apart, the last one ending at ``last_ended``."""
    program = Program.objects.get(client=client)
    version = program.versions.get(number=program.version)
    exercises = {e.name: e for e in Exercise.objects.filter(practice_id=client.practice_id)}
    made = []
    for i in range(count):
        ended = last_ended - dt.timedelta(days=3 * (count - 1 - i))
        load = Decimal(30 + i)
        made.append(
            session_log(
                client=client,
                actor=practitioner,
                practitioner=practitioner,
                started_at=ended - dt.timedelta(minutes=60),
                duration_minutes=60,
                pain_before=2,
                pain_during_max=3,
                pain_after=3,
                rpe=5,
                exercises=[
                    PerformedSpec(
                        exercise=exercises["Leg press"],
                        sets=[SetSpec(reps=10, load=load)] * 3,
                        pain_during=3,
                    ),
                    PerformedSpec(
                        exercise=exercises["Step-up"], sets=[SetSpec(reps=10)] * 3, pain_during=2
                    ),
                ],
                program_version=version,
            )
        )
    return made


def decided_report(
    client: Any, user: Any, *, action: str = "hold_and_contact", **fields: Any
) -> Any:
    """A pain report 20 h after the last session, decided as ``action``."""
    overrides: dict[str, Any] = {"swelling": "mild"} if action == "hold_and_contact" else {}
    if action == "modify":
        overrides = {"pain_now": 4, "character": ["dull_ache"], "trend": "improving"}
    report = pain_report_create(
        client=client, recorded_by=user, report=PainReportInput(**knee_call(**overrides, **fields))
    )
    record = report.triage_record
    extra: dict[str, Any] = {}
    if action != record.action:
        extra["reason"] = "Test decision."
    if action == "modify":
        extra["modification_items"] = [
            replace(i, load=(i.load * Decimal("0.8")).quantize(Decimal("0.5"))) if i.load else i
            for i in program_items_for(client)
        ]
        extra["modification_reason"] = "Pain up 2 points the morning after."
    decision_record(triage_record=record, decided_by=user, chosen_action=action, **extra)
    report.refresh_from_db()
    return report


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def font_names(pdf: bytes) -> set[str]:
    """The base names of every font the PDF embeds, e.g. "TSPJMR+Noto-Sans-CJK-SC"."""
    reader = PdfReader(io.BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def png_pages(pdf: bytes, name: str, *, dpi: int = 60) -> list[Path]:
    """Each page as a PNG in test-artifacts/ (to look at), via poppler's pdftoppm."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to turn PDFs into images")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(ARTIFACTS / name)], check=True
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def _pixels(png: Path) -> list[tuple[int, int, int]]:
    data = Image.open(png).convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def watermark_pixels(png: Path) -> int:
    """Pixels of the DRAFT watermark's pale red tint on white paper."""
    return sum(1 for r, g, b in _pixels(png) if r > 230 and 15 <= r - g <= 45 and abs(g - b) <= 12)


def yellow_pixels(png: Path) -> int:
    """Pixels of the yellow of a colour emoji face (no letter ink is yellow)."""
    return sum(1 for r, g, b in _pixels(png) if r > 200 and g > 150 and b < 90)
