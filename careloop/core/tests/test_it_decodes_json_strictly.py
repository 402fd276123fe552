"""careloop.core.jsoninput: the limits at their edges (the CLI tests run the attacks)."""

from __future__ import annotations

import io

import pytest

from careloop.core.jsoninput import (
    MAX_BYTES,
    MAX_DEPTH,
    JsonInputError,
    loads,
    problem_lines,
    read_bounded,
)


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(JsonInputError) as caught:
        loads(text)
    return caught.value.problems


def test_it_allows_the_deepest_nesting_and_refuses_one_more():
    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads(deepest) is not None
    assert problems("[" + deepest + "]") == [
        ("input", "nests arrays and objects more than 64 levels deep")
    ]


def test_brackets_inside_strings_are_text():
    assert loads('{"note": "' + "[" * 1000 + '"}') == {"note": "[" * 1000}


def test_it_allows_20_digit_integers_and_refuses_21():
    assert loads('{"n": -' + "9" * 20 + "}") == {"n": -int("9" * 20)}
    assert problems('{"a": [0, ' + "1" * 21 + "]}") == [
        ("a.1", "is a number of 21 digits (at most 20)")
    ]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_it_refuses_numbers_json_does_not_have(number):
    assert problems('{"x": ' + number + "}") == [("x", f"is not a finite number ({number})")]


def test_it_returns_plain_dicts():
    value = loads('{"a": {"b": 1}}')
    assert type(value) is dict and type(value["a"]) is dict


def test_it_reads_one_byte_past_the_limit_from_a_stream():
    stream = io.BytesIO(b" " * (MAX_BYTES + 10))
    with pytest.raises(JsonInputError):
        read_bounded("-", stream)
    assert stream.tell() == MAX_BYTES + 1
    assert read_bounded("-", io.BytesIO(b"[]")) == b"[]"


def test_it_names_invalid_utf8_and_malformed_json():
    with pytest.raises(JsonInputError) as caught:
        loads(b'{"a": "\xff"}')
    assert caught.value.problems == [("input", "is not UTF-8 text")]
    assert problems('{"a": ')[0][1].startswith("malformed JSON at line 1 column 7")


def test_problem_lines_stop_at_20():
    many = [(f"f{i}", "is wrong") for i in range(25)]
    assert problem_lines(many)[-2:] == ["f19: is wrong", "... and 5 more"]
    assert len(problem_lines(many[:20])) == 20
