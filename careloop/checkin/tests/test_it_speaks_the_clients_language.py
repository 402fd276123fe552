"""The page, its answers' screens and the messages speak the client's language (English or
Spanish); the practitioner's pages stay in English. The committed .mo matches its .po."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from careloop.checkin import messages
from careloop.checkin.models import CheckinLink
from careloop.checkin.testing import SCENARIOS, answers

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.django_db
def test_a_spanish_speaking_client_reads_spanish(client, alice_client, link_and_token):
    link, token = link_and_token
    link.client.language = "es"
    link.client.save()
    page = client.get(reverse("checkin_page", args=[token])).content.decode()
    assert '<html lang="es">' in page
    assert "Hola, Rosa" in page
    assert "¿Tiene dolor o presión en el pecho ahora mismo?" in page
    assert "Rodilla derecha" in page
    outcome = client.post(reverse("checkin_page", args=[token]), answers(**SCENARIOS["emergency"]))
    assert "Llame al 911 ahora" in outcome.content.decode()
    # ... while the practitioner's pages stay in English.
    dashboard = alice_client.get(reverse("dashboard")).content.decode()
    assert "Needs attention now" in dashboard


@pytest.mark.django_db
def test_an_english_speaking_client_reads_english(client, link_and_token):
    _, token = link_and_token
    page = client.get(reverse("checkin_page", args=[token])).content.decode()
    assert '<html lang="en">' in page
    assert "Do you have chest pain or pressure right now?" in page


@pytest.mark.django_db
def test_the_spanish_email_and_text_are_spanish(personas, link_and_token):
    link, token = link_and_token
    link.client.language = "es"
    link.client.save()
    link = CheckinLink.objects.select_related("client", "practice").get(pk=link.pk)
    mail = messages.client_email(link, token, emergency_number="112")
    assert mail.subject == "Alice's Medical Exercise: ¿cómo se encuentra?"
    assert "Hola, Rosa:" in mail.body and "llame al 112" in mail.body
    assert token in mail.body
    text = messages.client_text(link, token, emergency_number="112")
    assert "díganoslo aquí" in text and token in text


def _msgfmt() -> str | None:
    found = shutil.which("msgfmt")
    if found is None and os.environ.get("CARELOOP_REQUIRE_BROWSER") == "1":
        pytest.fail("msgfmt (gettext) is required in CI")
    return found


@pytest.mark.parametrize("po", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=str)
def test_the_committed_mo_matches_its_po(po, tmp_path):
    msgfmt = _msgfmt()
    if msgfmt is None:
        pytest.skip("msgfmt (apt-get install gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(po)], check=True)
    with fresh.open("rb") as a, po.with_suffix(".mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"{po.with_suffix('.mo')} is stale: run msgfmt -o django.mo django.po there"
        )


def test_every_spanish_string_is_translated():
    text = (LOCALE / "es/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated
    assert "#, fuzzy" not in text
