"""Salutations: "Mr Ó Sé" stays "Mr Ó Sé" and "Dr Te Rangi-Moreau" keeps "Te". A greeting is
suggested from the name once (a data migration for existing sources), shown on the
source's page and the draft until the practitioner confirms it, and used as confirmed."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from careloop.clients.models import ReferralSource
from careloop.clients.salutation import suggest_salutation
from careloop.letters import compose
from careloop.letters.models import Letter
from careloop.letters.testing import decided_report, knee_client, sessions


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Mr Ó Sé", "Mr Ó Sé"),
        ("Dr Te Rangi-Moreau", "Dr Te Rangi-Moreau"),
        ("Dr Anjali Patel", "Dr Patel"),
        ("Dr Maria de la Cruz", "Dr de la Cruz"),
        ("Prof. Jan van der Berg", "Prof van der Berg"),
        ("Jordan Lee", "Jordan Lee"),
    ],
)
def test_the_suggestion_keeps_a_surname_whole(name, greeting) -> None:
    assert suggest_salutation(name) == greeting


def test_letters_use_the_confirmed_salutation(knee_hold) -> None:
    before = compose(knee_hold, "sbar").salutation
    assert before == "Dear Dr Patel,"
    recipient = knee_hold.recipient.model_copy(
        update={"name": "Dr Aroha Te Rangi-Moreau", "salutation": "Dr Te Rangi-Moreau"}
    )
    letter = compose(knee_hold.model_copy(update={"recipient": recipient}), "followup")
    assert letter.salutation == "Dear Dr Te Rangi-Moreau,"
    # A document without a salutation (exported before) gets the suggestion.
    bare = knee_hold.recipient.model_copy(update={"name": "Mr Ó Sé", "salutation": ""})
    assert compose(knee_hold.model_copy(update={"recipient": bare}), "sbar").salutation == (
        "Dear Mr Ó Sé,"
    )


@pytest.mark.django_db
def test_the_data_migration_derives_each_greeting_once(personas) -> None:
    migration = importlib.import_module(
        "careloop.clients.migrations.0003_referral_source_salutation"
    )
    source = ReferralSource.objects.create(practice=personas.practice, name="Mr Ó Sé")
    ReferralSource.objects.filter(pk=source.pk).update(salutation="")  # as before the field
    migration.derive_salutations(apps, None)
    source.refresh_from_db()
    assert (source.salutation, source.salutation_confirmed) == ("Mr Ó Sé", False)


@pytest.mark.django_db
def test_the_practitioner_confirms_it_and_the_letter_uses_it(personas, alice_client) -> None:
    client = knee_client(personas)
    sessions(client, personas.alice, 2, last_ended=timezone.now() - dt.timedelta(hours=20))
    report = decided_report(client, personas.alice, action="hold_and_contact")
    source = client.referrals.get().source
    source.name = "Dr Aroha Te Rangi-Moreau"
    source.salutation = ""
    source.save()
    assert (source.salutation, source.salutation_confirmed) == ("Dr Te Rangi-Moreau", False)
    page = alice_client.get(reverse("referral_source_detail", args=[source.pk])).content.decode()
    assert "suggested: please confirm" in page
    alice_client.post(
        reverse("letter_draft_for_episode", args=[report.episode_id]), {"kind": "sbar"}
    )
    draft = alice_client.get(reverse("letter_detail", args=[Letter.objects.latest("pk").pk]))
    assert "Check the greeting." in draft.content.decode()
    form = alice_client.get(reverse("referral_source_edit", args=[source.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(salutation="Dr Te Rangi-Moreau", salutation_confirmed="on")
    response = alice_client.post(reverse("referral_source_edit", args=[source.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    source.refresh_from_db()
    assert (source.salutation, source.salutation_confirmed) == ("Dr Te Rangi-Moreau", True)
    page = alice_client.get(reverse("referral_source_detail", args=[source.pk])).content.decode()
    assert "Dear Dr Te Rangi-Moreau," in page and "please confirm" not in page
    alice_client.post(
        reverse("letter_draft_for_episode", args=[report.episode_id]), {"kind": "sbar"}
    )
    letter = Letter.objects.latest("pk")
    assert letter.document["recipient"]["salutation"] == "Dr Te Rangi-Moreau"
    assert letter.content["salutation"] == "Dear Dr Te Rangi-Moreau,"
    again = alice_client.get(reverse("letter_detail", args=[letter.pk])).content.decode()
    assert "Check the greeting." not in again


@pytest.mark.django_db
def test_a_greeting_typed_on_the_form_is_confirmed(personas, alice_client) -> None:
    response = alice_client.post(
        reverse("referral_source_create"),
        {
            "name": "Mr Seán Ó Sé",
            "kind": "physician",
            "preferred_channel": "phone",
            "phone": "+353 1 555 0100",
            "salutation": "Mr Ó Sé",
        },
    )
    assert response.status_code == 302
    source = ReferralSource.objects.get(name="Mr Seán Ó Sé")
    # Typed, but the same as the suggestion: still to be confirmed with the tick box.
    assert (source.salutation, source.salutation_confirmed) == ("Mr Ó Sé", False)
    response = alice_client.post(
        reverse("referral_source_create"),
        {
            "name": "Dr Kiri Wiremu",
            "kind": "physician",
            "preferred_channel": "phone",
            "phone": "+64 9 555 0101",
            "salutation": "Dr Kiri Wiremu",
        },
    )
    source = ReferralSource.objects.get(name="Dr Kiri Wiremu")
    assert (source.salutation, source.salutation_confirmed) == ("Dr Kiri Wiremu", True)
