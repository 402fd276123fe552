"""At phone and desktop width: start a program from a template, find an exercise by typing
in the list's filter, move rows with Up and Down, save; then save it as a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from careloop.testing.axe import serious_violations
from careloop.testing.browser import DESKTOP, PHONE, scrolls_sideways
from careloop.training.models import Program, ProgramTemplate
from careloop.training.selectors import program_items
from careloop.training.testing import make_client

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_start_from_a_template_filter_reorder_and_save(personas, page_factory, viewport, label):
    client = make_client(personas.practice, "Margaret", "Ellis")
    page = page_factory(personas.alice, viewport)
    page.goto(f"/clients/{client.pk}/program/edit/")
    page.get_by_label("Start from a template").select_option(
        label="Low back, early (movement and control)"
    )
    page.get_by_role("button", name="Use this template").click()
    page.wait_for_url(re.compile(r"template=\d+"))
    expect(page.get_by_text("Exercises from the template")).to_be_visible()
    rows = page.locator("#item-rows > li.ex-row")
    expect(rows).to_have_count(7)

    # The last row (Treadmill walk) moves up twice; focus stays on its Up button.
    last_up = rows.nth(6).get_by_role("button", name="Move Treadmill walk up")
    last_up.click()
    up = page.get_by_role("button", name="Move Treadmill walk up")
    up.click()
    expect(up).to_be_focused()
    expect(page.locator("#reorder-status")).to_have_text("Treadmill walk moved to position 5 of 7.")
    expect(rows.nth(4).locator("select[data-filterable]")).to_have_value(re.compile(r"\d+"))

    # A new row: the filter box narrows the 68-exercise list as one types.
    page.get_by_role("button", name="+ Add exercise").click()
    expect(rows).to_have_count(8)
    new_row = rows.nth(7)
    box = new_row.get_by_role("searchbox", name="Filter the exercise list")
    box.fill("leg pr")
    select = new_row.locator("select[data-filterable]")
    expect(select.locator("option:not([value=''])")).to_have_count(1)
    select.select_option(label="Leg press")
    new_row.get_by_label("Sets").fill("3")
    new_row.get_by_label("Reps").fill("10")
    page.get_by_role("button", name="Move Leg press up").click()
    assert not scrolls_sideways(page)
    assert not serious_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"daily-program-edit-{label}.png"), full_page=True)
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(re.compile(r"/program/$"))
    names = [i.exercise.name for i in program_items(Program.objects.get(client=client))]
    assert names == [
        "Pelvic tilt",
        "Cat-camel",
        "Knee-to-chest stretch",
        "Abdominal bracing",
        "Treadmill walk",
        "Bird dog",
        "Leg press",
        "Glute bridge",
    ]
    expect(page.get_by_text("15 min")).to_be_visible()  # the walk, in minutes

    page.get_by_text("Save as a template").first.click()
    page.get_by_label("Template name").fill("Low back with leg press")
    page.get_by_role("button", name="Save as a template").click()
    expect(page.get_by_text("Saved as the template Low back with leg press")).to_be_visible()
    assert ProgramTemplate.objects.filter(name="Low back with leg press").exists()
    page.screenshot(path=str(ARTIFACTS / f"daily-program-detail-{label}.png"), full_page=True)
