"""Issue 11, "one unit everywhere": a duration reads the same on the program, on the session
page and in the letters (PDF and DOCX): minutes, with seconds as m:ss ("0:45 min", "10 min"),
never "45 s" in a letter and "0.75 min" on a page."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from careloop.core.durations import describe_duration
from careloop.letters import compose, render_docx, render_pdf
from careloop.letters.testing import knee_client, page_texts
from careloop.record.build import progress_document
from careloop.training.models import Exercise, Program
from careloop.training.selectors import program_items
from careloop.training.services import PerformedSpec, SetSpec, program_update, session_log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(45, "0:45 min"), (90, "1:30 min"), (600, "10 min"), (60, "1 min"), (3605, "60:05 min")],
)
def test_one_form_for_every_duration(seconds, text):
    assert describe_duration(seconds) == text
    assert describe_duration(None) == ""


def _held_45_seconds(personas):
    client = knee_client(personas)
    program = Program.objects.get(client=client)
    items = program_items(program)
    wall_sit = Exercise.objects.get(practice=personas.practice, name="Wall sit")
    rows = [
        {"exercise": i.exercise, "sets": i.sets, "reps": i.reps, "load": i.load}
        for i in items
        if i.exercise != wall_sit
    ]
    rows.append({"exercise": wall_sit, "sets": 3, "duration_seconds": 45})
    program_update(
        program=program,
        actor=personas.alice,
        items=rows,
        reason="Hold instead of reps",
        based_on_version=program.version,
    )
    session = session_log(
        client=client,
        actor=personas.alice,
        practitioner=personas.alice,
        started_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=45,
        pain_before=2,
        pain_after=2,
        exercises=[PerformedSpec(exercise=wall_sit, sets=[SetSpec()] * 3, duration_seconds=45)],
    )
    return client, session


def test_the_program_the_session_page_and_the_letters_read_0_45_min(personas, alice_client):
    client, session = _held_45_seconds(personas)
    program_page = alice_client.get(reverse("program_detail", kwargs={"client_id": client.pk}))
    assert "0:45 min" in program_page.content.decode()
    session_page = alice_client.get(
        reverse("session_detail", kwargs={"client_id": client.pk, "session_id": session.pk})
    )
    assert "0:45 min" in session_page.content.decode()

    letter = compose(progress_document(client, author=personas.alice), "progress")
    pdf = " ".join(page_texts(render_pdf(letter)))
    word = docx.Document(io.BytesIO(render_docx(letter)))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    body = " ".join((" ".join(p.text for p in word.paragraphs) + " " + cells).split())
    for text in (pdf, body):
        assert "0:45 min" in text
        assert "45 s" not in text and "0.75 min" not in text
