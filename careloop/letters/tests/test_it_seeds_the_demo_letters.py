"""`careloop demo` gives the demo episodes their letters and log entries, once."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from careloop.demo import demo_seed
from careloop.letters.models import Communication, Delivery, Letter
from careloop.letters.render import render_pdf
from careloop.letters.services import letter_content


@pytest.mark.django_db
def test_it_seeds_the_letters_once_and_sends_nothing():
    demo_seed()
    sbar = Letter.objects.select_related("client").get(kind="sbar")
    assert sbar.client.full_name == "Margaret Ellis" and sbar.status == "sent"
    delivery = Delivery.objects.get(letter=sbar)
    assert delivery.channel == "email" and delivery.status == "sent"
    assert mail.outbox == []  # recorded only: no transport in the demo
    followup = Letter.objects.select_related("client").get(kind="followup")
    assert followup.client.full_name == "David Okonkwo" and followup.status == "draft"
    kinds = set(Communication.objects.values_list("kind", flat=True))
    assert kinds == {"call_made", "message", "letter_sent"}
    counts = (Letter.objects.count(), Communication.objects.count(), Delivery.objects.count())
    demo_seed()
    after = (Letter.objects.count(), Communication.objects.count(), Delivery.objects.count())
    assert after == counts
    # The SBAR reads back with the items a clinician needs.
    pdf = render_pdf(letter_content(sbar))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for expected in ("Margaret Ellis", "Client reports", "This report follows our telephone call"):
        assert expected in text, expected
