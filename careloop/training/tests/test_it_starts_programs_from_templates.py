"""Issue 11: programs start from a template (standard ones seeded, or one the practice
saved from a program), and rows move with Up and Down, also without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.audit.models import AuditEvent
from careloop.testing.forms import as_post
from careloop.training.models import Program, ProgramTemplate, ProgramVersion
from careloop.training.program_templates import STANDARD_TEMPLATES, program_templates_ensure
from careloop.training.selectors import program_items
from careloop.training.testing import make_client, make_program

pytestmark = pytest.mark.django_db


def _edit(http, client, **params):
    response = http.get(reverse("program_edit", kwargs={"client_id": client.pk}), params)
    assert response.status_code == 200
    return response


def _names(formset):
    return [f.exercise_name for f in formset.forms]


def test_the_standard_templates_are_seeded_with_library_exercises(personas, library):
    program_templates_ensure(practice=personas.practice)
    program_templates_ensure(practice=personas.practice)  # once only
    templates = ProgramTemplate.objects.filter(practice=personas.practice, is_standard=True)
    assert templates.count() == len(STANDARD_TEMPLATES)
    for name, _, rows in STANDARD_TEMPLATES:
        # Every exercise a standard template names is in the standard library.
        assert len(templates.get(name=name).items) == len(rows), name


def test_a_new_program_starts_from_a_template_and_saves_as_a_version(
    personas, alice_client, client_record, library
):
    program_templates_ensure(practice=personas.practice)
    knee = ProgramTemplate.objects.get(
        practice=personas.practice, name__startswith="Knee replacement"
    )
    response = _edit(alice_client, client_record, template=knee.pk)
    formset = response.context["formset"]
    assert _names(formset)[:3] == ["Ankle pumps", "Quadriceps setting", "Heel slide"]
    assert "Exercises from the template" in response.content.decode()
    data = as_post(response.context["form"], formset)
    assert "template" in data["reason"]
    response = alice_client.post(
        reverse("program_edit", kwargs={"client_id": client_record.pk}), data
    )
    assert response.status_code == 302, response.context["formset"].errors
    items = program_items(Program.objects.get(client=client_record))
    assert [i.exercise.name for i in items][:2] == ["Ankle pumps", "Quadriceps setting"]
    bike = next(i for i in items if i.exercise.name == "Stationary bike")
    assert bike.duration_seconds == 600


def test_another_practices_template_is_a_404(personas, alice_client, client_record):
    program_templates_ensure(practice=personas.other_practice)
    theirs = ProgramTemplate.objects.filter(practice=personas.other_practice).first()
    url = reverse("program_edit", kwargs={"client_id": client_record.pk})
    assert alice_client.get(url, {"template": theirs.pk}).status_code == 404
    assert alice_client.get(url, {"template": "nope"}).status_code == 404


def test_a_program_is_saved_as_a_template_without_loads_and_offered_to_others(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice, loads=(20, 40))
    url = reverse("program_save_as_template", kwargs={"client_id": client_record.pk})
    response = alice_client.post(url, {"name": "  Knee,  phase 3 "})
    assert response.status_code == 302
    template = ProgramTemplate.objects.get(practice=personas.practice, name="Knee, phase 3")
    assert [i["sets"] for i in template.items] == [3, 3]
    assert all("load" not in i and "side" not in i for i in template.items)
    assert AuditEvent.objects.filter(
        action="create", object_type="training.programtemplate", object_id=str(template.pk)
    ).exists()
    other = make_client(personas.practice, first="Nia", last="Okafor")
    page = _edit(alice_client, other).content.decode()
    assert "Knee, phase 3 (saved by the practice)" in page
    names = _names(_edit(alice_client, other, template=template.pk).context["formset"])
    assert names == ["Leg press", "Step-up"]


def test_a_template_name_is_required_and_unique_with_the_error_next_to_it(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice)
    url = reverse("program_save_as_template", kwargs={"client_id": client_record.pk})
    alice_client.post(url, {"name": "Knee, phase 3"})
    for name, message in [
        ("", "Give the template a name"),
        ("knee, phase 3", "already has a template with this name"),
    ]:
        response = alice_client.post(url, {"name": name})
        assert response.status_code == 200
        assert message in response.context["template_form"].errors["name"][0]
    assert ProgramTemplate.objects.filter(is_standard=False).count() == 1


def test_up_and_down_without_javascript_reorder_the_rows_and_save_nothing(
    personas, alice_client, client_record
):
    make_program(client_record, personas.alice, loads=(20, 40, 0))
    response = _edit(alice_client, client_record)
    data = as_post(response.context["form"], response.context["formset"])
    data["reason"] = "Wall sit first"
    data["items-2-sets"] = "4"  # an unsaved edit survives the move
    url = reverse("program_edit", kwargs={"client_id": client_record.pk})
    moved = alice_client.post(url, {**data, "move": "items-2:up"})
    assert moved.status_code == 200
    assert _names(moved.context["formset"]) == ["Leg press", "Wall sit", "Step-up"]
    assert moved.context["moved_key"] == "items-1"
    assert ProgramVersion.objects.filter(program__client=client_record).count() == 1
    again = as_post(moved.context["form"], moved.context["formset"])
    moved = alice_client.post(url, {**again, "move": "items-1:up"})
    assert _names(moved.context["formset"]) == ["Wall sit", "Leg press", "Step-up"]
    final = as_post(moved.context["form"], moved.context["formset"])
    assert final["reason"] == "Wall sit first"
    assert alice_client.post(url, final).status_code == 302
    items = program_items(Program.objects.get(client=client_record))
    assert [(i.exercise.name, i.sets) for i in items] == [
        ("Wall sit", 4),
        ("Leg press", 3),
        ("Step-up", 3),
    ]


def test_position_numbers_are_no_longer_typed(personas, alice_client, client_record):
    make_program(client_record, personas.alice)
    page = _edit(alice_client, client_record).content.decode()
    assert 'type="hidden" name="items-0-ORDER"' in page
    assert "Position" not in page
    assert 'name="move" value="items-0:down"' in page
