"""Every red flag of the rules is asked as its own plain yes/no question: the list is keyed
by the engine's codes, so a red flag added to the rules without a question fails here."""

from __future__ import annotations

import re

from careloop.checkin.forms import CheckinForm, red_flag_field
from careloop.checkin.questions import FEELS_LIKE, RED_FLAG_QUESTIONS, REGION_NAMES
from careloop.triage import CHARACTERS, RED_FLAGS, REGIONS
from careloop.triage.rules import RULES


def test_every_red_flag_code_has_a_question():
    assert set(RED_FLAG_QUESTIONS) == set(RED_FLAGS)


def test_every_red_flag_a_rule_reads_is_asked():
    # A rule on red flags says so first: "red flag `a` or `b`; or ...".
    named = {
        code
        for rule in RULES
        if rule.when.startswith("red flag")
        for code in re.findall(r"`([a-z_]+)`", rule.when.split(";")[0])
    }
    assert named == set(RED_FLAGS), "each red flag is read by a rule, and nothing else is"
    assert named <= set(RED_FLAG_QUESTIONS)


def test_each_red_flag_is_a_yes_no_question_on_the_form():
    form = CheckinForm()
    for code in RED_FLAGS:
        field = form.fields[red_flag_field(code)]
        assert [value for value, _ in field.choices] == ["yes", "no"]
        assert field.required
        assert str(field.label).endswith("?")


def test_every_region_and_feeling_has_plain_words():
    assert set(REGION_NAMES) == set(REGIONS)
    assert set(FEELS_LIKE) == set(CHARACTERS)
